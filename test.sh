#!/usr/bin/env bash
# Runs every test project and prints one plain summary line ("N passed, N failed, N skipped").
# Installs what the tests need when it is missing: Debian's chromium (browser tests), poppler-utils
# (PDF rendering checks), jq/unzip/openssl (the offline evidence verification script), and the dotnet tools.
# The integration tests run twice: on SQLite, then on PostgreSQL 15 in a throw-away cluster (ADR 0039; installed from
# Debian when missing). GP_TEST_POSTGRES=0 skips the PostgreSQL run for a quicker local pass; CI always runs both.
postgres=${GP_TEST_POSTGRES:-1}
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The evidence pack's offline verification script (docs/verify-evidence.sh) is run by a test: it needs these.
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
[ "$postgres" != 1 ] || [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]/postgresql-15/postgresql}" >/dev/null
fi

if [ "$postgres" = 1 ]; then
  # A throw-away PostgreSQL cluster for the second integration run: loopback only, its socket in its own folder, no
  # durability (fsync off: it is deleted at exit), owned by an unprivileged user because postgres refuses root.
  pg_dir=$(mktemp -d /tmp/gp-test-pg.XXXXXX)
  pg_port=${GP_PG_PORT:-55432}
  while (echo >/dev/tcp/127.0.0.1/$pg_port) 2>/dev/null; do pg_port=$((pg_port + 1)); done
  # From the cluster's own folder: pg_ctl refuses to run in a working folder its user cannot read (e.g. root's home).
  as_pg() { if [ "$(id -u)" -eq 0 ]; then su -s /bin/sh postgres -c "cd $pg_dir && $*"; else sh -c "$*"; fi; }
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown postgres "$pg_dir"
  fi
  stop_pg() { as_pg "$(pg_bin)/pg_ctl -D $pg_dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
  trap stop_pg EXIT
  as_pg "$(pg_bin)/initdb -D $pg_dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >"$pg_dir/initdb.log" 2>&1
  as_pg "$(pg_bin)/pg_ctl -D $pg_dir/data -w -l $pg_dir/server.log -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build GovernancePortal.sln -c Debug -nologo -v quiet

results="TestResults/$(date +%Y%m%d%H%M%S)"
status=0
# One project at a time, each into its own folder, so every project's TRX is counted exactly once.
# Tests of what exists only on PostgreSQL (several instances, its outages; Provider=PostgresOnly) need the server in
# GP_TEST_PG whatever the provider: the browser project runs its two-instance test here, the integration project's run
# in the PostgreSQL pass below (so they run once).
[ "$postgres" != 1 ] || export GP_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres"
for project in tests/*/*.csproj; do
  case "$project" in *Benchmarks*) continue ;; esac
  name=$(basename "$project" .csproj)
  filter=()
  case "$project" in *IntegrationTests*) filter=(--filter "Provider!=PostgresOnly") ;; esac
  dotnet test "$project" --no-build -nologo "${filter[@]}" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" --blame-hang-timeout 10m || status=$?
done

if [ "$postgres" = 1 ]; then
  # The integration tests again on PostgreSQL, counted under their own name. Tests about SQLite itself (its files and
  # counters) carry Provider=SqliteOnly and are not part of this run (docs/testing-postgres.md says which and why).
  name=GovernancePortal.IntegrationTests.Postgres
  pg_started=$(date +%s)
  GP_TEST_PROVIDER=Postgres dotnet test tests/GovernancePortal.IntegrationTests/GovernancePortal.IntegrationTests.csproj --no-build -nologo \
      --filter "Provider!=SqliteOnly" --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results/$name" --blame-hang-timeout 10m || status=$?
  echo "PostgreSQL integration run: $(( $(date +%s) - pg_started )) s"
fi

# One line for humans and CI, summed over every project's TRX counters.
passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done
if [ "$total" -eq 0 ]; then echo "no test results found in $results"; status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
