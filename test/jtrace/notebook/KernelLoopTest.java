package jtrace.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.AccessWatchpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.MethodExitEvent;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.request.AccessWatchpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.MethodExitRequest;
import com.sun.jdi.request.StepRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Why a notebook kernel sometimes never answered: rapaio's channels poll their sockets in a {@code LoopThread} whose
 * {@code start()} sets its running flag only after {@code Thread.start()} returned. A thread that runs before that
 * reads false and ends; the channel then never reads. Under a debugger the race is no longer a race: the starter is
 * held right where {@code Thread.start()} returns, and the new thread's first read of the flag is watched. With the
 * kernel's class it reads false and its loop ends before its first turn, every time; with jtrace's replacement (first
 * on the class path of the kernel spec that {@code notebook setup} writes) it reads true and runs. The same two class
 * paths for the other way a loop was lost: one turn that throws.
 */
class KernelLoopTest {
    static final String LOOP_THREAD = "org.rapaio.jupyter.kernel.channels.LoopThread";
    static List<Path> kernelsOwn, asSetUp;

    @BeforeAll
    static void classPaths(@TempDir Path home) throws Exception {
        Path testClasses = NotebookSetupTest.CLASS_PATH.stream().filter(p -> p.toString().endsWith("test-classes")).findFirst().orElseThrow();
        kernelsOwn = List.of(testClasses, NotebookSetupTest.kernelOnTestClassPath());
        new NotebookSetup(home, home.resolve("jupyter"), NotebookSetupTest.runtimeClassPath(), null).run();
        Matcher cp = Pattern.compile("\"-cp\", \"([^\"]+)\"").matcher(Files.readString(home.resolve("jupyter/kernels/jtrace/kernel.json")));
        assertThat(cp.find()).isTrue();
        asSetUp = new ArrayList<>(List.of(testClasses));
        for (String p : cp.group(1).split(java.io.File.pathSeparator)) asSetUp.add(Path.of(p));
    }

    @Test
    void theKernelsLoopEndsUnranWhenItsThreadRunsBeforeStartReturns() throws Exception {
        assertThat(heldAtStart(kernelsOwn)).isEqualTo("the loop thread ended without running");
    }

    @Test
    void jtracesLoopRunsEvenSo() throws Exception {
        assertThat(heldAtStart(asSetUp)).isEqualTo("the loop ran");
    }

    @Test
    void aFailingTurnEndsTheKernelsLoopButNotJtraces() throws Exception {
        assertThat(child(kernelsOwn, "failure")).isEqualTo("the loop thread ended without running");
        assertThat(child(asSetUp, "failure")).isEqualTo("the loop ran");
    }

    private static String child(List<Path> classPath, String mode) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", join(classPath),
                LoopThreadChild.class.getName(), mode).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    /**
     * Runs the child under JDI, holds its main thread where {@code Thread.start()} of the loop thread returns, and
     * lets the loop thread go first: its first read of {@code running} decides whether it loops. Main goes on only
     * once that read is done. Returns what the child printed then; checks that it is what that read said.
     */
    private static String heldAtStart(List<Path> classPath) throws Exception {
        LaunchingConnector launcher = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> args = launcher.defaultArguments();
        args.get("main").setValue(LoopThreadChild.class.getName() + " start");
        args.get("options").setValue("-cp " + join(classPath));
        VirtualMachine vm = launcher.launch(args);
        var requests = vm.eventRequestManager();
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        prepare.addClassFilter(LOOP_THREAD);
        prepare.enable();
        MethodExitRequest startReturns = null;
        ThreadReference starter = null;  // main, once held
        ObjectReference flag = null;     // the loop thread, once it reads its flag
        String seen = null;
        while (seen == null) {
            EventSet events = vm.eventQueue().remove();
            boolean resume = true;
            for (Event e : events) {
                if (e instanceof ClassPrepareEvent prepared) {
                    // Prepared when main makes the loop thread: watch every read of its flag, and hold main where the
                    // loop thread has just been started.
                    AccessWatchpointRequest read = requests.createAccessWatchpointRequest(prepared.referenceType().fieldByName("running"));
                    read.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                    read.enable();
                    startReturns = requests.createMethodExitRequest();
                    startReturns.addClassFilter("java.lang.Thread");
                    startReturns.addThreadFilter(prepared.thread());
                    startReturns.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                    startReturns.enable();
                } else if (e instanceof MethodExitEvent exit && starter == null && exit.method().name().equals("start")) {
                    ObjectReference started = exit.thread().frame(0).thisObject();
                    if (started.referenceType().name().equals(LOOP_THREAD)) {
                        starter = exit.thread();  // held: start() cannot set the flag until the loop thread has read it
                        startReturns.disable();
                        resume = false;
                    }
                } else if (e instanceof AccessWatchpointEvent read && read.thread().name().equals("jtrace-loop")) {
                    // Its first read of the flag, about to happen: let that one bytecode run, then look. Main cannot
                    // have set the flag meanwhile: it is held where Thread.start() returns, or not there yet.
                    read.request().disable();
                    flag = read.object();
                    StepRequest step = requests.createStepRequest(read.thread(), StepRequest.STEP_MIN, StepRequest.STEP_OVER);
                    step.addCountFilter(1);
                    step.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                    step.enable();
                } else if (e instanceof StepEvent step) {
                    boolean running = ((BooleanValue) flag.getValue(flag.referenceType().fieldByName("running"))).value();
                    seen = running ? "the loop ran" : "the loop thread ended without running";
                    requests.deleteEventRequest(step.request());
                }
            }
            if (resume) events.resume();
        }
        requests.deleteEventRequests(requests.methodExitRequests());
        vm.resume();
        try {
            while (true) vm.eventQueue().remove().resume();
        } catch (VMDisconnectedException ended) {
            // the child printed and exited
        }
        String printed = new String(vm.process().getInputStream().readAllBytes()).strip();
        assertThat(vm.process().waitFor()).isZero();
        assertThat(printed).as("what the child saw").isEqualTo(seen);
        return printed;
    }

    private static String join(List<Path> classPath) {
        return String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList());
    }
}
