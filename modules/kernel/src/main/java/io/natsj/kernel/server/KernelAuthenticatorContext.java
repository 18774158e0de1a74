package io.natsj.kernel.server;

import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.spi.ServerIdentity;
import io.natsj.spi.auth.AuthenticatorContext;
import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's {@link AuthenticatorContext}: accounts and internal connections in the system
 * account (the same ones services get), the server's signature, and the admitted clients of
 * an account, found by walking the
 * server's clients, which is rare (an account update) and not on any message path.
 */
final class KernelAuthenticatorContext implements AuthenticatorContext {

    private final Server server;
    private final Account system;

    /**
     * @param server the server
     * @param system the system account, or null when there is none
     */
    KernelAuthenticatorContext(Server server, Account system) {
        this.server = server;
        this.system = system;
    }

    @Override
    public ServerIdentity server() {
        return server;
    }

    @Override
    public Optional<ServiceAccount> account(String name) {
        Account account = server.account(name);
        return Optional.ofNullable(account).map(a -> Services.serviceAccount(a, a == system));
    }

    @Override
    public byte[] signAsServer(byte[] data) {
        return server.signAsServer(data);
    }

    @Override
    public boolean operatorMode() {
        return server.operatorMode();
    }

    @Override
    public Optional<io.natsj.spi.auth.AccountCallout> accountCallout(String account) {
        return server.authentication().accountCallout(account);
    }

    @Override
    public io.natsj.spi.auth.AuthResult admitIssuedUser(String userJwt, String account,
                                                        io.natsj.spi.auth.AuthRequest request) {
        return server.authentication().admitIssuedUser(userJwt, account, request);
    }

    @Override
    public void accountChanged(String account) {
        server.resolvedAccounts().changed(account);
    }

    @Override
    public Optional<InternalConnection> systemConnection(String name) {
        return system == null ? Optional.empty() : Optional.of(Services.internalConnection(system, name));
    }

    @Override
    public List<LiveClient> clients(String account) {
        return server.clients().stream()
                .filter(c -> c.isAdmitted() && !c.isClosing() && c.account() != null
                        && c.account().name().equals(account))
                .sorted(Comparator.comparingLong(ClientConnection::id))
                .map(c -> (LiveClient) new Client(c))
                .toList();
    }

    private record Client(ClientConnection connection) implements LiveClient {

        @Override
        public Optional<String> jwt() {
            String jwt = connection.options() == null ? null : connection.options().jwt;
            return jwt == null || jwt.isBlank() ? Optional.empty() : Optional.of(jwt);
        }

        @Override
        public void closeWithError(String error, String reason) {
            connection.closeWithError(error, reason);
        }

        @Override
        public void applyLimits(io.natsj.spi.auth.AuthResult.Limits limits) {
            connection.applyLimits(limits);
        }
    }
}
