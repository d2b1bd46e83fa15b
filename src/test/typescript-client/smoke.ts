// A smoke run of the TypeScript (typescript-fetch) client the build generates from the committed
// contract, against the service: JOBS_URL, KEY (an environment key; an endpoint "app" registered).
// Prints one JSON line for contract/TypeScriptClientTest. No top-level await: compiled to CommonJS.
import {
  Configuration,
  JobMetadata,
  JobsApi,
  QueuesApi,
  RegistrationApi,
  ResponseError,
} from "../../../target/generated-test-sources/typescript-client";

async function main(): Promise<void> {
  const config = new Configuration({ basePath: process.env.JOBS_URL, accessToken: process.env.KEY });
  const job: JobMetadata = {
    id: "ts-smoke",
    name: "TypeScript smoke",
    version: "1.0.0",
    event: { name: "ts.smoke", source: "trigger.dev" },
    trigger: { type: "invoke" },
    concurrencyLimit: { id: "ts-group", limit: 2 },
  };
  const registration = new RegistrationApi(config);
  const created = await registration.registerJobRaw({ slug: "app", jobMetadata: job });
  const first = await created.value();
  const again = await registration.registerJob({ slug: "app", jobMetadata: job });

  const jobs = new JobsApi(config);
  const page = await jobs.listJobs({ limit: 100 });
  const version = await jobs.getJobVersion({ slug: "ts-smoke", version: "1.0.0" });

  const queues = new QueuesApi(config);
  const queue = await queues.createQueueRaw({ createQueue: { name: "ts-queue", maxJobs: 3 } });

  let missing: { status: number; problem: unknown } | null = null;
  try {
    await jobs.getJob({ slug: "no-such-job" });
  } catch (error) {
    if (error instanceof ResponseError) {
      missing = { status: error.response.status, problem: await error.response.json() };
    } else {
      throw error;
    }
  }

  console.log(
    JSON.stringify({
      registered: { status: created.raw.status, outcome: first.outcome },
      again: again.outcome,
      slugs: page.data?.map((listed) => listed.slug),
      queue: version.queue?.name,
      createdQueue: { status: queue.raw.status, name: (await queue.value()).name },
      missing,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
