#!/usr/bin/env python3
"""Read pip-audit's or npm audit's JSON report and decide: exit 1 with the list of known
vulnerabilities, or exit 0 with a clear line when there are none or when the advisory data could
not be reached (so an offline machine never fails the build for that alone).

    audit_report.py pip REPORT.json [STDERR.txt]
    audit_report.py npm REPORT.json [STDERR.txt]

Called by scripts/audit_deps.sh.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _load(path: str) -> object | None:
    try:
        return json.loads(Path(path).read_text() or "null")
    except (OSError, ValueError):
        return None


def _tail(path: str | None) -> str:
    if not path:
        return ""
    try:
        lines = [line for line in Path(path).read_text().splitlines() if line.strip()]
    except OSError:
        return ""
    return lines[-1][:200] if lines else ""


def pip_report(report: object, stderr: str) -> tuple[int, list[str]]:
    if not isinstance(report, dict) or not isinstance(report.get("dependencies"), list):
        return 0, [f"SKIPPED Python: pip-audit gave no report ({stderr or 'no output'})"]
    deps = report["dependencies"]
    audited = [d for d in deps if "skip_reason" not in d]
    found = [(d, v) for d in audited for v in d.get("vulns", [])]
    lines = []
    if found:
        lines.append(f"FAILED Python: {len(found)} known vulnerabilities in the pinned packages:")
        for dep, vuln in found:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"  {dep['name']} {dep.get('version', '?')}: {vuln.get('id')}"
                + (f" ({aliases})" if aliases else "")
                + f"; fixed in {fixes}"
            )
        lines.append("  Raise the pins (install the fixed versions, run the tests, make lock) and commit.")
        return 1, lines
    if not audited:
        return 0, [f"SKIPPED Python: no advisory data could be reached for the {len(deps)} pinned packages"]
    skipped = len(deps) - len(audited)
    note = f" ({skipped} could not be looked up)" if skipped else ""
    return 0, [f"OK Python: no known vulnerabilities in {len(audited)} pinned packages{note}"]


def npm_report(report: object, stderr: str) -> tuple[int, list[str]]:
    if not isinstance(report, dict):
        return 0, [f"SKIPPED npm: npm audit gave no report ({stderr or 'no output'})"]
    if "error" in report or "vulnerabilities" not in report:
        reason = report.get("message") or (report.get("error") or {}).get("summary") or stderr
        return 0, [f"SKIPPED npm: the advisory data could not be reached ({str(reason)[:200]})"]
    vulns = report["vulnerabilities"]
    if vulns:
        lines = [f"FAILED npm: {len(vulns)} packages with known vulnerabilities (runtime packages):"]
        for name, entry in sorted(vulns.items()):
            via = [v.get("title") or v.get("url") for v in entry.get("via", []) if isinstance(v, dict)]
            lines.append(
                f"  {name} ({entry.get('severity')}): {'; '.join(filter(None, via)) or 'see npm audit'}"
            )
        lines.append(
            "  Update package.json / package-lock.json (npm update NAME), rebuild the assets, commit."
        )
        return 1, lines
    total = (report.get("metadata") or {}).get("dependencies", {})
    count = total.get("total", "all") if isinstance(total, dict) else total
    return 0, [f"OK npm: no known vulnerabilities in {count} runtime packages"]


def main(argv: list[str]) -> int:
    kind, path = argv[1], argv[2]
    stderr = _tail(argv[3] if len(argv) > 3 else None)
    status, lines = (pip_report if kind == "pip" else npm_report)(_load(path), stderr)
    print("\n".join(f"[audit] {line}" for line in lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
