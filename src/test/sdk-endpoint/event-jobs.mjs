// Event-triggered jobs of JOB_SET=exec (issue #27), for the events tests (events/RealSdkEventsTest):
// each run answers what it was given, so a test can tell which event started which job.

import { eventTrigger } from "@trigger.dev/sdk";

const echo = async (payload, io, ctx) => ({ payload, event: ctx.event.id, context: ctx.event.context ?? null });

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineEventJobs(client) {
  const on = (id, trigger, run = echo) => client.defineJob({ id, name: id, version: "1.0.0", trigger, run });

  on("ev-created", eventTrigger({ name: "kf.user.created" }));
  on("ev-created-elsewhere", eventTrigger({ name: "kf.user.created", source: "kf.crm" }));
  // Filters: $gt, a list of literals, $startsWith in a nested object, an array of objects in the payload.
  on("ev-big-order", eventTrigger({ name: "kf.order", filter: { amount: [{ $gt: 100 }] } }));
  on("ev-vip-order", eventTrigger({
    name: "kf.order",
    filter: { customer: { tier: ["gold", "platinum"], email: [{ $startsWith: "vip" }] } },
  }));
  on("ev-sku-order", eventTrigger({ name: "kf.order", filter: { items: { sku: ["A-1"] } } }));

  // io.sendEvent from inside a run starts the next job.
  on("ev-chain-start", eventTrigger({ name: "kf.chain.start" }), async (payload, io, ctx) =>
    io.sendEvent("next", { name: "kf.chain.next", id: `chain-${ctx.run.id}`, payload: { from: ctx.run.id } })
  );
  on("ev-chain-next", eventTrigger({ name: "kf.chain.next" }));

  // Waits long enough to be cancelled while it waits.
  on("ev-waits", eventTrigger({ name: "kf.wait" }), async (payload, io) => {
    await io.wait("long", 300);
    return { waited: true };
  });
}
