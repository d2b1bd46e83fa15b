#!/usr/bin/env python3
"""kongflow jobs benchmarks against the physical limit: the service vs pgbench running its own SQL.

Run through bench/run.sh (it installs wrk/pgbench and builds the app when needed). This script:
  1. creates a fresh database on a PostgreSQL server (default: the machine's, 127.0.0.1:5432),
  2. starts the packaged service in prod mode against it (JVM jar; --native also the native executable),
  3. creates a tenant through the admin API and an endpoint (a local stand-in answers its PING),
  4. measures, each for a fixed time after a warm-up, with wrk (service) and pgbench (the limit):
     registration (new version / same version) at 1, 8 and 32 clients; GET one job and the first page
     of the job list; list latency at 1 000 and 100 000 jobs (first and a deep page); indexing an
     endpoint of the real trigger.dev SDK serving 100 jobs; run execution against the real SDK
     endpoint (a no-op job): wrk straight at the endpoint with the EXECUTE_JOB the service sends (the
     limit), executions per second through the service at 8 concurrent runs, and the latency from a
     run becoming startable to its EXECUTE_JOB arriving at the endpoint; events accepted per second
     (single and bulk) against pgbench of bench/events-reference, and the latency from sendEvent
     returning to the matching job's EXECUTE_JOB with 0, 10 and 1 000 other dispatchers; startup time and RSS,
  5. prints one markdown table and writes it to bench/results/.

pgbench runs the very statements the service runs: their text is read from the service's classes
(bench/SqlOf.java) and their :named parameters become pgbench variables; values that vary per
request (job slug, version, its rank) are computed in SQL from pgbench's random numbers.
"""
import argparse
import base64
import concurrent.futures
import copy
import datetime
import http.client
import http.server
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
APP = ROOT / "target" / "quarkus-app"
ADMIN_TOKEN = "bench-admin-token"
ENCRYPTION_KEY = base64.b64encode(b"bench-only-kongflow-encryption!!").decode()
PARAMETER = re.compile(r"(?<!:):([A-Za-z_][A-Za-z0-9_]*)")


def log(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# PostgreSQL


class Postgres:
    def __init__(self, args):
        self.host, self.port, self.user, self.database = args.pg_host, args.pg_port, args.pg_user, args.database
        self.env = dict(os.environ, PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user)
        if args.pg_password:
            self.env["PGPASSWORD"] = args.pg_password

    @staticmethod
    def like(other, database):
        """The same server and credentials, another database."""
        twin = copy.copy(other)
        twin.database = database
        return twin

    def recreate(self):
        subprocess.run(["dropdb", "--if-exists", "--force", self.database], env=self.env, check=True)
        subprocess.run(["createdb", self.database], env=self.env, check=True)

    def query(self, sql):
        out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.database, "-c", sql],
                             env=self.env, check=True, capture_output=True, text=True).stdout
        return [line.split("|") for line in out.strip().splitlines() if line]

    def version(self):
        return self.query("SHOW server_version")[0][0]

    def pgbench(self, script, clients, seconds, variables):
        command = ["pgbench", "-n", "-M", "prepared", "-c", str(clients), "-j", str(min(clients, 2)),
                   "-T", str(seconds), "-f", script, "-d", self.database]
        for name, value in variables.items():
            command += ["-D", f"{name}={value}"]
        result = subprocess.run(command, env=self.env, capture_output=True, text=True)
        if result.returncode != 0 or "aborted" in result.stderr:
            raise SystemExit(f"pgbench failed: {result.stderr[-2000:]}")
        tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", result.stdout).group(1))
        latency = float(re.search(r"latency average = ([0-9.]+) ms", result.stdout).group(1))
        failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
        return {"tps": tps, "latency_ms": latency, "failed": int(failed.group(1)) if failed else 0}


# ---------------------------------------------------------------------------------------------
# The service


class SdkStandIn(http.server.BaseHTTPRequestHandler):
    """Answers an endpoint's PING (registration by push needs a registered endpoint)."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        body = b'{"ok":true}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Service:
    def __init__(self, command, pg, port, label):
        self.command, self.pg, self.port, self.label = command, pg, port, label
        self.process = None
        self.log = None

    def start(self):
        env = dict(os.environ,
                   QUARKUS_DATASOURCE_REACTIVE_URL=f"postgresql://{self.pg.host}:{self.pg.port}/{self.pg.database}",
                   QUARKUS_DATASOURCE_JDBC_URL=f"jdbc:postgresql://{self.pg.host}:{self.pg.port}/{self.pg.database}",
                   QUARKUS_DATASOURCE_USERNAME=self.pg.user,
                   QUARKUS_DATASOURCE_PASSWORD=self.pg.env.get("PGPASSWORD", "postgres"),
                   QUARKUS_HTTP_PORT=str(self.port),
                   KONGFLOW_ADMIN_TOKEN=ADMIN_TOKEN, KONGFLOW_ENCRYPTION_KEY=ENCRYPTION_KEY,
                   # The index benchmark runs indexes itself, synchronously.
                   KONGFLOW_INDEXING_WORKER_ENABLED="false",
                   # The bench tenant's environment is PRODUCTION and its endpoints are on 127.0.0.1:
                   # allow loopback for it (the shipped default allows it for DEVELOPMENT only).
                   KONGFLOW_OUTBOUND_LOOPBACK_ENVIRONMENTS="DEVELOPMENT,STAGING,PRODUCTION,PREVIEW")
        try:
            self.call("GET", "/q/health/live", token=None)
            raise SystemExit(f"port {self.port} is taken (an earlier run's service?); choose another with --port")
        except OSError:
            pass
        self.log = tempfile.NamedTemporaryFile(prefix=f"kongflow-bench-{self.label}-", suffix=".log", delete=False)
        started = time.monotonic()
        self.process = subprocess.Popen(self.command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"the service exited at start; see {self.log.name}")
            try:
                status, _ = self.call("GET", "/q/health/ready", token=None)
                if status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            if time.monotonic() - started > 120:
                raise SystemExit(f"the service was not ready after 120 s; see {self.log.name}")
            time.sleep(0.02)

    def rss_mib(self):
        for line in pathlib.Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def call(self, method, path, token, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, (json.loads(data) if data else None)

    def ok(self, method, path, token, body=None):
        status, answer = self.call(method, path, token, body)
        if status >= 300:
            raise SystemExit(f"{method} {path} answered {status}: {answer}")
        return answer

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def tenant(service, pg, slug):
    """An organization, project and environment made through the admin API; its key and ids."""
    service.ok("POST", "/api/admin/v1/organizations", ADMIN_TOKEN, {"slug": slug, "title": slug})
    service.ok("POST", f"/api/admin/v1/organizations/{slug}/projects", ADMIN_TOKEN, {"slug": slug, "name": slug})
    created = service.ok("POST", f"/api/admin/v1/projects/{slug}/environments", ADMIN_TOKEN,
                         {"slug": "prod", "type": "PRODUCTION"})
    ids = pg.query(f"""SELECT e.id, e.project_id, e.organization_id FROM runtime_environments e
                       JOIN projects p ON p.id = e.project_id WHERE p.slug = '{slug}'""")[0]
    return {"key": created["apiKey"], "environmentId": ids[0], "projectId": ids[1], "organizationId": ids[2]}


# ---------------------------------------------------------------------------------------------
# Load


def cpu_ms(pids):
    """CPU time (user + system) the processes have used so far, in milliseconds."""
    total = 0
    for pid in pids:
        try:
            fields = pathlib.Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = fields[fields.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    """Every PostgreSQL process on this machine (the server measured is local; keep others idle)."""
    pids = []
    for entry in pathlib.Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(entry.name)
        except OSError:
            pass
    return pids


def wrk(service, script, arguments, clients, seconds):
    """wrk against the service, with the CPU the service and PostgreSQL spent per request meanwhile."""
    pg_pids = postgres_pids()
    service_before, pg_before = cpu_ms([service.process.pid]), cpu_ms(pg_pids)
    measured = wrk_at(service.url, script, arguments, clients, seconds)
    requests = max(measured["requests"], 1)
    measured["service_cpu_ms"] = (cpu_ms([service.process.pid]) - service_before) / requests
    measured["pg_cpu_ms"] = (cpu_ms(pg_pids) - pg_before) / requests
    return measured


def wrk_at(url, script, arguments, clients, seconds):
    command = ["wrk", "-t", str(min(clients, 2)), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(BENCH / "wrk" / script), url, "--"] + [str(a) for a in arguments]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    line = next((l for l in result.stdout.splitlines() if l.startswith("RESULT ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed: {result.stdout[-1500:]} {result.stderr[-1500:]}")
    measured = json.loads(line[len("RESULT "):])
    measured["rps"] = measured["requests"] / measured["seconds"]
    if measured["non2xx"] or measured["errors"]:
        log(f"  {script} {arguments[1:]}: {measured['non2xx']} non-2xx answers, {measured['errors']} socket errors")
        log("  " + result.stderr.strip()[-600:])
    return measured


class SqlOfService:
    """The SQL text of the service's statements, read from its classes."""

    def __init__(self):
        self.cache = {}

    def load(self, references):
        missing = [r for r in references if r not in self.cache]
        if not missing:
            return
        classpath = f"{APP}/app/*:{APP}/lib/main/*"
        out = subprocess.run(["java", "-cp", classpath, str(BENCH / "SqlOf.java")] + missing,
                             check=True, capture_output=True, text=True).stdout
        for match in re.finditer(r"^-- (\S+)\n(.*?)\n-- end$", out, re.M | re.S):
            self.cache[match.group(1)] = match.group(2)

    def statement(self, reference, values, gset=None):
        """The statement with each :name replaced by values[name] (a pgbench variable or SQL expression)."""
        self.load([reference])

        def replace(match):
            name = match.group(1)
            if name not in values:
                raise SystemExit(f"{reference}: no pgbench value for :{name}")
            return values[name]

        sql = PARAMETER.sub(replace, self.cache[reference]).strip()
        return f"{sql}\n\\gset {gset}\n" if gset else f"{sql};\n"


def script(name, lines):
    path = pathlib.Path(tempfile.gettempdir()) / f"kongflow-bench-{name}.sql"
    path.write_text("".join(lines))
    return str(path)


JOB_UPSERT = "io.kongflow.jobs.registration.JobUpsert#UPSERT"
QUEUE_FIND = "io.kongflow.jobs.registration.QueueUpsert#FIND"
VERSION_UPSERT = "io.kongflow.jobs.registration.VersionUpsert#UPSERT"
EXAMPLES = "io.kongflow.jobs.registration.ExampleSync#SYNC"
INTEGRATIONS_CREATE = "io.kongflow.jobs.registration.IntegrationSync#CREATE_MISSING"
INTEGRATIONS_USES = "io.kongflow.jobs.registration.IntegrationSync#SYNC_USES"
ALIAS_READ = "io.kongflow.jobs.registration.AliasUpdate#CURRENT_AND_HIGHER"
ALIAS_UPSERT = "io.kongflow.jobs.registration.AliasRows#UPSERT"
DISPATCHER = "io.kongflow.jobs.registration.DispatcherReset#STATIC"
ENDPOINT_ID = "io.kongflow.jobs.persistence.EndpointRows#OF_ENVIRONMENT"
JOB_ONE = "io.kongflow.jobs.catalog.JobCatalog#ONE"
JOB_LIST = "io.kongflow.jobs.catalog.JobCatalog#LIST"

# The same JobMetadata as bench/wrk/register.lua, as the service stores it.
EXAMPLES_JSON = json.dumps([{"id": "large", "name": "Large order", "icon": "star", "payload": {"total": 1000}},
                            {"id": "small", "name": "Small order", "icon": None, "payload": {"total": 10}}])
INTEGRATIONS_JSON = json.dumps([{"key": "mail", "slug": "mailer", "definition_id": "mailer",
                                 "definition_name": "Mailer", "instructions": None, "auth_source": "LOCAL"}])


def registration_script(sql, prefix, new_version, tenant_ids):
    """One registration as pgbench: the endpoint lookup, then the pipeline's statements in one transaction."""
    slug = f"('{prefix}-job-' || CAST(:jobnum AS text))"
    version = "('1.0.' || CAST(:v AS text))" if new_version else "'1.0.0'"
    rank = "decode(lpad(to_hex(CAST(:v AS bigint)), 16, '0'), 'hex')" if new_version else "'\\x01'::bytea"
    common = {"organizationId": ":organization", "projectId": ":project", "environmentId": ":environment"}
    lines = [f"\\set jobnum random(1, {100000 if new_version else 1000})\n", "\\set v random(1, 2000000000)\n",
             sql.statement(ENDPOINT_ID, {**common, "slug": "'bench'"}), "BEGIN;\n",
             sql.statement(JOB_UPSERT, {**common, "slug": slug, "title": "'Bench job'", "internal": "false",
                                        "enabled": "true"}, gset="j_"),
             sql.statement(QUEUE_FIND, {**common, "name": "'default'"}, gset="q_"),
             sql.statement(VERSION_UPSERT, {**common, "jobId": ":j_id", "endpointId": ":endpoint", "queueId": ":q_id",
                                            "version": version, "rank": rank,
                                            "eventSpecification": ":event_specification", "trigger": ":trigger",
                                            "properties": "NULL", "link": "NULL", "help": "NULL",
                                            "startPosition": "'LATEST'", "preprocessRuns": "false",
                                            "status": "'ACTIVE'", "contentHash": f"md5({version})"}, gset="v_")]
    if new_version:
        lines += [sql.statement(EXAMPLES, {"versionId": ":v_id", "examples": ":examples"}),
                  sql.statement(INTEGRATIONS_CREATE, {**common, "integrations": ":integrations"}),
                  sql.statement(INTEGRATIONS_USES, {**common, "jobId": ":j_id", "versionId": ":v_id",
                                                    "integrations": ":integrations"})]
    lines.append(sql.statement(ALIAS_READ, {**common, "jobId": ":j_id", "rank": rank}))
    if new_version:
        lines += [sql.statement(ALIAS_UPSERT, {**common, "jobId": ":j_id", "versionId": ":v_id", "name": "'latest'",
                                               "value": version}),
                  sql.statement(DISPATCHER, {**common, "dispatchableId": "CAST(:j_id AS text)",
                                             "dispatchable": "json_build_object('type', 'JOB_VERSION', 'id', CAST(:v_id AS text))::text",
                                             "events": ":events", "source": "'shop'",
                                             "payloadFilter": ":payload_filter", "contextFilter": "NULL",
                                             "manual": "false", "enabled": "true", "key": slug})]
    lines.append("COMMIT;\n")
    return script(f"register-{prefix}", lines)


def registration_variables(tenant_ids, endpoint_id):
    return {"organization": tenant_ids["organizationId"], "project": tenant_ids["projectId"],
            "environment": tenant_ids["environmentId"], "endpoint": endpoint_id,
            "event_specification": json.dumps({"name": "order.created", "title": "Order created", "source": "shop",
                                               "icon": "custom-event"}),
            "trigger": json.dumps({"type": "static", "title": "order.created"}),
            "examples": EXAMPLES_JSON, "integrations": INTEGRATIONS_JSON, "events": '["order.created"]',
            "payload_filter": json.dumps({"total": [{"$gt": 5}]})}


# ---------------------------------------------------------------------------------------------
# Scenarios


def minimal_shape(pg, clients_list, seconds, warmup):
    """pgbench of ../shared/bench-reference (the least a new-version registration must do, on tables
    with only the keys it needs), in a database of its own on the same server: the floor."""
    reference = ROOT.parent / "shared" / "bench-reference"
    if not (reference / "registration.sql").exists():
        log(f"no {reference}: the minimal shape is not measured")
        return []
    floor = Postgres.like(pg, pg.database + "_reference")
    floor.recreate()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", floor.database, "-f",
                    str(reference / "schema.sql")], env=floor.env, check=True, capture_output=True)
    rows = []
    for clients in clients_list:
        log(f"the minimal shape (pgbench), {clients} clients")
        floor.pgbench(str(reference / "registration.sql"), clients, max(3, warmup // 2), {})
        rows.append((clients, floor.pgbench(str(reference / "registration.sql"), clients, seconds, {})))
    return rows


def registration(service, pg, sql, t, endpoint_id, clients_list, seconds, warmup):
    rows = []
    variables = registration_variables(t, endpoint_id)
    for mode in ("new", "same"):
        pgbench_script = registration_script(sql, "pgb-" + mode, mode == "new", t)
        if mode == "same":
            log("registering the 1 000 jobs re-registered by the same-version case")
            for job in range(1, 1001):
                wrk_body_job(service, t["key"], job)
        for clients in clients_list:
            log(f"registration ({mode} version), {clients} clients: warm-up {warmup} s, then {seconds} s")
            wrk(service, "register.lua", [t["key"], "bench", mode, 100000 if mode == "new" else 1000], clients, warmup)
            measured = wrk(service, "register.lua", [t["key"], "bench", mode, 100000 if mode == "new" else 1000],
                           clients, seconds)
            pg.pgbench(pgbench_script, clients, max(3, warmup // 2), variables)
            limit = pg.pgbench(pgbench_script, clients, seconds, variables)
            rows.append((f"registration, {'new version each request' if mode == 'new' else 'same version again'}",
                         clients, measured, limit))
    return rows


def wrk_body_job(service, key, job):
    body = {"id": f"same-job-{job}", "name": f"Bench job {job}", "version": "1.0.0",
            "event": {"name": "order.created", "title": "Order created", "source": "shop", "icon": "custom-event",
                      "examples": [{"id": "small", "name": "Small order", "payload": {"total": 10}},
                                   {"id": "large", "name": "Large order", "icon": "star", "payload": {"total": 1000}}]},
            "trigger": {"type": "static", "title": "order.created",
                        "rule": {"event": "order.created", "source": "shop", "payload": {"total": [{"$gt": 5}]}}},
            "integrations": {"mail": {"id": "mailer", "metadata": {"id": "mailer", "name": "Mailer"},
                                      "authSource": "LOCAL"}},
            "startPosition": "latest", "enabled": True, "preprocessRuns": False}
    service.ok("POST", "/api/v1/endpoints/bench/jobs", key, body)


def reads(service, pg, sql, t, clients, seconds, warmup):
    common = {"projectId": ":project", "environmentId": ":environment"}
    get_script = script("get-job", ["\\set k random(1, 1000)\n",
                                    sql.statement(JOB_ONE, {**common, "slug": "('same-job-' || CAST(:k AS text))"})])
    list_script = script("list-jobs", [sql.statement(JOB_LIST, {**common, "after": "NULL", "pattern": "NULL",
                                                                "includeInternal": "false",
                                                                "includeDisabled": "false", "endpoint": "NULL",
                                                                "limit": "21", "stretch": "21"})])
    variables = {"project": t["projectId"], "environment": t["environmentId"]}
    rows = []
    for label, lua_args, pgbench_script in (
            ("GET /api/v1/jobs/{slug}", [t["key"], "/api/v1/jobs/same-job-%d", 1000], get_script),
            ("GET /api/v1/jobs (first page)", [t["key"], "/api/v1/jobs"], list_script)):
        log(f"{label}, {clients} clients")
        wrk(service, "get.lua", lua_args, clients, warmup)
        measured = wrk(service, "get.lua", lua_args, clients, seconds)
        pg.pgbench(pgbench_script, clients, max(3, warmup // 2), variables)
        rows.append((label, clients, measured, pg.pgbench(pgbench_script, clients, seconds, variables)))
    return rows


def warmup_after_restart(service, t):
    """The service restarted on its database, then GET job at 8 clients at once: four 10 s windows."""
    service.stop()
    log("warm-up: the service restarted, GET /api/v1/jobs/{slug} at 8 clients from the moment it is ready")
    ready = service.start()
    windows = [wrk(service, "get.lua", [t["key"], "/api/v1/jobs/same-job-%d", 1000], 8, 10) for _ in range(4)]
    return {"ready": ready, "windows": windows}


def seed_jobs(pg, t, endpoint_id, count):
    """count jobs as registration leaves them (job, version, latest alias), written in bulk for speed."""
    pg.query(f"""
        WITH q AS (INSERT INTO job_queues (environment_id, name) VALUES ('{t["environmentId"]}', 'default')
                   ON CONFLICT (environment_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id),
        j AS (INSERT INTO jobs (organization_id, project_id, slug, title)
              SELECT '{t["organizationId"]}', '{t["projectId"]}', 'job-' || lpad(n::text, 6, '0'), 'Job ' || n
              FROM generate_series(1, {count}) n RETURNING id),
        v AS (INSERT INTO job_versions (job_id, environment_id, organization_id, project_id, endpoint_id, queue_id,
                  version, version_rank, event_specification, trigger, content_hash)
              SELECT j.id, '{t["environmentId"]}', '{t["organizationId"]}', '{t["projectId"]}', '{endpoint_id}', q.id,
                  '1.0.0', '\\x01'::bytea, '{{"name": "order.created"}}'::jsonb, '{{"type": "static"}}'::jsonb, 'h'
              FROM j, q RETURNING id, job_id, environment_id, version)
        INSERT INTO job_aliases (job_id, environment_id, version_id, name, value)
        SELECT job_id, environment_id, id, 'latest', version FROM v""")
    pg.query("ANALYZE")


def scale(service, pg, clients, seconds, sizes):
    rows = []
    for size in sizes:
        slug = f"scale{size}"
        t = tenant(service, pg, slug)
        service.ok("POST", "/api/v1/endpoints", t["key"], {"id": "bench", "url": STAND_IN_URL})
        endpoint_id = pg.query(f"SELECT id FROM endpoints WHERE environment_id = '{t['environmentId']}'")[0][0]
        log(f"seeding {size} jobs")
        seed_jobs(pg, t, endpoint_id, size)
        deep_after = base64.urlsafe_b64encode(f"job-{size - 100:06d}".encode()).decode().rstrip("=")
        for label, path in (("first page", "/api/v1/jobs?limit=25"),
                            ("deep page", f"/api/v1/jobs?limit=25&cursor={deep_after}")):
            status, answer = service.call("GET", path, t["key"])
            assert status == 200 and len(answer["data"] if "data" in answer else answer["jobs"]) == 25, answer
            wrk(service, "get.lua", [t["key"], path], clients, max(2, seconds // 3))
            rows.append((size, label, wrk(service, "get.lua", [t["key"], path], clients, seconds)))
    return rows


def start_sdk_endpoint(port, t, endpoint_id, **settings):
    """The real SDK endpoint (src/test/sdk-endpoint) on a port, once it says it listens."""
    env = dict(os.environ, PORT=str(port), TRIGGER_API_KEY=t["key"], TRIGGER_ENDPOINT_ID=endpoint_id, **settings)
    node = subprocess.Popen(["node", "server.mjs"], cwd=ROOT / "src/test/sdk-endpoint", env=env,
                            stdout=subprocess.PIPE, text=True)
    line = node.stdout.readline()
    if "listening" not in line:
        node.terminate()
        raise SystemExit(f"the SDK endpoint did not start: {line}")
    return node


def index(service, pg, t, jobs):
    port = 18000 + os.getpid() % 1000
    node = start_sdk_endpoint(port, t, "bench-sdk", JOB_SET="scale", JOB_COUNT=str(jobs))
    try:
        service.ok("POST", "/api/v1/endpoints", t["key"], {"id": "bench-sdk", "url": f"http://127.0.0.1:{port}"})
        timings = []
        for attempt in ("first (creates the jobs)", "again (nothing changed)"):
            started = time.monotonic()
            answer = service.ok("POST", "/api/v1/endpoints/bench-sdk/index", t["key"], {"reason": "bench"})
            elapsed = time.monotonic() - started
            if answer.get("status") != "SUCCESS":
                raise SystemExit(f"index failed: {answer}")
            timings.append((attempt, elapsed, answer.get("stats")))
        count = pg.query(f"""SELECT count(*) FROM jobs j JOIN job_aliases a ON a.job_id = j.id
                             WHERE j.project_id = '{t['projectId']}' AND j.slug LIKE 'scale-job-%'""")[0][0]
        if int(count) != jobs:
            raise SystemExit(f"indexing registered {count} jobs, expected {jobs}")
        return timings
    finally:
        node.terminate()


# ---------------------------------------------------------------------------------------------
# Run execution


def http_call(method, url, body=None, headers=None):
    """One request to a url on this machine; its status and JSON answer."""
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    connection.request(method, parsed.path or "/", body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, (json.loads(data) if data else None)


FINAL = {"SUCCESS", "FAILURE", "TIMED_OUT", "ABORTED", "CANCELED", "UNRESOLVED_AUTH", "INVALID_PAYLOAD"}


def invoke_noop(service, t):
    return service.ok("POST", "/api/v1/jobs/exec-noop/invoke", t["key"], {"payload": {}})["id"]


def wait_until(condition, what, timeout=300, pause=0.05):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(pause)


def ended(pg, runs):
    """The runs' statuses, once every one of them has ended (else None)."""
    ids = ",".join(f"'{r}'" for r in runs)
    rows = pg.query(f"SELECT status, count(*) FROM job_runs WHERE id IN ({ids}) AND completed_at IS NOT NULL GROUP BY status")
    counted = {status: int(n) for status, n in rows}
    return counted if sum(counted.values()) == len(runs) else None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def seed_waiting(pg, t, run, queue, count):
    """Copies of a run waiting a day (as for io.wait or a retry delay): half in its queue, half in
    another queue of its environment, which has nothing due."""
    other = pg.query(f"""INSERT INTO job_queues (environment_id, name, max_jobs)
                         VALUES ('{t['environmentId']}', 'bench-waiting', 8) RETURNING id""")[0][0]
    # Each copy gets a copy of the run's (delivered) event: an event has one run per version (V17).
    pg.query(f"""WITH g AS (SELECT g, gen_random_uuid() AS event_uuid FROM generate_series(1, {count}) g),
                 events AS (
                     INSERT INTO event_records (id, environment_id, organization_id, project_id, event_id, name, source,
                         payload, context, deliver_at, delivered_at)
                     SELECT g.event_uuid, e.environment_id, e.organization_id, e.project_id,
                         e.event_id || ':copy:' || g.event_uuid, e.name, e.source, e.payload, e.context, e.deliver_at,
                         COALESCE(e.delivered_at, now())
                     FROM job_runs r JOIN event_records e ON e.id = r.event_id CROSS JOIN g WHERE r.id = '{run}')
                 INSERT INTO job_runs
                 SELECT copy.* FROM job_runs r CROSS JOIN g
                 CROSS JOIN LATERAL jsonb_populate_record(NULL::job_runs, to_jsonb(r) || jsonb_build_object(
                     'id', gen_random_uuid(), 'event_id', g.event_uuid, 'number', r.number + 1000000 + g.g,
                     'status', 'WAITING_TO_CONTINUE',
                     'queue_id', CASE WHEN g.g % 2 = 0 THEN '{queue}' ELSE '{other}' END,
                     'completed_at', NULL, 'output', NULL, 'holds_slot', false, 'lease_owner', NULL,
                     'lease_expires_at', NULL, 'next_execution_at', now() + interval '1 day' + make_interval(secs => g.g))) copy
                 WHERE r.id = '{run}'""")


def execution(service, pg, t, runs, latency_runs, seconds, warmup, clients=8, waiting=0, burst_runs=200):
    """The real SDK endpoint (JOB_SET=exec) serving exec-noop (concurrencyLimit 8): its own rate, the
    service's executions per second through it, and the latency from startable to EXECUTE_JOB; with
    `waiting`, both again once that many runs wait a day in exec-noop's queue and another."""
    port = 19000 + os.getpid() % 1000
    node = start_sdk_endpoint(port, t, "bench-exec", JOB_SET="exec", TRIGGER_API_URL=service.url)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        service.ok("POST", "/api/v1/endpoints", t["key"], {"id": "bench-exec", "url": endpoint + "/api/trigger"})
        answer = service.ok("POST", "/api/v1/endpoints/bench-exec/index", t["key"], {"reason": "bench"})
        if answer.get("status") != "SUCCESS":
            raise SystemExit(f"index failed: {answer}")
        queue = pg.query(f"""SELECT v.queue_id FROM job_versions v JOIN jobs j ON j.id = v.job_id
                             WHERE j.slug = 'exec-noop' AND v.environment_id = '{t['environmentId']}'""")[0][0]

        # The EXECUTE_JOB the service sends, captured by the endpoint: wrk sends it again and again.
        first = invoke_noop(service, t)
        wait_until(lambda: ended(pg, [first]), "the first run")
        status, captured = http_call("GET", endpoint + "/last-execute")
        if status != 200:
            raise SystemExit("the endpoint received no EXECUTE_JOB")
        headers_file = pathlib.Path(tempfile.gettempdir()) / "kongflow-bench-execute.headers"
        body_file = pathlib.Path(tempfile.gettempdir()) / "kongflow-bench-execute.json"
        headers_file.write_text("".join(f"{name}: {value}\n" for name, value in captured["headers"].items()
                                        if name not in ("host", "content-length", "connection")))
        body_file.write_text(captured["body"])
        log(f"execution: the endpoint's own rate (wrk, {clients} connections, the captured EXECUTE_JOB)")
        wrk_at(endpoint + "/api/trigger", "execute.lua", [headers_file, body_file], clients, warmup)
        limit = wrk_at(endpoint + "/api/trigger", "execute.lua", [headers_file, body_file], clients, seconds)

        # Executions per second: the queue held full (job_count = max_jobs, as if 8 runs were in
        # flight: no claim starts one) while the runs are invoked, then released (job_count = 0);
        # from the first EXECUTE_JOB's arrival to the last run's end.
        def batch(count):
            pg.query(f"UPDATE job_queues SET job_count = max_jobs WHERE id = '{queue}'")
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                ids = list(pool.map(lambda _: invoke_noop(service, t), range(count)))
            # Statistics as autovacuum keeps them (it is off on this machine's server): without
            # them, plans made while job_runs was nearly empty stay cached and read the whole table.
            pg.query("ANALYZE")
            pg_pids = postgres_pids()
            before = {"service": cpu_ms([service.process.pid]), "postgres": cpu_ms(pg_pids), "endpoint": cpu_ms([node.pid])}
            pg.query(f"UPDATE job_queues SET job_count = 0 WHERE id = '{queue}'")
            # Polled cheaply (the queue is exec-noop's alone), so the harness takes little of the CPU
            # the service, PostgreSQL and the endpoint share; the statuses are read once at the end.
            wait_until(lambda: int(pg.query(f"SELECT count(*) FROM job_runs WHERE queue_id = '{queue}' "
                                            f"AND completed_at IS NULL AND (next_execution_at IS NULL "
                                            f"OR next_execution_at < now() + interval '1 hour')")[0][0]) == 0,
                       f"{count} runs to end", pause=0.5)
            cpu = {"service": cpu_ms([service.process.pid]), "postgres": cpu_ms(pg_pids), "endpoint": cpu_ms([node.pid])}
            cpu = {name: (cpu[name] - before[name]) / count for name in cpu}
            statuses = ended(pg, ids)
            _, stats = http_call("GET", endpoint + "/stats")
            executed = [stats["executeJobs"].get(r, {"count": 0}) for r in ids]
            started = min(e["arrivals"][0]["at"] for e in executed if e["count"])
            last = float(pg.query(f"""SELECT extract(epoch FROM max(completed_at)) * 1000 FROM job_runs
                                      WHERE id IN ({",".join(f"'{r}'" for r in ids)})""")[0][0])
            return {"runs": count, "statuses": statuses, "seconds": (last - started) / 1000,
                    "rate": count / ((last - started) / 1000),
                    "executed_once": sum(1 for e in executed if e["count"] == 1), "cpu_ms": cpu}

        # Latency with a free slot: one run at a time, from its creation (the invoke transaction's
        # start, so the transaction's own time is included) to its EXECUTE_JOB arriving.
        def latency():
            log(f"execution: startable -> EXECUTE_JOB latency, {latency_runs} runs one at a time")
            ids = []
            for _ in range(latency_runs):
                run = invoke_noop(service, t)
                ids.append(run)
                wait_until(lambda: service.call("GET", f"/api/v1/runs/{run}", t["key"])[1]["status"] in FINAL,
                           "a run to end", pause=0.01)
                if service.call("GET", f"/api/v1/runs/{run}", t["key"])[1]["status"] != "SUCCESS":
                    raise SystemExit(f"run {run} did not succeed")
            _, stats = http_call("GET", endpoint + "/stats")
            created = {r: float(c) for r, c in pg.query(f"""
                SELECT id, extract(epoch FROM COALESCE(queued_at, created_at)) * 1000 FROM job_runs
                WHERE id IN ({",".join(f"'{r}'" for r in ids)})""")}
            latencies = [stats["executeJobs"][r]["arrivals"][0]["at"] - created[r] for r in ids]
            return {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                    "max": max(latencies), "min": min(latencies)}

        # A burst into the open queue, invocations included: claims start most runs (in a batch,
        # the slot hand-over does), and each queue has few due runs when a claim looks.
        def burst(count):
            log(f"execution: a burst of {count} runs invoked 8 at a time into the open queue")
            started = time.time() * 1000
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                ids = list(pool.map(lambda _: invoke_noop(service, t), range(count)))
            wait_until(lambda: ended(pg, ids), f"{count} runs to end", pause=0.2)
            last = float(pg.query(f"""SELECT extract(epoch FROM max(completed_at)) * 1000 FROM job_runs
                                      WHERE id IN ({",".join(f"'{r}'" for r in ids)})""")[0][0])
            return {"runs": count, "statuses": ended(pg, ids), "seconds": (last - started) / 1000,
                    "rate": count / ((last - started) / 1000)}

        log(f"execution: executions per second through the service, {clients} concurrent runs")
        batch(runs)  # the warm-up: as many runs, so the JIT has compiled the path measured
        through = batch(runs)
        measured = {"limit": limit, "through": through, "burst": burst(burst_runs), "latency_runs": latency_runs,
                    "latency": latency()}
        if waiting:
            log(f"execution: {waiting} runs waiting a day, half in exec-noop's queue, half in another")
            seed_waiting(pg, t, first, queue, waiting)
            batch(runs)
            measured["waiting"] = {"runs": waiting, "through": batch(runs), "burst": burst(burst_runs),
                                   "latency": latency()}
        return measured
    finally:
        node.terminate()


# ---------------------------------------------------------------------------------------------
# Events


def events_reference(pg, clients, seconds, warmup):
    """pgbench of bench/events-reference (the least an accepted event needs: one insert of the event,
    its id unique per environment, on a table with only that key), in a database of its own."""
    floor = Postgres.like(pg, pg.database + "_events_reference")
    floor.recreate()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", floor.database, "-f",
                    str(BENCH / "events-reference" / "schema.sql")], env=floor.env, check=True, capture_output=True)
    measured = {}
    for shape in ("single", "bulk"):
        script_path = str(BENCH / "events-reference" / f"{shape}.sql")
        log(f"events: the reference shape ({shape}), pgbench, {clients} clients")
        floor.pgbench(script_path, clients, max(3, warmup // 2), {})
        measured[shape] = floor.pgbench(script_path, clients, seconds, {})
    return measured


def seed_dispatchers(pg, t, count):
    """`count` more enabled dispatchers in the environment, each listening to a name no event has."""
    pg.query(f"""INSERT INTO event_dispatchers (environment_id, dispatchable_id, dispatchable, event, source,
                     payload_filter)
                 SELECT '{t['environmentId']}', 'bench-dispatcher-' || g || '-' || gen_random_uuid(),
                     jsonb_build_object('type', 'JOB_VERSION', 'id', gen_random_uuid()),
                     ARRAY['bench.other.' || g], 'trigger.dev', '{{"n": [{{"$gt": 5}}]}}'
                 FROM generate_series(1, {count}) g""")
    pg.query("ANALYZE event_dispatchers")


def events(service, pg, t, clients, seconds, warmup, latency_events, dispatchers=(0, 10, 1000), bulk=100):
    """Events accepted per second (single and bulk) against the reference shape, then the latency from
    sendEvent returning to the matching job's EXECUTE_JOB at the real SDK endpoint, with 0, 10 and
    1 000 other dispatchers in the environment."""
    measured = {"reference": events_reference(pg, clients, seconds, warmup), "accept": {}, "latency": []}
    for per_request in (1, bulk):
        log(f"events: accepted per second, {per_request} per request, {clients} clients")
        wrk(service, "events.lua", [t["key"], per_request, "bench.nobody.listens"], clients, warmup)
        measured["accept"][per_request] = wrk(service, "events.lua", [t["key"], per_request, "bench.nobody.listens"],
                                              clients, seconds)
    wait_until(lambda: int(pg.query("SELECT count(*) FROM event_records WHERE delivered_at IS NULL")[0][0]) == 0,
               "the accepted events to be delivered", timeout=600, pause=1)
    port = 19500 + os.getpid() % 400
    node = start_sdk_endpoint(port, t, "bench-exec", JOB_SET="exec", TRIGGER_API_URL=service.url)
    try:
        endpoint = f"http://127.0.0.1:{port}"
        service.ok("POST", "/api/v1/endpoints", t["key"], {"id": "bench-exec", "url": endpoint + "/api/trigger"})
        answer = service.ok("POST", "/api/v1/endpoints/bench-exec/index", t["key"], {"reason": "bench"})
        if answer.get("status") != "SUCCESS":
            raise SystemExit(f"index failed: {answer}")
        pg.query("ANALYZE")
        seeded = 0
        for count in dispatchers:
            seed_dispatchers(pg, t, count - seeded)
            seeded = count
            for phase in ("warm-up", "measured"):
                log(f"events: sendEvent -> EXECUTE_JOB latency with {count} other dispatchers ({phase}), "
                    f"{latency_events} events one at a time")
                returned = {}
                for _ in range(latency_events):
                    event_id = f"lat-{count}-{phase}-{time.monotonic_ns()}"
                    service.ok("POST", "/api/v1/events", t["key"],
                               {"event": {"name": "kf.user.created", "id": event_id, "payload": {}}})
                    returned[event_id] = time.time() * 1000
                    wait_until(lambda: any(run["status"] in FINAL for run in
                                           service.call("GET", f"/api/v2/events/{event_id}", t["key"])[1]["runs"]),
                               "the event's run to end", pause=0.01)
                if phase == "warm-up":
                    continue
                _, stats = http_call("GET", endpoint + "/stats")
                ids = ",".join(f"'{e}'" for e in returned)
                runs = pg.query(f"""SELECT e.event_id, r.id, r.status FROM event_records e JOIN job_runs r ON r.event_id = e.id
                                    WHERE e.event_id IN ({ids}) AND e.environment_id = '{t['environmentId']}'""")
                if len(runs) != len(returned) or any(status != "SUCCESS" for _, _, status in runs):
                    raise SystemExit(f"events did not each run ev-created to SUCCESS: {runs[:5]}")
                latencies = [stats["executeJobs"][run]["arrivals"][0]["at"] - returned[event] for event, run, _ in runs]
                measured["latency"].append((count, {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                                                    "min": min(latencies), "max": max(latencies)}))
        return measured
    finally:
        node.terminate()


STAND_IN_URL = None


def schedules(service, pg, t, count, lead_seconds=3):
    """count interval schedules (pushed jobs, one queue each) due at the same instant: how late each tick fired.

    Their queues are held full while they fire (job_count = max_jobs), so the ticks' runs stay
    QUEUED and the measurement is the schedule worker's alone; the runs are cancelled afterwards."""
    for i in range(count):
        service.ok("POST", "/api/v1/endpoints/bench/jobs", t["key"], {
            "id": f"tick-{i:04d}", "name": f"Tick {i}", "version": "1.0.0",
            "event": {"name": "dev.trigger.scheduled", "title": "Schedule", "source": "trigger.dev",
                      "icon": "schedule-interval"},
            "trigger": {"type": "scheduled", "schedule": {"type": "interval", "options": {"seconds": 3600}}},
            "queue": {"name": f"tick-{i:04d}", "maxConcurrent": 1},
            "startPosition": "latest", "enabled": True, "preprocessRuns": False})
    env = t["environmentId"]
    pg.query(f"UPDATE job_queues SET job_count = max_jobs WHERE environment_id = '{env}' AND name LIKE 'tick-%'")
    pg.query("ANALYZE")
    # One update makes them all due lead_seconds from now: its notification wakes the worker, which
    # sets its timer for that instant (the poll, every 10 s, plays no part).
    pg.query(f"""UPDATE schedule_sources SET next_event_at = date_trunc('second', now()) + interval '{lead_seconds} seconds'
                 WHERE environment_id = '{env}' AND key LIKE 'tick-%'""")
    fired = f"FROM event_records WHERE environment_id = '{env}' AND name = 'dev.trigger.scheduled'"
    wait_until(lambda: int(pg.query(f"SELECT count(*) {fired}")[0][0]) >= count, f"{count} ticks", timeout=120)
    lags = [float(row[0]) for row in pg.query(f"""
        SELECT extract(epoch FROM created_at - to_timestamp(split_part(event_id, ':', 2)::bigint / 1000.0)) * 1000
        {fired}""")]
    span = float(pg.query(f"SELECT extract(epoch FROM max(created_at) - min(created_at)) {fired}")[0][0])
    runs = int(pg.query(f"""SELECT count(*) FROM job_runs r JOIN event_records e ON e.id = r.event_id
                            WHERE e.environment_id = '{env}' AND e.name = 'dev.trigger.scheduled'""")[0][0])
    pg.query(f"""UPDATE job_runs SET status = 'CANCELED', completed_at = now()
                 WHERE environment_id = '{env}' AND status = 'QUEUED' AND job_id IN (SELECT id FROM jobs WHERE slug LIKE 'tick-%')""")
    pg.query(f"UPDATE job_queues SET job_count = 0 WHERE environment_id = '{env}' AND name LIKE 'tick-%'")
    pg.query(f"UPDATE schedule_sources SET active = false, next_event_at = NULL WHERE environment_id = '{env}' AND key LIKE 'tick-%'")
    return {"count": count, "ticks": len(lags), "runs": runs, "p50": percentile(lags, 50), "p99": percentile(lags, 99),
            "max": max(lags), "min": min(lags), "span": span}


class OtlpReceiver(http.server.BaseHTTPRequestHandler):
    """A local OTLP/HTTP trace receiver (issue #30's cost measurement): takes every export, keeps its size."""

    exports = 0
    bytes = 0

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        OtlpReceiver.exports += 1
        OtlpReceiver.bytes += len(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


def tracing_options(mode):
    """The service's options for --tracing: off (the default), unsampled (on, every span made but none
    sampled, so nothing is exported) or otlp (on, exported to a receiver this script starts)."""
    if mode == "off":
        return []
    if mode == "unsampled":
        return ["-Dquarkus.otel.sdk.disabled=false", "-Dquarkus.otel.traces.sampler=always_off"]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OtlpReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return ["-Dquarkus.otel.sdk.disabled=false",
            f"-Dquarkus.otel.exporter.otlp.traces.endpoint=http://127.0.0.1:{server.server_address[1]}",
            "-Dquarkus.otel.exporter.otlp.traces.protocol=http/protobuf"]


def start_stand_in():
    global STAND_IN_URL
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SdkStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    STAND_IN_URL = f"http://127.0.0.1:{server.server_address[1]}/api/trigger"


# ---------------------------------------------------------------------------------------------
# Report


def ms(value):
    return f"{value:.2f}"


def report(args, pg, runs):
    lines = [f"# kongflow jobs benchmark — {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
             f"Machine: {os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; "
             f"PostgreSQL {pg.version()} at {pg.host}:{pg.port}, database `{pg.database}` (created fresh); "
             f"{args.seconds} s per measurement after a {args.warmup} s warm-up; wrk and pgbench on the same machine.", ""]
    for label, results in runs:
        lines += [f"## {label}", ""]
        if results["throughput"]:
            lines += ["| scenario | clients | service req/s | p50 ms | p95 ms | p99 ms | non-2xx | service CPU ms/req | "
                      "PostgreSQL CPU ms/req | pgbench tps (same SQL) | pgbench avg ms | service/pgbench |",
                      "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for name, clients, measured, limit in results["throughput"]:
            lines.append(f"| {name} | {clients} | {measured['rps']:.0f} | {ms(measured['p50'])} | {ms(measured['p95'])} | "
                         f"{ms(measured['p99'])} | {measured['non2xx'] + measured['errors']} | "
                         f"{measured['service_cpu_ms']:.3f} | {measured['pg_cpu_ms']:.3f} | {limit['tps']:.0f} | "
                         f"{ms(limit['latency_ms'])} | **{measured['rps'] / limit['tps']:.2f}** |")
        if results.get("minimal"):
            ours = {clients: limit["tps"] for name, clients, _, limit in results["throughput"] if "new version" in name}
            served = {clients: m["rps"] for name, clients, m, _ in results["throughput"] if "new version" in name}
            lines += ["", "| new-version registration vs the minimal shape (`../shared/bench-reference`, pgbench) | clients | "
                      "minimal shape tps | our SQL tps | minimal / our SQL (target ≤ 1.5) | service req/s / minimal (target ≥ 0.5) |",
                      "|---|---|---|---|---|---|"]
            for clients, floor in results["minimal"]:
                if clients in ours:
                    lines.append(f"| minimal shape | {clients} | {floor['tps']:.0f} | {ours[clients]:.0f} | "
                                 f"**{floor['tps'] / ours[clients]:.2f}** | **{served[clients] / floor['tps']:.2f}** |")
        if results.get("scale"):
            lines += ["", "| jobs in the project | list page (limit 25) | p50 ms | p99 ms | req/s (1 client) |",
                      "|---|---|---|---|---|"]
            for size, page, measured in results["scale"]:
                lines.append(f"| {size} | {page} | {ms(measured['p50'])} | {ms(measured['p99'])} | {measured['rps']:.0f} |")
            by = {(size, page): m["p50"] for size, page, m in results["scale"]}
            sizes = sorted({size for size, _, _ in results["scale"]})
            if len(sizes) == 2:
                for page in ("first page", "deep page"):
                    lines.append(f"| ratio {sizes[1]} / {sizes[0]} | {page} | **{by[(sizes[1], page)] / by[(sizes[0], page)]:.2f}** | | |")
        if results.get("index"):
            lines += ["", f"| index of an SDK endpoint serving {args.index_jobs} jobs (@trigger.dev/sdk 2.3.18) | seconds | stats |",
                      "|---|---|---|"]
            for attempt, elapsed, stats in results["index"]:
                lines.append(f"| {attempt} | {elapsed:.3f} | `{json.dumps(stats)}` |")
        if results.get("execution"):
            e = results["execution"]
            limit, through, latency = e["limit"], e["through"], e["latency"]
            lines += ["", "| run execution (real SDK endpoint, no-op job `exec-noop`, queue limit 8) | value |", "|---|---|",
                      f"| the endpoint's own rate: wrk, 8 connections, the EXECUTE_JOB the service sends | "
                      f"{limit['rps']:.0f} req/s (p50 {ms(limit['p50'])} ms, p99 {ms(limit['p99'])} ms, "
                      f"{limit['non2xx'] + limit['errors']} non-2xx/errors) |",
                      f"| through the service: {through['runs']} runs, 8 at a time | {through['rate']:.0f} executions/s "
                      f"({through['seconds']:.2f} s; statuses `{json.dumps(through['statuses'])}`; "
                      f"{through['executed_once']} executed exactly once) |",
                      f"| service / endpoint | **{through['rate'] / limit['rps']:.2f}** (target ≥ 0.5) |",
                      f"| a burst of {e['burst']['runs']} runs invoked 8 at a time into the open queue, invocations "
                      f"included | {e['burst']['rate']:.0f} executions/s ({e['burst']['seconds']:.2f} s; "
                      f"statuses `{json.dumps(e['burst']['statuses'])}`) |",
                      f"| CPU per execution during the batch (ms): service / PostgreSQL / endpoint | "
                      f"{through['cpu_ms']['service']:.3f} / {through['cpu_ms']['postgres']:.3f} / "
                      f"{through['cpu_ms']['endpoint']:.3f} |",
                      f"| startable → EXECUTE_JOB at the endpoint, free slot ({e['latency_runs']} runs one at a time) | "
                      f"p50 **{ms(latency['p50'])} ms**, p99 **{ms(latency['p99'])} ms**, min {ms(latency['min'])} ms, "
                      f"max {ms(latency['max'])} ms (targets p50 ≤ 10 ms, p99 ≤ 50 ms) |"]
            if e.get("waiting"):
                w = e["waiting"]
                lines += [f"| with {w['runs']} runs waiting a day (half in exec-noop's queue, half in another): "
                          f"through the service | {w['through']['rate']:.0f} executions/s ({w['through']['seconds']:.2f} s; "
                          f"statuses `{json.dumps(w['through']['statuses'])}`; "
                          f"{w['through']['executed_once']} executed exactly once) |",
                          f"| with {w['runs']} runs waiting: a burst of {w['burst']['runs']} runs | "
                          f"{w['burst']['rate']:.0f} executions/s ({w['burst']['seconds']:.2f} s; "
                          f"statuses `{json.dumps(w['burst']['statuses'])}`) |",
                          f"| with {w['runs']} runs waiting: startable → EXECUTE_JOB | p50 **{ms(w['latency']['p50'])} ms**, "
                          f"p99 **{ms(w['latency']['p99'])} ms**, min {ms(w['latency']['min'])} ms, "
                          f"max {ms(w['latency']['max'])} ms |",
                          f"| waiting / empty (target ≤ 1.2): time per execution (batch, burst), latency p50, "
                          f"latency p99 | **{through['rate'] / w['through']['rate']:.2f}**, "
                          f"**{e['burst']['rate'] / w['burst']['rate']:.2f}**, "
                          f"**{w['latency']['p50'] / latency['p50']:.2f}**, **{w['latency']['p99'] / latency['p99']:.2f}** |"]
        if results.get("schedules"):
            sc = results["schedules"]
            lines += ["", f"| {sc['count']} interval schedules due at the same instant | value |", "|---|---|",
                      f"| ticks fired / runs created | {sc['ticks']} / {sc['runs']} |",
                      f"| lag (tick's time → its transaction's start, database clock) | p50 **{ms(sc['p50'])} ms**, "
                      f"p99 **{ms(sc['p99'])} ms**, min {ms(sc['min'])} ms, max {ms(sc['max'])} ms |",
                      f"| first to last tick | {sc['span'] * 1000:.0f} ms ({sc['ticks'] / max(sc['span'], 1e-3):.0f} ticks/s) |"]
        if results.get("events"):
            ev = results["events"]
            lines += ["", f"| events accepted ({args.events_clients} clients) | service events/s | p50 ms | p99 ms | "
                      "reference shape (pgbench) events/s | service / reference (target ≥ 0.5) |", "|---|---|---|---|---|---|"]
            for per_request, shape in ((1, "single"), (max(ev["accept"]), "bulk")):
                m = ev["accept"][per_request]
                reference = ev["reference"][shape]["tps"] * (1 if shape == "single" else 100)
                accepted = m["rps"] * per_request
                lines.append(f"| {'POST /api/v1/events, 1 event' if per_request == 1 else f'POST /api/v1/events/bulk, {per_request} events'} "
                             f"| {accepted:.0f} | {ms(m['p50'])} | {ms(m['p99'])} | {reference:.0f} | "
                             f"**{accepted / reference:.2f}** |")
            lines += ["", f"| other dispatchers in the environment | sendEvent returned → EXECUTE_JOB at the endpoint "
                      f"({args.latency_runs} events one at a time) |", "|---|---|"]
            for count, latency in ev["latency"]:
                lines.append(f"| {count} | p50 **{ms(latency['p50'])} ms**, p99 **{ms(latency['p99'])} ms**, "
                             f"min {ms(latency['min'])} ms, max {ms(latency['max'])} ms |")
            by = dict(ev["latency"])
            if 10 in by and 1000 in by:
                lines.append(f"| 1 000 / 10 (target ≤ 1.5) | p50 **{by[1000]['p50'] / by[10]['p50']:.2f}**, "
                             f"p99 **{by[1000]['p99'] / by[10]['p99']:.2f}** |")
        if results.get("warmup"):
            w = results["warmup"]
            lines += ["", f"| GET job at 8 clients after a restart (ready in {w['ready'] * 1000:.0f} ms) | req/s | "
                      "p99 ms | service CPU ms/req |", "|---|---|---|---|"]
            for i, window in enumerate(w["windows"]):
                lines.append(f"| {i * 10}–{i * 10 + 10} s | {window['rps']:.0f} | {ms(window['p99'])} | "
                             f"{window['service_cpu_ms']:.3f} |")
            lines.append(f"| steady (30–40 s) / first 10 s (target ≤ 2) | "
                         f"**{w['windows'][3]['rps'] / w['windows'][0]['rps']:.2f}** | | |")
        if results.get("analyzed"):
            lines += ["", "autovacuum is off on this server: the run analysed the database before the reads."]
        lines += ["", "| process | startup to ready | RSS idle | RSS after the load |", "|---|---|---|---|",
                  f"| {label} | {results['startup'] * 1000:.0f} ms | {results['rss_idle']:.0f} MiB | {results['rss_after']:.0f} MiB |",
                  ""]
    return "\n".join(lines)


def run_suite(args, pg, sql, label, command, full):
    pg.recreate()
    service = Service(command, pg, args.port, label)
    log(f"starting the service ({label})")
    startup = service.start()
    time.sleep(3)
    results = {"startup": startup, "rss_idle": service.rss_mib(), "throughput": []}
    try:
        t = tenant(service, pg, "bench")
        service.ok("POST", "/api/v1/endpoints", t["key"], {"id": "bench", "url": STAND_IN_URL})
        endpoint_id = pg.query(f"SELECT id FROM endpoints WHERE environment_id = '{t['environmentId']}'")[0][0]
        clients = args.clients if full else [max(args.clients)]
        if "registration" in args.scenarios:
            results["throughput"] += registration(service, pg, sql, t, endpoint_id, clients, args.seconds, args.warmup)
            results["minimal"] = minimal_shape(pg, clients, args.seconds, args.warmup)
        if "reads" in args.scenarios:
            if "registration" not in args.scenarios:
                for job in range(1, 1001):
                    wrk_body_job(service, t["key"], job)
            if pg.query("SHOW autovacuum")[0][0] == "off":
                # Without autovacuum the planner would judge every read by the statistics of an
                # empty database; a deployed PostgreSQL analyses tables this size within a minute.
                log("autovacuum is off on this server: ANALYZE before the reads, as autovacuum would")
                pg.query("ANALYZE")
                results["analyzed"] = True
            results["throughput"] += reads(service, pg, sql, t, 8, args.seconds, args.warmup)
        if "warmup" in args.scenarios:
            if not {"registration", "reads"} & args.scenarios:
                for job in range(1, 1001):
                    wrk_body_job(service, t["key"], job)
            results["warmup"] = warmup_after_restart(service, t)
        if full and "scale" in args.scenarios:
            results["scale"] = scale(service, pg, 1, args.seconds, args.scale)
        if full and "index" in args.scenarios:
            results["index"] = index(service, pg, t, args.index_jobs)
        if full and "execution" in args.scenarios:
            results["execution"] = execution(service, pg, t, args.exec_runs, args.latency_runs, args.seconds,
                                             args.warmup, waiting=args.waiting if "waiting" in args.scenarios else 0,
                                             burst_runs=args.burst_runs)
        if full and "schedules" in args.scenarios:
            results["schedules"] = schedules(service, pg, t, args.schedules)
        if full and "events" in args.scenarios:
            results["events"] = events(service, pg, t, args.events_clients, args.seconds, args.warmup, args.latency_runs)
        results["rss_after"] = service.rss_mib()
    finally:
        service.stop()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pg-host", default=os.environ.get("PGHOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(os.environ.get("PGPORT", "5432")))
    parser.add_argument("--pg-user", default=os.environ.get("PGUSER", "postgres"))
    parser.add_argument("--pg-password", default=os.environ.get("PGPASSWORD"))
    parser.add_argument("--database", default="kongflow_bench", help="dropped and created fresh for each run")
    parser.add_argument("--port", type=int, default=18380)
    parser.add_argument("--seconds", type=int, default=15, help="measured time per scenario")
    parser.add_argument("--warmup", type=int, default=8, help="warm-up time per scenario")
    parser.add_argument("--clients", type=lambda s: [int(c) for c in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--scale", type=lambda s: [int(c) for c in s.split(",")], default=[1000, 100000])
    parser.add_argument("--index-jobs", type=int, default=100)
    parser.add_argument("--exec-runs", type=int, default=1000, help="runs of the execution throughput batch")
    parser.add_argument("--latency-runs", type=int, default=100, help="runs of the startable-to-EXECUTE_JOB latency")
    parser.add_argument("--scenarios", type=lambda s: set(s.split(",")),
                        default={"registration", "reads", "scale", "index", "execution", "warmup", "events"},
                        help="a subset of registration,reads,scale,index,execution,warmup,events,schedules (schedules: "
                             "--schedules due at once; not in the default set); add waiting to "
                             "execution to measure it again with --waiting runs waiting a day")
    parser.add_argument("--waiting", type=int, default=100000, help="runs waiting a day in the waiting scenario")
    parser.add_argument("--schedules", type=int, default=1000, help="schedules due at once in the schedules scenario")
    parser.add_argument("--events-clients", type=int, default=8, help="clients sending events (events scenario)")
    parser.add_argument("--burst-runs", type=int, default=200, help="runs of the execution burst into the open queue")
    parser.add_argument("--native-only", action="store_true", help="only the native executable (--native without the JVM)")
    parser.add_argument("--native-options", default="", help="options of the native executable "
                                                              "(e.g. \"-Xmn16m -Xmx96m\")")
    parser.add_argument("--java", default="java", help="the java command of the JVM runs (e.g. a JDK 25's bin/java)")
    parser.add_argument("--java-options", default="", help="options before -jar (e.g. \"-XX:AOTCache=app.aot\")")
    parser.add_argument("--tracing", choices=["off", "unsampled", "otlp"], default="off",
                        help="traces (issue #30): off (default); unsampled: on, spans made, none exported; "
                             "otlp: on, exported over OTLP/HTTP to a receiver this script starts")
    parser.add_argument("--native", action="store_true", help="also run against target/*-runner (startup, RSS, "
                                                               "registration and reads at the highest concurrency)")
    args = parser.parse_args()
    args.java_options = " ".join(args.java_options.split() + tracing_options(args.tracing))
    # A plain kill must still stop the service this run started (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    pg = Postgres(args)
    sql = SqlOfService()
    start_stand_in()
    runs = []
    if not args.native_only:
        runs.append((f"JVM ({' '.join([args.java] + args.java_options.split())} -jar target/quarkus-app/quarkus-run.jar)",
                     run_suite(args, pg, sql, "jvm",
                               [args.java] + args.java_options.split() + ["-jar", str(APP / "quarkus-run.jar")], True)))
    if args.native or args.native_only:
        runners = sorted((ROOT / "target").glob("*-runner"))
        if not runners:
            raise SystemExit("--native: no target/*-runner; build it first (README, Native executable)")
        options = args.native_options.split()
        runs.append((f"native ({' '.join([runners[0].name] + options)})",
                     run_suite(args, pg, sql, "native", [str(runners[0])] + options, False)))
    table = report(args, pg, runs)
    if args.tracing == "otlp":
        table += f"\nOTLP receiver: {OtlpReceiver.exports} exports, {OtlpReceiver.bytes / 2**20:.1f} MiB.\n"
    print(table)
    out = BENCH / "results" / f"{datetime.datetime.now():%Y%m%d-%H%M%S}.md"
    out.write_text(table + "\n")
    log(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
