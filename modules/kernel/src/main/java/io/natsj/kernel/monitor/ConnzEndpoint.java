package io.natsj.kernel.monitor;

import io.natsj.config.GoFormat;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.protocol.ConnectOptions;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.subject.Subscription;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Serves /connz: the open client connections, sorted and paged, with nats-server's query
 * parameters ({@code sort}, {@code auth}, {@code subs}, {@code offset}, {@code limit},
 * {@code cid}, {@code state}, {@code user}, {@code acc}, {@code mqtt_client}) and its error
 * texts. The last 10,000 closed connections are kept for {@code state=closed} and
 * {@code state=all}.
 */
final class ConnzEndpoint implements MonitorEndpoint {

    static final String PATH = "/connz";
    static final int DEFAULT_LIMIT = 1024;
    private static final long MICRO = 1_000;
    private static final long MILLI = 1_000_000;

    private enum State { OPEN, CLOSED, ALL }

    private final Server server;
    private final HttpRequestStats requests;

    ConnzEndpoint(Server server, HttpRequestStats requests) {
        this.server = server;
        this.requests = requests;
    }

    @Override
    public MonitorResponse handle(QueryParams q) throws BadRequestException {
        String sortParam = q.get("sort");
        boolean auth = q.bool("auth");
        boolean subsDetail = q.get("subs").toLowerCase(Locale.ROOT).equals("detail");
        boolean subs = !subsDetail && q.bool("subs");
        int offset = q.integer("offset");
        int limit = q.integer("limit");
        long cid = q.unsigned("cid");
        State state = state(q.get("state"));
        String user = q.get("user");
        String acc = q.get("acc");
        String mqttClient = q.get("mqtt_client");
        requests.count(PATH);

        ConnzSort sort = ConnzSort.parse(sortParam);
        offset = Math.max(0, offset);
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        if (sort == ConnzSort.STOP && state != State.CLOSED) {
            throw new BadRequestException("sort by stop only valid on closed connections");
        }
        if (sort == ConnzSort.REASON && state != State.CLOSED) {
            throw new BadRequestException("sort by reason only valid on closed connections");
        }
        if (cid != 0) {
            limit = 1;
        }
        Instant now = Instant.now();
        long nowNanos = System.nanoTime();
        String nowText = GoFormat.time(now, ZoneOffset.UTC);
        if (!acc.isEmpty() && server.accounts().get(acc) == null) {
            // nats-server answers an unknown account with an otherwise empty document.
            return json(new Connz("", nowText, 0, 0, offset, limit, null));
        }

        List<ClientConnection> open = new ArrayList<>(server.clients());
        List<ClosedConnection> closed = state == State.OPEN ? List.of() : server.closedConnections().snapshot();
        int total = (state == State.CLOSED ? 0 : open.size()) + closed.size();
        List<ConnSample> samples = new ArrayList<>();
        if (mqttClient.isEmpty()) {
            if (state != State.CLOSED) {
                for (ClientConnection c : open) {
                    if (matches(c.id(), c.options(), c.account() == null ? "" : c.account().name(), cid, user, acc)) {
                        samples.add(ConnSample.of(c, now, nowNanos));
                    }
                }
            }
            for (ClosedConnection c : closed) {
                if (matches(c.cid(), c.options(), c.account(), cid, user, acc)) {
                    samples.add(ConnSample.of(c));
                }
            }
        }
        samples.sort(sort.order());
        int from = Math.min(offset, samples.size());
        int to = (int) Math.min((long) offset + limit, samples.size());
        List<ConnInfo> page = new ArrayList<>(to - from);
        for (ConnSample s : samples.subList(from, to)) {
            page.add(info(s, now, auth, subs, subsDetail));
        }
        return json(new Connz(server.serverId(), nowText, page.size(), total, offset, limit, page));
    }

    private static boolean matches(long id, ConnectOptions options, String account, long cid, String user, String acc) {
        return (cid == 0 || id == cid) && (user.isEmpty() || user.equals(options.user))
                && (acc.isEmpty() || acc.equals(account));
    }

    private static MonitorResponse json(Connz connz) {
        return MonitorResponse.json(MonitorJson.indented(connz));
    }

    private static State state(String param) throws BadRequestException {
        return switch (param.toLowerCase(Locale.ROOT)) {
            case "", "open" -> State.OPEN;
            case "closed" -> State.CLOSED;
            case "any", "all" -> State.ALL;
            default -> throw new BadRequestException("Error decoding state for " + param);
        };
    }

    private static ConnInfo info(ConnSample s, Instant now, boolean auth, boolean subs, boolean subsDetail) {
        if (s.closed() != null) {
            return closedInfo(s.closed(), auth, subs, subsDetail);
        }
        ClientConnection c = s.connection();
        ConnectOptions opts = c.options();
        InetSocketAddress remote = c.remoteAddress();
        boolean hasPeer = remote != null && remote.getPort() != 0;
        ZoneId local = ZoneId.systemDefault();
        List<String> subjects = null;
        List<SubDetail> details = null;
        List<Subscription> list = new ArrayList<>(c.subscriptions());
        if (!list.isEmpty() && subsDetail) {
            details = new ArrayList<>(list.size());
            for (Subscription sub : list) {
                details.add(SubDetail.of(sub, s.cid(), null));
            }
        } else if (!list.isEmpty() && subs) {
            subjects = new ArrayList<>(list.size());
            for (Subscription sub : list) {
                subjects.add(sub.subject());
            }
        }
        Account account = c.account();
        return new ConnInfo(s.cid(), "Client", "nats",
                hasPeer ? NetUtil.toAddressString(remote.getAddress()) : "",
                hasPeer ? remote.getPort() : 0,
                GoFormat.time(s.start(), local), GoFormat.time(s.lastActivity(), local), null, null,
                GoFormat.duration(rtt(c.stats().rttNanos())),
                GoFormat.uptime(Duration.between(s.start(), now)),
                GoFormat.uptime(Duration.between(s.lastActivity(), now)),
                s.pendingBytes(), s.inMsgs(), s.outMsgs(), s.inBytes(), s.outBytes(), s.numSubs(),
                emptyToNull(opts.name), emptyToNull(opts.lang), emptyToNull(opts.version),
                auth ? emptyToNull(authorizedUser(opts)) : null,
                auth && account != null && !Account.GLOBAL.equals(account.name()) ? account.name() : null,
                auth ? emptyToNull(opts.jwt) : null,
                subjects, details);
    }

    private static ConnInfo closedInfo(ClosedConnection c, boolean auth, boolean subs, boolean subsDetail) {
        ZoneId local = ZoneId.systemDefault();
        ConnectOptions opts = c.options();
        List<String> subjects = null;
        List<SubDetail> details = null;
        if (!c.subscriptions().isEmpty() && subsDetail) {
            details = c.subscriptions();
        } else if (!c.subscriptions().isEmpty() && subs) {
            subjects = c.subscriptions().stream().map(SubDetail::subject).toList();
        }
        return new ConnInfo(c.cid(), "Client", "nats", c.ip(), c.port(),
                GoFormat.time(c.start(), local), GoFormat.time(c.lastActivity(), local),
                GoFormat.time(c.stop(), local), c.reason(),
                GoFormat.duration(rtt(c.rttNanos())),
                GoFormat.uptime(Duration.between(c.start(), c.stop())),
                GoFormat.uptime(Duration.between(c.lastActivity(), c.stop())),
                0, c.inMsgs(), c.outMsgs(), c.inBytes(), c.outBytes(), c.subscriptions().size(),
                emptyToNull(opts.name), emptyToNull(opts.lang), emptyToNull(opts.version),
                auth ? emptyToNull(authorizedUser(opts)) : null,
                auth && !Account.GLOBAL.equals(c.account()) ? c.account() : null,
                auth ? emptyToNull(opts.jwt) : null,
                subjects, details);
    }

    /** nats-server prints sub-millisecond round trips to the microsecond. */
    private static long rtt(long nanos) {
        return nanos > MICRO && nanos < MILLI ? nanos - nanos % MICRO : nanos;
    }

    /** Who the client said it is, most specific credential first; a token is never shown. */
    private static String authorizedUser(ConnectOptions opts) {
        if (opts.nkey != null && !opts.nkey.isEmpty()) {
            return opts.nkey;
        }
        if (opts.user != null && !opts.user.isEmpty()) {
            return opts.user;
        }
        if (opts.authToken != null && !opts.authToken.isEmpty()) {
            return "[REDACTED]";
        }
        return null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
