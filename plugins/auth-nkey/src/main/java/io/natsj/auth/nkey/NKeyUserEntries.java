package io.natsj.auth.nkey;

import com.typesafe.config.Config;
import io.natsj.nkeys.NKey;
import io.natsj.nkeys.NKeyType;
import io.natsj.spi.PluginException;
import io.natsj.spi.auth.config.ConfiguredUser;
import io.natsj.spi.auth.config.ConfiguredUsers;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the NKey users ({@code {nkey: "U…", permissions: …}}) of {@code authorization.users}
 * and of each account's {@code users}, read by the SPI's shared reader; password users
 * belong to the token plugin. What is left for this plugin is checking the keys themselves.
 */
final class NKeyUserEntries {

    private NKeyUserEntries() {
    }

    /**
     * @param authorization the {@code authorization} section (may be empty)
     * @param accounts the {@code accounts} section (may be empty)
     * @return the NKey users, in configuration order
     * @throws PluginException naming the entry when one is invalid or a key appears twice
     */
    static List<NKeyUser> read(Config authorization, Config accounts) {
        List<ConfiguredUser> entries = new ArrayList<>(ConfiguredUsers.ofAuthorization(authorization.root()));
        entries.addAll(ConfiguredUsers.ofAccounts(accounts.root()));
        List<ConfiguredUser> nkeyEntries = entries.stream().filter(ConfiguredUser::isNkey).toList();
        List<NKeyUser> users = new ArrayList<>();
        for (ConfiguredUser entry : nkeyEntries) {
            if (!NKey.isValidPublicKey(entry.nkey(), NKeyType.USER)) {
                throw new PluginException(entry.path() + ".nkey: Not a valid public nkey for a user: \""
                        + entry.nkey() + "\"");
            }
            users.add(new NKeyUser(entry.nkey(), entry.account(), entry.permissions(), entry.path()));
        }
        ConfiguredUsers.checkUnique(nkeyEntries);
        return List.copyOf(users);
    }
}
