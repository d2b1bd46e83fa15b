package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.kongflow.jobs.problem.InvalidInput;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.CodePoints;
import org.quicktheories.generators.Generate;

/**
 * Cursors, as QuickTheories properties: whatever a client sends as a cursor is either a key or a 400
 * naming {@code cursor}, never another failure. A failure reports its seed; {@code -DQT_SEED=<seed>}
 * replays it.
 */
class CursorPropertiesTest {

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void aCursorGivesBackTheKeyItWasMadeFrom() {
        // Keys are PostgreSQL text that is not blank: no lone surrogate, no control character.
        Gen<Integer> keyCodePoints = Generate.oneOf(
                CodePoints.codePoints(0x20, 0x7e),
                CodePoints.codePoints(0xa0, 0xd7ff),
                CodePoints.codePoints(0xe000, Character.MAX_CODE_POINT));
        Gen<String> keys = Generate.intArrays(Generate.range(1, 300), keyCodePoints)
                .map(codePoints -> new String(codePoints, 0, codePoints.length))
                .assuming(key -> !key.isBlank());
        qt().withExamples(1_000).forAll(keys).checkAssert(key -> assertEquals(key, Cursor.decode(Cursor.encode(key))));
    }

    @Test
    void anyTextIsAKeyOrAnInvalidCursor() {
        Gen<String> cursors = Generate.oneOf(
                anyText(0, 2_000),
                // Decodable: base64url text a client altered or made up, and cursors of any text.
                Generate.intArrays(Generate.range(0, 2_000), Generate.range(0, BASE64URL.length() - 1))
                        .map(indexes -> Arrays.stream(indexes)
                                .mapToObj(i -> String.valueOf(BASE64URL.charAt(i)))
                                .collect(Collectors.joining())),
                anyText(0, 300).map(Cursor::encode));
        qt().withExamples(2_000).forAll(cursors).checkAssert(text -> {
            try {
                Cursor.decode(text);
            } catch (InvalidInput invalid) {
                assertEquals("cursor", invalid.errors().get(0).path());
            }
        });
    }

    /** ASCII (control characters included), the Basic Multilingual Plane, or any code point, lone surrogates included. */
    private static Gen<String> anyText(int minLength, int maxLength) {
        return Generate.oneOf(
                strings().ascii().ofLengthBetween(minLength, maxLength),
                strings().basicMultilingualPlaneAlphabet().ofLengthBetween(minLength, maxLength),
                strings().allPossible().ofLengthBetween(minLength, maxLength));
    }
}
