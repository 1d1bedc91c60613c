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
  echo "== $1 (sessions: $3, working directories: ${4:-1})"
  COMMAND="$2" SESSIONS="$3" DIRS="${4:-1}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
    -s tests/load/request.lua "$URL" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
}
# One session: an agent repeating a command (the engine remembers the answer for an identical input).
run "git status, one session" "git status" 1
run "3-command chain, one session" "git status && ls src && pwd" 1
# A new session id on every request: no built-in policy reads the session id, so sessions share answers.
run "git status, distinct sessions" "git status" 1000000000
run "3-command chain, distinct sessions" "git status && ls src && pwd" 1000000000
# A new working directory on every request: a policy input never seen before, evaluated from scratch.
run "git status, distinct directories" "git status" 1000000000 1000000000
run "3-command chain, distinct directories" "git status && ls src && pwd" 1000000000 1000000000
