"""The worker's pages (relación 4.2, 4.3, 10.5, 10.6): *Mis derechos como trabajador* (who I am,
the linkage by the e.firma's CURP), *Constancia de semanas cotizadas* and *Constancia de vigencia
de derechos* (obtain one — a POST: it issues and seals it —, see it, download its PDF, the
previous ones).

Thin: the services issue, the selectors read (`access_constancia`: another's folio is a 404). A
session without a linked worker (an employer's, a persona moral's e.firma) gets the Spanish
explanation of why, with the 5.9 aclaración, on every page (404).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.models import Sesion
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.derechohabientes import presentacion
from buzon.derechohabientes.models import Constancia
from buzon.derechohabientes.selectors import access_asegurado, access_constancia, constancias_de
from buzon.derechohabientes.servicios import do_emitir_semanas, do_emitir_vigencia

POR_PAGINA = 50
ACLARACION = "aclaracion-buzon"
PAGINAS: dict[str, tuple[str, str]] = {
    Constancia.Tipo.SEMANAS: ("derechohabientes/semanas.html", "derechohabientes:semanas"),
    Constancia.Tipo.VIGENCIA: ("derechohabientes/vigencia.html", "derechohabientes:vigencia"),
}


def _sin_vinculo(request: HttpRequest, sesion: Sesion, error: ErrorBuzon) -> HttpResponse:
    contexto = {"sesion": sesion, "error": error, "aclaracion": ACLARACION}
    return render(request, "derechohabientes/sin_vinculo.html", contexto, status=error.estado)


@requiere_particular
@require_GET
def inicio(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        access_asegurado(sesion)
    except ErrorBuzon as exc:
        return _sin_vinculo(request, sesion, exc)
    contexto = {"sesion": sesion, "yo": presentacion.quien_soy(sesion)}
    return render(request, "derechohabientes/inicio.html", contexto)


def _constancias(request: HttpRequest, tipo: str) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        asegurado = access_asegurado(sesion)
    except ErrorBuzon as exc:
        return _sin_vinculo(request, sesion, exc)
    plantilla, nombre = PAGINAS[tipo]
    contexto: dict[str, Any] = {"sesion": sesion, "yo": presentacion.quien_soy(sesion)}
    estado = 200
    if request.method == "POST":
        emitir = do_emitir_semanas if tipo == Constancia.Tipo.SEMANAS else do_emitir_vigencia
        try:
            constancia = emitir(sesion)
            return HttpResponseRedirect(reverse(nombre) + f"?folio={constancia.folio}")
        except ErrorBuzon as exc:
            contexto["error"] = exc.mensaje
            estado = exc.estado
    folio = request.GET.get("folio", "").strip()
    if folio:
        contexto["constancia"] = presentacion.para_pagina(access_constancia(sesion, tipo, folio))
    contexto["anteriores"] = [
        presentacion.para_pagina(c)
        for c in constancias_de(asegurado, tipo).select_related("acuse")[:POR_PAGINA]
    ]
    return render(request, plantilla, contexto, status=estado)


@requiere_particular
@require_http_methods(["GET", "POST"])
def semanas(request: HttpRequest) -> HttpResponse:
    return _constancias(request, Constancia.Tipo.SEMANAS)


@requiere_particular
@require_http_methods(["GET", "POST"])
def vigencia(request: HttpRequest) -> HttpResponse:
    return _constancias(request, Constancia.Tipo.VIGENCIA)


def _pdf(request: HttpRequest, tipo: str, folio: str) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        access_asegurado(sesion)
    except ErrorBuzon as exc:
        return _sin_vinculo(request, sesion, exc)
    return presentacion.respuesta_pdf(access_constancia(sesion, tipo, folio))


@requiere_particular
@require_GET
def semanas_pdf(request: HttpRequest, folio: str) -> HttpResponse:
    return _pdf(request, Constancia.Tipo.SEMANAS, folio)


@requiere_particular
@require_GET
def vigencia_pdf(request: HttpRequest, folio: str) -> HttpResponse:
    return _pdf(request, Constancia.Tipo.VIGENCIA, folio)
