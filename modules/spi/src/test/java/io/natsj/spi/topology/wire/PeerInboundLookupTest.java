package io.natsj.spi.topology.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natsj.spi.topology.AccountRef;
import io.natsj.spi.topology.LocalServer;
import io.natsj.spi.topology.PeerSession;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A peer's interest in an account the server is still looking up
 * ({@link LocalServer#resolveAccountLater}) waits, bounded, and reaches the session when the
 * account arrives: RS- cancels, a later queue weight replaces, a failed lookup drops it.
 */
class PeerInboundLookupTest {

    private final Map<String, AccountRef> accounts = new HashMap<>();
    private final Map<String, CompletableFuture<AccountRef>> lookups = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final List<String> session = new ArrayList<>();
    private final PeerInbound inbound = new PeerInbound(server(), session(), "rid:1", Runnable::run);

    @Test
    void interestWaitsForTheAccountThenReachesTheSession() {
        inbound.interest("X", "foo", null, 1);
        inbound.interest("X", "bar", "q", 1);
        inbound.interest("X", "bar", "q", 3);
        inbound.interest("X", "baz", null, 1);
        inbound.noInterest("X", "baz", null);
        assertEquals(List.of(), session);
        assertEquals(List.of("X foo", "X bar q"), inbound.pendingInterest());
        assertEquals(List.of("X"), asked, "one lookup per account");

        arrive("X");
        assertEquals(List.of("interest X foo", "interest X bar q 3"), session);
        assertEquals(Map.of("X foo", 1, "X bar q", 3), inbound.remoteSubs());
        assertEquals(List.of(), inbound.pendingInterest());

        inbound.noInterest("X", "foo", null);
        assertEquals("noInterest X foo", session.getLast());
    }

    @Test
    void interestStaysHeldInOrderWhenTheAccountAppearsBeforeItsLookupEnds() {
        inbound.interest("X", "work", "q", 1);
        inbound.interest("X", "foo", null, 1);
        accounts.put("X", ref("X")); // a CONNECT brought it first
        inbound.interest("X", "work", "q", 3);
        inbound.noInterest("X", "foo", null);
        assertEquals(List.of(), session);
        lookups.get("X").complete(accounts.get("X"));
        assertEquals(List.of("interest X work q 3"), session);
        assertEquals(Map.of("X work q", 3), inbound.remoteSubs());
    }

    @Test
    void aFailedLookupDropsTheInterestAndTheNextRsPlusAsksAgain() {
        inbound.interest("X", "foo", null, 1);
        lookups.get("X").complete(null);
        assertEquals(List.of(), session);
        assertEquals(List.of(), inbound.pendingInterest());

        inbound.interest("X", "foo", null, 1);
        assertEquals(List.of("X", "X"), asked);
        lookups.get("X").completeExceptionally(new IllegalStateException("timeout"));
        assertEquals(List.of(), session);
    }

    @Test
    void anAccountThatCannotBeHadIsNotWaitedFor() {
        lookups.put("Y", CompletableFuture.completedFuture(null));
        inbound.interest("Y", "foo", null, 1);
        assertEquals(List.of(), inbound.pendingInterest());
        assertEquals(List.of(), session);
    }

    @Test
    void waitingIsBounded() {
        for (int i = 0; i < PendingInterest.MAX_ACCOUNTS + 1; i++) {
            inbound.interest("A" + i, "foo", null, 1);
        }
        assertEquals(PendingInterest.MAX_ACCOUNTS, inbound.pendingInterest().size());
        for (int i = 0; i < PendingInterest.MAX_ENTRIES + 10; i++) {
            inbound.interest("A0", "s" + i, null, 1);
        }
        assertEquals(PendingInterest.MAX_ENTRIES, inbound.pendingInterest().size());
        arrive("A0");
        assertEquals(PendingInterest.MAX_ENTRIES - PendingInterest.MAX_ACCOUNTS + 1, session.size());
        // Room again: another account is waited for.
        inbound.interest("B", "foo", null, 1);
        assertTrue(inbound.pendingInterest().contains("B foo"));
    }

    @Test
    void aClosedSessionIgnoresTheAnswer() {
        inbound.interest("X", "foo", null, 1);
        inbound.close();
        arrive("X");
        assertEquals(List.of("close"), session);
        assertEquals(Map.of(), inbound.remoteSubs());
    }

    private void arrive(String name) {
        AccountRef ref = ref(name);
        accounts.put(name, ref);
        lookups.get(name).complete(ref);
    }

    private static AccountRef ref(String name) {
        return new AccountRef() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] nameBytes() {
                return name.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private LocalServer server() {
        return (LocalServer) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LocalServer.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "account" -> accounts.get((String) args[0]);
                    case "resolveAccountLater" -> {
                        String name = (String) args[0];
                        asked.add(name);
                        CompletableFuture<AccountRef> f = lookups.get(name);
                        if (f == null || f.isDone() && f.getNow(null) == null && !name.equals("Y")) {
                            f = new CompletableFuture<>();
                            lookups.put(name, f);
                        }
                        yield f;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private PeerSession session() {
        return (PeerSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PeerSession.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "interest" -> session.add("interest " + ((AccountRef) args[0]).name() + " " + args[1]
                                + (args[2] == null ? "" : " " + args[2] + " " + args[3]));
                        case "noInterest" -> session.add("noInterest " + ((AccountRef) args[0]).name() + " " + args[1]
                                + (args[2] == null ? "" : " " + args[2]));
                        case "close" -> session.add("close");
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }
}
