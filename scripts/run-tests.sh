#!/usr/bin/env bash
# make test: start the services the suite needs, run it, stop what was started.
# REQUIRE_SERVICES=1 (CI) turns a service that cannot start into a failure;
# otherwise the suite runs on what is available and says what it skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
REQUIRE_SERVICES="${REQUIRE_SERVICES:-0}"
started=()

cleanup() {
  for service in "${started[@]}"; do
    "scripts/services/$service.sh" stop || true
  done
}
trap cleanup EXIT

start() {
  local service=$1
  if "scripts/services/$service.sh" start; then
    started+=("$service")
    return 0
  fi
  if [ "$REQUIRE_SERVICES" = "1" ]; then
    echo "[make test] $service did not start and REQUIRE_SERVICES=1: failing." >&2
    exit 1
  fi
  echo "[make test] $service did not start: its tests will not run." >&2
  return 1
}

if start postgres; then
  export TEST_DATABASE_URL="$(scripts/services/postgres.sh url)"
fi
if [ -x scripts/services/elasticsearch.sh ] && start elasticsearch; then
  export TEST_ELASTICSEARCH_URL="$(scripts/services/elasticsearch.sh url)"
  export TEST_ELASTICSEARCH_CONTROL=1  # the outage test may stop and start it
fi

export REQUIRE_SERVICES
.venv/bin/python -m pytest "$@"
status=$?
exit $status
