// What @trigger.dev/sdk 2.3.18's TriggerClient does against the service, for the migration guide's
// claims (contract/MigrationGuideSdkTest): the methods it has, the error invokeJob throws for an
// unknown job, what sendEvent answers, and what the key-value store (client.store.env) gives back.
// Prints one JSON line.
//
// Environment: TRIGGER_API_URL (the service), TRIGGER_API_KEY (an environment key), JOB (a job id).
import { TriggerClient } from "@trigger.dev/sdk";
import * as sdk from "@trigger.dev/sdk";

const client = new TriggerClient({
  id: "migration-guide-check",
  apiKey: process.env.TRIGGER_API_KEY,
  apiUrl: process.env.TRIGGER_API_URL,
});

async function errorOf(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return String(error);
  }
}

const invokeError = await errorOf(() => client.invokeJob(process.env.JOB, {}));
const sendEventError = await errorOf(() => client.sendEvent({ name: "user.created", id: "guide-check", payload: { id: 1 } }));
const storeError = await errorOf(() => client.store.env.set("guide-check", { stored: true }));
const storedValue = storeError ? null : await client.store.env.get("guide-check");

console.log(JSON.stringify({
  triggerClientHasRegisterEndpoint: typeof client.registerEndpoint === "function",
  packageExportsApiClient: "ApiClient" in sdk,
  invokeError,
  sendEventError,
  storeError,
  storedValue,
}));
