package io.natsj.jetstream;

import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An account without JetStream on a JetStream server: as in nats-server, every JetStream API
 * request it makes is answered "JetStream not enabled for account" in the response type of
 * that request; subjects that are not API requests get no answer.
 */
final class NotEnabledAccount {

    private static final String T = "io.nats.jetstream.api.v1.";
    /** nats-server's API subjects and the type of their responses. */
    private static final Map<String, String> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("$JS.API.INFO", "account_info_response");
        ROUTES.put("$JS.API.STREAM.CREATE.*", "stream_create_response");
        ROUTES.put("$JS.API.STREAM.UPDATE.*", "stream_update_response");
        ROUTES.put("$JS.API.STREAM.NAMES", "stream_names_response");
        ROUTES.put("$JS.API.STREAM.LIST", "stream_list_response");
        ROUTES.put("$JS.API.STREAM.INFO.*", "stream_info_response");
        ROUTES.put("$JS.API.STREAM.DELETE.*", "stream_delete_response");
        ROUTES.put("$JS.API.STREAM.PURGE.*", "stream_purge_response");
        ROUTES.put("$JS.API.STREAM.MSG.DELETE.*", "stream_msg_delete_response");
        ROUTES.put("$JS.API.STREAM.MSG.GET.*", "stream_msg_get_response");
        ROUTES.put("$JS.API.STREAM.SNAPSHOT.*", "stream_snapshot_response");
        ROUTES.put("$JS.API.STREAM.RESTORE.*", "stream_restore_response");
        ROUTES.put("$JS.API.CONSUMER.CREATE.*", "consumer_create_response");
        ROUTES.put("$JS.API.CONSUMER.CREATE.*.>", "consumer_create_response");
        ROUTES.put("$JS.API.CONSUMER.DURABLE.CREATE.*.*", "consumer_create_response");
        ROUTES.put("$JS.API.CONSUMER.NAMES.*", "consumer_names_response");
        ROUTES.put("$JS.API.CONSUMER.LIST.*", "consumer_list_response");
        ROUTES.put("$JS.API.CONSUMER.INFO.*.*", "consumer_info_response");
        ROUTES.put("$JS.API.CONSUMER.DELETE.*.*", "consumer_delete_response");
    }

    private NotEnabledAccount() {
    }

    static InternalConnection start(ServiceAccount account) {
        InternalConnection c = account.connect("jetstream-not-enabled");
        c.subscribe(JetStreamApi.PREFIX + ">", null, m -> {
            if (m.reply() == null || m.reply().isEmpty()) {
                return;
            }
            for (Map.Entry<String, String> r : ROUTES.entrySet()) {
                if (SubjectFilter.isSubsetMatch(m.subject(), r.getKey())) {
                    c.publish(m.reply(), null, null, Json.bytes(JetStreamApi.error(T + r.getValue(),
                            ApiError.NOT_ENABLED_FOR_ACCOUNT)));
                    return;
                }
            }
        });
        return c;
    }
}
