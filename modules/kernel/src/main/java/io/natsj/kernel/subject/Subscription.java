package io.natsj.kernel.subject;

import io.natsj.kernel.client.Subscriber;
import java.nio.charset.StandardCharsets;

/**
 * One subscription: a subject (maybe with wildcards), an optional queue group, and the
 * subscriber that owns it. The {@code sid} bytes are kept ready so that writing a MSG frame
 * allocates nothing.
 */
public final class Subscription {

    private final Subscriber owner;
    private final String subject;
    private final String queue;
    private final String sid;
    private final byte[] sidBytes;
    private final byte[] subjectBytes;
    private final byte[] queueBytes;
    /** A peer's member count of the queue group; 1 for a local subscription. */
    private volatile int weight = 1;

    // Guarded by the owner's outbound lock: publishers on any thread deliver under it.
    private long maxMessages;
    private long delivered;
    private volatile boolean closed;

    /**
     * @param owner the connection or internal client receiving the messages
     * @param subject the subscribe subject
     * @param queue the queue group, or null
     * @param sid the subscription id chosen by the client
     */
    public Subscription(Subscriber owner, String subject, String queue, String sid) {
        this.owner = owner;
        this.subject = subject;
        this.queue = queue;
        this.sid = sid;
        this.sidBytes = sid.getBytes(StandardCharsets.US_ASCII);
        this.subjectBytes = subject.getBytes(StandardCharsets.UTF_8);
        this.queueBytes = queue == null ? null : queue.getBytes(StandardCharsets.UTF_8);
    }

    /** @return who receives the messages */
    public Subscriber owner() {
        return owner;
    }

    /** @return the subscribe subject */
    public String subject() {
        return subject;
    }

    /** @return the subject as bytes */
    public byte[] subjectBytes() {
        return subjectBytes;
    }

    /** @return the queue group, or null */
    public String queue() {
        return queue;
    }

    /** @return the queue group as bytes, or null */
    public byte[] queueBytes() {
        return queueBytes;
    }

    /** @return how many members of its queue group this stands for: 1, or a peer's count */
    public int weight() {
        return weight;
    }

    /** @param weight a peer's member count of the queue group, at least 1 */
    public void setWeight(int weight) {
        this.weight = Math.max(1, weight);
    }

    /** @return the subscription id */
    public String sid() {
        return sid;
    }

    /** @return the subscription id as ASCII bytes */
    public byte[] sidBytes() {
        return sidBytes;
    }

    /** @return true once unsubscribed or its connection closed */
    public boolean isClosed() {
        return closed;
    }

    /** Marks the subscription gone; deliveries already matched skip it. */
    public void markClosed() {
        closed = true;
    }

    /** @return the auto-unsubscribe limit, 0 when none (guarded by the owner's lock) */
    public long maxMessages() {
        return maxMessages;
    }

    /** @param max the auto-unsubscribe limit (guarded by the owner's lock) */
    public void setMaxMessages(long max) {
        this.maxMessages = max;
    }

    /** @return messages delivered so far (guarded by the owner's lock) */
    public long delivered() {
        return delivered;
    }

    /**
     * Counts one delivery (caller holds the owner's lock).
     *
     * @return the count after this delivery
     */
    public long countDelivery() {
        return ++delivered;
    }

    @Override
    public String toString() {
        return "Subscription[" + subject + (queue == null ? "" : " " + queue) + " sid=" + sid + "]";
    }
}
