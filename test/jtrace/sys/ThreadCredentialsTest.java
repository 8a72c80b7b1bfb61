package jtrace.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The all-threads check behind sudo's drop: threads that start and end while it looks are no failure (the JVM's
 * own compiler threads come and go), and a thread whose credentials differ is one.
 */
@Timeout(120)
class ThreadCredentialsTest {
    private static final int CHECKS = 100;

    @Test
    void threadsThatComeAndGoWhileTheCheckRunsAreNoFailure() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger started = new AtomicInteger();
        AtomicReference<Throwable> churnFailure = new AtomicReference<>();
        // Two churners, each starting threads that end at once: tasks keep appearing and vanishing under the check.
        Runnable churn = () -> {
            try {
                while (!stop.get()) {
                    Thread t = new Thread(() -> {});
                    t.start();
                    started.incrementAndGet();
                    if (started.get() % 8 == 0) t.join();  // bound the live threads, keep the rest ending on their own
                }
            } catch (Throwable e) {
                churnFailure.set(e);
            }
        };
        Thread a = new Thread(churn, "churn-a"), b = new Thread(churn, "churn-b");
        a.start();
        b.start();
        int checked = 0, startedBefore = started.get();
        try {
            for (; checked < CHECKS; checked++) ThreadCredentials.requireEveryThreadLikeThisOne();
        } finally {
            stop.set(true);
            a.join();
            b.join();
        }
        assertThat(churnFailure.get()).isNull();
        assertThat(checked).isEqualTo(CHECKS);
        assertThat(started.get() - startedBefore).as("threads started while the checks ran").isGreaterThan(CHECKS);
    }

    @Test
    void aThreadThatKeepsACapabilityIsFound() throws Exception {
        ThreadCredentials.Credentials mine = ThreadCredentials.ofThisThread();
        assumeTrue(mine.uid().startsWith("0 0 0 0") && !mine.noCapabilities(), "skipped: needs root (run mvn test as root)");
        // setfsuid changes the calling thread alone (glibc does not pass it on) and clears the file-system
        // capabilities from its effective set: the checking thread gives them up, every other thread keeps them.
        FsUid libc = LibraryLoader.create(FsUid.class).load("c");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<ThreadCredentials.Credentials> checker = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                libc.setfsuid(65534);
                checker.set(ThreadCredentials.ofThisThread());
                ThreadCredentials.requireEveryThreadLikeThisOne();
            } catch (Throwable e) {
                outcome.set(e);
            } finally {
                libc.setfsuid(0);
                done.countDown();
            }
        }, "fsuid-nobody");
        t.start();
        done.await();
        t.join();
        assertThat(checker.get().uid()).isEqualTo("0 0 0 65534");
        assertThat(checker.get().capEff()).isNotEqualTo(mine.capEff());
        assertThat(outcome.get()).isInstanceOf(java.io.IOException.class)
                .hasMessageMatching("thread \\d+ still has Uid 0 0 0 0, .*CapEff " + mine.capEff() + " \\(this thread: Uid 0 0 0 65534, .*\\)");
    }

    /** The one call this test needs that jtrace itself never makes. */
    public interface FsUid {
        int setfsuid(int fsuid);
    }
}
