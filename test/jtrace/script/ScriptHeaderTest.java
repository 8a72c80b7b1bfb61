package jtrace.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Keeps jtrace.java's JBang header honest, without network: //SOURCES must name every
 * .java file under lib/ one by one, and //DEPS must be pom.xml's runtime dependencies.
 */
class ScriptHeaderTest {
    private static final Path ROOT = Repo.root();
    private static final Path SCRIPT = ROOT.resolve("jtrace.java");

    @Test
    void sourcesListEveryJavaFileUnderLib() throws IOException {
        List<String> listed = Repo.directive(Repo.header(SCRIPT), "SOURCES");
        List<String> actual = Repo.libSources(ROOT);

        TreeSet<String> missing = new TreeSet<>(actual);
        missing.removeAll(listed);
        TreeSet<String> extra = new TreeSet<>(listed);
        extra.removeAll(actual);
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as("jtrace.java's //SOURCES differ from the .java files under lib/ "
                        + "(run bin/sync-sources): missing %s, no such file %s", missing, extra)
                .isTrue();
        assertThat(listed).as("//SOURCES listed twice").doesNotHaveDuplicates();
    }

    @Test
    void sourcesHaveNoWildcards() throws IOException {
        // JBang expands them for a local file but drops them for a script fetched from a
        // URL, which is what `jbang jtrace@catalog` does.
        assertThat(Repo.directive(Repo.header(SCRIPT), "SOURCES"))
                .as("wildcard //SOURCES break the remote path: list each file (bin/sync-sources)")
                .isNotEmpty()
                .noneMatch(s -> s.contains("*") || s.contains("?") || s.contains("{"));
    }

    @Test
    void depsAreThePomsRuntimeDependencies() throws Exception {
        Map<String, String> deps = new TreeMap<>();
        for (String gav : Repo.directive(Repo.header(SCRIPT), "DEPS")) {
            Coordinate c = Coordinate.parseJBang(gav);
            assertThat(deps.put(c.key(), c.version())).as("//DEPS %s listed twice", c.key()).isNull();
        }
        assertThat(deps)
                .as("jtrace.java's //DEPS (left) must equal pom.xml's non-test dependencies, versions included")
                .isEqualTo(pomRuntimeDependencies(ROOT.resolve("pom.xml")));
    }

    @Test
    void syncSourcesRewritesAStaleList(@TempDir Path copy) throws Exception {
        // A copy with one source added and one removed: bin/sync-sources must make it exact again.
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(ROOT.resolve("bin/sync-sources"), copy.resolve("bin/sync-sources"));
        Files.copy(SCRIPT, copy.resolve("jtrace.java"));
        Path lib = copy.resolve("lib/jtrace");
        Files.createDirectories(lib.resolve("extra"));
        Files.writeString(lib.resolve("extra/Added.java"), "package jtrace.extra;\nclass Added {}\n");
        Files.writeString(lib.resolve("Kept.java"), "package jtrace;\nclass Kept {}\n");

        Repo.Result check = Repo.run(copy, Map.of(), List.of("bash", "bin/sync-sources", "--check"));
        assertThat(check.exitCode()).as(check.describe()).isEqualTo(1);
        assertThat(check.stderr()).contains("run bin/sync-sources");

        Repo.Result sync = Repo.run(copy, Map.of(), List.of("bash", "bin/sync-sources"));
        assertThat(sync.exitCode()).as(sync.describe()).isZero();
        List<String> header = Repo.header(copy.resolve("jtrace.java"));
        assertThat(Repo.directive(header, "SOURCES"))
                .containsExactly("lib/jtrace/Kept.java", "lib/jtrace/extra/Added.java");
        // Everything else in the header stays as it was.
        List<String> others = new ArrayList<>(Repo.header(SCRIPT));
        others.removeIf(l -> l.startsWith("//SOURCES "));
        assertThat(header).filteredOn(l -> !l.startsWith("//SOURCES ")).isEqualTo(others);
        assertThat(Files.readString(copy.resolve("jtrace.java"))).endsWith(bodyOf(SCRIPT));
    }

    private static String bodyOf(Path script) throws IOException {
        String text = Files.readString(script);
        return text.substring(text.indexOf("\npackage ") + 1);
    }

    /** Maven coordinates without the type: key is group:artifact[:classifier]. */
    record Coordinate(String key, String version) {
        private static final Pattern JBANG_GAV =
                Pattern.compile("([^:@\\s]+):([^:@\\s]+):([^:@\\s]+)(?::([^:@\\s]+))?(?:@\\S+)?");

        /** JBang's //DEPS form: group:artifact:version[:classifier][@type]. */
        static Coordinate parseJBang(String gav) {
            Matcher m = JBANG_GAV.matcher(gav);
            assertThat(m.matches()).as("//DEPS %s is not group:artifact:version[:classifier]", gav).isTrue();
            String key = m.group(1) + ":" + m.group(2) + (m.group(4) == null ? "" : ":" + m.group(4));
            return new Coordinate(key, m.group(3));
        }
    }

    /** pom.xml's dependencies outside test/provided scope, ${properties} resolved. */
    static Map<String, String> pomRuntimeDependencies(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(pom.toFile());
        Element project = doc.getDocumentElement();

        Map<String, String> props = new HashMap<>();
        Element properties = child(project, "properties");
        if (properties != null) {
            for (Element p : children(properties)) {
                props.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        for (String field : List.of("groupId", "artifactId", "version")) {
            Element e = child(project, field);
            if (e != null) {
                props.put("project." + field, e.getTextContent().trim());
            }
        }

        Map<String, String> deps = new TreeMap<>();
        Element dependencies = child(project, "dependencies");
        for (Element d : dependencies == null ? List.<Element>of() : children(dependencies)) {
            String scope = text(d, "scope", props);
            if ("test".equals(scope) || "provided".equals(scope)) {
                continue;
            }
            String classifier = text(d, "classifier", props);
            String key = text(d, "groupId", props) + ":" + text(d, "artifactId", props)
                    + (classifier == null ? "" : ":" + classifier);
            deps.put(key, text(d, "version", props));
        }
        return deps;
    }

    private static String text(Element parent, String name, Map<String, String> props) {
        Element e = child(parent, name);
        return e == null ? null : resolve(e.getTextContent().trim(), props, 0);
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private static String resolve(String value, Map<String, String> props, int depth) {
        assertThat(depth).as("pom.xml property cycle in %s", value).isLessThan(10);
        Matcher m = PROPERTY.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = props.get(m.group(1));
            assertThat(v).as("pom.xml uses undefined property ${%s}", m.group(1)).isNotNull();
            m.appendReplacement(sb, Matcher.quoteReplacement(resolve(v, props, depth + 1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }
}
