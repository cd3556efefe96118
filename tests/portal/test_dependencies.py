"""Dependencies are pinned by lock files and checked for known vulnerabilities by `make test`.

The audit fails the build with the list when an advisory names a pinned version, and only says
SKIPPED (never fails) when the advisory data cannot be reached.
"""

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = PIN.match(line)
        assert match, f"{name}: not an exact pin: {line!r}"
        found[canonicalize_name(match.group(1))] = match.group(2)
    return found


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ["dependencies"]), ("requirements-dev.lock", ["dependencies", "dev"])],
)
def test_every_dependency_is_pinned_within_its_range(lock, groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"]] + (project["optional-dependencies"]["dev"] if "dev" in groups else [])
    locked = pins(lock)
    for spec in wanted:
        req = Requirement(spec)
        version = locked.get(canonicalize_name(req.name))
        assert version, f"{req.name} is not pinned in {lock}"
        assert req.specifier.contains(version, prereleases=True), (
            f"{lock}: {req.name}=={version} outside {req}"
        )
    assert "pytest" not in locked or lock == "requirements-dev.lock"  # the image carries no test tools


def test_the_venv_holds_exactly_the_locked_versions():
    """What the suite runs on is what the lock says (after an upgrade: make lock)."""
    wrong = {}
    for name, version in pins("requirements-dev.lock").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}


def test_install_uses_the_locks_and_test_runs_the_audit():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet -r requirements-dev.lock" in makefile
    assert re.search(r"^test:.*\n\tscripts/audit_deps\.sh$", makefile, re.M)
    assert "-r requirements.lock" in (ROOT / "Dockerfile").read_text()
    assert '["npm", "ci"' in (ROOT / "scripts" / "assets.py").read_text()
    assert (ROOT / "package-lock.json").exists()


def report(kind: str, content, tmp_path) -> tuple[int, str]:
    path = tmp_path / f"{kind}.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_report.py"), kind, str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.returncode, result.stdout


def test_a_known_python_vulnerability_fails_with_the_list(tmp_path):
    status, out = report(
        "pip",
        {
            "dependencies": [
                {"name": "django", "version": "5.2.0", "vulns": [
                    {"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": ["CVE-2025-0001"]}
                ]},
                {"name": "celery", "version": "5.7.0", "vulns": []},
            ]
        },
        tmp_path,
    )  # fmt: skip
    assert status == 1
    assert "FAILED Python" in out and "django 5.2.0: PYSEC-2025-1 (CVE-2025-0001); fixed in 5.2.1" in out


def test_unreachable_python_advisories_skip_without_failing(tmp_path):
    skipped = {
        "dependencies": [{"name": "amqp", "skip_reason": "Dependency not found and could not be audited"}]
    }
    status, out = report("pip", skipped, tmp_path)
    assert (status, out) == (
        0,
        "[audit] SKIPPED Python: no advisory data could be reached for the 1 pinned packages\n",
    )
    status, out = report("pip", "", tmp_path)
    assert status == 0 and "SKIPPED Python" in out
    status, out = report(
        "pip", {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]}, tmp_path
    )
    assert status == 0 and "OK Python: no known vulnerabilities in 1 pinned packages" in out


def test_npm_vulnerabilities_fail_and_an_unreachable_service_skips(tmp_path):
    found = {
        "vulnerabilities": {"htmx.org": {"severity": "high", "via": [{"title": "XSS in hx-on"}]}},
        "metadata": {"dependencies": {"total": 9}},
    }
    status, out = report("npm", found, tmp_path)
    assert status == 1 and "htmx.org (high): XSS in hx-on" in out
    status, out = report("npm", {"message": "405 Method Not Allowed", "error": {"summary": ""}}, tmp_path)
    assert status == 0 and "SKIPPED npm" in out
    status, out = report("npm", {"vulnerabilities": {}, "metadata": {"dependencies": {"total": 9}}}, tmp_path)
    assert status == 0 and "OK npm: no known vulnerabilities in 9 runtime packages" in out
