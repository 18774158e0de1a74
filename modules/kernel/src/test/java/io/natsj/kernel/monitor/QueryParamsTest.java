package io.natsj.kernel.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

/** Query decoding with Go's strconv rules and nats-server's error texts. */
class QueryParamsTest {

    private static QueryParams query(String q) {
        return new QueryParams(new QueryStringDecoder("/x?" + q));
    }

    @Test
    void booleansAsStrconvParseBool() throws Exception {
        assertTrue(query("a=1").bool("a"));
        assertTrue(query("a=True").bool("a"));
        assertFalse(query("a=f").bool("a"));
        assertFalse(query("").bool("a"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> query("a=yes").bool("a"));
        assertEquals("Error decoding boolean for 'a': strconv.ParseBool: parsing \"yes\": invalid syntax", e.getMessage());
    }

    @Test
    void integersAsStrconvAtoiAndParseUint() throws Exception {
        assertEquals(-3, query("n=-3").integer("n"));
        assertEquals(7, query("n=%2B7").integer("n"));
        assertEquals(0, query("").integer("n"));
        assertEquals("Error decoding int for 'n': strconv.Atoi: parsing \"99999999999999999999\": value out of range",
                assertThrows(BadRequestException.class, () -> query("n=99999999999999999999").integer("n")).getMessage());
        assertEquals("18446744073709551615",
                Long.toUnsignedString(query("c=18446744073709551615").unsigned("c")));
        assertEquals("Error decoding uint64 for 'c': strconv.ParseUint: parsing \"+1\": invalid syntax",
                assertThrows(BadRequestException.class, () -> query("c=%2B1").unsigned("c")).getMessage());
    }
}
