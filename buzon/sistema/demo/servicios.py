"""The demo of the services of issues 15–17, each made by its own app's demo module through the
real services, in the order their data needs: the library and the guides need only the
officials; the worker, the riesgos and the programme need the cuotas demo's ledger; the report
needs the worker; comunicados and the calendar need the padrón and the notifications.
Idempotent as each part is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from buzon.efirma import pki
from buzon.legal.zonas import ZONA_CENTRO
from buzon.sistema.demo.comun import Resultado
from buzon.sistema.demo.comunicados import cargar_comunicados
from buzon.sistema.demo.cotizacion import cargar_cotizacion
from buzon.sistema.demo.cuotas import DE_MUESTRA
from buzon.sistema.demo.derechohabientes import RFC_TRABAJADOR, cargar_derechohabientes
from buzon.sistema.demo.documentos import cargar_documentos
from buzon.sistema.demo.eventos import cargar_eventos
from buzon.sistema.demo.fiscalizacion import cargar_fiscalizacion
from buzon.sistema.demo.normatividad import cargar_normatividad
from buzon.sistema.demo.riesgos import cargar_riesgos


def cargar_servicios(
    carpeta_efirmas: Path,
    ac: pki.AC,
    carpeta_datos: Path,
    resultado: Resultado,
    avisar: Callable[[str], None],
) -> None:
    ahora = timezone.now()
    hoy = ahora.astimezone(ZONA_CENTRO).date()
    s = resultado.servicios
    s["normatividad"] = cargar_normatividad()
    s["documentos"] = cargar_documentos()
    resultado.archivos.update(cargar_derechohabientes(carpeta_efirmas, ac, carpeta_datos))
    resultado.archivos.update(cargar_riesgos(carpeta_datos, hoy))
    s["fiscalizacion"] = cargar_fiscalizacion(carpeta_datos, hoy)
    s["cotizacion"] = cargar_cotizacion(hoy, DE_MUESTRA.nss, RFC_TRABAJADOR)
    s["comunicados"] = cargar_comunicados()
    s["eventos"] = cargar_eventos(ahora)
    avisar(
        "Demostración: normatividad, guías y formatos, trabajador, riesgos de trabajo, "
        "programa de fiscalización, reporte de cotización, comunicados y calendario de eventos."
    )
