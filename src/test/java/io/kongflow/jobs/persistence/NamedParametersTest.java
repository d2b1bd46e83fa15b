package io.kongflow.jobs.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code :name} becomes, and every PostgreSQL form where a colon is not a parameter. */
class NamedParametersTest {

    private static void assertCompiles(String named, String positional, String... names) {
        NamedParameters compiled = NamedParameters.compile(named);
        assertEquals(positional, compiled.sql());
        assertEquals(List.of(names), compiled.names());
    }

    @Test
    void namesBecomePositionsInOrderOfFirstUse() {
        assertCompiles(
                "SELECT * FROM t WHERE a = :first AND b = :second_2 OR a = :first",
                "SELECT * FROM t WHERE a = $1 AND b = $2 OR a = $1",
                "first",
                "second_2");
    }

    @Test
    void castsAreNotParameters() {
        assertCompiles("SELECT :id::uuid, x::text", "SELECT $1::uuid, x::text", "id");
    }

    @Test
    void aColonNotFollowedByALetterIsCopied() {
        assertCompiles("SELECT a[1:2], :x", "SELECT a[1:2], $1", "x");
    }

    @Test
    void stringConstantsAreCopied() {
        assertCompiles("SELECT 'a :not' || :x", "SELECT 'a :not' || $1", "x");
        assertCompiles("SELECT 'it''s :not', :x", "SELECT 'it''s :not', $1", "x");
    }

    @Test
    void escapeStringsHonourBackslashes() {
        assertCompiles("SELECT E'\\' :not', :x", "SELECT E'\\' :not', $1", "x");
        assertCompiles("SELECT e'a\\\\', :x", "SELECT e'a\\\\', $1", "x");
    }

    @Test
    void aQuoteAfterAnIdentifierEndingInEIsAPlainString() {
        // "type'..." is not an escape string: the backslash is an ordinary character there.
        assertCompiles("SELECT type'a\\', :x", "SELECT type'a\\', $1", "x");
    }

    @Test
    void quotedIdentifiersAreCopied() {
        assertCompiles("SELECT \"a :not\"\"b\" FROM t WHERE c = :x", "SELECT \"a :not\"\"b\" FROM t WHERE c = $1", "x");
    }

    @Test
    void dollarQuotedStringsAreCopied() {
        assertCompiles("SELECT $$ :not $$, :x", "SELECT $$ :not $$, $1", "x");
        assertCompiles("SELECT $fn$ :not $$ :still $fn$, :x", "SELECT $fn$ :not $$ :still $fn$, $1", "x");
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertCompiles("SELECT $1, :x", "SELECT $1, $1", "x");
    }

    @Test
    void lineCommentsAreCopied() {
        assertCompiles("SELECT 1 -- :not\n, :x", "SELECT 1 -- :not\n, $1", "x");
        assertCompiles("SELECT :x -- :not", "SELECT $1 -- :not", "x");
    }

    @Test
    void nestedBlockCommentsAreCopied() {
        assertCompiles("SELECT /* a /* :not */ :still */ :x", "SELECT /* a /* :not */ :still */ $1", "x");
    }

    @Test
    void unterminatedFormsRunToTheEnd() {
        assertCompiles(":x 'open :y", "$1 'open :y", "x");
        assertCompiles(":x /* open :y", "$1 /* open :y", "x");
        assertCompiles(":x $q$ open :y", "$1 $q$ open :y", "x");
    }

    @Test
    void theCompiledFormIsShared() {
        assertEquals(NamedParameters.of("SELECT :a"), NamedParameters.of("SELECT :a"));
    }
}
