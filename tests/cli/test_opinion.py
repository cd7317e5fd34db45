"""`buzon opinion evaluar --lote F.jsonl`: one answer per line, bad lines named, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from buzon.cli.opinion import procesar_lote

BUZON = str(Path(sys.executable).with_name("buzon"))
REGISTRO = {"registro": "Y54-12345-10-8", "modalidad": "10", "situacion": "vigente"}


def lote(*lineas: object) -> tuple[int, list[dict[str, object]]]:
    salida = io.StringIO()
    texto = [x if isinstance(x, str | bytes) else json.dumps(x) for x in lineas]
    codigo = procesar_lote(texto, salida)
    return codigo, [json.loads(r) for r in salida.getvalue().splitlines()]


def test_cada_sentido_y_motivos() -> None:
    codigo, salida = lote(
        {"registros": [{**REGISTRO, "trabajadores": 2}], "creditos": []},
        {
            "registros": [{**REGISTRO, "trabajadores": 2}],
            "creditos": [
                {"credito": "1", "registro": "Y5412345108", "situacion": "exigible", "importe": 10}
            ],
        },
        {"registros": []},
    )
    assert codigo == 0
    assert [s["sentido"] for s in salida] == ["positiva", "negativa", "sin_opinion"]
    motivo = str(salida[1]["motivos"])
    assert "$10.00" in motivo and "Y5412345108" in motivo
    assert all(list(s) == ["sentido", "motivos"] for s in salida)


@pytest.mark.parametrize(
    ("linea", "texto"),
    [
        ("no es json", "no es un objeto JSON válido"),
        ("[]", "debe ser un objeto JSON"),
        ({"registros": [], "otra": 1}, "Clave desconocida «otra»"),
        ({"creditos": []}, "Falta «registros»"),
        ({"registros": {}}, "«registros» debe ser una lista"),
        ({"registros": [{**REGISTRO, "trabajadores": "2"}]}, "registros[0].trabajadores"),
        ({"registros": [{**REGISTRO, "trabajadores": 2, "x": 1}]}, "clave desconocida «x»"),
        ({"registros": [{"registro": "Y5412345108", "trabajadores": 1}]}, "falta «situacion»"),
        (
            {"registros": [{**REGISTRO, "registro": "123", "trabajadores": 1}]},
            "registros[0].registro",
        ),
        ({"registros": [{**REGISTRO, "situacion": "activo", "trabajadores": 1}]}, "«activo»"),
        ({"registros": [{**REGISTRO, "modalidad": "1", "trabajadores": 1}]}, "modalidad"),
        (
            {
                "registros": [{**REGISTRO, "trabajadores": 1}],
                "creditos": [{"credito": "9", "situacion": "exigible", "importe": "diez"}],
            },
            "creditos[0].importe",
        ),
        (
            {
                "registros": [{**REGISTRO, "trabajadores": 1}],
                "creditos": [{"credito": "9", "situacion": "vencido", "importe": "1"}],
            },
            "«vencido» no es una situación del crédito 9",
        ),
        (b"\xff\n", "no está en UTF-8"),
    ],
)
def test_una_linea_mala_no_detiene_las_demas(linea: object, texto: str) -> None:
    buena = {"registros": [{**REGISTRO, "trabajadores": 1}]}
    codigo, salida = lote(buena, linea, buena)
    assert codigo == 1
    assert salida[0]["sentido"] == salida[2]["sentido"] == "positiva"
    assert salida[1]["linea"] == 2 and texto in str(salida[1]["error"])


def test_por_consola(tmp_path: Path) -> None:
    """No database: `buzon opinion` is an own argparse program."""
    archivo = tmp_path / "casos.jsonl"
    archivo.write_text(
        json.dumps({"registros": [{**REGISTRO, "trabajadores": 0}]}) + "\n{\n", encoding="utf-8"
    )
    with tempfile.TemporaryDirectory() as datos:
        entorno = {**os.environ, "BUZON_DATA_DIR": datos}
        entorno.pop("DATABASE_URL", None)
        r = subprocess.run(
            [BUZON, "opinion", "evaluar", "--lote", str(archivo)],
            capture_output=True, text=True, check=False, env=entorno,
        )  # fmt: skip
        assert r.returncode == 1, r.stderr
        primera, segunda = (json.loads(x) for x in r.stdout.splitlines())
        assert primera["sentido"] == "sin_opinion" and segunda["linea"] == 2
        r = subprocess.run(
            [BUZON, "opinion", "evaluar"], capture_output=True, text=True, check=False, env=entorno
        )
        assert r.returncode == 2 and "--lote" in r.stderr
