package io.kongflow.jobs.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** JavaScript's String(number) and Number(string), as the operators' arguments get them; answers from node. */
class EventFilterCoercionTest {

    @Test
    void numbersPrintAsJavaScriptPrintsThem() {
        assertPrints("1e+21", 1e21);
        assertPrints("1.5e-7", 1.5e-7);
        assertPrints("2e-7", 2e-7);
        assertPrints("123456789012345680000", 123456789012345680000d);
        assertPrints("150000000000000000000", 1.5e20);
        assertPrints("0.000001", 0.000001);
        assertPrints("1e-7", 1e-7);
        assertPrints("5e-324", 5e-324);
        assertPrints("1.7976931348623157e+308", 1.7976931348623157e308);
        assertPrints("0.30000000000000004", 0.1 + 0.2);
        assertPrints("0.3333333333333333", 1.0 / 3);
        assertPrints("123.456", 123.456);
        assertPrints("100", 100);
        assertPrints("9007199254740994", 9007199254740994d);
        assertPrints("0", -0.0);
        assertPrints("-1.5", -1.5);
        assertPrints("Infinity", Double.POSITIVE_INFINITY);
        assertPrints("NaN", Double.NaN);
    }

    @Test
    void stringsReadAsJavaScriptReadsThem() {
        assertReads(0, "");
        assertReads(0, "  ");
        assertReads(12, " 12 ");
        assertReads(12, "\u00A012\u2028");
        assertReads(1, "1.");
        assertReads(0.5, ".5");
        assertReads(0.5, "+.5");
        assertReads(16, "0x10");
        assertReads(31, "0X1F");
        assertReads(5, "0b101");
        assertReads(15, "0o17");
        assertReads(1000, "1e3");
        assertReads(Double.POSITIVE_INFINITY, "Infinity");
        assertReads(Double.NEGATIVE_INFINITY, "-Infinity");
        for (String notANumber : new String[] {"-0x10", "1_000", "infinity", "1e", "12px", "1d", "0x1p3", "NaN"}) {
            assertReads(Double.NaN, notANumber);
        }
    }

    private static void assertPrints(String javaScript, double number) {
        assertEquals(javaScript, JsCoercion.numberToString(number));
    }

    private static void assertReads(double javaScript, String text) {
        assertEquals(javaScript, JsCoercion.stringToNumber(text), '"' + text + '"');
    }
}
