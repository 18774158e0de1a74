/**
 * The JetStream engine: streams, the {@code $JS.API} request API, publishing with
 * acknowledgements once the store says a message is durable, limits, advisories and /jsz.
 * Storage comes from whichever {@link io.natsj.spi.store.StreamStoreProvider}s the image holds.
 */
module io.natsj.jetstream {
    requires io.natsj.spi;
    requires com.fasterxml.jackson.databind;

    opens io.natsj.jetstream to com.fasterxml.jackson.databind;

    uses io.natsj.spi.store.StreamStoreProvider;

    provides io.natsj.spi.service.ServiceProvider
        with io.natsj.jetstream.JetStreamProvider;
}
