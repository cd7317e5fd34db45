"""The pages of Mis documentos (numeral 8; relación 4): the particular's *Mis documentos* (its
documents filtered by kind and period, and the documents for everyone), the public *Guías y
formatos* page and its downloads, and the officials' page to publish and withdraw them.

Thin: `selectors` read (one query per kind), `enlaces` link each document to its owning app's
download and to its verification page, `servicios` write (an administrador only).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buzon.comun import acceso
from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import (
    oficial_actual,
    requiere_oficial,
    requiere_particular,
    sesion_actual,
)
from buzon.documentos import enlaces, selectors
from buzon.documentos.clases import Clase
from buzon.documentos.models import TipoPublico
from buzon.documentos.servicios import (
    LARGO_DESCRIPCION,
    LARGO_TITULO,
    MAXIMO_PDF,
    Publicacion,
    do_publicar_documento,
    do_retirar_documento,
)
from buzon.oficina.models import Oficial


def _numero(request: HttpRequest) -> int:
    texto = request.GET.get("pagina", "1")
    return int(texto) if texto.isdigit() and 0 < int(texto) <= selectors.MAXIMA_PAGINA else 1


@requiere_particular
@require_GET
def mis_documentos(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    tipo = request.GET.get("tipo", "").strip()
    desde = request.GET.get("desde", "").strip()
    hasta = request.GET.get("hasta", "").strip()
    contexto: dict[str, Any] = {
        "sesion": sesion,
        "clases": Clase.choices,
        "tipo": tipo,
        "desde": desde,
        "hasta": hasta,
        "filtrado": bool(tipo or desde or hasta),
        "publicos": [enlaces.publico_pagina(p) for p in selectors.publicos()[:100]],
    }
    estado = 200
    try:
        filtro = selectors.leer_filtro(tipo, desde, hasta)
    except ErrorBuzon as exc:
        contexto["error"] = {"campo": exc.campo, "mensaje": exc.mensaje}
        estado = 400
    else:
        pagina = selectors.mis_documentos(sesion.rfc, filtro, timezone.now(), _numero(request))
        contexto |= {
            "documentos": [enlaces.para_pagina(d) for d in pagina.documentos],
            "pagina": pagina.numero,
            "anterior": pagina.numero - 1 if pagina.numero > 1 else None,
            "siguiente": pagina.numero + 1 if pagina.hay_mas else None,
            "consulta_base": urlencode(
                {k: v for k, v in (("tipo", tipo), ("desde", desde), ("hasta", hasta)) if v}
            ),
        }
    return render(request, "documentos/mis_documentos.html", contexto, status=estado)


@acceso.publico
@require_GET
def publicos(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "documentos/publicos.html",
        {"publicos": [enlaces.publico_pagina(p) for p in selectors.publicos()[:500]]},
    )


@acceso.publico
@require_GET
def publico_pdf(request: HttpRequest, documento_id: int) -> HttpResponse:
    return enlaces.respuesta_pdf(selectors.access_publico(documento_id))


def _contexto_oficina(request: HttpRequest) -> dict[str, Any]:
    oficial = oficial_actual(request)
    return {
        "sesion": sesion_actual(request),
        "oficial": oficial,
        "es_administrador": oficial.rol == Oficial.Rol.ADMINISTRADOR,
        "tipos": TipoPublico.choices,
        "largo_titulo": LARGO_TITULO,
        "largo_descripcion": LARGO_DESCRIPCION,
        "maximo_mb": MAXIMO_PDF // (1024 * 1024),
        "documentos": [enlaces.publico_pagina(p) for p in selectors.todos_los_publicos()[:500]],
    }


@requiere_oficial
@require_http_methods(["GET", "POST"])
def oficina(request: HttpRequest) -> HttpResponse:
    """GET: every guide and format (withdrawn ones too) and the form. POST: publish one."""
    contexto = _contexto_oficina(request)
    estado = 200
    if request.method == "POST":
        datos = {k: request.POST.get(k, "") for k in ("titulo", "descripcion", "tipo", "version")}
        archivo = request.FILES.get("archivo")
        try:
            if archivo is None:
                raise ErrorBuzon("archivo_faltante", "Elija el archivo PDF.", "archivo")
            if archivo.size is None or archivo.size > MAXIMO_PDF:
                raise ErrorBuzon(
                    "archivo_grande",
                    f"El archivo pasa de {MAXIMO_PDF // (1024 * 1024)} MB: redúzcalo.",
                    "archivo",
                )
            p = do_publicar_documento(
                oficial_actual(request).rfc, Publicacion(**datos, contenido=archivo.read())
            )
            return HttpResponseRedirect(reverse("documentos:oficina") + f"?publicado={p.pk}")
        except ErrorBuzon as exc:
            contexto |= {"error": {"campo": exc.campo, "mensaje": exc.mensaje}, "datos": datos}
            estado = exc.estado
    return render(request, "documentos/oficina.html", contexto, status=estado)


@requiere_oficial
@require_POST
def oficina_retirar(request: HttpRequest, documento_id: int) -> HttpResponse:
    try:
        do_retirar_documento(oficial_actual(request).rfc, documento_id)
    except ErrorBuzon as exc:
        contexto = _contexto_oficina(request) | {
            "error": {"campo": exc.campo, "mensaje": exc.mensaje}
        }
        return render(request, "documentos/oficina.html", contexto, status=exc.estado)
    return HttpResponseRedirect(reverse("documentos:oficina") + f"?retirado={documento_id}")
