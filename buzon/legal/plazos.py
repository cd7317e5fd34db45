"""The Buzón's legal time rules: one function per rule, each citing its numeral.

Numerals are those of the *Lineamientos de carácter general para la operación del Buzón IMSS*
(DOF 2024); "CFF" is the Código Fiscal de la Federación. Instants are aware datetimes; dates are
calendar dates. Every result is an instant in Zona Centro unless the function says otherwise.
Interpretations (where the text leaves room) are in docs/interpretaciones.md, referenced as [I-n].
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from buzon.legal.calendario import TABLA_DESDE, TABLA_HASTA, Calendario
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import ZONA_CENTRO, exigir_consciente

ZONA_UTC = UTC

# 7.2: the Buzón's hours for notifications, Zona Centro, both ends included [I-1].
INICIO_HORARIO = time(9, 30)
FIN_HORARIO = time(18, 0)

#: 7.4, 7.5, CFF 134-I: the particular has three días hábiles to open the document.
DIAS_PARA_ABRIR = 3
#: CFF 139 (reformed DOF 12-11-2021): publication on estrados lasts ten días; notified on the
#: eleventh ("la del decimoprimer día") [I-28].
DIAS_EN_ESTRADOS = 10
#: 5.2: a confirmation code lapses 72 natural hours after it was sent.
VIGENCIA_CODIGO = timedelta(hours=72)
#: Acuerdo Sexto: the Lineamientos (DOF 5 Aug 2024) are in force from the day after publication.
ENTRADA_EN_VIGOR = date(2024, 8, 6)
#: Transitorio Primero: 180 días naturales to enable, the day of entry counted as the first [I-30].
DIAS_PARA_HABILITAR = 180
#: 6.1, 7.7: documents and acuses are kept five years.
ANIOS_DE_CONSERVACION = 5


def a_las(dia: date, hora: time, zona: ZoneInfo = ZONA_CENTRO) -> datetime:
    """The instant at wall-clock `hora` of `dia` in `zona` (first occurrence if repeated)."""
    return datetime.combine(dia, hora, tzinfo=zona)


def en_zona(instante: datetime, zona: ZoneInfo) -> datetime:
    """5.8: the same instant, shown in the time zone of the particular's fiscal domicile."""
    return exigir_consciente(instante, "instante").astimezone(zona)


def en_horario(instante: datetime, calendario: Calendario) -> bool:
    """7.2: 09:30:00 ≤ t ≤ 18:00:00 Zona Centro on a día hábil."""
    local = exigir_consciente(instante, "instante").astimezone(ZONA_CENTRO)
    return calendario.es_habil(local.date()) and INICIO_HORARIO <= local.time() <= FIN_HORARIO


def notificacion_por_apertura(apertura: datetime, calendario: Calendario) -> datetime:
    """7.2, second paragraph: when a document opened at `apertura` counts as notified.

    Inside the hours of a día hábil: at that very instant. Otherwise (before 09:30 or after 18:00
    of a día hábil, or on a día inhábil): "en todos los casos" at 09:30 of the *next* día hábil
    (an 08:15 opening on a día hábil is notified at 09:30 of the following one) [I-29].
    """
    local = exigir_consciente(apertura, "apertura").astimezone(ZONA_CENTRO)
    dia = local.date()
    if calendario.es_habil(dia) and INICIO_HORARIO <= local.time() <= FIN_HORARIO:
        return local
    return a_las(calendario.habil_siguiente(dia), INICIO_HORARIO)


def plazo_apertura(aviso: datetime, calendario: Calendario) -> tuple[date, date, date]:
    """7.4, 7.5, CFF 134-I: the three días hábiles to open, counted from the day after the aviso.

    d1 is the first día hábil strictly after the aviso's date in Zona Centro; d1, d2, d3 follow.
    """
    dia = exigir_consciente(aviso, "aviso").astimezone(ZONA_CENTRO).date()
    d1, d2, d3 = calendario.habiles_despues(dia, DIAS_PARA_ABRIR)
    return d1, d2, d3


def notificacion_por_vencimiento(aviso: datetime, calendario: Calendario) -> datetime:
    """7.4, 7.5, CFF 134-I: the notification is deemed made at 09:30 of the fourth día hábil.

    That is, the día hábil after the three days to open (d4), Zona Centro.
    """
    dia = exigir_consciente(aviso, "aviso").astimezone(ZONA_CENTRO).date()
    return _vencimientos(calendario).instante(dia)


def notificacion(
    aviso: datetime, apertura: datetime | None, calendario: Calendario
) -> tuple[datetime, str]:
    """7.2, 7.4, 7.5: when the notification is made, and by which means.

    The earlier of the opening's legal instant and the deemed notification. Returns the instant
    and `"apertura"` or `"vencimiento"`. An opening earlier than its aviso is refused.
    """
    vencimiento = notificacion_por_vencimiento(aviso, calendario)
    if apertura is None:
        return vencimiento, "vencimiento"
    exigir_apertura_posterior(aviso, apertura)
    por_apertura = notificacion_por_apertura(apertura, calendario)
    if por_apertura <= vencimiento:
        return por_apertura, "apertura"
    return vencimiento, "vencimiento"


def exigir_apertura_posterior(aviso: datetime, apertura: datetime) -> None:
    """An opening earlier than its aviso is impossible: bad data, refused [I-7]."""
    if exigir_consciente(apertura, "apertura") < exigir_consciente(aviso, "aviso"):
        raise ErrorLegal(
            "La apertura es anterior al aviso: un documento no puede abrirse antes de depositarse.",
            "apertura",
        )


def recepcion_legal_actuacion(
    recibida: datetime, calendario: Calendario, zona_domicilio: ZoneInfo
) -> datetime:
    """6.3, 5.8: the legal receipt of an actuación, in the zone of the particular's domicile.

    The receipt instant is read in the domicile's zone; if that local date is hábil the filing is
    received at that instant, otherwise at 00:00:00 (domicile zone) of the next día hábil.
    """
    local = exigir_consciente(recibida, "recibida").astimezone(zona_domicilio)
    if calendario.es_habil(local.date()):
        return local
    return a_las(calendario.habil_siguiente(local.date()), time(0, 0), zona_domicilio)


@dataclass(frozen=True, slots=True)
class PlazoEstrados:
    """CFF 139: the publication period on estrados and the resulting notification date."""

    inicio_publicacion: date
    fin_publicacion: date
    notificada: date


def estrados(publicada: date, calendario: Calendario) -> PlazoEstrados:
    """CFF 139 (7.8): for a document published on `publicada`, the 1st to 10th días hábiles after
    it are the publication period ("durante diez días ... a partir del día siguiente"), and the
    notification date is the 11th ("la del decimoprimer día") [I-28]."""
    dias = calendario.habiles_despues(publicada, DIAS_EN_ESTRADOS + 1)
    return PlazoEstrados(dias[0], dias[DIAS_EN_ESTRADOS - 1], dias[DIAS_EN_ESTRADOS])


def expiracion_codigo(enviado: datetime) -> datetime:
    """5.2: a contact-means confirmation code expires 72 natural hours after it was sent.

    Natural hours are elapsed time: the sum is done in UTC, so a DST change never shifts it [I-4].
    """
    utc = exigir_consciente(enviado, "enviado").astimezone(ZONA_UTC)
    return (utc + VIGENCIA_CODIGO).astimezone(ZONA_CENTRO)


def ultimo_dia_anunciado(entrada_en_vigor: date) -> date:
    """Transitorio Primero: the 180th día natural, the day of entry into force counted as the first
    (how the Institute announced 1 Feb 2025 for entry on 6 Aug 2024) [I-30]."""
    return entrada_en_vigor + timedelta(days=DIAS_PARA_HABILITAR - 1)


def ultimo_dia_para_habilitar(entrada_en_vigor: date, calendario: Calendario) -> date:
    """Transitorio Primero, CFF 12: the last day to enable the Buzón.

    The announced 180th day, or, when that is a día inhábil of `calendario`, the next día hábil
    ("se prorrogará el plazo hasta el siguiente día hábil"). Callers pass the national calendar
    [I-30].
    """
    return calendario.habil_o_siguiente(ultimo_dia_anunciado(entrada_en_vigor))


def habilitacion_extemporanea_desde(entrada_en_vigor: date, calendario: Calendario) -> datetime:
    """Transitorio Primero, 7.8: from this instant (00:00 Zona Centro of the day after the last
    day) a never-enabled particular is late and may be notified by estrados [I-30]."""
    ultimo = ultimo_dia_para_habilitar(entrada_en_vigor, calendario)
    return a_las(ultimo + timedelta(days=1), time(0, 0))


def conservar_hasta(instante: datetime) -> date:
    """6.1, 7.7: the last date a document or acuse must be kept: five years after, Zona Centro.

    A 29 February start ends on 1 March, the day that does not exist being carried to the next
    month as CFF art. 12 does for periods in years [I-6].
    """
    dia = exigir_consciente(instante, "instante").astimezone(ZONA_CENTRO).date()
    try:
        return dia.replace(year=dia.year + ANIOS_DE_CONSERVACION)
    except ValueError:
        return date(dia.year + ANIOS_DE_CONSERVACION, 3, 1)


# -- the batch path ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _tablas_zona_centro() -> tuple[list[float], list[int]]:
    """Calendar-independent tables over TABLA_DESDE..TABLA_HASTA, built once per process.

    medianoches[i]: POSIX seconds of the first instant of the Zona Centro date TABLA_DESDE + i,
    with one more entry closing the last day; a_las_930[i]: 09:30 Zona Centro of that date.
    """
    medianoches = [
        a_las(date.fromordinal(o), time(0, 0)).timestamp()
        for o in range(_ORDINAL_DESDE, _ORDINAL_HASTA + 2)
    ]
    a_las_930 = [
        int(a_las(date.fromordinal(o), INICIO_HORARIO).timestamp())
        for o in range(_ORDINAL_DESDE, _ORDINAL_HASTA + 1)
    ]
    return medianoches, a_las_930


@lru_cache(maxsize=4096)
def _930(ordinal: int) -> datetime:
    return a_las(date.fromordinal(ordinal), INICIO_HORARIO)


class _Vencimientos:
    """Per-calendar table of deemed notifications (7.4, 7.5), filled a year at a time on use.

    tabla[k] is the deemed instant (POSIX seconds) for an aviso t with
    bisect_right(medianoches, t) == k, i.e. sent on the Zona Centro date TABLA_DESDE + k - 1;
    tabla[0] and tabla[-1] lie outside the table and always take the exact slow path.
    """

    def __init__(self, calendario: Calendario) -> None:
        self._calendario = calendario
        self._tabla: list[int | None] = [None] * (_ORDINAL_HASTA - _ORDINAL_DESDE + 3)

    def cuarto_habil(self, ordinal: int) -> int:
        siguiente = self._calendario.siguiente_ordinal
        return siguiente(siguiente(siguiente(siguiente(ordinal))))

    def instante(self, dia: date) -> datetime:
        return _930(self.cuarto_habil(dia.toordinal()))

    def en_lote(self, avisos: Sequence[float]) -> list[int]:
        medianoches, _ = _tablas_zona_centro()
        tabla, completar = self._tabla, self._completar
        return [
            v if (v := tabla[k := bisect_right(medianoches, t)]) is not None else completar(k, t)
            for t in avisos
        ]

    def _completar(self, k: int, segundos: float) -> int:
        if not 0 < k < len(self._tabla) - 1:
            return self._lento(segundos)
        _, a_las_930 = _tablas_zona_centro()
        anio = date.fromordinal(_ORDINAL_DESDE + k - 1).year
        for ordinal in range(date(anio, 1, 1).toordinal(), date(anio, 12, 31).toordinal() + 1):
            d4 = self.cuarto_habil(ordinal)
            indice = d4 - _ORDINAL_DESDE
            self._tabla[ordinal - _ORDINAL_DESDE + 1] = (
                a_las_930[indice] if indice < len(a_las_930) else int(_930(d4).timestamp())
            )
        resultado = self._tabla[k]
        assert resultado is not None
        return resultado

    def _lento(self, segundos: float) -> int:
        try:
            aviso = datetime.fromtimestamp(segundos, ZONA_UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ErrorLegal(f"El instante {segundos!r} está fuera de intervalo.", "aviso") from exc
        return int(notificacion_por_vencimiento(aviso, self._calendario).timestamp())


_ORDINAL_DESDE = TABLA_DESDE.toordinal()
_ORDINAL_HASTA = TABLA_HASTA.toordinal()
_TABLAS: WeakKeyDictionary[Calendario, _Vencimientos] = WeakKeyDictionary()


def _vencimientos(calendario: Calendario) -> _Vencimientos:
    tablas = _TABLAS.get(calendario)
    if tablas is None:
        tablas = _TABLAS[calendario] = _Vencimientos(calendario)
    return tablas


def notificaciones_por_vencimiento_en_lote(
    avisos: Sequence[float], calendario: Calendario
) -> list[int]:
    """7.4, 7.5 for many avisos at once: POSIX seconds in, POSIX seconds (09:30 of d4) out.

    Same results as `notificacion_por_vencimiento`, one by one (tests/legal prove it); this is the
    path sweeps use for a million mailboxes.
    """
    return _vencimientos(calendario).en_lote(avisos)


def siguiente_instante_en_horario(instante: datetime, calendario: Calendario) -> datetime:
    """7.2, first paragraph: the Buzón sends avisos inside its hours (09:30–18:00 Zona Centro of a
    día hábil): at `instante` when it falls inside them; before 09:30 of a día hábil, at 09:30 of
    that same day; otherwise at 09:30 of the next día hábil.

    This is a rule about *sending*, not the rule that places an opening made outside the hours
    (`notificacion_por_apertura`, second paragraph of 7.2), which always moves to the next día
    hábil: an aviso due at 08:15 goes out at 09:30 that day [I-29].
    """
    local = exigir_consciente(instante, "instante").astimezone(ZONA_CENTRO)
    dia, hora = local.date(), local.time()
    if calendario.es_habil(dia):
        if INICIO_HORARIO <= hora <= FIN_HORARIO:
            return local
        if hora < INICIO_HORARIO:
            return a_las(dia, INICIO_HORARIO)
    return a_las(calendario.habil_siguiente(dia), INICIO_HORARIO)
