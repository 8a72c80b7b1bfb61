package jtrace.hygiene;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * One slice per package right under {@code root}, and the root package itself as one more slice. ArchUnit's own
 * {@code slices().matching("jtrace.(*)..")} leaves the root package's classes out, so a cycle between {@code jtrace}
 * and a subpackage would go unseen. The {@code facade} class (with its nested classes), when given, is a slice of its
 * own: it sits in the root package for one import, but above every subpackage it drives.
 */
record TopLevelPackages(String root, String facade) implements SliceAssignment {
    /** Without a facade: the root package is one slice. */
    TopLevelPackages(String root) { this(root, null); }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
        if (facade != null && c.getName().replaceAll("\\$.*", "").equals(facade)) return SliceIdentifier.of(facade + " (facade)");
        String p = c.getPackageName();
        if (p.equals(root)) return SliceIdentifier.of(root);
        if (!p.startsWith(root + ".")) return SliceIdentifier.ignore();
        String rest = p.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
    }

    @Override
    public String getDescription() {
        return "the packages right under " + root + ", and " + root + " itself" + (facade == null ? "" : ", and " + facade + " apart");
    }
}
