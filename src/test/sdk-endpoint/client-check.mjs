// What @trigger.dev/sdk 2.3.18's TriggerClient does against the service, for the migration guide's
// claims (contract/MigrationGuideSdkTest): the methods it has, and the error invokeJob throws for an
// unknown job. Prints one JSON line.
//
// Environment: TRIGGER_API_URL (the service), TRIGGER_API_KEY (an environment key), JOB (a job id).
import { TriggerClient } from "@trigger.dev/sdk";
import * as sdk from "@trigger.dev/sdk";

const client = new TriggerClient({
  id: "migration-guide-check",
  apiKey: process.env.TRIGGER_API_KEY,
  apiUrl: process.env.TRIGGER_API_URL,
});

let invokeError = null;
try {
  await client.invokeJob(process.env.JOB, {});
} catch (error) {
  invokeError = String(error);
}

console.log(JSON.stringify({
  triggerClientHasRegisterEndpoint: typeof client.registerEndpoint === "function",
  packageExportsApiClient: "ApiClient" in sdk,
  invokeError,
}));
