// The real @trigger.dev/sdk TriggerClient's schedule calls from outside a run (registerSchedule,
// unregisterSchedule: what dynamicSchedule.register / unregister do there), for the Java tests.
// Same line protocol as event-client.mjs. The client's id is the endpoint's slug: the SDK puts it
// in the URL (/api/v1/{client id}/schedules/...).
//
// Environment: TRIGGER_API_URL (the service), TRIGGER_API_KEY (an environment key),
// TRIGGER_ENDPOINT_ID (the endpoint's slug).
import { createInterface } from "node:readline";
import { TriggerClient } from "@trigger.dev/sdk";

const client = new TriggerClient({
  id: process.env.TRIGGER_ENDPOINT_ID,
  apiKey: process.env.TRIGGER_API_KEY,
  apiUrl: process.env.TRIGGER_API_URL,
});
const schedules = {};
const schedule = (id) => (schedules[id] ??= client.defineDynamicSchedule({ id }));
const METHODS = {
  register: (id, key, metadata) => schedule(id).register(key, metadata),
  unregister: (id, key) => schedule(id).unregister(key),
};

console.log("ready");
for await (const line of createInterface({ input: process.stdin })) {
  let answer;
  try {
    const { method, args } = JSON.parse(line);
    if (!METHODS[method]) throw new Error(`unknown method ${method}`);
    answer = { ok: true, result: (await METHODS[method](...args)) ?? null };
  } catch (error) {
    answer = { ok: false, error: String(error?.message ?? error) };
  }
  console.log(JSON.stringify(answer));
}
