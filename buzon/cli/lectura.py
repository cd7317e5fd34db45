"""Reading the values of `buzon plazos` (options, --lote fields): Spanish errors name the field;
and the --lote machinery `buzon plazos` and `buzon cuotas calcular` share."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Set
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from buzon.comun.argumentos import falla_argumento
from buzon.legal.calendario import ENTIDADES
from buzon.legal.errores import ErrorLegal
from buzon.legal.plazos import ZONA_UTC
from buzon.legal.zonas import ZONA_CENTRO


def leer_instante(valor: Any, campo: str) -> datetime:
    """ISO 8601 instant; without offset, Zona Centro wall time, which must exist exactly once."""
    if not isinstance(valor, str) or not valor.strip():
        raise ErrorLegal(
            f"«{campo}» debe ser un instante ISO 8601, ej. 2026-03-20T09:30:00-06:00.", campo
        )
    try:
        instante = datetime.fromisoformat(valor.strip())
    except ValueError as exc:
        raise ErrorLegal(
            f"«{valor}» no es un instante válido para «{campo}»: use AAAA-MM-DDTHH:MM:SS con o sin "
            "desfase, ej. 2026-03-20T09:30:00-06:00.",
            campo,
        ) from exc
    if instante.tzinfo is not None:
        return instante
    return _hora_centro(instante, campo)


def _hora_centro(local: datetime, campo: str) -> datetime:
    temprano = local.replace(tzinfo=ZONA_CENTRO, fold=0)
    tardio = local.replace(tzinfo=ZONA_CENTRO, fold=1)
    if temprano.utcoffset() != tardio.utcoffset():
        ida_y_vuelta = temprano.astimezone(ZONA_UTC).astimezone(ZONA_CENTRO)
        if ida_y_vuelta.replace(tzinfo=None) != local:
            raise ErrorLegal(
                f"{local.isoformat()} no existió en la Zona Centro (cambio de horario): "
                f"indique el desfase en «{campo}».",
                campo,
            )
        raise ErrorLegal(
            f"{local.isoformat()} ocurrió dos veces en la Zona Centro (cambio de horario): "
            f"indique el desfase en «{campo}».",
            campo,
        )
    return temprano


def leer_fecha(valor: Any, campo: str) -> date:
    try:
        if isinstance(valor, str) and len(valor.strip()) == 10:
            return date.fromisoformat(valor.strip())
    except ValueError:
        pass
    raise ErrorLegal(f"«{valor}» no es una fecha válida para «{campo}»: use AAAA-MM-DD.", campo)


def leer_entidad(valor: Any) -> str | None:
    if valor is None or valor == "":
        return None
    if not isinstance(valor, str):
        raise ErrorLegal("«entidad» debe ser un texto, ej. CMX.", "entidad")
    clave = valor.strip().upper().removeprefix("MX-")
    if clave not in ENTIDADES:
        raise ErrorLegal(
            f"«{valor}» no es una entidad: use la clave ISO 3166-2:MX sin «MX-» "
            "(ej. CMX, JAL, BCN).",
            "entidad",
        )
    return clave


def leer_texto_opcional(valor: Any, campo: str) -> str | None:
    if valor is None:
        return None
    if not isinstance(valor, str):
        raise ErrorLegal(f"«{campo}» debe ser un texto.", campo)
    return valor.strip() or None


def formato(valor: datetime | date) -> str:
    return valor.isoformat()


def objeto_de_linea(texto: str, claves: Set[str], ejemplo: str) -> dict[str, Any]:
    """One --lote line as a JSON object (numbers with decimals exact) whose keys are all in
    `claves`; `ErrorLegal` naming what is wrong otherwise."""
    try:
        campos = json.loads(texto, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ErrorLegal(f"La línea no es un objeto JSON válido (columna {exc.colno}).") from exc
    except RecursionError as exc:
        raise ErrorLegal("La línea es un JSON anidado en exceso: no es un objeto válido.") from exc
    if not isinstance(campos, dict):
        raise ErrorLegal(f"La línea debe ser un objeto JSON, ej. {ejemplo}.")
    desconocidas = sorted(set(campos) - set(claves))
    if desconocidas:
        raise ErrorLegal(
            f"Clave desconocida «{desconocidas[0]}»; las válidas son {', '.join(sorted(claves))}.",
            desconocidas[0],
        )
    return campos


def lineas_del_lote(ruta: str, prog: str) -> Iterator[bytes]:
    """Raw lines of --lote (`-`: stdin): each is decoded inside its own try, so a bad byte fails
    only its line."""
    if ruta == "-":
        yield from sys.stdin.buffer
        return
    try:
        with open(ruta, "rb") as archivo:
            yield from archivo
    except OSError as exc:
        falla_argumento(prog, f"--lote: no se pudo leer «{ruta}» ({exc.strerror}).")


def procesar_lineas(
    lineas: Iterable[bytes | str], calcular: Callable[[str], dict[str, Any]], salida: TextIO
) -> int:
    """One result line per input line, in order; bad lines become {"linea", "error"}. Exit
    status: 1 when some line failed, 0 otherwise."""
    fallidas = 0
    bloque: list[str] = []
    for numero, linea in enumerate(lineas, start=1):
        try:
            texto = linea.decode("utf-8") if isinstance(linea, bytes) else linea
            resultado = calcular(texto)
        except ErrorLegal as exc:
            fallidas += 1
            resultado = {"linea": numero, "error": exc.mensaje}
        except UnicodeDecodeError:
            fallidas += 1
            resultado = {"linea": numero, "error": "La línea no está en UTF-8."}
        bloque.append(json.dumps(resultado, ensure_ascii=False))
        if len(bloque) >= 4096:
            salida.write("\n".join(bloque) + "\n")
            bloque.clear()
    if bloque:
        salida.write("\n".join(bloque) + "\n")
    return 1 if fallidas else 0
