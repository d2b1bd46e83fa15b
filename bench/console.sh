#!/usr/bin/env bash
# The console's page times (BENCHMARKS.md, "The console"): the runs list's first page over
# 1 000 000 runs of one environment, filtered and not, and a run page with 1 000 tasks (nested
# subtasks and log lines). Starts the packaged jar (build it first: ./mvnw package -DskipTests)
# against a fresh database kongflow_console_bench on $PGHOST:$PGPORT (default 127.0.0.1:5432,
# user postgres), with the SDK endpoint's console jobs, writes the runs and tasks with SQL,
# signs in through the form and times N requests of each page with curl (time to the last byte,
# on loopback), printing p50 / p95 / max in ms.
#   bench/console.sh [requests per page, default 200]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
DB=kongflow_console_bench
PORT=8091
BASE=http://127.0.0.1:$PORT
ADMIN=bench-admin
WORK=$(mktemp -d)
trap 'kill $SERVICE $ENDPOINT 2>/dev/null || true; rm -rf "$WORK"' EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
QUARKUS_HTTP_PORT=$PORT \
QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$PGHOST:$PGPORT/$DB \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB \
QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_DATASOURCE_PASSWORD=${PGPASSWORD:-postgres} \
KONGFLOW_ADMIN_TOKEN=$ADMIN KONGFLOW_ENCRYPTION_KEY=$(printf 'bench-only-kongflow-encryption!!' | base64) \
KONGFLOW_EXECUTION_WORKER_ENABLED=false QUARKUS_HTTP_ACCESS_LOG_ENABLED=false \
    java -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
SERVICE=$!
until curl -fs $BASE/q/health/ready >/dev/null; do sleep 0.5; done

admin() { curl -fs -H "Authorization: Bearer $ADMIN" -H 'content-type: application/json' "$@"; }
admin -X POST $BASE/api/admin/v1/organizations -d '{"slug":"bench","title":"Bench"}' >/dev/null
admin -X POST $BASE/api/admin/v1/organizations/bench/projects -d '{"slug":"bench","name":"Bench"}' >/dev/null
KEY=$(admin -X POST $BASE/api/admin/v1/projects/bench/environments -d '{"slug":"prod","type":"PRODUCTION"}' | jq -r .apiKey)

# exec: $ENDPOINT is node itself, so the trap's kill ends it (a subshell's pid would leave node
# running, holding whatever file descriptors the script inherited, such as a build lock's).
(cd src/test/sdk-endpoint && PORT=0 JOB_SET=console TRIGGER_API_KEY=$KEY TRIGGER_ENDPOINT_ID=bench-app \
    exec node server.mjs > "$WORK/endpoint.log" 2>&1) &
ENDPOINT=$!
until grep -q "listening on port" "$WORK/endpoint.log" 2>/dev/null; do sleep 0.2; done
EPORT=$(sed -n 's/listening on port //p' "$WORK/endpoint.log")
api() { curl -fs -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }
api -X POST $BASE/api/v1/endpoints -d "{\"id\":\"bench-app\",\"url\":\"http://127.0.0.1:$EPORT/api/trigger\"}" >/dev/null
api -X POST $BASE/api/v1/endpoints/bench-app/index -d '{}' >/dev/null
RUN=$(api -X POST $BASE/api/v1/jobs/console-order/test -d '{"payload":{"order":"B-1","amount":1}}' | jq -r .id)

# 1 000 000 runs of the environment (one in ten FAILURE, one in four a test run), one a second back
# in time; triggers off while writing them (no notification per row). Then 1 000 tasks on $RUN:
# 100 parents with 8 subtasks each and a log line under each parent.
psql -q -d $DB <<SQL
SET session_replication_role = replica;
INSERT INTO job_runs (job_id, version_id, environment_id, organization_id, project_id, endpoint_id, queue_id,
                      event_id, number, status, is_test, created_at, updated_at, started_at, completed_at)
SELECT r.job_id, r.version_id, r.environment_id, r.organization_id, r.project_id, r.endpoint_id, r.queue_id,
       r.event_id, 1 + i, CASE WHEN i % 10 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END, i % 4 = 0,
       now() - i * interval '1 second', now(), now() - i * interval '1 second',
       now() - i * interval '1 second' + interval '200 milliseconds'
FROM job_runs r, generate_series(1, 1000000) i WHERE r.id = '$RUN';
INSERT INTO job_tasks (id, run_id, idempotency_key, name, status, noop, params, output, output_is_undefined,
                       started_at, completed_at)
SELECT md5('p' || p)::uuid, '$RUN', 'parent-' || p, 'Parent ' || p, 'COMPLETED', false,
       jsonb_build_object('p', p), jsonb_build_object('ok', true), false, now(), now()
FROM generate_series(1, 100) p;
INSERT INTO job_tasks (run_id, parent_id, idempotency_key, name, icon, description, status, noop, params, style,
                       output, output_is_undefined, started_at, completed_at)
SELECT '$RUN', md5('p' || p)::uuid, 'child-' || p || '-' || c,
       CASE WHEN c = 0 THEN 'log' ELSE 'Child ' || c END, CASE WHEN c = 0 THEN 'log' END,
       CASE WHEN c = 0 THEN 'log line ' || p END, 'COMPLETED', c = 0, jsonb_build_object('c', c),
       CASE WHEN c = 0 THEN '{"style":"minimal","variant":"info"}'::jsonb END,
       jsonb_build_object('value', repeat('x', 100)), false, now(), now()
FROM generate_series(1, 100) p, generate_series(0, 8) c;
INSERT INTO job_task_attempts (task_id, number, status) SELECT id, 1, 'COMPLETED' FROM job_tasks WHERE run_id = '$RUN';
RESET session_replication_role;
ANALYZE;
SQL

FORM=$(curl -fs -c "$WORK/cookies" $BASE/console/sign-in)
TOKEN=$(printf '%s' "$FORM" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p')
curl -fs -b "$WORK/cookies" -c "$WORK/cookies" -o /dev/null --data-urlencode "apiKey=$KEY" --data-urlencode "token=$TOKEN" \
    $BASE/console/sign-in

time_page() {
    local name=$1 url=$2
    for _ in $(seq 1 20); do curl -fs -b "$WORK/cookies" -o /dev/null "$BASE$url"; done
    for _ in $(seq 1 "$N"); do curl -fs -b "$WORK/cookies" -o /dev/null -w '%{time_total}\n' "$BASE$url"; done |
        sort -n | awk -v name="$name" '{t[NR] = $1 * 1000} END {
            printf "| %s | %.1f | %.1f | %.1f |\n", name, t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }'
}
echo "| page ($N requests each, after 20 warm-up) | p50 ms | p95 ms | max ms |"
echo "|---|---|---|---|"
time_page "runs list, first page, 1 000 000 runs" "/console/runs"
time_page "runs list, status=FAILURE" "/console/runs?status=FAILURE"
time_page "runs list, job + test=false" "/console/runs?job=console-order&test=false"
time_page "run page, 1 000 tasks" "/console/runs/$RUN"
