#!/usr/bin/env bash
# The JDK AOT cache's training run (JEP 483/514): start the image's own server through its
# launcher with -XX:AOTCacheOutput, have one raw client connect, subscribe, publish and ping,
# then stop it with SIGTERM; the JVM writes the cache as it exits. A failure leaves no cache
# (never a half-trained one) and a non-zero exit, which the caller only warns about.
#
#   aot-train.sh IMAGE_DIR
set -euo pipefail

image=$1
cache=$image/lib/natsj.aot
work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    exec 3>&- 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
log() { echo "[natsj-aot] $*" >&2; }
fail() { log "$*"; [ -s "$work/server.log" ] && sed 's/^/[natsj-aot]   /' "$work/server.log" >&2; rm -f "$cache"; exit 1; }

rm -f "$cache"
NATSJ_JAVA_OPTS="-XX:AOTCacheOutput=$cache ${NATSJ_JAVA_OPTS:-}" \
    "$image/bin/nats" -a 127.0.0.1 -p -1 --ports_file_dir "$work" >"$work/server.log" 2>&1 &
pid=$!

# The port: from the ports file (as nats-server writes it) or from the "Listening" log line.
port=
deadline=$((SECONDS + 60))
while [ -z "$port" ]; do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" && rc=0 || rc=$?; pid=; fail "server exited ($rc) before listening"; }
    [ $SECONDS -lt $deadline ] || fail "server not listening after 60s"
    port=$(cat "$work"/*.ports 2>/dev/null | grep -o 'nats://[^"]*:[0-9]*' | head -1 | sed 's/.*://') || true
    [ -n "$port" ] || port=$(grep -o 'Listening for client connections on [^ ]*:[0-9]*' "$work/server.log" \
        | head -1 | sed 's/.*://') || true
    [ -n "$port" ] || sleep 0.1
done

exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
IFS= read -r -t 10 info <&3 || fail "no INFO from server"
case $info in INFO*) ;; *) fail "expected INFO, got: $info" ;; esac
{
    printf 'CONNECT {"verbose":false,"pedantic":false,"protocol":1,"headers":true}\r\n'
    printf 'SUB train.> 1\r\nSUB train.q q 2\r\n'
    for i in $(seq 1 200); do
        printf 'PUB train.a 5\r\nhello\r\nHPUB train.q 18 23\r\nNATS/1.0\r\nK: v\r\n\r\nhello\r\n'
    done
    printf 'UNSUB 2\r\nPING\r\n'
} >&3
got_pong=false
while IFS= read -r -t 10 line <&3; do
    case $line in PONG*) got_pong=true; break ;; -ERR*) fail "server said $line" ;; esac
done
$got_pong || fail "no PONG from server"
exec 3>&-

kill -TERM "$pid"
wait "$pid" && rc=0 || rc=$?
pid=
[ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || fail "server exited with $rc on SIGTERM"
[ -s "$cache" ] || fail "the JVM wrote no AOT cache"
log "AOT cache $(du -h "$cache" | cut -f1)"
