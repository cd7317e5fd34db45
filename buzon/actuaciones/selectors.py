"""Reading actuaciones. Every object is loaded through an `access_*` selector that enforces
ownership: a particular reads only its RFC's actuaciones; an official reads the filed ones of their
subdelegación (an administrador, all). A filing whose employer has no subdelegación in the padrón
still reaches officials: every supervisor, and the officials of the default inbox
(BUZON_BANDEJA_POR_DEFECTO), see it, marked (`sin_subdelegacion`) [I-89]. The state is derived
from stored instants (models)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from buzon.actuaciones.errores import NO_ENCONTRADA, NO_ENCONTRADA_OFICINA, ErrorActuacion
from buzon.actuaciones.models import Actuacion, Anexo
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

BORRADOR = "borrador"
VENCIDA = "vencida"
PRESENTADA = "presentada"
RESPONDIDA = "respondida"
ESTADOS = (BORRADOR, VENCIDA, PRESENTADA, RESPONDIDA)
#: Officials see filed actuaciones only.
ESTADOS_OFICINA = (PRESENTADA, RESPONDIDA)
#: A draft not signed within this time is never filed [I-22].
VIGENCIA_BORRADOR = timedelta(hours=24)
LIMITE_LISTA = 500


def _respuestas() -> QuerySet[Notificacion]:
    return Notificacion.objects.filter(en_respuesta_a=OuterRef("pk"), cancelada__isnull=True)


def respondidas(ids: Iterable[int]) -> set[int]:
    """Which of these actuaciones a notification not cancelled answers (one query)."""
    lista = list(ids)
    if not lista:
        return set()
    return {
        int(i)
        for i in Notificacion.objects.filter(
            en_respuesta_a__in=lista, cancelada__isnull=True
        ).values_list("en_respuesta_a", flat=True)
        if i is not None
    }


def estado_de(actuacion: Actuacion, ahora: datetime, respondida: bool | None = None) -> str:
    """borrador / vencida / presentada / respondida (module docstring of models)."""
    if actuacion.presentada is None:
        return BORRADOR if ahora < actuacion.expira else VENCIDA
    if respondida is None:
        respondida = bool(respondidas([actuacion.pk]))
    return RESPONDIDA if respondida else PRESENTADA


def estados_de(actuaciones: list[Actuacion], ahora: datetime) -> dict[int, str]:
    contestadas = respondidas(a.pk for a in actuaciones if a.presentada is not None)
    return {a.pk: estado_de(a, ahora, a.pk in contestadas) for a in actuaciones}


def de_particular(rfc: str) -> QuerySet[Actuacion]:
    return Actuacion.objects.filter(rfc=rfc).select_related("tramite").order_by("-creada", "-id")


def access_actuacion(rfc: str, actuacion_id: int) -> Actuacion:
    """The RFC's own actuación; raises 404 otherwise (another's is indistinguishable from a
    missing one)."""
    propia = Actuacion.objects.filter(rfc=rfc, pk=actuacion_id).select_related("tramite")
    actuacion = next(iter(propia.order_by()[:1]), None)  # by primary key: nothing to order
    if actuacion is None:
        raise ErrorActuacion("no_encontrada", NO_ENCONTRADA, "id", 404)
    return actuacion


def sin_subdelegacion(actuacion: Actuacion) -> bool:
    """Filed with no subdelegación in the padrón: in the default inbox, not a subdelegación's."""
    return not actuacion.subdelegacion


def recibe_sin_subdelegacion(oficial: Oficial) -> bool:
    """Who answers for filings the padrón routes nowhere [I-89]: supervisors and administradores
    of every subdelegación, and every official of the default inbox when one is configured."""
    bandeja = str(getattr(settings, "BUZON_BANDEJA_POR_DEFECTO", "")).strip()
    return oficial.rol in (Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR) or bool(
        bandeja and oficial.subdelegacion == bandeja
    )


def de_la_oficina(oficial: Oficial) -> QuerySet[Actuacion]:
    """Filed actuaciones of the official's subdelegación (all of them for an administrador), and
    those without one in the padrón for who receives them (`recibe_sin_subdelegacion`)."""
    consulta = Actuacion.objects.filter(presentada__isnull=False).select_related("tramite")
    suyas = de_su_subdelegacion(oficial, consulta)
    if recibe_sin_subdelegacion(oficial):
        suyas = suyas | consulta.filter(subdelegacion="")
    return suyas.order_by("-presentada", "-id")


def filtrar(
    consulta: QuerySet[Actuacion], tramite: str | None, estado: str | None
) -> QuerySet[Actuacion]:
    """Officials' filters: by trámite clave and by state (presentada / respondida)."""
    if tramite:
        consulta = consulta.filter(tramite__clave=tramite)
    if estado == RESPONDIDA:
        consulta = consulta.filter(Exists(_respuestas()))
    elif estado == PRESENTADA:
        consulta = consulta.exclude(Exists(_respuestas()))
    return consulta


def access_actuacion_oficial(oficial: Oficial, actuacion_id: int) -> Actuacion:
    """A filed actuación of the official's subdelegación; raises 404 otherwise."""
    actuacion = de_la_oficina(oficial).filter(pk=actuacion_id).first()
    if actuacion is None:
        raise ErrorActuacion("no_encontrada", NO_ENCONTRADA_OFICINA, "id", 404)
    return actuacion


def anexos_de(actuacion: Actuacion) -> list[Anexo]:
    return list(actuacion.anexos.order_by("orden"))


def access_anexo(actuacion: Actuacion, indice: int) -> Anexo:
    """An attachment of an actuación already loaded through an access_* selector; raises 404."""
    anexo = actuacion.anexos.filter(orden=indice).first()
    if anexo is None:
        raise ErrorActuacion(
            "no_encontrada",
            f"La actuación {actuacion.pk} no tiene el anexo {indice}.",
            "indice",
            404,
        )
    return anexo


def actuacion_para_respuesta(actuacion_id: int, rfc: str) -> Actuacion | None:
    """For the notifications module (`en_respuesta_a`): a FILED actuación of this RFC whose
    trámite expects an answer; None otherwise (a draft, another RFC's, an informative one)."""
    return (
        Actuacion.objects.filter(
            pk=actuacion_id,
            rfc=rfc,
            presentada__isnull=False,
            tramite__espera_respuesta=True,
        )
        .select_related("tramite")
        .first()
    )


def es_respondible(actuacion_id: int, rfc: str) -> bool:
    """Registered in `ActuacionesConfig.ready()` for the notifications' issuing service."""
    return actuacion_para_respuesta(actuacion_id, rfc) is not None


def fecha_limite_de(actuacion: Actuacion, datos_acuse: Mapping[str, Any] | None) -> date | None:
    """An ICSOE's due date (LSS 15 A, CFF 12) [I-34]: as its acuse sealed it once filed; before
    that (or for a filing whose acuse predates the field), by the employer's calendar — the
    ámbito stored at filing, else the padrón's — the one its legal receipt is read in."""
    from buzon.actuaciones import reglas_icsoe

    if actuacion.tramite.clave != reglas_icsoe.CLAVE:
        return None
    sellada = (datos_acuse or {}).get("fecha_limite")
    if isinstance(sellada, str):
        return date.fromisoformat(sellada)
    from buzon.calendario.selectors import calendario_para
    from buzon.legal.calendario import Ambito
    from buzon.padron.selectors import zona_y_ambito

    if actuacion.presentada is not None:
        ambito = Ambito(actuacion.entidad or None, actuacion.subdelegacion or None)
    else:
        ambito = zona_y_ambito(actuacion.rfc, actuacion.registro_patronal)[1]
    return reglas_icsoe.fecha_limite_de(json.loads(actuacion.datos), calendario_para(ambito))
