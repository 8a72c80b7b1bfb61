package jtrace.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jtrace.packet.AddressText;
import jtrace.render.RouteGraph.Link;
import jtrace.render.RouteGraph.Node;

/**
 * A picture of a route as SVG text, drawn by hand (no browser or Graphviz needed) from the {@link RouteGraph} model
 * that {@link Dot} writes too: one row per hop, top to bottom, a box per interface with its name, address and mean round trip; a silent hop is a dashed box with
 * {@code *}; the destination is green; links between hops are coloured by trace. Prints as the SVG itself.
 *
 * @param markup the whole {@code <svg>} document
 */
public record Svg(String markup) {
    private static final int BOX_W = 210, BOX_H = 38, GAP_X = 24, ROW_H = 62, LEFT = 48, TOP_TITLE = 28, LEGEND_LINE = 18;
    private static final String[] COLOURS = {"#4878b0", "#d1603d", "#2e8b57", "#8e5ea2", "#c9a227", "#3aa6b9"};

    /** One trace as a chain of hops. */
    public static Svg of(TraceView trace) { return of(RouteGraph.of(trace)); }

    /** Several traces in one picture: shared hops drawn once, each trace's links in its own colour. */
    public static Svg of(List<? extends TraceView> traces) { return of(RouteGraph.of(traces)); }

    /** Every path a multipath discovery found: each hop's interfaces side by side, the links between them. */
    public static Svg of(MultipathView multipath) { return of(RouteGraph.of(multipath)); }

    /** Any route graph: hops with one or more interfaces each, and the links between them. */
    public static Svg of(RouteGraph graph) {
        List<Integer> ttls = graph.ttls();
        Map<Integer, List<Integer>> byTtl = new HashMap<>();
        for (int i = 0; i < graph.nodes().size(); i++)  // the hops: the source and an unreached target are not drawn
            if (graph.nodes().get(i).hop()) byTtl.computeIfAbsent(graph.nodes().get(i).ttl(), t -> new ArrayList<>()).add(i);
        int columns = byTtl.values().stream().mapToInt(List::size).max().orElse(1);
        int legend = graph.routes().size() > 1 ? graph.routes().size() * LEGEND_LINE + 6 : 0;
        int titleWidth = 16 + (int) Math.ceil(graph.title().length() * 7.6);  // ~7.6 px a character at 13 px bold
        int legendWidth = 56 + (int) Math.ceil(graph.routes().stream().mapToInt(String::length).max().orElse(0) * 6.8);
        int width = Math.max(LEFT + columns * (BOX_W + GAP_X), Math.max(titleWidth, legend > 0 ? legendWidth : 0)), top = TOP_TITLE + legend + 8;
        int height = top + ttls.size() * ROW_H + 4;
        // Where each node's box goes: rows by TTL, the boxes of a row centred.
        double[] x = new double[graph.nodes().size()], y = new double[graph.nodes().size()];
        for (int row = 0; row < ttls.size(); row++) {
            List<Integer> here = byTtl.get(ttls.get(row));
            double rowWidth = here.size() * (BOX_W + GAP_X) - GAP_X;
            double start = LEFT + (columns * (BOX_W + GAP_X) - GAP_X - rowWidth) / 2;
            for (int k = 0; k < here.size(); k++) {
                x[here.get(k)] = start + k * (BOX_W + GAP_X);
                y[here.get(k)] = top + row * ROW_H;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"jtrace-route\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        out.append("<title>").append(Html.escape(graph.title())).append("</title>\n");
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        out.append(text(8, 18, graph.title(), "font-size=\"13\" font-weight=\"bold\""));
        for (int r = 0; r < graph.routes().size() && legend > 0; r++) {
            int ly = TOP_TITLE + r * LEGEND_LINE + 8;
            out.append(String.format(Locale.ROOT, "<line x1=\"12\" y1=\"%d\" x2=\"40\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    ly - 4, ly - 4, colour(r)));
            out.append(text(46, ly, graph.routes().get(r), ""));
        }
        for (int row = 0; row < ttls.size(); row++)
            out.append(text(10, top + row * ROW_H + BOX_H / 2.0 + 4, String.valueOf(ttls.get(row)), "fill=\"#666\" font-weight=\"bold\""));
        int traces = Math.max(1, graph.routes().size());
        for (Link l : graph.links()) {
            if (!graph.nodes().get(l.from()).hop() || !graph.nodes().get(l.to()).hop()) continue;
            double shift = (l.route() - (traces - 1) / 2.0) * 4;  // several traces over one link: side by side
            out.append(String.format(Locale.ROOT, "<line class=\"link\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                            + " stroke-width=\"2\"/>%n", x[l.from()] + BOX_W / 2.0 + shift, y[l.from()] + BOX_H,
                    x[l.to()] + BOX_W / 2.0 + shift, y[l.to()], colour(l.route())));
        }
        for (int i = 0; i < graph.nodes().size(); i++) if (graph.nodes().get(i).hop()) out.append(box(graph.nodes().get(i), x[i], y[i]));
        return new Svg(out.append("</svg>\n").toString());
    }

    private static String box(Node n, double x, double y) {
        StringBuilder out = new StringBuilder();
        if (n.silent()) {
            out.append(String.format(Locale.ROOT, "<g class=\"hop silent\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"6\""
                    + " fill=\"white\" stroke=\"#999\" stroke-dasharray=\"5 4\"/>%n", x, y, BOX_W, BOX_H));
            out.append(text(x + 10, y + 16, "*", "fill=\"#888\" font-weight=\"bold\""));
            out.append(text(x + 10, y + 31, "no answer", "fill=\"#888\""));
            return out.append("</g>\n").toString();
        }
        String fill = n.destination() ? "#e3f1e3" : "#eef2f8", stroke = n.destination() ? "#2e7d32" : "#4878b0";
        out.append(String.format(Locale.ROOT, "<g class=\"hop%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"6\""
                + " fill=\"%s\" stroke=\"%s\"/>%n", n.destination() ? " destination" : "", x, y, BOX_W, BOX_H, fill, stroke));
        String address = AddressText.of(n.address());
        String first = n.name().isEmpty() ? address : n.name();
        out.append(text(x + 10, y + 16, cut(first, 30), "font-weight=\"bold\""));
        String rtt = Double.isNaN(n.rtt()) ? "" : String.format(Locale.ROOT, "%.3f ms", n.rtt());
        String second = (n.name().isEmpty() ? "" : cut(address, 18) + (rtt.isEmpty() ? "" : " · ")) + rtt;
        out.append(text(x + 10, y + 31, second, "fill=\"#333\""));
        if (!n.mark().isEmpty()) out.append(text(x + BOX_W - 34, y + 16, n.mark(), "fill=\"#b00020\" font-weight=\"bold\""));
        return out.append("</g>\n").toString();
    }

    private static String text(double x, double y, String s, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>%n", x, y,
                attributes.isEmpty() ? "" : " " + attributes, Html.escape(s));
    }

    private static String cut(String s, int max) { return s.length() <= max ? s : s.substring(0, max - 1) + "…"; }

    private static String colour(int route) { return COLOURS[Math.floorMod(route, COLOURS.length)]; }

    /** Writes the picture to {@code file} (open it in any browser or image viewer). */
    public Path save(Path file) {
        try {
            return Files.writeString(file, markup);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the picture to the file named {@code file}. */
    public Path save(String file) { return save(Path.of(file)); }

    @Override
    public String toString() { return markup; }
}
