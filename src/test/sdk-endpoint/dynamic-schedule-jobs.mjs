// Dynamic schedules (issue #28 item 5), served with JOB_SET=exec only when DYNAMIC_SCHEDULE_JOBS=1.
//
// "dyn-reports" is a DynamicSchedule with two jobs attached; the dyn-register-* jobs register
// schedules on it from inside a run (the deprecated io.registerInterval / io.registerCron, and
// dynamicSchedule.register), dyn-unregister removes one. "dyn-idle" has no job attached.
// Each ticked job returns what the SDK parsed: the payload's dates and ctx.source.

import { invokeTrigger } from "@trigger.dev/sdk";

const reportTick = (job) => async (payload, io, ctx) => ({
  job,
  ts: payload.ts.toISOString(),
  lastTimestamp: payload.lastTimestamp?.toISOString() ?? null,
  source: ctx.source ?? null,
  event: { id: ctx.event.id, name: ctx.event.name },
  account: ctx.account ?? null,
});

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineDynamicScheduleJobs(client) {
  if (process.env.DYNAMIC_SCHEDULE_JOBS !== "1") return;
  const reports = client.defineDynamicSchedule({ id: "dyn-reports" });
  client.defineDynamicSchedule({ id: "dyn-idle" });

  for (const id of ["dyn-ticked", "dyn-ticked-too"]) {
    client.defineJob({ id, name: id, version: "1.0.0", trigger: reports, run: reportTick(id) });
  }

  client.defineJob({
    id: "dyn-register-interval",
    name: "Registers an interval",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) =>
      await io.registerInterval("register", reports, payload.key, { seconds: payload.seconds }),
  });
  client.defineJob({
    id: "dyn-register-cron",
    name: "Registers a cron schedule",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => await io.registerCron("register", reports, payload.key, { cron: payload.cron }),
  });
  client.defineJob({
    id: "dyn-register",
    name: "Registers through dynamicSchedule.register",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload) => await reports.register(payload.key, payload.schedule),
  });
  client.defineJob({
    id: "dyn-unregister",
    name: "Unregisters",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => await io.unregisterInterval("unregister", reports, payload.key),
  });
}
