#!/usr/bin/env bash
# Run a command against throwaway PostgreSQL, Redis and SMTP servers on free loopback ports.
#
#   scripts/with_services.sh COMMAND [ARGS...]
#
# Installs what is missing when run as root on Debian (PostgreSQL server, Redis, Chromium,
# gettext; waiting for another apt to finish, see apt_install.sh), starts both servers in a
# temporary folder, exports DATABASE_URL and REDIS_URL for the command, and stops both servers and
# removes the folder when the command ends, also on failure. wrk (make bench) and docker-compose
# (the compose check) are not needed here: bench installs wrk itself, `make test` docker-compose.
# PostgreSQL refuses to run as root, so as root it runs as the `postgres` user on a folder it owns.
set -euo pipefail

log() { printf '[services] %s\n' "$*" >&2; }

apt_missing=()
need() { command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2"); }
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

need redis-server redis-server
need msgfmt gettext
need chromium chromium
need nginx nginx-light   # `nginx -t` on deploy/nginx.conf (tests/portal/test_deployment.py)
need openssl openssl
[ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/initdb" ] || apt_missing+=(postgresql)
if [ ${#apt_missing[@]} -gt 0 ]; then
  "$(dirname "$0")/apt_install.sh" "${apt_missing[@]}"
fi
BIN=$(pg_bindir)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

WORK=$(mktemp -d /tmp/pnt-services.XXXXXX)
chmod 755 "$WORK"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  as_pg=(runuser -u postgres --)
fi

cleanup() {
  local status=$?
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  [ -f "$WORK/smtp.pid" ] && kill "$(cat "$WORK/smtp.pid")" 2>/dev/null || true
  if [ -f "$WORK/pg/postmaster.pid" ]; then
    "${as_pg[@]}" "$BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  log "stopped PostgreSQL, Redis and the SMTP server"
  exit $status
}
trap cleanup EXIT INT TERM

mkdir -p "$WORK/pg" "$WORK/run"
[ ${#as_pg[@]} -gt 0 ] && chown -R postgres "$WORK/pg" "$WORK/run"
"${as_pg[@]}" "$BIN/initdb" -D "$WORK/pg" -U portal --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/run/pg.log" -w -o \
  "-p $PG_PORT -k $WORK/run -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
"$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U portal portal
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
log "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT"

# A real SMTP server (aiosmtpd, a dev dependency) that keeps every message it receives in a maildir:
# the suite's Celery worker sends the portal's e-mails through it and the tests read them there.
SMTP_PORT=$(free_port)
SMTP_PYTHON="${PORTAL_PYTHON:-$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/python}"
mkdir -p "$WORK/mail"
"$SMTP_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail" \
  >"$WORK/smtp.log" 2>&1 &
echo $! >"$WORK/smtp.pid"
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $SMTP_PORT), 0.2).close()" 2>/dev/null && break
  sleep 0.1
done
log "SMTP (aiosmtpd) on 127.0.0.1:$SMTP_PORT, messages in $WORK/mail"

export DATABASE_URL="postgres://portal@127.0.0.1:$PG_PORT/portal"
export EMAIL_HOST=127.0.0.1
export EMAIL_PORT="$SMTP_PORT"
export PORTAL_MAILDIR="$WORK/mail"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export PORTAL_SERVICES_DIR="$WORK"
set +e
"$@"
status=$?
set -e
exit $status
