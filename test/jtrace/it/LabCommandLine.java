package jtrace.it;

import java.util.List;
import jtrace.lab.Lab;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The command line as lab tests run it, set up once per class: skips the class where no lab can be built, copies
 * the class path where the lab's ordinary user can read it, and removes the copy after the last test. Register
 * it after {@code @ExtendWith(LabLock.class)} (JUnit runs class-level extensions first, so the lock is held
 * before the copy is made and until it is gone):
 * <pre>{@code @RegisterExtension static final LabCommandLine cli = new LabCommandLine();  … cli.jtrace("-n", dest)}</pre>
 */
final class LabCommandLine implements BeforeAllCallback, AfterAllCallback {
    private LabRuns.ReadableClassPath classPath;
    private String user;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LabRuns.assumeLabAvailable();
        classPath = new LabRuns.ReadableClassPath();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (classPath != null) classPath.close();
        classPath = null;
    }

    /** {@code java … jtrace.cli.Main args…} on the readable copy. */
    List<String> jtrace(String... args) { return classPath.jtrace(args); }

    /** The lab's ordinary user, made on first use: what unprivileged runs run as. */
    synchronized String user() {
        try {
            if (user == null) user = Lab.ensureUser(Lab.TEST_USER);
            return user;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the lab's user " + Lab.TEST_USER + ": " + e.getMessage(), e);
        }
    }
}
