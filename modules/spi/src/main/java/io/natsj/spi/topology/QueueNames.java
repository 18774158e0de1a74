package io.natsj.spi.topology;

/**
 * The queue groups a forwarded message is for: the kernel picked, for each of these groups,
 * a member on the peer the message goes to (or, inbound, the peer picked one of ours). An
 * empty list means plain subscribers only. A reused view, valid only during the call.
 */
public interface QueueNames {

    /** The empty list. */
    QueueNames NONE = new QueueNames() {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public byte[] get(int i) {
            throw new IndexOutOfBoundsException(i);
        }
    };

    /** @return how many queue groups */
    int size();

    /**
     * @param i an index below {@link #size()}
     * @return the queue group's name, as UTF-8 bytes (not to be modified)
     */
    byte[] get(int i);
}
