"""Semanas cotizadas of one worker (relación de trámites 4.2, 10.5 of the Lineamientos del Buzón
IMSS) from the afiliación movements of every registro patronal that employed them.

Pure: no Django. Exact integer day arithmetic on date ordinals, over lists of closed intervals.

- An **empleo** is one vigencia at one registro: from an `08` alta o reingreso through the next
  `02` baja, the baja day counted (LSS 37; the ledger's rule, `legal.cuotas.movimientos`, I-58);
  still open, through the day of the constancia.
- **Días reconocidos** of an empleo: its vigente days minus its `11` ausentismo days; `12`
  incapacidad days are counted (I-115).
- The worker's **total**: the union of the empleos' recognised days, so a day worked for two
  employers at once is one day (I-116).
- **Semanas** = whole weeks of the total (`dias // 7`); the remainder (`dias % 7`) is shown.
- **Descontadas** (retiro parcial por desempleo, LSS 191-II) and **reintegradas**: the net is
  cotizadas − descontadas + reintegradas; at no date may the weeks reintegradas exceed those
  descontadas until then (I-118).

Bad movements raise `ErrorLegal` (the ledger's own rules, naming the movement and the registro).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from buzon.legal.cuotas.movimientos import Movimiento, validar
from buzon.legal.errores import ErrorLegal

DIAS_POR_SEMANA = 7
DESCONTADAS, REINTEGRADAS = "descontadas", "reintegradas"
TIPOS_AJUSTE = (DESCONTADAS, REINTEGRADAS)

#: A closed interval of days as date ordinals (first, last), both included.
Intervalo = tuple[int, int]


def unir(intervalos: Iterable[Intervalo]) -> list[Intervalo]:
    """The union as sorted disjoint intervals (overlapping or adjacent ones merged)."""
    unidos: list[Intervalo] = []
    for inicio, fin in sorted(intervalos):
        if unidos and inicio <= unidos[-1][1] + 1:
            if fin > unidos[-1][1]:
                unidos[-1] = (unidos[-1][0], fin)
        else:
            unidos.append((inicio, fin))
    return unidos


def restar(base: Sequence[Intervalo], quitados: Iterable[Intervalo]) -> list[Intervalo]:
    """`base` (sorted, disjoint) without the days of `quitados`."""
    resto = list(base)
    for q_inicio, q_fin in unir(quitados):
        nuevo: list[Intervalo] = []
        for inicio, fin in resto:
            if q_fin < inicio or fin < q_inicio:
                nuevo.append((inicio, fin))
                continue
            if inicio < q_inicio:
                nuevo.append((inicio, q_inicio - 1))
            if q_fin < fin:
                nuevo.append((q_fin + 1, fin))
        resto = nuevo
    return resto


def contar(intervalos: Iterable[Intervalo]) -> int:
    return sum(fin - inicio + 1 for inicio, fin in intervalos)


@dataclass(frozen=True)
class Empleo:
    """One vigencia at one registro patronal, with its recognised days up to the constancia."""

    registro: str
    alta: date
    baja: date | None  # None: vigente on the day of the constancia
    ultimo_sbc: Decimal
    dias_vigentes: int
    dias_ausentismo: int
    dias_incapacidad: int
    reconocidos: tuple[Intervalo, ...]

    @property
    def dias_reconocidos(self) -> int:
        return contar(self.reconocidos)


def _dias(m: Movimiento) -> Intervalo:
    return (m.fecha.toordinal(), m.ultimo_dia.toordinal())


def empleos_de(registro: str, movimientos: Sequence[Movimiento], hasta: date) -> list[Empleo]:
    """The empleos of one worker at one registro, up to `hasta` (the constancia's day; later
    days are not yet cotizados). Raises `ErrorLegal` naming the registro when the movements break
    the ledger's rules (a baja without alta, two altas, an ausentismo outside a vigencia…)."""
    try:
        historia = validar(movimientos)
    except ErrorLegal as exc:
        raise ErrorLegal(f"Registro patronal {registro}: {exc.mensaje}", exc.campo) from exc
    tope = hasta.toordinal()
    ausentismos = [_dias(m) for m in historia.ausentismos]
    incapacidades = [_dias(m) for m in historia.incapacidades]
    empleos = []
    for v in historia.vigencias:
        inicio = v.alta.fecha.toordinal()
        if inicio > tope:
            continue
        fin = min(v.baja.fecha.toordinal() if v.baja is not None else tope, tope)
        vigentes = [(inicio, fin)]
        sin_ausentismos = restar(vigentes, ausentismos)
        ultimo = [m for m in v.salarios if m.fecha.toordinal() <= fin][-1]
        assert ultimo.sbc is not None
        empleos.append(
            Empleo(
                registro=registro,
                alta=v.alta.fecha,
                baja=v.baja.fecha if v.baja is not None and v.baja.fecha <= hasta else None,
                ultimo_sbc=ultimo.sbc,
                dias_vigentes=fin - inicio + 1,
                dias_ausentismo=fin - inicio + 1 - contar(sin_ausentismos),
                dias_incapacidad=contar(vigentes) - contar(restar(vigentes, incapacidades)),
                reconocidos=tuple(sin_ausentismos),
            )
        )
    return empleos


@dataclass(frozen=True)
class Ajuste:
    """Weeks descontadas (a retiro parcial por desempleo, LSS 191-II) or reintegradas."""

    tipo: str
    fecha: date
    semanas: int
    referencia: str = ""


@dataclass(frozen=True)
class Semanas:
    empleos: tuple[Empleo, ...]
    dias: int  # the union of every empleo's recognised days
    dias_traslapados: int  # recognised at two employers at once, counted once
    semanas_cotizadas: int
    dias_restantes: int
    descontadas: int
    reintegradas: int
    ajustes: tuple[Ajuste, ...]

    @property
    def semanas_netas(self) -> int:
        return max(0, self.semanas_cotizadas - self.descontadas + self.reintegradas)


def exigir_ajustes(ajustes: Sequence[Ajuste]) -> None:
    """Each adjustment: a known type, 1 week or more; in date order (descontadas first on a
    shared day), the weeks reintegradas never exceed those descontadas so far (I-118)."""
    saldo = 0
    for a in sorted(ajustes, key=lambda a: (a.fecha, TIPOS_AJUSTE.index(a.tipo))):
        if a.tipo not in TIPOS_AJUSTE:
            raise ErrorLegal(
                f"Tipo de ajuste desconocido «{a.tipo}»: use descontadas o reintegradas.", "tipo"
            )
        if a.semanas < 1:
            raise ErrorLegal("Las semanas de un ajuste deben ser 1 o más.", "semanas")
        saldo += a.semanas if a.tipo == DESCONTADAS else -a.semanas
        if saldo < 0:
            raise ErrorLegal(
                f"El reintegro del {a.fecha.isoformat()} ({a.semanas} semanas) deja más semanas "
                "reintegradas que descontadas por retiro por desempleo hasta esa fecha: solo se "
                "reintegran semanas que antes se descontaron.",
                "semanas",
            )


def calcular(empleos: Sequence[Empleo], ajustes: Sequence[Ajuste] = ()) -> Semanas:
    """The worker's semanas cotizadas from all their empleos and adjustments."""
    exigir_ajustes(ajustes)
    union = unir(i for e in empleos for i in e.reconocidos)
    dias = contar(union)
    suma = sum(e.dias_reconocidos for e in empleos)
    return Semanas(
        empleos=tuple(sorted(empleos, key=lambda e: (e.alta, e.registro))),
        dias=dias,
        dias_traslapados=suma - dias,
        semanas_cotizadas=dias // DIAS_POR_SEMANA,
        dias_restantes=dias % DIAS_POR_SEMANA,
        descontadas=sum(a.semanas for a in ajustes if a.tipo == DESCONTADAS),
        reintegradas=sum(a.semanas for a in ajustes if a.tipo == REINTEGRADAS),
        ajustes=tuple(sorted(ajustes, key=lambda a: (a.fecha, TIPOS_AJUSTE.index(a.tipo)))),
    )
