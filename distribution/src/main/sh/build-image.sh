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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Keeps in RUNTIME/conf/security/java.security only the providers the JDK creates itself and
# whose module the runtime has, renumbered from 1.
trim_security_providers() {
    local file=$1/conf/security/java.security modules n=0 name keep
    modules=$(sed -n 's/^MODULES="\(.*\)"/ \1 /p' "$1/release")
    local out=$work/java.security
    while IFS= read -r line; do
        case $line in
            security.provider.[0-9]*=*)
                name=${line#*=}; keep=false
                case $name in
                    SUN|SunRsaSign|SunEC|SunJSSE|SunJCE) keep=true ;; # java.base
                    SunJGSS) case $modules in *" java.security.jgss "*) keep=true ;; esac ;;
                    SunSASL) case $modules in *" java.security.sasl "*) keep=true ;; esac ;;
                esac
                if $keep; then n=$((n + 1)); echo "security.provider.$n=$name"; fi
                ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <"$file" >"$out"
    cat "$out" >"$file"
}

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
    # The bench runs on the server's own modules: it needs no JDK module beyond them.
    ls "$bench"/natsj-bench-*.jar >/dev/null 2>&1 || die "no natsj-bench jar in $bench"
fi
start=$(date +%s)
rm -rf "$out"
mkdir -p "$out/bin" "$out/conf" "$out/lib"

# BouncyCastle is one 8 MB module of which natsj reaches a few hundred classes (Ed25519,
# bcrypt): the image links a copy with only those (../build/TrimmedModule.java), found on the
# module path before the original.
bc_jar=$(ls "$mods"/bcprov-*.jar 2>/dev/null | sed -n 1p) || true
if [ -n "$bc_jar" ]; then
    roots=("$mods"/natsj-*.jar)
    for p in ${chosen[@]+"${chosen[@]}"}; do roots+=("${plugin_jar[$p]}"); done
    "$JAVA_HOME/bin/java" "$here/../build/TrimmedModule.java" "$bc_jar" "$work/trimmed/$(basename "$bc_jar")" \
        "${roots[@]}" || die "could not trim $bc_jar"
    modpath=$work/trimmed:$modpath
fi

log "jlink --add-modules $add"
# No --bind-services: it would pull every JDK service provider in. bcprov is a signed jar: its
# signature only matters to JCE provider checks of Oracle JDKs, never here.
# NATSJ_JLINK_COMPRESS (default zip-6) trades class loading speed for a third of the image;
# classes in the AOT cache are not read from the image at all, so with the cache it costs nothing
# measurable. "none" turns it off.
compress=${NATSJ_JLINK_COMPRESS:-zip-6}
[ "$compress" != none ] || compress=
"$JAVA_HOME/bin/jlink" \
    --module-path "$modpath" \
    --add-modules "$add" \
    --strip-debug --no-header-files --no-man-pages \
    ${compress:+--compress "$compress"} \
    --ignore-signing-information \
    --output "$out/runtime" 2> >(grep -v 'signed modular JAR' >&2)

# The JDK's provider list names providers by name; a name that is not built in (XMLDSig,
# SunPCSC, ...) is looked up through ServiceLoader, which instantiates every provider it meets
# on the way. Only the built-in providers whose modules are in the image stay listed.
trim_security_providers "$out/runtime"

# The JDK's libjvm.so keeps its full symbol table (5 MB of its 30): strip (binutils) takes out
# what dynamic linking does not need. Only a crash report's native frames lose their names.
if command -v strip >/dev/null 2>&1; then
    find "$out/runtime/lib" -name '*.so' -exec strip --strip-unneeded {} +
else
    log "no strip (binutils): native libraries keep their symbol tables"
fi


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
trained=false
if [ "$aot" = true ]; then
    t=$(date +%s)
    if bash "$here/aot-train.sh" "$out" "$mods"; then
        log "AOT training took $(($(date +%s) - t))s"
        trained=true
    else
        log "WARNING: AOT training failed; the image works but starts slower"
    fi
fi
if ! $trained; then
    # Without the AOT cache the runtime gets a plain CDS archive of the JDK's own classes (a
    # stock JDK ships one, jlink does not), made with the launcher's -XX:+UseCompactObjectHeaders
    # so the JVM finds it (classes_coh.jsa). With the cache it would be 15 MB nobody reads.
    "$out/runtime/bin/java" -XX:+UseCompactObjectHeaders -Xshare:dump -Xlog:disable \
        || log "WARNING: no CDS archive for the runtime"
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
