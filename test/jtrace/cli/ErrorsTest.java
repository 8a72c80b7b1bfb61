package jtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void aClassThatCannotBeLoadedIsOneLineWithoutDebugAndAStackTraceWithIt() {
        NoClassDefFoundError missing = new NoClassDefFoundError("jtrace/render/Table");
        StringWriter plain = new StringWriter(), debug = new StringWriter();
        assertThat(Errors.report(missing, false, new PrintWriter(plain))).isEqualTo(1);
        assertThat(plain.toString()).isEqualTo("jtrace: internal error: cannot load jtrace/render/Table (run again with --debug and report it)"
                + System.lineSeparator());
        assertThat(Errors.report(missing, true, new PrintWriter(debug))).isEqualTo(1);
        assertThat(debug.toString()).contains("java.lang.NoClassDefFoundError: jtrace/render/Table", "\tat ")
                .endsWith("jtrace: internal error: cannot load jtrace/render/Table" + System.lineSeparator());
    }
}
