#!/usr/bin/env bash
# Runs the tests of the project from a clean checkout and prints one closing line "N passed, N failed".
#
#   deploy/test.sh           the full run (what .ci/run calls): installs the Debian packages the tests need, restores
#                            with the committed lock files, checks formatting, builds, starts the private RabbitMQ node
#                            and PostgreSQL cluster (and stops them afterwards), runs every test project
#   deploy/test.sh --unit    the unit lane: restore (locked), build, and every test that needs no RabbitMQ, no browser and
#                            no PostgreSQL; installs and starts nothing (the Node interop tests run when node is there)
#
# Which lane a test is in is its NUnit category (names in tests/Broker.Testing/TestLanes.cs): a fixture or test that needs
# the RabbitMQ node says [Category(TestLanes.RabbitMq)] ("Integration"), one that drives the browser
# [Category(TestLanes.Browser)], one that needs PostgreSQL [Category(TestLanes.PostgreSql)], one that runs the demo script
# [Category(TestLanes.EndToEnd)]; every test of Broker.IntegrationTests is RabbitMQ by an assembly-level attribute. The unit
# lane runs what has none of these. Other arguments go to `dotnet test` (e.g. --filter is combined with the lane's).
# BROKER_RMQ_INSTANCE and PG_PORT are passed on to deploy/rabbitmq.sh and deploy/postgres.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

lane=full
if [[ ${1:-} == --unit ]]; then
  lane=unit
  shift
fi
unit_filter="TestCategory!=Integration&TestCategory!=Browser&TestCategory!=PostgreSQL&TestCategory!=EndToEnd"
started=$SECONDS
phase_start=$SECONDS
phase() {
  echo "   ($1: $((SECONDS - phase_start)) s)"
  phase_start=$SECONDS
}

[[ $lane == full ]] && "$root/deploy/install-deps.sh"

results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

echo "== restore (locked)"
dotnet restore Broker.sln --locked-mode
if [[ $lane == full ]]; then
  echo "== format check"
  dotnet format Broker.sln --verify-no-changes --no-restore
fi
phase restore

echo "== build"
dotnet build Broker.sln -c Release --no-restore
phase build

cleanup() {
  if [[ $lane == full ]]; then
    "$root/deploy/rabbitmq.sh" stop || true
    "$root/deploy/postgres.sh" stop || true
  fi
}
trap cleanup EXIT

if [[ $lane == full ]]; then
  echo "== private RabbitMQ node"
  "$root/deploy/rabbitmq.sh" start

  echo "== private PostgreSQL cluster (audit store and envelope claims for deployments beyond one machine)"
  pg=$("$root/deploy/postgres.sh" start | tail -n 1)
  export BROKER_TEST_POSTGRES="$pg" BROKER_HUB_POSTGRES="$pg"
  phase services
fi

if [[ -f "$root/tests/interop/package.json" ]] && command -v npm >/dev/null 2>&1; then
  echo "== interop dependencies (npm, from the committed lock file)"
  (cd "$root/tests/interop" && npm ci --no-audit --no-fund --silent)
fi

args=("$@")
if [[ $lane == unit ]]; then
  # Combine the lane's filter with a caller's --filter (both must hold).
  filter=$unit_filter
  rest=()
  while ((${#args[@]})); do
    if [[ ${args[0]} == --filter && ${#args[@]} -ge 2 ]]; then
      filter="($unit_filter)&(${args[1]})"
      args=("${args[@]:2}")
    else
      rest+=("${args[0]}")
      args=("${args[@]:1}")
    fi
  done
  args=(--filter "$filter" ${rest[@]+"${rest[@]}"})
fi

echo "== tests ($lane lane)"
set +e
dotnet test Broker.sln -c Release --no-build --logger "trx" --results-directory "$results" ${args[@]+"${args[@]}"}
rc=$?
set -e
phase tests

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
echo "$lane lane: $((SECONDS - started)) s in all; $skipped skipped (ignored by the test itself)"
echo "$passed passed, $failed failed"
exit $rc
