package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kongflow.jobs.support.NeededTools;
import io.kongflow.jobs.support.SdkEndpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The property beyond the checked-in corpus: cases from a fresh seed, answered by the SDK in node now. */
class EventFilterFreshCorpusTest {

    private static final int CASES = 2000;

    @Test
    void casesFromAFreshSeedAreAnsweredAsTheSdkAnswersThem() throws IOException, InterruptedException {
        NeededTools.require("the SDK's eventFilterMatches runs on Node.js", "node", "npm");
        SdkEndpoint.installDependencies();
        int seed = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);

        Corpus corpus = generate(seed);

        assertEquals(CASES, corpus.size());
        List<String> mismatches = corpus.mismatches();
        assertEquals(
                List.of(),
                mismatches,
                mismatches.size() + " cases differ; reproduce with: node src/test/event-filter/generate-corpus.mjs"
                        + " --seed " + seed + " --count " + CASES);
    }

    private static Corpus generate(int seed) throws IOException, InterruptedException {
        Process node = new ProcessBuilder(
                        "node",
                        "src/test/event-filter/generate-corpus.mjs",
                        "--seed",
                        Integer.toString(seed),
                        "--count",
                        Integer.toString(CASES),
                        "--out",
                        "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] json = node.getInputStream().readAllBytes();
        assertTrue(node.waitFor(30, TimeUnit.SECONDS), "the generator did not end within 30 s");
        assertEquals(0, node.exitValue(), "the generator failed (seed " + seed + ")");
        return Corpus.read(new ByteArrayInputStream(json));
    }
}
