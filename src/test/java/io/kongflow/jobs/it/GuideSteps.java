package io.kongflow.jobs.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The executable steps of a markdown guide: every {@code ```bash} block, with the {@code ```json} or
 * {@code ```text} block that directly follows it (what the guide says it prints), and the one bash
 * script that runs them in order, so that variables set by a step reach the next ones.
 */
final class GuideSteps {

    /** What a step's output looks like in the guide; {@code shownLanguage} is null when none is shown. */
    record Step(int number, int line, String commands, String shownLanguage, String shownOutput) {}

    private record Fence(String language, int line, String body, int endLine) {}

    private static final String MARKER = "@@guide-step ";

    private GuideSteps() {}

    static List<Step> read(Path markdown) throws IOException {
        List<Fence> fences = fences(Files.readAllLines(markdown));
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < fences.size(); i++) {
            Fence fence = fences.get(i);
            if (!fence.language().equals("bash")) {
                continue;
            }
            Fence next = i + 1 < fences.size() ? fences.get(i + 1) : null;
            boolean shown = next != null
                    && next.line() == fence.endLine() + 2
                    && (next.language().equals("json") || next.language().equals("text"));
            steps.add(new Step(
                    steps.size(),
                    fence.line(),
                    fence.body(),
                    shown ? next.language() : null,
                    shown ? next.body() : null));
        }
        return steps;
    }

    /** Fenced blocks; an output block counts as "right after" when one blank line separates them. */
    private static List<Fence> fences(List<String> lines) {
        List<Fence> fences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("```")) {
                continue;
            }
            String info = line.substring(3).trim();
            String language = info.isEmpty() ? "" : info.split("\\s+")[0];
            StringBuilder body = new StringBuilder();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                body.append(lines.get(end)).append('\n');
                end++;
            }
            fences.add(new Fence(language, start, body.toString(), end + 1));
            i = end;
        }
        return fences;
    }

    /**
     * One script: fail on the first failing command or unset variable, print a marker line before
     * each step's output, and stop whatever a step left running in the background on exit.
     */
    static String script(List<Step> steps) {
        StringBuilder script = new StringBuilder("""
                set -euo pipefail
                trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
                """);
        for (Step step : steps) {
            script.append("printf '\\n")
                    .append(MARKER)
                    .append(step.number())
                    .append("\\n'\n")
                    .append(step.commands());
        }
        return script.toString();
    }

    /** The output of each step that ran, by step number. */
    static Map<Integer, String> outputs(String stdout) {
        Map<Integer, String> outputs = new LinkedHashMap<>();
        Integer current = null;
        StringBuilder output = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                if (current != null) {
                    outputs.put(current, output.toString().strip());
                }
                current = Integer.parseInt(line.substring(MARKER.length()).trim());
                output.setLength(0);
            } else if (current != null) {
                output.append(line).append('\n');
            }
        }
        if (current != null) {
            outputs.put(current, output.toString().strip());
        }
        return outputs;
    }
}
