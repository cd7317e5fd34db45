"""`.venv/bin/buzon padron importar` as integrators run it: own data dir, SQLite, exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.padron.ayudas import RFC_AMP, RFC_ENE, escribir, fila

BUZON = str(Path(sys.executable).with_name("buzon"))


@pytest.fixture(scope="module")
def instalacion(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    carpeta = tmp_path_factory.mktemp("instalacion")
    entorno = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    entorno |= {"BUZON_DATA_DIR": str(carpeta), "DJANGO_SETTINGS_MODULE": "buzon.config.settings"}
    subprocess.run([BUZON, "migrate", "-v", "0"], env=entorno, check=True, timeout=300)
    return entorno


def correr(entorno: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BUZON, "padron", "importar", *args],
        env=entorno,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_importar_desde_la_linea_de_comandos(instalacion: dict[str, str], tmp_path: Path) -> None:
    filas = [
        fila(),
        fila(
            rfc=RFC_AMP,
            nombre="A&B",
            registro="B0000000001",
            entidad="NLE",
            subdelegacion="Monterrey",
            zona="America/Monterrey",
        ),
        fila(registro="B0000000001"),  # same registro, another RFC in the same file
        fila(zona="Europe/Madrid", registro="Y5412345100"),
    ]
    ruta = escribir(tmp_path, filas, bom=True)
    proceso = correr(instalacion, str(ruta))
    assert proceso.returncode == 1, proceso.stderr
    resumen = json.loads(proceso.stdout)
    assert resumen["filas_leidas"] == 4 and resumen["filas_con_error"] == 3
    assert resumen["patrones_creados"] == 1 and resumen["registros_creados"] == 1
    errores = proceso.stderr.splitlines()
    assert errores[0].startswith("línea 3, columna «registro_patronal»: el registro patronal ")
    assert errores[1].startswith("línea 4, columna «registro_patronal»")
    assert errores[2].startswith("línea 5, columna «zona_horaria»: «Europe/Madrid» no es una")
    assert "3 de 4 filas tienen errores" in errores[3]
    base = sqlite3.connect(Path(instalacion["BUZON_DATA_DIR"]) / "buzon.sqlite3")
    try:
        assert base.execute(
            "SELECT r.registro, p.rfc, p.zona_horaria FROM padron_registropatronal r "
            "JOIN padron_patron p ON p.id = r.patron_id"
        ).fetchall() == [("Y5412345108", RFC_ENE, "America/Mexico_City")]
    finally:
        base.close()

    # Corrected file: exit 0, and the row already stored is not rewritten.
    filas[2] = fila(registro="Y5412345110")
    filas[3] = fila(registro="Y5412345100")
    proceso = correr(instalacion, str(escribir(tmp_path, filas)), "--lote", "1")
    assert (proceso.returncode, proceso.stderr) == (0, "")
    resumen = json.loads(proceso.stdout)
    assert (resumen["patrones_creados"], resumen["registros_creados"]) == (1, 3)


def test_archivo_no_utf8_sale_con_2(instalacion: dict[str, str], tmp_path: Path) -> None:
    ruta = tmp_path / "latin1.csv"
    ruta.write_bytes(
        "rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria\n"
        "AÑB800101AB1,Ñandú,Y5412345108,CMX,01,America/Mexico_City\n".encode("latin-1")
    )
    proceso = correr(instalacion, str(ruta))
    assert proceso.returncode == 2 and proceso.stdout == ""
    assert "no está en UTF-8 (línea 2" in proceso.stderr and "No se guardó nada" in proceso.stderr
