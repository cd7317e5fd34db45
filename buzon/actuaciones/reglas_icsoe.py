"""PURE. The ICSOE rules (LSS 15 A; relación de trámites, numeral 6): the period and its due date,
the workers' CSV and the check digits of each worker's CURP and NSS.

LSS 15 A, third paragraph: whoever provides specialised services or works "deberá proporcionar
cuatrimestralmente a más tardar el día 17 de los meses de enero, mayo y septiembre, la información
de los contratos celebrados en el cuatrimestre de que se trate": the cuatrimestre enero–abril is
due on 17 May, mayo–agosto on 17 September, septiembre–diciembre on 17 January of the next year
[I-34]. Fraction II asks, per contract, the "relación de trabajadores … indicando su nombre,
CURP, número de seguridad social y salario base de cotización": the CSV below.

The workers' CSV (UTF-8, an optional BOM, comma-separated, RFC 4180 quoting), header first:
`contrato,nombre,curp,nss,salario_base_cotizacion`; up to 3,000 rows. `contrato` is the
`numero` of one of the filing's contracts. Every bad row is reported (line, column, Spanish
message); a file with any bad row is refused whole.

NSS check digit: the 11th digit of the número de seguridad social is the Luhn (mod 10) digit of
the first ten, weights 1, 2, 1, 2… from the left, the digits of each product added (IMSS,
Dirección de Afiliación y Cobranza, «Bases para la integración de números de seguridad social»;
worked example 9291908443 → 1). It is the same digit as ISO/IEC 7812-1's Luhn over ten digits
(`buzon.legal.nss.digito_nss`, shared with the afiliación ledger).

Imports only the standard library, python-stdnum and buzon.legal (no Django).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.mx import curp as stdnum_curp

from buzon.legal.calendario import Calendario
from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import digito_nss as digito_nss
from buzon.legal.rfc import normalizar_rfc

#: The cuatrimestres of LSS 15 A: (first month, last month, month the filing is due).
CUATRIMESTRES = {
    "enero-abril": (1, 4, 5),
    "mayo-agosto": (5, 8, 9),
    "septiembre-diciembre": (9, 12, 1),
}
DIA_LIMITE = 17
COLUMNAS = ("contrato", "nombre", "curp", "nss", "salario_base_cotizacion")
MAXIMO_FILAS = 3000
#: Errors listed at most (a file with more is still refused; the rest are counted).
MAXIMO_ERRORES = 200

_NSS = re.compile(r"^\d{11}$")
_SALARIO = re.compile(r"^\d{1,9}(\.\d{1,2})?$")


# --- The period ----------------------------------------------------------------------------------


def periodo(ejercicio: int, cuatrimestre: str) -> tuple[date, date]:
    """The first and last day of the cuatrimestre."""
    inicio, fin, _ = _cuatrimestre(cuatrimestre)
    ultimo = date(ejercicio + (fin == 12), 1 if fin == 12 else fin + 1, 1)
    return date(ejercicio, inicio, 1), date.fromordinal(ultimo.toordinal() - 1)


def fecha_limite(ejercicio: int, cuatrimestre: str) -> date:
    """LSS 15 A: the 17th of the month after the cuatrimestre (January of the next year for
    septiembre–diciembre), as the law writes it."""
    _, fin, mes = _cuatrimestre(cuatrimestre)
    return date(ejercicio + (fin == 12), mes, DIA_LIMITE)


def fecha_limite_habil(ejercicio: int, cuatrimestre: str, calendario: Calendario) -> date:
    """The due date moved to the next día hábil when the 17th is not one (CFF 12, applied to the
    LSS by its art. 9: "se prorrogará el plazo hasta el siguiente día hábil") [I-34]."""
    return calendario.habil_o_siguiente(fecha_limite(ejercicio, cuatrimestre))


def _cuatrimestre(cuatrimestre: str) -> tuple[int, int, int]:
    try:
        return CUATRIMESTRES[cuatrimestre]
    except KeyError:
        raise ErrorLegal(
            f"«{cuatrimestre}» no es un cuatrimestre: elija enero-abril, mayo-agosto o "
            "septiembre-diciembre.",
            "cuatrimestre",
        ) from None


# --- The filing's datos --------------------------------------------------------------------------

#: The clave of the trámite these rules belong to (every version of it).
CLAVE = "icsoe"


def revisar_vigencias(datos: Mapping[str, Any]) -> None:
    """Each contract's term: its end (`fecha_fin`, when given) is not before its start. The same
    day is accepted (a one-day service or work). ErrorLegal names the first contract at fault."""
    contratos = datos.get("contratos")
    for i, contrato in enumerate(contratos if isinstance(contratos, list) else []):
        inicio, fin = contrato.get("fecha_inicio"), contrato.get("fecha_fin")
        if isinstance(inicio, str) and isinstance(fin, str) and fin < inicio:
            raise ErrorLegal(
                f"El fin de vigencia del contrato ({fin}) es anterior a su inicio ({inicio}): "
                "escriba en «Fin de vigencia» una fecha igual o posterior al inicio.",
                f"contratos[{i}].fecha_fin",
            )


def fecha_limite_de(datos: Mapping[str, Any], calendario: Calendario) -> date | None:
    """The due date of the filing's period, moved to a día hábil of `calendario` [I-34]; None when
    the datos do not name a period (never for datos valid under any version of the ICSOE)."""
    ejercicio, cuatrimestre = datos.get("ejercicio"), datos.get("cuatrimestre")
    if not isinstance(ejercicio, int) or cuatrimestre not in CUATRIMESTRES:
        return None
    return fecha_limite_habil(ejercicio, str(cuatrimestre), calendario)


# --- Check digits --------------------------------------------------------------------------------


def revisar_nss(valor: str) -> str:
    limpio = valor.strip().replace(" ", "").replace("-", "")
    if not _NSS.match(limpio):
        raise ErrorLegal(
            f"«{valor}» no es un número de seguridad social: debe tener 11 dígitos.", "nss"
        )
    if digito_nss(limpio[:10]) != limpio[10]:
        raise ErrorLegal(
            f"El número de seguridad social {limpio} no es válido: su dígito verificador no "
            "corresponde. Cópielo de la constancia del IMSS del trabajador.",
            "nss",
        )
    return limpio


def revisar_curp(valor: str) -> str:
    limpio = valor.strip().upper()
    try:
        return str(stdnum_curp.validate(limpio))
    except ValidationError:
        raise ErrorLegal(
            f"«{valor}» no es una CURP válida (18 caracteres con su dígito verificador, por "
            "ejemplo BOXW310820HNERXN09): cópiela de la constancia de CURP.",
            "curp",
        ) from None


def revisar_rfc(valor: str) -> str:
    return normalizar_rfc(valor)


def revisar_salario(valor: str) -> str:
    limpio = valor.strip()
    try:
        positivo = _SALARIO.match(limpio) is not None and Decimal(limpio) > 0
    except InvalidOperation:
        positivo = False
    if not positivo:
        raise ErrorLegal(
            f"«{valor}» no es un salario base de cotización: escriba pesos diarios mayores que "
            "cero, con punto decimal y a lo más dos decimales (por ejemplo 452.75).",
            "salario_base_cotizacion",
        )
    return limpio


# --- The workers' CSV ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Trabajador:
    linea: int
    contrato: str
    nombre: str
    curp: str
    nss: str
    salario_base_cotizacion: str


@dataclass(frozen=True)
class ErrorFila:
    linea: int
    campo: str
    mensaje: str

    def como_json(self) -> dict[str, object]:
        return {"linea": self.linea, "campo": self.campo, "mensaje": self.mensaje}


class ErrorTabla(ValueError):
    """The CSV refused: every bad row found (up to MAXIMO_ERRORES) and how many there were."""

    def __init__(self, errores: list[ErrorFila], total: int | None = None) -> None:
        self.errores = errores[:MAXIMO_ERRORES]
        self.total = total if total is not None else len(errores)
        primero = errores[0]
        donde = f"línea {primero.linea}, {primero.campo}: " if primero.linea else ""
        super().__init__(f"{donde}{primero.mensaje}")
        self.mensaje = (
            f"La relación de trabajadores tiene {self.total} error(es); nada se guardó. "
            f"Primero: {donde}{primero.mensaje}"
        )


def _texto(contenido: bytes) -> str:
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ErrorTabla(
            [ErrorFila(0, "archivo", "El archivo no está en UTF-8: guárdelo como «CSV UTF-8».")]
        ) from None
    if any(not (c.isprintable() or c in "\r\n\t") for c in texto):
        raise ErrorTabla(
            [ErrorFila(0, "archivo", "El archivo tiene caracteres de control: no es un CSV.")]
        )
    return texto


def leer_trabajadores(contenido: bytes, contratos: Iterable[str]) -> list[Trabajador]:
    """Every row of the CSV checked (module docstring); ErrorTabla lists the bad ones."""
    numeros = set(contratos)
    filas = csv.reader(io.StringIO(_texto(contenido), newline=""), strict=True)
    try:
        encabezado = [c.strip().lower() for c in next(filas, [])]
    except csv.Error:
        encabezado = []
    if tuple(encabezado) != COLUMNAS:
        raise ErrorTabla(
            [
                ErrorFila(
                    1,
                    "encabezado",
                    f"La primera línea debe ser exactamente: {','.join(COLUMNAS)}.",
                )
            ]
        )
    trabajadores: list[Trabajador] = []
    errores: list[ErrorFila] = []
    vistos: dict[tuple[str, str], int] = {}
    linea = 1
    try:
        for fila in filas:
            linea = filas.line_num
            if not any(c.strip() for c in fila):
                continue
            if len(trabajadores) + len({e.linea for e in errores}) >= MAXIMO_FILAS:
                errores.append(
                    ErrorFila(linea, "archivo", f"El archivo excede {MAXIMO_FILAS:,} trabajadores.")
                )
                break
            trabajador, propios = _fila(linea, fila, numeros)
            if trabajador is not None:
                clave = (trabajador.contrato, trabajador.curp)
                if clave in vistos:
                    propios.append(
                        ErrorFila(
                            linea,
                            "curp",
                            f"La CURP {trabajador.curp} ya está en la línea {vistos[clave]} "
                            "para el mismo contrato.",
                        )
                    )
                else:
                    vistos[clave] = linea
                    trabajadores.append(trabajador)
            errores.extend(propios)
    except csv.Error:
        errores.append(
            ErrorFila(linea + 1, "archivo", "Comillas mal cerradas: revise el CSV en esa línea.")
        )
    faltantes = sorted(numeros - {t.contrato for t in trabajadores})
    if not errores:
        errores.extend(
            ErrorFila(0, "contrato", f"El contrato «{n}» no tiene trabajadores en la relación.")
            for n in faltantes
        )
    if errores:
        raise ErrorTabla(errores)
    return trabajadores


def _fila(
    linea: int, fila: list[str], contratos: set[str]
) -> tuple[Trabajador | None, list[ErrorFila]]:
    if len(fila) != len(COLUMNAS):
        mensaje = f"Tiene {len(fila)} columnas; se esperan {len(COLUMNAS)}: {','.join(COLUMNAS)}."
        return None, [ErrorFila(linea, "fila", mensaje)]
    contrato, nombre, curp, nss, salario = (c.strip() for c in fila)
    errores: list[ErrorFila] = []
    if contrato not in contratos:
        conocidos = ", ".join(sorted(contratos)) or "ninguno"
        errores.append(
            ErrorFila(
                linea,
                "contrato",
                f"«{contrato}» no es el número de un contrato de esta declaración ({conocidos}).",
            )
        )
    if not nombre or len(nombre) > 300:
        errores.append(ErrorFila(linea, "nombre", "Escriba el nombre (hasta 300 caracteres)."))
    valores: dict[str, str] = {}
    for campo, valor, revisar in (
        ("curp", curp, revisar_curp),
        ("nss", nss, revisar_nss),
        ("salario_base_cotizacion", salario, revisar_salario),
    ):
        try:
            valores[campo] = revisar(valor)
        except ErrorLegal as exc:
            errores.append(ErrorFila(linea, campo, exc.mensaje))
    if errores:
        return None, errores
    return Trabajador(linea, contrato, nombre, **valores), []
