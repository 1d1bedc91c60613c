#!/usr/bin/env bash
# Throughput and latency of the hook server under wrk, on loopback: `tests/load/load.sh` from the repository root
# (needs `cargo build --release` and wrk). DURATION, CONNECTIONS and THREADS override the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
source tests/load/serve.sh
echo "server $URL ($("$BIN" --version)), wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
run() {
  echo
  echo "== $1 (sessions: $3)"
  COMMAND="$2" SESSIONS="$3" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s tests/load/request.lua "$URL" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
}
# One session: an agent repeating a command (the engine remembers the answer for an identical input).
run "git status, one session" "git status" 1
run "3-command chain, one session" "git status && ls src && pwd" 1
# A new session id on every request: every request is evaluated from scratch.
run "git status, distinct sessions" "git status" 1000000000
run "3-command chain, distinct sessions" "git status && ls src && pwd" 1000000000
