"""The officials' pages for batches (`/oficina/lotes/`): upload a signed batch, follow it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from buzon.cuentas.navegador import (
    oficial_actual,
    requiere_oficial,
    sesion_actual,
)
from buzon.legal.formato import instante_legible
from buzon.notificaciones import selectors
from buzon.notificaciones.caras.api_oficina import salida_lote
from buzon.notificaciones.caras.vistas import (
    no_encontrada,
)
from buzon.notificaciones.caras.vistas_oficina import (
    _contexto,
    _tipos,
    _volver_lista,
)
from buzon.notificaciones.emision.lotes import do_crear_lote
from buzon.notificaciones.errores import ErrorNotificacion

#: Largest batch file accepted from the page (the request body limit applies as well).
MAXIMO_LOTE = 20 * 1024 * 1024
#: Error lines listed on the progress page (the counts are always complete).
MAXIMO_ERRORES_PAGINA = 1000


# -- batches -------------------------------------------------------------------------------------


@requiere_oficial
@require_http_methods(["GET", "POST"])
def lote_nuevo(request: HttpRequest) -> HttpResponse:
    """Upload a .jsonl or .csv of notifications already signed (buzon CLI); processed apart.

    The same page builds a batch in the browser (static/notificaciones/lote_armar.js): the
    official chooses several PDFs, types rfc, tipo and asunto per row and signs each PDF's bytes
    with their e.firma there (the key never leaves the page); the script posts the resulting
    .jsonl here, so both ways go through the one batch service (`do_crear_lote`)."""
    error = None
    if request.method == "POST":
        sesion, oficial = sesion_actual(request), oficial_actual(request)
        archivo = request.FILES.get("archivo")
        try:
            if archivo is None:
                raise ErrorNotificacion(
                    "archivo_invalido", "Elija el archivo .jsonl o .csv del lote.", "archivo"
                )
            maximo = min(MAXIMO_LOTE, int(settings.BUZON_MAXIMO_CUERPO))
            if archivo.size is None or archivo.size > maximo:
                raise ErrorNotificacion(
                    "archivo_demasiado_grande",
                    f"El lote pasa del máximo de {maximo / 1_048_576:.0f} MB: divídalo en "
                    "varios archivos.",
                    "archivo",
                    413,
                )
            lote = do_crear_lote(
                oficial, bytes(sesion.certificado_der), archivo.name or "", archivo.read()
            )
        except ErrorNotificacion as exc:
            error = exc
        else:
            return HttpResponseRedirect(reverse("notificaciones:oficina_lote", args=[lote.pk]))
    contexto = _contexto(
        request,
        error=error,
        maximo_mb=MAXIMO_LOTE // 1_048_576,
        tipos=_tipos(),
        resumen=[{"id": "archivo", "mensaje": error.mensaje}] if error else [],
    )
    return render(
        request,
        "notificaciones/oficina/lote_nuevo.html",
        contexto,
        status=error.estado if error else 200,
    )


@requiere_oficial
def lote(request: HttpRequest, lote_id: int) -> HttpResponse:
    try:
        encontrado = selectors.access_lote(oficial_actual(request), lote_id)
    except ErrorNotificacion as exc:
        return no_encontrada(request, exc.mensaje, _volver_lista(), _contexto(request))
    datos = salida_lote(encontrado)
    contexto = _contexto(
        request,
        lote=datos,
        errores=datos["errores"][:MAXIMO_ERRORES_PAGINA],
        creado=instante_legible(encontrado.creado),
        avance=reverse("notificaciones:oficina_lote_avance", args=[encontrado.pk]),
    )
    return render(request, "notificaciones/oficina/lote.html", contexto)


@requiere_oficial
def lote_avance(request: HttpRequest, lote_id: int) -> HttpResponse:
    """The batch's progress as JSON, polled by the progress page (static/notificaciones/lote.js)."""
    try:
        encontrado = selectors.access_lote(oficial_actual(request), lote_id)
    except ErrorNotificacion as exc:
        return JsonResponse(
            {"error": exc.codigo, "mensaje": exc.mensaje, "campo": exc.campo}, status=404
        )
    datos = salida_lote(encontrado)
    del datos["errores"]  # counts only: the page reloads to list the errors line by line
    respuesta = JsonResponse(datos)
    respuesta["Cache-Control"] = "private, no-store"
    return respuesta
