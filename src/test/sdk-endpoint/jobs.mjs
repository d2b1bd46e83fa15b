// Job definitions served by the test endpoint, built with the real @trigger.dev/sdk.
//
// JOB_SET=a is "the first deploy", JOB_SET=b is "the next deploy" of the same endpoint.
// Sets a, b and scale have trivial run functions (PING and INDEX_ENDPOINT only); set exec runs.

import { cronTrigger, eventTrigger, intervalTrigger, invokeTrigger } from "@trigger.dev/sdk";
import { z } from "zod";
import { defineScheduleJobs } from "./schedule-jobs.mjs";
import { defineEventJobs } from "./event-jobs.mjs";
import { defineCallbackJobs } from "./callback-jobs.mjs";
import { defineStoreJobs } from "./store-jobs.mjs";
import { defineDynamicScheduleJobs } from "./dynamic-schedule-jobs.mjs";
import { defineFetchJobs } from "./fetch-jobs.mjs";
import { defineAppJobs } from "./app-jobs.mjs";

export const JOB_SETS = ["a", "b", "scale", "exec", "console"];

// JOB_SET=exec: jobs that really run (EXECUTE_JOB), for the execution tests. The endpoint
// counts the EXECUTE_JOBs of "exec-slow" in flight and keeps their maximum (GET /stats);
// `crash` counts, per run of "exec-crash", the executions of its run function, of its task and
// how many executions of that run are holding (in flight after the task) at once;
// `executeJobs` (server.mjs) records every EXECUTE_JOB received.
export const stats = { inFlight: 0, maxInFlight: 0, flakyCalls: 0, crash: {}, executeJobs: {} };

// A serverless platform's function timeout, as Vercel answers it: server.mjs replaces the SDK's
// answer to these EXECUTE_JOBs with a 504 carrying `x-vercel-error: FUNCTION_INVOCATION_TIMEOUT`.
// "exec-timeout-progress" times out once per run, after its tasks ran; "exec-timeout-stuck"
// times out every time, before creating any task.
export function platformTimesOut(jobId, runId) {
  if (jobId === "exec-timeout-stuck") return true;
  if (jobId !== "exec-timeout-progress") return false;
  return (stats.executeJobs[runId]?.count ?? 0) === 1;
}

const noop = async () => {};

// Integrations are plain objects: for indexing the SDK only reads id, metadata and authSource
// (TriggerClient#buildJobIntegration), so no integration package is needed.
const acmeCrm = {
  id: "acme-crm",
  metadata: { id: "acme-crm", name: "Acme CRM", instructions: "Use Acme CRM" },
  authSource: "HOSTED",
};
const mailer = {
  id: "mailer",
  metadata: { id: "mailer", name: "Mailer", instructions: "Use Mailer" },
  authSource: "LOCAL",
};

/**
 * Registers the jobs of the given set on the client, in a fixed order
 * (INDEX_ENDPOINT lists jobs in registration order).
 * @param {import("@trigger.dev/sdk").TriggerClient} client
 * @param {"a"|"b"} set
 */
export function defineJobs(client, set) {
  if (!JOB_SETS.includes(set)) {
    throw new Error(`Unknown JOB_SET "${set}", expected one of ${JOB_SETS.join(", ")}`);
  }
  if (set === "exec") {
    defineExecutionJobs(client);
    return;
  }
  if (set === "console") {
    defineConsoleJobs(client);
    return;
  }
  if (set === "scale") {
    defineScaleJobs(client, Number.parseInt(process.env.JOB_COUNT ?? "100", 10));
    return;
  }

  // user-signup: 1.0.0 with examples basic+second in set a; 1.1.0 with only "vip" in set b.
  client.defineJob({
    id: "user-signup",
    name: "User signup",
    version: set === "a" ? "1.0.0" : "1.1.0",
    trigger: eventTrigger({
      name: "user.created",
      examples:
        set === "a"
          ? [
              { id: "basic", name: "Basic user", icon: "user", payload: { email: "a@b.c" } },
              { id: "second", name: "Second user", payload: { email: "z@b.c" } },
            ]
          : [{ id: "vip", name: "VIP user", icon: "star", payload: { email: "vip@b.c" } }],
    }),
    run: noop,
  });

  client.defineJob({
    id: "nightly-report",
    name: "Nightly report",
    version: "0.3.1",
    trigger: cronTrigger({ cron: "0 3 * * *" }),
    run: noop,
  });

  client.defineJob({
    id: "poller",
    name: "Poller",
    version: "2.0.0",
    trigger: intervalTrigger({ seconds: 300 }),
    concurrencyLimit: 5,
    run: noop,
  });

  if (set === "a") {
    // removed in set b
    client.defineJob({
      id: "legacy-cleanup",
      name: "Legacy cleanup",
      version: "1.0.0",
      trigger: eventTrigger({ name: "legacy.cleanup" }),
      run: noop,
    });
  }

  if (set === "b") {
    // new in set b, disabled
    client.defineJob({
      id: "invoice-paid",
      name: "Invoice paid",
      version: "1.0.0",
      enabled: false,
      trigger: eventTrigger({ name: "invoice.paid", source: "stripe.com" }),
      run: noop,
    });
  }

  client.defineJob({
    id: "sync-crm",
    name: "Sync CRM",
    version: "3.2.0",
    trigger: eventTrigger({
      name: ["crm.contact.created", "crm.contact.updated"],
      source: "acme-crm",
      filter: { contact: { plan: ["pro", "enterprise"] } },
    }),
    integrations: { crm: acmeCrm, mailer },
    // In 2.3.18 `concurrencyLimit` takes a number or a ConcurrencyLimit
    // (client.defineConcurrencyLimit({id, limit})); both are indexed as-is.
    concurrencyLimit: client.defineConcurrencyLimit({ id: "crm-api", limit: 3 }),
    run: noop,
  });

  client.defineJob({
    id: "invoke-only",
    name: "Invoke only",
    version: "0.1.0",
    trigger: invokeTrigger(),
    run: async (payload) => ({ orderId: payload?.orderId ?? null, handled: true }),
  });
}

/**
 * JOB_SET=scale (bench/): JOB_COUNT jobs (default 100) shaped like real ones, cycling through an
 * event trigger with two examples and an integration, a cron schedule, an interval and an invoke trigger.
 * @param {import("@trigger.dev/sdk").TriggerClient} client
 * @param {number} count
 */
function defineScaleJobs(client, count) {
  for (let i = 0; i < count; i++) {
    const id = `scale-job-${String(i).padStart(4, "0")}`;
    const kind = i % 4;
    client.defineJob({
      id,
      name: `Scale job ${i}`,
      version: `1.${i % 7}.0`,
      trigger:
        kind === 0
          ? eventTrigger({
              name: `order.${i}.created`,
              examples: [
                { id: "small", name: "Small order", payload: { total: 10 } },
                { id: "large", name: "Large order", icon: "star", payload: { total: 1000 } },
              ],
            })
          : kind === 1
            ? cronTrigger({ cron: `${i % 60} * * * *` })
            : kind === 2
              ? intervalTrigger({ seconds: 60 + i })
              : invokeTrigger(),
      integrations: kind === 0 ? { mailer } : undefined,
      concurrencyLimit: kind === 2 ? 5 : undefined,
      run: noop,
    });
  }
}

function defineExecutionJobs(client) {
  defineScheduleJobs(client);
  defineDynamicScheduleJobs(client);
  // Scheduled jobs, tested through test runs of the example the SDK registers (ts: "__CURRENT_DATE__").
  for (const [id, trigger] of [
    ["exec-interval", intervalTrigger({ seconds: 3600 })],
    ["exec-cron", cronTrigger({ cron: "0 3 * * *" })],
  ]) {
    client.defineJob({
      id,
      name: id,
      version: "1.0.0",
      trigger,
      run: async (payload) => ({ ts: payload.ts.toISOString(), lastTimestamp: payload.lastTimestamp?.toISOString() ?? null }),
    });
  }

  client.defineJob({
    id: "exec-hello",
    name: "Hello",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload) => ({ hello: payload?.name ?? "world" }),
  });

  client.defineJob({
    id: "exec-throws",
    name: "Throws",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async () => {
      throw new Error("boom");
    },
  });

  client.defineJob({
    id: "exec-zod",
    name: "Zod payload",
    version: "1.0.0",
    trigger: invokeTrigger({ schema: z.object({ n: z.number() }) }),
    run: async (payload) => ({ doubled: payload.n * 2 }),
  });

  client.defineJob({
    id: "exec-slow",
    name: "Slow",
    version: "1.0.0",
    trigger: invokeTrigger(),
    concurrencyLimit: 2,
    run: async (payload, io, ctx) => {
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 400));
      } finally {
        stats.inFlight--;
      }
      return { slow: true, i: payload.i, run: ctx.run.id };
    },
  });

  // A run that stays in flight after a completed task: payload.holdMs (default 3000) after the
  // task "before" completed, the run function returns. The SIGKILL test kills the replica while it holds.
  client.defineJob({
    id: "exec-crash",
    name: "Crash",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io, ctx) => {
      const run = (stats.crash[ctx.run.id] ??= { executions: 0, taskCalls: 0, holding: 0, maxHolding: 0 });
      run.executions++;
      const before = await io.runTask(
        "before",
        async () => {
          run.taskCalls++;
          return { executed: run.taskCalls };
        },
        { name: "Before" }
      );
      run.holding++;
      run.maxHolding = Math.max(run.maxHolding, run.holding);
      try {
        await new Promise((resolve) => setTimeout(resolve, payload?.holdMs ?? 3000));
      } finally {
        run.holding--;
      }
      return { before };
    },
  });

  client.defineJob({
    id: "exec-timeout-progress",
    name: "Timeout with progress",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => {
      const first = await io.runTask("first", async () => ({ step: 1 }), { name: "First" });
      const second = await io.runTask("second", async () => ({ step: 2 }), { name: "Second" });
      return { first, second };
    },
  });

  client.defineJob({
    id: "exec-timeout-stuck",
    name: "Timeout without progress",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: noop,
  });

  client.defineJob({
    id: "exec-noop",
    name: "No-op",
    version: "1.0.0",
    trigger: invokeTrigger(),
    // bench/: executions per second at 8 concurrent runs
    concurrencyLimit: 8,
    run: noop,
  });

  client.defineJob({
    id: "exec-status",
    name: "Statuses",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => {
      const progress = await io.createStatus("progress", { label: "Working", state: "loading", data: { p: 0.1 } });
      const updated = await progress.update("progress-done", { label: "Done", state: "success" });
      return { updated };
    },
  });

  // A task output of 300 kB, handed back in the cache of the execution after the wait, and a run
  // output as large: the body and the answer are large enough to be built and parsed off the
  // event loop. `largeTaskCalls` counts the task's executions.
  client.defineJob({
    id: "exec-large",
    name: "Large outputs",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => {
      const big = await io.runTask(
        "big",
        async () => {
          stats.largeTaskCalls = (stats.largeTaskCalls ?? 0) + 1;
          return { blob: "x".repeat(300000) };
        },
        { name: "Big" }
      );
      await io.wait("wait-big", 1);
      return { length: big.blob.length, blob: big.blob };
    },
  });

  client.defineJob({
    id: "exec-tasks",
    name: "Tasks",
    version: "1.0.0",
    trigger: invokeTrigger(),
    logLevel: "info",
    run: async (payload, io) => {
      await io.logger.info("starting", { n: 1 });
      const first = await io.runTask("step-1", async () => ({ a: 1 }), { name: "Step 1" });
      await io.wait("wait-1", 2);
      const flaky = await io.runTask(
        "flaky",
        async () => {
          stats.flakyCalls++;
          if (stats.flakyCalls === 1) throw new Error("flaky failed");
          return { attempt: stats.flakyCalls };
        },
        { name: "Flaky", retry: { limit: 3, minTimeoutInMs: 200, maxTimeoutInMs: 500, factor: 1, randomize: false } }
      );
      const caught = await io.try(
        async () => io.runTask("fails", async () => { throw new Error("caught me"); }, { name: "Fails" }),
        async (error) => ({ caught: String(error?.message ?? error) })
      );
      return { first, flaky, caught };
    },
  });

  // Issue #26: an outcome PostgreSQL cannot store (jsonb refuses \u0000) must end the run once.
  client.defineJob({
    id: "exec-nul-output",
    name: "NUL output",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async () => "a\u0000b",
  });

  defineEventJobs(client);
  defineCallbackJobs(client);
  defineStoreJobs(client);
  defineFetchJobs(client);
  defineAppJobs(client);
}

// JOB_SET=console: the jobs the console's browser test (ConsoleBrowserTest) looks at.
// "console-order" fails the first time it runs for an order whose payload says failFirst (a task
// throws), and succeeds when run again with the same payload, after a short wait (so that its
// page sees it finish live).
const consoleOrders = {};

function defineConsoleJobs(client) {
  client.defineJob({
    id: "console-order",
    name: "Charge an order",
    version: "1.2.0",
    trigger: eventTrigger({
      name: "order.placed",
      examples: [
        { id: "small", name: "Small order", payload: { order: "EX-1", amount: 5 } },
        { id: "large", name: "Large order", icon: "star", payload: { order: "EX-2", amount: 500 } },
      ],
    }),
    run: async (payload, io, ctx) => {
      // Which run of this order this is (a run's later executions replay it: counted once).
      const runs = (consoleOrders[payload.order] ??= []);
      if (!runs.includes(ctx.run.id)) runs.push(ctx.run.id);
      const attempt = runs.indexOf(ctx.run.id) + 1;
      await io.logger.info("charging order " + payload.order, { amount: payload.amount });
      const reserved = await io.runTask(
        "reserve",
        async () => {
          const stock = await io.runTask("lookup", async () => ({ inStock: true }), { name: "Look up stock" });
          return { reserved: stock.inStock };
        },
        { name: "Reserve stock", params: { order: payload.order } }
      );
      if (payload.failFirst && attempt > 1) {
        await io.wait("settle", 2);
      }
      const charged = await io.runTask(
        "charge",
        async () => {
          if (payload.failFirst && attempt === 1) throw new Error("card declined for order " + payload.order);
          return { charged: payload.amount };
        },
        { name: "Charge card", params: { order: payload.order } }
      );
      return { order: payload.order, reserved, charged };
    },
  });

  client.defineJob({
    id: "console-waits",
    name: "Waits five minutes",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => {
      await io.logger.info("about to wait");
      await io.wait("long", 300);
      return { waited: true };
    },
  });

  // Whatever markup it is given lands in its log line, its task's name, params and output, and its
  // own output: the console must show all of it as text. The task's "secret" is redacted.
  client.defineJob({
    id: "console-hostile",
    name: "Echoes markup",
    version: "1.0.0",
    trigger: invokeTrigger(),
    run: async (payload, io) => {
      await io.logger.warn(payload.text, { text: payload.text });
      const echoed = await io.runTask("echo", async () => ({ html: payload.text, secret: "sk-live-secret" }), {
        name: payload.text,
        params: { text: payload.text },
        redact: { paths: ["secret"] },
      });
      return { html: echoed.html };
    },
  });
}
