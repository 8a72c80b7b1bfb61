package jtrace.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One lab test at a time on this machine. Lab names are per scenario and machine-wide ({@code jtl-chain-*}),
 * and {@code Lab.up} replaces whatever lab of that scenario exists — so two test runs on one machine (two
 * people, two CI jobs) pull each other's labs away mid-test. Each test holds an exclusive lock on
 * {@value #FILE} while it runs; the kernel drops it when the JVM dies, so nothing can be left stale.
 * (Lab tests outside this package do not take it: see {@link LabRuns#assertStillOurs}.)
 */
public final class LabLock implements BeforeAllCallback, AfterAllCallback {
    public static final String FILE = "/tmp/jtrace-lab-tests.lock";
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LabLock.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        FileChannel channel = FileChannel.open(Path.of(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long start = System.nanoTime();
        FileLock lock = channel.lock();
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (waited > 100) System.out.printf("[jtrace.it] waited %d ms for another lab test run on this machine (%s)%n", waited, FILE);
        context.getStore(STORE).put("lock", lock);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        FileLock lock = context.getStore(STORE).remove("lock", FileLock.class);
        if (lock == null) return;
        try (FileChannel channel = lock.channel()) {
            lock.release();
        }
    }
}
