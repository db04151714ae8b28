#!/usr/bin/env bash
# make test: start the services the suite needs, run it, stop what was started.
# REQUIRE_SERVICES=1 (CI) turns a service that cannot start into a failure;
# otherwise the suite runs on what is available and says what it skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
REQUIRE_SERVICES="${REQUIRE_SERVICES:-0}"
started=()

# The layering first (pyproject.toml, [tool.importlinter]): a broken contract fails the
# run before any service starts. No cache: a stale one has hidden new packages.
if ! .venv/bin/lint-imports --no-cache --no-logo; then
  echo "[make test] an import-linter contract is broken (above): failing." >&2
  exit 1
fi

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

# The test OpenID provider (tests/oidc, run with the machine's Node.js): its npm packages
# from the lockfile, installed again only when the lockfile changes.
oidc_lock=tests/oidc/package-lock.json
oidc_stamp="tests/oidc/node_modules/.installed-$(cksum < "$oidc_lock" | cut -d' ' -f1)"
if [ ! -f "$oidc_stamp" ]; then
  if command -v npm >/dev/null 2>&1 && npm ci --prefix tests/oidc --no-audit --no-fund --loglevel=error; then
    touch "$oidc_stamp"
  elif [ "$REQUIRE_SERVICES" = "1" ]; then
    echo "[make test] the test OpenID provider's npm packages did not install and REQUIRE_SERVICES=1: failing." >&2
    exit 1
  else
    echo "[make test] no npm or no registry: the single sign-on tests will not run." >&2
  fi
fi

# The browser tests (tests/browser) drive Debian's Chromium: installed here when missing,
# never downloaded by Playwright. With REQUIRE_SERVICES=1 a missing browser fails them.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
  echo "[make test] installing Debian's chromium for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } \
    || echo "[make test] chromium did not install: the browser tests will not run." >&2
fi

export REQUIRE_SERVICES
.venv/bin/python -m pytest "$@"
status=$?
exit $status
