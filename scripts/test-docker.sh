#!/usr/bin/env bash
# npm run test:docker: the Docker image, end to end.
#
# Builds the image, runs it with a non-default PORT and a mounted data folder, waits for its
# HEALTHCHECK to report healthy, drives one real request per platform from the host
# (test-docker/drive.ts: zulip-js, sendbird-platform-sdk, nandbox-bot-api, fetch), writes a user
# through /__mock, stops the container with `docker stop`, starts a new one on the same folder and
# finds the user still there. Removes its containers and temp folders, also on failure; keeps the
# image (DOCKER_TEST_IMAGE, default chat-user-mock:test) and Docker's build cache.
#
# Engine: ../shared/tools/docker-standin is run when that file exists (it starts an engine and
# builds a stand-in base image where no registry is reachable); otherwise any Docker engine that
# `docker info` reaches. No engine: exit 3 with a message saying so.
# Network: an engine without a bridge network (the stand-in's) is used with --network host;
# otherwise the port is published on 127.0.0.1 (-p). DOCKER_TEST_NETWORK=host|publish overrides.
# Other settings: DOCKER_TEST_PORT (default: the first free port from 18080),
# DOCKER_TEST_REMOVE_IMAGE=1 (also remove the image at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

IMAGE="${DOCKER_TEST_IMAGE:-chat-user-mock:test}"
STANDIN="$ROOT/../shared/tools/docker-standin"
RUN_ID="chat-user-mock-docker-test-$$"
FIRST="$RUN_ID-1"
SECOND="$RUN_ID-2"
DATA=""
SCRATCH=""
CURRENT=""

now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then local t="${EPOCHREALTIME/[.,]/}"; echo $((10#$t / 1000)); else echo $(($(date +%s) * 1000)); fi
}
START_MS="$(now_ms)"
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }
say() { printf 'test:docker: %s\n' "$*"; }
fail() {
  printf 'test:docker: FAILED: %s\n' "$*" >&2
  if [ -n "$CURRENT" ] && docker inspect "$CURRENT" >/dev/null 2>&1; then
    printf -- '--- docker logs %s (last 40 lines) ---\n' "$CURRENT" >&2
    docker logs --tail 40 "$CURRENT" >&2 2>&1 || true
  fi
  exit 1
}
no_engine() {
  printf 'test:docker: NO DOCKER ENGINE: %s. The image was not tested.\n' "$*" >&2
  exit 3
}

cleanup() {
  local status=$?
  set +e
  for name in "$FIRST" "$SECOND"; do
    docker rm -f -v "$name" >/dev/null 2>&1
  done
  if [ -n "$DATA" ] && [ -d "$DATA" ]; then
    # The container's user (uid 1000) owns the database files; if this user may not delete them, let the image do it.
    rm -rf "$DATA" 2>/dev/null || {
      docker run --rm --network none --user 0 -v "$DATA:/data" --entrypoint sh "$IMAGE" -c 'rm -rf /data/* /data/.[!.]*' >/dev/null 2>&1
      rm -rf "$DATA"
    }
  fi
  [ -n "$SCRATCH" ] && rm -rf "$SCRATCH"
  if [ "${DOCKER_TEST_REMOVE_IMAGE:-0}" = 1 ]; then docker rmi "$IMAGE" >/dev/null 2>&1; fi
  [ "$status" -eq 0 ] || printf 'test:docker: cleaned up after the failure (exit %s)\n' "$status" >&2
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- engine ---------------------------------------------------------------------------------------
command -v node >/dev/null || fail "node is needed on the host to drive the container"
[ -x node_modules/.bin/tsx ] || fail "node_modules is missing: run npm ci first (the driver uses the devDependencies)"
if [ -f "$STANDIN" ]; then
  say "using $STANDIN (starts an engine, provides the base image)"
  bash "$STANDIN" Dockerfile || no_engine "$STANDIN failed"
fi
command -v docker >/dev/null 2>&1 || no_engine "the docker command is not installed"
docker info >/dev/null 2>&1 || no_engine "'docker info' cannot reach a Docker daemon ($(docker info 2>&1 | grep -im1 -E 'error|cannot' || true))"

NETWORK="${DOCKER_TEST_NETWORK:-}"
if [ -z "$NETWORK" ]; then
  if docker network inspect bridge >/dev/null 2>&1; then NETWORK=publish; else NETWORK=host; fi
fi
case "$NETWORK" in
  host) BUILD_NET=(--network host) ;;
  publish) BUILD_NET=() ;;
  *) fail "DOCKER_TEST_NETWORK must be host or publish, not '$NETWORK'" ;;
esac

PORT="${DOCKER_TEST_PORT:-$(node -e '
  const net = require("node:net");
  const tryPort = (p) => { if (p > 18999) process.exit(1); const s = net.createServer();
    s.once("error", () => tryPort(p + 1)); s.listen(p, "0.0.0.0", () => s.close(() => console.log(p))); };
  tryPort(18080);')}" || fail "no free port in 18080-18999"
[ "$PORT" != 8080 ] || fail "use a non-default port (DOCKER_TEST_PORT)"
URL="http://127.0.0.1:$PORT"
if [ "$NETWORK" = host ]; then RUN_NET=(--network host); else RUN_NET=(-p "127.0.0.1:$PORT:$PORT"); fi
say "engine $(docker version --format '{{.Server.Version}}' 2>/dev/null), network: $NETWORK, port $PORT, image $IMAGE"

# ---- build ----------------------------------------------------------------------------------------
t0="$(now_ms)"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/chat-user-mock-docker-test.XXXXXX")"
OLD_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
say "building $IMAGE (a few minutes when the dependencies changed: better-sqlite3 compiles from source)"
docker build "${BUILD_NET[@]}" -t "$IMAGE" . >"$SCRATCH/build.log" 2>&1 || {
  tail -40 "$SCRATCH/build.log" >&2
  fail "docker build failed (last 40 lines above)"
}
BUILD_MS=$(($(now_ms) - t0))
# Repeated runs must not pile up images: drop the image this build replaced and, with the legacy
# builder, every superseded build stage but the newest (kept as cache; BuildKit keeps none).
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$OLD_ID" >/dev/null 2>&1 || true
fi
docker images -q --filter dangling=true --filter label=chat-user-mock.stage=build | tail -n +2 | while read -r id; do
  docker rmi "$id" >/dev/null 2>&1 || true
done
IMAGE_BYTES="$(docker image inspect -f '{{.Size}}' "$IMAGE")"
BASE_BYTES="$(docker image inspect -f '{{.Size}}' node:22-bookworm-slim 2>/dev/null || echo 0)"
say "built $IMAGE in $(secs "$BUILD_MS"): $((IMAGE_BYTES / 1000000)) MB, $(((IMAGE_BYTES - BASE_BYTES) / 1000000)) MB above node:22-bookworm-slim"
[ "$(docker image inspect -f '{{.Config.User}}' "$IMAGE")" = node ] || fail "the image does not run as the 'node' user"
[ -n "$(docker image inspect -f '{{if .Config.Healthcheck}}yes{{end}}' "$IMAGE")" ] || fail "the image has no HEALTHCHECK"

# ---- helpers --------------------------------------------------------------------------------------
DATA="$(mktemp -d "${TMPDIR:-/tmp}/chat-user-mock-docker-data.XXXXXX")"
chmod 0777 "$DATA" # the container runs as uid 1000, whoever runs this test

start_container() { # name
  CURRENT="$1"
  docker run -d --name "$1" "${RUN_NET[@]}" -e PORT="$PORT" -e LOG_LEVEL=info -v "$DATA:/data" "$IMAGE" >/dev/null ||
    fail "docker run $1 failed"
}

wait_healthy() { # name -> HEALTHY_MS (from docker run's start to the healthcheck's first success)
  local deadline=$(($(now_ms) + 90000)) state
  while :; do
    state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1")" || fail "container $1 vanished"
    case "$state" in
      "running healthy") break ;;
      "running starting") ;;
      *) fail "container $1 is '$state' instead of becoming healthy" ;;
    esac
    [ "$(now_ms)" -lt "$deadline" ] || fail "container $1 not healthy within 90 s"
    sleep 0.2
  done
  HEALTHY_MS="$(docker inspect -f '{{json .State}}' "$1" | node -e '
    const state = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    const ok = state.Health.Log.find((probe) => probe.ExitCode === 0);
    console.log(Date.parse(ok.End) - Date.parse(state.StartedAt));')"
}

check_logs() { # name checks...: stdout only JSON lines, stderr empty, the named lines present
  local name="$1" started out
  shift
  started="$(docker inspect -f '{{.State.StartedAt}}' "$name")"
  out="$(docker logs "$name" 2>"$SCRATCH/stderr.log" | STARTED_AT="$started" node test-docker/check-logs.mjs "$SCRATCH/stderr.log" "$@")" ||
    fail "the logs of $name are not as expected"
  say "logs of $name: $out"
}

stop_container() { # name -> STOP_MS
  local t
  t="$(now_ms)"
  docker stop -t 10 "$1" >/dev/null || fail "docker stop $1 failed"
  STOP_MS=$(($(now_ms) - t))
  local code
  code="$(docker inspect -f '{{.State.ExitCode}}' "$1")"
  [ "$code" = 0 ] || fail "$1 exited with $code after docker stop (0 expected: a graceful close)"
  [ "$STOP_MS" -lt 5000 ] || fail "docker stop $1 took $(secs "$STOP_MS") (more than 5 s of its 10 s grace)"
}

drive() { # phase
  node_modules/.bin/tsx test-docker/drive.ts "$1" "$URL" || fail "the $1 drive against $URL failed"
}

# ---- first container: one request per platform, a user written --------------------------------
start_container "$FIRST"
wait_healthy "$FIRST"
HEALTHY1_MS="$HEALTHY_MS"
say "$FIRST healthy $(secs "$HEALTHY1_MS") after start"
[ "$(docker exec "$FIRST" id -u)" != 0 ] || fail "the server runs as root"
drive first
[ -f "$DATA/chat-user-mock.sqlite" ] || fail "no chat-user-mock.sqlite in the mounted data folder"
stop_container "$FIRST"
STOP1_MS="$STOP_MS"
say "docker stop $FIRST: $(secs "$STOP1_MS"), exit code 0"
check_logs "$FIRST" banner request shutdown

# ---- second container on the same data folder: the user is still there -------------------------
start_container "$SECOND"
wait_healthy "$SECOND"
HEALTHY2_MS="$HEALTHY_MS"
say "$SECOND healthy $(secs "$HEALTHY2_MS") after start, on the same data folder"
drive second
stop_container "$SECOND"
STOP2_MS="$STOP_MS"
check_logs "$SECOND" banner request shutdown
CURRENT=""

say "passed in $(secs $(($(now_ms) - START_MS))): build $(secs "$BUILD_MS"), healthy $(secs "$HEALTHY1_MS") / $(secs "$HEALTHY2_MS"), docker stop $(secs "$STOP1_MS") / $(secs "$STOP2_MS")"
