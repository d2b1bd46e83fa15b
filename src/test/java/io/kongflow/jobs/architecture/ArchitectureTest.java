package io.kongflow.jobs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules of the source layout that ARCHITECTURE.md states, checked on the sources themselves. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/kongflow/jobs");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?io\\.kongflow\\.jobs\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void noTwoPackagesDependOnEachOtherEvenThroughOthers() throws IOException {
        Map<String, Set<String>> imports = packageImports();
        List<String> cycles = new ArrayList<>();
        for (String start : imports.keySet()) {
            for (String reached : reachable(imports, start)) {
                if (reached.compareTo(start) > 0 && reachable(imports, reached).contains(start)) {
                    cycles.add(start + " <-> " + reached);
                }
            }
        }
        assertEquals(List.of(), cycles, "packages that reach each other: " + imports);
    }

    @Test
    void theDetectorSeesACycle() {
        Map<String, Set<String>> cyclic = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"));
        assertTrue(reachable(cyclic, "a").contains("a"));
        assertTrue(!reachable(Map.of("a", Set.of("b"), "b", Set.of()), "b").contains("a"));
    }

    @Test
    void rowsAreReadByNameAndSqlGoesThroughOneClient() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            for (String forbidden :
                    List.of("Object[]", "createNativeQuery", "NativeSql", "getValue(0)", "preparedQuery(")) {
                if (text.contains(forbidden) && !file.endsWith("Statements.java")) {
                    offenders.add(MAIN.relativize(file) + ": " + forbidden);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void resourcesNeitherOpenSessionsNorRetryTransactions() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            if (!MAIN.relativize(file).toString().startsWith("api")) {
                continue;
            }
            String text = Files.readString(file);
            for (String forbidden :
                    List.of("Panache.", "Transactions.", "@WithTransaction", "@WithSession", ".transaction(")) {
                if (text.contains(forbidden)) {
                    offenders.add(MAIN.relativize(file) + ": " + forbidden);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    private static Set<String> reachable(Map<String, Set<String>> graph, String start) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(graph.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static Map<String, Set<String>> packageImports() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (Path file : sources()) {
            String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
            Set<String> targets = imports.computeIfAbsent(pkg, key -> new TreeSet<>());
            Matcher matcher = IMPORT.matcher(Files.readString(file));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (!target.equals(pkg)) {
                    targets.add(target);
                }
            }
        }
        return imports;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .toList();
        }
    }
}
