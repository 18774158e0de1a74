package io.natsj.tests.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A client process for {@link SharedPullConsumerTest}: binds to a durable pull consumer, prints
 * {@code ready}, then fetches and double-acks, printing each message's stream sequence, until the
 * consumer's ack floor reaches the last sequence. Run as
 * {@code java -cp <test class path> io.natsj.tests.jetstream.SharedPullWorker <url> <stream> <consumer> <last seq>}.
 */
public final class SharedPullWorker {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private SharedPullWorker() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String stream = args[1];
        String consumer = args[2];
        long last = Long.parseLong(args[3]);
        PrintStream out = System.out;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection nc = Nats.connect(new Options.Builder().server(url).noReconnect()
                .connectionTimeout(WAIT).build())) {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, consumer));
            out.println("ready");
            out.flush();
            while (System.nanoTime() < deadline) {
                var batch = sub.fetch(25, Duration.ofMillis(300));
                for (Message m : batch) {
                    out.println(m.metaData().streamSequence());
                    m.ackSync(WAIT);
                }
                out.flush();
                if (batch.isEmpty()) {
                    ConsumerInfo info = nc.jetStreamManagement().getConsumerInfo(stream, consumer);
                    if (info.getAckFloor().getStreamSequence() >= last && info.getNumAckPending() == 0) {
                        out.println("done");
                        out.flush();
                        return;
                    }
                }
            }
            out.println("timed out");
            System.exit(2);
        }
    }
}
