package io.kongflow.jobs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone builds and tests on its own: no main or test source names a file outside the
 * repository. Such a path works only beside the working copy it was written in (the project's
 * sibling folders are not part of a user's clone), so it fails the build here instead.
 */
class SelfContainedTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    /** Put together, so that this file's own examples of what the scan refuses do not name a path outside. */
    private static final String UP = ".." + "/";

    private static final String WORK = "/" + "work/";

    private static final Set<String> SCANNED =
            Set.of("java", "properties", "mjs", "js", "ts", "json", "sh", "yaml", "yml");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "target");
    /** A relative path that goes up (two dots, then a slash); a bare {@code ".."} is test data here (a version, a path segment). */
    private static final Pattern ESCAPING = Pattern.compile("(?<![\\w.])\\.\\./[^\\s\"'`)<>,;]*");
    /** A path under the machine's work tree, where the project's siblings live. */
    private static final Pattern WORK_TREE = Pattern.compile("(?<![\\w.])/work/[\\w.-]+");

    @Test
    void noSourceNamesAPathOutsideTheRepository() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : sources()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                for (String path : outsidePaths(file, lines.get(i))) {
                    outside.add(ROOT.relativize(file) + ":" + (i + 1) + " names " + path);
                }
            }
        }
        assertEquals(
                List.of(), outside, "paths outside the repository (copy what a test needs under src/test/resources)");
    }

    @Test
    void theScanFindsWhatALineNamesOutsideAndLeavesTheRestAlone() {
        Path java = ROOT.resolve("src/test/java/io/kongflow/jobs/A.java");
        Path config = ROOT.resolve("src/test/typescript-client/tsconfig.json");
        assertEquals(
                List.of(UP + "sibling/fixtures/sdk-2.3.18"),
                outsidePaths(java, "Path.of(\"" + UP + "sibling/fixtures/sdk-2.3.18\")"));
        assertEquals(List.of(UP + "sibling"), outsidePaths(java, "Path.of(\"" + UP + "sibling\", \"fixtures\")"));
        assertEquals(List.of(WORK + "sibling"), outsidePaths(java, "String kit = \"" + WORK + "sibling/native-kit\";"));
        assertEquals(List.of(UP.repeat(3) + ".."), outsidePaths(config, "\"rootDir\": \"" + UP.repeat(3) + "..\","));
        // Relative to the file that names it, this one is the repository's root.
        assertEquals(List.of(), outsidePaths(config, "\"rootDir\": \"" + UP.repeat(2) + "..\","));
        // Version strings and ellipses are not paths.
        assertEquals(List.of(), outsidePaths(java, "versions.add(\"1..2\"); String s = \"a...\";"));
    }

    /**
     * The paths of a line that resolve outside the repository. Java and properties files name paths
     * relative to the working directory (the repository's root, where Maven runs the tests); the
     * node, TypeScript and shell files relative to their own directory.
     */
    static List<String> outsidePaths(Path file, String line) {
        Path base = isRootRelative(file) ? ROOT : file.getParent();
        List<String> outside = new ArrayList<>();
        Matcher relative = ESCAPING.matcher(line);
        while (relative.find()) {
            String path = relative.group();
            if (!base.resolve(path).normalize().startsWith(ROOT)) {
                outside.add(path);
            }
        }
        Matcher absolute = WORK_TREE.matcher(line);
        while (absolute.find()) {
            outside.add(absolute.group());
        }
        return outside;
    }

    private static boolean isRootRelative(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".properties");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("src"))) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> SCANNED.contains(extension(file)))
                    .filter(file -> !file.getFileName().toString().equals("package-lock.json"))
                    .filter(file -> Stream.of(ROOT.relativize(file).toString().split("/"))
                            .noneMatch(SKIPPED_DIRECTORIES::contains))
                    .sorted()
                    .toList();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
