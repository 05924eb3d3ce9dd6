#!/usr/bin/env bash
# Runs every test of the project from a clean checkout: installs the Debian packages the tests need,
# restores with the committed lock files, checks formatting, builds, starts the private RabbitMQ node
# (and stops it afterwards), runs all test projects and prints one closing line "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

"$root/deploy/install-deps.sh"

results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

echo "== restore (locked) and format check"
dotnet restore Broker.sln --locked-mode
dotnet format Broker.sln --verify-no-changes --no-restore

echo "== build"
dotnet build Broker.sln -c Release --no-restore

cleanup() {
  "$root/deploy/rabbitmq.sh" stop || true
  "$root/deploy/postgres.sh" stop || true
}
trap cleanup EXIT

echo "== private RabbitMQ node"
"$root/deploy/rabbitmq.sh" start

echo "== private PostgreSQL cluster (audit store and envelope claims for deployments beyond one machine)"
pg=$("$root/deploy/postgres.sh" start | tail -n 1)
export BROKER_TEST_POSTGRES="$pg" BROKER_HUB_POSTGRES="$pg"

if [[ -f "$root/tests/interop/package.json" ]]; then
  echo "== interop dependencies (npm, from the committed lock file)"
  (cd "$root/tests/interop" && npm ci --no-audit --no-fund --silent)
fi

echo "== tests"
set +e
dotnet test Broker.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@"
rc=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  p=$(get passed); f=$(get failed); t=$(get total); e=$(get executed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # The runner failed without a failed test (a crashed test host, a build error): count it as a failure.
  failed=1
fi
# Stop the services first, so the summary is the last line of the output.
trap - EXIT
cleanup >/dev/null 2>&1
echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
