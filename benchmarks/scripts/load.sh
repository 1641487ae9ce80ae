#!/usr/bin/env bash
# HTTP load on loopback: both example jars (Jersey + Grizzly, RESTEasy + Undertow) and, for comparison, a Spring Boot
# resource server (benchmarks/spring-resource-server: the same /api/data with SCOPE_read, issuer discovery, the same
# audience and typ checks), each with /api/public (open) and /api/data (secured) hit with one reused token and with
# rotating distinct tokens, measured by wrk. The same tokens for all three, one server loaded at a time, scenarios
# interleaved over ROUNDS rounds; the median round is reported: this machine is noisy. Bounded: DURATION s a scenario.
# The DPoP scenario (our two runtimes only) sends one DPoP-bound token and a fresh ES256 proof per request: a proof
# is single use, so each run gets its own, sized from the rate the warm-up reached.
# Usage: [PROVIDER=jdk|accp|conscrypt|bc] [SPRING=0] [DPOP=0] [WARMUP=10] [SCENARIOS="public dpop"] benchmarks/scripts/load.sh [DURATION] [CONNECTIONS] [ROUNDS]
# PROVIDER is the examples' OAUTH_CRYPTO_PROVIDER: the JCA provider every signature is verified with. WARMUP is the
# seconds of load each path of each server gets before any round (Jersey's throughput keeps rising for about two
# minutes of load: WARMUP=40 gives it that over its paths).
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-20}
CONNECTIONS=${2:-32}
ROUNDS=${3:-3}
PROVIDER=${PROVIDER:-jdk}
SPRING=${SPRING:-1}
DPOP=${DPOP:-1}
WARMUP=${WARMUP:-10}
SCENARIOS=${SCENARIOS:-public same-token distinct-tokens dpop}
has() { case " $SCENARIOS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
if ! has dpop; then DPOP=0; fi
# a used proof is remembered for the proof lifetime plus twice the skew (241 s): the default bound of 100,000 would
# refuse new proofs (500) above about 400 DPoP requests a second, sustained (README, "Replay protection for a fleet")
REPLAY_SIZE=${REPLAY_SIZE:-3000000}
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
mkfifo "$WORK/as.in"
java -cp benchmarks/target/benchmarks.jar dev.jaxrsoauth.benchmarks.TokenServer "$WORK/tokens.txt" 10000 < "$WORK/as.in" > "$WORK/as.out" &
exec 3> "$WORK/as.in"
for _ in $(seq 1 120); do grep -q '^ISSUER=' "$WORK/as.out" 2>/dev/null && break; sleep 0.5; done
ISSUER=$(sed -n 's/^ISSUER=//p' "$WORK/as.out")
TOKEN=$(head -n 1 "$WORK/tokens.txt")
PROOF_FILES=0
proofs() { # htu, count: asks the token server for that many fresh proofs, waits for them, sets PROOFS_FILE
  PROOF_FILES=$((PROOF_FILES + 1))
  rm -f "$WORK"/proofs-*.txt
  PROOFS_FILE="$WORK/proofs-$PROOF_FILES.txt"
  echo "proofs $1 $2 $PROOFS_FILE" >&3
  for _ in $(seq 1 1200); do grep -qx "PROOFS $PROOFS_FILE" "$WORK/as.out" && return 0; sleep 0.25; done
  echo "no proofs from the token server" >&2
  exit 1
}

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
  JAXRS_OAUTH_DPOP_REPLAY_CACHE_SIZE=$REPLAY_SIZE java -jar jersey-example/target/jersey-example.jar
start resteasy $RESTEASY_PORT env PORT=$RESTEASY_PORT OAUTH_ISSUER="$ISSUER" OAUTH_AUDIENCE=api OAUTH_CRYPTO_PROVIDER="$PROVIDER" \
  JAXRS_OAUTH_DPOP_REPLAY_CACHE_SIZE=$REPLAY_SIZE java -jar resteasy-example/target/resteasy-example.jar
if [ "$SPRING" = 1 ]; then
  SERVERS="$SERVERS spring"
  start spring $SPRING_PORT java -jar benchmarks/spring-resource-server/target/spring-resource-server.jar \
    --server.port=$SPRING_PORT --server.address=127.0.0.1 --logging.level.root=WARN \
    --spring.security.oauth2.resourceserver.jwt.issuer-uri="$ISSUER" --spring.security.oauth2.resourceserver.jwt.audiences=api
fi
port() { case $1 in jersey) echo $JERSEY_PORT ;; resteasy) echo $RESTEASY_PORT ;; spring) echo $SPRING_PORT ;; esac; }

declare -A DPOP_RATE
dpop() { # server, seconds, then run's or wrk's name: one DPoP load of that length with enough fresh proofs
  local server=$1 seconds=$2 name=$3 base="http://127.0.0.1:$(port "$1")"
  # twice the best rate seen so far: a run that used up its proofs would count fast refusals (non-2xx) as requests
  local rate=${DPOP_RATE[$server]:-5000}
  proofs "$base/api/data" $(( rate * seconds * 2 + 2000 ))
  local out="$WORK/warm.txt"
  if [ "$name" = warm ]; then
    PROOFS_FILE="$PROOFS_FILE" DPOP_TOKEN_FILE="$WORK/tokens.txt.dpop" WRK_THREADS=2 \
      wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" -s benchmarks/scripts/dpop-proofs.lua "$base/api/data" > "$out"
  else
    out="$WORK/$name.txt"
    PROOFS_FILE="$PROOFS_FILE" DPOP_TOKEN_FILE="$WORK/tokens.txt.dpop" WRK_THREADS=2 \
      run "$name" -s benchmarks/scripts/dpop-proofs.lua "$base/api/data"
  fi
  local seen
  # answered requests a second, refusals left out: a run short of proofs answers fast refusals
  seen=$(awk -v s="$seconds" '/requests in/ {n = $1} /Non-2xx/ {bad = $5} END {printf "%d", (n - bad) / s + 1}' "$out")
  if [ "$seen" -gt "${DPOP_RATE[$server]:-0}" ]; then DPOP_RATE[$server]=$seen; fi
}

run() { # name, then wrk arguments; prints one line per round: name, requests/s, p50, p99, non-2xx, socket errors
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rps p50 p99 non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.txt")
  # "Socket errors: connect 0, read 0, write 0, timeout 12"
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99 ${non2xx:-0} ${errors:-0}"
}

# warm the JIT on every path of every server first, so that no scenario profits from running later
for server in $SERVERS; do
  base="http://127.0.0.1:$(port "$server")"
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" "$base/api/public" > /dev/null
  if has same-token || has distinct-tokens; then
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$base/api/data" > /dev/null
    TOKENS_FILE="$WORK/tokens.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s benchmarks/scripts/rotate-tokens.lua "$base/api/data" > /dev/null
  fi
  if [ "$DPOP" = 1 ] && [ "$server" != spring ]; then
    # the same filter code as the bearer paths, warm already: at most 20 s, so the proofs stay few and fresh
    dpop "$server" $(( WARMUP < 20 ? WARMUP : 20 )) warm
  fi
done
for _ in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    base="http://127.0.0.1:$(port "$server")"
    if has public; then run "$server-public" "$base/api/public"; fi
    if has same-token; then run "$server-same-token" -H "Authorization: Bearer $TOKEN" "$base/api/data"; fi
    if has distinct-tokens; then
      TOKENS_FILE="$WORK/tokens.txt" run "$server-distinct-tokens" -s benchmarks/scripts/rotate-tokens.lua "$base/api/data"
    fi
    if [ "$DPOP" = 1 ] && [ "$server" != spring ]; then
      dpop "$server" "$DURATION" "$server-dpop"
    fi
  done
done > "$WORK/rounds.txt"
# the median of each scenario's clean rounds (no non-2xx, no socket error), by requests/s; a scenario without one is
# reported as invalid
for server in $SERVERS; do
  for scenario in $SCENARIOS; do
    clean=$(awk -v n="$server-$scenario" '$1 == n && $5 == 0 && $6 == 0' "$WORK/rounds.txt" | sort -k2 -g)
    count=$(printf '%s' "$clean" | grep -c . || true)
    if [ "$count" -gt 0 ]; then
      printf '%s\n' "$clean" | awk -v r="$count" -v all="$ROUNDS" 'NR == int((r + 1) / 2) {print $0, r "/" all}'
    elif grep -q "^$server-$scenario " "$WORK/rounds.txt"; then
      echo "$server-$scenario invalid - - - - 0/$ROUNDS"
    fi
  done
done > "$WORK/results.txt"
rps() { awk -v n="$1" '$1 == n {print $2}' "$WORK/results.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

echo "| scenario | requests/s | p50 | p99 | clean rounds | ratio to the same server's /api/public | ratio to Spring's same scenario |"
echo "|---|---|---|---|---|---|---|"
while read -r name rps p50 p99 non2xx errors clean; do
  server=${name%%-*}
  scenario=${name#*-}
  spring=$( [ "$SPRING" = 1 ] && rps "spring-$scenario" || echo 0 )
  echo "| $name | $rps | $p50 | $p99 | $clean | $(ratio "$rps" "$(rps "$server-public")") | $(ratio "$rps" "$spring") |"
done < "$WORK/results.txt"
echo
echo "median of the clean rounds (no non-2xx answer, no socket error) of $ROUNDS interleaved rounds after ${WARMUP} s of warm-up per path; wrk -t2 -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -n 1), crypto provider $PROVIDER ($(grep -m1 'Signatures are verified by\|cannot load' "$WORK/jersey.out" || echo 'the JDK')); examples started with JAXRS_OAUTH_DPOP_REPLAY_CACHE_SIZE=$REPLAY_SIZE"
echo
echo "every round (name, requests/s, p50, p99, non-2xx, socket errors):"
sed 's/^/    /' "$WORK/rounds.txt"
