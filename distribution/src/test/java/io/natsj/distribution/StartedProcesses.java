package io.natsj.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes one test started (servers, launchers, tools), killed after the test if they
 * still run: {@code @RegisterExtension final StartedProcesses started = new StartedProcesses();}.
 */
final class StartedProcesses implements AfterEachCallback {

    private final List<Process> processes = new ArrayList<>();

    /**
     * @param process a process just started
     * @return the process
     */
    Process add(Process process) {
        processes.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        processes.clear();
    }
}
