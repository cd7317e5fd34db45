"""How a comunicado is shown: to the particular (API and page) and to officials."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe

from buzon.comunicados import marcado, selectors
from buzon.comunicados.models import Adjunto, Comunicado, Destinatario

#: Said on every comunicado, in the page and the API (numeral 8 informs; it notifies nothing).
SIN_EFECTOS = "Este comunicado es informativo y no tiene efectos legales."
RETIRADO = "El Instituto retiró este comunicado; su contenido ya no está vigente."


def cuerpo_html(c: Comunicado) -> SafeString:
    # Safe: `marcado` escapes every character of the author's text before adding its tags.
    return mark_safe(marcado.a_html(c.cuerpo, c.formato))  # noqa: S308


def para_particular(d: Destinatario, ahora: datetime, *, completo: bool) -> dict[str, Any]:
    c = d.comunicado
    estado = selectors.estado_de(c, ahora)
    retirado = c.estado == Comunicado.Estado.RETIRADO
    datos: dict[str, Any] = {
        "id": c.pk,
        "titulo": c.titulo,
        "estado": estado,
        "publicado": c.vigente_desde,
        "vigente_hasta": c.vigente_hasta,
        "leido": d.leido_en is not None,
        "leido_en": d.leido_en,
        "efectos_legales": False,
        "leyenda": SIN_EFECTOS,
    }
    if completo:
        datos |= {
            "formato": c.formato,
            "cuerpo": None if retirado else c.cuerpo,
            "retirado_en": c.retirado_en,
            "aviso_retiro": RETIRADO if retirado else None,
            "adjuntos": []
            if retirado
            else [
                {"numero": a.numero, "nombre": a.nombre, "tamano": a.tamano}
                for a in selectors.adjuntos_de(c)
            ],
        }
    return datos


def para_oficina(c: Comunicado, ahora: datetime, *, completo: bool = False) -> dict[str, Any]:
    av = selectors.avance(c)
    datos: dict[str, Any] = {
        "id": c.pk,
        "titulo": c.titulo,
        "estado": selectors.estado_de(c, ahora),
        "subdelegacion": c.subdelegacion,
        "autor": c.autor_rfc,
        "segmento": c.segmento,
        "valores": list(c.valores),
        "creado_en": c.creado_en,
        "vigente_desde": c.vigente_desde,
        "vigente_hasta": c.vigente_hasta,
        "aprobado_por": c.aprobado_por or None,
        "aprobado_en": c.aprobado_en,
        "difusion": av.difusion,
        "objetivo": av.objetivo,
        "entregados": av.entregados,
        "leidos": av.leidos,
        "avisos": av.avisos,
    }
    if completo:
        datos |= {
            "formato": c.formato,
            "cuerpo": c.cuerpo,
            "motivo_retiro": c.motivo_retiro or None,
            "adjuntos": [
                {"numero": a.numero, "nombre": a.nombre, "tamano": a.tamano}
                for a in selectors.adjuntos_de(c)
            ],
            "eventos": [
                {"tipo": e.tipo, "instante": e.instante, "por": e.por or None, "detalle": e.detalle}
                for e in selectors.eventos_de(c)
            ],
        }
    return datos


def respuesta_pdf(adjunto: Adjunto) -> HttpResponse:
    respuesta = HttpResponse(bytes(adjunto.contenido), content_type="application/pdf")
    nombre = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in adjunto.nombre)
    if not nombre.lower().endswith(".pdf"):
        nombre += ".pdf"
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    respuesta["X-Content-Type-Options"] = "nosniff"
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
