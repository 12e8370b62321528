#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 in a temporary directory on a free port and
# prints its URL. Used by .ci/run and by developers:
#   export SILKBRIDGE_TEST_POSTGRES_URL=$(.ci/postgres.sh)
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
if [[ ! -x $bin/initdb ]]; then
  echo "installing postgresql (initdb not found in $bin)" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15 >&2
fi
dir=$(mktemp -d /tmp/silkbridge-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
run=()
if [[ $(id -u) == 0 ]]; then
  # initdb refuses to run as root; use the postgres account the package creates.
  id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
  chown postgres "$dir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -U silkbridge --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >&2 \
  || { cat "$dir/server.log" >&2; exit 1; }
"$bin/createdb" -h 127.0.0.1 -p "$port" -U silkbridge silkbridge_test >&2
echo "postgres://silkbridge@127.0.0.1:$port/silkbridge_test?sslmode=disable"
