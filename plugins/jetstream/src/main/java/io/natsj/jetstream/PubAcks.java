package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.store.StoreException;
import io.natsj.spi.store.StreamStore;
import java.nio.charset.StandardCharsets;

/**
 * A stream's publish acknowledgements, byte for byte as nats-server writes them: the success
 * ack from a prebuilt prefix ({@code {"stream":"S", "seq":1}}, with the domain when one is
 * set), duplicates with {@code ,"duplicate": true}, and error acks as JSON naming the stream.
 */
final class PubAcks {

    private final AccountJetStream account;
    private final String stream;
    private final byte[] prefix;

    PubAcks(AccountJetStream account, String stream) {
        this.account = account;
        this.stream = stream;
        String quoted = new String(Json.bytes(stream), StandardCharsets.UTF_8);
        String domain = account.domain();
        String p = domain.isEmpty() ? "{\"stream\":" + quoted + ", \"seq\":"
                : "{\"stream\":" + quoted + ", \"domain\":" + new String(Json.bytes(domain), StandardCharsets.UTF_8)
                + ", \"seq\":";
        this.prefix = p.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] END = {'}'};
    private static final byte[] DUPLICATE_END = ",\"duplicate\": true}".getBytes(StandardCharsets.US_ASCII);

    void success(String reply, long seq) {
        account.publish(reply, ack(seq, END));
    }

    void duplicate(String reply, long seq) {
        account.publish(reply, ack(seq, DUPLICATE_END));
    }

    /** The ack in one array: prefix, the sequence's digits written in place, tail. */
    private byte[] ack(long seq, byte[] tail) {
        int digits = digits(seq);
        byte[] out = new byte[prefix.length + digits + tail.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int end = prefix.length + digits;
        long v = seq;
        for (int i = end - 1; i >= prefix.length; i--) {
            out[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        System.arraycopy(tail, 0, out, end, tail.length);
        return out;
    }

    /** @return the number of decimal digits of a sequence (never negative) */
    static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** An error ack, when the publisher asked for an answer. */
    void fail(String reply, boolean respond, ApiError error) {
        if (!respond || reply == null || reply.isEmpty()) {
            return;
        }
        ObjectNode n = Json.object();
        n.set("error", Json.MAPPER.valueToTree(error));
        n.put("stream", stream);
        n.put("seq", 0);
        // nats-server's error acks name the stream only, never the domain.
        account.publish(reply, Json.bytes(n));
    }

    Gate gate(String reply) {
        return new Gate(reply);
    }

    /**
     * The durability listener of one append. A store may call it inside {@code append} (memory)
     * or from its sync thread at any time; either way the acknowledgement leaves only once the
     * stream's bookkeeping for the message (counters, rollup, limits) is done and
     * {@link #open()} is called, as nats-server answers after its store call returns.
     */
    final class Gate implements StreamStore.DurableListener {
        private final String reply;
        private boolean open;
        private boolean done;
        private long seq;
        private StoreException error;

        private Gate(String reply) {
            this.reply = reply;
        }

        @Override
        public void done(long sequence, StoreException err) {
            synchronized (this) {
                if (!open) {
                    done = true;
                    seq = sequence;
                    error = err;
                    return;
                }
            }
            send(sequence, err);
        }

        void open() {
            synchronized (this) {
                open = true;
                if (!done) {
                    return;
                }
            }
            send(seq, error);
        }

        private void send(long sequence, StoreException err) {
            if (err != null) {
                fail(reply, true, ApiError.storeFailed(err.getMessage()));
            } else {
                success(reply, sequence);
            }
        }
    }
}
