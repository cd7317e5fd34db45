"""`buzon opinion evaluar --lote F.jsonl`: the decision alone (`legal.opinion.evaluar`), for
integrators and audits, one JSON object per line:

    {"registros": [{"registro", "modalidad", "situacion", "trabajadores"}],
     "creditos": [{"credito", "registro", "situacion", "importe", "concepto"?, "periodo"?}]}

→ `{"sentido", "motivos": [..]}`; a bad line → `{"linea": N, "error": "<Spanish>"}` and the rest
still compute. Nothing is read from or written to the database; no acuse is issued.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import CreditoOpinion, RegistroOpinion, evaluar


class ErrorLinea(ValueError):
    pass


def _lista(objeto: dict[str, Any], clave: str) -> list[dict[str, Any]]:
    valor = objeto.get(clave, [])
    if not isinstance(valor, list) or not all(isinstance(v, dict) for v in valor):
        raise ErrorLinea(f"«{clave}» debe ser una lista de objetos JSON.")
    return valor


def _texto(fila: dict[str, Any], clave: str, donde: str, defecto: str | None = None) -> str:
    valor = fila.get(clave, defecto)
    if not isinstance(valor, str):
        raise ErrorLinea(f"{donde}: «{clave}» debe ser texto.")
    return valor


def _importe(fila: dict[str, Any], donde: str) -> Decimal:
    valor = fila.get("importe")
    if isinstance(valor, bool) or not isinstance(valor, str | int | float):
        raise ErrorLinea(f'{donde}: «importe» debe ser una cantidad, por ejemplo "1234.56".')
    try:
        return Decimal(str(valor))
    except InvalidOperation:
        raise ErrorLinea(f"{donde}: «importe» no es una cantidad: {valor!r}.") from None


def evaluar_linea(texto: str) -> dict[str, Any]:
    """The dictamen of one line, or ErrorLinea / ErrorLegal with a Spanish message."""
    try:
        objeto = json.loads(texto)
    except json.JSONDecodeError as exc:
        raise ErrorLinea(f"no es JSON válido ({exc.msg}, columna {exc.colno}).") from None
    if not isinstance(objeto, dict):
        raise ErrorLinea("cada línea debe ser un objeto JSON con «registros» y «creditos».")
    registros = []
    for i, r in enumerate(_lista(objeto, "registros")):
        donde = f"registros[{i}]"
        trabajadores = r.get("trabajadores", 0)
        if isinstance(trabajadores, bool) or not isinstance(trabajadores, int):
            raise ErrorLinea(f"{donde}: «trabajadores» debe ser un número entero.")
        registros.append(
            RegistroOpinion(
                _texto(r, "registro", donde),
                _texto(r, "modalidad", donde, "10"),
                _texto(r, "situacion", donde, "vigente"),
                trabajadores,
            )
        )
    creditos = []
    for i, c in enumerate(_lista(objeto, "creditos")):
        donde = f"creditos[{i}]"
        creditos.append(
            CreditoOpinion(
                _texto(c, "credito", donde),
                _texto(c, "registro", donde, ""),
                _texto(c, "situacion", donde),
                _importe(c, donde),
                _texto(c, "concepto", donde, ""),
                _texto(c, "periodo", donde, ""),
            )
        )
    dictamen = evaluar(registros, creditos)
    return {"sentido": dictamen.sentido, "motivos": list(dictamen.motivos)}


def resultado_de_linea(texto: str, numero: int) -> tuple[dict[str, Any], bool]:
    """(the output object, whether it succeeded) of line `numero` (from 1)."""
    try:
        return evaluar_linea(texto), True
    except ErrorLegal as exc:
        campo = f" (campo «{exc.campo}»)" if exc.campo else ""
        return {"linea": numero, "error": f"{exc.mensaje}{campo}"}, False
    except ErrorLinea as exc:
        return {"linea": numero, "error": str(exc)}, False
