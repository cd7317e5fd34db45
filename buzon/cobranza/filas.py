"""One row of the créditos fiscales file (pure: no Django import): its columns, the rules of each
field and `validar_credito`, which names every field at fault. The file as a whole is read by
`buzon.cobranza.archivo`; docs/cobranza.md is the reference.

`rfc,registro_patronal,credito,concepto,periodo,importe,situacion`, one row per crédito fiscal as
the Institute's collection system reports it; `situacion` is one of the opinión's catalogue
(`buzon.legal.opinion.SITUACIONES_CREDITO`) [I-66].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import SITUACIONES_CREDITO
from buzon.legal.rfc import normalizar_rfc
from buzon.padron.filas import normalizar_registro
from buzon.padron.lectura import ErrorFila

COLUMNAS = ("rfc", "registro_patronal", "credito", "concepto", "periodo", "importe", "situacion")
ENCABEZADO = ",".join(COLUMNAS)
LARGO_CREDITO = 20
LARGO_CONCEPTO = 200
#: Pesos with two decimals, up to 14 digits (the database column).
IMPORTE_MAXIMO = Decimal("999999999999.99")
CENTAVO = Decimal("0.01")

_CREDITO = re.compile(r"[A-Z0-9][A-Z0-9/-]*\Z")
_IMPORTE = re.compile(r"\d+(\.\d{1,2})?\Z")
#: AAAA-MM (monthly, cuotas) or AAAA-Bn (bimonthly, RCV and INFONAVIT), or empty (a fine).
_PERIODO = re.compile(r"\d{4}-(0[1-9]|1[0-2]|B[1-6])\Z")


@dataclass(frozen=True, slots=True)
class FilaCredito:
    linea: int
    rfc: str
    registro: str
    credito: str
    concepto: str
    periodo: str
    importe: Decimal
    situacion: str


# --- one value at a time ---------------------------------------------------------------------


def normalizar_credito(valor: str) -> str:
    limpio = valor.strip().upper().replace(" ", "")
    if not limpio:
        raise ErrorLegal(
            "falta el número del crédito fiscal: escríbalo como lo emite el IMSS.", "credito"
        )
    if len(limpio) > LARGO_CREDITO or not _CREDITO.match(limpio):
        raise ErrorLegal(
            f"«{valor.strip()}» no es un número de crédito fiscal: use hasta {LARGO_CREDITO} "
            "letras, dígitos, guiones o diagonales, como lo emite el IMSS.",
            "credito",
        )
    return limpio


def normalizar_importe(valor: str) -> Decimal:
    limpio = valor.strip()
    if not limpio:
        raise ErrorLegal("falta el importe del crédito: escriba los pesos, ej. 1234.56.", "importe")
    if not _IMPORTE.match(limpio):
        raise ErrorLegal(
            f"«{limpio}» no es un importe: escriba pesos con punto decimal y a lo más dos "
            "decimales, sin «$» ni separador de miles (ej. 1234.56).",
            "importe",
        )
    try:
        importe = Decimal(limpio).quantize(CENTAVO)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ErrorLegal(f"«{limpio}» no es un importe.", "importe") from exc
    if importe <= 0:
        raise ErrorLegal(
            "el importe debe ser mayor que cero: un crédito pagado se informa con la situación "
            "pagado y su importe original.",
            "importe",
        )
    if importe > IMPORTE_MAXIMO:
        raise ErrorLegal(
            f"el importe {limpio} excede el máximo admitido ({IMPORTE_MAXIMO}): revíselo.",
            "importe",
        )
    return importe


def normalizar_situacion(valor: str) -> str:
    limpio = valor.strip().lower()
    if limpio in SITUACIONES_CREDITO:
        return limpio
    inicio = "falta la situación del crédito" if not limpio else f"«{valor.strip()}» no es una"
    if limpio:
        inicio += " situación de crédito fiscal"
    raise ErrorLegal(
        f"{inicio}: escriba {', '.join(SITUACIONES_CREDITO[:-1])} o {SITUACIONES_CREDITO[-1]}.",
        "situacion",
    )


def normalizar_periodo(valor: str) -> str:
    limpio = valor.strip().upper()
    if not limpio or _PERIODO.match(limpio):
        return limpio
    raise ErrorLegal(
        f"«{valor.strip()}» no es un periodo: escriba AAAA-MM (mensual), AAAA-Bn (bimestral, "
        "n de 1 a 6) o déjelo vacío si el crédito no es de un periodo (por ejemplo una multa).",
        "periodo",
    )


def normalizar_concepto(valor: str) -> str:
    limpio = " ".join(valor.split())
    if len(limpio) > LARGO_CONCEPTO:
        raise ErrorLegal(
            f"tiene {len(limpio)} caracteres y el máximo es {LARGO_CONCEPTO}: abrévielo.",
            "concepto",
        )
    return limpio


def _rfc(valor: str) -> str:
    if not valor.strip():
        raise ErrorLegal(
            "falta el RFC del patrón: escríbalo (12 o 13 caracteres, por ejemplo XAXX010101000).",
            "rfc",
        )
    return normalizar_rfc(valor)


def validar_credito(linea: int, celdas: Mapping[str, str]) -> FilaCredito:
    """One row of the file, normalised; ErrorFila naming every field at fault."""
    problemas: list[tuple[str | None, str]] = []

    def tomar(columna: str, funcion: Callable[[str], object]) -> object:
        try:
            return funcion(celdas[columna])
        except ErrorLegal as exc:
            problemas.append((columna, exc.mensaje))
            return None

    valores = {
        "rfc": tomar("rfc", _rfc),
        "registro": tomar("registro_patronal", normalizar_registro),
        "credito": tomar("credito", normalizar_credito),
        "concepto": tomar("concepto", normalizar_concepto),
        "periodo": tomar("periodo", normalizar_periodo),
        "importe": tomar("importe", normalizar_importe),
        "situacion": tomar("situacion", normalizar_situacion),
    }
    if problemas:
        raise ErrorFila(linea, problemas)
    return FilaCredito(linea=linea, **valores)  # type: ignore[arg-type]
