// The real @trigger.dev/sdk TriggerClient's event calls (sendEvent, sendEvents, getEvent, cancelEvent,
// cancelRunsForEvent), its key-value store (store.env.get/set/has/delete) and getRun against the service, for the Java tests: one JSON request per stdin line,
// {"method": "...", "args": [...]}, one JSON answer per stdout line, {"ok": true, "result": ...} or
// {"ok": false, "error": "..."}. Prints "ready" first.
//
// Environment: TRIGGER_API_URL (the service), TRIGGER_API_KEY (an environment key).
import { createInterface } from "node:readline";
import { TriggerClient } from "@trigger.dev/sdk";

const client = new TriggerClient({
  id: "events-client",
  apiKey: process.env.TRIGGER_API_KEY,
  apiUrl: process.env.TRIGGER_API_URL,
});
const METHODS = [
  "sendEvent", "sendEvents", "getEvent", "cancelEvent", "cancelRunsForEvent",
  "store.env.get", "store.env.set", "store.env.has", "store.env.delete", "getRun",
];

console.log("ready");
for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    const { method, args } = JSON.parse(line);
    if (!METHODS.includes(method)) throw new Error(`unknown method ${method}`);
    const path = method.split(".");
    const target = path.slice(0, -1).reduce((object, name) => object[name], client);
    answer = { ok: true, result: (await target[path.at(-1)](...args)) ?? null };
  } catch (error) {
    answer = { ok: false, error: String(error?.message ?? error) };
  }
  console.log(JSON.stringify(answer));
}
