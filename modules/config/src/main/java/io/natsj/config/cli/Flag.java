package io.natsj.config.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * nats-server's command line flags (from its {@code ConfigureOptions}): every spelling, the
 * value type, and the canonical name used inside this package.
 */
enum Flag {
    HELP(Type.BOOL, "h", "help"),
    HELP_TLS(Type.BOOL, "help_tls"),
    VERSION(Type.BOOL, "v", "version"),
    PORT(Type.INT, "p", "port"),
    SERVER_NAME(Type.STRING, "n", "name", "server_name"),
    HOST(Type.STRING, "a", "addr", "net"),
    CLIENT_ADVERTISE(Type.STRING, "client_advertise"),
    DEBUG(Type.BOOL, "D", "debug"),
    TRACE(Type.BOOL, "V", "trace"),
    DEBUG_TRACE(Type.BOOL, "DV"),
    VERBOSE_TRACE(Type.BOOL, "VV"),
    DEBUG_VERBOSE_TRACE(Type.BOOL, "DVV"),
    LOGTIME(Type.BOOL, "T", "logtime"),
    LOGTIME_UTC(Type.BOOL, "logtime_utc"),
    USER(Type.STRING, "user"),
    PASS(Type.STRING, "pass"),
    AUTH(Type.STRING, "auth"),
    HTTP_PORT(Type.INT, "m", "http_port"),
    HTTPS_PORT(Type.INT, "ms", "https_port"),
    CONFIG(Type.STRING, "c", "config"),
    TEST_CONFIG(Type.BOOL, "t"),
    SIGNAL(Type.STRING, "sl", "signal"),
    PID_FILE(Type.STRING, "P", "pid"),
    PORTS_FILE_DIR(Type.STRING, "ports_file_dir"),
    LOG_FILE(Type.STRING, "l", "log"),
    LOG_SIZE_LIMIT(Type.INT, "log_size_limit"),
    SYSLOG(Type.BOOL, "s", "syslog"),
    REMOTE_SYSLOG(Type.STRING, "r", "remote_syslog"),
    PROFILE(Type.INT, "profile"),
    ROUTES(Type.STRING, "routes"),
    CLUSTER(Type.STRING, "cluster", "cluster_listen"),
    CLUSTER_ADVERTISE(Type.STRING, "cluster_advertise"),
    NO_ADVERTISE(Type.BOOL, "no_advertise"),
    CONNECT_RETRIES(Type.INT, "connect_retries"),
    CLUSTER_NAME(Type.STRING, "cluster_name"),
    TLS(Type.BOOL, "tls"),
    TLS_VERIFY(Type.BOOL, "tlsverify"),
    TLS_CERT(Type.STRING, "tlscert"),
    TLS_KEY(Type.STRING, "tlskey"),
    TLS_CA_CERT(Type.STRING, "tlscacert"),
    MAX_TRACED_MSG_LEN(Type.INT, "max_traced_msg_len"),
    JETSTREAM(Type.BOOL, "js", "jetstream"),
    STORE_DIR(Type.STRING, "sd", "store_dir");

    /** How the flag's value is read (Go's flag package rules). */
    enum Type { BOOL, INT, STRING }

    private static final Map<String, Flag> BY_NAME = new HashMap<>();

    static {
        for (Flag flag : values()) {
            for (String name : flag.names) {
                BY_NAME.put(name, flag);
            }
        }
    }

    final Type type;
    final List<String> names;

    Flag(Type type, String... names) {
        this.type = type;
        this.names = List.of(names);
    }

    /** @return the flag with this spelling (case-sensitive, without dashes), or null */
    static Flag byName(String name) {
        return BY_NAME.get(name);
    }
}
