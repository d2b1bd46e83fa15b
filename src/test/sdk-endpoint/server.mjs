// A trigger.dev v2 endpoint served by the real @trigger.dev/sdk (TriggerClient#handleRequest),
// wrapped in a plain node:http server. Started by the Java tests as a child process.
//
// Environment:
//   PORT                 port to listen on, 0 = any free port (default 0)
//   HOST                 address to bind (default 127.0.0.1)
//   TRIGGER_API_KEY      the api key the client expects in x-trigger-api-key
//   TRIGGER_ENDPOINT_ID  the TriggerClient id (default kongflow-sdk-test)
//   TRIGGER_API_URL      the client's apiUrl (default http://127.0.0.1:1, never contacted for PING/INDEX)
//   JOB_SET              a | b | scale | exec | console (default a)
//   GET /stats           the exec jobs' counters (in-flight maximum of exec-slow, exec-crash's
//                        per-run counts) and every EXECUTE_JOB received: per run id, its arrival
//                        time (epoch ms, sub-ms precision), the caller's TCP source port, the
//                        runChunkExecutionLimit it carried and its traceparent header (or null)
//   GET /last-execute    the last EXECUTE_JOB received: its headers and body, as sent (bench/)
//   EXIT_ON_STDIN_EOF    if "1", exit when stdin is closed (so the server dies with its parent)
//
// On start it prints exactly one line to stdout: "listening on port <n>".

import http from "node:http";
import { TriggerClient } from "@trigger.dev/sdk";
import { defineJobs, platformTimesOut, stats } from "./jobs.mjs";

const env = process.env;
const port = Number.parseInt(env.PORT ?? "0", 10);
const host = env.HOST || "127.0.0.1";
const endpointId = env.TRIGGER_ENDPOINT_ID || "kongflow-sdk-test";
const apiUrl = env.TRIGGER_API_URL || "http://127.0.0.1:1";
const jobSet = env.JOB_SET || "a";

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid PORT: ${env.PORT}`);
  process.exit(2);
}
if (!env.TRIGGER_API_KEY) {
  // The SDK then answers every request with 401 "Unauthorized: client missing apiKey".
  console.error("warning: TRIGGER_API_KEY is not set");
}

const client = new TriggerClient({
  id: endpointId,
  apiKey: env.TRIGGER_API_KEY || undefined,
  apiUrl,
});

try {
  defineJobs(client, jobSet);
} catch (err) {
  console.error(String(err?.message ?? err));
  process.exit(2);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function toFetchRequest(req, body) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else headers.set(name, value);
  }
  const url = new URL(req.url ?? "/", `http://${req.headers.host || `${host}:${port}`}`);
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && body.length > 0;
  return new Request(url, { method: req.method, headers, body: hasBody ? body : undefined });
}

function send(res, status, headers, body) {
  const payload = JSON.stringify(body ?? null);
  res.writeHead(status, {
    ...(headers ?? {}),
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

// EXECUTE_JOBs received, by run id (the first 100 of each run; `count` counts them all), each
// with the chunk limit it was given; returns the parsed body (null when it is not JSON).
let lastExecute = null;
function recordExecute(req, body) {
  const at = performance.timeOrigin + performance.now();
  lastExecute = { headers: req.headers, body: body.toString("utf8") };
  let parsed;
  try {
    parsed = JSON.parse(lastExecute.body);
  } catch {
    return null;
  }
  const runId = parsed?.run?.id;
  if (typeof runId !== "string") return parsed;
  const seen = (stats.executeJobs[runId] ??= { count: 0, arrivals: [] });
  seen.count++;
  if (seen.arrivals.length < 100) {
    seen.arrivals.push({
      at,
      port: req.socket.remotePort,
      chunkLimit: parsed.runChunkExecutionLimit,
      traceparent: req.headers.traceparent ?? null,
    });
  }
  return parsed;
}

const server = http.createServer(async (req, res) => {
  try {
    const body = await readBody(req);
    if (req.method === "GET" && req.url === "/stats") {
      send(res, 200, {}, stats);
      return;
    }
    if (req.method === "GET" && req.url === "/last-execute") {
      send(res, lastExecute ? 200 : 404, {}, lastExecute);
      return;
    }
    let timesOut = false;
    if (req.method === "POST" && req.headers["x-trigger-action"] === "EXECUTE_JOB") {
      const execution = recordExecute(req, body);
      timesOut = platformTimesOut(execution?.job?.id, execution?.run?.id);
    }
    const result = await client.handleRequest(toFetchRequest(req, body));
    if (timesOut) {
      // The function ran (its tasks were created), but the platform cut it off before it answered.
      res.writeHead(504, { "content-type": "text/plain", "x-vercel-error": "FUNCTION_INVOCATION_TIMEOUT" });
      res.end("An error occurred with your deployment\n\nFUNCTION_INVOCATION_TIMEOUT\n");
      return;
    }
    // Some SDK error branches (e.g. 400/404 for EXECUTE_JOB) return no headers.
    send(res, result.status, result.headers, result.body);
  } catch (err) {
    console.error("request failed:", err);
    if (!res.headersSent) send(res, 500, {}, { message: String(err?.message ?? err) });
    else res.destroy();
  }
});

server.listen(port, host, () => {
  process.stdout.write(`listening on port ${server.address().port}\n`);
});

// A test fixture: nothing to drain, so stop at once.
function shutdown() {
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
if (env.EXIT_ON_STDIN_EOF === "1") {
  process.stdin.on("end", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
}
