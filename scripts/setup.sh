#!/usr/bin/env bash
# Installs everything Wijktafel needs on a fresh Debian machine, idempotently:
# system packages, a Python >= 3.12 virtual environment with the locked
# dependencies, front-end files from npm, static files and compiled messages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  chromium                      # Debian's Chromium, for looking at pages (bench/slow_phone.py)
  chromium-headless-shell       # the browser tests: Debian's Chromium in its headless build
  libsqlite3-dev                # pysqlite3 builds against the system SQLite
  libsqlite3-mod-spatialite     # SpatiaLite, the embedded spatial database
  gdal-bin libgeos-c1v5 libproj25  # GeoDjango
  gettext                       # compilemessages
  fonts-noto-core               # an open font for pages and PDFs
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint (report PDFs)
  poppler-utils sqlite3 build-essential
  wrk                           # bench/http.py's load generator
)

# Node.js and npm install the front-end files; Debian's packages serve when none is present.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

find_python() {
  # 3.12 first: requirements.lock is compiled for it (3.13 works too).
  local candidates=(python3.12 python3.13)
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  for v in "$root"/versions/3.12* "$root"/versions/3.13*; do
    [ -d "$v" ] && candidates+=("$v/bin/python3")
  done
  for c in "${candidates[@]}"; do
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c" || echo "$c"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(find_python) || { echo "Python 3.12 or newer is required (python3.12 / python3.13)." >&2; exit 1; }
  echo "==> Creating .venv with $PY"
  "$PY" -m venv .venv
fi
if ! cmp -s requirements.lock .venv/.installed-lock 2>/dev/null; then
  echo "==> Installing Python packages from requirements.lock"
  .venv/bin/python -m pip install -q --upgrade pip
  # pysqlite3 is built from source against Debian's SQLite, the one SpatiaLite is built for.
  .venv/bin/python -m pip install -q --require-hashes --no-deps --no-binary pysqlite3 -r requirements.lock
  cp requirements.lock .venv/.installed-lock
fi

if ! cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null; then
  echo "==> Installing front-end packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock
fi

echo "==> Preparing static files and translations"
.venv/bin/python manage.py vendor_static
if compgen -G "locale/*/LC_MESSAGES/*.po" >/dev/null; then
  .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
fi
.venv/bin/python manage.py collectstatic --noinput -v 0
