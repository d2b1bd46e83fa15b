package io.kongflow.jobs.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kongflow.jobs.support.StatusRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every answer the whole test suite saw ({@link StatusRecorder}) is documented by its operation in
 * the committed contract: a client generated from it never meets an undocumented status. Runs after
 * all other tests (its own surefire execution, pom.xml, only when no {@code -Dtest} narrows the
 * run); documented answers never seen are printed for review.
 */
class ObservedStatusesCheck {

    private static final Path CONTRACT = Path.of("src/test/openapi/kongflow-jobs.json");

    /** One documented operation and the path pattern it answers. */
    record Documented(String method, String template, Pattern pattern, int literals, Set<String> statuses) {
        String name() {
            return method + " " + template;
        }
    }

    @Test
    void everyObservedAnswerIsDocumented() throws Exception {
        Path file = StatusRecorder.file();
        assertTrue(Files.exists(file), "Nothing was recorded: " + file + " is missing (did the suite run?)");
        List<Documented> operations = documented();
        Map<String, Set<String>> observed = new TreeMap<>();
        Set<String> undocumented = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.split(" ");
            if (parts.length != 3) {
                continue;
            }
            Optional<Documented> operation = match(operations, parts[0], parts[1]);
            if (operation.isEmpty()) {
                continue; // not an operation of the document: /q/*, an unknown path or method
            }
            observed.computeIfAbsent(operation.get().name(), name -> new TreeSet<>())
                    .add(parts[2]);
            if (!operation.get().statuses().contains(parts[2])) {
                undocumented.add(operation.get().name() + " answered " + parts[2] + " (e.g. " + parts[1] + ")");
            }
        }
        int pairs = observed.values().stream().mapToInt(Set::size).sum();
        assertTrue(
                observed.size() >= operations.size() / 2,
                "Only " + observed.size() + " of " + operations.size() + " operations were seen: not a whole run");
        List<String> unseen = new ArrayList<>();
        for (Documented operation : operations) {
            Set<String> seen = observed.getOrDefault(operation.name(), Set.of());
            operation.statuses().stream()
                    .filter(status -> !seen.contains(status))
                    .forEach(status -> unseen.add(operation.name() + " " + status));
        }
        System.out.printf(
                "Observed %d (operation, status) pairs over %d of %d operations.%n"
                        + "Documented but never observed (%d), for review:%n  %s%n",
                pairs, observed.size(), operations.size(), unseen.size(), String.join("\n  ", unseen));
        assertTrue(undocumented.isEmpty(), "Undocumented answers:\n  " + String.join("\n  ", undocumented));
    }

    private static List<Documented> documented() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(CONTRACT.toFile()).get("paths");
        List<Documented> operations = new ArrayList<>();
        paths.fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                    Set<String> statuses = new TreeSet<>();
                    operation.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
                    String template = path.getKey();
                    Pattern pattern =
                            Pattern.compile("\\Q" + template.replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "\\E");
                    int literals = (int) Pattern.compile("/")
                            .splitAsStream(template)
                            .filter(segment -> !segment.startsWith("{"))
                            .count();
                    operations.add(
                            new Documented(operation.getKey().toUpperCase(), template, pattern, literals, statuses));
                }));
        return operations;
    }

    /** The operation a request reached: of the templates matching its path, the most literal one. */
    private static Optional<Documented> match(List<Documented> operations, String method, String path) {
        Optional<String> template = operations.stream()
                .filter(operation -> operation.pattern().matcher(path).matches())
                .max(Comparator.comparingInt(Documented::literals))
                .map(Documented::template);
        return template.flatMap(chosen -> operations.stream()
                .filter(operation -> operation.template().equals(chosen)
                        && operation.method().equals(method))
                .findFirst());
    }
}
