package io.natsj.config;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys of a nats-server config file that were referenced as {@code $variables}. nats-server
 * keeps them in the tree but does not report them as unknown fields, so natsj marks them (in
 * the value's origin comments, which travel with the {@code Config}) for the kernel's check.
 */
public final class UsedVariables {

    private static final String MARK = "natsj:used-variable";

    private UsedVariables() {
    }

    /**
     * @param value a config value
     * @return true when the value's key was referenced as a variable
     */
    public static boolean isUsedVariable(ConfigValue value) {
        return value != null && value.origin().comments().contains(MARK);
    }

    static ConfigValue mark(ConfigValue value) {
        if (isUsedVariable(value)) {
            return value;
        }
        List<String> comments = new ArrayList<>(value.origin().comments());
        comments.add(MARK);
        return value.withOrigin(value.origin().withComments(comments));
    }
}
