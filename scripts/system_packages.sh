#!/usr/bin/env bash
# Debian packages the portal needs to build (gettext for the translations, npm for the assets).
# Installs them when run as root and missing (waiting for another apt to finish: apt_install.sh);
# otherwise says what to install.
set -euo pipefail
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
exec "$(dirname "$0")/apt_install.sh" "${missing[@]}"
