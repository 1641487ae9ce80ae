#!/usr/bin/env bash
# HTTP load on loopback: the Jersey example jar behind /api/public (open) and /api/data (secured), with one reused
# token and with rotating distinct tokens, measured by wrk in one run. Bounded: DURATION seconds per scenario.
# Usage: benchmarks/scripts/load.sh [DURATION] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
PORT=${PORT:-18181}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian's packages" >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >&2
fi
mvn -B -q -DskipTests package -pl jersey-example,benchmarks -am >&2

java -cp benchmarks/target/benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer "$WORK/tokens.txt" 2000 > "$WORK/as.out" &
for _ in $(seq 1 120); do grep -q '^ISSUER=' "$WORK/as.out" 2>/dev/null && break; sleep 0.5; done
ISSUER=$(sed -n 's/^ISSUER=//p' "$WORK/as.out")
PORT=$PORT OAUTH_ISSUER=$ISSUER OAUTH_AUDIENCE=api java -jar jersey-example/target/jersey-example.jar > "$WORK/api.out" 2>&1 &
for _ in $(seq 1 120); do grep -q 'API listening' "$WORK/api.out" 2>/dev/null && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
TOKEN=$(head -n 1 "$WORK/tokens.txt")
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/data" || { echo "the secured endpoint does not answer 200" >&2; exit 1; }

run() { # name, then wrk arguments
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d5s "$@" > /dev/null # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $4}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99 ${non2xx:-0}"
}

{
  run public "$BASE/api/public"
  run secured-same-token -H "Authorization: Bearer $TOKEN" "$BASE/api/data"
  TOKENS_FILE="$WORK/tokens.txt" run secured-distinct-tokens -s benchmarks/scripts/rotate-tokens.lua "$BASE/api/data"
} > "$WORK/results.txt"

echo "| scenario | requests/s | p50 | p99 | non-2xx | ratio to /api/public |"
echo "|---|---|---|---|---|---|"
BASELINE=$(awk '$1 == "public" {print $2}' "$WORK/results.txt")
while read -r name rps p50 p99 non2xx; do
  echo "| $name | $rps | $p50 | $p99 | $non2xx | $(awk -v a="$rps" -v b="$BASELINE" 'BEGIN {printf "%.2f", a / b}') |"
done < "$WORK/results.txt"
echo
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -n 1)"
