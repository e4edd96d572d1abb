#!/usr/bin/env bash
# Runs every test project and prints one plain summary line ("N passed, N failed, N skipped").
# Installs what the tests need when it is missing: Debian's chromium (browser tests), poppler-utils
# (PDF rendering checks), jq/unzip/openssl (the offline evidence verification script), and the dotnet tools.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The evidence pack's offline verification script (docs/verify-evidence.sh) is run by a test: it needs these.
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build GovernancePortal.sln -c Debug -nologo -v quiet

results="TestResults/$(date +%Y%m%d%H%M%S)"
status=0
# One project at a time, each into its own folder, so every project's TRX is counted exactly once.
for project in tests/*/*.csproj; do
  case "$project" in *Benchmarks*) continue ;; esac
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/$name" --blame-hang-timeout 10m || status=$?
done

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
