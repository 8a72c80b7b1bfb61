package jtrace.packet;

import java.util.ArrayList;
import java.util.List;
import jtrace.packet.Part.Field;
import jtrace.packet.Part.Layer;
import jtrace.packet.Part.Problem;

/**
 * A packet decoded field by field (see {@link Decoder}). Prints as a tree: one line per layer, then one line per
 * field with its offset, bytes, name, value and meaning; a line starting with {@code !!} says where the bytes
 * stop making sense.
 *
 * @param bytes the decoded bytes
 * @param parts the top-level layers, in order
 */
public record Decoded(byte[] bytes, List<Part> parts) {
    public Decoded {
        bytes = bytes.clone();
        parts = List.copyOf(parts);
    }

    /** Every layer, outer first, in byte order: "IPv4", "ICMP", "quoted IPv4", "quoted UDP"… */
    public List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        walk(parts, 0, (p, depth) -> { if (p instanceof Layer l) out.add(l); });
        return out;
    }

    /** Every field, in the order they were decoded. */
    public List<Field> fields() {
        List<Field> out = new ArrayList<>();
        walk(parts, 0, (p, depth) -> { if (p instanceof Field f) out.add(f); });
        return out;
    }

    /** Where the bytes stop making sense; empty for a well-formed packet. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        walk(parts, 0, (p, depth) -> { if (p instanceof Problem x) out.add(x); });
        return out;
    }

    /** Whether every byte decoded without a problem. */
    public boolean ok() { return problems().isEmpty(); }

    /** The first field with this name, outer layers first: {@code field("time to live")}. */
    public Field field(String name) {
        return fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no field \"" + name + "\"; the fields are: " + String.join(", ", fields().stream().map(Field::name).distinct().toList())));
    }

    /** The first layer with this name: {@code layer("quoted IPv4")}. */
    public Layer layer(String name) {
        return layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no layer \"" + name + "\"; the layers are: " + String.join(", ", layers().stream().map(Layer::name).toList())));
    }

    /** The same bytes as a hex dump, with a bar after each field and a line per layer. */
    public Hexdump hexdump() { return Hexdump.of(this); }

    /** The field tree, Wireshark-style. */
    @Override
    public String toString() {
        List<Field> all = fields();
        int nameWidth = all.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        int valueWidth = Math.min(22, all.stream().mapToInt(f -> f.value().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        walk(parts, 0, (p, depth) -> {
            String indent = "  ".repeat(depth);
            if (p instanceof Layer l) {
                out.append(indent).append(l).append("  (bytes ").append(range(l.offset(), l.length())).append(")\n");
            } else if (p instanceof Field f) {
                String line = String.format("%s%5d  %-19s  %-" + nameWidth + "s  %-" + valueWidth + "s  %s", indent, f.offset(),
                        shown(f), f.name(), f.value(), f.meaning());
                out.append(line.stripTrailing()).append('\n');
            } else if (p instanceof Problem x) {
                out.append(String.format("%s%5d  !! %s%n", indent, x.offset(), x.message()));
            }
        });
        return out.toString();
    }

    /** The field's bytes: its bits for a bit field, else up to four bytes in hex. */
    private String shown(Field f) {
        String bits = f.bits(bytes);
        if (!bits.isEmpty()) return bits;
        int n = Math.min(f.length(), 4);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[f.offset() + i] & 0xff));
        return f.length() > 4 ? s + " ..." : s.toString();
    }

    static String range(int offset, int length) {
        return length <= 1 ? String.valueOf(offset) : offset + "-" + (offset + length - 1);
    }

    interface Visitor {
        void visit(Part part, int depth);
    }

    /** Depth-first, a layer before its parts. */
    static void walk(List<Part> parts, int depth, Visitor v) {
        for (Part p : parts) {
            v.visit(p, depth);
            if (p instanceof Layer l) walk(l.parts(), depth + 1, v);
        }
    }
}
