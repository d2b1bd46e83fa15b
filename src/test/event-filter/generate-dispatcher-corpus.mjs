// Writes cases {payload, context, payloadFilter, contextFilter, parsedPayloadFilter, matches} answered as
// trigger.dev v2's DeliverEventService decides whether a dispatcher takes an event: no filter at all
// matches; otherwise each filter (absent: {}) must pass the SDK's own EventFilterSchema (else no match),
// and the SDK's own eventFilterMatches is asked about {payload, context} against the parsed filters.
// The filters and payloads are those of corpus.json (generate-corpus.mjs), paired at random.
// Usage: node generate-dispatcher-corpus.mjs [--seed N] [--count N] [--out FILE|-]   (see README.md)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import core from "../sdk-endpoint/node_modules/@trigger.dev/core/dist/index.js";

const { EventFilterSchema, eventFilterMatches } = core;

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), [])
);
const seed = Number(args.seed ?? 27);
const count = Number(args.count ?? 3000);
const out = args.out ?? fileURLToPath(new URL("../resources/event-filter/dispatcher-corpus.json", import.meta.url));
const source = JSON.parse(readFileSync(new URL("../resources/event-filter/corpus.json", import.meta.url), "utf8"));

let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

// v2's DeliverEventService#evaluateEventRule (apps/webapp/app/services/events/deliverEvent.server.ts at a1860db),
// for a dispatcher bound to no account; an event's payload and context are stored as JSON ({} when absent).
function v2Matches(payload, context, payloadFilter, contextFilter) {
  if (!payloadFilter && !contextFilter) return true;
  const p = EventFilterSchema.safeParse(payloadFilter ?? {});
  const c = EventFilterSchema.safeParse(contextFilter ?? {});
  if (!p.success || !c.success) return false;
  try {
    return eventFilterMatches({ payload, context }, { payload: p.data, context: c.data });
  } catch {
    return "throws";
  }
}

const cases = [];
for (let i = 0; i < count; i++) {
  const one = pick(source);
  const other = pick(source);
  const payload = "payload" in one ? one.payload : {};
  const context = random() < 0.5 ? {} : ("payload" in other ? other.payload : {});
  const r = random();
  const payloadFilter = r < 0.75 ? one.filter : null;
  const contextFilter = r < 0.1 ? null : r < 0.75 ? (random() < 0.7 ? null : other.filter) : other.filter;
  const parsed = EventFilterSchema.safeParse(payloadFilter ?? {});
  cases.push({
    payload,
    context,
    payloadFilter,
    contextFilter,
    parsedPayloadFilter: parsed.success ? parsed.data : null,
    matches: v2Matches(payload, context, payloadFilter, contextFilter),
  });
}
const text = JSON.stringify(JSON.parse(JSON.stringify(cases)));
if (out === "-") process.stdout.write(text + "\n");
else writeFileSync(out, text + "\n");
