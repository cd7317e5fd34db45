"""`buzon cuotas calcular`: output shape and keys, --lote with bad lines, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BUZON = str(Path(sys.executable).with_name("buzon"))
ALTA = [{"tipo": "08", "fecha": "2026-01-05", "sbc": "500.00"}]
EMA = ["cuota_fija", "excedente", "prestaciones_dinero", "gastos_medicos_pensionados",
       "riesgos_trabajo", "invalidez_vida", "guarderias"]  # fmt: skip


def correr(*args: str, entrada: str | None = None) -> subprocess.CompletedProcess[str]:
    """No database: the command never configures Django."""
    with tempfile.TemporaryDirectory() as datos:
        entorno = {**os.environ, "BUZON_DATA_DIR": datos}
        entorno.pop("DATABASE_URL", None)
        return subprocess.run(
            [BUZON, "cuotas", "calcular", *args],
            capture_output=True, text=True, input=entrada, check=False, env=entorno,
        )  # fmt: skip


def _archivo(tmp_path: Path, contenido: object, nombre: str = "m.json") -> str:
    ruta = tmp_path / nombre
    ruta.write_text(json.dumps(contenido), encoding="utf-8")
    return str(ruta)


def test_una_llamada_ema(tmp_path: Path) -> None:
    r = correr(
        "--periodo", "2026-04", "--movimientos", _archivo(tmp_path, ALTA), "--prima-rt", "0.54355"
    )
    assert r.returncode == 0, r.stderr
    salida = json.loads(r.stdout)
    assert list(salida) == ["periodo", "dias", "cuotas", "total_patron", "total_obrero", "total"]
    assert salida["dias"] == {"cotizados": 30, "ausentismos": 0, "incapacidades": 0}
    assert list(salida["cuotas"]) == EMA
    assert salida["cuotas"]["riesgos_trabajo"] == {"patron": "81.53", "obrero": "0.00"}
    assert (salida["total_patron"], salida["total_obrero"], salida["total"]) == (
        "1523.33",
        "205.27",
        "1728.60",
    )


def test_una_llamada_eba_zona_y_numeros_json_exactos(tmp_path: Path) -> None:
    movs = tmp_path / "m.json"
    movs.write_text('[{"tipo": "08", "fecha": "2026-01-05", "sbc": 440.87}]', encoding="utf-8")
    r = correr("--periodo", "2026-B2", "--movimientos", str(movs), "--zona", "zlfn")
    assert r.returncode == 0, r.stderr
    salida = json.loads(r.stdout)
    assert list(salida["cuotas"]) == ["retiro", "cesantia_vejez", "infonavit"]
    assert salida["cuotas"]["cesantia_vejez"]["obrero"] == "0.00"  # LSS 36 in the zlfn


def test_lote_una_linea_por_linea_con_errores(tmp_path: Path) -> None:
    lineas = [
        json.dumps({"periodo": "2026-04", "prima_rt": "0.54355", "movimientos": ALTA}),
        json.dumps(
            {
                "periodo": "2026-04",
                "prima_rt": 0.5,
                "movimientos": [{"tipo": "02", "fecha": "2026-04-01"}],
            }
        ),
        "no es json",
        json.dumps({"periodo": "2026-B7", "movimientos": ALTA}),
        json.dumps({"periodo": "2026-B2", "zona": "zlfn", "movimientos": ALTA, "extra": 1}),
        json.dumps({"periodo": "2026-B2", "movimientos": ALTA}),
    ]
    r = correr("--lote", "-", entrada="\n".join(lineas) + "\n")
    assert r.returncode == 1
    salidas = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(salidas) == 6
    assert salidas[0]["total"] == "1728.60"
    assert (
        salidas[1]["linea"] == 2 and "movimiento 1 (02 baja del 2026-04-01)" in salidas[1]["error"]
    )
    assert salidas[2] == {"linea": 3, "error": "La línea no es un objeto JSON válido (columna 1)."}
    assert salidas[3]["linea"] == 4 and "AAAA-Bn" in salidas[3]["error"]
    assert salidas[4]["linea"] == 5 and "Clave desconocida «extra»" in salidas[4]["error"]
    assert salidas[5]["cuotas"]["cesantia_vejez"] == {"patron": "2291.47", "obrero": "343.13"}


def test_lote_sin_errores_sale_0(tmp_path: Path) -> None:
    ruta = tmp_path / "l.jsonl"
    ruta.write_text(
        json.dumps({"periodo": "2026-B2", "movimientos": ALTA}) + "\n", encoding="utf-8"
    )
    r = correr("--lote", str(ruta))
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1


def test_argumentos_malos_salen_2(tmp_path: Path) -> None:
    movs = _archivo(tmp_path, ALTA)
    casos = [
        (("--periodo", "2026-04", "--movimientos", movs), "--prima-rt: Falta «prima_rt»"),
        (("--periodo", "2026-13", "--movimientos", movs), "--periodo: «2026-13» no es un periodo"),
        (("--periodo", "2026-04", "--movimientos", movs, "--prima-rt", "20"), "entre 0.5 y 15"),
        (("--periodo", "2026-04", "--movimientos", movs, "--prima-rt", "x"), "--prima-rt"),
        (("--periodo", "2026-04"), "indique --periodo y --movimientos, o --lote"),
        (("--lote", "-", "--periodo", "2026-04"), "--lote no puede usarse junto con --periodo"),
        (("--periodo", "2026-04", "--movimientos", str(tmp_path / "no")), "no se pudo leer"),
        (("--periodo", "2026-04", "--movimientos", movs, "--zona", "norte"), "opción inválida"),
        (
            ("--periodo", "2026-B2", "--movimientos", _archivo(tmp_path, {"a": 1}, "o.json")),
            "debe ser una lista",
        ),
        (("--lote", str(tmp_path / "no.jsonl")), "--lote: no se pudo leer"),
    ]
    for args, mensaje in casos:
        r = correr(*args)
        assert r.returncode == 2, (args, r.stdout)
        assert mensaje in r.stderr, (args, r.stderr)
        assert r.stdout == ""
