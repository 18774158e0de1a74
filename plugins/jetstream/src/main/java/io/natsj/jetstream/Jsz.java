package io.natsj.jetstream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The /jsz page and the /varz {@code jetstream} section, in nats-server's shape
 * ({@code JSInfo}): config, totals, and with {@code accounts=true} / {@code streams=true} /
 * {@code consumers=true} the details per account, stream and consumer ({@code config=true}
 * adds the configs of streams and consumers).
 */
final class Jsz {

    /** nats-server prints an unset reservation as uint64(-1). */
    private static final BigInteger UNSET = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);

    private Jsz() {
    }

    static ObjectNode config(JetStreamService service) {
        ObjectNode c = Json.object();
        c.put("max_memory", service.settings().maxMemory());
        c.put("max_storage", service.settings().maxStore());
        c.put("store_dir", service.settings().storeDir().toString());
        if (!service.settings().domain().isEmpty()) {
            c.put("domain", service.settings().domain());
        }
        return c;
    }

    /** @return memory, storage, reservations, accounts, ha_assets, api (nats-server's JetStreamStats) */
    static ObjectNode stats(Collection<AccountJetStream> accounts, boolean unused) {
        ObjectNode n = Json.object();
        long mem = 0;
        long store = 0;
        long total = 0;
        long errors = 0;
        for (AccountJetStream a : accounts) {
            mem += a.memoryUsed();
            store += a.storeUsed();
            total += a.apiTotal.get();
            errors += a.apiErrors.get();
        }
        n.put("memory", mem);
        n.put("storage", store);
        n.put("reserved_memory", 0);
        n.put("reserved_storage", 0);
        n.put("accounts", accounts.size());
        n.put("ha_assets", 0);
        ObjectNode api = n.putObject("api");
        api.put("total", total);
        api.put("errors", errors);
        return n;
    }

    static Map<String, Object> page(JetStreamService service, Collection<AccountJetStream> accounts,
                                    Function<String, String> query) {
        boolean withAccounts = truthy(query.apply("accounts"));
        boolean withConsumers = truthy(query.apply("consumers"));
        boolean withConfig = truthy(query.apply("config"));
        // As nats-server: consumers imply streams, streams imply accounts.
        boolean withStreams = withConsumers || truthy(query.apply("streams"));
        String only = query.apply("acc");
        ObjectNode n = Json.object();
        n.put("server_id", service.server().serverId());
        n.put("now", Json.time(Stream.nowNanos()));
        n.set("config", config(service));
        n.setAll(stats(accounts, false));
        long streams = 0;
        long messages = 0;
        long bytes = 0;
        int consumers = 0;
        for (AccountJetStream a : accounts) {
            consumers += a.consumerCount();
            for (Stream s : a.streams()) {
                streams++;
                messages += s.store().state().messages();
                bytes += s.store().state().bytes();
            }
        }
        n.put("streams", streams);
        n.put("consumers", consumers);
        n.put("messages", messages);
        n.put("bytes", bytes);
        if (withAccounts || withStreams || (only != null && !only.isEmpty())) {
            ArrayNode details = n.putArray("account_details");
            for (AccountJetStream a : accounts) {
                if (only != null && !only.isEmpty() && !only.equals(a.name())) {
                    continue;
                }
                details.add(account(service, a, withStreams, withConsumers, withConfig));
            }
        }
        return toMap(n);
    }

    private static ObjectNode account(JetStreamService service, AccountJetStream a, boolean withStreams,
                                      boolean withConsumers, boolean withConfig) {
        ObjectNode d = Json.object();
        d.put("name", a.name());
        d.put("id", a.name());
        d.put("memory", a.memoryUsed());
        d.put("storage", a.storeUsed());
        d.put("reserved_memory", UNSET);
        d.put("reserved_storage", UNSET);
        d.put("accounts", 0);
        d.put("ha_assets", 0);
        ObjectNode api = d.putObject("api");
        api.put("total", a.apiTotal.get());
        api.put("errors", a.apiErrors.get());
        if (withStreams && !a.streams().isEmpty()) {
            ArrayNode list = d.putArray("stream_detail");
            for (Stream s : a.streams()) {
                ObjectNode sd = Json.object();
                sd.put("name", s.name());
                sd.put("created", Json.time(s.createdNanos()));
                sd.putObject("cluster").put("leader", service.server().serverId());
                if (withConfig) {
                    sd.set("config", Json.MAPPER.valueToTree(s.config()));
                }
                sd.set("state", StreamInfoJson.state(s, false));
                if (withConsumers) {
                    consumers(a, s, withConfig, sd);
                }
                list.add(sd);
            }
        }
        return d;
    }

    /** {@code consumer_detail}: each consumer's info, its config only with {@code config=true}. */
    private static void consumers(AccountJetStream a, Stream s, boolean withConfig, ObjectNode sd) {
        StreamConsumers all = a.consumers(s.name());
        if (all == null) {
            return;
        }
        List<ObjectNode> infos = s.executor().call(() -> {
            List<ObjectNode> list = new ArrayList<>();
            for (Consumer o : all.all()) {
                if (!o.config.direct()) {
                    ObjectNode info = ConsumerInfoJson.of(o);
                    if (!withConfig) {
                        info.remove("config");
                    }
                    list.add(info);
                }
            }
            return list;
        });
        if (!infos.isEmpty()) {
            sd.putArray("consumer_detail").addAll(infos);
        }
    }

    private static boolean truthy(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode n) {
        return Json.MAPPER.convertValue(n, java.util.LinkedHashMap.class);
    }
}
