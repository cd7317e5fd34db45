"""Reading the Calendario de eventos: a particular's events for a date range, derived at read time
(set-based: a few queries for many particulars, whatever their number of registros).

Three kinds (`clase`):
- `obligacion`: the due dates of `legal.obligaciones`, for the registros of the padrón (cuotas,
  prima RT: per group of registros sharing an ámbito, so each gets the días inhábiles declared
  for it), and per RFC the ICSOE [I-111] and the dictamen [I-113];
- `notificacion`: each pending notification's last day to open (`notificaciones`' own plazo,
  `caras.presentacion.plazo_de`, never re-derived here);
- `requerimiento`: a notified requerimiento's deadline when its plazo was recorded [I-114].
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from buzon.actuaciones.models import Actuacion
from buzon.calendario.selectors import calendario_para
from buzon.cuotas.vigentes import trabajadores_vigentes
from buzon.eventos.errores import ErrorEventos
from buzon.eventos.models import PlazoRequerimiento, Recordatorio, TokenCalendario
from buzon.eventos.preferencias import (
    CLASES,
    NOTIFICACION,
    OBLIGACION,
    REQUERIMIENTO,
    Ajustes,
    ajustes_de_varios,
)
from buzon.legal import obligaciones as reglas
from buzon.legal.calendario import Ambito, Calendario
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.caras.presentacion import Calendarios, nombres_de_actos, plazo_de
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import filtro_estado
from buzon.padron.models import RegistroPatronal

#: The ICSOE's trámite (actuaciones): whoever filed one provides specialised services [I-111].
TRAMITE_ICSOE = "icsoe"
FUNDAMENTO_APERTURA = "Lineamientos 7.4 y 7.5; CFF art. 134, fracción I"
FUNDAMENTO_REQUERIMIENTO = "CFF arts. 12 y 135"
DOMINIO_UID = "eventos.buzon.imss.gob.mx"
#: The longest range a query may ask (two years and a bit, as `legal.obligaciones` allows).
MAXIMO_DIAS = 800


@dataclass(frozen=True, slots=True)
class Evento:
    """One event of a particular's calendar (an all-day date)."""

    uid: str
    clase: str
    clave: str
    fecha: date
    titulo: str
    fundamento: str
    detalle: str = ""
    registros: tuple[str, ...] = ()
    folio: str = ""


def dia_del_recordatorio(evento: Evento, anticipacion: int, calendario: Calendario) -> date:
    """The día hábil a reminder is due. For a notification the anticipation counts back from
    the day it is deemed notified (the día hábil after its last day to open): 1 is that last
    day. For the rest, from the event's own date."""
    if evento.clase == NOTIFICACION:
        return reglas.habiles_antes(evento.fecha, anticipacion - 1, calendario)
    return reglas.habiles_antes(evento.fecha, anticipacion, calendario)


def uid(rfc: str, *partes: str) -> str:
    """A stable UID for an event: the same event keeps it when its date moves (a declaration),
    and it names no RFC (a hash of it)."""
    huella = hashlib.sha256("|".join((rfc, *partes)).encode("utf-8")).hexdigest()[:32]
    return f"{huella}@{DOMINIO_UID}"


# --- obligations -----------------------------------------------------------------------------


@dataclass
class _Sujeto:
    """One RFC's registros in force, grouped by ámbito."""

    por_ambito: dict[Ambito, list[str]] = field(default_factory=dict)

    @property
    def registros(self) -> list[str]:
        return sorted(r for lista in self.por_ambito.values() for r in lista)

    @property
    def ambito(self) -> Ambito:
        """What all its registros share (padron.selectors.ambito_de's rule)."""
        entidades = {a.entidad for a in self.por_ambito}
        subdelegaciones = {a.subdelegacion for a in self.por_ambito}
        return Ambito(
            entidades.pop() if len(entidades) == 1 else None,
            subdelegaciones.pop() if len(subdelegaciones) == 1 else None,
        )


def _sujetos(rfcs: Sequence[str]) -> dict[str, _Sujeto]:
    salida: dict[str, _Sujeto] = {}
    filas = (
        RegistroPatronal.objects.filter(patron__rfc__in=list(rfcs))
        .exclude(situacion="baja")
        .order_by("registro")
        .values_list("patron__rfc", "registro", "entidad", "subdelegacion")
    )
    for rfc, registro, entidad, subdelegacion in filas:
        sujeto = salida.setdefault(rfc, _Sujeto())
        sujeto.por_ambito.setdefault(Ambito(entidad, subdelegacion), []).append(registro)
    return salida


def _icsoe(rfcs: Sequence[str], ajustes: dict[str, Ajustes]) -> set[str]:
    """LSS 15 A: who files the ICSOE: who filed one, or said so in its preferences [I-111]."""
    declarados = {rfc for rfc in rfcs if ajustes[rfc].presta_servicios_especializados}
    presentaron = set(
        Actuacion.objects.filter(
            rfc__in=list(rfcs), tramite__clave=TRAMITE_ICSOE, presentada__isnull=False
        )
        .values_list("rfc", flat=True)
        .distinct()
    )
    return declarados | presentaron


def obligados_a_dictaminar(sujetos: dict[str, _Sujeto], ejercicio: int) -> set[str]:
    """LSS 16: the RFCs whose registros averaged 300 or more workers in `ejercicio`, counted at
    each month's end from the afiliación ledger (one query per month) [I-113]."""
    registros = [r for s in sujetos.values() for r in s.registros]
    if not registros:
        return set()
    por_mes = [trabajadores_vigentes(registros, dia) for dia in reglas.cierres_de_mes(ejercicio)]
    return {
        rfc
        for rfc, sujeto in sujetos.items()
        if reglas.obligado_a_dictaminar([sum(mes[r] for r in sujeto.registros) for mes in por_mes])
    }


def _de_vencimiento(
    rfc: str, v: reglas.Vencimiento, ambito: Ambito, registros: Sequence[str]
) -> Evento:
    detalle = f"Fecha que fija la ley: {fecha_legible(v.fecha_legal)}"
    if v.motivo_prorroga is not None:
        detalle += f" ({v.motivo_prorroga}); se prorroga al siguiente día hábil"
    detalle += "."
    if v.pago_en_bancos is not None:
        detalle += (
            f" Por ser viernes, el pago en instituciones de crédito puede hacerse hasta el "
            f"{fecha_legible(v.pago_en_bancos)} (CFF art. 12)."
        )
    return Evento(
        uid=uid(
            rfc, OBLIGACION, v.clave, v.periodo, ambito.entidad or "", ambito.subdelegacion or ""
        ),
        clase=OBLIGACION,
        clave=v.clave,
        fecha=v.fecha,
        titulo=v.titulo,
        fundamento=v.fundamento_completo,
        detalle=detalle,
        registros=tuple(registros),
    )


def _obligaciones(
    rfcs: Sequence[str], desde: date, hasta: date, ajustes: dict[str, Ajustes]
) -> dict[str, list[Evento]]:
    sujetos = _sujetos(rfcs)
    icsoe = _icsoe(rfcs, ajustes)
    calendarios: dict[Ambito, Calendario] = {}

    def calendario(ambito: Ambito) -> Calendario:
        if ambito not in calendarios:
            calendarios[ambito] = calendario_para(ambito)
        return calendarios[ambito]

    # The dictamen falls due in April and September: the ledger is read only when asked.
    dictamen: dict[int, set[str]] = {}
    for anio in range(desde.year, hasta.year + 1):
        if date(anio, 4, 1) <= hasta + timedelta(days=31) and date(anio, 10, 31) >= desde:
            dictamen[anio - 1] = obligados_a_dictaminar(sujetos, anio - 1)
    salida: dict[str, list[Evento]] = defaultdict(list)
    por_registro = reglas.QueAplica(cuotas=True, prima_rt=True)
    for rfc, sujeto in sujetos.items():
        for ambito, registros in sujeto.por_ambito.items():
            for v in reglas.vencimientos_entre(desde, hasta, calendario(ambito), por_registro):
                salida[rfc].append(_de_vencimiento(rfc, v, ambito, registros))
        por_rfc = reglas.QueAplica(
            cuotas=False,
            prima_rt=False,
            icsoe=rfc in icsoe,
            dictamen_de=frozenset(e for e, rfcs_ in dictamen.items() if rfc in rfcs_),
        )
        comun = sujeto.ambito
        for v in reglas.vencimientos_entre(desde, hasta, calendario(comun), por_rfc):
            salida[rfc].append(_de_vencimiento(rfc, v, comun, sujeto.registros))
    # An ICSOE filer without registros in the padrón still files it (national calendar).
    for rfc in sorted(icsoe - set(sujetos)):
        solo = reglas.QueAplica(cuotas=False, prima_rt=False, icsoe=True)
        for v in reglas.vencimientos_entre(desde, hasta, calendario(Ambito()), solo):
            salida[rfc].append(_de_vencimiento(rfc, v, Ambito(), ()))
    return salida


# --- notifications and requerimientos --------------------------------------------------------


def _pendientes(rfcs: Sequence[str], ahora: datetime) -> list[Notificacion]:
    """Mis notificaciones' pending ones (`avisada`) of many RFCs in one query."""
    return list(
        Notificacion.objects.filter(
            rfc__in=list(rfcs), ruta=Notificacion.Ruta.BUZON, aviso__lte=ahora
        )
        .filter(filtro_estado("avisada", ahora))
        .order_by("vence", "id")
    )


def _notificaciones(
    rfcs: Sequence[str], desde: date, hasta: date, ahora: datetime, calendarios: Calendarios
) -> dict[str, list[Evento]]:
    actos = nombres_de_actos()
    salida: dict[str, list[Evento]] = defaultdict(list)
    for n in _pendientes(rfcs, ahora):
        plazo = plazo_de(n, calendarios)
        if plazo is None or n.vence is None or not desde <= plazo[2] <= hasta:
            continue
        salida[n.rfc].append(
            Evento(
                uid=uid(n.rfc, NOTIFICACION, n.folio),
                clase=NOTIFICACION,
                clave="apertura",
                fecha=plazo[2],
                titulo=f"Último día para abrir la notificación {n.folio}",
                fundamento=FUNDAMENTO_APERTURA,
                detalle=(
                    f"{actos.get(n.tipo, n.tipo)}. Si no la abre, quedará notificada el "
                    f"{instante_legible(n.vence)}."
                ),
                registros=(n.registro_patronal,) if n.registro_patronal else (),
                folio=n.folio,
            )
        )
    return salida


def plazos_vigentes(notificacion_ids: Iterable[int]) -> dict[int, PlazoRequerimiento]:
    """The latest recorded plazo of each notification (one query)."""
    salida: dict[int, PlazoRequerimiento] = {}
    for p in PlazoRequerimiento.objects.filter(notificacion_id__in=list(notificacion_ids)).order_by(
        "notificacion_id", "-id"
    ):
        salida.setdefault(p.notificacion_id, p)
    return salida


def _requerimientos(
    rfcs: Sequence[str], desde: date, hasta: date, ahora: datetime, calendarios: Calendarios
) -> dict[str, list[Evento]]:
    ids = (
        PlazoRequerimiento.objects.filter(
            notificacion__rfc__in=list(rfcs), notificacion__cancelada__isnull=True
        )
        .values_list("notificacion_id", flat=True)
        .distinct()
    )
    notificaciones = list(Notificacion.objects.filter(pk__in=list(ids)).order_by("id"))
    plazos = plazos_vigentes(n.pk for n in notificaciones)
    salida: dict[str, list[Evento]] = defaultdict(list)
    for n in notificaciones:
        s = situacion_de(n, ahora)
        if s.notificada is None:
            continue
        registrado = plazos[n.pk]
        plazo = reglas.plazo_requerimiento(
            s.notificada,
            registrado.dias_habiles,
            calendarios.de(n),
            surte_efectos=n.personal_surte_efectos if s.medio == "personal" else None,
        )
        if not desde <= plazo.vence <= hasta:
            continue
        salida[n.rfc].append(
            Evento(
                uid=uid(n.rfc, REQUERIMIENTO, n.folio),
                clase=REQUERIMIENTO,
                clave="requerimiento",
                fecha=plazo.vence,
                titulo=f"Vence el plazo para atender el requerimiento {n.folio}",
                fundamento=f"{FUNDAMENTO_REQUERIMIENTO}; {registrado.fundamento}",
                detalle=(
                    f"Plazo de {registrado.dias_habiles} días hábiles: notificado el "
                    f"{fecha_legible(plazo.notificada)}, surtió efectos el "
                    f"{fecha_legible(plazo.surte_efectos)}; corre del "
                    f"{fecha_legible(plazo.primer_dia)} al {fecha_legible(plazo.vence)}."
                ),
                registros=(n.registro_patronal,) if n.registro_patronal else (),
                folio=n.folio,
            )
        )
    return salida


# --- the calendar ------------------------------------------------------------------------------


def _orden(e: Evento) -> tuple[date, int, int, str, str]:
    clave = reglas.CLAVES.index(e.clave) if e.clave in reglas.CLAVES else len(reglas.CLAVES)
    return e.fecha, CLASES.index(e.clase), clave, e.titulo, e.uid


def eventos_de_varios(
    rfcs: Sequence[str], desde: date, hasta: date, ahora: datetime
) -> dict[str, list[Evento]]:
    """Every RFC's events from `desde` to `hasta` (both included), sorted by date. RFCs must be
    canonical. A handful of queries whatever the number of RFCs (callers chunk them)."""
    lista = sorted(set(rfcs))
    ajustes = ajustes_de_varios(lista)
    calendarios = Calendarios()
    salida: dict[str, list[Evento]] = {rfc: [] for rfc in lista}
    for parte in (
        _obligaciones(lista, desde, hasta, ajustes),
        _notificaciones(lista, desde, hasta, ahora, calendarios),
        _requerimientos(lista, desde, hasta, ahora, calendarios),
    ):
        for rfc, eventos in parte.items():
            salida[rfc].extend(eventos)
    for eventos in salida.values():
        eventos.sort(key=_orden)
    return salida


def eventos_de(rfc: str, desde: date, hasta: date, ahora: datetime) -> list[Evento]:
    """The particular's own events (the session's RFC: nobody else's can be asked)."""
    return eventos_de_varios([rfc], desde, hasta, ahora)[rfc]


def hoy_centro(ahora: datetime) -> date:
    return ahora.astimezone(ZONA_CENTRO).date()


def huella_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def access_rfc_del_enlace(token: str) -> str:
    """The RFC whose .ics feed this secret opens; 404 for any unknown or revoked one (the same
    answer for both, and for a malformed one)."""
    rfc = None
    if len(token) <= 100:
        rfc = (
            TokenCalendario.objects.filter(huella=huella_token(token), revocado__isnull=True)
            .values_list("rfc", flat=True)
            .first()
        )
    if rfc is None:
        raise ErrorEventos("no_encontrado", "No existe ese calendario.", "token", 404)
    return rfc


def tiene_token(rfc: str) -> TokenCalendario | None:
    return TokenCalendario.objects.filter(rfc=rfc, revocado__isnull=True).first()


def enviados_a(rfc: str, cuantos: int = 50) -> list[Recordatorio]:
    """The particular's latest reminders sent (its own only)."""
    return list(Recordatorio.objects.filter(rfc=rfc).order_by("-enviado", "-id")[:cuantos])
