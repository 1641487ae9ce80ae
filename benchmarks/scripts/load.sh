#!/usr/bin/env bash
# HTTP load on loopback: the Jersey example jar behind /api/public (open) and /api/data (secured), with one reused
# token and with rotating distinct tokens, measured by wrk in one run. Bounded: DURATION seconds per scenario.
# Scenarios are interleaved over ROUNDS rounds and the median is reported: this machine is noisy.
# Usage: [PROVIDER=jdk|accp|conscrypt|bc] benchmarks/scripts/load.sh [DURATION] [CONNECTIONS] [ROUNDS]
# PROVIDER is the example's OAUTH_CRYPTO_PROVIDER: the JCA provider every signature is verified with.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
ROUNDS=${3:-3}
PORT=${PORT:-18181}
PROVIDER=${PROVIDER:-jdk}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian's packages" >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >&2
fi
mvn -B -q -DskipTests package -pl jersey-example,benchmarks -am >&2

# more distinct tokens than the validated-token cache holds (2048), so that the rotating scenario verifies signatures
java -cp benchmarks/target/benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer "$WORK/tokens.txt" 10000 > "$WORK/as.out" &
for _ in $(seq 1 120); do grep -q '^ISSUER=' "$WORK/as.out" 2>/dev/null && break; sleep 0.5; done
ISSUER=$(sed -n 's/^ISSUER=//p' "$WORK/as.out")
PORT=$PORT OAUTH_ISSUER=$ISSUER OAUTH_AUDIENCE=api OAUTH_CRYPTO_PROVIDER=$PROVIDER java -jar jersey-example/target/jersey-example.jar > "$WORK/api.out" 2>&1 &
for _ in $(seq 1 120); do grep -q 'API listening' "$WORK/api.out" 2>/dev/null && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
TOKEN=$(head -n 1 "$WORK/tokens.txt")
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/data" || { echo "the secured endpoint does not answer 200" >&2; exit 1; }

run() { # name, then wrk arguments; prints one line per round
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $4}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99 ${non2xx:-0}"
}

# warm the JIT on every path first, so that no scenario profits from running later
wrk -t2 -c"$CONNECTIONS" -d10s "$BASE/api/public" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$BASE/api/data" > /dev/null
TOKENS_FILE="$WORK/tokens.txt" wrk -t2 -c"$CONNECTIONS" -d10s -s benchmarks/scripts/rotate-tokens.lua "$BASE/api/data" > /dev/null
for _ in $(seq 1 "$ROUNDS"); do
  run public "$BASE/api/public"
  run public-with-token-header -H "Authorization: Bearer $TOKEN" "$BASE/api/public"
  run secured-same-token -H "Authorization: Bearer $TOKEN" "$BASE/api/data"
  TOKENS_FILE="$WORK/tokens.txt" run secured-distinct-tokens -s benchmarks/scripts/rotate-tokens.lua "$BASE/api/data"
done > "$WORK/rounds.txt"
# the median round of each scenario, by requests/s
for name in public public-with-token-header secured-same-token secured-distinct-tokens; do
  awk -v n="$name" '$1 == n' "$WORK/rounds.txt" | sort -k2 -g | awk -v r="$ROUNDS" 'NR == int((r + 1) / 2)'
done > "$WORK/results.txt"

echo "| scenario | requests/s | p50 | p99 | non-2xx | ratio to /api/public | ratio to /api/public with the same header |"
echo "|---|---|---|---|---|---|---|"
BASELINE=$(awk '$1 == "public" {print $2}' "$WORK/results.txt")
HEADERED=$(awk '$1 == "public-with-token-header" {print $2}' "$WORK/results.txt")
while read -r name rps p50 p99 non2xx; do
  echo "| $name | $rps | $p50 | $p99 | $non2xx | $(awk -v a="$rps" -v b="$BASELINE" 'BEGIN {printf "%.2f", a / b}') | $(awk -v a="$rps" -v b="$HEADERED" 'BEGIN {printf "%.2f", a / b}') |"
done < "$WORK/results.txt"
echo
echo "median of $ROUNDS interleaved rounds; wrk -t2 -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -n 1), crypto provider $PROVIDER ($(grep -m1 'Signatures are verified by\|cannot load' "$WORK/api.out" || echo 'the JDK'))"
echo
echo "every round (name, requests/s, p50, p99, non-2xx):"
sed 's/^/    /' "$WORK/rounds.txt"
