package io.natsj.kernel.monitor;

import io.natsj.spi.subject.SubjectMatch;
import io.natsj.config.GoFormat;
import io.natsj.kernel.account.Account;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.server.Server;
import io.natsj.kernel.subject.MatchCache;
import io.natsj.kernel.subject.SubjectIndex;
import io.natsj.kernel.subject.Subjects;
import io.natsj.kernel.subject.Subscription;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves /subsz and /subscriptionsz: the subscription statistics, and with {@code subs=1} a
 * page of the subscriptions ({@code offset}, {@code limit}, {@code test} = a literal subject
 * the listed ones must match, {@code acc} = the account).
 */
final class SubszEndpoint implements MonitorEndpoint {

    static final String PATH = "/subsz";
    static final String ALIAS = "/subscriptionsz";
    static final int DEFAULT_LIMIT = 1024;

    private final Server server;
    private final HttpRequestStats requests;

    SubszEndpoint(Server server, HttpRequestStats requests) {
        this.server = server;
        this.requests = requests;
    }

    @Override
    public MonitorResponse handle(QueryParams q) throws BadRequestException {
        requests.count(PATH);
        boolean subs = q.bool("subs");
        int offset = Math.max(0, q.integer("offset"));
        int limit = q.integer("limit");
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        String test = q.get("test");
        if (!test.isEmpty() && (!Subjects.isValidSubscribeSubject(test) || SubjectMatch.hasWildcard(test))) {
            throw new BadRequestException("invalid test subject, must be valid publish subject: " + test);
        }
        String acc = q.get("acc");
        Account account = server.globalAccount();
        boolean accountShown = acc.isEmpty() || acc.equals(account.name());
        SubjectIndex index = account.index();
        if (!subs) {
            return stats(index, accountShown ? index.count() : 0);
        }
        List<Subscription> all = accountShown ? index.all() : List.of();
        List<SubDetail> matching = new ArrayList<>();
        for (Subscription sub : all) {
            long cid = SubDetail.ownerId(sub);
            // nats-server lists only subscriptions of client connections.
            if (cid == 0 || (!test.isEmpty() && !SubjectMatch.matches(sub.subject(), test))) {
                continue;
            }
            matching.add(SubDetail.of(sub, cid, account.name()));
        }
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min((long) offset + limit, matching.size());
        List<SubDetail> page = matching.subList(from, to);
        if (page.isEmpty()) {
            // An empty page prints as the statistics alone, like no list at all.
            return stats(index, all.size());
        }
        Subsz subsz = new Subsz(server.serverId(), GoFormat.time(Instant.now(), ZoneOffset.UTC),
                SublistStats.of(index, all.size(), caches()), page.size(), offset, limit, List.copyOf(page));
        return MonitorResponse.json(MonitorJson.indented(subsz));
    }

    private MonitorResponse stats(SubjectIndex index, int count) {
        return MonitorResponse.json(MonitorJson.indented(SublistStats.of(index, count, caches())));
    }

    private List<MatchCache> caches() {
        return server.clients().stream().map(ClientConnection::matchCache).toList();
    }
}
