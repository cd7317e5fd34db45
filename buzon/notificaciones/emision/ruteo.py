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


@dataclass(frozen=True)
class Ruteo:
    ruta: str
    motivo: str
    aviso: datetime | None = None
    vence: datetime | None = None
    estrados_publicada: date | None = None
    estrados_fin: date | None = None
    estrados_notificada: datetime | None = None


def calendario_de(entidad: str, subdelegacion: str) -> Calendario:
    return calendario_para(Ambito(entidad or None, subdelegacion or None))


def fechas_buzon(desde: datetime, calendario: Calendario) -> tuple[datetime, datetime]:
    """7.2, 7.4, 7.5: the aviso at the next instant inside the hours, deemed at 09:30 of d4."""
    aviso = plazos.siguiente_instante_en_horario(desde, calendario)
    return aviso, plazos.notificacion_por_vencimiento(aviso, calendario)


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
        aviso, vence = fechas_buzon(ahora, calendario)
        return Ruteo(BUZON, "buzón habilitado", aviso=aviso, vence=vence)
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
        publicada = ahora.astimezone(ZONA_CENTRO).date()
        fin, notificada = fechas_estrados(publicada, calendario)
        return Ruteo(
            ESTRADOS,
            motivo,
            estrados_publicada=publicada,
            estrados_fin=fin,
            estrados_notificada=notificada,
        )
    return Ruteo(PERSONAL, "buzón no habilitado dentro del plazo de 180 días (7.10)")
