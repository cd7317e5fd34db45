"""Where each document is downloaded and verified: always its owning app's own download (page or
API) and the public verification page (`verificacion`, by URL name: this app sits below it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from buzon.documentos.clases import Clase
from buzon.documentos.models import DocumentoPublico
from buzon.documentos.selectors import Documento
from buzon.legal.formato import instante_legible

API = "/api/v1"


def descarga_pagina(d: Documento) -> str:
    """The browser's download (the particular's cookie session)."""
    if d.clase == Clase.EMISION:
        return reverse("cuotas:pdf", args=[int(d.clave)])
    if d.clase == Clase.OPINION:
        return reverse("opinion:pdf", args=[d.clave])
    if d.clase == Clase.NOTIFICACION:
        return reverse("notificaciones:documento", args=[int(d.clave)])
    return reverse("portal:acuse_pdf", args=[d.clave])  # acuses and actuaciones' acuses


def descarga_api(d: Documento) -> str:
    """The API's download (the bearer token of the same session)."""
    if d.clase == Clase.EMISION:
        return f"{API}/emisiones/{d.clave}/pdf"
    if d.clase == Clase.OPINION:
        return f"{API}/opinion/{d.clave}/pdf"
    if d.clase == Clase.NOTIFICACION:
        return f"{API}/notificaciones/{d.clave}/documento"
    return f"{API}/acuses/{d.clave}/pdf"


def detalle_pagina(d: Documento) -> str:
    if d.clase == Clase.EMISION:
        return reverse("cuotas:emision", args=[int(d.clave)])
    if d.clase == Clase.OPINION:
        return reverse("opinion:mi_opinion") + f"?folio={d.clave}"
    if d.clase == Clase.NOTIFICACION:
        return reverse("notificaciones:detalle", args=[int(d.clave)])
    if d.clase == Clase.ACTUACION:
        return reverse("actuaciones:detalle", args=[d.fila])
    return reverse("portal:acuses")


def verificacion_ruta(d: Documento) -> str:
    """`/verificar/FOLIO?c=CODE` (what the document's QR holds), or "" when not sealed."""
    if not d.folio or not d.codigo:
        return ""
    return reverse("verificacion:acuse", args=[d.folio]) + f"?c={d.codigo}"


def verificacion_url(d: Documento) -> str | None:
    ruta = verificacion_ruta(d)
    if not ruta:
        return None
    return str(getattr(settings, "BUZON_URL_PUBLICA", "http://127.0.0.1:8000")).rstrip("/") + ruta


def como_json(d: Documento) -> dict[str, Any]:
    return {
        "tipo": d.clase,
        "tipo_legible": Clase(d.clase).label,
        "subtipo": d.subtipo,
        "titulo": d.titulo,
        "detalle": d.detalle,
        "fecha": d.fecha,
        "periodo": d.periodo or None,
        "registro_patronal": d.registro_patronal or None,
        "folio": d.folio or None,
        "descarga": descarga_api(d),
        "verificacion": verificacion_url(d),
    }


def para_pagina(d: Documento) -> dict[str, Any]:
    return como_json(d) | {
        "fecha_legible": instante_legible(d.fecha),
        "descarga": descarga_pagina(d),
        "ver": detalle_pagina(d),
        "verificar": verificacion_ruta(d),
    }


def publico_json(p: DocumentoPublico) -> dict[str, Any]:
    return {
        "id": p.pk,
        "titulo": p.titulo,
        "descripcion": p.descripcion,
        "tipo": p.tipo,
        "version": p.version,
        "tamano": p.tamano,
        "sha256": p.sha256,
        "publicado": p.publicado,
        "retirado": p.retirado,
        "descarga": f"{API}/documentos/publicos/{p.pk}/pdf",
    }


def publico_pagina(p: DocumentoPublico) -> dict[str, Any]:
    return publico_json(p) | {
        "tipo_legible": p.get_tipo_display(),
        "publicado_legible": instante_legible(p.publicado),
        "kb": max(1, (p.tamano + 1023) // 1024),
        "descarga": reverse("documentos:publico_pdf", args=[p.pk]),
    }


def nombre_archivo(p: DocumentoPublico) -> str:
    base = "".join(c if c.isascii() and c.isalnum() else "-" for c in p.titulo.lower())
    base = "-".join(t for t in base.split("-") if t)[:60] or "documento"
    return f"{base}-v{p.version}.pdf"


def respuesta_pdf(p: DocumentoPublico) -> HttpResponse:
    """The guide's bytes as an attachment (page and API alike)."""
    respuesta = HttpResponse(bytes(p.contenido), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre_archivo(p)}"'
    respuesta["ETag"] = f'"{p.sha256}"'
    return respuesta
