/**
 * The natsj benchmark: a load generator that measures any NATS server, alone or side by side
 * with a second one, through the jnats client or a raw-protocol Netty engine.
 */
module io.natsj.bench {
    requires io.nats.jnats;
    requires HdrHistogram;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.handler;
    requires com.fasterxml.jackson.databind;

    exports io.natsj.bench;
    exports io.natsj.bench.engine;
    exports io.natsj.bench.run;
    exports io.natsj.bench.report;
    exports io.natsj.bench.startup;

    opens io.natsj.bench.run to com.fasterxml.jackson.databind;
    opens io.natsj.bench.report to com.fasterxml.jackson.databind;
}
