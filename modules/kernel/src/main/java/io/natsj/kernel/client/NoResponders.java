package io.natsj.kernel.client;

import io.natsj.kernel.subject.MatchResult;
import io.natsj.kernel.subject.SubjectIndex;
import io.natsj.kernel.subject.Subscription;
import java.nio.charset.StandardCharsets;

/**
 * The no-responders status: a request nobody is subscribed to is answered at once, on the
 * requester's own reply subscription, with {@code HMSG <reply> <sid> 16 16\r\nNATS/1.0 503\r\n\r\n\r\n}.
 */
final class NoResponders {

    private static final String STATUS = "NATS/1.0 503\r\n\r\n";

    private NoResponders() {
    }

    static void reply(ClientConnection requester, InboundMessage m, SubjectIndex index) {
        String reply = m.buffer().toString(m.replyOffset(), m.replyLength(), StandardCharsets.UTF_8);
        MatchResult result = index.match(reply);
        Subscription own = find(requester, result.plain());
        if (own == null) {
            for (Subscription[] group : result.queues()) {
                own = find(requester, group);
                if (own != null) {
                    break;
                }
            }
        }
        if (own != null) {
            int len = STATUS.length();
            requester.output().queue(ClientServices.ascii("HMSG " + reply + " " + own.sid() + " " + len + " " + len
                    + "\r\n" + STATUS + "\r\n"));
        }
    }

    private static Subscription find(ClientConnection requester, Subscription[] subs) {
        for (Subscription sub : subs) {
            if (sub.owner() == requester && !sub.isClosed()) {
                return sub;
            }
        }
        return null;
    }
}
