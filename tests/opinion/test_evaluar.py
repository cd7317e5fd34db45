"""`buzon opinion evaluar --lote F.jsonl`: every line answered in order, a bad line reported with
its number while the rest still compute, exit status 1 when any failed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def _correr(ruta: Path) -> tuple[int, list[dict[str, object]]]:
    salida = io.StringIO()
    codigo = 0
    try:
        call_command("opinion", "evaluar", "--lote", str(ruta), stdout=salida, stderr=io.StringIO())
    except CommandError as exc:
        codigo = exc.returncode
    return codigo, [json.loads(linea) for linea in salida.getvalue().splitlines()]


def test_cada_linea_se_evalua_y_la_mala_se_informa(tmp_path: Path) -> None:
    vigente = {"registro": "Y5412345108", "modalidad": "10", "situacion": "vigente"}
    lineas = [
        {"registros": [vigente | {"trabajadores": 4}], "creditos": []},
        "{no es json",
        {"registros": [], "creditos": []},
        {
            "registros": [vigente | {"trabajadores": 4}],
            "creditos": [
                {
                    "credito": "77",
                    "registro": "Y5412345108",
                    "situacion": "exigible",
                    "importe": "10.5",
                }
            ],
        },
        {"registros": [vigente | {"situacion": "quebrado", "trabajadores": 1}], "creditos": []},
    ]
    ruta = tmp_path / "lote.jsonl"
    ruta.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lineas) + "\n\n",
        encoding="utf-8",
    )
    codigo, salida = _correr(ruta)
    assert codigo == 1
    assert [s.get("sentido") for s in salida] == ["positiva", None, "sin_opinion", "negativa", None]
    assert salida[1]["linea"] == 2 and "JSON" in str(salida[1]["error"])
    assert salida[4]["linea"] == 5 and "situacion" in str(salida[4]["error"])
    assert any("$10.50" in m for m in salida[3]["motivos"])  # type: ignore[attr-defined]


def test_todo_bien_sale_con_cero_y_sin_archivo_con_dos(tmp_path: Path) -> None:
    ruta = tmp_path / "bien.jsonl"
    ruta.write_text(json.dumps({"registros": [], "creditos": []}) + "\n", encoding="utf-8")
    codigo, salida = _correr(ruta)
    assert codigo == 0 and [s["sentido"] for s in salida] == ["sin_opinion"]
    with pytest.raises(CommandError) as exc:
        call_command("opinion", "evaluar", "--lote", str(tmp_path / "no-existe.jsonl"))
    assert exc.value.returncode == 2
