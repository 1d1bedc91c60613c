# Sourced by the load scripts: starts a release server on a free loopback port and sets PID and URL.
BIN=${BIN:-target/release/agent-policies}
if [ ! -x "$BIN" ]; then
  echo "build the release binary first: cargo build --release" >&2
  exit 1
fi
LOG=$(mktemp)
"$BIN" serve --port 0 "$@" 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 1 300); do
  URL=$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -n 1 || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "the server did not start:" >&2; cat "$LOG" >&2; exit 1; }
