"""`buzon servir` really serves the home page and the API docs (as the demo does)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.red import puerto_libre

BUZON = str(Path(sys.executable).with_name("buzon"))


def test_servir_con_sqlite_embebida(tmp_path: Path) -> None:
    entorno = {**os.environ, "BUZON_DATA_DIR": str(tmp_path)}
    entorno.pop("DATABASE_URL", None)
    subprocess.run([BUZON, "migrate", "-v", "0"], env=entorno, check=True)
    subprocess.run([BUZON, "demo"], env=entorno, check=True, capture_output=True)
    puerto = puerto_libre()
    servidor = subprocess.Popen(
        [BUZON, "servir", "--puerto", str(puerto), "--trabajadores", "1"],
        env=entorno,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{puerto}"
        limite = time.monotonic() + 30
        while True:
            try:
                inicio = urllib.request.urlopen(base + "/", timeout=2).read().decode()
                break
            except OSError:
                if time.monotonic() > limite or servidor.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "Buzón IMSS" in inicio
        docs = urllib.request.urlopen(base + "/api/v1/docs", timeout=5)
        assert docs.status == 200
        dias = (
            urllib.request.urlopen(base + "/api/v1/calendario/dias-inhabiles?anio=2026", timeout=5)
            .read()
            .decode()
        )
        assert "2026-04-02" in dias  # demo data: Jueves Santo
        for ruta in ("/static/portal/buzon.css", "/static/ninja/swagger-ui-bundle.js"):
            assert urllib.request.urlopen(base + ruta, timeout=5).status == 200
    finally:
        servidor.terminate()
        salida, _ = servidor.communicate(timeout=20)
    assert f"http://127.0.0.1:{puerto}/" in salida
