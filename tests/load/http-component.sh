#!/usr/bin/env bash
# Throughput of the wasi:http component under `jco serve` against our own `agent-policies serve`, on the same
# machine and the same wrk load: `tests/load/http-component.sh` from the repository root, after
# `npm --prefix js ci && npm --prefix js run build` (the component in js/dist/http/) and `cargo build --release`.
# DURATION, CONNECTIONS, THREADS and BIN override the defaults; JCO_ARGS adds `jco serve` options
# (e.g. `--isolate-requests worker`).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
COMPONENT=js/dist/http/agent-policies-http.wasm
[ -f "$COMPONENT" ] || { echo "build the component first: npm --prefix js run build" >&2; exit 1; }

source tests/load/serve.sh
HOST_URL=$URL

JCO_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
JCO_DIR=$(mktemp -d)
JCO_LOG=$(mktemp)
# Its own process group, so that stopping it also stops the node process jco starts.
# shellcheck disable=SC2086
setsid node js/node_modules/@bytecodealliance/jco/dist/jco.js serve "$COMPONENT" --port "$JCO_PORT" \
  --host 127.0.0.1 --jco-dir "$JCO_DIR" ${JCO_ARGS:-} 2>"$JCO_LOG" &
JCO_PID=$!
trap 'kill -- -$JCO_PID 2>/dev/null; kill $PID 2>/dev/null; rm -rf "$LOG" "$JCO_LOG" "$JCO_DIR"' EXIT
JCO_URL=http://127.0.0.1:$JCO_PORT
for _ in $(seq 1 600); do
  curl -sf "$JCO_URL/health" >/dev/null && break
  sleep 0.1
done
curl -sf "$JCO_URL/health" >/dev/null || { echo "jco serve did not start:" >&2; cat "$JCO_LOG" >&2; exit 1; }

echo "agent-policies serve at $HOST_URL ($("$BIN" --version)); jco serve $(node js/node_modules/@bytecodealliance/jco/dist/jco.js --version) ${JCO_ARGS:-} at $JCO_URL"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores"

# Prints wrk's summary for one server and leaves its requests/s in RATE.
rate() {
  local out
  out=$(COMMAND="$2" SESSIONS="$3" DIRS="${4:-1}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s tests/load/request.lua "$1")
  grep -E "Requests/sec|Latency +[0-9]|^ +(50|99)%|requests in|Non-2xx|Socket errors" <<<"$out" | sed 's/^/  /'
  RATE=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
}
compare() {
  echo
  echo "== $1 (sessions: $3, working directories: ${4:-1})"
  echo "agent-policies serve:"
  rate "$HOST_URL" "$2" "$3" "${4:-1}"
  local host=$RATE
  echo "jco serve:"
  rate "$JCO_URL" "$2" "$3" "${4:-1}"
  echo "ratio jco serve / agent-policies serve: $(awk -v a="$RATE" -v b="$host" 'BEGIN {printf "%.3f", a / b}')"
}
# Warm both up (jco's engine is built on its first request; the host's instances at start).
curl -sf -XPOST "$JCO_URL/policy/claude-code/PreToolUse" -d '{"tool_name":"Bash","tool_input":{"command":"ls"}}' >/dev/null
compare "git status, one session" "git status" 1
# Sessions share answers (no built-in policy reads the session id); a new working directory is a new policy input.
compare "git status, distinct directories (from scratch)" "git status" 1000000000 1000000000
