"""Where a notification goes (7.3, 7.8, 7.10) and the dates each route fixes, from stored facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from buzon.calendario.selectors import calendario_para
from buzon.habilitacion.models import Buzon
from buzon.habilitacion.selectors import HABILITADO, entrada_en_vigor
from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario
from buzon.legal.notificacion import BUZON, ESTRADOS, PERSONAL
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.errores import ErrorNotificacion


@dataclass(frozen=True)
class Ruteo:
    ruta: str
    motivo: str
    #: 7.2: when the aviso is to be dispatched; its dates come only from the aviso sent [I-35].
    aviso_programado: datetime | None = None
    estrados_publicada: date | None = None
    estrados_fin: date | None = None
    estrados_notificada: datetime | None = None


def calendario_de(entidad: str, subdelegacion: str) -> Calendario:
    return calendario_para(Ambito(entidad or None, subdelegacion or None))


def aviso_programado(desde: datetime, calendario: Calendario) -> datetime:
    """7.2: the aviso is dispatched at the next instant inside the hours of a día hábil."""
    return plazos.siguiente_instante_en_horario(desde, calendario)


def fechas_estrados(publicada: date, calendario: Calendario) -> tuple[date, datetime]:
    """CFF 139: ten días hábiles of publication; notified at 00:00 of the eleventh [I-28]."""
    plazo = plazos.estrados(publicada, calendario)
    return plazo.fin_publicacion, plazos.a_las(plazo.notificada, time(0, 0))


def decidir_con(
    buzon_y_estado: tuple[Buzon, str] | None, ahora: datetime, calendario: Calendario
) -> Ruteo:
    """The route for a mailbox in a given state (None: the RFC has no mailbox yet)."""
    buzon, estado = buzon_y_estado if buzon_y_estado is not None else (None, "sin_buzon")
    if estado == HABILITADO:
        return Ruteo(
            BUZON, "buzón habilitado", aviso_programado=aviso_programado(ahora, calendario)
        )
    habilito_antes = buzon is not None and (
        buzon.terminos_aceptados_en is not None or buzon.habilitado_2020_en is not None
    )
    tarde = ahora >= plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())
    if habilito_antes or tarde:
        motivo = (
            f"medios de contacto sin vigencia (estado del buzón: {estado}; 5.6, 7.8)"
            if habilito_antes
            else "buzón no habilitado al vencer el plazo de 180 días (Transitorio Primero, 7.8)"
        )
        return a_estrados(motivo, ahora, calendario)
    return Ruteo(PERSONAL, "buzón no habilitado dentro del plazo de 180 días (7.10)")


#: What `ruta` may say at issue: nothing (the law decides) or the personal route (7.10).
RUTAS_ELEGIBLES = frozenset({"", PERSONAL})
ELEGIDA_PERSONAL = "elegida por el servidor público al emitir (7.10, «sin perjuicio»)"


def exigir_ruta_elegible(ruta: str) -> None:
    if ruta not in RUTAS_ELEGIBLES:
        raise ErrorNotificacion(
            "ruta_invalida",
            f"«{ruta}» no es una vía que pueda elegirse: envíe «personal» para notificar "
            "personalmente (7.10) u omita «ruta»; la vía del Buzón o de estrados la determina la "
            "ley según el buzón del particular.",
            "ruta",
        )


def decidir_pedida(
    ruta: str, buzon_y_estado: tuple[Buzon, str] | None, ahora: datetime, calendario: Calendario
) -> Ruteo:
    """The route the official asked for at issue ("personal", 7.10) or, with none, the law's."""
    exigir_ruta_elegible(ruta)
    if ruta == PERSONAL:
        return Ruteo(PERSONAL, ELEGIDA_PERSONAL)
    return decidir_con(buzon_y_estado, ahora, calendario)


def a_estrados(motivo: str, ahora: datetime, calendario: Calendario) -> Ruteo:
    """CFF 139: published today (Zona Centro), with its ten días and the eleventh."""
    publicada = ahora.astimezone(ZONA_CENTRO).date()
    fin, notificada = fechas_estrados(publicada, calendario)
    return Ruteo(
        ESTRADOS,
        motivo,
        estrados_publicada=publicada,
        estrados_fin=fin,
        estrados_notificada=notificada,
    )


#: Why an aviso could not be sent (the reason written on the `reencaminada` event).
SIN_MEDIOS = "sin_medios"
SIN_ACEPTACION = "sin_aceptacion"
MOTIVOS_REENCAMINO = {
    SIN_MEDIOS: "sin medio de contacto confirmado al enviar el aviso",
    SIN_ACEPTACION: "ningún proveedor aceptó el aviso en 24 horas de reintentos",
}


def reencaminar(razon: str, ahora: datetime, calendario: Calendario) -> Ruteo:
    """7.8 («señalen datos erróneos»): an aviso that reached no medio never deems the
    notification. Inside the 180 días of Transitorio Primero it goes to personal notification
    (7.10); after them, to estrados published today (CFF 139) [I-35]."""
    causa = MOTIVOS_REENCAMINO[razon]
    tarde = ahora >= plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())
    if tarde:
        return a_estrados(f"{causa} (datos de contacto erróneos, 7.8; CFF 139)", ahora, calendario)
    return Ruteo(PERSONAL, f"{causa}, dentro del plazo de 180 días (7.8, 7.10)")
