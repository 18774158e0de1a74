package io.natsj.topology.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The account-to-connection rule of nats-server 2.10's route pooling (computeRoutePoolIdx). */
class RoutePoolTest {

    private static long fnv(String s) {
        return RoutePool.fnv32a(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fnv1a32KnownValues() {
        // The FNV reference test vectors: the offset basis for "", then "a" and "foobar".
        assertEquals(0x811c9dc5L, fnv(""));
        assertEquals(0xe40c292cL, fnv("a"));
        assertEquals(0xbf9cf968L, fnv("foobar"));
        // By hand from the spec: ('$' ^ 2166136261) * 16777619, then ('G' ^ h) * 16777619, mod 2^32.
        assertEquals(0x7abc619cL, fnv("$G"));
        assertEquals(0x2d66af8L, fnv("$SYS"));
    }

    @Test
    void indexIsHashModuloPoolSize() {
        assertEquals(2, RoutePool.index("$G", 3));          // 0x7abc619c = 2059166108
        assertEquals(1, RoutePool.index("ACC", 3));         // 0x8486acfa, unsigned
        assertEquals(2, RoutePool.index("ACC_A", 3));
        assertEquals(0, RoutePool.index("ACC_B", 3));
        assertEquals(1, RoutePool.index("ACC_C", 3));
        assertEquals(0, RoutePool.index("$SYS", 3));
        assertEquals(0, RoutePool.index("ACC", 1), "no pool: everything on index 0");
        assertEquals(0, RoutePool.index("ACC", 0));
        assertEquals(0, RoutePool.index("ACC", -1));
    }

    @Test
    void onlySizesAboveOneAreAdvertised() {
        assertEquals(0, RoutePool.advertised(-1));
        assertEquals(0, RoutePool.advertised(0));
        assertEquals(0, RoutePool.advertised(1));
        assertEquals(3, RoutePool.advertised(3));
    }
}
