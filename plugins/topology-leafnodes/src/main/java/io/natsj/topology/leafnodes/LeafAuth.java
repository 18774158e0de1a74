package io.natsj.topology.leafnodes;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.PluginException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code leafnodes.authorization}: the users a hub accepts leaves as, each bound to an
 * account, as nats-server 2.9.10 reads them. A single {@code user}/{@code password} may name
 * its {@code account}; so may each entry of {@code users}. Without an account a leaf is bound to
 * {@code $G}.
 *
 * @param users the users, empty when the section sets none
 * @param timeout how long an accepted leaf may take to send CONNECT
 */
record LeafAuth(List<User> users, Duration timeout) {

    /** nats-server's AUTH_TIMEOUT, used for leaf connections without TLS. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** No leaf authorization configured. */
    static final LeafAuth NONE = new LeafAuth(List.of(), LeafAuth.DEFAULT_TIMEOUT);

    /**
     * @param user the user name
     * @param password the password (plain)
     * @param account the account the leaf is bound to, or null for {@code $G}
     */
    record User(String user, String password, String account) {
    }

    /** @return true when leaves must present one of the users */
    boolean required() {
        return !users.isEmpty();
    }

    /**
     * @param user the CONNECT's user, or null
     * @param password the CONNECT's password, or null
     * @return the matching user, or null when none matches
     */
    User check(String user, String password) {
        for (User u : users) {
            if (u.user().equals(user) && java.security.MessageDigest.isEqual(bytes(u.password()), bytes(password))) {
                return u;
            }
        }
        return null;
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static LeafAuth read(ConfigValue v, String path) {
        if (!(v instanceof ConfigObject block)) {
            throw new PluginException(path + ": expected a map");
        }
        String user = null;
        String password = null;
        String account = null;
        List<User> users = null;
        Duration timeout = DEFAULT_TIMEOUT;
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            ConfigValue value = e.getValue();
            if (LeafOptions.skip(value)) {
                continue;
            }
            String sub = path + "." + e.getKey();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "user", "username" -> user = SectionValues.string(value, sub);
                case "pass", "password" -> password = SectionValues.string(value, sub);
                case "account" -> account = SectionValues.string(value, sub);
                case "timeout" -> timeout = SectionValues.seconds(value, sub);
                case "users" -> users = users(value, sub);
                default -> throw new PluginException(sub + ": unknown field \"" + e.getKey() + "\"");
            }
        }
        if (users != null && user != null) {
            throw new PluginException(path + ": can not have a single user/pass and a users array");
        }
        List<User> all = users != null ? users : user != null ? List.of(new User(user, password, account)) : List.of();
        Set<String> seen = new HashSet<>();
        for (User u : all) {
            if (!seen.add(u.user())) {
                throw new PluginException(path + ": duplicate user \"" + u.user() + "\" detected in leafnode authorization");
            }
            if (u.password() != null && u.password().startsWith("$2")) {
                throw new PluginException(path + ": bcrypt passwords for leaf users are not supported by natsj yet");
            }
        }
        return new LeafAuth(List.copyOf(all), timeout);
    }

    private static List<User> users(ConfigValue v, String path) {
        if (!(v instanceof ConfigList list)) {
            throw new PluginException(path + ": Expected users field to be an array");
        }
        List<User> out = new ArrayList<>();
        int i = 0;
        for (ConfigValue entry : list) {
            String at = path + "[" + i++ + "]";
            if (!(entry instanceof ConfigObject u)) {
                throw new PluginException(at + ": Expected user entry to be a map/struct");
            }
            String user = null;
            String password = null;
            String account = null;
            for (Map.Entry<String, ConfigValue> e : u.entrySet()) {
                if (LeafOptions.skip(e.getValue())) {
                    continue;
                }
                String sub = at + "." + e.getKey();
                switch (e.getKey().toLowerCase(Locale.ROOT)) {
                    case "user", "username" -> user = SectionValues.string(e.getValue(), sub);
                    case "pass", "password" -> password = SectionValues.string(e.getValue(), sub);
                    case "account" -> account = SectionValues.string(e.getValue(), sub);
                    default -> throw new PluginException(sub + ": unknown field \"" + e.getKey() + "\"");
                }
            }
            if (user == null) {
                throw new PluginException(at + ": a user needs a name");
            }
            out.add(new User(user, password, account));
        }
        return out;
    }
}
