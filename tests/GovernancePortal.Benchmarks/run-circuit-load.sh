#!/bin/bash
# Circuit load on a demo portal (Release build, Development environment for the demo data and static assets) with a
# pipeline ingesting realistic events in batches of 100 beside the active phase (docs/reliability.md "Load").
# usage: run-circuit-load.sh DRIVER sqlite|postgres COUNTS SECONDS THINK_MS
#   DRIVER: circuit-load (Chromium pages) or circuit-load-signalr (Blazor's hub protocol, no browser)
# env: GP_PORT (portal port, 5321), GP_PG_PORT (PostgreSQL cluster, 55460), GP_OUT (output folder, /tmp/gp-circuits),
#   GP_PG_EXTRA (appended to the PostgreSQL connection string, e.g. ";Maximum Pool Size=16")
# Build first: dotnet build src/GovernancePortal.Web -c Release && dotnet build tests/GovernancePortal.Benchmarks -c Release
set -euo pipefail
DRIVER=$1; P=$2; N=$3; S=$4; T=$5
PORT=${GP_PORT:-5321}; PG=${GP_PG_PORT:-55460}; D=${GP_OUT:-/tmp/gp-circuits}/$P
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$ROOT/src/GovernancePortal.Web/bin/Release/net10.0; B=$ROOT/tests/GovernancePortal.Benchmarks/bin/Release/net10.0/GovernancePortal.Benchmarks.dll
rm -rf "$D"; mkdir -p "$D"; cd "$W"
export ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Demo__Password=Tulip-Harbor-Lantern-42 \
  Api__PerAddressPerSecond=100000 Api__PerAddressBurst=100000
PSQL="psql -h 127.0.0.1 -p $PG -U postgres"
if [ "$P" = sqlite ]; then export ConnectionStrings__Governance="Data Source=$D/governance.db"
else $PSQL -c "DROP DATABASE IF EXISTS gp_circuits" -c "CREATE DATABASE gp_circuits" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__Governance="Host=127.0.0.1;Port=$PG;Username=postgres;Database=gp_circuits${GP_PG_EXTRA:-}"; fi
setsid dotnet GovernancePortal.Web.dll --urls "http://localhost:$PORT" > "$D/portal.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf "http://localhost:$PORT/health/ready" >/dev/null; do sleep 1; done
TOKEN=$(dotnet GovernancePortal.Web.dll create-token --name load --owner platform@demo.local --scopes lineage:write | tail -n 1)
Q="select v.\"Id\" from \"ModelVersions\" v join \"Models\" m on m.\"Id\"=v.\"ModelId\" where m.\"Name\"='fraud-gbt' and v.\"Version\"='4.3.0'"
if [ "$P" = sqlite ]; then V=$(sqlite3 "$D/governance.db" "$Q"); else V=$($PSQL -d gp_circuits -tAc "$Q"); fi
echo "version $V portal pid $PID load=$(cut -d' ' -f1-3 /proc/loadavg)"
cd "$ROOT"
{ dotnet "$B" "$DRIVER" "http://localhost:$PORT" risk@demo.local Tulip-Harbor-Lantern-42 "$N" "$S" $PID "$V" "$T" || echo "driver exit code $?"; } | while IFS= read -r line; do
  echo "$line"
  case "$line" in "per idle circuit"*)
    # the pipeline beside the active phase: batches of 100 realistic events over 1 connection, for the phase's length
    (cd "$D" && dotnet "$B" ingest-load "http://127.0.0.1:$PORT" "$TOKEN" "$S" 1 100 acked.txt --realistic > "$D/ingest.log" 2>&1 &) ;;
  esac
done
sleep 2; tail -2 "$D/ingest.log" 2>/dev/null || true
