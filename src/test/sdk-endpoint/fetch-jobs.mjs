// Background fetch jobs of JOB_SET=exec (issue #28): the server performs the request and the job
// answers what the SDK handed back, so a test can compare it with what its target served.

import { invokeTrigger, redactString } from "@trigger.dev/sdk";

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineFetchJobs(client) {
  const on = (id, run) => client.defineJob({ id, name: id, version: "1.0.0", trigger: invokeTrigger(), run });

  // payload: { url, init?, options?, token? } — a token goes in a redacted Authorization header.
  const init = (payload) =>
    payload.token
      ? { ...(payload.init ?? {}), headers: { ...(payload.init?.headers ?? {}), Authorization: redactString`Bearer ${payload.token}` } }
      : payload.init;

  on("fetch-json", async (payload, io) => ({ body: await io.backgroundFetch("fetch", payload.url, init(payload), payload.options) }));

  on("fetch-response", async (payload, io) => ({
    response: await io.backgroundFetchResponse("fetch", payload.url, init(payload), payload.options),
  }));

  on("fetch-poll", async (payload, io) => ({
    polled: await io.backgroundPoll("poll", {
      url: payload.url,
      interval: 10,
      timeout: payload.timeout ?? 120,
      responseFilter: payload.responseFilter,
    }),
  }));

  on("fetch-catch", async (payload, io) => {
    try {
      return { body: await io.backgroundFetch("fetch", payload.url, init(payload), payload.options) };
    } catch (error) {
      // Only the SDK's ErrorWithTask (its cause: the errored task); its control-flow errors go on.
      if (error?.cause?.status !== "ERRORED") throw error;
      return { caught: String(error.message) };
    }
  });
}
