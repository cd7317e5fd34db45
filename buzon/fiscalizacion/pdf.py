"""The act's document: the letter (7.8, 7.18), the requirement (7.17), the audit start or a
requerimiento inside it (relación 8), naming every indicator that fired with its numbers.

A pure function of the act (ReportLab's invariant mode, the programme's date): the official
downloads these exact bytes, signs them with the e.firma and the Buzón checks that signature when
it issues the notification; the personal route's printed representation adds the Institute's
seal and the verification QR (docs/notificaciones.md, «representación impresa»).
"""

from __future__ import annotations

import json
from datetime import datetime, time

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, Spacer  # type: ignore[import-untyped]

from buzon.evidencia.maqueta import ANCHO_UTIL, maquetar_carta, parrafo, tabla
from buzon.fiscalizacion.models import Acto
from buzon.legal.riesgo import puntaje
from buzon.legal.zonas import ZONA_CENTRO

TITULOS = {
    puntaje.INVITACION_CLASIFICACION: "Invitación para revisar la correcta clasificación de las "
    "empresas (relación de trámites, numeral 7.8)",
    puntaje.INVITACION_CONCENTRACION: "Carta invitación a patrones con concentración salarial "
    "(relación de trámites, numeral 7.18)",
    puntaje.REQUERIMIENTO_17: "Artículo 17 de la Ley del Seguro Social a patrones con probables "
    "inscripciones improcedentes (relación de trámites, numeral 7.17)",
    puntaje.AUDITORIA: "Inicio de fiscalización electrónica (relación de trámites, numeral 8)",
    "requerimiento_auditoria": "Requerimiento dentro de la fiscalización electrónica (relación de "
    "trámites, numeral 8)",
}
NOMBRES_INDICADOR = {
    "concentracion_salarial": "Concentración salarial",
    "inscripciones_improcedentes": "Probables inscripciones improcedentes",
    "clasificacion": "Clasificación",
    "plantilla": "Plantilla reportada frente a fuente externa",
    "denuncias": "Denuncias de trabajadores",
    "cuotas_no_pagadas": "Cuotas propuestas no pagadas",
}
PIE = (
    "El Instituto seleccionó este registro patronal con reglas públicas y explicables, sin "
    "intervención discrecional: el puntaje es la suma de los indicadores que se activaron, "
    "con los datos que constan en sus registros. Responda por el Buzón IMSS, con la actuación "
    "en respuesta a esta notificación, dentro del plazo indicado, contado a partir del día "
    "hábil siguiente a aquel en que surta efectos la notificación (CFF 12 y 135)."
)


def senales_disparadas(acto: Acto) -> list[dict[str, object]]:
    fuente = acto.padre.puntaje if acto.padre_id and acto.padre else acto.puntaje
    if fuente is None:
        return []
    return [s for s in json.loads(fuente.senales) if s["disparo"]]


def documento(acto: Acto) -> bytes:
    titulo = TITULOS.get(acto.tipo, acto.tipo)
    fecha = datetime.combine(acto.programa.corte, time(12), ZONA_CENTRO)
    contenido: list[Flowable] = [
        parrafo(titulo, "titulo"),
        tabla(
            [
                ["Programa", acto.programa.periodo],
                ["Acto", str(acto.pk)],
                ["RFC", acto.rfc],
                ["Registro patronal", acto.registro],
                ["Subdelegación", acto.subdelegacion],
                ["Plazo", f"{acto.plazo_dias} días hábiles"],
            ],
            [45 * mm, ANCHO_UTIL - 45 * mm],
        ),
        Spacer(1, 8),
    ]
    if acto.texto:
        contenido += [parrafo("Se requiere", "seccion"), parrafo(acto.texto, "base")]
    fuente = acto.padre.puntaje if acto.padre_id and acto.padre else acto.puntaje
    if fuente is not None:
        contenido.append(parrafo(f"Indicadores activados (puntaje {fuente.puntos})", "seccion"))
        filas = [["Indicador", "Puntos", "Motivo"]]
        for s in senales_disparadas(acto):
            filas.append(
                [
                    NOMBRES_INDICADOR.get(str(s["indicador"]), str(s["indicador"])),
                    str(s["puntos"]),
                    parrafo(str(s["motivo"]), "base"),
                ]
            )
        contenido.append(tabla(filas, [55 * mm, 18 * mm, ANCHO_UTIL - 73 * mm]))
    contenido += [Spacer(1, 8), parrafo(PIE, "base")]
    return maquetar_carta(
        contenido,
        titulo,
        f"F{acto.pk}",
        fecha,
        asunto=f"{titulo}: {acto.registro}",
        claves=["IMSS", "Buzón IMSS", "fiscalización", acto.clave],
    )
