package jtrace.teach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes examples/*.ipynb from the lessons and examples, so the notebooks say the same words and run the same code:
 * a Markdown lesson's prose becomes Markdown cells and its {@code java} blocks code cells; a script's comment
 * paragraphs become Markdown and its code code cells. JBang's {@code //DEPS} lines are dropped; a line
 * {@code //nb CODE} (a comment in the script) is notebook-only code: a cell ending in a value shows it (a trace as
 * a table, {@code t.svg()} as a picture). A setup cell comes first. JDK only, so it also runs as a script:
 * <pre>  java test/jtrace/teach/Notebooks.java     # from the repository root, after editing a lesson</pre>
 * {@code NotebooksTest} fails when a notebook differs from what this makes.
 */
public final class Notebooks {
    private Notebooks() {}

    /** Source file in examples/ → the notebook made from it. */
    public static final Map<String, String> SOURCES = Map.of(
            "first-trace.jsh", "first-trace.ipynb", "handmade-packet.jsh", "handmade-packet.ipynb",
            "checksum.jsh", "checksum.ipynb", "lesson-1.md", "lesson-1.ipynb", "lesson-2.md", "lesson-2.ipynb",
            "lesson-3.md", "lesson-3.ipynb", "lesson-4.md", "lesson-4.ipynb");

    /** The notebook's one setup line (NotebookSetup.SETUP_LINE; kept here so this file needs only the JDK). */
    static final String SETUP_LINE = "%load \\{System.getenv(\"HOME\")}/.local/share/jtrace/notebook/jtrace.ipynb";

    static final String HOW_TO_RUN = String.join("\n",
            "**In Jupyter.** Once per machine: `./jbang jtrace.java notebook setup` (or `jbang jtrace@<org> notebook setup`)",
            "installs the kernel \"Java (jtrace)\". Start Jupyter where the lab is reachable, e.g.",
            "`sudo ip netns exec jtl-chain-c setpriv --reuid=$(id -u) --regid=$(id -g) --init-groups jupyter notebook`",
            "(as yourself: tracing needs no root, TCP included (one `connect()` per probe); only `probe()`'s raw bytes, `send()`,",
            "raw TCP SYNs and the NAT finding need root),",
            "pick \"Java (jtrace)\", run the setup cell below, then the cells in order.");

    public static void main(String[] args) throws IOException {
        Path examples = Path.of(args.length > 0 ? args[0] : "examples");
        for (var e : SOURCES.entrySet()) {
            Files.writeString(examples.resolve(e.getValue()), make(e.getKey(), Files.readString(examples.resolve(e.getKey()))));
            System.out.println("wrote " + examples.resolve(e.getValue()));
        }
    }

    /** The notebook for the file {@code name} with this text. */
    public static String make(String name, String text) {
        return json(name.endsWith(".md") ? fromLesson(text) : fromScript(name, text));
    }

    record Cell(boolean code, String source) {}

    /** A Markdown lesson: prose between the java blocks, the java blocks as code; setup after the first prose part. */
    static List<Cell> fromLesson(String text) {
        List<Cell> cells = new ArrayList<>();
        StringBuilder prose = new StringBuilder(), code = null;
        for (String line : text.split("\n", -1)) {
            if (code == null && line.equals("```java")) {
                add(cells, false, prose.toString());
                prose.setLength(0);
                code = new StringBuilder();
            } else if (code != null && line.equals("```")) {
                add(cells, true, code.toString());
                code = null;
            } else if (code != null) {
                String kept = codeLine(line);
                if (kept != null) code.append(kept).append('\n');
            } else {
                prose.append(line).append('\n');
            }
        }
        add(cells, false, prose.toString());
        cells.add(1, new Cell(false, HOW_TO_RUN));
        cells.add(2, new Cell(true, SETUP_LINE));
        return cells;
    }

    /** A script: its opening comment as the introduction, then each paragraph's comment as Markdown and its code. */
    static List<Cell> fromScript(String name, String text) {
        List<Cell> cells = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        boolean first = true;
        for (String line : (text + "\n").split("\n", -1)) {
            if (!line.isBlank()) {
                if (codeLine(line) != null || line.startsWith("//nb ")) paragraph.add(line);  // JBang's directives go
                continue;
            }
            if (paragraph.isEmpty()) continue;
            int words = 0;
            while (words < paragraph.size() && isWords(paragraph.get(words))) words++;
            StringBuilder md = new StringBuilder(), code = new StringBuilder();
            boolean inBlock = false;
            for (String l : paragraph.subList(0, words)) {
                String w = l.equals("//") ? "" : l.substring(3);
                boolean indented = first && w.startsWith("  ");  // the opening comment's indented commands: a code block
                if (!first) w = w.strip().replaceFirst("^(\\d+)\\. ", "$1\\\\. ");  // "2. As a table": not a list restarting at 1
                if (indented != inBlock && !w.isEmpty()) md.append('\n');
                if (!w.isEmpty()) inBlock = indented;
                md.append(indented ? "    " + w.strip() : w).append('\n');
            }
            for (String l : paragraph.subList(words, paragraph.size())) {
                String kept = codeLine(l);
                if (kept != null) code.append(kept).append('\n');
            }
            if (first) {
                md.insert(0, "# examples/" + name + "\n\n");
                add(cells, false, md.toString());
                cells.add(new Cell(false, HOW_TO_RUN));
                cells.add(new Cell(true, SETUP_LINE));
                first = false;
            } else {
                add(cells, false, md.toString());
            }
            add(cells, true, code.toString());
            paragraph.clear();
        }
        return cells;
    }

    /** A comment line of prose (not a JBang directive, not notebook code). */
    private static boolean isWords(String line) {
        return (line.equals("//") || line.startsWith("// ")) && !line.startsWith("///");
    }

    /** A code line as the notebook has it, or null to drop it (JBang's directives). */
    private static String codeLine(String line) {
        if (line.startsWith("///usr/bin/env") || line.startsWith("//DEPS") || line.startsWith("//JAVA_OPTIONS")) return null;
        if (line.startsWith("//nb ")) return line.substring(5);
        return line;
    }

    private static void add(List<Cell> cells, boolean code, String source) {
        String s = source.strip();
        if (!s.isEmpty()) cells.add(new Cell(code, s));
    }

    /** nbformat 4 JSON, laid out as Jupyter writes it (one-space indent, sources as lists of lines). */
    static String json(List<Cell> cells) {
        StringBuilder out = new StringBuilder("{\n \"cells\": [\n");
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            out.append("  {\n   \"cell_type\": \"").append(c.code() ? "code" : "markdown").append("\",\n");
            if (c.code()) out.append("   \"execution_count\": null,\n");
            out.append("   \"metadata\": {},\n");
            if (c.code()) out.append("   \"outputs\": [],\n");
            out.append("   \"source\": [");
            String[] lines = c.source().split("\n", -1);
            for (int l = 0; l < lines.length; l++)
                out.append(l == 0 ? "\n" : ",\n").append("    ").append(quote(lines[l] + (l < lines.length - 1 ? "\n" : "")));
            out.append("\n   ]\n  }").append(i < cells.size() - 1 ? "," : "").append('\n');
        }
        return out.append(" ],\n \"metadata\": {\n  \"kernelspec\": {\n   \"display_name\": \"Java (jtrace)\",\n")
                .append("   \"language\": \"java\",\n   \"name\": \"jtrace\"\n  },\n  \"language_info\": {\n   \"name\": \"java\"\n  }\n },\n")
                .append(" \"nbformat\": 4,\n \"nbformat_minor\": 4\n}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
