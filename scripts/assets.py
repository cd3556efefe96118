#!/usr/bin/env python3
"""Build build/vendor/ from the npm packages in package.json: nothing is loaded from a CDN.

Runs `npm ci` when node_modules is missing or older than package-lock.json, then copies the files
the portal serves. The GC Design System stylesheet imports its fonts from a CDN; here those
imports are replaced by the font files of @gcds-core/fonts, served locally.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "build" / "vendor"

COPIES = [
    ("bootstrap/dist/css/bootstrap.min.css", "bootstrap/css/bootstrap.min.css"),
    # The stylesheets name their source maps: the manifest storage needs them to exist.
    ("bootstrap/dist/css/bootstrap.min.css.map", "bootstrap/css/bootstrap.min.css.map"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js.map", "bootstrap/js/bootstrap.bundle.min.js.map"),
    ("bootstrap/dist/js/bootstrap.bundle.min.js", "bootstrap/js/bootstrap.bundle.min.js"),
    ("@gcds-core/components/dist/gcds", "gcds/gcds"),
    ("@gcds-core/fonts/fonts", "gcds/fonts"),
    ("chart.js/dist/chart.umd.min.js", "chartjs/chart.umd.min.js"),
    ("chart.js/dist/chart.umd.min.js.map", "chartjs/chart.umd.min.js.map"),
    ("htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"),
    ("axe-core/axe.min.js", "axe/axe.min.js"),
]

CDN_FONTS = re.compile(r"https://cdn\.design-system\.canada\.ca/@gcds-core/fonts@[^/]+/")


def npm_install() -> None:
    lock = ROOT / "package-lock.json"
    marker = NODE / ".package-lock.json"
    if marker.exists() and lock.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        sys.exit("npm is needed to install the front-end packages (Debian: apt-get install npm).")
    if not lock.exists():
        sys.exit(
            "package-lock.json is missing: the front-end packages are installed only as locked (npm ci)."
        )
    # Exactly the locked versions; the audit runs in `make test` (scripts/audit_deps.sh).
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def copy(src: str, dest: str) -> None:
    source, target = NODE / src, OUT / dest
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)


def local_gcds_css() -> None:
    """gcds.css with its Google Fonts import and CDN icon fonts pointed at local files."""
    css = (NODE / "@gcds-core/components/dist/gcds/gcds.css").read_text(encoding="utf-8")
    css = re.sub(r'@import url\("https://fonts\.googleapis\.com[^"]*"\);?', "", css)
    css = CDN_FONTS.sub("fonts/", css)
    fonts = '@import url("fonts/lato/gcds-lato.css");\n@import url("fonts/noto-sans/gcds-noto-sans.css");\n'
    if "https://" in css.replace("http://www.w3.org", ""):
        sys.exit("gcds.css still refers to a remote address: update scripts/assets.py")
    (OUT / "gcds" / "gcds.css").write_text(fonts + css, encoding="utf-8")


def local_font_paths() -> None:
    """The font packages' stylesheets say "path/to/file/": their files sit beside them."""
    for sheet in (OUT / "gcds" / "fonts").glob("*/*.css"):
        sheet.write_text(
            sheet.read_text(encoding="utf-8").replace("path/to/file/", "").replace("<path-to-file>/", ""),
            encoding="utf-8",
        )


def main() -> None:
    npm_install()
    for src, dest in COPIES:
        copy(src, dest)
    local_font_paths()
    local_gcds_css()
    print(f"Front-end assets ready in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
