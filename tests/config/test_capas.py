"""The layer rule (docs/architecture.md, «Capas»): a module imports only its own app or apps of a
lower layer, and no two apps import each other. Every module under ``buzon/`` is parsed, imports
inside functions, management commands and migrations included."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
BUZON = RAIZ / "buzon"

#: The layer of every app, as in the table of docs/architecture.md. A layer is "Ln" or, where the
#: apps of one band depend on each other in one direction, "Ln.m": each is a layer of its own.
CAPAS: dict[str, str] = {
    "legal": "L0.0",
    "efirma": "L0.1",
    "comun": "L1.0",
    "oficina": "L1.1",
    "padron": "L1.1",
    "avisos": "L1.1",
    "cuentas": "L1.2",
    "evidencia": "L1.3",
    "calendario": "L1.4",
    "habilitacion": "L2",
    "terceros": "L2",
    "notificaciones": "L3.0",
    "cuotas": "L3.0",
    "cobranza": "L3.0",
    "actuaciones": "L3.1",
    "opinion": "L3.1",
    "convenios": "L3.2",
    "comunicados": "L3.0",
    "normatividad": "L3.0",
    "derechohabientes": "L3.1",
    "eventos": "L3.2",
    "cotizacion": "L3.2",
    "riesgos": "L3.2",
    "fiscalizacion": "L3.3",
    "documentos": "L3.3",
    "verificacion": "L4.0",
    "portal": "L4.1",
    "config": "L5.0",
    "cli": "L5.0",
    "cliente": "L5.0",
    "sistema": "L5.1",
}


def _nivel(app: str) -> tuple[int, ...]:
    return tuple(int(x) for x in CAPAS[app].removeprefix("L").split("."))


def _app_de(modulo: str) -> str | None:
    partes = modulo.split(".")
    if len(partes) < 2 or partes[0] != "buzon":
        return None
    return partes[1]


def _modulo_de(archivo: Path) -> str:
    partes = list(archivo.relative_to(RAIZ).with_suffix("").parts)
    if partes[-1] == "__init__":
        partes.pop()
    return ".".join(partes)


def _importaciones(archivo: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import in ``archivo``, relative imports resolved."""
    arbol = ast.parse(archivo.read_text(encoding="utf-8"), filename=str(archivo))
    paquete = _modulo_de(archivo).split(".")
    if archivo.name != "__init__.py":
        paquete = paquete[:-1]
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import):
            for alias in nodo.names:
                yield nodo.lineno, alias.name
        elif isinstance(nodo, ast.ImportFrom):
            if nodo.level:
                base = paquete[: len(paquete) - (nodo.level - 1)]
                modulo = ".".join([*base, nodo.module] if nodo.module else base)
            else:
                modulo = nodo.module or ""
            yield nodo.lineno, modulo


def _aristas() -> list[tuple[str, int, str, str, str]]:
    """(file, line, imported module, own app, imported app) for every import between two apps."""
    aristas = []
    for archivo in sorted(BUZON.rglob("*.py")):
        propia = _app_de(_modulo_de(archivo))
        if propia is None:
            continue
        for linea, modulo in _importaciones(archivo):
            otra = _app_de(modulo)
            if otra is not None and otra != propia:
                ruta = str(archivo.relative_to(RAIZ))
                aristas.append((ruta, linea, modulo, propia, otra))
    return aristas


def test_cada_app_tiene_su_capa() -> None:
    apps = {p.name for p in BUZON.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert sorted(apps - CAPAS.keys()) == [], "añada la app a CAPAS y a docs/architecture.md"


def test_solo_se_importan_capas_inferiores() -> None:
    culpables = [
        f"{ruta}:{linea} -> {modulo} ({CAPAS[propia]} {propia} importa {CAPAS[otra]} {otra})"
        for ruta, linea, modulo, propia, otra in _aristas()
        if _nivel(otra) >= _nivel(propia)
    ]
    assert not culpables, f"{len(culpables)} importaciones hacia arriba o de lado:\n" + "\n".join(
        culpables
    )


def test_ningun_par_de_apps_se_importa_mutuamente() -> None:
    por_par: dict[tuple[str, str], list[str]] = {}
    for ruta, linea, modulo, propia, otra in _aristas():
        por_par.setdefault((propia, otra), []).append(f"{ruta}:{linea} -> {modulo}")
    culpables = []
    for (a, b), lineas in sorted(por_par.items()):
        if a < b and (b, a) in por_par:
            culpables.append(f"{a} <-> {b}:")
            culpables.extend(f"  {x}" for x in lineas + por_par[(b, a)])
    assert not culpables, "apps que se importan mutuamente:\n" + "\n".join(culpables)
