package io.kongflow.jobs.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionOrderTest {

    private static void assertAscending(String... versions) {
        for (int i = 0; i + 1 < versions.length; i++) {
            String lower = versions[i];
            String higher = versions[i + 1];
            assertTrue(VersionOrder.compare(lower, higher) < 0, lower + " should sort before " + higher);
            assertTrue(VersionOrder.compare(higher, lower) > 0, higher + " should sort after " + lower);
        }
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "0.0.9, 0.0.10",
        "1.9.0, 1.10.0",
        "1.2.3, 1.2.4",
        "1.2.9, 1.3.0",
        "1.99.99, 2.0.0",
        "9.0.0, 10.0.0",
        "1.0.0-rc.2, 1.0.0-rc.10",
        "1.0.0-rc.10, 1.0.0",
        "1.0.0-9, 1.0.0-10",
        "1.0.0-999, 1.0.0-a",
        "1.0.0-Z, 1.0.0-a",
        "1.0.0-x.y, 1.0.0-x-y",
        "1.0.0, 1.0.1-alpha",
    })
    void semverNumbersCompareNumericallyAndPrereleasesRankBelowRelease(String lower, String higher) {
        assertAscending(lower, higher);
    }

    @Test
    @DisplayName("semver.org §11 example chain is strictly ascending")
    void semverSpecExampleChain() {
        assertAscending(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0");
    }

    @ParameterizedTest(name = "{0} == {1}")
    @CsvSource({
        "1.0.0+abc, 1.0.0",
        "1.0.0+abc, 1.0.0+def",
        "1.0.0-rc.1+build.7, 1.0.0-rc.1",
        "v1.2.3, 1.2.3",
        "v1.2.3+x, 1.2.3",
    })
    void buildMetadataAndVPrefixAreIgnoredForOrderingAndEquality(String a, String b) {
        assertEquals(0, VersionOrder.compare(a, b));
        assertEquals(0, VersionOrder.compare(b, a));
        assertEquals(VersionOrder.parse(a), VersionOrder.parse(b));
        assertEquals(VersionOrder.parse(a).hashCode(), VersionOrder.parse(b).hashCode());
    }

    @Test
    void toStringKeepsTheOriginalTextIncludingPrefixAndBuild() {
        assertEquals("v1.0.0+abc", VersionOrder.parse("v1.0.0+abc").toString());
        assertEquals("latest", VersionOrder.parse("latest").toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3",
                "0.0.0",
                "v1.2.3",
                "1.0.0-alpha.1",
                "1.0.0+20130313144700",
                "1.0.0-beta+exp.sha.5114f85",
                "1.0.0-0A.is.legal",
                "99999999999999999999.0.0"
            })
    void recognisesSemver(String version) {
        assertTrue(VersionOrder.parse(version).isSemver(), version);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "01.2.3",
                "1.02.3",
                "1.2.03",
                "1.0.0-01",
                "1.2",
                "1",
                "1.2.3.4",
                "latest",
                "2024.1",
                "build-7",
                "V1.2.3",
                "vv1.2.3",
                "1.2.3-",
                "1.2.3+",
                "1.2.3-a..b",
                " 1.2.3",
                "1.2.3 ",
                "1.2.3-é"
            })
    void rejectsNonSemverIncludingLeadingZeroNumerics(String version) {
        assertFalse(VersionOrder.parse(version).isSemver(), version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "2024.1", "build-7", "01.2.3", "1.2", "0", "a"})
    void nonSemverSortsAfterEverySemver(String nonSemver) {
        for (String semver : List.of("999.0.0", "0.0.0", "1.0.0-alpha", "99999999999999999999999.0.0")) {
            assertAscending(semver, nonSemver);
        }
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "build-9, build-10",
        "build-10, build-100",
        "2024.1, 2024.2",
        "2024.9, 2024.10",
        "2024.1, 2024.1.1.1",
        "a, b",
        "build, build-7",
        "1a, a1", // digit run sorts before a non-digit run
        "x1, x-",
        "build-7, build-07", // same value: fewer leading zeros first
        "a01b1, a1b2", // but padding only breaks ties after later runs are compared
        "rel-007, rel-8",
        "99999999999999999999999, 100000000000000000000000",
    })
    void nonSemverUsesNaturalOrder(String lower, String higher) {
        assertAscending(lower, higher);
    }

    @Test
    void hugeNumbersCompareByValueNotOverflow() {
        assertAscending("18446744073709551615.0.0", "18446744073709551616.0.0", "100000000000000000000000.0.0");
        assertAscending("1.0.0-18446744073709551615", "1.0.0-18446744073709551616");
        assertAscending("v18446744073709551616", "v18446744073709551617");
    }

    @Test
    void sortingAShuffledListYieldsTheExpectedOrder() {
        List<String> expected = List.of(
                "0.0.9",
                "0.0.10",
                "0.1.0",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.9.0",
                "1.10.0",
                "2.0.0",
                "999.0.0",
                "1.2",
                "2024.1",
                "2024.10",
                "build-7",
                "build-9",
                "build-10",
                "latest");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));
        assertNotEquals(expected, shuffled);

        shuffled.sort(VersionOrder.STRINGS);

        assertEquals(expected, shuffled);
    }

    @Test
    void compareToIsAntisymmetricTransitiveAndConsistentWithEquals() {
        List<VersionOrder> versions =
                generatedVersions().stream().map(VersionOrder::parse).toList();
        for (VersionOrder a : versions) {
            assertEquals(0, a.compareTo(a), "reflexive for " + a);
            for (VersionOrder b : versions) {
                int ab = a.compareTo(b);
                assertEquals(Integer.signum(ab), -Integer.signum(b.compareTo(a)), "antisymmetric: " + a + " vs " + b);
                assertEquals(ab == 0, a.equals(b), "equals consistent with compareTo: " + a + " vs " + b);
                if (ab == 0) {
                    assertEquals(a.hashCode(), b.hashCode(), "hashCode of equal " + a + " and " + b);
                }
                for (VersionOrder c : versions) {
                    int bc = b.compareTo(c);
                    if (ab <= 0 && bc <= 0) {
                        int ac = a.compareTo(c);
                        assertTrue(ac <= 0, "transitive: " + a + " <= " + b + " <= " + c);
                        if (ab < 0 || bc < 0) {
                            assertTrue(ac < 0, "strictly transitive: " + a + ", " + b + ", " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void distinctNonSemverStringsNeverCompareEqual() {
        List<String> nonSemver = generatedVersions().stream()
                .filter(v -> !VersionOrder.parse(v).isSemver())
                .toList();
        TreeSet<String> sorted = new TreeSet<>(VersionOrder.STRINGS);
        sorted.addAll(nonSemver);
        assertEquals(nonSemver.stream().distinct().count(), sorted.size());
    }

    private static List<String> generatedVersions() {
        List<String> versions = new ArrayList<>();
        String[] numbers = {"0", "1", "2", "10", "18446744073709551616"};
        String[] prereleases = {"", "-alpha", "-alpha.1", "-alpha.beta", "-1", "-rc.2", "-rc.10", "-0a"};
        for (String major : numbers) {
            for (String minor : new String[] {"0", "9", "10"}) {
                for (String pre : prereleases) {
                    versions.add(major + "." + minor + ".1" + pre);
                }
            }
        }
        versions.addAll(List.of(
                "v1.0.1",
                "1.0.1+build",
                "v1.0.1-alpha+x",
                "1.0.1-alpha+y",
                "latest",
                "2024.1",
                "2024.01",
                "2024.10",
                "build-7",
                "build-07",
                "build-007",
                "build-10",
                "build",
                "01.2.3",
                "1.2",
                "1",
                "01",
                "001",
                "a1b2",
                "a01b1",
                "a1b01",
                "a-1",
                "a1",
                "A1",
                "1a",
                "-",
                "..",
                "99999999999999999999",
                "099999999999999999999",
                "x.y.z"));
        return versions;
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n"})
    void parseRejectsNullAndBlank(String version) {
        assertThrows(IllegalArgumentException.class, () -> VersionOrder.parse(version));
        assertThrows(IllegalArgumentException.class, () -> VersionOrder.compare("1.0.0", version));
    }

    @Test
    @DisplayName("rank(): the byte order of ranks is the version order, for every pair of a seeded random sample")
    void rankBytesOrderLikeCompare() {
        String[] parts = {
            "0",
            "1",
            "01",
            "007",
            "2",
            "10",
            "99999999999999999999",
            "v",
            "a",
            "alpha",
            "beta",
            "rc",
            "Z",
            "-",
            ".",
            "+",
            "build",
            "x",
            "é",
            "\uD83D\uDE00",
            "\uFFFD"
        };
        Random random = new Random(20261128);
        List<String> versions = new ArrayList<>(List.of(
                "1.0.0",
                "v1.0.0",
                "1.0.0+b.7",
                "1.0.0-rc.1",
                "1.0.0-rc.10",
                "1.0.0-1",
                "1.0.0-a",
                "1.0.0-a.b",
                "2024.1",
                "2024.01",
                "latest",
                "a",
                "ab",
                "a1",
                "a01",
                "1a"));
        while (versions.size() < 600) {
            StringBuilder version = new StringBuilder();
            boolean semverShaped = random.nextBoolean();
            if (semverShaped) {
                version.append(random.nextInt(12))
                        .append('.')
                        .append(random.nextInt(12))
                        .append('.')
                        .append(random.nextInt(12));
                if (random.nextBoolean()) {
                    version.append('-').append(parts[random.nextInt(12)]);
                    if (random.nextBoolean()) {
                        version.append('.').append(random.nextInt(20));
                    }
                }
                if (random.nextInt(4) == 0) {
                    version.append("+build.").append(random.nextInt(9));
                }
            } else {
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    version.append(parts[random.nextInt(parts.length)]);
                }
            }
            if (!version.toString().isBlank()) {
                versions.add(version.toString());
            }
        }
        for (String a : versions) {
            byte[] rankA = VersionOrder.parse(a).rank();
            for (String b : versions) {
                int expected = Integer.signum(VersionPrecedence.compare(a, b));
                int actual = Integer.signum(java.util.Arrays.compareUnsigned(
                        rankA, VersionOrder.parse(b).rank()));
                assertEquals(expected, actual, () -> "rank order of " + a + " and " + b);
            }
        }
    }
}
