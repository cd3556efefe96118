"""`make test` on a fresh machine: the package installer waits for another apt instead of failing,
and the service wrapper needs neither wrk nor docker-compose.

These hold the real dpkg lock (/var/lib/dpkg/lock-frontend) for a few seconds from another process,
so they run only as root on Debian; nothing is installed (the package asked for is already there).
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APT_INSTALL = ROOT / "scripts" / "apt_install.sh"
FRONTEND = Path("/var/lib/dpkg/lock-frontend")

as_root_on_debian = pytest.mark.skipif(
    os.geteuid() != 0 or not FRONTEND.exists() or not shutil.which("apt-get"),
    reason="holds the real dpkg lock: root on Debian only",
)

# Holds the lock as apt and dpkg do (a POSIX lock, fcntl), says so, keeps it SECONDS, then exits.
HOLD_LIKE_APT = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _holder(*command: str) -> subprocess.Popen:
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def release(holder: subprocess.Popen) -> None:
    """Ends the holder and anything it started (flock's shell), so the lock goes now."""
    if holder.poll() is None:
        os.killpg(holder.pid, signal.SIGTERM)
    holder.wait(timeout=10)


def hold_like_apt(seconds: float) -> subprocess.Popen:
    return _holder(sys.executable, "-c", HOLD_LIKE_APT, str(FRONTEND), str(seconds))


def hold_with_flock(seconds: float) -> subprocess.Popen:
    return _holder("flock", str(FRONTEND), "sh", "-c", f"echo held; sleep {seconds}")


def run(*args: str, timeout_s: int = 20, **env) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run(
        [str(APT_INSTALL), *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env={**os.environ, **env},
    )
    return result, time.monotonic() - start


@pytest.fixture(autouse=True)
def _lock_free_to_start():
    result, _ = run("--wait", APT_LOCK_TIMEOUT="0")
    if result.returncode != 0:
        pytest.skip(f"another package manager holds the lock right now: {result.stderr.strip()}")


@as_root_on_debian
def test_install_waits_for_apt_then_goes_on():
    holder = hold_like_apt(3)
    try:
        result, elapsed = run("coreutils", APT_LOCK_TIMEOUT="20")
    finally:
        release(holder)
    assert result.returncode == 0, result.stderr
    assert 2 <= elapsed < 15
    assert "waiting for its lock: /var/lib/dpkg/lock-frontend" in result.stderr
    assert f"pid {holder.pid}" in result.stderr  # says who holds it
    assert "released after" in result.stderr
    assert "already installed: coreutils" in result.stderr  # then did its work: nothing to install


@as_root_on_debian
def test_a_lock_taken_with_flock_is_waited_for_too():
    holder = hold_with_flock(2)
    try:
        result, elapsed = run("--wait", APT_LOCK_TIMEOUT="20")
    finally:
        release(holder)
    assert result.returncode == 0, result.stderr
    assert 1 <= elapsed < 15
    assert "released after" in result.stderr


@as_root_on_debian
def test_a_lock_held_past_the_limit_stops_with_a_clear_message():
    holder = hold_with_flock(4)
    try:
        result, elapsed = run("coreutils", APT_LOCK_TIMEOUT="1")
    finally:
        release(holder)
    assert result.returncode == 1
    assert elapsed < 4  # gave up at the limit, not when the lock went
    assert "gave up after 1 s" in result.stderr
    assert "/var/lib/dpkg/lock-frontend" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="as root the installer installs")
def test_not_root_says_what_to_install():
    result, _ = run("some-package")
    assert result.returncode == 1
    assert "sudo apt-get install some-package" in result.stderr


def _path_without(tmp_path: Path, *missing: str) -> str:
    """A PATH with every command of this machine except `missing`."""
    farm = tmp_path / "bin"
    farm.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = farm / entry.name
            if entry.name not in missing and not target.exists():
                target.symlink_to(entry.path)
    return str(farm)


@pytest.mark.integration  # starts PostgreSQL and Redis (about 10 s here): with `make test`
@as_root_on_debian
@pytest.mark.skipif(
    not shutil.which("redis-server") or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="needs PostgreSQL and Redis installed (make test installs them)",
)
def test_services_start_without_wrk_and_docker_compose(tmp_path):
    path = _path_without(tmp_path, "wrk", "docker-compose")
    result = subprocess.run(
        [
            str(ROOT / "scripts" / "with_services.sh"),
            "sh",
            "-c",
            'echo "$DATABASE_URL"; command -v wrk || true',
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PATH": path},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("postgres://portal@127.0.0.1:")
    assert "wrk" not in result.stdout  # really absent for the command
    assert "[apt]" not in result.stderr  # nothing to install, nothing asked for
