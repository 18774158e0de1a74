package io.natsj.topology.gateways;

import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.PeerSession;
import io.natsj.spi.topology.wire.GatewayReply;

/**
 * Replies routed back to another cluster ({@code _GR_.<its hash>.…}, the reply subject its
 * gateway gave a request it passed on) go to that cluster in every account, whatever interest
 * it announced, as nats-server 2.9.10 sends them ({@code sendMsgToGateways}' direct send). An
 * outbound connection's session holds {@code _GR_.<hash>.>} in each account the server has
 * and in each it creates later.
 *
 * <p>Held for every account from the start, not when the other cluster first announces
 * interest in the account: a request can arrive on the inbound connection before the
 * requester's interest reaches this one, and its reply must not wait for it.
 */
final class GatewayReplyInterest implements AutoCloseable {

    private final PeerSession session;
    private final String subject;
    private final Runnable stop;

    /**
     * @param local the server, for its accounts
     * @param session the outbound connection's kernel session
     * @param remoteHash the other cluster's {@code _GR_.} hash
     */
    GatewayReplyInterest(LocalServer local, PeerSession session, String remoteHash) {
        this.session = session;
        this.subject = GatewayReply.PREFIX + remoteHash + ".>";
        // Listening first: an account created meanwhile is subscribed twice, which is one subscription.
        this.stop = local.onAccountAdded(this::subscribe);
        for (String name : local.accountNames()) {
            AccountRef ref = local.account(name);
            if (ref != null) {
                subscribe(ref);
            }
        }
    }

    private void subscribe(AccountRef account) {
        session.interest(account, subject, null, 1);
    }

    /** Stops following new accounts; the session's subscriptions go with the session. */
    @Override
    public void close() {
        stop.run();
    }
}
