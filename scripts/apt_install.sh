#!/usr/bin/env bash
# Debian packages for `make`, installed as root without failing when another apt or dpkg is busy.
#
#   scripts/apt_install.sh PACKAGE...   wait for the package lock, then install what is missing
#   scripts/apt_install.sh --wait       only wait for the package lock
#
# On a fresh machine another apt-get, unattended-upgrades or a software centre often holds the
# dpkg/apt locks for a minute or two. This waits for them (up to APT_LOCK_TIMEOUT seconds, 300 by
# default), says what it waits for every 10 seconds, then goes on; past the limit it stops with a
# message saying which lock is held. apt-get is also told to wait (DPkg::Lock::Timeout), for the
# moment between this check and its own lock. Not root, or no apt-get: it says what to install.
set -euo pipefail

APT_LOCK_TIMEOUT=${APT_LOCK_TIMEOUT:-300}
APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock)

log() { printf '[apt] %s\n' "$*" >&2; }

# The first lock another process holds, with its holder ("PATH (pid N, COMMAND)"); nothing if free.
# apt and dpkg take POSIX locks (fcntl), which F_GETLK reports without taking them; flock(1)-style
# locks are tried with a non-blocking flock, released at once (apt does not see those).
lock_holder() {
  command -v python3 >/dev/null || return 0  # then apt-get's own DPkg::Lock::Timeout does the waiting
  python3 - "${APT_LOCKS[@]}" <<'PY'
import fcntl, os, struct, sys

FLOCK = "hhqqi4x"  # struct flock on Linux x86-64 / arm64: type, whence, start, len, pid
for path in sys.argv[1:]:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        continue
    try:
        query = struct.pack(FLOCK, fcntl.F_WRLCK, 0, 0, 0, 0)
        kind, _w, _s, _l, pid = struct.unpack(FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, query))
        if kind != fcntl.F_UNLCK:
            try:
                with open(f"/proc/{pid}/comm") as comm:
                    name = comm.read().strip()
            except OSError:
                name = "?"
            print(f"{path} (pid {pid}, {name})")
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(f"{path} (held with flock)")
            break
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
PY
}

wait_for_apt_lock() {
  local waited=0 holder
  holder=$(lock_holder)
  while [ -n "$holder" ]; do
    if [ "$waited" -ge "$APT_LOCK_TIMEOUT" ]; then
      log "gave up after ${waited} s: the package lock is still held: $holder."
      log "Let it finish (or stop it), then run make again."
      return 1
    fi
    if [ $((waited % 10)) -eq 0 ]; then
      log "another package manager is busy, waiting for its lock: $holder (${waited} s of at most ${APT_LOCK_TIMEOUT} s)"
    fi
    sleep 1
    waited=$((waited + 1))
    holder=$(lock_holder)
  done
  if [ "$waited" -gt 0 ]; then
    log "the package lock was released after ${waited} s: going on"
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "please install: $* (e.g. sudo apt-get install $*)"
    return 1
  fi
  wait_for_apt_lock
  local missing=() package
  for package in "$@"; do
    installed "$package" || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "already installed: $*"
    return 0
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  local options=(-qq -o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT")
  apt-get "${options[@]}" update >/dev/null
  wait_for_apt_lock
  apt-get "${options[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    "") echo "usage: $0 PACKAGE... | --wait" >&2; exit 2 ;;
    --wait) wait_for_apt_lock ;;
    *) apt_install "$@" ;;
  esac
fi
