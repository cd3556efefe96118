#!/usr/bin/env bash
# Known vulnerabilities in the pinned dependencies: requirements-dev.lock (pip-audit) and the
# runtime packages of package-lock.json (npm audit --omit=dev). Run by `make test`.
#
# A vulnerability found fails the build with the list (fix: raise the pin, run the tests, commit).
# When the advisory data cannot be reached (no network, an index without advisories) or a tool
# is missing, it says SKIPPED and why, and does not fail: that alone never breaks the build.
# pip-audit runs from its own venv (var/tools/pip-audit, made on first use), so it never changes
# the portal's locked packages.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
TOOLS=${AUDIT_TOOLS_DIR:-var/tools/pip-audit}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0

if [ ! -x "$TOOLS/bin/pip-audit" ]; then
  mkdir -p "$(dirname "$TOOLS")"
  if ! { "$PYTHON" -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet pip-audit; } >"$WORK/install.log" 2>&1; then
    rm -rf "$TOOLS"
  fi
fi
if [ -x "$TOOLS/bin/pip-audit" ]; then
  timeout 300 "$TOOLS/bin/pip-audit" -r requirements-dev.lock --no-deps --disable-pip --format json \
    --progress-spinner off --timeout 15 >"$WORK/pip.json" 2>"$WORK/pip.err"
  "$PYTHON" scripts/audit_report.py pip "$WORK/pip.json" "$WORK/pip.err" || status=1
else
  echo "[audit] SKIPPED Python: pip-audit could not be installed ($(tail -n 1 "$WORK/install.log" 2>/dev/null))"
fi

if command -v npm >/dev/null; then
  timeout 120 npm audit --omit=dev --package-lock-only --json >"$WORK/npm.json" 2>"$WORK/npm.err"
  "$PYTHON" scripts/audit_report.py npm "$WORK/npm.json" "$WORK/npm.err" || status=1
else
  echo "[audit] SKIPPED npm: npm is not installed"
fi
exit $status
