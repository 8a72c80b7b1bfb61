package jtrace.render;

import java.util.List;

/**
 * The output formats a run can print, each backed by its one renderer. A multi-target run prints {@link #start()}
 * once, then {@link #each} as every target finishes (whole, never interleaved), then {@link #end} over them all.
 */
public enum Format {
    /** traceroute's text, one block per target. */
    TEXT,
    /** RIPE Atlas traceroute results: one object for one target, one line per target (JSON lines) for several. */
    JSON,
    /** One row per probe under one header ({@link Csv}). */
    CSV,
    /** One Graphviz graph of every trace ({@link Dot}): printed once all are done. */
    DOT;

    /** What comes before the first target. */
    public String start() { return this == CSV ? Csv.HEADER + "\n" : ""; }

    /** One finished target, printed as soon as it is done; {@code several}: more targets in this run. */
    public String each(TraceView trace, boolean several) {
        return switch (this) {
            case TEXT -> TraceText.of(trace) + (several ? "\n" : "");  // a blank line between blocks
            case JSON -> several ? AtlasJson.line(trace) + "\n" : AtlasJson.of(trace);
            case CSV -> Csv.rows(trace);
            case DOT -> "";
        };
    }

    /** What comes after the last target. */
    public String end(List<? extends TraceView> traces) { return this == DOT ? Dot.of(traces) : ""; }
}
