package jtrace.lab;

/** Child JVM for the signal tests: brings a lab up, says so, and waits to be killed. */
public final class LabHolder {
    private LabHolder() {}

    public static void main(String[] args) throws InterruptedException {
        LabNetwork lab = Lab.up(Scenario.parse(args[0]), Integer.parseInt(args[1]));
        System.out.println("up " + lab.client());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
