package io.natsj.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /gatewayz of the same two-cluster topology built of natsj and of nats-server 2.9.10: the
 * same fields, and the same values where they do not depend on the process (names, which
 * gateways are configured, connection counts).
 */
class GatewayzSideBySideTest {

    @RegisterExtension
    final ClusterRun run = new ClusterRun();

    private ClusterNode[] superCluster(String kind) {
        String a = "gateway { name: A, listen: \"127.0.0.1:-1\" }";
        ClusterNode na = run.add(kind.equals("natsj") ? ClusterNode.natsj("A1", List.of(), "name: A", a)
                : ClusterNode.go("A1", List.of(), "name: A", a));
        String b = "gateway { name: B, listen: \"127.0.0.1:-1\", gateways: [ { name: A, url: \"" + na.gatewayUrl()
                + "\" } ] }";
        ClusterNode nb = run.add(kind.equals("natsj") ? ClusterNode.natsj("B1", List.of(), "name: B", b)
                : ClusterNode.go("B1", List.of(), "name: B", b));
        run.await(Duration.ofSeconds(20), () -> up(na, "B") && up(nb, "A"),
                () -> "up: " + na.monitor("/gatewayz") + " / " + nb.monitor("/gatewayz"));
        return new ClusterNode[] {na, nb};
    }

    private static boolean up(ClusterNode n, String to) {
        JsonNode g = n.monitor("/gatewayz");
        return !g.path("outbound_gateways").path(to).isMissingNode() && g.path("inbound_gateways").path(to).size() == 1;
    }

    /** @return every field path, gateway names kept, array elements as [] */
    private static TreeSet<String> paths(JsonNode n, String at, TreeSet<String> out) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = at + "." + e.getKey();
                out.add(p);
                paths(e.getValue(), p, out);
            }
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                paths(e, at + "[]", out);
            }
        }
        return out;
    }

    /** The values that do not depend on the process: names, configured flags, counts. */
    private static String stable(JsonNode g) {
        StringBuilder sb = new StringBuilder("name=" + g.path("name").asText());
        g.path("outbound_gateways").fields().forEachRemaining(e -> sb.append(" out:").append(e.getKey())
                .append(" configured=").append(e.getValue().path("configured").asBoolean())
                .append(" kind=").append(e.getValue().path("connection").path("kind").asText()));
        g.path("inbound_gateways").fields().forEachRemaining(e -> sb.append(" in:").append(e.getKey())
                .append(" n=").append(e.getValue().size()));
        return sb.toString();
    }

    @Test
    void gatewayzHasNatsServersFieldsAndValues() {
        ClusterNode[] go = superCluster("nats-server");
        JsonNode goA = go[0].monitor("/gatewayz");
        JsonNode goB = go[1].monitor("/gatewayz");
        ClusterNode[] nj = superCluster("natsj");
        JsonNode njA = nj[0].monitor("/gatewayz");
        JsonNode njB = nj[1].monitor("/gatewayz");
        assertEquals(paths(goA, "", new TreeSet<>()), paths(njA, "", new TreeSet<>()), "A's fields");
        assertEquals(paths(goB, "", new TreeSet<>()), paths(njB, "", new TreeSet<>()), "B's fields");
        assertEquals(stable(goA), stable(njA), "A's values");
        assertEquals(stable(goB), stable(njB), "B's values");
        assertEquals(paths(go[0].monitor("/gatewayz?accs=1"), "", new TreeSet<>()),
                paths(nj[0].monitor("/gatewayz?accs=1"), "", new TreeSet<>()), "A's fields with accounts");
    }
}
