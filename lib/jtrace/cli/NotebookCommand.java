package jtrace.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import jtrace.notebook.NotebookSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jtrace notebook setup}: Jupyter notebooks with jtrace's tables and pictures. */
@Command(name = "notebook", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Use jtrace in Jupyter notebooks (rapaio's Java kernel): 'jtrace notebook setup' once, then one setup line per notebook."},
        subcommands = {NotebookCommand.Setup.class})
final class NotebookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Install the Java kernel spec \"Java (jtrace)\" for this user and put jtrace's jars and its",
                    "display adapter in ~/" + NotebookSetup.DIR + ". Needs no root; run it again after an update."})
    static final class Setup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--kernel-jar", paramLabel = "FILE",
                description = "rapaio-jupyter-kernel " + NotebookSetup.KERNEL_VERSION + " jar to use (default: the local Maven repository, else Maven Central).")
        Path kernelJar;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            NotebookSetup.Done done = NotebookSetup.forUser(kernelJar).run();
            out.println("kernel:       " + done.kernelJar());
            out.println("kernel spec:  " + done.kernelSpec() + "  (\"Java (jtrace)\" in Jupyter's kernel list)");
            out.println("jars:         " + done.jars() + "  (" + done.jarCount() + " jars: jtrace, its libraries, the display adapter)");
            out.println("setup cell:   " + done.setupNotebook());
            out.println();
            out.println("In a notebook with the \"Java (jtrace)\" kernel (or any rapaio kernel), run this line first:");
            out.println();
            out.println("    " + NotebookSetup.SETUP_LINE);
            out.println();
            out.println("then paste any example from examples/ into cells. Traces, decoded packets, hex dumps and watches show as");
            out.println("tables, trace.svg() as a picture. Tracing needs no root (UDP); probe() shows raw bytes only as root.");
            return 0;
        }
    }
}
