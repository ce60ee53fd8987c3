#!/usr/bin/env bash
# Runs the whole AcquirerEngine test suite: this is the README's test command and what CI runs.
# It installs what the tests need when it is missing (needs root for apt, as CI has):
#   - PostgreSQL 15 (the storage and end-to-end tests start their own throwaway cluster from it),
#   - Debian's python3-grpcio and Node's @grpc/grpc-js (independent gRPC peers for the interop tests),
#   - Debian's prometheus (promtool checks the /metrics output; a real Prometheus scrapes the engine).
# Then it runs every test project and ends with one line "N passed, N failed".
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "tests/run.sh: missing $*; install it (apt-get install $*) or run as root" >&2
    exit 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  echo "installing postgresql-15"
  apt_install postgresql-15
fi
if ! /usr/bin/python3 -c 'import grpc, google.protobuf' 2>/dev/null; then
  echo "installing python3-grpcio"
  apt_install python3-grpcio python3-protobuf
fi
if [ ! -x /usr/bin/promtool ] || [ ! -x /usr/bin/prometheus ]; then
  echo "installing prometheus"
  # The package would start a Prometheus service on :9090 where init scripts run; the tests start their
  # own on a free port, so service starts are refused during the install (policy-rc.d exit 101), unless
  # the machine already has a policy. Recommends (node exporter, another service) are not needed.
  policy_added=0
  if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  install_status=0
  apt_install --no-install-recommends prometheus || install_status=$?
  if [ "$policy_added" -eq 1 ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  if [ "$install_status" -ne 0 ]; then
    exit "$install_status"
  fi
fi
if [ ! -d tests/interop/node/node_modules/@grpc/grpc-js ]; then
  echo "installing @grpc/grpc-js"
  (cd tests/interop/node && npm ci --no-audit --no-fund --loglevel=error)
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test AcquirerEngine.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...").
summary=$(grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped", p, f, s}')
echo "$summary"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
case "$summary" in
  "0 passed"*) echo "tests/run.sh: no test ran" >&2; exit 1 ;;
esac
