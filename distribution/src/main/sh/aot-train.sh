#!/usr/bin/env bash
# The JDK AOT cache's training run (JEP 483/514/515): ../build/AotTraining.java starts the
# image's own server with every plugin the image has switched on, drives each plugin's path as
# a client would, and stops it with SIGTERM; the JVM writes IMAGE_DIR/lib/natsj.aot as it exits.
# A failure leaves no cache and a non-zero exit, which the caller only warns about.
#
#   aot-train.sh IMAGE_DIR MODS_DIR
#
# Runs on the build JDK (JAVA_HOME): the client side needs the natsj-nkeys and bcprov jars of
# MODS_DIR, and the TLS certificates of the tests (tests/src/test/resources/certs).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/../../../.." && pwd -P)
image=$1 mods=$2
cp=$(ls "$mods"/natsj-nkeys-*.jar | sed -n 1p):$(ls "$mods"/bcprov-*.jar | sed -n 1p)
exec "${JAVA_HOME:?}/bin/java" -cp "$cp" "$here/../build/AotTraining.java" \
    "$image" "$root/tests/src/test/resources/certs"
