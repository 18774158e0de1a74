package io.natsj.kernel.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.natsj.kernel.client.ClientConnection;
import io.natsj.kernel.subject.Subscription;

/**
 * One subscription as /connz ({@code subs=detail}) and /subsz ({@code subs=1}) list it.
 *
 * @param account the account name; /subsz prints it, /connz leaves it out (null)
 * @param subject the subscribe subject
 * @param qgroup the queue group, null (omitted) when none
 * @param sid the subscription id
 * @param msgs messages delivered so far
 * @param max the auto-unsubscribe limit, null (omitted) when none
 * @param cid the owning connection's id
 */
public record SubDetail(
        @JsonProperty("account") String account,
        @JsonProperty("subject") String subject,
        @JsonProperty("qgroup") String qgroup,
        @JsonProperty("sid") String sid,
        @JsonProperty("msgs") long msgs,
        @JsonProperty("max") Long max,
        @JsonProperty("cid") long cid) {

    /**
     * @param sub the subscription
     * @param cid its connection's id
     * @param account the account name to print, or null
     * @return the detail line
     */
    static SubDetail of(Subscription sub, long cid, String account) {
        // delivered and max are written under the owner's lock; a monitoring read may be a
        // message behind, which is all nats-server promises too.
        long max = sub.maxMessages();
        return new SubDetail(account, sub.subject(), sub.queue(), sub.sid(), sub.delivered(),
                max > 0 ? max : null, cid);
    }

    /**
     * @param sub the subscription
     * @return the id of the client connection owning it, or 0 for an internal subscriber
     */
    static long ownerId(Subscription sub) {
        return sub.owner() instanceof ClientConnection c ? c.id() : 0;
    }
}
