package io.kongflow.jobs.catalog;

import io.kongflow.jobs.problem.InvalidInput;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cursors, as jqwik properties (run by jqwik's engine, beside the Jupiter tests): whatever a client
 * sends as a cursor is either a key or a 400 naming {@code cursor}, never another failure.
 */
class CursorPropertiesTest {

    @Property
    void aCursorGivesBackTheKeyItWasMadeFrom(@ForAll @StringLength(min = 1, max = 300) String key) {
        Assume.that(!key.isBlank() && key.chars().noneMatch(Character::isISOControl));
        // Keys come from PostgreSQL text, which holds no lone surrogate.
        Assume.that(key.equals(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        assertEquals(key, Cursor.decode(Cursor.encode(key)));
    }

    @Property(tries = 2_000)
    void anyTextIsAKeyOrAnInvalidCursor(@ForAll @StringLength(max = 2_000) String text) {
        try {
            Cursor.decode(text);
        } catch (InvalidInput invalid) {
            assertEquals("cursor", invalid.errors().get(0).path());
        }
    }
}
