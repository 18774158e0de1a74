package io.natsj.topology.leafnodes;

import io.natsj.spi.auth.Permissions;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What may cross one leaf connection, in nats-server 2.9.10's terms for a leaf's permissions:
 * {@code publish} rules the messages this server sends over the connection (and the literal
 * interest the other side may announce), {@code subscribe} rules the interest this server
 * announces (LS+), so the other side sends only what is allowed.
 *
 * <p>On the leaf, {@code deny_exports} joins the publish deny list and {@code deny_imports}
 * the subscribe deny list, together with the rules the hub sends in its INFO. On the hub, a
 * leaf user's permissions apply reversed (the user's {@code subscribe} rules what goes to the
 * leaf), plus the leaf's {@code deny_pub}.
 *
 * <p>Patterns are split into tokens once; {@link #mayDeliver(ByteBuf, int, int)} runs for
 * each message and allocates nothing.
 *
 * @param publishAllow allow patterns for messages sent (empty: every subject)
 * @param publishDeny deny patterns for messages sent
 * @param subscribeAllow allow patterns for interest announced (empty: every subject)
 * @param subscribeDeny deny patterns for interest announced
 */
record LeafPermissions(List<byte[][]> publishAllow, List<byte[][]> publishDeny, List<byte[][]> subscribeAllow,
        List<byte[][]> subscribeDeny) {

    /** Nothing restricted. */
    static final LeafPermissions NONE = new LeafPermissions(List.of(), List.of(), List.of(), List.of());

    /**
     * @param publish the publish rules
     * @param subscribe the subscribe rules
     * @return the permissions
     */
    static LeafPermissions of(Permissions.SubjectRules publish, Permissions.SubjectRules subscribe) {
        return new LeafPermissions(split(publish.allow()), split(publish.deny()), split(subscribe.allow()),
                split(subscribe.deny()));
    }

    /**
     * @param publish the {@code export} (or {@code import}) JSON object of an INFO: {@code allow}
     *        and {@code deny} lists, or null
     * @return its rules
     */
    static Permissions.SubjectRules rules(Map<String, List<String>> publish) {
        if (publish == null) {
            return Permissions.SubjectRules.ANY;
        }
        return new Permissions.SubjectRules(publish.getOrDefault("allow", List.of()),
                publish.getOrDefault("deny", List.of()));
    }

    /**
     * @param publishDeny more publish deny patterns
     * @param subscribeDeny more subscribe deny patterns
     * @return these permissions with the patterns added
     */
    LeafPermissions withDeny(List<String> publishDeny, List<String> subscribeDeny) {
        if (publishDeny.isEmpty() && subscribeDeny.isEmpty()) {
            return this;
        }
        List<byte[][]> pub = new ArrayList<>(this.publishDeny);
        pub.addAll(split(publishDeny));
        List<byte[][]> sub = new ArrayList<>(this.subscribeDeny);
        sub.addAll(split(subscribeDeny));
        return new LeafPermissions(publishAllow, List.copyOf(pub), subscribeAllow, List.copyOf(sub));
    }

    /** @return true when nothing is restricted */
    boolean isNone() {
        return publishAllow.isEmpty() && publishDeny.isEmpty() && subscribeAllow.isEmpty() && subscribeDeny.isEmpty();
    }

    /** @return true when a message on the subject at {@code buf[offset, offset + length)} may be sent */
    boolean mayDeliver(ByteBuf buf, int offset, int length) {
        if (!publishAllow.isEmpty() && !any(publishAllow, buf, offset, length)) {
            return false;
        }
        return publishDeny.isEmpty() || !any(publishDeny, buf, offset, length);
    }

    /** @return true when a message on {@code subject} may be sent */
    boolean mayDeliver(String subject) {
        byte[] b = subject.getBytes(StandardCharsets.UTF_8);
        return mayDeliver(io.netty.buffer.Unpooled.wrappedBuffer(b), 0, b.length);
    }

    /**
     * nats-server's canSubscribe for a leaf: a wildcard subject is allowed when an allow
     * pattern lies within it, and refused when a deny pattern covers it.
     *
     * @param subject the subject of the interest
     * @return true when this server may announce interest in it
     */
    boolean maySubscribe(String subject) {
        byte[] b = subject.getBytes(StandardCharsets.UTF_8);
        var buf = io.netty.buffer.Unpooled.wrappedBuffer(b);
        if (!subscribeAllow.isEmpty() && !any(subscribeAllow, buf, 0, b.length)) {
            boolean within = false;
            if (subject.indexOf('*') >= 0 || subject.indexOf('>') >= 0) {
                byte[][] wild = tokens(subject);
                for (byte[][] allow : subscribeAllow) {
                    byte[] a = join(allow);
                    if (matches(wild, io.netty.buffer.Unpooled.wrappedBuffer(a), 0, a.length)) {
                        within = true;
                        break;
                    }
                }
            }
            if (!within) {
                return false;
            }
        }
        return subscribeDeny.isEmpty() || !any(subscribeDeny, buf, 0, b.length);
    }

    private static boolean any(List<byte[][]> patterns, ByteBuf buf, int offset, int length) {
        for (int i = 0; i < patterns.size(); i++) {
            if (matches(patterns.get(i), buf, offset, length)) {
                return true;
            }
        }
        return false;
    }

    /** Token by token; the subject's own {@code *} and {@code >} are plain tokens here. */
    static boolean matches(byte[][] pattern, ByteBuf buf, int offset, int length) {
        int end = offset + length;
        int at = offset;
        for (int t = 0; t < pattern.length; t++) {
            if (at > end) {
                return false;
            }
            int dot = at;
            while (dot < end && buf.getByte(dot) != '.') {
                dot++;
            }
            byte[] p = pattern[t];
            if (p.length == 1 && p[0] == '>') {
                return dot > at; // one or more tokens left
            }
            if (!(p.length == 1 && p[0] == '*')) {
                if (dot - at != p.length) {
                    return false;
                }
                for (int i = 0; i < p.length; i++) {
                    if (buf.getByte(at + i) != p[i]) {
                        return false;
                    }
                }
            } else if (dot == at) {
                return false;
            }
            at = dot + 1;
        }
        return at == end + 1;
    }

    private static List<byte[][]> split(List<String> subjects) {
        List<byte[][]> out = new ArrayList<>(subjects.size());
        for (String s : subjects) {
            // A subscribe entry may name a queue group ("foo.> workers"): the subject rules here.
            int blank = s.indexOf(' ');
            out.add(tokens(blank < 0 ? s : s.substring(0, blank)));
        }
        return List.copyOf(out);
    }

    private static byte[][] tokens(String subject) {
        String[] parts = subject.split("\\.", -1);
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static byte[] join(byte[][] tokens) {
        return String.join(".", java.util.Arrays.stream(tokens).map(t -> new String(t, StandardCharsets.UTF_8))
                .toList()).getBytes(StandardCharsets.UTF_8);
    }
}
