"""`buzon prima-rt calcular`: the contract's lines, bad lines as in `buzon plazos`, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from buzon.cli.prima_rt import procesar_lote

BUZON = str(Path(sys.executable).with_name("buzon"))


def lote(*lineas: object) -> tuple[int, list[dict[str, object]]]:
    salida = io.StringIO()
    texto = [x if isinstance(x, str | bytes) else json.dumps(x) for x in lineas]
    codigo = procesar_lote(texto, salida)
    return codigo, [json.loads(r) for r in salida.getvalue().splitlines()]


def test_los_vectores_y_la_forma() -> None:
    codigo, salida = lote(
        {"S": 38, "I": "0.10", "D": 0, "N": "238.3"},
        '{"S": 0, "I": 0, "D": 0, "N": 5.0, "prima_anterior": 4.65325}',
        {"S": 38, "I": "0.10", "D": 0, "dias_cotizados": 86980, "prima_anterior": None},
        {"S": 38, "I": "0.10", "D": 0, "N": "238.3", "sistema_seguridad": True},
        {"S": 0, "I": 0, "D": 1, "N": 1, "prima_anterior": "14.5"},
        {"S": 38, "I": "0.10", "D": 0, "N": "238.3", "prima_anterior": "1.13065"},
    )
    assert codigo == 0
    assert salida == [
        {"prima_calculada": "3.30296", "prima": "3.30296", "limite": None},
        {"prima_calculada": "0.50000", "prima": "3.65325", "limite": "decremento"},
        {"prima_calculada": "3.30294", "prima": "3.30294", "limite": None},
        {"prima_calculada": "3.18109", "prima": "3.18109", "limite": None},
        {"prima_calculada": "6440.50000", "prima": "15.00000", "limite": "maxima"},
        {"prima_calculada": "3.30296", "prima": "2.13065", "limite": "incremento"},
    ]


@pytest.mark.parametrize(
    ("linea", "texto"),
    [
        ("no es json", "no es un objeto JSON válido"),
        ("[1]", "debe ser un objeto JSON"),
        ({"S": 1, "I": 0, "D": 0, "N": 1, "x": 1}, "Clave desconocida «x»"),
        ({"I": 0, "D": 0, "N": 1}, "Falta «S»"),
        ({"S": 1, "I": 0, "D": 0}, "Falta «N»"),
        ({"S": 1, "I": 0, "D": 0, "N": 0}, "«N» (trabajadores promedio expuestos) debe ser mayor"),
        ({"S": 1, "I": 0, "D": 0, "N": -2}, "«N»"),
        ({"S": -1, "I": 0, "D": 0, "N": 1}, "«S» (días subsidiados) no puede ser negativo"),
        ({"S": 1, "I": -1, "D": 0, "N": 1}, "«I»"),
        ({"S": 1, "I": 0, "D": -1, "N": 1}, "«D» (defunciones) no puede ser negativo"),
        ({"S": 1.5, "I": 0, "D": 0, "N": 1}, "«S» debe ser un número entero"),
        ({"S": "x", "I": 0, "D": 0, "N": 1}, "«S» debe ser un número"),
        ({"S": True, "I": 0, "D": 0, "N": 1}, "«S» debe ser un número"),
        ({"S": 1, "I": 0, "D": 0, "dias_cotizados": 0}, "«dias_cotizados» debe ser mayor"),
        ({"S": 1, "I": 0, "D": 0, "N": 1, "dias_cotizados": 365}, "no ambos"),
        ({"S": 1, "I": 0, "D": 0, "N": 1, "prima_anterior": "20"}, "«prima_anterior»"),
        ({"S": 1, "I": 0, "D": 0, "N": 1, "sistema_seguridad": "si"}, "true o false"),
        (b"\xff\n", "no está en UTF-8"),
    ],
)
def test_una_linea_mala_no_detiene_las_demas(linea: object, texto: str) -> None:
    codigo, salida = lote(
        {"S": 38, "I": "0.10", "D": 0, "N": "238.3"}, linea, {"S": 0, "I": 0, "D": 0, "N": 1}
    )
    assert codigo == 1
    assert salida[0]["prima"] == "3.30296" and salida[2]["prima"] == "0.50000"
    assert list(salida[1]) == ["linea", "error"] and salida[1]["linea"] == 2
    assert texto in str(salida[1]["error"])


def _buzon(*args: str, entrada: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BUZON, "prima-rt", "calcular", *args],
        input=entrada,
        capture_output=True,
        text=True,
        check=False,
    )


def test_opciones_de_la_consola() -> None:
    r = _buzon("--S", "38", "--I", "0.10", "--D", "0", "--N", "238.3")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {
        "prima_calculada": "3.30296",
        "prima": "3.30296",
        "limite": None,
    }
    r = _buzon(
        "--S",
        "0",
        "--I",
        "0",
        "--D",
        "0",
        "--dias-cotizados",
        "1825",
        "--prima-anterior",
        "4.65325",
        "--sistema-seguridad",
    )
    assert json.loads(r.stdout) == {
        "prima_calculada": "0.50000",
        "prima": "3.65325",
        "limite": "decremento",
    }


@pytest.mark.parametrize(
    ("args", "texto"),
    [
        (("--S", "1", "--I", "0", "--D", "0", "--N", "0"), "--N: «N»"),
        (("--S", "1", "--I", "x", "--D", "0", "--N", "1"), "--I:"),
        (("--I", "0"), "indique --S"),
        (("--lote", "-", "--S", "1"), "--lote no puede usarse junto con --S"),
        (("--lote", "/no/existe.jsonl"), "--lote: no se pudo leer"),
    ],
)
def test_argumento_malo_sale_con_2(args: tuple[str, ...], texto: str) -> None:
    r = _buzon(*args)
    assert r.returncode == 2
    assert texto in r.stderr and r.stdout == ""


def test_lote_por_stdin() -> None:
    r = _buzon("--lote", "-", entrada='{"S": 38, "I": "0.10", "D": 0, "N": "238.3"}\n{"S": -1}\n')
    assert r.returncode == 1
    lineas = [json.loads(x) for x in r.stdout.splitlines()]
    assert lineas[0]["prima"] == "3.30296" and lineas[1]["linea"] == 2
