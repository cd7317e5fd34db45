"""PURE. When an employer's periodic obligations before the IMSS fall due (issue 15, relación 2):
one function per obligation, each citing its article, and the move to the next día hábil.

- Cuotas obrero patronales of a month: "a más tardar el día diecisiete del mes inmediato
  siguiente" (LSS 39).
- The bimonthly ones (retiro, cesantía en edad avanzada y vejez; the emisión bimestral): the
  same day 17 of the month after the bimestre (LSS 39, read with the bimonthly period) [I-110].
- ICSOE: "cuatrimestralmente a más tardar el día 17 de los meses de enero, mayo y septiembre"
  (LSS 15 A) [I-34], only for whoever provides specialised services [I-111].
- The determinación de la prima en el seguro de riesgos de trabajo: "revisar anualmente su
  siniestralidad, conforme al período y dentro del plazo que señale el reglamento" (LSS 74),
  which is the month of February: due on its last day [I-112].
- The dictamen (LSS 16): the aviso by 30 April and the dictamen by 30 September of the year after
  the ejercicio, for an employer with an average of 300 or more workers in it [I-113].

Every date the law fixes is moved to the next día hábil when it is not one: CFF 12, penúltimo
párrafo: "si el último día del plazo o en la fecha determinada […] se trate de un día inhábil, se
prorrogará el plazo hasta el siguiente día hábil" (applied to the LSS by its art. 9). The same
paragraph extends a payment due on a Friday at the banks to the next día hábil: recorded beside
the due date (`pago_en_bancos`), never replacing it (the cédula is still due that day) [I-110].

A requerimiento's plazo in días hábiles runs from the día hábil after the one on which the
notification surte efectos, which is the día hábil after it was made (CFF 135, 12) [I-114].

Imports only the standard library and buzon.legal (no Django).
"""

from __future__ import annotations

import calendar as calendario_civil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from buzon.legal.calendario import Calendario
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import MESES
from buzon.legal.zonas import ZONA_CENTRO, exigir_consciente

DIA_LIMITE = 17
#: LSS 16: an annual average of 300 or more workers in the ejercicio [I-113].
TRABAJADORES_PARA_DICTAMEN = 300
#: Longest plazo a requerimiento may state (a typo such as 150 for 15 is refused).
MAXIMO_DIAS_REQUERIMIENTO = 90
VIERNES = 4

CUOTAS_MENSUALES = "cuotas_mensuales"
CUOTAS_BIMESTRALES = "cuotas_bimestrales"
ICSOE = "icsoe"
PRIMA_RT = "prima_rt"
AVISO_DICTAMEN = "aviso_dictamen"
DICTAMEN = "dictamen"
CLAVES = (CUOTAS_MENSUALES, CUOTAS_BIMESTRALES, ICSOE, PRIMA_RT, AVISO_DICTAMEN, DICTAMEN)

FUNDAMENTO_PRORROGA = "CFF art. 12, penúltimo párrafo"

#: The cuatrimestres of LSS 15 A: name, first month, last month, month the filing is due.
CUATRIMESTRES = (
    ("enero-abril", 1, 4, 5),
    ("mayo-agosto", 5, 8, 9),
    ("septiembre-diciembre", 9, 12, 1),
)


@dataclass(frozen=True, slots=True)
class Vencimiento:
    """One obligation's due date for one period."""

    clave: str
    #: "2026-11" (month), "2026-B6" (bimestre), "2026-enero-abril", "2026" (year or ejercicio).
    periodo: str
    titulo: str
    fundamento: str
    #: The date as the law writes it.
    fecha_legal: date
    #: The date it falls due: `fecha_legal` or, when that is inhábil, the next día hábil.
    fecha: date
    #: Why `fecha_legal` was not hábil (None when it was).
    motivo_prorroga: str | None = None
    #: CFF 12: a payment at the banks due on a Friday may be made the next día hábil.
    pago_en_bancos: date | None = None

    @property
    def fundamento_completo(self) -> str:
        if self.motivo_prorroga is None:
            return self.fundamento
        return f"{self.fundamento}; {FUNDAMENTO_PRORROGA}"


def prorrogar(fecha: date, calendario: Calendario) -> tuple[date, str | None]:
    """CFF 12, penúltimo párrafo: a date that falls on a día inhábil moves to the next día hábil.
    Returns the date and why the law's date was inhábil (None when it was hábil)."""
    motivo = calendario.motivo_inhabil(fecha)
    if motivo is None:
        return fecha, None
    return calendario.habil_siguiente(fecha), motivo


def _vencimiento(
    clave: str,
    periodo: str,
    titulo: str,
    fundamento: str,
    fecha_legal: date,
    calendario: Calendario,
    *,
    es_pago: bool = False,
) -> Vencimiento:
    fecha, motivo = prorrogar(fecha_legal, calendario)
    bancos = calendario.habil_siguiente(fecha) if es_pago and fecha.weekday() == VIERNES else None
    return Vencimiento(clave, periodo, titulo, fundamento, fecha_legal, fecha, motivo, bancos)


def _mes_siguiente(anio: int, mes: int) -> tuple[int, int]:
    return (anio + 1, 1) if mes == 12 else (anio, mes + 1)


def _exigir_mes(mes: int) -> None:
    if not 1 <= mes <= 12:
        raise ErrorLegal(f"El mes {mes} no existe: use 1 a 12.", "mes")


def cuotas_mensuales(anio: int, mes: int, calendario: Calendario) -> Vencimiento:
    """LSS 39: the cédulas and the payment of the cuotas of month `mes`, "a más tardar el día
    diecisiete del mes inmediato siguiente"."""
    _exigir_mes(mes)
    a, m = _mes_siguiente(anio, mes)
    return _vencimiento(
        CUOTAS_MENSUALES,
        f"{anio}-{mes:02d}",
        f"Cuotas obrero patronales de {MESES[mes - 1]} de {anio}: determinación y pago",
        "LSS art. 39",
        date(a, m, DIA_LIMITE),
        calendario,
        es_pago=True,
    )


def cuotas_bimestrales(anio: int, bimestre: int, calendario: Calendario) -> Vencimiento:
    """LSS 39 (bimonthly period of retiro, cesantía en edad avanzada y vejez): the cuotas of
    bimestre n (months 2n−1 and 2n) by day 17 of the month after it [I-110]."""
    if not 1 <= bimestre <= 6:
        raise ErrorLegal(f"El bimestre {bimestre} no existe: use 1 a 6.", "bimestre")
    a, m = _mes_siguiente(anio, 2 * bimestre)
    meses = f"{MESES[2 * bimestre - 2]}-{MESES[2 * bimestre - 1]}"
    return _vencimiento(
        CUOTAS_BIMESTRALES,
        f"{anio}-B{bimestre}",
        f"Cuotas bimestrales (retiro, cesantía en edad avanzada y vejez) de {meses} de {anio}",
        "LSS art. 39 y 168",
        date(a, m, DIA_LIMITE),
        calendario,
        es_pago=True,
    )


def icsoe(anio: int, cuatrimestre: str, calendario: Calendario) -> Vencimiento:
    """LSS 15 A: the informativa of the contracts of the cuatrimestre just ended, by the 17th of
    May, September and (for septiembre–diciembre) January of the next year [I-34]."""
    for nombre, _, fin, mes in CUATRIMESTRES:
        if nombre == cuatrimestre:
            return _vencimiento(
                ICSOE,
                f"{anio}-{nombre}",
                f"ICSOE: contratos de servicios u obras especializadas de {nombre} de {anio}",
                "LSS art. 15 A",
                date(anio + (fin == 12), mes, DIA_LIMITE),
                calendario,
            )
    raise ErrorLegal(
        f"«{cuatrimestre}» no es un cuatrimestre: use enero-abril, mayo-agosto o "
        "septiembre-diciembre.",
        "cuatrimestre",
    )


def prima_rt(anio: int, calendario: Calendario) -> Vencimiento:
    """LSS 74: the annual determinación of the prima de riesgos de trabajo, filed during February
    of `anio` (the siniestralidad of the year before): due on February's last day [I-112]."""
    ultimo = calendario_civil.monthrange(anio, 2)[1]
    return _vencimiento(
        PRIMA_RT,
        str(anio),
        f"Determinación de la prima en el seguro de riesgos de trabajo (siniestralidad de "
        f"{anio - 1})",
        "LSS art. 74",
        date(anio, 2, ultimo),
        calendario,
    )


def aviso_dictamen(ejercicio: int, calendario: Calendario) -> Vencimiento:
    """LSS 16: the aviso de dictamen of `ejercicio`, by 30 April of the next year [I-113]."""
    return _vencimiento(
        AVISO_DICTAMEN,
        str(ejercicio),
        f"Aviso para dictaminar el cumplimiento de obligaciones del ejercicio {ejercicio}",
        "LSS art. 16",
        date(ejercicio + 1, 4, 30),
        calendario,
    )


def dictamen(ejercicio: int, calendario: Calendario) -> Vencimiento:
    """LSS 16: the dictamen of `ejercicio` by contador público autorizado, by 30 September of the
    next year [I-113]."""
    return _vencimiento(
        DICTAMEN,
        str(ejercicio),
        f"Dictamen del cumplimiento de obligaciones ante el IMSS del ejercicio {ejercicio}",
        "LSS art. 16",
        date(ejercicio + 1, 9, 30),
        calendario,
    )


def promedio_anual(trabajadores_por_mes: list[int]) -> Fraction:
    """The annual average of workers: the mean of the twelve month-end counts [I-113], exact."""
    if len(trabajadores_por_mes) != 12:
        raise ErrorLegal("El promedio anual se calcula con los doce meses del ejercicio.", "meses")
    return Fraction(sum(trabajadores_por_mes), 12)


def obligado_a_dictaminar(trabajadores_por_mes: list[int]) -> bool:
    """LSS 16: an annual average of 300 or more workers in the ejercicio [I-113]."""
    return promedio_anual(trabajadores_por_mes) >= TRABAJADORES_PARA_DICTAMEN


def cierres_de_mes(ejercicio: int) -> list[date]:
    """The last day of each month of `ejercicio` (the days the workers are counted on)."""
    return [date(ejercicio, m, calendario_civil.monthrange(ejercicio, m)[1]) for m in range(1, 13)]


@dataclass(frozen=True, slots=True)
class QueAplica:
    """Which obligations concern a particular (the padrón and the ledger say; [I-111], [I-113])."""

    cuotas: bool = True
    icsoe: bool = False
    prima_rt: bool = True
    #: The ejercicios whose dictamen is due (the average of that ejercicio was ≥ 300).
    dictamen_de: frozenset[int] = frozenset()


def vencimientos_entre(
    desde: date, hasta: date, calendario: Calendario, aplica: QueAplica
) -> Iterator[Vencimiento]:
    """Every due date (after the move to a día hábil) from `desde` to `hasta`, both included,
    in date order. A law date inside the range that moves out of it is left out, and one before
    it that moves into it is included."""
    if hasta < desde:
        raise ErrorLegal("La fecha final es anterior a la inicial: corrija «hasta».", "hasta")
    if (hasta - desde).days > 800:
        raise ErrorLegal("Consulte a lo más dos años de eventos a la vez.", "hasta")
    encontrados: list[Vencimiento] = []
    # A due date moves forward at most a few weeks (a declared period); start two months early.
    inicio = desde - timedelta(days=62)
    anio, mes = inicio.year, inicio.month
    while date(anio, mes, 1) <= hasta:
        # The month whose cuotas fall due in the following one.
        if aplica.cuotas:
            encontrados.append(cuotas_mensuales(anio, mes, calendario))
            if mes % 2 == 0:
                encontrados.append(cuotas_bimestrales(anio, mes // 2, calendario))
        if aplica.icsoe:
            for nombre, _, fin, _ in CUATRIMESTRES:
                if fin == mes:
                    encontrados.append(icsoe(anio, nombre, calendario))
        if mes == 2 and aplica.prima_rt:
            encontrados.append(prima_rt(anio, calendario))
        if mes == 4 and anio - 1 in aplica.dictamen_de:
            encontrados.append(aviso_dictamen(anio - 1, calendario))
        if mes == 9 and anio - 1 in aplica.dictamen_de:
            encontrados.append(dictamen(anio - 1, calendario))
        anio, mes = _mes_siguiente(anio, mes)
    dentro = [v for v in encontrados if desde <= v.fecha <= hasta]
    yield from sorted(dentro, key=lambda v: (v.fecha, CLAVES.index(v.clave), v.periodo))


def habiles_antes(fecha: date, dias: int, calendario: Calendario) -> date:
    """The día hábil that is `dias` días hábiles before `fecha` (a reminder's day)."""
    if dias < 0:
        raise ErrorLegal("Los días de anticipación no pueden ser negativos.", "dias")
    dia = fecha
    contados = 0
    while contados < dias:
        dia -= timedelta(days=1)
        if calendario.es_habil(dia):
            contados += 1
    return dia


@dataclass(frozen=True, slots=True)
class PlazoRequerimiento:
    #: The date (Zona Centro) the notification was made.
    notificada: date
    #: CFF 135: it surte efectos the día hábil after.
    surte_efectos: date
    #: The first and last día hábil of the plazo (CFF 12: días hábiles only).
    primer_dia: date
    vence: date


def plazo_requerimiento(
    notificada: datetime,
    dias_habiles: int,
    calendario: Calendario,
    surte_efectos: date | None = None,
) -> PlazoRequerimiento:
    """CFF 135, 12: a requerimiento's plazo of `dias_habiles` días hábiles runs from the día hábil
    after the one the notification surte efectos; that is the día hábil after the day it was made
    (read in Zona Centro, CFF 13), or `surte_efectos` when the diligencia already fixed it
    [I-114]."""
    if not 1 <= dias_habiles <= MAXIMO_DIAS_REQUERIMIENTO:
        raise ErrorLegal(
            f"El plazo debe ser de 1 a {MAXIMO_DIAS_REQUERIMIENTO} días hábiles.", "dias_habiles"
        )
    dia = exigir_consciente(notificada, "notificada").astimezone(ZONA_CENTRO).date()
    efectos = surte_efectos or calendario.habil_siguiente(dia)
    dias = calendario.habiles_despues(efectos, dias_habiles)
    return PlazoRequerimiento(dia, efectos, dias[0], dias[-1])
