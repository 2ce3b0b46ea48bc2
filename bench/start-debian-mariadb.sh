#!/usr/bin/env bash
# Starts a Debian-packaged MariaDB as a realistic benchmark peer (a tuned server of its own, not the
# embedded one), then prints the --target options for run-import-benchmark.sh.
# Install it first: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server
#
#   bench/start-debian-mariadb.sh [PORT]      # default 3307; data in bench-data/mariadb-PORT (git-ignored)
# Stop it with: kill "$(cat bench-data/mariadb-PORT/pid)"
set -euo pipefail

port="${1:-3307}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/bench-data/mariadb-$port"

command -v mariadbd >/dev/null || PATH="$PATH:/usr/sbin"
if ! command -v mariadbd >/dev/null; then
  echo "mariadbd not found: apt-get install -y mariadb-server" >&2
  exit 1
fi

if [[ ! -d "$dir/data/mysql" ]]; then
  mkdir -p "$dir/data"
  mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log"
fi

nohup mariadbd --no-defaults --user=root --datadir="$dir/data" --port="$port" --bind-address=127.0.0.1 \
  --socket="$dir/sock" --pid-file="$dir/pid" --skip-name-resolve --max-allowed-packet=64M \
  --innodb-buffer-pool-size=1G --innodb-log-file-size=512M --innodb-flush-log-at-trx-commit=2 \
  --innodb-doublewrite=0 --skip-log-bin >"$dir/server.log" 2>&1 &

for _ in $(seq 1 50); do
  [[ -S "$dir/sock" ]] && break
  sleep 0.2
done
[[ -S "$dir/sock" ]] || { echo "server did not start, see $dir/server.log" >&2; exit 1; }
echo "--target 'jdbc:mysql://127.0.0.1:$port/?sslMode=DISABLED&allowPublicKeyRetrieval=true' --user root --password ''"
