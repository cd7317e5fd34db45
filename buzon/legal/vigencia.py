"""Vigencia de derechos to medical services (relación de trámites 4.3, 10.6; LSS 109) of one worker
on one day, from the periods in which a labour relation was vigente at any registro patronal.

Pure: no Django, exact day arithmetic.

- **vigente**: some relation is vigente that day (from its `08` through its `02`, the baja day
  counted, LSS 37): in force while it lasts.
- **conservada**: no relation that day, but the last one ended (baja) after a continuous run of
  at least 8 weeks (56 days) of cotización immediately before it, counting every employer (a day
  at two is one day; ausentismo and incapacidad days do not interrupt the run, I-117): in force
  through the 56th day after the baja (the eight weeks that follow the desocupación).
- **sin_vigencia**: otherwise; the answer says why (no relation ever; fewer than 56 continuous
  days before the baja; or the eight weeks already ran out, and when).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from buzon.legal.formato import fecha_legible
from buzon.legal.semanas import DIAS_POR_SEMANA, unir

VIGENTE, CONSERVADA, SIN_VIGENCIA = "vigente", "conservada", "sin_vigencia"
ESTADOS = (VIGENTE, CONSERVADA, SIN_VIGENCIA)
#: LSS 109: eight uninterrupted weekly cotizaciones before the baja; kept eight weeks after it.
SEMANAS_REQUERIDAS = 8
SEMANAS_CONSERVADAS = 8
DIAS_REQUERIDOS = SEMANAS_REQUERIDAS * DIAS_POR_SEMANA
DIAS_CONSERVADOS = SEMANAS_CONSERVADAS * DIAS_POR_SEMANA


@dataclass(frozen=True)
class Relacion:
    """A vigente period at one registro: alta through baja (None: still open)."""

    registro: str
    alta: date
    baja: date | None


@dataclass(frozen=True)
class Vigencia:
    estado: str
    #: The last day in force (conservada, or sin_vigencia whose conservación ran out); None while
    #: a relation is vigente (in force as long as it lasts) or when there never was one.
    hasta: date | None
    motivo: str
    registro: str | None  # the relation the answer rests on
    ultima_baja: date | None
    dias_continuos: int  # of cotización immediately before the last baja (or through `dia`)

    @property
    def con_derecho(self) -> bool:
        return self.estado in (VIGENTE, CONSERVADA)


def _semanas(dias: int) -> str:
    semanas, resto = divmod(dias, DIAS_POR_SEMANA)
    texto = f"{semanas} semana{'s' if semanas != 1 else ''}"
    return texto + (f" y {resto} día{'s' if resto != 1 else ''}" if resto else "")


def evaluar(relaciones: Sequence[Relacion], dia: date) -> Vigencia:
    """The vigencia de derechos on `dia` (the constancia's day, Zona Centro)."""
    pasadas = [r for r in relaciones if r.alta <= dia]
    abiertas = [r for r in pasadas if r.baja is None or r.baja >= dia]
    tope = dia.toordinal()
    tramos = unir(
        (r.alta.toordinal(), min(r.baja.toordinal() if r.baja else tope, tope)) for r in pasadas
    )
    if abiertas:
        r = min(abiertas, key=lambda r: (r.alta, r.registro))
        continuos = tramos[-1][1] - tramos[-1][0] + 1
        return Vigencia(
            VIGENTE,
            None,
            f"Tiene una relación laboral vigente con el registro patronal {r.registro} desde el "
            f"{fecha_legible(r.alta)}: sus derechos están vigentes mientras esa relación continúe "
            "(y, al terminar, se conservan 8 semanas si cotizó al menos 8 semanas seguidas antes "
            "de la baja, LSS 109).",
            r.registro,
            None,
            continuos,
        )
    if not tramos:
        return Vigencia(
            SIN_VIGENCIA,
            None,
            "No encontramos ninguna relación laboral suya en los registros de afiliación del "
            "Instituto hasta hoy: no tiene vigencia de derechos como trabajador asegurado.",
            None,
            None,
            0,
        )
    inicio, fin = tramos[-1]
    baja = date.fromordinal(fin)
    ultima = max((r for r in pasadas if r.baja == baja), key=lambda r: (r.alta, r.registro))
    continuos = fin - inicio + 1
    antes = (
        f"Su última baja fue el {fecha_legible(baja)} (registro patronal {ultima.registro}); "
        f"antes de ella cotizó {_semanas(continuos)} seguidas ({continuos} días)"
    )
    if continuos < DIAS_REQUERIDOS:
        return Vigencia(
            SIN_VIGENCIA,
            None,
            f"{antes}. Para conservar los derechos 8 semanas después de la baja se necesitan al "
            f"menos {SEMANAS_REQUERIDAS} cotizaciones semanales ininterrumpidas "
            f"({DIAS_REQUERIDOS} días) inmediatamente antes de ella (LSS 109): no tiene vigencia "
            "de derechos.",
            ultima.registro,
            baja,
            continuos,
        )
    hasta = baja + timedelta(days=DIAS_CONSERVADOS)
    if dia <= hasta:
        return Vigencia(
            CONSERVADA,
            hasta,
            f"{antes}, al menos las {SEMANAS_REQUERIDAS} que pide la ley: conserva el derecho a "
            f"la asistencia médica, quirúrgica, farmacéutica, hospitalaria y de maternidad "
            f"durante las {SEMANAS_CONSERVADAS} semanas siguientes a la baja, hasta el "
            f"{fecha_legible(hasta)} (LSS 109).",
            ultima.registro,
            baja,
            continuos,
        )
    return Vigencia(
        SIN_VIGENCIA,
        hasta,
        f"{antes}: conservó sus derechos las {SEMANAS_CONSERVADAS} semanas siguientes a la baja, "
        f"hasta el {fecha_legible(hasta)} (LSS 109), y ese plazo ya terminó: hoy no tiene "
        "vigencia de derechos.",
        ultima.registro,
        baja,
        continuos,
    )
