package io.natsj.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image built with fewer plugins holds only those, and the kernel names what is missing. */
class PerDeploymentImageTest {
    @TempDir
    Path tmp;

    @Test
    void kernelOnlyImageLacksTcpAndSaysSo() throws Exception {
        Path image = tmp.resolve("kernel-only");
        Result build = run(List.of("bash", script(), "--mods", System.getProperty("natsj.mods.dir"),
                "--plugins", "none", "--aot", "false", "-o", image.toString()), 120);
        assertEquals(0, build.rc, "build-image failed:\n" + build.output);

        Result modules = run(List.of(image.resolve("runtime/bin/java").toString(), "--list-modules"), 30);
        assertTrue(modules.output.contains("io.natsj.kernel@"), modules.output);
        assertTrue(!modules.output.contains("io.natsj.transport.tcp"), modules.output);
        // Nothing the kernel does not need: bcprov's own descriptor would bring java.sql, java.xml
        // and java.naming; the trimmed copy keeps only the classes natsj reaches.
        for (String unwanted : List.of("java.sql@", "java.xml@", "java.naming@", "java.net.http@", "java.desktop@")) {
            assertTrue(!modules.output.contains(unwanted), unwanted + " in a kernel-only image:\n" + modules.output);
        }
        Result bc = run(List.of(image.resolve("runtime/bin/java").toString(), "--describe-module",
                "org.bouncycastle.provider"), 30);
        assertTrue(!bc.output.contains("provides"), "the trimmed BouncyCastle must provide no JCA provider:\n" + bc.output);
        // Only the JDK's built-in providers stay listed, so JCA never walks ServiceLoader.
        String security = Files.readString(image.resolve("runtime/conf/security/java.security"));
        List<String> providers = security.lines().filter(l -> l.startsWith("security.provider.")).toList();
        assertEquals(List.of("security.provider.1=SUN", "security.provider.2=SunRsaSign", "security.provider.3=SunEC",
                "security.provider.4=SunJSSE", "security.provider.5=SunJCE"), providers);

        Result server = run(List.of(image.resolve("bin/nats").toString(), "-a", "127.0.0.1", "-p", "-1"), 30);
        assertNotEquals(0, server.rc, "a server without its transport must not run:\n" + server.output);
        assertTrue(server.output.contains("tcp") && server.output.contains("plugin"),
                "the error should name the missing plugin:\n" + server.output);
    }

    @Test
    void unknownPluginIsRefusedByName() throws Exception {
        Result build = run(List.of("bash", script(), "--mods", System.getProperty("natsj.mods.dir"),
                "--plugins", "tcp,no-such-plugin", "--aot", "false", "-o", tmp.resolve("x").toString()), 60);
        assertNotEquals(0, build.rc);
        assertTrue(build.output.contains("unknown plugin 'no-such-plugin'"), build.output);
    }

    private static String script() {
        Path s = Path.of(System.getProperty("natsj.build.script"));
        assertTrue(Files.isRegularFile(s), "no " + s);
        return s.toString();
    }

    private record Result(int rc, String output) {
    }

    private Result run(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + cmd);
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
