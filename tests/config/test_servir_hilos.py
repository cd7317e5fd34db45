"""`buzon servir --hilos N`: gunicorn's threaded worker (persistent connections); bad values are
refused in Spanish before anything starts."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.red import puerto_libre

BUZON = str(Path(sys.executable).with_name("buzon"))


def test_hilos_invalidos() -> None:
    with pytest.raises(CommandError, match="--hilos: debe ser al menos 1"):
        call_command("servir", "--hilos", "0")


def test_servir_con_hilos_mantiene_la_conexion(tmp_path: Path) -> None:
    entorno = {**os.environ, "BUZON_DATA_DIR": str(tmp_path)}
    entorno.pop("DATABASE_URL", None)
    # `buzon servir` refuses to start without an active seal (issue 11, 9).
    subprocess.run([BUZON, "migrate", "-v", "0"], env=entorno, check=True)
    subprocess.run([BUZON, "sello", "demostracion"], env=entorno, check=True, capture_output=True)
    puerto = puerto_libre()
    orden = [BUZON, "servir", "--puerto", str(puerto), "--trabajadores", "1", "--hilos", "2"]
    servidor = subprocess.Popen(
        orden, env=entorno, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        limite = time.monotonic() + 30
        while True:
            try:
                conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=5)
                conexion.connect()
                break
            except OSError:
                if time.monotonic() > limite or servidor.poll() is not None:
                    raise
                time.sleep(0.2)
        for _ in range(2):  # both on the same connection: the threaded worker keeps it open
            conexion.request("GET", "/api/v1/openapi.json")
            respuesta = conexion.getresponse()
            assert respuesta.status == 200
            assert b'"openapi"' in respuesta.read()
            assert (respuesta.getheader("Connection") or "").lower() != "close"
        conexion.close()
    finally:
        servidor.terminate()
        salida, _ = servidor.communicate(timeout=20)
    assert "gthread" in salida
