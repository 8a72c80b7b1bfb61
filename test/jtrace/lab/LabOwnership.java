package jtrace.lab;

/**
 * Lab names are per scenario and machine-wide: another test run on the same machine that builds the same
 * scenario replaces our lab mid-test. The owner tag on the client's interface tells that apart from a real
 * failure (the end-to-end tests in jtrace.it do the same through their LabRuns).
 */
public final class LabOwnership {
    private LabOwnership() {}

    /** The tag the lab's builder put on the client's interface, or a description of why there is none. */
    public static String tag(LabNetwork lab) {
        return Lab.ownerTag(lab.client()).orElse("(no lab tag: " + lab.client() + " is gone)");
    }

    /** Fails with a clear message when the lab is no longer the one the test built. */
    public static void assertStillOurs(LabNetwork lab, String tagBefore) {
        String now = tag(lab);
        if (!now.equals(tagBefore))
            throw new AssertionError("the " + lab.scenario() + " lab was replaced or removed by another process during this"
                    + " test (" + tagBefore + " -> " + now + "): another lab test run on this machine? Run one suite at a time.");
    }
}
