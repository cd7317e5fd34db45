"""The JSON exchange format for declared días inhábiles (import, export, `--calendario`).

    {"dias_inhabiles": [
        {"fecha": "2026-09-21", "fuente": "DOF 2026-09-01, Acuerdo ..."},
        {"desde": "2026-12-21", "hasta": "2026-12-31", "entidades": ["CMX"], "fuente": "..."},
        {"fecha": "2026-04-02", "subdelegaciones": ["Tijuana"], "fuente": "..."}
    ]}

Each entry has `fecha`, or both `desde` and `hasta` (inclusive); `fuente` (the legal source) is
required; `entidades` (ISO 3166-2:MX without "MX-") and `subdelegaciones` are optional and scope it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal

CLAVES = frozenset({"fecha", "desde", "hasta", "entidades", "subdelegaciones", "fuente"})


class ErroresDeFormato(ErrorLegal):
    """Every problem found in a calendar document, each naming its place (all-or-nothing)."""

    def __init__(self, errores: list[ErrorLegal]) -> None:
        self.errores = errores
        super().__init__("; ".join(e.mensaje for e in errores), errores[0].campo)


def _fecha(valor: Any, campo: str) -> date:
    if not isinstance(valor, str):
        raise ErrorLegal(f"{campo}: debe ser una fecha AAAA-MM-DD entre comillas.", campo)
    try:
        return date.fromisoformat(valor) if len(valor) == 10 else _no_es_fecha(valor, campo)
    except ValueError:
        return _no_es_fecha(valor, campo)


def _no_es_fecha(valor: str, campo: str) -> date:
    raise ErrorLegal(f"{campo}: «{valor}» no es una fecha válida con formato AAAA-MM-DD.", campo)


def _lista_de_textos(valor: Any, campo: str) -> frozenset[str]:
    if not isinstance(valor, list) or not all(isinstance(v, str) for v in valor):
        raise ErrorLegal(f'{campo}: debe ser una lista de textos, por ejemplo ["CMX"].', campo)
    return frozenset(v.strip() for v in valor)


def entrada_a_declaracion(entrada: Any, lugar: str) -> DiaInhabilDeclarado:
    """One JSON entry → DiaInhabilDeclarado; ErrorLegal naming `lugar.campo` when wrong."""
    if not isinstance(entrada, dict):
        raise ErrorLegal(f"{lugar}: cada día inhábil debe ser un objeto JSON.", lugar)
    sobrantes = sorted(set(entrada) - CLAVES)
    if sobrantes:
        raise ErrorLegal(
            f"{lugar}: clave desconocida «{sobrantes[0]}»; las válidas son "
            f"{', '.join(sorted(CLAVES))}.",
            f"{lugar}.{sobrantes[0]}",
        )
    if "fecha" in entrada:
        if "desde" in entrada or "hasta" in entrada:
            raise ErrorLegal(
                f"{lugar}: use «fecha» para un día o «desde» y «hasta» para un periodo, no ambos.",
                f"{lugar}.fecha",
            )
        desde = hasta = _fecha(entrada["fecha"], f"{lugar}.fecha")
    elif "desde" in entrada and "hasta" in entrada:
        desde = _fecha(entrada["desde"], f"{lugar}.desde")
        hasta = _fecha(entrada["hasta"], f"{lugar}.hasta")
    else:
        raise ErrorLegal(
            f"{lugar}: falta «fecha» (un día) o el par «desde» y «hasta» (un periodo).",
            f"{lugar}.fecha",
        )
    fuente = entrada.get("fuente")
    if not isinstance(fuente, str):
        raise ErrorLegal(
            f"{lugar}: falta «fuente», la publicación que declara el día (por ejemplo, el DOF).",
            f"{lugar}.fuente",
        )
    try:
        return DiaInhabilDeclarado(
            desde=desde,
            hasta=hasta,
            fuente=fuente.strip(),
            entidades=_lista_de_textos(entrada.get("entidades", []), f"{lugar}.entidades"),
            subdelegaciones=_lista_de_textos(
                entrada.get("subdelegaciones", []), f"{lugar}.subdelegaciones"
            ),
        )
    except ErrorLegal as exc:
        raise ErrorLegal(f"{lugar}: {exc.mensaje}", f"{lugar}.{exc.campo}") from exc


def leer_documento(documento: Any) -> list[DiaInhabilDeclarado]:
    """A parsed JSON document → declarations; ErroresDeFormato listing every bad entry."""
    if not isinstance(documento, dict) or not isinstance(documento.get("dias_inhabiles"), list):
        raise ErroresDeFormato(
            [
                ErrorLegal(
                    'El calendario debe ser un objeto {"dias_inhabiles": [...]}.', "dias_inhabiles"
                )
            ]
        )
    declaraciones: list[DiaInhabilDeclarado] = []
    errores: list[ErrorLegal] = []
    for indice, entrada in enumerate(documento["dias_inhabiles"]):
        try:
            declaraciones.append(entrada_a_declaracion(entrada, f"dias_inhabiles[{indice}]"))
        except ErrorLegal as exc:
            errores.append(exc)
    if errores:
        raise ErroresDeFormato(errores)
    return declaraciones


def leer_texto(texto: str) -> list[DiaInhabilDeclarado]:
    """JSON text → declarations (see `leer_documento`)."""
    try:
        documento = json.loads(texto)
    except json.JSONDecodeError as exc:
        raise ErroresDeFormato(
            [ErrorLegal(f"El archivo no es JSON válido (línea {exc.lineno}, columna {exc.colno}).")]
        ) from exc
    return leer_documento(documento)


def declaracion_a_entrada(declaracion: DiaInhabilDeclarado) -> dict[str, Any]:
    """The inverse of `entrada_a_declaracion` (export), with lists sorted for stable output."""
    entrada: dict[str, Any]
    if declaracion.desde == declaracion.hasta:
        entrada = {"fecha": declaracion.desde.isoformat()}
    else:
        entrada = {"desde": declaracion.desde.isoformat(), "hasta": declaracion.hasta.isoformat()}
    if declaracion.entidades:
        entrada["entidades"] = sorted(declaracion.entidades)
    if declaracion.subdelegaciones:
        entrada["subdelegaciones"] = sorted(declaracion.subdelegaciones)
    entrada["fuente"] = declaracion.fuente
    return entrada


def escribir_documento(declaraciones: Iterable[DiaInhabilDeclarado]) -> dict[str, Any]:
    return {"dias_inhabiles": [declaracion_a_entrada(d) for d in declaraciones]}
