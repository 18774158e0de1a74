#!/usr/bin/env bash
# Builds a natsj image: a jlink runtime holding the kernel, its dependencies and the chosen
# plugins, the launchers, the sample config and (when training works) a JDK AOT cache.
#
# Used by distribution/pom.xml (package phase) and by bin/nats-image.
#
#   build-image.sh --mods DIR [--plugins all|tcp,tls,...] [--version V] -o OUT
#                  [--tarball FILE.tar.gz] [--link LINK] [--aot true|false] [--bench DIR]
#                  [--list-plugins]
#
# --plugins: "all", "none" or short names (plugins/transport-tcp is "tcp").
# --bench DIR: jars of the load generator (natsj-bench, jnats, HdrHistogram), shipped as
#   lib/bench and run on the class path by bin/nats-bench.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../../../.." && pwd -P)
dist_src=$root/distribution/src/main/image

mods= plugins=all version= out= tarball= link= aot=true list_only=false bench=
while [ $# -gt 0 ]; do
    case $1 in
        --mods) mods=$2; shift 2 ;;
        --plugins) plugins=$2; shift 2 ;;
        --version) version=$2; shift 2 ;;
        -o|--output) out=$2; shift 2 ;;
        --tarball) tarball=$2; shift 2 ;;
        --link) link=$2; shift 2 ;;
        --aot) aot=$2; shift 2 ;;
        --bench) bench=$2; shift 2 ;;
        --list-plugins) list_only=true; shift ;;
        *) echo "build-image: unknown argument $1" >&2; exit 2 ;;
    esac
done

log() { echo "[natsj-image] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

: "${JAVA_HOME:?JAVA_HOME must point at a JDK 25}"
[ -x "$JAVA_HOME/bin/jlink" ] || die "no jlink in JAVA_HOME=$JAVA_HOME"
[ -n "$mods" ] && [ -d "$mods" ] || die "module directory '$mods' missing: build first with ./mvnw -B -DskipTests package"
if [ -z "$version" ]; then
    kernel_jar=$(ls "$mods"/natsj-kernel-*.jar 2>/dev/null | sed -n 1p) || true
    [ -n "$kernel_jar" ] || die "no natsj-kernel jar in $mods"
    version=${kernel_jar##*/natsj-kernel-}; version=${version%.jar}
fi

module_name() { # the module a jar declares, e.g. io.natsj.transport.tcp
    "$JAVA_HOME/bin/jar" --describe-module --file "$1" | sed -n '1{s/@.*//;s/ .*//;p;}'
}

# Plugins are data: every plugins/<kind>-<name> directory is one, short name <name>. Its jar
# comes from the module directory (a distribution dependency) or from its own target/.
declare -A plugin_jar=() plugin_module=()
all_plugins=()
for d in "$root"/plugins/*/; do
    [ -f "$d/pom.xml" ] || continue
    dir=$(basename "$d"); short=${dir#*-}
    jar=$mods/natsj-$dir-$version.jar
    [ -f "$jar" ] || jar=$d/target/natsj-$dir-$version.jar
    all_plugins+=("$short")
    if [ -f "$jar" ]; then
        plugin_jar[$short]=$jar
        plugin_module[$short]=$(module_name "$jar")
    fi
done
if $list_only; then
    for p in "${all_plugins[@]}"; do
        echo "$p ${plugin_module[$p]:-(not built)}"
    done
    exit 0
fi

if [ "$plugins" = all ]; then
    chosen=("${all_plugins[@]}")
elif [ "$plugins" = none ]; then
    chosen=()
else
    IFS=, read -r -a chosen <<<"$plugins"
fi
modpath=$mods add=io.natsj.kernel
for p in ${chosen[@]+"${chosen[@]}"}; do
    [ -n "$p" ] || continue
    if [ -z "${plugin_jar[$p]:-}" ]; then
        case " ${all_plugins[*]} " in
            *" $p "*) die "plugin '$p' is not built yet: run ./mvnw -B -DskipTests package" ;;
            *) die "unknown plugin '$p'; known: ${all_plugins[*]}" ;;
        esac
    fi
    case ${plugin_jar[$p]} in "$mods"/*) ;; *) modpath=$modpath:${plugin_jar[$p]} ;; esac
    add=$add,${plugin_module[$p]}
done

[ -n "$out" ] || die "no output directory (-o)"
if [ -n "$bench" ]; then
    ls "$bench"/natsj-bench-*.jar >/dev/null 2>&1 || die "no natsj-bench jar in $bench"
    add=$add,java.net.http # the bench's only JDK module beyond the server's
fi
start=$(date +%s)
rm -rf "$out"
mkdir -p "$out/bin" "$out/conf" "$out/lib"
log "jlink --add-modules $add"
# No --bind-services: it would pull every JDK service provider in. bcprov is a signed jar: its
# signature only matters to JCE provider checks of Oracle JDKs, never here.
# NATSJ_JLINK_COMPRESS (e.g. zip-6) trades start time for a smaller image; default: none.
"$JAVA_HOME/bin/jlink" \
    --module-path "$modpath" \
    --add-modules "$add" \
    --strip-debug --no-header-files --no-man-pages \
    ${NATSJ_JLINK_COMPRESS:+--compress "$NATSJ_JLINK_COMPRESS"} \
    --ignore-signing-information \
    --output "$out/runtime" 2> >(grep -v 'signed modular JAR' >&2)

# The runtime's own CDS archive (a stock JDK ships one, jlink does not), made with the
# launcher's -XX:+UseCompactObjectHeaders so the JVM finds it (classes_coh.jsa). It is only
# the fallback when the AOT cache below is missing or cannot be used.
"$out/runtime/bin/java" -XX:+UseCompactObjectHeaders -Xshare:dump -Xlog:disable \
    || log "WARNING: no CDS archive for the runtime"

cp "$dist_src/bin/nats" "$out/bin/nats"
cp "$dist_src/bin/nats" "$out/bin/nats-server"
chmod 755 "$out/bin/nats" "$out/bin/nats-server"
if [ -f "$root/conf/nats.conf" ]; then
    cp "$root/conf/nats.conf" "$out/conf/nats.conf"
else
    echo "port: 4222" >"$out/conf/nats.conf"
fi
printf '%s\n' ${chosen[@]+"${chosen[@]}"} >"$out/lib/plugins"
if [ -n "$bench" ]; then
    mkdir -p "$out/lib/bench"
    cp "$bench"/*.jar "$out/lib/bench/"
    cp "$dist_src/bin/nats-bench" "$out/bin/nats-bench"
    chmod 755 "$out/bin/nats-bench"
fi

log "runtime linked in $(($(date +%s) - start))s"
if [ "$aot" = true ]; then
    t=$(date +%s)
    if bash "$here/aot-train.sh" "$out"; then
        log "AOT training took $(($(date +%s) - t))s"
    else
        log "WARNING: AOT training failed; the image works but starts slower"
    fi
fi

if [ -n "$tarball" ]; then
    base=$(basename "$out")
    tar -C "$(dirname "$out")" --transform "s|^$base|natsj-$version|" -czf "$tarball" "$base"
    log "tarball $tarball ($(du -h "$tarball" | cut -f1))"
fi
if [ -n "$link" ]; then
    target=$out
    # A relative link keeps working when the directory is moved or copied whole.
    [ "$(dirname "$out")" = "$(dirname "$link")" ] && target=$(basename "$out")
    ln -sfn "$target" "$link"
fi
log "image $out ($(du -sh "$out" | cut -f1), plugins: ${chosen[*]:-none}) in $(($(date +%s) - start))s"
