"""The sentido of the opinión del cumplimiento de obligaciones fiscales en materia de seguridad
social (CFF 32-D; relación de trámites 9.1–9.4 of the Lineamientos del Buzón IMSS) [I-65].

Pure: no Django. `evaluar(registros, creditos)` takes what the padrón, the afiliación ledger and
the collection system say of one RFC and answers `positiva`, `negativa` or `sin_opinion`, with
its reasons in Spanish (which registro, which credit and how much) so a person can act:

- no registro patronal → `sin_opinion` ("no se encuentra registrado como patrón");
- the workers counted leave out the registros of modalidades 32, 33 and 40 (voluntary schemes);
- some registro `vigente` or `suspendido`: an `exigible` credit → `negativa`; otherwise workers
  in force → `positiva`; otherwise `sin_opinion`;
- every registro `baja`: an `exigible` credit → `negativa`; otherwise `sin_opinion`;
- credits `convenio`, `garantizado` and `impugnado` do not make it negative; `pagado` and
  `cancelado` never count.

Values outside the catalogues raise `ErrorOpinion` (an `ErrorLegal`) naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buzon.legal.errores import ErrorLegal

SENTIDOS = ("positiva", "negativa", "sin_opinion")
POSITIVA, NEGATIVA, SIN_OPINION = SENTIDOS

#: Situación of a registro patronal in the padrón.
SITUACIONES_REGISTRO = ("vigente", "baja", "suspendido")
#: Situación of a crédito fiscal in the collection system.
SITUACIONES_CREDITO = ("exigible", "pagado", "convenio", "garantizado", "impugnado", "cancelado")
#: Credits that would be exigible but whose collection is suspended or agreed: not negative.
SUSPENDIDOS = ("convenio", "garantizado", "impugnado")
#: Credits that no longer exist for the opinión.
EXTINGUIDOS = ("pagado", "cancelado")
#: Modalidades de aseguramiento whose workers are not counted (voluntary schemes): 32 seguro
#: facultativo, 33 seguro de salud para la familia, 40 continuación voluntaria.
MODALIDADES_VOLUNTARIAS = frozenset({"32", "33", "40"})
MODALIDAD_GENERAL = "10"
_MODALIDAD = re.compile(r"[0-9]{2}\Z")

_POR_QUE = {
    "convenio": "tiene convenio de pago a plazos al corriente",
    "garantizado": "está garantizado",
    "impugnado": "está impugnado y su cobro suspendido mientras se resuelve el medio de defensa",
}


class ErrorOpinion(ErrorLegal):
    """A value the decision does not know (the field is named in `campo`)."""


@dataclass(frozen=True)
class RegistroOpinion:
    registro: str
    modalidad: str
    situacion: str
    trabajadores: int


@dataclass(frozen=True)
class CreditoOpinion:
    credito: str
    registro: str
    situacion: str
    importe: Decimal
    concepto: str = ""
    periodo: str = ""


@dataclass(frozen=True)
class Dictamen:
    sentido: str
    motivos: tuple[str, ...]


def pesos(importe: Decimal) -> str:
    """$1,234.56 (two decimals, half up)."""
    return f"${importe.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def _revisar_registro(r: RegistroOpinion) -> None:
    if not isinstance(r.registro, str) or not r.registro.strip():
        raise ErrorOpinion(
            "falta el registro patronal: escríbalo con sus 11 caracteres.", "registro"
        )
    if not isinstance(r.modalidad, str) or not _MODALIDAD.match(r.modalidad):
        raise ErrorOpinion(
            f"«{r.modalidad}» no es una modalidad de aseguramiento del registro {r.registro}: "
            "escriba sus dos dígitos (por ejemplo 10).",
            "modalidad",
        )
    if r.situacion not in SITUACIONES_REGISTRO:
        raise ErrorOpinion(
            f"«{r.situacion}» no es una situación del registro patronal {r.registro}: use "
            "vigente, baja o suspendido.",
            "situacion",
        )
    if isinstance(r.trabajadores, bool) or not isinstance(r.trabajadores, int):
        raise ErrorOpinion(
            f"los trabajadores del registro {r.registro} deben ser un número entero.",
            "trabajadores",
        )
    if r.trabajadores < 0:
        raise ErrorOpinion(
            f"los trabajadores del registro {r.registro} no pueden ser negativos "
            f"({r.trabajadores}).",
            "trabajadores",
        )


def _revisar_credito(c: CreditoOpinion) -> None:
    if not isinstance(c.credito, str) or not c.credito.strip():
        raise ErrorOpinion("falta el número del crédito fiscal: escríbalo.", "credito")
    if c.situacion not in SITUACIONES_CREDITO:
        raise ErrorOpinion(
            f"«{c.situacion}» no es una situación del crédito {c.credito}: use "
            f"{', '.join(SITUACIONES_CREDITO[:-1])} o {SITUACIONES_CREDITO[-1]}.",
            "situacion",
        )
    if not isinstance(c.importe, Decimal) or not c.importe.is_finite() or c.importe < 0:
        raise ErrorOpinion(
            f"el importe del crédito {c.credito} debe ser una cantidad de pesos no negativa, por "
            "ejemplo 1234.56.",
            "importe",
        )


def _credito(c: CreditoOpinion) -> str:
    """«crédito 123 (cuotas obrero-patronales, 2026-03) del registro patronal Y5412345108»."""
    detalle = ", ".join(x for x in (c.concepto.strip(), c.periodo.strip()) if x)
    texto = f"el crédito fiscal {c.credito}"
    if detalle:
        texto += f" ({detalle})"
    if c.registro:
        texto += f" del registro patronal {c.registro}"
    return texto


def _cuenta(registro: RegistroOpinion) -> int:
    return 0 if registro.modalidad in MODALIDADES_VOLUNTARIAS else registro.trabajadores


def _trabajadores(n: int) -> str:
    return "1 trabajador" if n == 1 else f"{n} trabajadores"


def evaluar(registros: Sequence[RegistroOpinion], creditos: Sequence[CreditoOpinion]) -> Dictamen:
    """The sentido and its reasons; the reasons are in a fixed order whatever the order of the
    input: the registros by registro, then the credits by (registro, crédito) [I-65]."""
    for r in registros:
        _revisar_registro(r)
    for c in creditos:
        _revisar_credito(c)
    if not registros:
        return Dictamen(
            SIN_OPINION,
            (
                "El RFC no se encuentra registrado como patrón ante el IMSS: no tiene registros "
                "patronales en el padrón, por lo que no se emite opinión.",
            ),
        )
    ordenados = sorted(
        registros, key=lambda r: (r.registro, r.modalidad, r.situacion, r.trabajadores)
    )
    ordenados_c = sorted(
        creditos,
        key=lambda c: (c.registro, c.credito, c.situacion, c.importe, c.concepto, c.periodo),
    )
    exigibles = [c for c in ordenados_c if c.situacion == "exigible"]
    suspendidos = [c for c in ordenados_c if c.situacion in SUSPENDIDOS]
    activos = [r for r in ordenados if r.situacion != "baja"]
    trabajadores = sum(_cuenta(r) for r in ordenados)

    motivos: list[str] = []
    for r in ordenados:
        texto = f"Registro patronal {r.registro}, modalidad {r.modalidad}: {r.situacion}"
        if r.modalidad in MODALIDADES_VOLUNTARIAS:
            texto += (
                f", con {_trabajadores(r.trabajadores)} que no se cuentan (la modalidad "
                f"{r.modalidad} es de aseguramiento voluntario)."
            )
        else:
            texto += f", con {_trabajadores(r.trabajadores)} vigentes."
        motivos.append(texto)
    for c in exigibles:
        motivos.append(
            f"Tiene {_credito(c)}, exigible por {pesos(c.importe)}: páguelo o solicite un "
            "convenio de pago a plazos o garantícelo ante el IMSS para que deje de impedir la "
            "opinión positiva."
        )
    for c in suspendidos:
        motivos.append(
            f"{_credito(c)[0].upper()}{_credito(c)[1:]}, por {pesos(c.importe)}, "
            f"{_POR_QUE[c.situacion]}: no hace negativa la opinión."
        )

    if exigibles:
        total = sum((c.importe for c in exigibles), Decimal(0))
        cuantos = (
            "1 crédito fiscal exigible"
            if len(exigibles) == 1
            else (f"{len(exigibles)} créditos fiscales exigibles")
        )
        motivos.append(f"Opinión negativa: {cuantos} por un total de {pesos(total)}.")
        return Dictamen(NEGATIVA, tuple(motivos))
    if not activos:
        motivos.append(
            "Todos los registros patronales del RFC están dados de baja y no tiene créditos "
            "fiscales exigibles: no se emite opinión."
        )
        return Dictamen(SIN_OPINION, tuple(motivos))
    if trabajadores > 0:
        motivos.append(
            f"Opinión positiva: no tiene créditos fiscales exigibles y tiene "
            f"{_trabajadores(trabajadores)} vigentes."
        )
        return Dictamen(POSITIVA, tuple(motivos))
    motivos.append(
        "No tiene créditos fiscales exigibles, pero ninguno de sus registros patronales tiene "
        "trabajadores vigentes (sin contar las modalidades 32, 33 y 40): no se emite opinión."
    )
    return Dictamen(SIN_OPINION, tuple(motivos))
