#!/usr/bin/env bash
# HTTP load on loopback: both example jars (Jersey + Grizzly, RESTEasy + Undertow) and, for comparison, a Spring Boot
# resource server (benchmarks/spring-resource-server: the same /api/data with SCOPE_read, issuer discovery, the same
# audience and typ checks), each with /api/public (open) and /api/data (secured) hit with one reused token and with
# rotating distinct tokens, measured by wrk. The same tokens for all three, one server loaded at a time, scenarios
# interleaved over ROUNDS rounds; the median round is reported: this machine is noisy. Bounded: DURATION s a scenario.
# Usage: [PROVIDER=jdk|accp|conscrypt|bc] [SPRING=0] benchmarks/scripts/load.sh [DURATION] [CONNECTIONS] [ROUNDS]
# PROVIDER is the examples' OAUTH_CRYPTO_PROVIDER: the JCA provider every signature is verified with.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
ROUNDS=${3:-3}
PROVIDER=${PROVIDER:-jdk}
SPRING=${SPRING:-1}
JERSEY_PORT=18181
RESTEASY_PORT=18182
SPRING_PORT=18183
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk from Debian's packages" >&2
  (apt-get update -qq && apt-get install -y -qq wrk) >&2
fi
mvn -B -q -DskipTests package -pl jersey-example,resteasy-example,benchmarks -am >&2
if [ "$SPRING" = 1 ]; then
  # a project of its own (Spring Boot's parent), never part of the reactor
  mvn -B -q -DskipTests package -f benchmarks/spring-resource-server/pom.xml >&2
fi

# more distinct tokens than the validated-token cache holds (2048), so that the rotating scenario verifies signatures
java -cp benchmarks/target/benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer "$WORK/tokens.txt" 10000 > "$WORK/as.out" &
for _ in $(seq 1 120); do grep -q '^ISSUER=' "$WORK/as.out" 2>/dev/null && break; sleep 0.5; done
ISSUER=$(sed -n 's/^ISSUER=//p' "$WORK/as.out")
TOKEN=$(head -n 1 "$WORK/tokens.txt")

start() { # name, port, then the command; waits until the secured endpoint answers 200
  local name=$1 port=$2; shift 2
  "$@" > "$WORK/$name.out" 2>&1 &
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/data" && return 0
    sleep 0.5
  done
  echo "$name does not answer 200 on /api/data; its output:" >&2
  tail -n 20 "$WORK/$name.out" >&2
  exit 1
}
SERVERS="jersey resteasy"
start jersey $JERSEY_PORT env PORT=$JERSEY_PORT OAUTH_ISSUER="$ISSUER" OAUTH_AUDIENCE=api OAUTH_CRYPTO_PROVIDER="$PROVIDER" \
  java -jar jersey-example/target/jersey-example.jar
start resteasy $RESTEASY_PORT env PORT=$RESTEASY_PORT OAUTH_ISSUER="$ISSUER" OAUTH_AUDIENCE=api OAUTH_CRYPTO_PROVIDER="$PROVIDER" \
  java -jar resteasy-example/target/resteasy-example.jar
if [ "$SPRING" = 1 ]; then
  SERVERS="$SERVERS spring"
  start spring $SPRING_PORT java -jar benchmarks/spring-resource-server/target/spring-resource-server.jar \
    --server.port=$SPRING_PORT --server.address=127.0.0.1 --logging.level.root=WARN \
    --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER" --spring.security.oauth2.resourceserver.jwt.audiences=api
fi
port() { case $1 in jersey) echo $JERSEY_PORT ;; resteasy) echo $RESTEASY_PORT ;; spring) echo $SPRING_PORT ;; esac; }

run() { # name, then wrk arguments; prints one line per round
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99 ${non2xx:-0}"
}

# warm the JIT on every path of every server first, so that no scenario profits from running later
for server in $SERVERS; do
  base="http://127.0.0.1:$(port "$server")"
  wrk -t2 -c"$CONNECTIONS" -d10s "$base/api/public" > /dev/null
  wrk -t2 -c"$CONNECTIONS" -d10s -H "Authorization: Bearer $TOKEN" "$base/api/data" > /dev/null
  TOKENS_FILE="$WORK/tokens.txt" wrk -t2 -c"$CONNECTIONS" -d10s -s benchmarks/scripts/rotate-tokens.lua "$base/api/data" > /dev/null
done
for _ in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    base="http://127.0.0.1:$(port "$server")"
    run "$server-public" "$base/api/public"
    run "$server-same-token" -H "Authorization: Bearer $TOKEN" "$base/api/data"
    TOKENS_FILE="$WORK/tokens.txt" run "$server-distinct-tokens" -s benchmarks/scripts/rotate-tokens.lua "$base/api/data"
  done
done > "$WORK/rounds.txt"
# the median round of each scenario, by requests/s
for server in $SERVERS; do
  for scenario in public same-token distinct-tokens; do
    awk -v n="$server-$scenario" '$1 == n' "$WORK/rounds.txt" | sort -k2 -g | awk -v r="$ROUNDS" 'NR == int((r + 1) / 2)'
  done
done > "$WORK/results.txt"
rps() { awk -v n="$1" '$1 == n {print $2}' "$WORK/results.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

echo "| scenario | requests/s | p50 | p99 | non-2xx | ratio to the same server's /api/public | ratio to Spring's same scenario |"
echo "|---|---|---|---|---|---|---|"
while read -r name rps p50 p99 non2xx; do
  server=${name%%-*}
  scenario=${name#*-}
  spring=$( [ "$SPRING" = 1 ] && rps "spring-$scenario" || echo 0 )
  echo "| $name | $rps | $p50 | $p99 | $non2xx | $(ratio "$rps" "$(rps "$server-public")") | $(ratio "$rps" "$spring") |"
done < "$WORK/results.txt"
echo
echo "median of $ROUNDS interleaved rounds; wrk -t2 -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -n 1), crypto provider $PROVIDER ($(grep -m1 'Signatures are verified by\|cannot load' "$WORK/jersey.out" || echo 'the JDK'))"
echo
echo "every round (name, requests/s, p50, p99, non-2xx):"
sed 's/^/    /' "$WORK/rounds.txt"
