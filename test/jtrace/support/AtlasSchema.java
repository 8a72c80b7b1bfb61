package jtrace.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What RIPE's own parser (ripe.atlas.sagan, TracerouteResult: read from its source, not copied) demands of a
 * traceroute result, as a check: the five keys without which it refuses the result (timestamp, msm_id, prb_id,
 * fw, type), fw not 0 (it flags that as malformed), proto one it maps (ICMP/UDP/TCP or I/U/T), result a list
 * (else "Legacy formats not supported"), and each field of the types it converts them to (int(), str(),
 * float(), bool()). A value its int() would refuse (a string for a number, a float for an int) is reported,
 * and so is a key sagan does not read, unless it is one we document ({@code reused_from}, {@code behind_nat}).
 */
public final class AtlasSchema {
    private AtlasSchema() {}

    private static final Set<String> TOP = Set.of("fw", "type", "af", "dst_name", "dst_addr", "src_addr", "from", "proto",
            "size", "paris_id", "msm_id", "prb_id", "timestamp", "endtime", "result", "lts", "group_id", "bundle", "msm_name");
    private static final Set<String> HOP = Set.of("hop", "result", "error", "reused_from", "behind_nat");
    private static final Set<String> REPLY = Set.of("from", "rtt", "size", "ttl", "mtu", "dstoptsize", "hbhoptsize", "late",
            "ittl", "err", "icmpext", "edst", "flags", "x");

    /** Every problem a sagan reader would have with {@code r}; empty when it reads cleanly. */
    @SuppressWarnings("unchecked")
    public static List<String> problems(Map<String, Object> r) {
        List<String> p = new ArrayList<>();
        for (String k : List.of("timestamp", "msm_id", "prb_id", "fw", "type"))
            if (!r.containsKey(k)) p.add("missing " + k + ": sagan refuses the result");
        unknown(p, "result", r, TOP);
        integer(p, r, "timestamp", true);
        integer(p, r, "msm_id", true);
        integer(p, r, "prb_id", true);
        integer(p, r, "fw", true);
        if (Long.valueOf(0).equals(r.get("fw"))) p.add("fw 0: sagan flags the result as malformed");
        if (!"traceroute".equals(r.get("type"))) p.add("type is not \"traceroute\": " + r.get("type"));
        integer(p, r, "af", true);
        if (r.get("af") instanceof Long af && af != 4 && af != 6) p.add("af must be 4 or 6, got " + af);
        for (String k : List.of("dst_addr", "dst_name")) string(p, r, k, true);
        // sagan reads these as None when absent; Atlas leaves them out when there was no source (no route to the target).
        for (String k : List.of("src_addr", "from")) string(p, r, k, false);
        integer(p, r, "endtime", true);
        integer(p, r, "paris_id", true);
        integer(p, r, "size", true);
        if (!Set.of("ICMP", "UDP", "TCP", "I", "U", "T").contains(r.get("proto"))) p.add("proto not recognised: " + r.get("proto"));
        if (!(r.get("result") instanceof List<?> hops)) {
            p.add("result is not a list: sagan says \"Legacy formats not supported\"");
            return p;
        }
        for (Object h : hops) {
            if (!(h instanceof Map)) { p.add("a hop is not an object: " + h); continue; }
            Map<String, Object> hop = (Map<String, Object>) h;
            unknown(p, "hop", hop, HOP);
            integer(p, hop, "hop", true);
            string(p, hop, "error", false);
            string(p, hop, "reused_from", false);
            if (hop.containsKey("behind_nat") && !Boolean.TRUE.equals(hop.get("behind_nat"))) p.add("behind_nat is there only as true: " + hop);
            if (!hop.containsKey("error") && !(hop.get("result") instanceof List)) p.add("hop " + hop.get("hop") + " has neither result nor error");
            if (!(hop.get("result") instanceof List<?> replies)) continue;
            for (Object x : replies) {
                if (!(x instanceof Map)) { p.add("a reply is not an object: " + x); continue; }
                Map<String, Object> reply = (Map<String, Object>) x;
                unknown(p, "reply", reply, REPLY);
                if (reply.containsKey("x")) {
                    if (!"*".equals(reply.get("x")) || reply.size() != 1) p.add("a timeout must be exactly {\"x\": \"*\"}: " + reply);
                    continue;
                }
                string(p, reply, "from", true);
                // Atlas: a late reply has no rtt (sagan then skips the entry: its probe counts as lost); any other has one.
                if (reply.containsKey("late")) { if (reply.containsKey("rtt")) p.add("a late reply has no rtt in Atlas: " + reply); }
                else if (!(reply.get("rtt") instanceof Number)) p.add("rtt is not a number: " + reply);
                for (String k : List.of("size", "ttl", "mtu", "late", "ittl", "dstoptsize", "hbhoptsize")) integer(p, reply, k, false);
                if (reply.containsKey("err") && !(reply.get("err") instanceof String || reply.get("err") instanceof Long))
                    p.add("err is neither a letter nor a code: " + reply);
                if (reply.containsKey("icmpext")) {
                    if (!(reply.get("icmpext") instanceof Map<?, ?> ext)) p.add("icmpext is not an object");
                    else {
                        if (!(ext.get("version") instanceof Long)) p.add("icmpext.version is not an integer");
                        if (!(ext.get("obj") instanceof List)) p.add("icmpext.obj is not a list");
                    }
                }
            }
        }
        return p;
    }

    private static void unknown(List<String> p, String where, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) if (!allowed.contains(k)) p.add(where + " key '" + k + "' is not one sagan reads");
    }

    private static void integer(List<String> p, Map<String, Object> m, String k, boolean required) {
        if (!m.containsKey(k)) { if (required) p.add("missing " + k); return; }
        if (!(m.get(k) instanceof Long)) p.add(k + " is not an integer: " + m.get(k));
    }

    private static void string(List<String> p, Map<String, Object> m, String k, boolean required) {
        if (!m.containsKey(k)) { if (required) p.add("missing " + k); return; }
        if (!(m.get(k) instanceof String)) p.add(k + " is not a string: " + m.get(k));
    }
}
