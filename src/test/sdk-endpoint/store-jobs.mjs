// Jobs of JOB_SET=exec for the key-value store and the run details the SDK reads (issue #28),
// tested by store/RealSdkStoreTest: each answers what the store gave back, so the test reads
// the SDK's own results in the run's output. "long-chunks" runs longer than one chunk
// (execution/LongExecutionTest): `stats.longTaskCalls` counts each of its tasks' executions;
// "large-task-output" returns a task output of the size asked (execution/TaskOutputLimitTest).

import { invokeTrigger } from "@trigger.dev/sdk";
import { stats } from "./jobs.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {import("@trigger.dev/sdk").TriggerClient} client */
export function defineStoreJobs(client) {
  const on = (id, run) => client.defineJob({ id, name: id, version: "1.0.0", trigger: invokeTrigger(), run });

  // Every io.store call, on the three stores: payload {fromClient, envKey, deleteKey, count}.
  on("store-roundtrip", async (payload, io, ctx) => {
    const fromClient = await io.store.env.get("get-client", payload.fromClient);
    const envSet = await io.store.env.set("set-env", payload.envKey, { n: 1, run: ctx.run.id });
    const envGot = await io.store.env.get("get-env", payload.envKey);
    const envHas = await io.store.env.has("has-env", payload.envKey);
    const jobSet = await io.store.job.set("set-job", "counter", payload.count);
    const jobGot = await io.store.job.get("get-job", "counter");
    const runSet = await io.store.run.set("set-run", "scratch", "for this run only");
    const runGot = await io.store.run.get("get-run", "scratch");
    const runHas = await io.store.run.has("has-run", "scratch");
    const deleted = await io.store.env.delete("delete-env", payload.deleteKey);
    const deletedAgain = await io.store.env.delete("delete-env-again", payload.deleteKey);
    const afterDelete = await io.store.env.get("get-deleted", payload.deleteKey);
    const hasAfterDelete = await io.store.env.has("has-deleted", payload.deleteKey);
    return {
      fromClient: fromClient ?? null,
      envSet,
      envGot,
      envHas,
      jobSet,
      jobGot,
      runSet,
      runGot,
      runHas,
      deleted,
      deletedAgain,
      afterDelete: afterDelete ?? null,
      hasAfterDelete,
    };
  });

  // A run-scoped key kept while the run waits: the test reads it in the database during the wait.
  on("store-run-waits", async (payload, io) => {
    await io.store.run.set("set-run", "progress", { step: 1 });
    await io.wait("hold", payload.seconds ?? 2);
    return { progress: await io.store.run.get("get-run", "progress") };
  });

  // Tasks nested three deep, one with properties, one that fails and is caught: for getRun's
  // subtasks, taskdetails and paging.
  on("details-nested", async (payload, io) => {
    await io.runTask("outer", async (task, io) => {
      await io.runTask("inner-1", async () => ({ i: 1 }), { name: "Inner 1", params: { i: 1 } });
      await io.runTask(
        "inner-2",
        async (task, io) => {
          await io.runTask("deepest", async () => ({ deep: true }), { name: "Deepest" });
          return { i: 2 };
        },
        { name: "Inner 2", properties: [{ label: "kind", text: "middle" }] }
      );
      return { outer: true };
    }, { name: "Outer", params: { level: 0 } });
    try {
      await io.runTask("fails", async () => {
        throw new Error("caught here");
      }, { name: "Fails", retry: { limit: 0 } });
    } catch (error) {
      // expected
    }
    await io.runTask("last", async () => "done", { name: "Last" });
    return { ok: true };
  });

  // Six tasks of 700 ms: longer than a short chunk limit, so the SDK yields and is executed again.
  on("long-chunks", async (payload, io, ctx) => {
    const results = [];
    for (let i = 1; i <= 6; i++) {
      results.push(
        await io.runTask(`step-${i}`, async () => {
          const key = `${ctx.run.id}:${i}`;
          stats.longTaskCalls = stats.longTaskCalls ?? {};
          stats.longTaskCalls[key] = (stats.longTaskCalls[key] ?? 0) + 1;
          await sleep(700);
          return i;
        }, { name: `Step ${i}` })
      );
    }
    return { results };
  });

  // A task output of `chars` characters: v2 took up to 3 Mi (3 145 728) of them as JSON text.
  on("large-task-output", async (payload, io) => {
    const big = await io.runTask("big", async () => "x".repeat(payload.chars), { name: "Big" });
    return { length: big.length };
  });
}
