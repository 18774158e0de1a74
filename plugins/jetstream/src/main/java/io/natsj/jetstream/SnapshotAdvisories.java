package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.natsj.spi.service.PublisherInfo;

/**
 * The advisories of snapshots and restores, as nats-server's JSSnapshotCreateAdvisory,
 * JSSnapshotCompleteAdvisory, JSRestoreCreateAdvisory and JSRestoreCompleteAdvisory, on
 * {@code $JS.EVENT.ADVISORY.STREAM.<SNAPSHOT_CREATE|SNAPSHOT_COMPLETE|RESTORE_CREATE|RESTORE_COMPLETE>.<stream>}.
 */
final class SnapshotAdvisories {

    private static final String PREFIX = "$JS.EVENT.ADVISORY.STREAM.";
    private static final String TYPE = "io.nats.jetstream.advisory.v1.";

    private SnapshotAdvisories() {
    }

    /** @param state the state the snapshot response carried */
    static void snapshotCreate(AccountJetStream account, String stream, ObjectNode state, PublisherInfo client) {
        ObjectNode n = Advisories.header(TYPE + "snapshot_create");
        n.put("stream", stream);
        n.set("state", state);
        send(account, "SNAPSHOT_CREATE", stream, n, client);
    }

    static void snapshotComplete(AccountJetStream account, String stream, long startNanos, long endNanos,
                                 PublisherInfo client) {
        ObjectNode n = Advisories.header(TYPE + "snapshot_complete");
        n.put("timestamp", Json.time(endNanos));
        n.put("stream", stream);
        n.put("start", Json.time(startNanos));
        n.put("end", Json.time(endNanos));
        send(account, "SNAPSHOT_COMPLETE", stream, n, client);
    }

    static void restoreCreate(AccountJetStream account, String stream, long startNanos, PublisherInfo client) {
        ObjectNode n = Advisories.header(TYPE + "restore_create");
        n.put("timestamp", Json.time(startNanos));
        n.put("stream", stream);
        send(account, "RESTORE_CREATE", stream, n, client);
    }

    /** @param bytes the snapshot bytes received */
    static void restoreComplete(AccountJetStream account, String stream, long startNanos, long endNanos, long bytes,
                                PublisherInfo client) {
        ObjectNode n = Advisories.header(TYPE + "restore_complete");
        n.put("timestamp", Json.time(endNanos));
        n.put("stream", stream);
        n.put("start", Json.time(startNanos));
        n.put("end", Json.time(endNanos));
        n.put("bytes", bytes);
        send(account, "RESTORE_COMPLETE", stream, n, client);
    }

    private static void send(AccountJetStream account, String event, String stream, ObjectNode n,
                             PublisherInfo client) {
        n.set("client", JetStreamApi.client(client, account.service().server().serverId()));
        if (!account.domain().isEmpty()) {
            n.put("domain", account.domain());
        }
        account.publish(PREFIX + event + "." + stream, Json.bytes(n));
    }
}
