#!/usr/bin/env bash
# Debian packages the portal needs to build (gettext for the translations, npm for the assets) and
# to write PDF briefings (Pango and a font for WeasyPrint).
# Installs them when run as root and missing (waiting for another apt to finish: apt_install.sh);
# otherwise says what to install.
set -euo pipefail
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# WeasyPrint (the PDF briefing) draws text with Pango; DejaVu is the font the briefing names.
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
exec "$(dirname "$0")/apt_install.sh" "${missing[@]}"
