#!/usr/bin/env bash
# Throwaway single-node Elasticsearch for the test suite, on 127.0.0.1 only.
#
#   scripts/services/elasticsearch.sh start   # fetch (Maven Central), unpack, start, wait for yellow
#   scripts/services/elasticsearch.sh stop    # stop it, but only if `start` started it
#   scripts/services/elasticsearch.sh url     # print http://127.0.0.1:PORT
#   scripts/services/elasticsearch.sh status
#   scripts/services/elasticsearch.sh pid     # the node's pid, if `start` started it
#   scripts/services/elasticsearch.sh check   # smoke test: health, index, english, synonym_graph
#
# Environment:
#   ES_VERSION      Elasticsearch version (default 9.5.4, the newest that Maven Central serves: 9.5.5, 9.5.6, 9.6.x and 10.x are not)
#   ES_PORT         HTTP port (default 9200)
#   ES_HEAP         heap size for -Xms/-Xmx (default 512m)
#   ES_START_TIMEOUT seconds to wait for yellow health (default 120)
#   ES_JAVA_HOME    JDK to use (default: newest JDK >= 21 under /usr/lib/jvm)
#   ES_ALLOW_MMAP   node.store.allow_mmap (default false: no dependence on
#                   vm.max_map_count, which containers often cannot raise)
#   ES_REUSE_EXISTING=1  if another node already answers on ES_PORT, use it
#                   instead of failing
#   ES_ANALYSIS_SHIM 1 (default): build and install the analysis shim (below); 0: don't
#
# The distribution is Maven Central's org.elasticsearch.distribution.integ-test-zip
# artifact, the only Elasticsearch server build a package registry serves. It
# is a minimal build (server + x-pack-core/-security + transport-netty4 + apm):
#   * no analysis-common module, so the "english" analyzer and the
#     synonym_graph / stemmer / asciifolding / ... filters do not exist. The
#     server itself still has the standard/simple/whitespace/stop/keyword
#     analyzers and the lowercase/stop/shingle filters. To fill the gap this
#     script compiles es-analysis-shim/ (a stable-API analysis plugin wrapping
#     Lucene classes the distribution already ships) with the JDK's javac
#     against the distribution's own jars, and installs it: "english",
#     "synonym_graph", "synonym", "stemmer" (English variants), "porter_stem",
#     "kstem", "asciifolding". See the sources there for the caveats.
#   * no rest-root module, so GET / and HEAD / answer 405: the Python
#     client's es.info() raises and es.ping() returns False. Check the node
#     with es.cluster.health() instead.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
SERVICES_DIR="$REPO/.services"
CACHE_DIR="$SERVICES_DIR/cache"

ES_VERSION="${ES_VERSION:-9.5.4}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_ALLOW_MMAP="${ES_ALLOW_MMAP:-false}"
ES_ANALYSIS_SHIM="${ES_ANALYSIS_SHIM:-1}"
SHIM_SRC="$SCRIPT_DIR/es-analysis-shim/src"
SHIM_NAME=marketplace-analysis-shim
ES_USER=elasticsearch
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
MVN_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
ES_CLUSTER_NAME=marketplace-test
MARKER="$SERVICES_DIR/elasticsearch.started-by-script"

# Runtime dirs; may be moved by choose_runtime_dir (see there).
RUNTIME_DIR="$SERVICES_DIR"

log() { echo "[elasticsearch] $*" >&2; }
die() { echo "[elasticsearch] ERROR: $*" >&2; exit 1; }

set_runtime_paths() {
    ES_HOME="$RUNTIME_DIR/elasticsearch-$ES_VERSION"
    ES_DATA="$RUNTIME_DIR/es-data"
    ES_LOGS="$RUNTIME_DIR/es-logs"
    ES_PIDFILE="$ES_LOGS/elasticsearch.pid"
    ES_TMP="$RUNTIME_DIR/es-tmp"
}
set_runtime_paths

es_url() { echo "http://127.0.0.1:$ES_PORT"; }

apt_install() {
    [ "$(id -u)" -eq 0 ] || die "need $* but not root to apt-get it"
    log "installing $* (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "$@" >&2
}

# ---------------------------------------------------------------- Java
# Print the newest JDK under /usr/lib/jvm whose major version is >= 21.
find_java_home() {
    if [ -n "${ES_JAVA_HOME:-}" ]; then
        [ -x "$ES_JAVA_HOME/bin/java" ] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
        echo "$ES_JAVA_HOME"
        return 0
    fi
    local best="" best_major=0 d major
    for d in /usr/lib/jvm/*/; do
        d=${d%/}
        [ -L "$d" ] && continue
        [ -x "$d/bin/java" ] || continue
        major=""
        if [ -f "$d/release" ]; then
            major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" | head -n 1)
        fi
        if [ -z "$major" ]; then
            major=$("$d/bin/java" -XshowSettings:properties -version 2>&1 \
                | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
        fi
        [ -n "$major" ] || continue
        if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best=$d
            best_major=$major
        fi
    done
    [ -n "$best" ] || die "Elasticsearch $ES_VERSION needs Java 21 or newer and no such JDK is under /usr/lib/jvm (found: $(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' ')). Debian 12's own openjdk-17 is too old; install a JDK >= 21 there or set ES_JAVA_HOME."
    echo "$best"
}

# ---------------------------------------------------------------- install
fetch_distribution() {
    local zip="$CACHE_DIR/elasticsearch-$ES_VERSION.zip"
    if [ -s "$zip" ]; then
        ZIP=$zip
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || apt_install maven
    mkdir -p "$CACHE_DIR"
    log "fetching $ES_ARTIFACT from Maven Central (mvn dependency:copy)"
    # Maven caches a failed lookup (*.lastUpdated) for a day and, for
    # dependency:copy, -U does not override it: drop it so a transient
    # failure on an earlier run does not stick.
    rm -f "${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/"*.lastUpdated
    # dependency:copy needs no pom (requiresProject=false); run it from the
    # cache dir so a pom.xml in the caller's cwd is not picked up.
    if ! (cd "$CACHE_DIR" && mvn -B -U -ntp -Dstyle.color=never "$MVN_DEPENDENCY_PLUGIN:copy" \
            -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$CACHE_DIR" \
            -Dmdep.overWriteReleases=true >"$CACHE_DIR/mvn.log" 2>&1); then
        grep -E 'ERROR|BUILD' "$CACHE_DIR/mvn.log" | head -n 20 >&2 || true
        die "could not fetch $ES_ARTIFACT (full log: $CACHE_DIR/mvn.log; is that version served? try another ES_VERSION)"
    fi
    [ -s "$zip" ] || die "mvn succeeded but $zip is missing"
    ZIP=$zip
}

unpack_distribution() {
    if [ -x "$ES_HOME/bin/elasticsearch" ] && [ -f "$ES_HOME/.unpacked" ]; then
        return 0
    fi
    local tmp="$RUNTIME_DIR/.unpack.$$"
    rm -rf "$tmp" "$ES_HOME"
    mkdir -p "$tmp"
    log "unpacking $(basename "$ZIP") into $ES_HOME"
    if command -v unzip >/dev/null 2>&1 || apt_install unzip; then
        unzip -q "$ZIP" -d "$tmp"
    else
        python3 -m zipfile -e "$ZIP" "$tmp"
        chmod +x "$tmp/elasticsearch-$ES_VERSION/bin/"*
    fi
    [ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ] \
        || die "unexpected archive layout in $ZIP"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$tmp"
    touch "$ES_HOME/.unpacked"
}

# Compile es-analysis-shim/ against the unpacked distribution's own jars and
# drop it into plugins/ (what `elasticsearch-plugin install` would leave there,
# without its slow JVM start). Rebuilt when its sources or ES_VERSION change.
install_analysis_shim() {
    local java_home=$1
    local plugdir="$ES_HOME/plugins/$SHIM_NAME"
    if [ "$ES_ANALYSIS_SHIM" != 1 ] || [ -d "$ES_HOME/modules/analysis-common" ]; then
        rm -rf "$plugdir"
        return 0
    fi
    local sources=() stamp
    mapfile -t sources < <(find "$SHIM_SRC" -name '*.java' -type f | LC_ALL=C sort)
    [ "${#sources[@]}" -gt 0 ] || die "no sources under $SHIM_SRC (set ES_ANALYSIS_SHIM=0 to run without the shim)"
    stamp=$( { echo "$ES_VERSION"; cd "$SHIM_SRC" && find . -name '*.java' -type f | LC_ALL=C sort | xargs -d '\n' sha1sum; } \
        | sha1sum | cut -c1-40)
    if [ -f "$plugdir/.stamp" ] && [ "$(cat "$plugdir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    { [ -x "$java_home/bin/javac" ] && [ -x "$java_home/bin/jar" ]; } \
        || die "$java_home has no javac/jar: a JDK (not a JRE) is needed to build the analysis shim (or set ES_ANALYSIS_SHIM=0)"
    log "building the analysis shim plugin ($SHIM_NAME) with $java_home/bin/javac"

    local build="$RUNTIME_DIR/.shim-build.$$" cp="" lib f
    rm -rf "$build"
    mkdir -p "$build/classes" "$build/plugin"
    for lib in elasticsearch-plugin-api elasticsearch-plugin-analysis-api lucene-core lucene-analysis-common; do
        f=$(find "$ES_HOME/lib" -maxdepth 1 -name "$lib-[0-9]*.jar" | LC_ALL=C sort | head -n 1)
        [ -n "$f" ] || die "$ES_HOME/lib has no $lib jar; cannot build the analysis shim (set ES_ANALYSIS_SHIM=0)"
        cp="$cp${cp:+:}$f"
    done
    "$java_home/bin/javac" -nowarn --release 21 -encoding UTF-8 -cp "$cp" -d "$build/classes" "${sources[@]}" >&2 \
        || die "compiling the analysis shim failed"
    "$java_home/bin/jar" cf "$build/plugin/$SHIM_NAME.jar" -C "$build/classes" .
    {
        echo "description=Test-only stand-in for analysis-common (english, synonym_graph, ...) built by scripts/services/elasticsearch.sh"
        echo "version=1.0"
        echo "name=$SHIM_NAME"
        echo "java.version=21"
        echo "elasticsearch.version=$ES_VERSION"
    } >"$build/plugin/stable-plugin-descriptor.properties"
    shim_named_components "${sources[@]}" >"$build/plugin/named_components.json"
    echo "$stamp" >"$build/plugin/.stamp"
    rm -rf "$plugdir"
    mkdir -p "$ES_HOME/plugins"
    mv "$build/plugin" "$plugdir"
    rm -rf "$build"
}

# named_components.json, as the plugin installer's scanner would write it:
# {"org.elasticsearch.plugin.analysis.<Interface>": {"<name>": "<class>", ...}, ...}
shim_named_components() {
    local iface f name pkg entries json=""
    for iface in AnalyzerFactory TokenFilterFactory TokenizerFactory CharFilterFactory; do
        entries=""
        for f in "$@"; do
            grep -Eq "implements[^{]*\\b$iface\\b" "$f" || continue
            name=$(sed -n 's/^@NamedComponent("\([^"]*\)").*/\1/p' "$f" | head -n 1)
            [ -n "$name" ] || continue
            pkg=$(sed -n 's/^package \([A-Za-z0-9_.]*\);.*/\1/p' "$f" | head -n 1)
            entries="$entries${entries:+,}\"$name\":\"$pkg.$(basename "$f" .java)\""
        done
        [ -n "$entries" ] || continue
        json="$json${json:+,}\"org.elasticsearch.plugin.analysis.$iface\":{$entries}"
    done
    echo "{$json}"
}

ensure_user() {
    if ! id "$ES_USER" >/dev/null 2>&1; then
        log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$ES_USER"
    fi
}

# The elasticsearch user must be able to reach the install/data dirs. A repo
# cloned into a private (0700) directory, e.g. a mktemp -d, is not reachable:
# then use a per-repo directory under /var/tmp instead.
choose_runtime_dir() {
    mkdir -p "$SERVICES_DIR"
    [ "$(id -u)" -eq 0 ] || return 0
    if ! runuser -u "$ES_USER" -- test -x "$SERVICES_DIR"; then
        local h
        h=$(printf '%s' "$REPO" | sha1sum | cut -c1-12)
        RUNTIME_DIR="/var/tmp/marketplace-services-$h"
        log "user $ES_USER cannot reach $SERVICES_DIR; using $RUNTIME_DIR instead"
        mkdir -p "$RUNTIME_DIR"
        chmod 755 "$RUNTIME_DIR"
        set_runtime_paths
    fi
}

# Run as the unprivileged user when we are root.
as_es() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

# ---------------------------------------------------------------- state
# True if the pidfile names a live Elasticsearch process (not a reused pid).
pid_alive() {
    [ -f "$ES_PIDFILE" ] || return 1
    local pid
    pid=$(cat "$ES_PIDFILE" 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null \
        && grep -qa 'org\.elasticsearch' "/proc/$pid/cmdline" 2>/dev/null
}

# Note: GET / is not served by this minimal distribution (405; the root
# endpoint lives in a module it lacks), so probe _cluster/health instead.
http_up() {
    curl -fsS -m 3 "$(es_url)/_cluster/health?timeout=1s" >/dev/null 2>&1
}

health_ok() {
    curl -fsS -m 10 "$(es_url)/_cluster/health?wait_for_status=yellow&timeout=${1:-1}s" 2>/dev/null \
        | grep -Eq '"status":"(green|yellow)"'
}

print_log_tail() {
    local f
    for f in "$ES_LOGS/$ES_CLUSTER_NAME.log" "$ES_LOGS"/*.log; do
        if [ -f "$f" ]; then
            log "---- last lines of $f ----"
            tail -n 40 "$f" >&2
            break
        fi
    done
    if [ -f "$ES_LOGS/start.out" ] && [ -s "$ES_LOGS/start.out" ]; then
        log "---- $ES_LOGS/start.out ----"
        tail -n 40 "$ES_LOGS/start.out" >&2
    fi
}

# ---------------------------------------------------------------- commands
cmd_start() {
    command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
    ensure_user
    choose_runtime_dir

    if pid_alive; then
        local running_port
        running_port=$(cat "$ES_LOGS/http.port" 2>/dev/null || true)
        if [ -n "$running_port" ] && [ "$running_port" != "$ES_PORT" ]; then
            die "this repo's node is already running on port $running_port, not $ES_PORT; stop it first ($0 stop) or use ES_PORT=$running_port"
        fi
        log "already running (pid $(cat "$ES_PIDFILE"), $(es_url))"
        health_ok 60 || die "running but cluster health is not yellow/green"
        return 0
    fi
    if http_up; then
        # Another node (another checkout's, or someone's own) holds the port.
        if [ "${ES_REUSE_EXISTING:-0}" = 1 ]; then
            log "a node not started from $ES_HOME answers on $(es_url); reusing it (ES_REUSE_EXISTING=1)"
            health_ok 60 || die "cluster at $(es_url) is not yellow/green"
            return 0
        fi
        die "port $ES_PORT on 127.0.0.1 is taken by an Elasticsearch node that this repo's script did not start (no live pid in $ES_PIDFILE); choose another port with ES_PORT=..., or set ES_REUSE_EXISTING=1 to use that node"
    fi

    local java_home t0
    java_home=$(find_java_home)
    fetch_distribution
    unpack_distribution
    install_analysis_shim "$java_home"

    # ES_TMP: the node's and the launcher's temp dirs, which would otherwise
    # pile up in /tmp (one elasticsearch-* and final-flags* dir per start).
    rm -rf "$ES_TMP"
    mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$ES_USER:" "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_TMP"
    fi
    rm -f "$ES_PIDFILE"
    echo "$ES_PORT" >"$ES_LOGS/http.port"

    log "starting Elasticsearch $ES_VERSION on $(es_url) (JDK $java_home, heap $ES_HEAP, logs $ES_LOGS)"
    t0=$(date +%s.%N)
    # -d daemonises once the node has started; -p writes the pidfile.
    # Single-node discovery + loopback binding => bootstrap checks (e.g.
    # vm.max_map_count) only warn. mmap is off so a low vm.max_map_count
    # (65530 by default, not settable in containers) cannot bite.
    # Raise the open-files limit (ES warns below 65535); root may raise the
    # hard limit too. Best effort: a failure only means a warning in the log.
    if ! (ulimit -Hn 65535 2>/dev/null || true; ulimit -n 65535 2>/dev/null || true
          as_es env -i \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME="$ES_DATA" LANG=C.UTF-8 TMPDIR="$ES_TMP" ES_TMPDIR="$ES_TMP" \
            CLI_JAVA_OPTS="-Djava.io.tmpdir=$ES_TMP" \
            ES_JAVA_HOME="$java_home" \
            ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP ${ES_EXTRA_JAVA_OPTS:-}" \
            "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
            -E cluster.name="$ES_CLUSTER_NAME" \
            -E node.name=node-1 \
            -E discovery.type=single-node \
            -E network.host=127.0.0.1 \
            -E http.port="$ES_PORT" \
            -E path.data="$ES_DATA" \
            -E path.logs="$ES_LOGS" \
            -E xpack.security.enabled=false \
            -E cluster.routing.allocation.disk.threshold_enabled=false \
            -E action.destructive_requires_name=false \
            -E node.store.allow_mmap="$ES_ALLOW_MMAP" \
            >"$ES_LOGS/start.out" 2>&1 </dev/null); then
        print_log_tail
        die "bin/elasticsearch -d failed"
    fi
    echo "$ES_PIDFILE" >"$MARKER"

    local deadline now
    deadline=$(( $(date +%s) + ES_START_TIMEOUT ))
    until health_ok 2; do
        now=$(date +%s)
        if ! pid_alive && ! http_up; then
            print_log_tail
            rm -f "$MARKER"
            die "Elasticsearch exited during startup"
        fi
        if [ "$now" -ge "$deadline" ]; then
            print_log_tail
            die "cluster health not yellow/green after ${ES_START_TIMEOUT}s (still running; '$0 stop' stops it)"
        fi
        sleep 1
    done
    log "ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s: $(es_url) (pid $(cat "$ES_PIDFILE"))"
}

cmd_stop() {
    if [ ! -f "$MARKER" ]; then
        log "not started by this script (no marker $MARKER); leaving any running node alone"
        return 0
    fi
    ES_PIDFILE=$(cat "$MARKER")
    if ! pid_alive; then
        log "was not running"
        rm -f "$MARKER"
        return 0
    fi
    local pid
    pid=$(cat "$ES_PIDFILE")
    log "stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after 60s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$MARKER" "$ES_PIDFILE"
    log "stopped"
}

# The node's pid, only if `start` started it (the suite's fault tests stop it with SIGSTOP).
cmd_pid() {
    [ -f "$MARKER" ] || die "not started by this script (no marker $MARKER)"
    ES_PIDFILE=$(cat "$MARKER")
    pid_alive || die "not running"
    cat "$ES_PIDFILE"
}

cmd_status() {
    if health_ok 1; then
        log "up at $(es_url)$([ -f "$MARKER" ] && echo " (started by this script)")"
        curl -fsS "$(es_url)/_cluster/health?pretty" >&2
    else
        log "not running at $(es_url)"
        return 1
    fi
}

# Smoke test of the node at $(es_url): health, index create/delete, and the
# analysis components the app relies on. Exits non-zero on the first failure.
cmd_check() {
    local u idx="services-check-$$" out
    u=$(es_url)
    out=$(curl -fsS -m 40 "$u/_cluster/health?wait_for_status=yellow&timeout=30s") \
        || die "check: no cluster health at $u"
    log "check: health $(echo "$out" | grep -o '"status":"[a-z]*"')"
    curl -fsS -m 30 -X PUT "$u/$idx" -H 'Content-Type: application/json' \
        -d '{"settings":{"number_of_shards":1,"number_of_replicas":0}}' >/dev/null \
        || die "check: could not create index $idx"
    curl -fsS -m 30 -X DELETE "$u/$idx" >/dev/null || die "check: could not delete index $idx"
    log "check: created and deleted index $idx"
    out=$(curl -sS -m 30 -X POST "$u/_analyze" -H 'Content-Type: application/json' \
        -d '{"analyzer":"english","text":"The innovations were running"}')
    echo "$out" | grep -q '"token":"innov"' || die "check: english analyzer: $out"
    log "check: english analyzer ok (innovations -> innov)"
    out=$(curl -sS -m 30 -X POST "$u/_analyze" -H 'Content-Type: application/json' \
        -d '{"tokenizer":"standard","filter":["lowercase",{"type":"synonym_graph","synonyms":["nhs, national health service"]}],"text":"NHS trust"}')
    echo "$out" | grep -q '"token":"national"' || die "check: synonym_graph filter: $out"
    log "check: synonym_graph filter ok (nhs -> national health service)"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) es_url ;;
    status) cmd_status ;;
    pid) cmd_pid ;;
    check) cmd_check ;;
    *) echo "usage: $0 {start|stop|url|status|pid|check}" >&2; exit 2 ;;
esac
