package io.kongflow.jobs.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** JavaScript's {@code String(value)} and {@code Number(value)} on JSON values, as operator arguments get them. */
final class JsCoercion {

    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
    private static final Pattern RADIX = Pattern.compile("0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)");
    private static final String JS_WHITESPACE =
            "\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A"
                    + "\u2028\u2029\u202F\u205F\u3000\uFEFF";

    private JsCoercion() {}

    static String toJsString(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return numberToString(value.doubleValue());
        }
        if (value.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < value.size(); i++) {
                JsonNode member = value.get(i);
                joined.append(i == 0 ? "" : ",").append(member.isNull() ? "" : toJsString(member));
            }
            return joined.toString();
        }
        if (value.isObject()) {
            return "[object Object]";
        }
        return value.isMissingNode() ? "undefined" : value.asText();
    }

    static double toJsNumber(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.isNull()) {
            return 0;
        }
        return value.isMissingNode() ? Double.NaN : stringToNumber(toJsString(value));
    }

    static double stringToNumber(String text) {
        String trimmed = trim(text);
        if (trimmed.isEmpty()) {
            return 0;
        }
        if (DECIMAL.matcher(trimmed).matches()) {
            return trimmed.endsWith("Infinity")
                    ? (trimmed.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : Double.parseDouble(trimmed);
        }
        if (RADIX.matcher(trimmed).matches()) {
            char prefix = Character.toLowerCase(trimmed.charAt(1));
            int radix = prefix == 'x' ? 16 : prefix == 'o' ? 8 : 2;
            return new BigInteger(trimmed.substring(2), radix).doubleValue();
        }
        return Double.NaN;
    }

    /** {@code Number.prototype.toString()}: the shortest digits that read back as the same double. */
    static String numberToString(double number) {
        if (Double.isNaN(number)) {
            return "NaN";
        }
        if (number == 0) {
            return "0";
        }
        if (number < 0) {
            return "-" + numberToString(-number);
        }
        if (Double.isInfinite(number)) {
            return "Infinity";
        }
        if (number < 0x1p53 && number == Math.rint(number)) {
            return Long.toString((long) number);
        }
        BigDecimal shortest = shortestDigits(number);
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        String exponent = (n - 1 < 0 ? "e-" : "e+") + Math.abs(n - 1);
        return k == 1 ? digits + exponent : digits.charAt(0) + "." + digits.substring(1) + exponent;
    }

    private static BigDecimal shortestDigits(double number) {
        BigDecimal exact = new BigDecimal(number);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(rounded.toString()) == number) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && JS_WHITESPACE.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && JS_WHITESPACE.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
