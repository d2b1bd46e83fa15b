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
 * the committed contract: a client generated from it never meets an undocumented status, and no
 * request reached an operation the document does not list (an answer other than "nothing here" to a
 * path and method no operation matches; {@link ObservedStatusesRulesTest}). Runs after
 * all other tests (its own surefire execution, pom.xml, only when no {@code -Dtest} narrows the
 * run); documented answers never seen are printed for review.
 */
class ObservedStatusesCheck {

    static final Path CONTRACT = Path.of("src/test/openapi/kongflow-jobs.json");

    /** One documented operation and the path pattern it answers. */
    record Documented(String method, String template, Pattern pattern, int literals, Set<String> statuses) {
        String name() {
            return method + " " + template;
        }
    }

    /**
     * What a request no documented operation matches may answer: nothing was served (404, 405), or a
     * filter refused it before routing (401, 413, 414, 431). Anything else reached an operation the
     * document does not list.
     */
    static final Set<String> UNROUTED = Set.of("401", "404", "405", "413", "414", "431");

    /** The recorded answers, by documented operation, and those the document does not allow. */
    record Observations(Map<String, Set<String>> observed, Set<String> undocumented) {}

    @Test
    void everyObservedAnswerIsDocumented() throws Exception {
        Path file = StatusRecorder.file();
        assertTrue(Files.exists(file), "Nothing was recorded: " + file + " is missing (did the suite run?)");
        List<Documented> operations = documented(CONTRACT);
        Observations observations = observe(operations, Files.readAllLines(file));
        Map<String, Set<String>> observed = observations.observed();
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
        assertTrue(
                observations.undocumented().isEmpty(),
                "Undocumented answers:\n  " + String.join("\n  ", observations.undocumented()));
    }

    /**
     * Each line is "METHOD path status"; Quarkus' own routes ({@code /q/}), the console's HTML pages
     * ({@code /console/}) and the files it serves ({@code /webjars/}) are not the API's.
     */
    static Observations observe(List<Documented> operations, List<String> lines) {
        Map<String, Set<String>> observed = new TreeMap<>();
        Set<String> undocumented = new TreeSet<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts.length != 3
                    || parts[1].startsWith("/q/")
                    || parts[1].startsWith("/console")
                    || parts[1].startsWith("/webjars/")) {
                continue;
            }
            Optional<Documented> operation = match(operations, parts[0], parts[1]);
            if (operation.isEmpty()) {
                if (!UNROUTED.contains(parts[2])) {
                    undocumented.add(parts[0] + " " + parts[1] + " answered " + parts[2]
                            + ", and the document has no such operation");
                }
                continue;
            }
            observed.computeIfAbsent(operation.get().name(), name -> new TreeSet<>())
                    .add(parts[2]);
            if (!operation.get().statuses().contains(parts[2])) {
                undocumented.add(operation.get().name() + " answered " + parts[2] + " (e.g. " + parts[1] + ")");
            }
        }
        return new Observations(observed, undocumented);
    }

    static List<Documented> documented(Path contract) throws Exception {
        JsonNode paths = new ObjectMapper().readTree(contract.toFile()).get("paths");
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
