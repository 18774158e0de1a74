package io.natsj.kernel.server;

import java.util.Map;
import java.util.Set;

/**
 * Every top-level key nats-server knows, and what natsj does with it: the kernel reads it, a
 * plugin claims it, or it is not built yet. The table is what lets startup say exactly which
 * plugin or feature a configuration asks for, instead of ignoring a key.
 */
final class ConfigKeys {

    /** Keys the kernel reads itself (lower case; nats-server matches keys case-insensitively). */
    static final Set<String> KERNEL = Set.of(
            "listen", "port", "host", "net", "client_advertise", "server_name",
            "debug", "trace", "logtime", "log_file", "logfile", "pid_file", "pidfile", "ports_file_dir",
            "max_control_line", "max_payload", "max_pending", "max_connections", "max_conn",
            "max_subscriptions", "max_subs", "ping_interval", "ping_max", "write_deadline",
            "lame_duck_duration", "lame_duck_grace_period", "http", "http_port", "monitor_port",
            "no_header_support", "allow_non_tls", "connect_error_reports", "accounts", "no_auth_user",
            "reconnect_error_reports", "system_account", "system", "no_system_account", "no_system",
            "no_sys_acc");

    /**
     * Keys served by a plugin, with the plugin's short name (the provider's {@code name()})
     * and its module, for the message when the plugin is not in the runtime image.
     */
    static final Map<String, String[]> PLUGIN = Map.ofEntries(
            Map.entry("tls", new String[] {"tls", "io.natsj.transport.tls"}),
            Map.entry("websocket", new String[] {"websocket", "io.natsj.transport.websocket"}),
            Map.entry("mqtt", new String[] {"mqtt", "io.natsj.transport.mqtt"}),
            Map.entry("cluster", new String[] {"routes", "io.natsj.topology.routes"}),
            Map.entry("gateway", new String[] {"gateways", "io.natsj.topology.gateways"}),
            Map.entry("leafnodes", new String[] {"leafnodes", "io.natsj.topology.leafnodes"}),
            Map.entry("leaf", new String[] {"leafnodes", "io.natsj.topology.leafnodes"}),
            Map.entry("authorization", new String[] {"token", "io.natsj.auth.token"}),
            Map.entry("operator", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("operators", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("resolver", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("resolver_preload", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("trusted", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("trusted_keys", new String[] {"jwt", "io.natsj.auth.jwt"}),
            Map.entry("jetstream", new String[] {"jetstream", "io.natsj.jetstream"}),
            Map.entry("store_dir", new String[] {"jetstream", "io.natsj.jetstream"}));

    /** Plugin modules this natsj release ships; any other plugin named above is not built yet. */
    static final Set<String> SHIPPED_PLUGINS = Set.of("io.natsj.transport.tcp", "io.natsj.transport.tls",
            "io.natsj.auth.token", "io.natsj.auth.nkey", "io.natsj.auth.jwt", "io.natsj.topology.routes",
            "io.natsj.topology.gateways", "io.natsj.topology.leafnodes", "io.natsj.jetstream",
            "io.natsj.transport.websocket",
            "io.natsj.store.file", "io.natsj.store.memory");

    /** nats-server keys natsj does not implement yet, in any module. */
    static final Set<String> NOT_BUILT = Set.of(
            "trusted_operators", "resolver_tls", "resolver_pinned_accounts",
            "https", "https_port",
            "http_base_path", "server_tags", "syslog", "remote_syslog", "log_size_limit", "logtime_utc",
            "trace_verbose", "max_traced_msg_len", "prof_port", "ocsp", "ocsp_cache",
            "default_js_domain", "server_metadata", "disable_sublist_cache");

    private ConfigKeys() {
    }
}
