package io.natsj.jetstream;

import io.natsj.spi.service.InternalConnection;
import io.natsj.spi.service.ServiceAccount;

/**
 * An account without JetStream on a JetStream server: as in nats-server, which imports only
 * {@code $JS.API.INFO} into such accounts, account info answers "JetStream not enabled for
 * account" and every other API subject has no responder.
 */
final class NotEnabledAccount {

    private NotEnabledAccount() {
    }

    static InternalConnection start(ServiceAccount account) {
        InternalConnection c = account.connect("jetstream-info");
        byte[] answer = Json.bytes(JetStreamApi.error("io.nats.jetstream.api.v1.account_info_response",
                ApiError.NOT_ENABLED_FOR_ACCOUNT));
        c.subscribe(JetStreamApi.PREFIX + "INFO", null, m -> {
            if (m.reply() != null && !m.reply().isEmpty()) {
                c.publish(m.reply(), null, null, answer);
            }
        });
        return c;
    }
}
