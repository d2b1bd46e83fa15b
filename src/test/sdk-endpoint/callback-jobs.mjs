// Jobs of JOB_SET=exec that wait for a request or an event (issue #28), for
// execution/RealSdkCallbacksTest: each shares its callback URL through a task of its own
// ("share-url", output {url}) so the test can POST to it, and returns what resolved the wait.

import { invokeTrigger } from "@trigger.dev/sdk";

const shareUrl = (io) => async (url) => {
  await io.runTask("share-url", async () => ({ url }), { name: "share-url" });
};

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineCallbackJobs(client) {
  const on = (id, run) => client.defineJob({ id, name: id, version: "1.0.0", trigger: invokeTrigger(), run });

  // io.waitForRequest: returns the body POSTed to the URL; payload.timeout (seconds) bounds the wait.
  on("cb-request", async (payload, io) => {
    const received = await io.waitForRequest("request", shareUrl(io), { timeoutInSeconds: payload.timeout ?? 120 });
    return { received };
  });

  // The request arrives while the run is still executing: the callback function POSTs to its own URL.
  on("cb-request-self", async (payload, io) => {
    const received = await io.waitForRequest(
      "request",
      async (url) => {
        const answer = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ from: "myself" }),
        });
        if (!answer.ok) throw new Error(`callback answered ${answer.status}`);
      },
      { timeoutInSeconds: 120 }
    );
    return { received };
  });

  // io.waitForEvent with a payload filter; payload.timeout (seconds, at least 10) bounds the wait.
  on("cb-event", async (payload, io) => {
    const event = await io.waitForEvent(
      "order",
      { name: "kf.cb.order", filter: { orderId: [payload.orderId] } },
      { timeoutInSeconds: payload.timeout ?? 120 }
    );
    return { event: { id: event.id, name: event.name, source: event.source, payload: event.payload,
      timestamp: event.timestamp.toISOString() } };
  });
}
