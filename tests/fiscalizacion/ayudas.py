"""The data a programme stands on, loaded as the Institute loads it, and the acts' catalogue."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from buzon.actuaciones.models import Actuacion, Tramite
from buzon.notificaciones.emision.catalogo import asegurar_catalogo, do_registrar_disponibilidad
from tests.cuotas import ayudas as cuotas
from tests.opinion import ayudas as opinion

REGISTRO_A = "Y5412345108"
REGISTRO_B = "Y5412345109"
SALARIO_MINIMO_2026 = "315.04"
PERIODO = "2026-T1"


def disponibles(por: str) -> None:
    """The acts of the programme offered (Transitorio Segundo), 8.1/8.2 among them: the shipped
    catalogue brings them (loaded if the table was flushed)."""
    asegurar_catalogo()
    for clave in ("7.8", "7.17", "7.18", "8.1", "8.2"):
        do_registrar_disponibilidad(
            clave, date(2025, 1, 15), "Anuncio en www.imss.gob.mx/buzonimss del 15-01-2025", por
        )


def padron(carpeta: Path, rfc_a: str, rfc_b: str) -> None:
    opinion.importar_padron(
        carpeta, [(rfc_a, REGISTRO_A, "10", "vigente"), (rfc_b, REGISTRO_B, "10", "vigente")]
    )


def altas(carpeta: Path, registro: str, sbcs: list[str], *, desde: int, fecha: str) -> None:
    filas = [
        cuotas.movimiento("08", fecha, sbc, registro=registro, n=n)
        for n, sbc in enumerate(sbcs, start=desde)
    ]
    ruta = cuotas.escribir(carpeta, filas, nombre=f"altas-{registro}-{desde}.csv")
    errores: list[object] = []
    from buzon.cuotas.servicios import do_importar_movimientos

    do_importar_movimientos(ruta, al_error=errores.append)
    assert errores == []


def tramite(clave: str, espera_respuesta: bool = False) -> Tramite:
    existente = Tramite.objects.filter(clave=clave, vigente=True).first()
    if existente is not None:
        return existente
    return Tramite.objects.create(
        clave=clave,
        version="prueba",
        nombre=clave,
        declaracion="{}",
        huella="0" * 64,
        espera_respuesta=espera_respuesta,
        importado_en=datetime.now().astimezone(),
    )


def denuncia(rfc_trabajador: str, registro: str, presentada: datetime, tipo: str) -> Actuacion:
    """A presented denuncia (trámite denuncia-patron), as the derechohabientes app files it."""
    datos = {
        "tipo": tipo,
        "registro_patronal": registro,
        "periodo_desde": "2026-01",
        "periodo_hasta": "2026-03",
        "descripcion": "Trabajo ahí desde enero.",
    }
    return Actuacion.objects.create(
        rfc=rfc_trabajador,
        nombre="TRABAJADOR QUE DENUNCIA",
        tramite=tramite("denuncia-patron"),
        datos=json.dumps(datos, sort_keys=True, separators=(",", ":")),
        cadena="||denuncia||",
        creada=presentada - timedelta(minutes=5),
        expira=presentada + timedelta(days=1),
        presentada=presentada,
        recepcion_legal=presentada,
        acuse="DEN-PRUEBA",
    )


def respuesta(rfc: str, notificacion_id: int, presentada: datetime) -> Actuacion:
    """The employer's answer linked to the act's notification (trámite respuesta-requerimiento
    or an aclaración: either links `notificacion`)."""
    return Actuacion.objects.create(
        rfc=rfc,
        tramite=tramite("respuesta-requerimiento", True),
        datos='{"respuesta":"Corregimos los salarios"}',
        cadena="||respuesta||",
        creada=presentada - timedelta(minutes=5),
        expira=presentada + timedelta(days=1),
        notificacion=notificacion_id,
        presentada=presentada,
        recepcion_legal=presentada,
        acuse="RESP-PRUEBA",
    )
