#!/usr/bin/env bash
# Ingest throughput of one portal build, the figures in docs/reliability/ingest.md: a fresh database, the portal
# (Production, no demo data), a warm-up of both modes (GP_WARM seconds, 30: the portal's JIT compiles for 20-25 s of load
# after start, 0.5-1.5 s of CPU every 2 s, so a shorter one measures the compiler, ADR 0077), then realistic events (one input, one new output dataset each) in batches
# of 100 over 4 connections and/or single events over 16, each followed by the raw insert of the same rows into the same
# database (`ingest-load --raw`), the machine's CPU split over both phases (steal included: shared hosts lend cores), and
# a lookup of every acknowledged run id afterwards (missing must be 0).
# usage: run-ingest.sh sqlite|postgres WEB_BIN_DIR TAG [SECONDS=15] [MODE=bs: b batched, s singles]
# env: GP_PORT (portal, 5410), GP_PG_PORT (a PostgreSQL 15 cluster on 127.0.0.1 with fsync on, 55480),
#   GP_OUT (output folder, /tmp/gp-ingest), GP_PG_EXTRA (appended to the connection string), GP_WARM (30),
#   GP_SINGLES_CONN (connections sending single events, 16: how many senders are in flight at once)
# Each phase's driver also warms itself for 3 s unmeasured (--warm): it is a new process, and its JIT shares the cores.
# Build first: dotnet build src/GovernancePortal.Web -c Release && dotnet build tests/GovernancePortal.Benchmarks -c Release
# A/B: run it for two builds' bin folders in turn (A B A B ...): single runs on 2 shared cores vary by ±30 %.
set -uo pipefail
prov=$1; W=$2; tag=$3; secs=${4:-15}; mode=${5:-bs}
PORT=${GP_PORT:-5410}; PG=${GP_PG_PORT:-55480}; SC=${GP_SINGLES_CONN:-16}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/tests/GovernancePortal.Benchmarks/bin/Release/net10.0/GovernancePortal.Benchmarks.dll
out=${GP_OUT:-/tmp/gp-ingest}/$tag; rm -rf "$out"; mkdir -p "$out"
export ASPNETCORE_ENVIRONMENT=Production Api__PerAddressPerSecond=100000 Api__PerAddressBurst=100000 DOTNET_NOLOGO=1
PSQL="psql -h 127.0.0.1 -p $PG -U postgres"
if [ "$prov" = sqlite ]; then
  export ConnectionStrings__Governance="Data Source=$out/governance.db"; unset Database__Provider
  RAW="sqlite:$out/governance.db"
else
  PGC="Host=127.0.0.1;Port=$PG;Username=postgres"
  $PSQL -qc "DROP DATABASE IF EXISTS gp_ingest WITH (FORCE)" -c "CREATE DATABASE gp_ingest LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null
  export Database__Provider=Postgres ConnectionStrings__Governance="$PGC;Database=gp_ingest${GP_PG_EXTRA:-}"
  RAW="postgres:$PGC;Database=gp_ingest"
fi
cd "$W"
echo 'Granite-Meadow-Compass-7x' | dotnet GovernancePortal.Web.dll create-user --email ops@bank.example --role DataScientist --password-stdin >"$out/setup.log" 2>&1
TOKEN=$(dotnet GovernancePortal.Web.dll create-token --name load --owner ops@bank.example --scopes lineage:write 2>>"$out/setup.log" | tail -n 1)
setsid dotnet GovernancePortal.Web.dll --urls "http://127.0.0.1:$PORT" >"$out/portal.log" 2>&1 &
PID=$!; disown $PID
trap 'kill -9 -$PID 2>/dev/null; kill -9 $PID 2>/dev/null' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do sleep 0.5; done
cd "$out"
warm=${GP_WARM:-30}
dotnet "$B" ingest-load "http://127.0.0.1:$PORT" "$TOKEN" $((warm / 2)) 4 100 warm.txt --realistic >/dev/null
dotnet "$B" ingest-load "http://127.0.0.1:$PORT" "$TOKEN" $((warm - warm / 2)) 16 1 warm1.txt --realistic >/dev/null
st0=$(head -1 /proc/stat)
[[ $mode == *b* ]] && echo "$tag batched: $(dotnet "$B" ingest-load "http://127.0.0.1:$PORT" "$TOKEN" "$secs" 4 100 acked100.txt --realistic --raw "$RAW" --pid $PID --warm 3 | tr '\n' ' ')"
[[ $mode == *s* ]] && echo "$tag singles x$SC: $(dotnet "$B" ingest-load "http://127.0.0.1:$PORT" "$TOKEN" "$secs" "$SC" 1 acked1.txt --realistic --raw "$RAW" --pid $PID --warm 3 | tr '\n' ' ')"
st1=$(head -1 /proc/stat)
# /proc/stat cpu line: user nice system idle iowait irq softirq steal
python3 -c "
a='$st0'.split()[1:];b='$st1'.split()[1:];d=[int(y)-int(x) for x,y in zip(a,b)];t=sum(d)
print('$tag cpu: user %.0f%% sys %.0f%% idle %.0f%% steal %.0f%%'%(100*d[0]/t,100*d[2]/t,100*d[3]/t,100*d[7]/t))"
kill -9 -$PID 2>/dev/null; kill -9 $PID 2>/dev/null; trap - EXIT
# Every acknowledged run id looked up (SQLite stores a Guid as upper-case text). PostgreSQL: an anti-join, since NOT IN
# falls back to a row-by-row subplan once the run ids outgrow work_mem (two lookups of ~150,000 ids hung for minutes).
cat acked*.txt warm*.txt 2>/dev/null | sort -u > all.txt; n=$(wc -l < all.txt)
if [ "$prov" = sqlite ]; then
  tr a-z A-Z < all.txt > allu.txt
  m=$(sqlite3 governance.db ".mode csv" "create temp table a(id text)" ".import allu.txt a" "select count(*) from a where id not in (select Id from TrainingRuns)")
else
  m=$($PSQL -d gp_ingest -tA -c "create temp table a(id uuid)" -c "\\copy a from '$out/all.txt'" -c 'select count(*) from a where not exists (select 1 from "TrainingRuns" r where r."Id" = a.id)' | tail -1)
fi
echo "$tag acked=$n missing=$m"
