#!/usr/bin/env bash
# Ingest benchmark: signed TaskCreate webhooks -> bridge -> GitLab issues (flow F1), or with EVENT=ContactCreate
# signed ContactCreate webhooks -> GitLab CRM contacts (flow F6), against local stand-ins.
# Usage: bench/ingest.sh            (see bench/README.md)
# Env:   EVENT=TaskCreate|ContactCreate DURATION=30 WARMUP=5 CONCURRENCY=64 BODIES=<pre-signed count, default (DURATION+WARMUP)*5000> DRAIN_IDLE=60
#        JAR=<bridge jar, default target/ghl-gitlab-bridge.jar>  BRIDGE_JAVA_OPTS=<extra JVM flags for the bridge>
#        BRIDGE_HOME=<dir with the routes/, kamelets/, config/ the bridge runs with; default: the checkout the jar was
#                     built in (<jar dir>/..) when it has routes/, else this checkout>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$(realpath -m "${JAR:-$ROOT/target/ghl-gitlab-bridge.jar}")
if [[ -z ${BRIDGE_HOME:-} ]]; then
  BRIDGE_HOME=$(dirname "$(dirname "$JAR")")
  [[ -d $BRIDGE_HOME/routes ]] || BRIDGE_HOME=$ROOT
fi
FIXTURES=$ROOT/src/test/resources/fixtures/ghl
export EVENT=${EVENT:-TaskCreate}
case $EVENT in
  TaskCreate) TEMPLATE=$FIXTURES/TaskCreate.json ;;
  ContactCreate) TEMPLATE=$ROOT/bench/ContactCreate.json ;;
  *) echo "EVENT=$EVENT is not supported: use TaskCreate (the default) or ContactCreate" >&2; exit 2 ;;
esac
OUT=$ROOT/bench/out            # logs of the last run (git-ignored)
TMP=$(mktemp -d -t ghl-bench.XXXXXX)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ ! -f $JAR ]]; then
  [[ $JAR == "$ROOT/target/ghl-gitlab-bridge.jar" ]] || { echo "JAR=$JAR does not exist" >&2; exit 2; }
  echo "building $JAR ..."
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi

mkdir -p "$OUT" "$TMP/classes"
javac -nowarn -d "$TMP/classes" -cp "$JAR" $(find "$ROOT/bench/src" -name '*.java')
CP="$TMP/classes:$JAR"

read -r BRIDGE_PORT STANDINS_PORT MANAGEMENT_PORT < <(java -cp "$CP" bench.Setup "$TMP")

java -XX:+UseSerialGC -Xmx256m -cp "$CP" bench.StandIns "$STANDINS_PORT" "$FIXTURES/contact-response.json" \
  "$FIXTURES/TaskCreate.json" > "$OUT/standins.log" 2>&1 &
PIDS+=($!)

# the bridge as operators run it: java -jar from its checkout (it reads routes/, kamelets/, config/ there)
(
  cd "$BRIDGE_HOME"
  export GHL_BASE_URL="http://127.0.0.1:$STANDINS_PORT" GITLAB_BASE_URL="http://127.0.0.1:$STANDINS_PORT" \
    GHL_TOKEN=bench-ghl-token GITLAB_TOKEN=bench-gitlab-token GITLAB_PROJECT=42 GITLAB_GROUP=acme \
    GHL_REQUESTS_PER_10S=0 GITLAB_NOTES_PER_MINUTE=0 \
    BRIDGE_POLL_GHL_CONTACTS_INTERVAL_SECONDS=0 BRIDGE_POLL_GHL_TASKS_INTERVAL_SECONDS=0 \
    BRIDGE_POLL_GITLAB_ISSUES_INTERVAL_SECONDS=0 BRIDGE_POLL_GITLAB_CRM_CONTACTS_INTERVAL_SECONDS=0 \
    GHL_WEBHOOK_PUBLIC_KEY="$(cat "$TMP/public.pem")" \
    BRIDGE_HTTP_PORT="$BRIDGE_PORT" BRIDGE_MANAGEMENT_PORT="$MANAGEMENT_PORT" BRIDGE_DB_URL="jdbc:h2:file:$TMP/bridge"
  exec java ${BRIDGE_JAVA_OPTS:-} -jar "$JAR"
) > "$OUT/bridge.log" 2>&1 &
BRIDGE_PID=$!
PIDS+=($BRIDGE_PID)

# newer versions serve /observe/health on BRIDGE_MANAGEMENT_PORT, older ones on the webhook port: try both
healthy() {
  local port
  for port in "$MANAGEMENT_PORT" "$BRIDGE_PORT"; do
    curl -sf -o /dev/null "http://127.0.0.1:$port/observe/health" && { HEALTH_PORT=$port; return 0; }
  done
  return 1
}
echo "waiting for the bridge ($JAR, routes in $BRIDGE_HOME) on port $BRIDGE_PORT, management $MANAGEMENT_PORT (log: $OUT/bridge.log) ..."
for _ in $(seq 1 240); do
  healthy && break
  kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "the bridge exited:" >&2; tail -20 "$OUT/bridge.log" >&2; exit 1; }
  sleep 0.5
done
healthy || { echo "bridge not healthy after 120 s" >&2; exit 1; }
echo "bridge healthy on port $HEALTH_PORT ($([[ $HEALTH_PORT == "$MANAGEMENT_PORT" ]] && echo management || echo webhook) port)"
curl -sf -o /dev/null "http://127.0.0.1:$STANDINS_PORT/_stats" || { echo "stand-ins not up" >&2; cat "$OUT/standins.log" >&2; exit 1; }

status=0
java -XX:+UseSerialGC -Xmx1g -cp "$CP" bench.LoadGen "$BRIDGE_PORT" "$STANDINS_PORT" "$BRIDGE_PID" \
  "$TMP/private.b64" "$TEMPLATE" || status=$?
(( status > 128 )) && echo "the load generator was killed by signal $((status - 128))" >&2
kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "the bridge is no longer running: see $OUT/bridge.log" >&2; status=1; }

echo "bridge log       $(grep -c ' WARN ' "$OUT/bridge.log" || true) WARN, $(grep -c ' ERROR ' "$OUT/bridge.log" || true) ERROR lines in $OUT/bridge.log"
exit $status
