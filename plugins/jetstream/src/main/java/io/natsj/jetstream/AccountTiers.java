package io.natsj.jetstream;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.natsj.spi.PluginException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's JetStream limits as nats-server keeps them: either one default set, or sets
 * per tier, a tier being named after a stream's replica count ({@code R1}, {@code R3}). Tiers
 * come only from an account JWT's {@code tiered_limits}: the JWT plugin passes them as
 * {@code jetstream { tiers { R1 {...}, R3 {...} } }}, which a configured account may not
 * write (nats-server 2.9.10 has no tiers in its configuration file). A stream is held to the
 * default limits, else to its tier's; a stream whose tier has no limits is refused (nats-server's
 * selectLimits).
 *
 * @param limits the limits by tier name; the only key is {@link #DEFAULT} when not tiered
 */
record AccountTiers(Map<String, AccountLimits> limits) {

    /** nats-server's name of the untiered limits. */
    static final String DEFAULT = "";

    private static final String TIERS = "tiers";

    /** Unlimited default limits (JetStream enabled without limits). */
    static final AccountTiers UNLIMITED = new AccountTiers(Map.of(DEFAULT, AccountLimits.UNLIMITED));

    AccountTiers {
        limits = Collections.unmodifiableMap(new TreeMap<>(limits));
    }

    /**
     * @param account the account's name, for messages
     * @param value its {@code jetstream} setting
     * @param tiersAllowed whether a {@code tiers} block may appear (operator mode)
     * @return the limits, or null when the setting disables JetStream
     */
    static AccountTiers read(String account, ConfigValue value, boolean tiersAllowed) {
        if (tiersAllowed && value instanceof ConfigObject block && block.containsKey(TIERS)) {
            if (block.size() != 1 || !(block.get(TIERS) instanceof ConfigObject tiers)) {
                throw new PluginException("accounts." + account + ".jetstream: tiers stand alone, as a map");
            }
            Map<String, AccountLimits> byTier = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : tiers.entrySet()) {
                AccountLimits l = AccountLimits.read(account, e.getValue());
                byTier.put(e.getKey(), l == null ? AccountLimits.UNLIMITED : l);
            }
            return byTier.isEmpty() ? null : new AccountTiers(byTier);
        }
        AccountLimits l = AccountLimits.read(account, value);
        return l == null ? null : new AccountTiers(Map.of(DEFAULT, l));
    }

    /** @return true when the limits are per tier */
    boolean tiered() {
        return !limits.containsKey(DEFAULT);
    }

    /**
     * nats-server's selectLimits: the default limits, else those of the tier {@code R<replicas>}.
     *
     * @param replicas a stream's {@code num_replicas} as requested (0 when not given)
     * @return the limits, or null when there are none for it
     */
    AccountLimits select(int replicas) {
        return forTier(tierName(replicas));
    }

    /**
     * The limits of a stream counted in a tier ({@link TierUsage}): the default ones, else
     * those of the tier.
     *
     * @return the limits, or null when there are none for it
     */
    AccountLimits forTier(String tier) {
        AccountLimits d = limits.get(DEFAULT);
        return d != null ? d : limits.get(tier);
    }

    /** @return nats-server's tierName */
    static String tierName(int replicas) {
        return "R" + replicas;
    }
}
