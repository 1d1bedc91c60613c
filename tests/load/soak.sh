#!/usr/bin/env bash
# Memory under sustained load: RSS after the first 10,000 requests and after about 1,000,000. One request in 20 comes
# from a session never seen before (so the session store fills past its bound and evicts, and the evaluation memo
# churns); the rest from one busy session. Loopback only, bounded in time: `tests/load/soak.sh` from the repository
# root (needs `cargo build --release` and wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/load/serve.sh
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
requests() { COMMAND="$1" NEW_SESSION_EVERY=20 wrk -t2 -c8 -d"$2" -s tests/load/request.lua "$URL" | awk '/requests in/ {print $1}'; }
first=$(requests "git status && ls src" 2s)
rss_first=$(rss)
total=$first
echo "after $total requests: RSS ${rss_first} KiB"
deadline=$((SECONDS + 900))
while [ "$total" -lt 1000000 ] && [ $SECONDS -lt $deadline ]; do
  total=$((total + $(requests "git status && ls src" 30s)))
  echo "after $total requests: RSS $(rss) KiB"
done
rss_last=$(rss)
echo "RSS growth: $(awk -v a="$rss_first" -v b="$rss_last" 'BEGIN { printf "%.1f%%", (b - a) * 100 / a }') over $total requests"
