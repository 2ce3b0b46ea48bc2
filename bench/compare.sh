#!/usr/bin/env bash
# End-to-end comparison on one Debian MariaDB server: the same sbtest rows imported by
#   lightning-load    this project's logical backend, LOAD DATA LOCAL INFILE streams (logical-load-data=on)
#   lightning-insert  this project's logical backend, multi-row INSERT statements (logical-load-data=off)
#   myloader          mydumper's loader (Debian package), on the same dump files
#   client-load       the mariadb client's LOAD DATA LOCAL INFILE of the same rows as tab-separated files,
#                     one client per file, the ceiling for any SQL-level loader
# all with the same number of threads, several runs each, medians reported.
#
#   bench/compare.sh [--runs 3] [--threads 2] [--size-mib 2100] [--port 3317] [--methods "lightning-load ..."]
#
# Needs: apt-get install -y mariadb-server mydumper (and /usr/bin/time: apt-get install -y time).
# The dump is generated once into bench-data/ (git-ignored) and reused. Environment: XMX (default 256m),
# SKIP_BUILD=1 to reuse the last build, LOAD_BATCH_BYTES to size LOAD streams.
set -euo pipefail

runs=3 threads=2 size=2100 port=3317
methods="lightning-load lightning-insert myloader client-load"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --size-mib) size="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --methods) methods="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bd="$root/bench-data"
data="$bd/sbtest-${size}mib-sql"
mkdir -p "$bd"
PATH="$PATH:/usr/sbin"
for tool in mariadbd mariadb myloader /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y mariadb-server mydumper time" >&2; exit 1; }
done

# --- build, in the reactor so that this tree's modules are used, not installed snapshots
cp_file="$bd/compare.classpath"
if [[ "${SKIP_BUILD:-0}" != 1 || ! -s "$cp_file" ]]; then
  mvn -o -q -B -pl lightning-bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$cp_file"
fi
# The jars are copied so that a rebuild while the comparison runs cannot change what it measures.
jars="$bd/compare-jars"
rm -rf "$jars"; mkdir -p "$jars"
classpath=""
for j in "$root/lightning-bench/target/lightning-bench-0.1.0-SNAPSHOT.jar" $(tr ':' ' ' <"$cp_file"); do
  cp "$j" "$jars/"; classpath="$classpath${classpath:+:}$jars/$(basename "$j")"
done
java_cmd=(java -Xmx"${XMX:-256m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath")

# --- data, generated once
if [[ ! -f "$data/bench-manifest.properties" ]]; then
  "${java_cmd[@]}" dev.lightning4j.bench.DumpGenerator --out "$data" --size-mib "$size" --tables 4
fi
expected_rows=$(sed -n 's/^rows=//p' "$data/bench-manifest.properties")
data_bytes=$(find "$data" -name '*.[0-9]*.sql' -printf '%s\n' | awk '{s+=$1} END {print s}')

# --- server
sock="$bd/mariadb-$port/sock"
if ! mariadb -S "$sock" -u root -e 'SELECT 1' >/dev/null 2>&1; then
  bench/start-debian-mariadb.sh "$port" >/dev/null
fi
server_pid=$(cat "$bd/mariadb-$port/pid")
sql() { mariadb -S "$sock" -u root -N -B -e "$1"; }
mariadb -S "$sock" -u root -e "SET GLOBAL local_infile = 1"
server_version=$(sql "SELECT VERSION()")

# --- myloader wants a mydumper directory: the same files plus a metadata file
mydir="$data-mydumper"
if [[ ! -f "$mydir/metadata" ]]; then
  mkdir -p "$mydir"
  for f in "$data"/*.sql; do ln -sf "$f" "$mydir/"; done
  printf 'Started dump at: -\nFinished dump at: -\n' >"$mydir/metadata"
fi

# --- the same rows as LOAD DATA text files, written by the server from a loaded copy
tsv="$data-tsv"
tables=$(ls "$data" | sed -n 's/^sbtest\.\(.*\)-schema\.sql$/\1/p')
drop_db() { sql "DROP DATABASE IF EXISTS sbtest"; }
create_schema() {
  mariadb -S "$sock" -u root <"$data/sbtest-schema-create.sql"
  for t in $tables; do mariadb -S "$sock" -u root sbtest <"$data/sbtest.$t-schema.sql"; done
}
# exported after the first import of a round (so no extra import is needed); client-load must come last
export_tsv() {
  [[ -f "$tsv/done" ]] && return
  rm -rf "$tsv"; mkdir -p "$tsv"; chmod 777 "$tsv"
  for t in $tables; do sql "SELECT * FROM sbtest.$t INTO OUTFILE '$tsv/$t.tsv'"; done
  touch "$tsv/done"
}

url="jdbc:mysql://127.0.0.1:$port/?sslMode=DISABLED"
# one client per file, as a user would load them
load_one() {
  mariadb -S "$sock" -u root --local-infile=1 sbtest -e "LOAD DATA LOCAL INFILE '$1' INTO TABLE $(basename "$1" .tsv)"
}
export -f load_one
export sock
run_method() { # $1 method, $2 log file
  case "$1" in
    lightning-load|lightning-insert)
      local mode=on; [[ "$1" == lightning-insert ]] && mode=off
      local extra=(); [[ -n "${LOAD_BATCH_BYTES:-}" ]] && extra=(--load-batch-bytes "$LOAD_BATCH_BYTES")
      drop_db
      /usr/bin/time -v -o "$2.time" "${java_cmd[@]}" dev.lightning4j.bench.ImportBenchmark --data "$data" \
        --target "$url" --user root --password '' --concurrency "$threads" --load-data "$mode" "${extra[@]}" >"$2" 2>&1 ;;
    myloader)
      drop_db
      /usr/bin/time -v -o "$2.time" myloader -d "$mydir" -t "$threads" -o -h 127.0.0.1 -P "$port" -u root >"$2" 2>&1 ;;
    client-load)
      drop_db; create_schema
      ls "$tsv"/*.tsv >"$2.files"
      /usr/bin/time -v -o "$2.time" xargs -P "$threads" -n 1 bash -c 'load_one "$0"' <"$2.files" >"$2" 2>&1 ;;
  esac
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
results="$bd/compare-$(date +%Y%m%d-%H%M%S).tsv"
printf 'method\trun\twall_s\tclient_cpu_s\tserver_cpu_s\tmax_rss_mib\tpeak_heap_mib\trows\tload1\n' >"$results"
echo "server $server_version on port $port; data $data ($((data_bytes / 1048576)) MiB, $expected_rows rows); threads $threads; runs $runs"
for run in $(seq 1 "$runs"); do
  for m in $methods; do
    log="$bd/compare-$m-$run.log"
    load1=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(cpu_ticks "$server_pid")
    start=$(date +%s.%N)
    run_method "$m" "$log" || { echo "$m run $run FAILED, see $log" >&2; continue; }
    end=$(date +%s.%N)
    s1=$(cpu_ticks "$server_pid")
    rows=0
    for t in $tables; do rows=$((rows + $(sql "SELECT COUNT(*) FROM sbtest.$t"))); done
    if [[ "$rows" == "$expected_rows" ]]; then
      [[ "$m" != client-load ]] && export_tsv
    else
      echo "$m run $run: $rows rows in the target, expected $expected_rows" >&2
    fi
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
    ccpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$log.time")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$log.time")
    heap=$(sed -n 's/^peak heap *\([0-9.]*\) MiB used after GC.*/\1/p' "$log")
    scpu=$(awk -v a="$s0" -v b="$s1" -v t="$(getconf CLK_TCK)" 'BEGIN {print (b - a) / t}')
    printf '%s\t%s\t%.1f\t%.1f\t%.1f\t%s\t%s\t%s\t%s\n' "$m" "$run" "$wall" "$ccpu" "$scpu" "$rss" "${heap:--}" "$rows" \
      "$load1" | tee -a "$results"
  done
done

echo
echo "medians ($results):"
python3 - "$results" "$data_bytes" "$threads" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
mib = int(sys.argv[2]) / 1048576
by = {}
for r in rows:
    by.setdefault(r['method'], []).append(r)
med = {}
print(f"{'method':18}{'wall s':>8}{'MiB/s':>8}{'rows/s':>11}{'cli cpu s':>10}{'srv cpu s':>10}{'rss MiB':>9}{'heap MiB':>9}")
for m, rs in by.items():
    w = statistics.median(float(r['wall_s']) for r in rs)
    med[m] = w
    n = int(rs[0]['rows'])
    heap = [float(r['peak_heap_mib']) for r in rs if r['peak_heap_mib'] not in ('', '-')]
    print(f"{m:18}{w:8.1f}{mib / w:8.1f}{n / w:11,.0f}"
          f"{statistics.median(float(r['client_cpu_s']) for r in rs):10.1f}"
          f"{statistics.median(float(r['server_cpu_s']) for r in rs):10.1f}"
          f"{max(int(r['max_rss_mib']) for r in rs):9d}{(max(heap) if heap else float('nan')):9.1f}")
print()
for a in ('lightning-load', 'lightning-insert'):
    for b in med:
        if a in med and b != a:
            print(f"{a} time / {b} time = {med[a] / med[b]:.2f}")
EOF
