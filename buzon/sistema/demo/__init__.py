"""Demo data (`buzon demo`): two officials with e.firma files, one employer's mailbox enabled, one
notification in every state (`notificaciones`; the personal one with its citatorio, `personal`),
and that employer's afiliación ledger and emisiones de cuotas (`cuotas`), each made by the real
services; `guia` is what the command prints at the end.

Never on a production installation: the officials' keys are test keys written to the data
folder. Idempotent: a second run creates nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from buzon.efirma import pki
from buzon.legal.zonas import ZONA_CENTRO
from buzon.sistema.demo.comun import (
    ABIERTA,
    ADMINISTRADOR,
    ANUNCIO_DEMO,
    ASUNTOS,
    CANCELADA_CLAVE,
    CUENTAS,
    ESTADO_ESPERADO,
    ESTRADOS,
    HABILITADO,
    HABILITADO_EN,
    MEDIOS_HABILITADO,
    NOTIFICADOR,
    OFICIALES,
    PENDIENTE,
    PERSONAL,
    SIN_BUZON,
    SUBDELEGACION,
    SUPERVISOR,
    VENCIDA,
    ErrorDemo,
    Escenario,
    OficialDemo,
    Resultado,
    ultimo_dia_habil,
)
from buzon.sistema.demo.cuotas import cargar_cuotas
from buzon.sistema.demo.notificaciones import _anunciar_todos, cargar_notificaciones, escenarios
from buzon.sistema.demo.oficiales import oficio_pdf
from buzon.sistema.demo.opinion import cargar_opinion
from buzon.sistema.demo.servicios import cargar_servicios

__all__ = [
    "ABIERTA",
    "ADMINISTRADOR",
    "ANUNCIO_DEMO",
    "ASUNTOS",
    "CANCELADA_CLAVE",
    "CUENTAS",
    "ESTADO_ESPERADO",
    "ESTRADOS",
    "HABILITADO",
    "HABILITADO_EN",
    "MEDIOS_HABILITADO",
    "NOTIFICADOR",
    "OFICIALES",
    "PENDIENTE",
    "PERSONAL",
    "SIN_BUZON",
    "SUBDELEGACION",
    "SUPERVISOR",
    "VENCIDA",
    "ErrorDemo",
    "Escenario",
    "OficialDemo",
    "Resultado",
    "_anunciar_todos",
    "cargar",
    "escenarios",
    "oficio_pdf",
    "ultimo_dia_habil",
]


def cargar(
    carpeta_efirmas: Path,
    ac: pki.AC,
    carpeta_datos: Path,
    avisar: Callable[[str], None] = lambda _: None,
) -> Resultado:
    """The whole demo (idempotent): the notifications, then the cuotas and the opinión's
    créditos (their files go to `carpeta_datos`), then the services of issues 15–17
    (`servicios`); `avisar` receives progress lines."""
    resultado = cargar_notificaciones(carpeta_efirmas, ac, avisar)
    cargar_cuotas(carpeta_datos, timezone.now().astimezone(ZONA_CENTRO).date(), resultado)
    resultado.archivos.update(cargar_opinion(carpeta_datos))
    cargar_servicios(carpeta_efirmas, ac, carpeta_datos, resultado, avisar)
    avisar(
        f"Demostración: emisiones de {HABILITADO[0]} de los periodos "
        f"{', '.join(resultado.emisiones)}; archivos de muestra en {carpeta_datos}."
    )
    return resultado
