package io.natsj.kernel.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.natsj.kernel.client.FlushSet;
import io.natsj.kernel.client.InboundMessage;
import io.natsj.kernel.client.RemotePeer;
import io.natsj.kernel.client.Subscriber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interest watches of the subject index: first and last local subscriber, by any subject form. */
class InterestWatchesTest {

    private final SubjectIndex index = new SubjectIndex();
    private final List<Boolean> heard = new ArrayList<>();
    private final Subscriber local = subscriber(null);
    private final Subscriber watcher = subscriber(null);

    private static Subscriber subscriber(RemotePeer peer) {
        return new Subscriber() {
            @Override
            public boolean deliver(Subscription sub, InboundMessage message, FlushSet flushes) {
                return true;
            }

            @Override
            public void autoUnsubscribe(Subscription sub) {
            }

            @Override
            public RemotePeer remote() {
                return peer;
            }
        };
    }

    private Subscription add(Subscriber owner, String subject, String queue) {
        Subscription s = new Subscription(owner, subject, queue, "1");
        index.insert(s);
        return s;
    }

    @Test
    void toldTheStateAtOnceThenFirstAndLastSubscriber() {
        Subscription before = add(local, "d.inbox", null);
        index.watch("d.inbox", watcher, heard::add);
        assertEquals(List.of(true), heard);
        Subscription second = add(local, "d.inbox", null);
        index.remove(before);
        assertEquals(List.of(true), heard, "still one subscriber");
        index.remove(second);
        assertEquals(List.of(true, false), heard);
        add(local, "d.inbox", null);
        assertEquals(List.of(true, false, true), heard);
    }

    @Test
    void wildcardsAndQueueGroupsCountOtherSubjectsDoNot() {
        index.watch("d.inbox", watcher, heard::add);
        Subscription other = add(local, "d.other", null);
        Subscription longer = add(local, "d.inbox.x", null);
        assertEquals(List.of(false), heard);
        Subscription star = add(local, "d.*", null);
        assertEquals(List.of(false, true), heard);
        Subscription full = add(local, ">", null);
        index.remove(star);
        assertEquals(List.of(false, true), heard, "'>' still reaches it");
        index.remove(full);
        assertEquals(List.of(false, true, false), heard);
        Subscription q = add(local, "d.inbox", "workers");
        index.remove(q);
        assertEquals(List.of(false, true, false, true, false), heard);
        index.remove(other);
        index.remove(longer);
        assertEquals(5, heard.size());
    }

    @Test
    void aPeersPlainSubscriptionCountsItsQueueMembersAndTheWatcherItselfDoNot() {
        index.watch("d.inbox", watcher, heard::add);
        io.natsj.kernel.client.RemotePeer route = new io.natsj.kernel.client.RemotePeer() {
            @Override
            public io.natsj.spi.topology.PeerKind kind() {
                return io.natsj.spi.topology.PeerKind.ROUTE;
            }

            @Override
            public void forward(io.natsj.kernel.client.InboundMessage m, byte[] account,
                    io.natsj.spi.topology.QueueNames queues, io.natsj.kernel.client.FlushSet flushes) {
            }
        };
        add(subscriber(route), "d.inbox", "q");
        Subscription own = add(watcher, "d.>", null);
        assertEquals(List.of(false), heard, "a peer's queue member and the watcher's own do not count");
        index.remove(own);
        assertEquals(List.of(false), heard);
        // Deliveries go on to a peer's plain subscription (InternalClient.forwardAs).
        Subscription peer = add(subscriber(route), "d.inbox", null);
        assertEquals(List.of(false, true), heard);
        index.remove(peer);
        assertEquals(List.of(false, true, false), heard);
    }

    @Test
    void anEndedWatchHearsNothing() {
        Runnable end = index.watch("d.inbox", watcher, heard::add);
        Runnable second = index.watch("d.inbox", watcher, b -> heard.add(!b));
        end.run();
        add(local, "d.inbox", null);
        assertEquals(List.of(false, true, false), heard, "only the second watch (inverted) heard the subscriber");
        second.run();
        index.remove(add(local, "d.*", null));
        assertEquals(3, heard.size());
    }
}
