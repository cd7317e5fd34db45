# shellcheck shell=bash
# Creates or updates .venv/ at the repository root from the lock file, then installs `buzon`
# (the console command ends up in .venv/bin/buzon). Sourced by scripts/demo and scripts/test.
# Usage: entorno_preparar requirements.lock|requirements-dev.lock
set -euo pipefail

RAIZ="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$RAIZ/.venv"

entorno_preparar() {
    local lock="$RAIZ/$1"
    if ! python3 -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
        echo "buzon: se necesita Python 3.11 como python3 (hay $(python3 --version 2>&1))." >&2
        exit 1
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        if ! python3 -m venv "$VENV" 2>/dev/null; then
            # Debian ships venv separately.
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$VENV"
        fi
    fi
    local sello="$VENV/.instalado-$(basename "$lock")"
    local huella
    huella="$(cat "$lock" "$RAIZ/pyproject.toml" | sha256sum | cut -c1-64)"
    if [ ! -f "$sello" ] || [ "$(cat "$sello")" != "$huella" ]; then
        local bitacora
        bitacora="$(mktemp)"
        if ! { "$VENV/bin/python" -m pip install -q --require-hashes --no-deps -r "$lock" \
                && "$VENV/bin/python" -m pip install -q --no-deps -e "$RAIZ"; } >"$bitacora" 2>&1; then
            cat "$bitacora" >&2
            rm -f "$bitacora"
            echo "buzon: no se pudieron instalar las dependencias de $(basename "$lock")." >&2
            exit 1
        fi
        rm -f "$bitacora"
        rm -f "$VENV"/.instalado-*
        echo "$huella" > "$sello"
    fi
}
