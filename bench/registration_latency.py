#!/usr/bin/env python3
"""Single-client registration latency against a running kongflow jobs service.

Creates a tenant through the admin API, registers an endpoint served by a tiny local stand-in
(so the PING succeeds), then POSTs one JobMetadata per request (2 examples, 1 integration, a static
trigger), each a new version, over one keep-alive connection, after a warm-up. Prints a markdown
table of requests/s and p50/p95/p99 in milliseconds.

  python3 bench/registration_latency.py --base http://127.0.0.1:8080 --admin-token TOKEN [--requests 2000]
"""
import argparse
import http.client
import http.server
import json
import statistics
import threading
import time
import urllib.parse
import uuid


class SdkStandIn(http.server.BaseHTTPRequestHandler):
    """Answers PING with ok and INDEX_ENDPOINT with an empty job list."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"ok":true}' if self.headers.get("x-trigger-action") == "PING" else json.dumps(
            {"jobs": [{"id": "bench", "name": "Bench", "version": "0.0.1", "event": {"name": "bench.event",
             "title": "Event", "source": "bench", "icon": "custom-event"}, "trigger": {"type": "static",
             "title": "t", "rule": {"event": "bench.event", "source": "bench"}}, "integrations": {},
             "enabled": True}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def call(connection, method, path, token, body=None):
    headers = {"authorization": "Bearer " + token, "content-type": "application/json"}
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path} answered {response.status}: {data[:300]!r}")
    return json.loads(data) if data else None


def job(version):
    return {
        "id": "bench-job", "name": "Bench job", "version": version,
        "event": {"name": "order.created", "title": "Event", "source": "shop", "icon": "custom-event",
                  "examples": [{"id": "small", "name": "Small order", "payload": {"total": 10}},
                               {"id": "large", "name": "Large order", "payload": {"total": 1000}}]},
        "trigger": {"type": "static", "title": "order.created",
                    "rule": {"event": "order.created", "source": "shop", "payload": {"total": [{"$gt": 5}]}}},
        "integrations": {"mail": {"id": "mailer", "metadata": {"id": "mailer", "name": "Mailer"}, "authSource": "LOCAL"}},
        "startPosition": "latest", "enabled": True, "preprocessRuns": False,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    args = parser.parse_args()

    stand_in = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SdkStandIn)
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    url = urllib.parse.urlparse(args.base)
    connection = http.client.HTTPConnection(url.hostname, url.port)

    suffix = uuid.uuid4().hex[:8]
    call(connection, "POST", "/api/admin/v1/organizations", args.admin_token, {"slug": "bench-" + suffix, "title": "Bench"})
    call(connection, "POST", f"/api/admin/v1/organizations/bench-{suffix}/projects", args.admin_token,
         {"slug": "bench-" + suffix, "name": "Bench"})
    key = call(connection, "POST", f"/api/admin/v1/projects/bench-{suffix}/environments", args.admin_token,
               {"slug": "dev", "type": "DEVELOPMENT"})["apiKey"]
    call(connection, "POST", "/api/v1/endpoints", key,
         {"id": "bench", "url": f"http://127.0.0.1:{stand_in.server_address[1]}/api/trigger"})

    for i in range(args.warmup):
        call(connection, "POST", "/api/v1/endpoints/bench/jobs", key, job(f"0.{i}.0"))
    latencies = []
    started = time.perf_counter()
    for i in range(args.requests):
        before = time.perf_counter()
        call(connection, "POST", "/api/v1/endpoints/bench/jobs", key, job(f"1.{i}.0"))
        latencies.append((time.perf_counter() - before) * 1000)
    elapsed = time.perf_counter() - started
    again = []
    for i in range(min(args.requests, 500)):
        before = time.perf_counter()
        call(connection, "POST", "/api/v1/endpoints/bench/jobs", key, job(f"1.{args.requests - 1}.0"))
        again.append((time.perf_counter() - before) * 1000)

    def row(name, values, seconds):
        q = statistics.quantiles(values, n=100)
        return f"| {name} | {len(values)} | {len(values) / seconds:.0f} | {q[49]:.2f} | {q[94]:.2f} | {q[98]:.2f} |"

    print("| case (1 client) | requests | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    print(row("new version each request", latencies, elapsed))
    print(row("same version again (unchanged)", again, sum(again) / 1000))
    stand_in.shutdown()


if __name__ == "__main__":
    main()
