package io.podwire;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow is one direction: a package-import scan of the sources finds no cycle between podwire's packages (a
 * sub-package such as profile.calico counts as a package of its own; in
 * src/main; in src/test among the test-only classes), and the providers never write the report themselves.
 */
@DisplayName("Package dependencies: no cycle, providers report through calls")
class PackageDependenciesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package io\\.podwire\\.?([\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.podwire\\.([a-z][\\w.]*?)\\.([A-Z]\\w*)",
            Pattern.MULTILINE);

    @Test
    @DisplayName("src/main: no two packages depend on each other, directly or through others")
    void mainHasNoPackageCycle() throws IOException {
        assertEquals(List.of(), cycles(dependencies(Path.of("src/main/java"), null)), "package cycles in src/main");
    }

    @Test
    @DisplayName("src/test: no cycle among the test-only classes' packages")
    void testHasNoPackageCycle() throws IOException {
        Set<String> testClasses = classes(Path.of("src/test/java"));
        assertEquals(List.of(), cycles(dependencies(Path.of("src/test/java"), testClasses)), "package cycles in src/test");
    }

    @Test
    @DisplayName("cluster/ and run/ import nothing from report/: the run tells its listener, the report listens")
    void providersDoNotWriteTheReport() throws IOException {
        Map<String, Set<String>> deps = dependencies(Path.of("src/main/java"), null);
        assertTrue(!deps.getOrDefault("cluster", Set.of()).contains("report"), "cluster -> report: " + deps.get("cluster"));
        assertTrue(!deps.getOrDefault("run", Set.of()).contains("report"), "run -> report: " + deps.get("run"));
    }

    @Test
    @DisplayName("the scan finds a cycle where there is one")
    void aCycleIsFound() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a")));
        assertEquals(List.of("a <-> b", "a <-> c", "b <-> c"), cycles(deps));
    }

    /** package → the podwire packages it imports from (only {@code onlyTo} classes, "pkg.Class", when given). */
    static Map<String, Set<String>> dependencies(Path root, Set<String> onlyTo) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Path file : javaFiles(root)) {
            String text = Files.readString(file);
            Matcher p = PACKAGE.matcher(text);
            String pkg = p.find() ? p.group(1) : "";
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(pkg) && (onlyTo == null || onlyTo.contains(m.group(1) + "." + m.group(2)))) {
                    deps.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                }
            }
        }
        return deps;
    }

    /** Pairs of packages that reach each other, "a <-> b" with a before b. */
    static List<String> cycles(Map<String, Set<String>> deps) {
        Set<String> out = new TreeSet<>();
        for (String a : deps.keySet()) {
            for (String b : reachable(a, deps)) {
                if (!a.equals(b) && reachable(b, deps).contains(a)) {
                    out.add(a.compareTo(b) < 0 ? a + " <-> " + b : b + " <-> " + a);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> deps) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(deps.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (seen.add(n)) {
                todo.addAll(deps.getOrDefault(n, Set.of()));
            }
        }
        return seen;
    }

    private static Set<String> classes(Path root) throws IOException {
        Set<String> out = new HashSet<>();
        for (Path file : javaFiles(root)) {
            Matcher p = PACKAGE.matcher(Files.readString(file));
            String name = file.getFileName().toString();
            out.add((p.find() ? p.group(1) : "") + "." + name.substring(0, name.length() - ".java".length()));
        }
        return out;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
