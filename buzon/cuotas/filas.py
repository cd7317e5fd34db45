"""One row of the afiliación files (pure: no Django import): the columns of each file, the rules of
each field and the validators, which name every field at fault. The files as a whole are read by
`buzon.cuotas.archivo`; docs/cuotas.md, «Ledger», is the reference.

Movements (`buzon afiliacion importar`): `registro_patronal,nss,curp,nombre,tipo,fecha,sbc,dias`.
`08` alta o reingreso and `07` modificación de salario carry the SBC (LSS 15-I, 34); `02` baja
carries only its date (LSS 37); `11` ausentismo and `12` incapacidad carry their days (LSS 31).
Primas (`buzon afiliacion primas`): `registro_patronal,vigente_desde,prima`; a prima de riesgos de
trabajo runs from 1 March to the last day of February (the yearly review of LSS 74, as the
Reglamento en materia de afiliación, clasificación de empresas, recaudación y fiscalización
schedules it) and stays between 0.5 % and 15 % (LSS 74, third paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.mx import curp as stdnum_curp

from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import normalizar_nss
from buzon.padron.filas import normalizar_registro
from buzon.padron.lectura import ErrorFila

COLUMNAS_MOVIMIENTOS = (
    "registro_patronal",
    "nss",
    "curp",
    "nombre",
    "tipo",
    "fecha",
    "sbc",
    "dias",
)
COLUMNAS_PRIMAS = ("registro_patronal", "vigente_desde", "prima")
LARGO_NOMBRE = 200

#: The movement types of the IMSS (IDSE/SUA keys) and what each one carries.
TIPOS = {
    "08": "alta o reingreso",
    "07": "modificación de salario",
    "02": "baja",
    "11": "ausentismo",
    "12": "incapacidad",
}
CON_SALARIO = frozenset({"08", "07"})
CON_DIAS = frozenset({"11", "12"})
DIAS_MAXIMOS = 31
#: SBC: pesos per day with at most two decimals, up to 9 digits (the database column).
SBC_MAXIMO = Decimal("9999999.99")
#: LSS 74, third paragraph: "la prima mínima y máxima, que serán de cero punto cinco por ciento y
#: quince por ciento de los salarios base de cotización". Percent, five decimals (LSS 73's table).
PRIMA_MINIMA = Decimal("0.50000")
PRIMA_MAXIMA = Decimal("15.00000")
CENTAVO = Decimal("0.01")
CIENMILESIMA = Decimal("0.00001")

_DECIMAL = re.compile(r"\d+(\.\d+)?")
_FECHA = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTERO = re.compile(r"\d{1,3}")


@dataclass(frozen=True, slots=True)
class FilaMovimiento:
    linea: int
    registro: str
    nss: str
    curp: str
    nombre: str
    tipo: str
    fecha: date
    sbc: Decimal | None
    dias: int | None


@dataclass(frozen=True, slots=True)
class FilaPrima:
    linea: int
    registro: str
    vigente_desde: date
    prima: Decimal


# --- one value at a time ---------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def normalizar_curp(valor: str) -> str:
    """The CURP in upper case, with its check digit and birth date verified (python-stdnum)."""
    limpio = valor.strip().upper()
    if not limpio:
        raise ErrorLegal("falta la CURP del asegurado: escriba sus 18 caracteres.", "curp")
    try:
        return str(stdnum_curp.validate(limpio))
    except ValidationError:
        raise ErrorLegal(
            f"«{valor.strip()}» no es una CURP válida (18 caracteres con su dígito verificador, "
            "por ejemplo BOXW310820HNERXN09): cópiela de la constancia de CURP.",
            "curp",
        ) from None


def normalizar_nombre(valor: str) -> str:
    limpio = " ".join(valor.split())
    if not limpio:
        raise ErrorLegal(
            "falta el nombre del asegurado: escríbalo como aparece en su CURP.", "nombre"
        )
    if len(limpio) > LARGO_NOMBRE:
        raise ErrorLegal(
            f"tiene {len(limpio)} caracteres y el máximo es {LARGO_NOMBRE}: abrévielo.", "nombre"
        )
    return limpio


def normalizar_tipo(valor: str) -> str:
    limpio = valor.strip()
    if limpio.isdigit() and len(limpio) == 1:
        limpio = "0" + limpio
    if limpio in TIPOS:
        return limpio
    raise ErrorLegal(
        f"«{valor.strip()}» no es un tipo de movimiento: escriba 08 (alta o reingreso), 07 "
        "(modificación de salario), 02 (baja), 11 (ausentismo) o 12 (incapacidad).",
        "tipo",
    )


def leer_fecha(valor: str, campo: str) -> date:
    limpio = valor.strip()
    try:
        if not _FECHA.fullmatch(limpio):
            raise ValueError(limpio)
        return date.fromisoformat(limpio)
    except ValueError:
        raise ErrorLegal(
            f"«{limpio}» no es una fecha: escríbala como AAAA-MM-DD (por ejemplo 2026-04-01)."
            if limpio
            else "falta la fecha: escríbala como AAAA-MM-DD (por ejemplo 2026-04-01).",
            campo,
        ) from None


def leer_sbc(valor: str) -> Decimal:
    """A salario base de cotización: pesos per day, greater than zero, at most two decimals."""
    limpio = valor.strip()
    cantidad: Decimal | None = None
    if _DECIMAL.fullmatch(limpio):
        try:
            cantidad = Decimal(limpio)
        except InvalidOperation:
            cantidad = None
    if (
        cantidad is None
        or cantidad <= 0
        or cantidad > SBC_MAXIMO
        or cantidad != cantidad.quantize(CENTAVO)
    ):
        raise ErrorLegal(
            f"«{limpio}» no es un salario base de cotización: escriba pesos diarios mayores que "
            "cero, con punto decimal y a lo más dos decimales (por ejemplo 452.75)."
            if limpio
            else "falta el salario base de cotización de este movimiento: escriba pesos diarios "
            "con a lo más dos decimales (por ejemplo 452.75).",
            "sbc",
        )
    return cantidad.quantize(CENTAVO)


def leer_dias(valor: str) -> int:
    limpio = valor.strip()
    if not _ENTERO.fullmatch(limpio) or not 1 <= int(limpio) <= DIAS_MAXIMOS:
        raise ErrorLegal(
            f"«{limpio}» no es un número de días: escriba un entero de 1 a {DIAS_MAXIMOS}."
            if limpio
            else f"faltan los días de este movimiento: escriba un entero de 1 a {DIAS_MAXIMOS}.",
            "dias",
        )
    return int(limpio)


def leer_prima(valor: str) -> Decimal:
    """The prima de riesgos de trabajo in percent, five decimals at most, 0.5 to 15 (LSS 74)."""
    limpio = valor.strip()
    cantidad: Decimal | None = None
    if _DECIMAL.fullmatch(limpio):
        try:
            cantidad = Decimal(limpio)
        except InvalidOperation:
            cantidad = None
    if cantidad is None or cantidad != cantidad.quantize(CIENMILESIMA):
        raise ErrorLegal(
            f"«{limpio}» no es una prima: escriba el porcentaje con punto decimal y a lo más "
            "cinco decimales (por ejemplo 0.54355)."
            if limpio
            else "falta la prima: escriba el porcentaje con a lo más cinco decimales (por "
            "ejemplo 0.54355).",
            "prima",
        )
    if not PRIMA_MINIMA <= cantidad <= PRIMA_MAXIMA:
        raise ErrorLegal(
            f"la prima {limpio} % está fuera de los límites de la ley (LSS 74: de 0.5 % a 15 %): "
            "revise que esté escrita en porcentaje (0.54355, no 0.0054355).",
            "prima",
        )
    return cantidad.quantize(CIENMILESIMA)


def inicio_de_periodo_prima(dia: date) -> date:
    """The 1 March that opens the prima's period containing `dia` (1 March – end of February)."""
    return date(dia.year if dia.month >= 3 else dia.year - 1, 3, 1)


def leer_vigente_desde(valor: str) -> date:
    dia = leer_fecha(valor, "vigente_desde")
    if (dia.month, dia.day) != (3, 1):
        raise ErrorLegal(
            f"la prima de riesgos de trabajo rige del 1 de marzo al último día de febrero: "
            f"escriba {inicio_de_periodo_prima(dia).isoformat()} en lugar de {dia.isoformat()}.",
            "vigente_desde",
        )
    return dia


# --- whole rows --------------------------------------------------------------------------------


def _tomador(
    celdas: Mapping[str, str], problemas: list[tuple[str | None, str]]
) -> Callable[[str, Callable[[str], Any]], Any]:
    def tomar(columna: str, funcion: Callable[[str], Any]) -> Any:
        try:
            return funcion(celdas[columna])
        except ErrorLegal as exc:
            problemas.append((exc.campo or columna, exc.mensaje))
            return None

    return tomar


def validar_movimiento(linea: int, celdas: Mapping[str, str]) -> FilaMovimiento:
    """One movement row, normalised; ErrorFila naming every field at fault."""
    problemas: list[tuple[str | None, str]] = []
    tomar = _tomador(celdas, problemas)
    registro = tomar("registro_patronal", normalizar_registro)
    nss = tomar("nss", normalizar_nss)
    curp = tomar("curp", normalizar_curp)
    nombre = tomar("nombre", normalizar_nombre)
    tipo = tomar("tipo", normalizar_tipo)
    fecha = tomar("fecha", lambda v: leer_fecha(v, "fecha"))
    sbc: Decimal | None = None
    dias: int | None = None
    if tipo is not None:
        nombre_tipo = f"{tipo} ({TIPOS[tipo]})"
        if tipo in CON_SALARIO:
            sbc = tomar("sbc", leer_sbc)
        elif celdas["sbc"].strip():
            problemas.append(
                ("sbc", f"un movimiento {nombre_tipo} no lleva salario: deje la celda vacía.")
            )
        if tipo in CON_DIAS:
            dias = tomar("dias", leer_dias)
        elif celdas["dias"].strip():
            problemas.append(
                ("dias", f"un movimiento {nombre_tipo} no lleva días: deje la celda vacía.")
            )
    if problemas:
        raise ErrorFila(linea, problemas)
    assert registro and nss and curp and nombre and tipo and fecha
    return FilaMovimiento(linea, registro, nss, curp, nombre, tipo, fecha, sbc, dias)


def validar_prima(linea: int, celdas: Mapping[str, str]) -> FilaPrima:
    """One prima row, normalised; ErrorFila naming every field at fault."""
    problemas: list[tuple[str | None, str]] = []
    tomar = _tomador(celdas, problemas)
    registro = tomar("registro_patronal", normalizar_registro)
    desde = tomar("vigente_desde", leer_vigente_desde)
    prima = tomar("prima", leer_prima)
    if problemas:
        raise ErrorFila(linea, problemas)
    assert registro and desde and prima is not None
    return FilaPrima(linea, registro, desde, prima)
