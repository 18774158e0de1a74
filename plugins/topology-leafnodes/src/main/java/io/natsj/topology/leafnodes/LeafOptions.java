package io.natsj.topology.leafnodes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code leafnodes} section, checked: every key nats-server 2.9.10 reads there is either
 * built or refused at start-up with a message naming it, so nothing is ignored silently.
 *
 * @param host the interface the hub's leaf listener binds
 * @param port the leaf port; 0 for an ephemeral one, -1 when this server accepts no leaves
 * @param advertise the {@code host:port} leaves should dial instead of the listener's, or null
 * @param noAdvertise true to keep the cluster's other leaf URLs out of the INFO leaves get
 * @param auth who may connect as a leaf, and to which account each is bound
 * @param remotes the hubs this server connects to as a leaf
 * @param reconnect the delay between attempts to reach a hub ({@code reconnect}, whole seconds)
 */
record LeafOptions(String host, int port, String advertise, boolean noAdvertise, LeafAuth auth,
        List<LeafRemote> remotes, Duration reconnect) {

    /** nats-server's DEFAULT_LEAF_NODE_RECONNECT. */
    static final Duration DEFAULT_RECONNECT = Duration.ofSeconds(1);

    /** Marks values whose key was only used as a {@code $variable} (set by natsj's config parser). */
    private static final String USED_VARIABLE_MARK = "natsj:used-variable";

    /**
     * @param section the {@code leafnodes} section
     * @return the checked options
     * @throws PluginException naming the first key that is wrong or not built
     */
    static LeafOptions read(Config section) {
        String host = "0.0.0.0";
        int port = 0;
        String listen = null;
        String advertise = null;
        boolean noAdvertise = false;
        LeafAuth auth = LeafAuth.NONE;
        List<LeafRemote> remotes = List.of();
        Duration reconnect = DEFAULT_RECONNECT;
        for (Map.Entry<String, ConfigValue> e : section.root().entrySet()) {
            ConfigValue v = e.getValue();
            if (skip(v)) {
                continue;
            }
            String path = "leafnodes." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "host", "net" -> host = SectionValues.string(v, path);
                case "port" -> port = SectionValues.integer(v, path);
                case "listen" -> listen = v.valueType() == ConfigValueType.NUMBER
                        ? ":" + SectionValues.integer(v, path) : SectionValues.string(v, path);
                case "advertise", "leafnode_advertise" -> advertise = SectionValues.string(v, path);
                case "no_advertise" -> noAdvertise = SectionValues.bool(v, path);
                case "authorization" -> auth = LeafAuth.read(v, path);
                case "remotes" -> remotes = remotes(v, path);
                case "reconnect", "reconnect_delay", "reconnect_interval" -> {
                    int seconds = SectionValues.integer(v, path);
                    reconnect = seconds > 0 ? Duration.ofSeconds(seconds) : DEFAULT_RECONNECT;
                }
                case "tls" -> {
                    // Read and checked by the TLS plugin, through TopologyRequest.tls("tls"); what
                    // the leaf protocol does not build yet is refused here.
                    if (v instanceof ConfigObject block) {
                        for (String key : block.keySet()) {
                            String lower = key.toLowerCase(Locale.ROOT);
                            if (lower.equals("verify_and_map") || lower.equals("handshake_first")
                                    || lower.equals("first") || lower.equals("immediate")) {
                                throw new PluginException(path + "." + key
                                        + ": not supported for leaf nodes by natsj yet");
                            }
                        }
                    }
                }
                case "min_version", "minimum_version" -> throw new PluginException(
                        path + ": a minimum leaf node version is not supported by natsj yet");
                default -> throw new PluginException(path + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new PluginException("leafnodes.listen: \"" + listen + "\" is not host:port");
            }
            String h = listen.substring(0, colon);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (!h.isEmpty()) {
                host = h;
            }
            try {
                port = Integer.parseInt(listen.substring(colon + 1).trim());
            } catch (NumberFormatException ex) {
                throw new PluginException("leafnodes.listen: \"" + listen + "\" is not host:port");
            }
        }
        return new LeafOptions(host, normalisePort(port), advertise, noAdvertise, auth, remotes, reconnect);
    }

    /** @return true when this server accepts leaf connections (it is a hub) */
    boolean accepts() {
        return port >= 0;
    }

    /** As nats-server: -1 is an ephemeral port, 0 or none means no leaf listener. */
    private static int normalisePort(int configured) {
        if (configured == -1) {
            return 0;
        }
        if (configured <= 0) {
            return -1;
        }
        if (configured > 65535) {
            throw new PluginException("leafnodes.port: " + configured + " is not a port");
        }
        return configured;
    }

    private static List<LeafRemote> remotes(ConfigValue v, String path) {
        if (v.valueType() != ConfigValueType.LIST) {
            throw new PluginException(path + ": expected a list of remotes");
        }
        List<LeafRemote> out = new ArrayList<>();
        int i = 0;
        for (ConfigValue entry : (com.typesafe.config.ConfigList) v) {
            String at = path + "[" + i++ + "]";
            if (!(entry instanceof ConfigObject remote)) {
                throw new PluginException(at + ": expected a map");
            }
            out.add(remote(remote, at));
        }
        return List.copyOf(out);
    }

    private static LeafRemote remote(ConfigObject remote, String path) {
        List<LeafRemote.Url> urls = new ArrayList<>();
        String account = LeafRemote.GLOBAL_ACCOUNT;
        boolean noRandomize = false;
        boolean wsCompression = false;
        boolean wsNoMasking = false;
        Config tls = null;
        java.nio.file.Path credentials = null;
        List<String> denyImports = List.of();
        List<String> denyExports = List.of();
        for (Map.Entry<String, ConfigValue> e : remote.entrySet()) {
            ConfigValue v = e.getValue();
            if (skip(v)) {
                continue;
            }
            String sub = path + "." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "url", "urls" -> {
                    if (v.valueType() == ConfigValueType.STRING) {
                        urls.add(LeafRemote.Url.parse((String) v.unwrapped(), sub));
                    } else if (v.valueType() == ConfigValueType.LIST) {
                        for (Object o : (List<?>) v.unwrapped()) {
                            urls.add(LeafRemote.Url.parse(String.valueOf(o), sub));
                        }
                    } else {
                        throw new PluginException(sub + ": expected a URL or a list of URLs");
                    }
                }
                case "account", "local" -> account = SectionValues.string(v, sub);
                case "no_randomize", "dont_randomize" -> noRandomize = SectionValues.bool(v, sub);
                case "credentials", "creds" -> {
                    credentials = java.nio.file.Path.of(SectionValues.string(v, sub));
                    LeafCredentials.check(credentials, sub);
                }
                case "tls" -> {
                    if (!(v instanceof ConfigObject block)) {
                        throw new PluginException(sub + ": expected a map");
                    }
                    tls = block.toConfig();
                }
                case "deny_imports", "deny_import" -> denyImports = SectionValues.subjects(v, sub);
                case "deny_exports", "deny_export" -> denyExports = SectionValues.subjects(v, sub);
                case "ws_compress", "ws_compression", "websocket_compress", "websocket_compression" ->
                        wsCompression = SectionValues.bool(v, sub);
                case "ws_no_masking", "websocket_no_masking" -> wsNoMasking = SectionValues.bool(v, sub);
                case "hub" -> throw new PluginException(sub + ": a remote acting as hub is not supported by natsj yet");
                case "jetstream_cluster_migrate", "js_cluster_migrate" -> throw new PluginException(
                        sub + ": JetStream cluster migration is not supported by natsj yet");
                default -> throw new PluginException(sub + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (urls.isEmpty()) {
            throw new PluginException(path + ": a remote needs url or urls");
        }
        LeafWebSocket.checkNotMixed(urls, path);
        return new LeafRemote(List.copyOf(urls), account, noRandomize, tls, path, credentials, denyImports,
                denyExports, new LeafWebSocket(wsCompression, wsNoMasking));
    }

    static boolean skip(ConfigValue v) {
        return v == null || v.valueType() == ConfigValueType.NULL
                || (v.origin() != null && v.origin().comments().contains(USED_VARIABLE_MARK));
    }
}
