package io.natsj.tests.operator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsj.tests.support.AllTargets;
import io.natsj.tests.support.RawClient;
import io.natsj.tests.support.ServerUnderTest;
import io.natsj.tests.support.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * nats-server's own operator-mode test configurations (version 1 JWTs, an operator file, an
 * inline operator, preloaded accounts) start on both servers, ask for credentials with a nonce,
 * and refuse a client without a JWT.
 */
class ReferenceConfigsTest {

    private static final Path CONFIGS = Path.of("/work/shared/nats-reference/test/configs");

    /**
     * @return the file's settings with its fixed listen address dropped (the harness picks the
     *         port) and its relative paths made absolute
     */
    private static String config(String name) throws IOException {
        Path file = CONFIGS.resolve(name);
        assumeTrue(Files.isRegularFile(file), "reference config not found: " + file);
        return Files.readAllLines(file).stream()
                .filter(l -> !l.trim().startsWith("listen"))
                .map(l -> l.replace("./configs/", CONFIGS + "/"))
                .collect(Collectors.joining("\n"));
    }

    private static void startsAndAsksForAJwt(Target target, String name) throws IOException {
        try (ServerUnderTest server = target.start(config(name));
                RawClient c = RawClient.open(server)) {
            assertTrue(c.info().contains("\"auth_required\":true"), c.info());
            assertTrue(c.info().contains("\"nonce\":\""), c.info());
            c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            c.expectClosedAfter("-ERR 'Authorization Violation'\r\n");
        }
    }

    @AllTargets
    void operatorFromAFile(Target target) throws IOException {
        startsAndAsksForAJwt(target, "operator.conf");
    }

    @AllTargets
    void inlineOperator(Target target) throws IOException {
        startsAndAsksForAJwt(target, "operator_inline.conf");
    }

    @AllTargets
    void preloadedAccountsAndSystemAccount(Target target) throws IOException {
        startsAndAsksForAJwt(target, "resolver_preload.conf");
    }
}
