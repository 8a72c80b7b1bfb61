package jtrace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import jtrace.Trace;
import picocli.CommandLine.Option;

/** {@code --svg FILE}: the trace also drawn as a picture (render/Svg), for a browser; no Graphviz needed. */
final class PictureOption {
    @Option(names = "--svg", paramLabel = "FILE", description = "Also draw the route as an SVG picture into FILE (a browser shows it).")
    Path svg;

    /** Writes the picture if one was asked for; {@code trace} is null when --methods ran one trace per method. */
    void save(Trace trace) throws IOException {
        if (svg == null) return;
        if (trace == null) throw new UsageException("--svg draws one trace: leave out --methods to draw it");
        try {
            trace.svg().save(svg);
        } catch (UncheckedIOException e) {
            throw new IOException(e.getMessage() + " (--svg)", e);
        }
    }
}
