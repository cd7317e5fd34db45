"""How programmes and acts are shown (API and pages): one dict shape each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from buzon.fiscalizacion.models import Acto, Programa
from buzon.fiscalizacion.pdf import TITULOS
from buzon.fiscalizacion.selectors import estado_de, plazos_de, senales_de
from buzon.legal.zonas import ZONA_CENTRO


def programa(p: Programa) -> dict[str, Any]:
    return {
        "id": p.pk,
        "periodo": p.periodo,
        "inicio": p.inicio,
        "corte": p.corte,
        "creado": p.creado.astimezone(ZONA_CENTRO),
        "registros": p.registros,
        "con_puntos": p.con_puntos,
        "actos": p.actos,
        "huella": p.huella,
        "ajustes_huella": p.ajustes_huella,
    }


def acto(
    a: Acto, ahora: datetime, respuestas: list[Any], *, para_particular: bool = False
) -> dict[str, Any]:
    plazos = plazos_de(a, ahora)
    n = a.notificacion
    fuente = a.padre.puntaje if a.padre_id and a.padre else a.puntaje
    datos: dict[str, Any] = {
        "id": a.pk,
        "programa": a.programa.periodo,
        "tipo": a.tipo,
        "titulo": TITULOS.get(a.tipo, a.tipo),
        "clave": a.clave,
        "registro_patronal": a.registro,
        "rfc": a.rfc,
        "estado": estado_de(a, ahora, bool(respuestas)),
        "puntos": fuente.puntos if fuente else None,
        "rango": fuente.rango if fuente and not para_particular else None,
        "senales": senales_de(a, para_particular=para_particular),
        "texto": a.texto,
        "plazo_dias": a.plazo_dias,
        "notificacion": n.pk if n else None,
        "folio": n.folio if n else None,
        "ruta": n.ruta if n else None,
        "notificada": plazos.notificado.astimezone(ZONA_CENTRO) if plazos.notificado else None,
        "surte_efectos": plazos.surte_efectos,
        "plazo_inicia": plazos.inicia,
        "plazo_vence": plazos.vence,
        "respuestas": [
            {
                "actuacion": r.pk,
                "presentada": r.presentada.astimezone(ZONA_CENTRO),
                "acuse": r.acuse,
            }
            for r in respuestas
        ],
        "resultado": a.resultado,
        "padre": a.padre_id,
    }
    if not para_particular:
        datos["subdelegacion"] = a.subdelegacion
    return datos
