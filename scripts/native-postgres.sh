#!/usr/bin/env bash
# Native PostgreSQL 17 + pgvector for integration tests and benchmarks.
#
# Provisions Debian 13 (trixie) packages postgresql-17 + postgresql-17-pgvector
# inside a debootstrap chroot (no Docker needed), runs the server on a loopback
# port, and prints a DATABASE_URL on stdout. Used by CI (.ci/run) and locally:
#
#   export DATABASE_URL="$(sudo bash scripts/native-postgres.sh start)"
#
# Usage: native-postgres.sh [start [--fresh] | stop | status | url]
#   start    (default) build the chroot if missing (~1-3 min, once per machine),
#            initdb if needed, start the server if not running, wait until it
#            accepts connections, print the DATABASE_URL (the only stdout line).
#            Idempotent. --fresh wipes the data directory (never the chroot)
#            and re-initialises the cluster.
#   stop     stop the server (pg_ctl stop -m fast); unmount /proc, /dev/shm in the chroot.
#   status   print "running pid=<pid> <url>" (exit 0) or "stopped" (exit 3).
#   url      print the DATABASE_URL only.
#
# Environment:
#   THREADLINE_PG_CHROOT     chroot dir (default /var/cache/threadline/pg17-trixie);
#                            cached between runs, never deleted by this script.
#   THREADLINE_PG_PORT       TCP port on 127.0.0.1 (default 54329).
#   THREADLINE_DEBIAN_MIRROR Debian mirror (default http://deb.debian.org/debian).
#
# TEST-ONLY server: trust auth on 127.0.0.1 (it listens on loopback only),
# synchronous_commit=off (fsync stays on, so a crash loses at most the last
# commits but never corrupts the cluster). Do not put data you care about in it.
#
# All progress/diagnostics go to stderr; stdout carries only the URL (start,
# url) or the status line (status).
set -euo pipefail
# sudo/su without a login shell may drop the sbin dirs (debootstrap, chroot, mount).
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

# Keep stdout for the single result line; everything else goes to stderr.
exec 3>&1 1>&2

DIR="${THREADLINE_PG_CHROOT:-/var/cache/threadline/pg17-trixie}"
DIR="${DIR%/}"
PORT="${THREADLINE_PG_PORT:-54329}"
MIRROR="${THREADLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=trixie
PG_MAJOR=17
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
# Paths below are inside the chroot.
PGDATA_IN=/var/lib/threadline-pg
SOCK_IN=/run/postgresql
LOG_IN=/var/log/postgresql/threadline-pg.log
DB_USER=threadline
DB_PASS=threadline
DB_NAME=threadline
MARKER="$DIR/.threadline-pg-chroot-complete"
URL="postgres://${DB_USER}:${DB_PASS}@127.0.0.1:${PORT}/${DB_NAME}"

CHROOT_BIN="$(command -v chroot || echo /usr/sbin/chroot)"

log() { printf '[native-postgres] %s\n' "$*" >&2; }
die() { printf '[native-postgres] error: %s\n' "$*" >&2; exit 1; }
out() { printf '%s\n' "$*" >&3; }

usage() {
  sed -n '10,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

require_root() {
  if [ "$(id -u)" -ne 0 ]; then
    die "needs root for chroot/debootstrap; run as root or set DATABASE_URL to an existing Postgres with pgvector"
  fi
}

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  die "THREADLINE_PG_PORT must be a TCP port number, got '$PORT'"
fi

# ---------------------------------------------------------------- helpers

# Mount points at or below $1 (deepest first), from /proc/self/mountinfo.
mounts_under() {
  local base="$1"
  awk -v p="$base" '{
      mp = $5; gsub(/\\040/, " ", mp)
      if (mp == p || index(mp, p "/") == 1) print mp
    }' /proc/self/mountinfo | sort -r
}

# Remove a directory tree, unmounting anything mounted inside it first and
# refusing to cross filesystems (a leftover /proc or /dev mount must never be
# recursed into).
safe_rmtree() {
  local d="$1" m
  [ -e "$d" ] || return 0
  d="$(realpath -- "$d")"
  case "$d" in /|/var|/var/cache|/usr|/etc|/home|/root) die "refusing to delete '$d'";; esac
  while IFS= read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done < <(mounts_under "$d")
  if [ -n "$(mounts_under "$d")" ]; then
    die "refusing to delete '$d': still has mounts: $(mounts_under "$d" | tr '\n' ' ')"
  fi
  rm -rf --one-file-system -- "$d"
}

chroot_ok() {
  [ -f "$MARKER" ] \
    && [ -x "$DIR$PG_BIN/postgres" ] \
    && [ -n "$(find "$DIR/usr/lib/postgresql/$PG_MAJOR/lib" -maxdepth 1 -name 'vector.so' 2>/dev/null)" ]
}

pg_ids() {
  local line
  line="$(grep '^postgres:' "$DIR/etc/passwd" || true)"
  [ -n "$line" ] || die "no postgres user in $DIR/etc/passwd; the chroot looks broken (move $DIR aside to rebuild)"
  PG_UID="$(cut -d: -f3 <<<"$line")"
  PG_GID="$(cut -d: -f4 <<<"$line")"
}

# Run a command inside the chroot as the chroot's postgres user, with a clean
# environment. Uses numeric ids (the host may have a different postgres uid)
# and coreutils chroot --userspec, so no su/runuser/PAM is needed inside.
in_pg() {
  env -i \
    PATH="$PG_BIN:/usr/local/bin:/usr/bin:/bin" \
    HOME=/var/lib/postgresql LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC \
    PGDATA="$PGDATA_IN" \
    "$CHROOT_BIN" --userspec="$PG_UID:$PG_GID" "$DIR" "$@"
}

# Run a command inside the chroot as root.
in_root() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    "$CHROOT_BIN" "$DIR" "$@"
}

psql_pg() { # psql as the postgres superuser over the unix socket
  in_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_IN" -p "$PORT" -U postgres "$@"
}

mount_proc() {
  mkdir -p "$DIR/proc"
  if ! mountpoint -q "$DIR/proc"; then
    mount -t proc proc "$DIR/proc" || die "could not mount /proc in $DIR (container without CAP_SYS_ADMIN?); set DATABASE_URL to an existing Postgres with pgvector"
  fi
}

# POSIX dynamic shared memory needs a tmpfs at /dev/shm; debootstrap only
# leaves an empty directory there. Mount a private tmpfs (not the host's) and
# fall back to dynamic_shared_memory_type=mmap (files in PGDATA) if we can't.
DSM_TYPE=mmap
mount_shm() {
  mkdir -p "$DIR/dev/shm"
  if mountpoint -q "$DIR/dev/shm" \
     || mount -t tmpfs -o mode=1777,nosuid,nodev,size=1g threadline-pg-shm "$DIR/dev/shm" 2>/dev/null; then
    DSM_TYPE=posix
  else
    log "warning: could not mount a tmpfs at $DIR/dev/shm; using dynamic_shared_memory_type=mmap"
    DSM_TYPE=mmap
  fi
}

umount_one() {
  if mountpoint -q "$1" 2>/dev/null; then
    umount "$1" 2>/dev/null || umount -l "$1" || log "warning: could not unmount $1"
  fi
}

umount_all() { umount_one "$DIR/dev/shm"; umount_one "$DIR/proc"; }

postmaster_pid() { # prints the pid if our postmaster is alive
  local f="$DIR$PGDATA_IN/postmaster.pid" pid
  [ -f "$f" ] || return 1
  pid="$(head -n1 "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -d "/proc/$pid" ] || return 1
  # Guard against pid reuse (e.g. after a reboot): the process must be the
  # chroot's postgres serving our data dir (cmdline is world-readable).
  case "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)" in
    *"$PG_BIN/postgres"*"$PGDATA_IN"*) ;;
    *) return 1 ;;
  esac
  echo "$pid"
}

is_running() { postmaster_pid >/dev/null; }

# True if $1 is a live process. A zombie counts as dead: in containers the
# reparented postmaster may linger unreaped after exiting.
pid_alive() {
  local st
  st="$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null || true)"
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

is_ready() { in_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1; }

take_lock() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$(dirname "$DIR")/.$(basename "$DIR").lock"
  if ! flock -n 9; then
    log "another native-postgres.sh run holds the lock; waiting (up to 15 min)..."
    flock -w 900 9 || die "timed out waiting for the lock on $DIR"
  fi
}

# ---------------------------------------------------------------- chroot

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return 0
  log "debootstrap not found; installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -q && apt-get install -y -q debootstrap; } >&2; then
    die "could not install debootstrap via apt-get (network/apt mirror?); fix apt or install debootstrap, or set DATABASE_URL to an existing Postgres with pgvector"
  fi
}

build_chroot() {
  ensure_debootstrap
  local parent tmp logf script="" started rc
  parent="$(dirname "$DIR")"
  mkdir -p "$parent"
  # We hold the lock, so any leftover temp dir is from an interrupted run.
  for tmp in "$DIR".tmp.*; do
    [ -e "$tmp" ] || continue
    log "removing leftover partial build $tmp"
    safe_rmtree "$tmp"
  done
  tmp="$DIR.tmp.$$"
  logf="$parent/$(basename "$DIR").debootstrap.log"
  # Old debootstrap without a trixie script: trixie is handled by the sid script.
  if [ ! -e "/usr/share/debootstrap/scripts/$SUITE" ] && [ -e /usr/share/debootstrap/scripts/sid ]; then
    script=/usr/share/debootstrap/scripts/sid
  fi
  BUILD_TMP="$tmp"
  trap 'rc=$?; if [ -n "${BUILD_TMP:-}" ]; then log "cleaning up partial build $BUILD_TMP"; safe_rmtree "$BUILD_TMP" || true; fi; exit $rc' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  log "building $SUITE chroot with postgresql-$PG_MAJOR + pgvector in $DIR (first run only, ~1-3 min); log: $logf"
  started=$SECONDS
  rc=0
  # shellcheck disable=SC2086
  debootstrap --variant=minbase --include="postgresql-$PG_MAJOR,postgresql-$PG_MAJOR-pgvector" \
    "$SUITE" "$tmp" "$MIRROR" $script >"$logf" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    tail -n 25 "$logf" | sed 's/^/  | /' >&2 || true
    die "debootstrap failed (exit $rc; network or mirror $MIRROR unreachable?); see $logf. Fix network/proxy or set THREADLINE_DEBIAN_MIRROR, then rerun; or set DATABASE_URL to an existing Postgres with pgvector"
  fi
  [ -x "$tmp$PG_BIN/postgres" ] || die "debootstrap finished but $PG_BIN/postgres is missing in the chroot; see $logf"
  # Trim: downloaded .debs are not needed any more.
  rm -f "$tmp"/var/cache/apt/archives/*.deb
  {
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) suite=$SUITE mirror=$MIRROR"
    in_root_tmp() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$CHROOT_BIN" "$tmp" "$@"; }
    # shellcheck disable=SC2016  # dpkg-query format, not shell
    in_root_tmp dpkg-query -W -f='${Package}=${Version}\n' \
      "postgresql-$PG_MAJOR" "postgresql-$PG_MAJOR-pgvector" 2>/dev/null || true
  } >"$tmp/.threadline-pg-chroot-complete"
  # Make sure nothing is left mounted inside before the rename.
  local m
  while IFS= read -r m; do [ -n "$m" ] && { umount "$m" 2>/dev/null || umount -l "$m" || true; }; done < <(mounts_under "$(realpath "$tmp")")
  if [ -d "$DIR" ] && [ -z "$(ls -A "$DIR")" ] && ! mountpoint -q "$DIR"; then
    rmdir "$DIR"
  fi
  mv -T -- "$tmp" "$DIR"
  BUILD_TMP=""
  trap - EXIT INT TERM
  log "chroot ready in $((SECONDS - started))s: $(tail -n +2 "$MARKER" | tr '\n' ' ')"
}

ensure_chroot() {
  if chroot_ok; then return 0; fi
  if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    die "$DIR exists but is not a complete chroot (no $(basename "$MARKER") or postgres/pgvector missing); move it aside (mv $DIR $DIR.broken) and rerun"
  fi
  build_chroot
  chroot_ok || die "chroot in $DIR is incomplete after the build"
}

# ---------------------------------------------------------------- cluster

write_conf() {
  # Regenerated on every (re)start so edits to this script / the port apply.
  cat >"$DIR$PGDATA_IN/threadline.conf" <<EOF
# Written by scripts/native-postgres.sh on every start; TEST-ONLY settings.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK_IN'
max_connections = 200
shared_buffers = 256MB
effective_cache_size = 1GB
work_mem = 16MB
maintenance_work_mem = 256MB
# posix when the script could mount a tmpfs at <chroot>/dev/shm, else mmap.
dynamic_shared_memory_type = $DSM_TYPE
# Durability traded for speed (test-only): commits may be lost on crash, but
# fsync stays on so the cluster itself is never corrupted.
synchronous_commit = off
max_wal_size = 2GB
checkpoint_timeout = 15min
jit = off
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  chown "$PG_UID:$PG_GID" "$DIR$PGDATA_IN/threadline.conf"
}

ensure_dirs() {
  in_root install -d -o postgres -g postgres -m 2775 "$SOCK_IN"
  in_root install -d -o postgres -g postgres -m 0755 "$(dirname "$LOG_IN")"
}

ensure_cluster() {
  if [ -f "$DIR$PGDATA_IN/PG_VERSION" ]; then
    local v; v="$(cat "$DIR$PGDATA_IN/PG_VERSION")"
    [ "$v" = "$PG_MAJOR" ] || die "data dir $DIR$PGDATA_IN is for PostgreSQL $v, not $PG_MAJOR; run: $0 start --fresh"
    return 0
  fi
  if [ -e "$DIR$PGDATA_IN" ]; then
    log "data dir $DIR$PGDATA_IN is incomplete (no PG_VERSION); re-initialising"
    safe_rmtree "$DIR$PGDATA_IN"
  fi
  log "initdb $PGDATA_IN (inside chroot)"
  in_root install -d -o postgres -g postgres -m 0700 "$PGDATA_IN"
  in_pg "$PG_BIN/initdb" -D "$PGDATA_IN" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust --no-instructions >&2 \
    || { safe_rmtree "$DIR$PGDATA_IN"; die "initdb failed (see output above)"; }
  echo "include_if_exists = 'threadline.conf'" >>"$DIR$PGDATA_IN/postgresql.conf"
}

start_server() {
  if is_running; then
    log "server already running (pid $(postmaster_pid))"
    return 0
  fi
  if is_ready; then
    die "port $PORT on 127.0.0.1 is already in use by another server; stop it or set THREADLINE_PG_PORT"
  fi
  write_conf
  log "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$PORT (log: $DIR$LOG_IN)"
  # The postmaster must not inherit our extra fds (the saved stdout on fd 3,
  # the lock on fd 9, or a CI runner's pipes), or callers doing
  # URL=$(... start) would hang and the lock would be held while it runs.
  if ! (
      for fd in "/proc/$BASHPID/fd/"*; do
        fd="${fd##*/}"
        if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-"; fi
      done
      exec </dev/null
      in_pg "$PG_BIN/pg_ctl" -D "$PGDATA_IN" -l "$LOG_IN" -w -t 120 start
    ) >&2; then
    tail -n 30 "$DIR$LOG_IN" 2>/dev/null | sed 's/^/  | /' >&2 || true
    die "pg_ctl start failed; see $DIR$LOG_IN"
  fi
}

wait_ready() {
  for _ in $(seq 1 120); do
    if is_ready; then return 0; fi
    sleep 0.5
  done
  tail -n 30 "$DIR$LOG_IN" 2>/dev/null | sed 's/^/  | /' >&2 || true
  die "server did not accept connections on 127.0.0.1:$PORT within 60s; see $DIR$LOG_IN"
}

ensure_role_db() {
  psql_pg -d postgres <<SQL >&2
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASS';
  ELSE
    ALTER ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASS';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME') \gexec
SQL
  local pgv vecv
  psql_pg -d "$DB_NAME" -c 'SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS vector' >&2 \
    || die "CREATE EXTENSION vector failed: pgvector is not usable in the chroot"
  pgv="$(psql_pg -d "$DB_NAME" -At -c 'SHOW server_version')"
  vecv="$(psql_pg -d "$DB_NAME" -At -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
  log "PostgreSQL $pgv, pgvector $vecv"
}

# ---------------------------------------------------------------- commands

cmd_start() {
  local fresh=0 a
  for a in "$@"; do
    case "$a" in
      --fresh) fresh=1 ;;
      *) die "unknown option for start: $a (usage: start [--fresh])" ;;
    esac
  done
  require_root
  take_lock
  ensure_chroot
  pg_ids
  mount_proc
  mount_shm
  ensure_dirs
  if [ "$fresh" -eq 1 ]; then
    if is_running; then stop_server; fi
    log "--fresh: wiping data dir $DIR$PGDATA_IN (chroot kept)"
    safe_rmtree "$DIR$PGDATA_IN"
  fi
  ensure_cluster
  start_server
  wait_ready
  ensure_role_db
  out "$URL"
}

stop_server() {
  local pid
  pid="$(postmaster_pid || true)"
  [ -n "$pid" ] || { log "server not running"; return 0; }
  log "stopping server (pid $pid)"
  if ! in_pg "$PG_BIN/pg_ctl" -D "$PGDATA_IN" -m fast -w -t 60 stop >&2; then
    log "pg_ctl stop failed; sending SIGINT (fast shutdown) to $pid"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do pid_alive "$pid" || break; sleep 1; done
    if pid_alive "$pid"; then
      log "still running; sending SIGQUIT (immediate shutdown) to $pid"
      kill -QUIT "$pid" 2>/dev/null || true
      sleep 2
    fi
  fi
  for _ in $(seq 1 20); do pid_alive "$pid" || return 0; sleep 0.25; done
  die "could not stop postmaster pid $pid"
}

cmd_stop() {
  require_root
  take_lock
  if [ ! -f "$DIR/etc/passwd" ]; then
    log "no chroot at $DIR; nothing to stop"
    return 0
  fi
  pg_ids
  stop_server
  umount_all
  log "stopped"
}

cmd_status() {
  local pid
  if [ "$(id -u)" -ne 0 ] && ! [ -r "$DIR$PGDATA_IN/postmaster.pid" ]; then
    # Non-root cannot read the 0700 data dir; fall back to probing the port.
    if (exec 5<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
      out "running pid=? $URL"
      return 0
    fi
    out "stopped"
    return 3
  fi
  pid="$(postmaster_pid 2>/dev/null || true)"
  if [ -n "$pid" ]; then
    out "running pid=$pid $URL"
    return 0
  fi
  out "stopped"
  return 3
}

cmd="${1:-start}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start) cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) out "$URL" ;;
  -h|--help|help) usage ;;
  *) log "unknown command '$cmd'"; usage ;;
esac
