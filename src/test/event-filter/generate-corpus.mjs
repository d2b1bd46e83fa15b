// Writes cases {payload, filter, matches} whose answers come from the SDK's own eventFilterMatches.
// Usage: node generate-corpus.mjs [--seed N] [--count N] [--out FILE|-]   (see README.md)
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import core from "../sdk-endpoint/node_modules/@trigger.dev/core/dist/index.js";

const { eventFilterMatches } = core;

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), [])
);
const seed = Number(args.seed ?? 27);
const count = Number(args.count ?? 3000);
const out = args.out ?? fileURLToPath(new URL("../resources/event-filter/corpus.json", import.meta.url));

// mulberry32: a small seeded generator, so one seed always gives one corpus.
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];
const some = (make, max) => Array.from({ length: Math.floor(random() * (max + 1)) }, make);

// Inherited JavaScript members (constructor, toString, __proto__, ...) are left out on purpose: see README.md.
const KEYS = ["a", "b", "name", "tags", "n", "user", "0", "1", "length", "x"];
const STRINGS = [
  "", "a", "A", "abc", "ABC", "Abc", "hello world", "Hello World", "héllo", "HÉLLO", "he\u0301llo", "hello",
  "5", "10", " 7 ", "0x10", "1e3", "-2.5", "abc5", "true", "null", "foo-bar", "FOO-BAR", "a,b", "1,2", "[object Object]",
  "order.created", "ORDER.CREATED", "Ünïcödé", "ünïcödé", "x y", "\t3\n", "Infinity", "0b11", ".5",
];
// Case, width, compatibility and ignorable-character variants that ICU's localeCompare weighs ($ignoreCaseEquals).
const UNICODE = [
  "á", "Á", "a\u0301", "ß", "ss", "ẞ", "ﬁ", "fi", "Ａ", "ǆ", "Ǆ", "dž", "a\u200Bb", "a\u00ADb", "a\u0000b", "a\tb",
  "a\u00A0b", "ı", "İ", "i\u0307", "σ", "ς", "Σ", "æ", "ae", "œ", "þ", "²", "①", "ä", "a\u0308", "Å", "ŉ", "ﬀ", "ℌ", "ｶ",
  "カ", "か", "ｶﾞ", "ガ", "ァ", "ぁ", "…", "ǅ", "ł", "ŀ", "ĳ", "a\uFE0Fb", "a\u034Fb", "가", "Ω", "K", "℃", "№", "™",
  "½", "ｰ", "ー", "é", "E\u0301", "ǰ", "Ⅷ", "ⅷ", "😀", "\uFFFD",
];
const NUMBERS = [0, 1, 2, 3, 5, 7, 10, -1, -2.5, 1.5, 0.1, 0.3, 100, 1e21, 1e-7, 123456789012, 9007199254740993, 2e-7, 1234.5678];
const OPERATORS = [
  "$endsWith", "$startsWith", "$ignoreCaseEquals", "$exists", "$isNull", "$anythingBut",
  "$gt", "$lt", "$gte", "$lte", "$between", "$includes", "$not",
];

function primitive() {
  const r = random();
  if (r < 0.45) return pick(STRINGS);
  if (r < 0.8) return pick(NUMBERS);
  if (r < 0.92) return chance(0.5);
  return null;
}

function value(depth) {
  const r = random();
  if (depth <= 0 || r < 0.65) return primitive();
  if (r < 0.82) return some(() => value(depth - 1), 3);
  return Object.fromEntries(some(() => [pick(KEYS), value(depth - 1)], 3));
}

function oddArgument() {
  return pick([null, true, false, 0, 1, "", "false", "5", " 3 ", "abc", [], [2], [1, 2], {}, { 0: 1, 1: 5 }, "0x10", 1e21, -0.5]);
}

function argument(operator) {
  if (chance(0.12)) return oddArgument();
  switch (operator) {
    case "$exists":
    case "$isNull":
      return chance(0.5);
    case "$gt": case "$lt": case "$gte": case "$lte":
      return pick(NUMBERS);
    case "$between": {
      const [a, b] = [pick(NUMBERS), pick(NUMBERS)];
      return chance(0.1) ? pick([[a], "12", a, { 0: a, 1: b }]) : chance(0.8) ? [Math.min(a, b), Math.max(a, b)] : [a, b];
    }
    case "$anythingBut":
      return chance(0.35) ? some(primitive, 3) : primitive();
    case "$includes": case "$not":
      return primitive();
    case "$ignoreCaseEquals":
      return chance(0.85) ? pick(chance(0.5) ? UNICODE : STRINGS) : primitive();
    default:
      return chance(0.85) ? pick(STRINGS) : primitive();
  }
}

function operatorObject() {
  const filter = {};
  for (const operator of chance(0.12) ? [pick(OPERATORS), pick(OPERATORS)] : [pick(OPERATORS)]) {
    filter[operator] = argument(operator);
  }
  return chance(0.03) ? pick([{}, { $unknown: 1 }]) : filter;
}

function pattern(depth) {
  const r = random();
  if (r < 0.12) return some(() => pick(STRINGS), 3);
  if (r < 0.2) return some(() => pick(NUMBERS), 3);
  if (r < 0.24) return some(() => chance(0.5), 2);
  if (r < 0.28) return [primitive(), primitive(), primitive()];
  if (r < 0.72) {
    const list = Array.from({ length: chance(0.8) ? 1 : 2 }, operatorObject);
    if (chance(0.1)) list.push(pick([primitive(), [], ["x"]]));
    return list;
  }
  if (r < 0.9 && depth > 0) return filter(depth - 1);
  if (r < 0.97) return primitive();
  return pick([null, [null], [{ $gt: 1 }, null]]);
}

function filter(depth) {
  const keys = chance(0.06) ? 0 : chance(0.6) ? 1 : 2 + Math.floor(random() * 2);
  return Object.fromEntries(Array.from({ length: keys }, () => [pick(KEYS), pattern(depth)]));
}

// A value meant to pass the pattern about half the time, so that every operator meets both answers.
function aimedValue(pat, depth) {
  if (chance(0.1)) return chance(0.3) ? undefined : value(1);
  if (Array.isArray(pat)) {
    const first = pat.find((item) => item !== null && typeof item === "object" && !Array.isArray(item));
    if (!first) return pat.length > 0 && chance(0.8) ? (chance(0.15) ? [pick(pat)] : pick(pat)) : value(1);
    return aimedAtOperator(first);
  }
  if (pat !== null && typeof pat === "object") {
    const aimed = aimedPayload(pat, depth - 1);
    return chance(0.3) ? [...some(() => value(1), 2), aimed, ...some(() => value(1), 1)] : aimed;
  }
  return value(1);
}

function aimedAtOperator(operatorFilter) {
  const [operator, arg] = Object.entries(operatorFilter)[0] ?? ["", null];
  const near = (n) => (typeof n === "number" ? n + pick([-1, -0.5, 0, 0.5, 1]) : pick(NUMBERS));
  switch (operator) {
    case "$endsWith": return chance(0.7) ? pick(["", "x", "Pre-"]) + String(arg) : primitive();
    case "$startsWith": return chance(0.7) ? String(arg) + pick(["", "y", "-post"]) : primitive();
    case "$ignoreCaseEquals":
      return typeof arg === "string"
        ? pick([arg, arg.toUpperCase(), arg.toLowerCase(), arg.normalize("NFKD"), arg.normalize("NFKC").toUpperCase(), arg + "!", pick(UNICODE)])
        : primitive();
    case "$exists": case "$isNull": return pick([undefined, null, primitive()]);
    case "$anythingBut": return Array.isArray(arg) && arg.length > 0 ? pick([pick(arg), primitive()]) : pick([arg, primitive()]);
    case "$gt": case "$lt": case "$gte": case "$lte": return chance(0.9) ? near(arg) : primitive();
    case "$between": return Array.isArray(arg) ? near(pick(arg)) : near(pick(NUMBERS));
    case "$includes": case "$not":
      return pick([[arg], [primitive(), arg], [arg, arg], [primitive()], arg, primitive()]);
    default: return value(1);
  }
}

function aimedPayload(flt, depth) {
  if (flt === null || typeof flt !== "object") return value(depth);
  const payload = {};
  for (const [key, pat] of Object.entries(flt)) {
    const aimed = aimedValue(pat, depth);
    if (aimed !== undefined) payload[key] = aimed;
  }
  if (chance(0.3)) payload[pick(KEYS)] = value(1);
  return payload;
}

function topLevelCase() {
  const flt = chance(0.02) ? pick(["ab", 5, [["x"]], {}]) : filter(2);
  const r = random();
  const payload = r < 0.04 ? pick([null, undefined]) : r < 0.1 ? value(2) : aimedPayload(flt, 2);
  return { payload, filter: flt };
}

function answer(payload, flt) {
  try {
    return eventFilterMatches(payload, flt);
  } catch (error) {
    if (error instanceof TypeError) return "throws";
    throw error;
  }
}

const lines = [];
for (let i = 0; i < count; i++) {
  // Answer on the JSON round trip, which is what the Java side reads (-0 becomes 0, undefined keys go).
  const { payload, filter: flt } = JSON.parse(JSON.stringify(topLevelCase()));
  lines.push(JSON.stringify({ payload, filter: flt, matches: answer(payload, flt) }));
}
const text = "[\n" + lines.join(",\n") + "\n]\n";
if (out === "-") process.stdout.write(text);
else writeFileSync(out, text);
