"""*Mis comunicados* (numeral 8; relación 5): the particular's list (read and unread) and each
comunicado, apart from the notifications, each saying it has no legal effect.

GET never writes: the list opens a comunicado with a POST (its «Leer» button, `abrir`), which
marks it read and redirects to its page (POST-redirect-GET) [I-101]. Another's comunicado is a
404 (`access_destinatario`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from buzon.comunicados import presentacion, selectors
from buzon.comunicados.servicios import do_marcar_leido
from buzon.cuentas.navegador import requiere_particular, sesion_actual

POR_PAGINA = 100


@requiere_particular
@require_GET
def mis_comunicados(request: HttpRequest) -> HttpResponse:
    sesion, ahora = sesion_actual(request), timezone.now()
    filas = [
        presentacion.para_particular(d, ahora, completo=False)
        for d in selectors.de_particular(sesion.rfc, ahora)[:POR_PAGINA]
    ]
    contexto = {
        "sesion": sesion,
        "comunicados": filas,
        "sin_leer": selectors.sin_leer(sesion.rfc, ahora),
        "leyenda": presentacion.SIN_EFECTOS,
    }
    return render(request, "comunicados/mis_comunicados.html", contexto)


@requiere_particular
@require_POST
def abrir(request: HttpRequest, comunicado_id: int) -> HttpResponse:
    """Opening it is reading it: marked read, then shown."""
    sesion = sesion_actual(request)
    do_marcar_leido(selectors.access_destinatario(sesion.rfc, comunicado_id, timezone.now()))
    return HttpResponseRedirect(reverse("comunicados:detalle", args=[comunicado_id]))


@requiere_particular
@require_GET
def detalle(request: HttpRequest, comunicado_id: int) -> HttpResponse:
    sesion, ahora = sesion_actual(request), timezone.now()
    d = selectors.access_destinatario(sesion.rfc, comunicado_id, ahora)
    datos = presentacion.para_particular(d, ahora, completo=True)
    contexto = {
        "sesion": sesion,
        "c": datos,
        "html": None if datos["cuerpo"] is None else presentacion.cuerpo_html(d.comunicado),
        "leyenda": presentacion.SIN_EFECTOS,
    }
    return render(request, "comunicados/detalle.html", contexto)


@requiere_particular
@require_GET
def adjunto(request: HttpRequest, comunicado_id: int, numero: int) -> HttpResponse:
    sesion = sesion_actual(request)
    a = selectors.access_adjunto(sesion.rfc, comunicado_id, numero, timezone.now())
    return presentacion.respuesta_pdf(a)
