"""Writing the Calendario de eventos: preferences, the .ics feed's token, a requerimiento's plazo.
Each `do_*` is one transaction. The reminders' sweep is `recordatorios.do_enviar_recordatorios`.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import asdict
from datetime import datetime

from django.db import IntegrityError, transaction

from buzon.comun.mascaras import enmascarar_rfc
from buzon.eventos.errores import ErrorEventos
from buzon.eventos.models import PlazoRequerimiento, Preferencias, TokenCalendario
from buzon.eventos.preferencias import Ajustes
from buzon.eventos.selectors import huella_token
from buzon.evidencia.bitacora import anotar
from buzon.legal.obligaciones import MAXIMO_DIAS_REQUERIMIENTO
from buzon.notificaciones.emision.servicios import exigir_emisor
from buzon.notificaciones.models import TipoActo
from buzon.notificaciones.selectors import access_notificacion_oficial
from buzon.oficina.models import Oficial

registro = logging.getLogger(__name__)

#: Bounds of each anticipation, in días hábiles (the model's check constraint says the same).
LIMITES_DIAS = {
    "dias_notificaciones": (1, 3),
    "dias_obligaciones": (1, 10),
    "dias_requerimientos": (1, 10),
}
LARGO_FUNDAMENTO = 300


def validar_ajustes(ajustes: Ajustes) -> None:
    for campo, (minimo, maximo) in LIMITES_DIAS.items():
        valor = getattr(ajustes, campo)
        if not minimo <= valor <= maximo:
            raise ErrorEventos(
                "dias_invalidos",
                f"La anticipación debe ser de {minimo} a {maximo} días hábiles: corrija «{campo}».",
                campo,
            )


def do_guardar_preferencias(rfc: str, ajustes: Ajustes, ahora: datetime) -> Preferencias:
    """The particular's choice of reminders (replaces the previous one)."""
    validar_ajustes(ajustes)
    with transaction.atomic():
        preferencias, _ = Preferencias.objects.update_or_create(
            rfc=rfc, defaults={**asdict(ajustes), "actualizado": ahora}
        )
    return preferencias


def do_crear_token(rfc: str, ahora: datetime) -> str:
    """A new secret for the particular's .ics feed (the previous one, if any, stops working).
    Returned once: only its SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        TokenCalendario.objects.filter(rfc=rfc, revocado__isnull=True).update(revocado=ahora)
        try:
            with transaction.atomic():
                TokenCalendario.objects.create(rfc=rfc, huella=huella_token(token), creado=ahora)
        except IntegrityError as exc:  # a concurrent creation won: ask again
            raise ErrorEventos(
                "conflicto",
                "Se creó otro enlace de calendario al mismo tiempo: vuelva a intentarlo.",
                None,
                409,
            ) from exc
    registro.info("Enlace de calendario creado para %s", enmascarar_rfc(rfc))
    return token


def do_revocar_token(rfc: str, ahora: datetime) -> bool:
    """Revoke the particular's feed token; False when it had none in force."""
    with transaction.atomic():
        revocados = TokenCalendario.objects.filter(rfc=rfc, revocado__isnull=True).update(
            revocado=ahora
        )
    if revocados:
        registro.info("Enlace de calendario revocado para %s", enmascarar_rfc(rfc))
    return bool(revocados)


def do_registrar_plazo(
    oficial: Oficial | None,
    notificacion_id: int,
    dias_habiles: int,
    fundamento: str,
    ahora: datetime,
) -> PlazoRequerimiento:
    """An official of the notification's subdelegación records the plazo its requerimiento states
    (días hábiles) [I-114]. Only for acts of the catalogue that are requerimientos."""
    fundamento = " ".join(fundamento.split())
    if not fundamento or len(fundamento) > LARGO_FUNDAMENTO:
        raise ErrorEventos(
            "fundamento_invalido",
            f"Escriba el fundamento del plazo (el artículo que cita el oficio), hasta "
            f"{LARGO_FUNDAMENTO} caracteres.",
            "fundamento",
        )
    if not 1 <= dias_habiles <= MAXIMO_DIAS_REQUERIMIENTO:
        raise ErrorEventos(
            "dias_invalidos",
            f"El plazo debe ser de 1 a {MAXIMO_DIAS_REQUERIMIENTO} días hábiles.",
            "dias_habiles",
        )
    oficial = exigir_emisor(oficial)
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        if not TipoActo.objects.filter(clave=n.tipo, es_requerimiento=True).exists():
            raise ErrorEventos(
                "no_es_requerimiento",
                f"La notificación {n.folio} no es un requerimiento: solo estos llevan plazo.",
                "notificacion",
            )
        if n.cancelada is not None:
            raise ErrorEventos(
                "cancelada", f"La notificación {n.folio} está cancelada.", "notificacion", 409
            )
        plazo = PlazoRequerimiento.objects.create(
            notificacion=n,
            dias_habiles=dias_habiles,
            fundamento=fundamento,
            registrado_por=oficial.rfc,
            registrado=ahora,
        )
        # The plazo moves the particular's calendar: the evidence log keeps who fixed it and when.
        anotar(
            "plazo_requerimiento_registrado",
            n.folio,
            {
                "plazo": plazo.pk,
                "dias_habiles": dias_habiles,
                "fundamento": fundamento,
                "registrado_por": oficial.rfc,
            },
            ahora,
        )
        return plazo
