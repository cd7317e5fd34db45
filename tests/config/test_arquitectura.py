"""Architecture rules that code review alone would let slip."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
PUROS = ["buzon/legal", "buzon/efirma", "buzon/cliente"]


def _importaciones(archivo: Path) -> set[str]:
    arbol = ast.parse(archivo.read_text(encoding="utf-8"), filename=str(archivo))
    nombres: set[str] = set()
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            nombres.update(alias.name for alias in nodo.names)
        elif isinstance(nodo, ast.ImportFrom) and nodo.module:
            nombres.add(nodo.module)
    return nombres


@pytest.mark.parametrize("carpeta", PUROS)
def test_los_modulos_puros_no_importan_django(carpeta: str) -> None:
    archivos = sorted((RAIZ / carpeta).rglob("*.py"))
    if not archivos:
        pytest.skip(f"{carpeta} aún no existe")
    culpables = {
        str(a.relative_to(RAIZ)): sorted(
            n for n in _importaciones(a) if n == "django" or n.startswith(("django.", "ninja"))
        )
        for a in archivos
    }
    assert {k: v for k, v in culpables.items() if v} == {}


def test_zoneinfo_solo_se_construye_en_legal_zonas() -> None:
    """Zones come from the pinned tzdata through buzon.legal.zonas, never ZoneInfo("...")."""
    culpables = []
    for archivo in (RAIZ / "buzon").rglob("*.py"):
        texto = archivo.read_text(encoding="utf-8")
        if "ZoneInfo(" in texto and archivo.name != "zonas.py":
            culpables.append(str(archivo.relative_to(RAIZ)))
    assert culpables == []


def test_las_zonas_vienen_del_paquete_tzdata() -> None:
    import tzdata

    from buzon.legal.zonas import ZONA_CENTRO, version_tzdata, zona

    assert ZONA_CENTRO.key == "America/Mexico_City"
    assert zona("America/Tijuana") is zona("America/Tijuana")
    assert version_tzdata() == tzdata.IANA_VERSION
