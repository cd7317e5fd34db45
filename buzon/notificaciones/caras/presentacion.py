"""How notifications are shown: to the particular (contract `GET /notificaciones`) and to
officials (`GET /oficina/notificaciones/{id}`). Shared by the API and the pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.notificacion import AVISADA, CANCELADA, NOTIFICADA, PROGRAMADA, Situacion
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.notificaciones.caras import presentacion_personal
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.eventos import TIPOS
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Evento, Notificacion, TipoActo
from buzon.notificaciones.selectors import en_estrados, filtro_estado

#: The particular's words for the state (contract: pendiente | notificada; cancelada added).
ESTADO_PARTICULAR = {
    AVISADA: "pendiente",
    PROGRAMADA: "pendiente",
    NOTIFICADA: "notificada",
    CANCELADA: "cancelada",
}


class Calendarios:
    """One Calendario per ámbito for a page of notifications (a query each, not one per row)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Calendario] = {}

    def de(self, n: Notificacion) -> Calendario:
        clave = (n.entidad, n.subdelegacion_patron)
        if clave not in self._cache:
            self._cache[clave] = ruteo.calendario_de(*clave)
        return self._cache[clave]


def _centro(instante: datetime | None) -> datetime | None:
    return None if instante is None else instante.astimezone(ZONA_CENTRO)


def nombres_de_actos() -> dict[str, str]:
    return dict(TipoActo.objects.values_list("clave", "nombre"))


def plazo_de(n: Notificacion, calendarios: Calendarios) -> tuple[date, date, date] | None:
    """The three días hábiles to open (7.4, 7.5), always consistent with the stored deemed
    instant: when a calendar change kept that instant in place [I-27], the three are the días
    hábiles before its day, not those today's calendar would give from the aviso."""
    if n.aviso is None:
        return None
    calendario = calendarios.de(n)
    if n.vence is None or plazos.notificacion_por_vencimiento(n.aviso, calendario) == n.vence:
        return plazos.plazo_apertura(n.aviso, calendario)
    dias: list[date] = []
    dia = n.vence.astimezone(ZONA_CENTRO).date()
    while len(dias) < plazos.DIAS_PARA_ABRIR:
        dia -= timedelta(days=1)
        if calendario.es_habil(dia):
            dias.insert(0, dia)
    return dias[0], dias[1], dias[2]


def para_particular(
    n: Notificacion, ahora: datetime, calendarios: Calendarios, actos: dict[str, str]
) -> dict[str, Any]:
    s = situacion_de(n, ahora)
    plazo = plazo_de(n, calendarios)
    estado = ESTADO_PARTICULAR.get(s.estado, s.estado)
    return {
        "id": n.pk,
        "folio": n.folio,
        "tipo": n.tipo,
        "tipo_nombre": actos.get(n.tipo, n.tipo),
        "asunto": n.asunto,
        "registro_patronal": n.registro_patronal or None,
        "estado": estado,
        "aviso": _centro(n.aviso),
        "plazo_apertura": [d.isoformat() for d in plazo] if plazo else [],
        "vence": _centro(n.vence),
        "notificada": _centro(s.notificada),
        "medio": s.medio,
        "abierta": _centro(n.abierta),
        "acuse": n.acuse or None,
        "tiene_hasta": tiene_hasta(n, s, plazo),
        "en_domicilio": _en_domicilio(n, s),
    }


def tiene_hasta(n: Notificacion, s: Situacion, plazo: tuple[date, date, date] | None) -> str:
    """The deadline in plain words, for people (7.4, 7.5)."""
    if s.estado == CANCELADA:
        return "Cancelada por el Instituto: no surte efectos."
    if s.estado == NOTIFICADA and s.notificada is not None:
        como = {"apertura": "al abrirla", "vencimiento": "al vencer el plazo para abrirla"}
        return f"Notificada el {instante_legible(s.notificada)} ({como.get(s.medio or '', '')})."
    if plazo is None or n.vence is None:
        return ""
    return (
        f"Tiene hasta el {fecha_legible(plazo[2])} para abrirla; si no la abre, quedará "
        f"notificada el {instante_legible(n.vence)}."
    )


def _en_domicilio(n: Notificacion, s: Situacion) -> datetime | None:
    """5.8: the notification instant shown also in the domicile's zone."""
    return None if s.notificada is None else s.notificada.astimezone(zona(n.zona))


def para_oficina(
    n: Notificacion, ahora: datetime, eventos: list[Evento] | None = None
) -> dict[str, Any]:
    s = situacion_de(n, ahora)
    datos: dict[str, Any] = {
        "id": n.pk,
        "folio": n.folio,
        "estado": s.estado,
        "rfc": n.rfc,
        "registro_patronal": n.registro_patronal or None,
        "nombre": n.nombre,
        "tipo": n.tipo,
        "asunto": n.asunto,
        "ruta": n.ruta,
        "emisor": n.emisor,
        "subdelegacion": n.subdelegacion,
        "creada": _centro(n.creada),
        "aviso": _centro(n.aviso),
        "vence": _centro(n.vence),
        "aviso_programado": _centro(n.aviso_programado),
        "aviso_despachado": _centro(n.aviso_despachado),
        "aviso_enviado": _centro(n.aviso_enviado),
        "acuse_aviso": n.acuse_aviso or None,
        "abierta": _centro(n.abierta),
        "notificada": _centro(s.notificada),
        "medio": s.medio,
        "acuse": n.acuse or None,
        "estrados_publicada": n.estrados_publicada,
        "estrados_fin": n.estrados_fin,
        "cancelada": _centro(n.cancelada),
        "motivo_cancelacion": n.motivo_cancelacion or None,
        "acuse_cancelacion": n.acuse_cancelacion or None,
        "retencion_legal": n.retencion_legal,
        "depurada": _centro(n.depurada),
        "documento_sha256": n.documento_sha256,
        "en_respuesta_a": n.en_respuesta_a,
        **presentacion_personal.para_oficina(n),
    }
    if eventos is not None:
        datos["eventos"] = [
            {
                "id": e.id,
                "tipo": e.tipo,
                "descripcion": TIPOS.get(e.tipo, e.tipo),
                "instante": e.instante.astimezone(ZONA_CENTRO),
                "datos": e.datos,
            }
            for e in eventos
        ]
    return datos


#: At most this many rows of each kind on the mailbox page (the newest first).
MAXIMO_CONCIERNE = 50


def lo_que_le_concierne(rfc: str, ahora: datetime) -> dict[str, list[dict[str, Any]]]:
    """What an employer whose buzón is not enabled must know (7.8, 7.10, CFF 139): its documents
    on estrados (published: still within their ten días hábiles or already deemed notified there)
    and its notifications the Institute will make personally at its domicile, not yet made.
    Cancelled ones are left out: they have no effect. Dates are written out for people."""
    hoy = ahora.astimezone(ZONA_CENTRO).date()
    actos = nombres_de_actos()
    publicadas = Notificacion.objects.filter(
        rfc=rfc,
        ruta=Notificacion.Ruta.ESTRADOS,
        cancelada__isnull=True,
        estrados_publicada__lte=hoy,
    ).order_by("-estrados_publicada", "-id")[:MAXIMO_CONCIERNE]
    vigentes = set(en_estrados(ahora).filter(rfc=rfc).values_list("pk", flat=True))
    estrados = []
    for n in publicadas:
        assert n.estrados_publicada and n.estrados_fin and n.estrados_notificada
        estrados.append(
            {
                "folio": n.folio,
                "acto": actos.get(n.tipo, n.tipo),
                "asunto": n.asunto,
                "publicada": fecha_legible(n.estrados_publicada),
                "fin": fecha_legible(n.estrados_fin),
                "notificada": instante_legible(n.estrados_notificada),
                "ya_notificada": n.estrados_notificada <= ahora,
                "documento": f"/api/v1/estrados/{n.folio}/documento" if n.pk in vigentes else "",
            }
        )
    pendientes = (
        Notificacion.objects.filter(rfc=rfc)
        .filter(filtro_estado("requiere_notificacion_personal", ahora))
        .order_by("-creada", "-id")[:MAXIMO_CONCIERNE]
    )
    personales = [
        {
            "folio": n.folio,
            "acto": actos.get(n.tipo, n.tipo),
            "asunto": n.asunto,
            "desde": fecha_legible(n.creada.astimezone(ZONA_CENTRO).date()),
        }
        for n in pendientes
    ]
    return {"estrados": estrados, "personales": personales}
