// The v2 CLI's key check (@trigger.dev/cli's TriggerApi.whoami at trigger.dev a1860db,
// packages/cli/src/utils/triggerApi.ts): GET /api/v1/whoami, parsed with the CLI's own schema,
// copied here as it is (the CLI package is not a dependency). Prints one JSON line: the parsed
// answer, or the parse's issues.
//
// Environment: TRIGGER_API_URL (the service), TRIGGER_API_KEY (an environment key).
import { z } from "zod";

const WhoamiResponseSchema = z.object({
  id: z.string(),
  slug: z.string(),
  type: z.string(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  project: z.object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    createdAt: z.coerce.date(),
    updatedAt: z.coerce.date(),
  }),
  organization: z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    createdAt: z.coerce.date(),
    updatedAt: z.coerce.date(),
  }),
  pkApiKey: z.string(),
  userId: z.string().optional(),
});

const response = await fetch(`${process.env.TRIGGER_API_URL}/api/v1/whoami`, {
  method: "GET",
  headers: { Accept: "application/json", Authorization: `Bearer ${process.env.TRIGGER_API_KEY}` },
});
const parsed = response.ok ? WhoamiResponseSchema.safeParse(await response.json()) : null;
console.log(JSON.stringify({
  status: response.status,
  parsed: parsed?.success ? parsed.data : null,
  issues: parsed && !parsed.success ? parsed.error.issues : null,
}));
