"""The catalogue is data: `buzon tramites importar|listar`, immutable versions, a new trámite
with no new Python, and filings that keep citing the version they were filed under."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from buzon.actuaciones.catalogo import declaraciones_base
from buzon.actuaciones.models import Actuacion, Tramite
from tests.actuaciones.fixtures import ACLARACION, Cliente, anexo

pytestmark = pytest.mark.django_db


def _comando(*argumentos: str) -> list[dict[str, Any]]:
    salida = io.StringIO()
    call_command("tramites", *argumentos, stdout=salida)
    return [json.loads(linea) for linea in salida.getvalue().splitlines()]


def _declaracion(clave: str) -> dict[str, Any]:
    base = next(d for d in declaraciones_base() if d.clave == clave)
    copia: dict[str, Any] = json.loads(json.dumps(base.como_json()))
    return copia


def test_listar_carga_los_de_fabrica() -> None:
    filas = _comando("listar")
    assert {f["clave"] for f in filas} == {
        "aclaracion-buzon",
        "aclaracion-cobranza",
        "respuesta-requerimiento",
        "icsoe",
        "denuncia-patron",
        "determinacion-prima-rt",
    }
    assert all(f["vigente"] for f in filas)


def test_un_tramite_nuevo_sin_python(habilitado: Callable[..., Cliente], tmp_path: Path) -> None:
    nuevo = {
        **_declaracion("aclaracion-buzon"),
        "clave": "aviso-cambio-domicilio",
        "version": "1",
        "nombre": "Aviso de cambio de domicilio",
        "numeral": "6.1",
        "requiere_habilitacion": True,
        "espera_respuesta": False,
        "esquema": {
            "type": "object",
            "additionalProperties": False,
            "required": ["domicilio", "desde"],
            "properties": {
                "domicilio": {"type": "string", "title": "Domicilio nuevo", "maxLength": 500},
                "desde": {"type": "string", "title": "A partir de", "format": "date"},
            },
        },
    }
    archivo = tmp_path / "aviso.json"
    archivo.write_text(json.dumps(nuevo, ensure_ascii=False), encoding="utf-8")
    assert _comando("importar", str(archivo)) == [
        {"archivo": str(archivo), "clave": "aviso-cambio-domicilio", "version": "1", "nuevo": True}
    ]
    c = habilitado()
    assert "aviso-cambio-domicilio" in {t["clave"] for t in c.get("/tramites").json()["tramites"]}
    malo = c.crear("aviso-cambio-domicilio", {"domicilio": "Calle 1", "desde": "ayer"})
    assert (malo.status_code, malo.json()["campo"]) == (400, "datos.desde")
    hecha = c.presentar("aviso-cambio-domicilio", {"domicilio": "Calle 1", "desde": "2026-12-01"})
    assert hecha["acuse"]["tipo"] == "actuacion"


def test_las_versiones_no_se_modifican_y_la_nueva_queda_vigente(
    habilitado: Callable[..., Cliente], tmp_path: Path
) -> None:
    c = habilitado()
    anterior = c.presentar("aclaracion-buzon", ACLARACION, [anexo()])
    doc = _declaracion("aclaracion-buzon")
    cambiado = {**doc, "ayuda": "Otro texto de ayuda."}
    archivo = tmp_path / "t.json"
    archivo.write_text(json.dumps(cambiado), encoding="utf-8")
    with pytest.raises(CommandError, match="las versiones no se modifican"):
        _comando("importar", str(archivo))
    archivo.write_text(json.dumps({**cambiado, "version": "2026-01-01"}), encoding="utf-8")
    assert _comando("importar", str(archivo))[0]["nuevo"] is True
    versiones = {
        (f["version"], f["vigente"])
        for f in _comando("listar", "--todas")
        if f["clave"] == "aclaracion-buzon"
    }
    assert versiones == {("2024-08-05", False), ("2026-01-01", True)}
    tramites = {t["clave"]: t for t in c.get("/tramites").json()["tramites"]}
    assert tramites["aclaracion-buzon"]["version"] == "2026-01-01"
    nueva = c.crear("aclaracion-buzon", ACLARACION).json()
    assert "|version=2026-01-01|" in nueva["cadena"]
    assert Actuacion.objects.get(pk=anterior["id"]).tramite.version == "2024-08-05"
    assert Tramite.objects.filter(clave="aclaracion-buzon").count() == 2
    # importing an older version again makes it the vigente one (a rollback)
    archivo.write_text(json.dumps(doc), encoding="utf-8")
    assert _comando("importar", str(archivo))[0]["nuevo"] is False
    assert Tramite.objects.get(clave="aclaracion-buzon", vigente=True).version == "2024-08-05"


def test_archivo_invalido_nombra_el_campo(tmp_path: Path) -> None:
    archivo = tmp_path / "malo.json"
    archivo.write_text(json.dumps({**_declaracion("icsoe"), "promovente": "x"}), encoding="utf-8")
    with pytest.raises(CommandError, match="promovente"):
        _comando("importar", str(archivo))
    archivo.write_text("{no es json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        _comando("importar", str(archivo))
    with pytest.raises(CommandError, match="no se pudo leer"):
        _comando("importar", str(tmp_path / "no-existe.json"))
