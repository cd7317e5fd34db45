"""`buzon normatividad`: agregar (idempotent), cargar-demo (the shipped texts), listar, buscar."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buzon.evidencia.models import EntradaBitacora
from buzon.normatividad.biblioteca_demo import CARPETA, entradas
from buzon.normatividad.models import Texto, Version
from buzon.normatividad.servicios import EVENTO
from buzon.sistema.demo.comun import ADMINISTRADOR
from buzon.sistema.demo.normatividad import cargar_normatividad
from tests.normatividad.conftest import NOTIFICADOR

pytestmark = pytest.mark.django_db


def correr(*argumentos: str) -> object:
    salida = StringIO()
    call_command("normatividad", *argumentos, stdout=salida)
    return json.loads(salida.getvalue())


def agregar(por: str, archivo: Path, *extra: str) -> object:
    return correr(
        "agregar",
        "--archivo", str(archivo),
        "--tipo", "codigo",
        "--nombre", "Código Fiscal de la Federación",
        "--clave", "cff",
        "--dof", "2026-04-09",
        "--fuente", "DOF 09-04-2026",
        "--por", por,
        *extra,
    )  # fmt: skip


def test_agregar_dos_veces(administrador: str) -> None:
    archivo = CARPETA / "cff-extractos.txt"
    primera = agregar(administrador, archivo)
    assert primera == {
        "clave": "cff",
        "version": 1,
        "nueva": True,
        "sha256": Version.objects.get().sha256,
        "articulos": 10,
    }
    assert agregar(administrador, archivo)["nueva"] is False  # type: ignore[index]
    assert Version.objects.get().vigente_desde.isoformat() == "2026-04-10"
    busqueda = correr("buscar", "estrados", "--clave", "cff")
    assert "Artículo 139" in [r["articulo"] for r in busqueda]  # type: ignore[attr-defined]
    assert correr("listar") == [
        {"clave": "cff", "nombre": "Código Fiscal de la Federación", "versiones": 1, "vigente": 1}
    ]


def test_errores_en_espanol(administrador: str, tmp_path: Path) -> None:
    malo = tmp_path / "malo.txt"
    malo.write_bytes("Artículo 1. Código".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        agregar(administrador, malo)
    with pytest.raises(CommandError, match="No se pudo leer"):
        agregar(administrador, tmp_path / "no-existe.txt")
    with pytest.raises(CommandError, match="administrador"):
        agregar(NOTIFICADOR, CARPETA / "cff-extractos.txt")
    with pytest.raises(CommandError, match="campo «vigor»"):
        agregar(administrador, CARPETA / "cff-extractos.txt", "--vigor", "2020-01-01")
    assert Version.objects.count() == 0


def test_la_demo_carga_los_textos_incluidos() -> None:
    resumen = cargar_normatividad()
    assert resumen["nuevos"] == len(entradas()) == 4
    assert set(Texto.objects.values_list("clave", flat=True)) == {e["clave"] for e in entradas()}
    assert EntradaBitacora.objects.filter(tipo=EVENTO).count() == 4
    assert cargar_normatividad()["ya_existian"] == 4
    assert Version.objects.filter(agregada_por=ADMINISTRADOR.rfc).count() == 4
    assert correr("cargar-demo", "--por", ADMINISTRADOR.rfc)["nuevos"] == 0  # type: ignore[index]
