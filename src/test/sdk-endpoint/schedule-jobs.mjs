// Scheduled jobs that really fire (issue #27), served with JOB_SET=exec only when SCHEDULE_JOBS=1, so
// that no other test's endpoint has a schedule falling due every few seconds.
//
// Each returns what the SDK parsed: the payload's dates (ScheduledPayloadSchema coerces the ISO
// strings to Date) and ctx.source (the schedule source the EXECUTE_JOB body named).

import { cronTrigger, intervalTrigger } from "@trigger.dev/sdk";

const reportTick = async (payload, io, ctx) => ({
  ts: payload.ts.toISOString(),
  lastTimestamp: payload.lastTimestamp?.toISOString() ?? null,
  source: ctx.source ?? null,
  event: { id: ctx.event.id, name: ctx.event.name, context: ctx.event.context ?? null },
});

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineScheduleJobs(client) {
  if (process.env.SCHEDULE_JOBS !== "1") return;
  // The shortest interval registration accepts.
  client.defineJob({
    id: "sched-interval",
    name: "Every 20 seconds",
    version: "1.0.0",
    trigger: intervalTrigger({ seconds: 20 }),
    run: reportTick,
  });
  client.defineJob({
    id: "sched-cron",
    name: "Every day at 03:15 UTC",
    version: "1.0.0",
    trigger: cronTrigger({ cron: "15 3 * * *" }),
    run: reportTick,
  });
  client.defineJob({
    id: "sched-hourly",
    name: "Every hour",
    version: "1.0.0",
    trigger: intervalTrigger({ seconds: 3600 }),
    run: reportTick,
  });
}
