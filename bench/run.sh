#!/usr/bin/env bash
# The benchmark harness, one command: bench/run.sh [--native] [--seconds 15] [--clients 1,8,32] ...
# (bench/bench.py --help lists the options). Installs wrk and pgbench when missing, builds the
# application when target/quarkus-app is missing or older than the sources, installs the SDK endpoint's
# npm dependencies, then runs bench/bench.py against PostgreSQL at $PGHOST:$PGPORT (default
# 127.0.0.1:5432, user postgres), in a database it drops and creates: kongflow_bench.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$@"; else sudo apt-get install -y -qq "$@"; fi
}
command -v wrk >/dev/null || install wrk
command -v pgbench >/dev/null || install postgresql-client
command -v node >/dev/null || install nodejs npm

jar=target/quarkus-app/quarkus-run.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
    ./mvnw -B -ntp -q package -Dmaven.test.skip=true -DskipUnitTests=true -DskipITs=true
fi
[ -d src/test/sdk-endpoint/node_modules ] || (cd src/test/sdk-endpoint && npm ci --no-audit --no-fund)

exec python3 bench/bench.py "$@"
