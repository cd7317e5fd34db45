"""The pages of the opinión de cumplimiento (relación 9.2–9.4): *Mi opinión de cumplimiento*
(obtain one, see its motivos, download its PDF, the previous ones), *Consultar a un tercero que me
autorizó*, *Mis consultas* and the public *Opinión pública* (by exact RFC, nothing listed).

Thin: the services issue, the selectors read (`access_opinion`: another's folio is a 404), the
wording is `presentacion`'s. Obtaining an opinión is a POST (it issues and seals one); the page
then shows it by folio (POST-redirect-GET).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from buzon.comun import acceso
from buzon.comun.errores import ErrorBuzon
from buzon.comun.limites import ip_de
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.opinion import presentacion
from buzon.opinion.consultante import Consultante, permitido_publico
from buzon.opinion.selectors import access_opinion, consultas_de, obtenidas_por, opiniones_de
from buzon.opinion.servicios import (
    LARGO_MOTIVO,
    do_emitir_opinion,
    do_emitir_opinion_de_tercero,
    do_emitir_opinion_publica,
)

POR_PAGINA = 50


def _motivo(request: HttpRequest) -> str:
    return request.POST.get("motivo", "").strip()


@requiere_particular
@require_http_methods(["GET", "POST"])
def mi_opinion(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion, "largo_motivo": LARGO_MOTIVO}
    estado = 200
    if request.method == "POST":
        motivo = _motivo(request)
        try:
            opinion = do_emitir_opinion(
                sesion.rfc,
                consultante=Consultante(
                    "titular", rfc=sesion.rfc, motivo=motivo, ip=ip_de(request)
                ),
            )
            return HttpResponseRedirect(reverse("opinion:mi_opinion") + f"?folio={opinion.folio}")
        except ErrorBuzon as exc:
            contexto |= {"error": exc.mensaje, "campo": exc.campo, "motivo": motivo}
            estado = 400
    folio = request.GET.get("folio", "").strip()
    if folio:
        contexto["opinion"] = presentacion.para_pagina(access_opinion(sesion.rfc, folio))
    contexto["anteriores"] = [
        presentacion.para_pagina(o)
        for o in opiniones_de(sesion.rfc).select_related("acuse")[:POR_PAGINA]
    ]
    return render(request, "opinion/mi_opinion.html", contexto, status=estado)


@requiere_particular
@require_GET
def opinion_pdf(request: HttpRequest, folio: str) -> HttpResponse:
    return presentacion.respuesta_pdf(access_opinion(sesion_actual(request).rfc, folio))


@requiere_particular
@require_http_methods(["GET", "POST"])
def de_tercero(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion, "largo_motivo": LARGO_MOTIVO}
    estado = 200
    if request.method == "POST":
        titular = request.POST.get("rfc", "").strip().upper()
        motivo = _motivo(request)
        contexto |= {"rfc": titular, "motivo": motivo}
        try:
            opinion = do_emitir_opinion_de_tercero(
                titular, sesion.rfc, motivo=motivo, ip=ip_de(request)
            )
            contexto["opinion"] = presentacion.para_pagina(opinion)
        except ErrorBuzon as exc:
            contexto |= {"error": exc.mensaje, "campo": exc.campo or "rfc"}
            estado = exc.estado
    contexto["obtenidas"] = [
        presentacion.para_pagina(o)
        for o in obtenidas_por(sesion.rfc).select_related("acuse")[:POR_PAGINA]
    ]
    return render(request, "opinion/de_tercero.html", contexto, status=estado)


@requiere_particular
@require_GET
def mis_consultas(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    filas = [presentacion.consulta_para_pagina(c) for c in consultas_de(sesion.rfc)[:500]]
    return render(request, "opinion/mis_consultas.html", {"sesion": sesion, "consultas": filas})


@acceso.publico
@never_cache
@require_http_methods(["GET", "POST"])
def publica(request: HttpRequest) -> HttpResponse:
    """The form (GET) and the consultation (POST: it issues and records one)."""
    contexto: dict[str, Any] = {}
    estado = 200
    if request.method == "POST":
        rfc = request.POST.get("rfc", "").strip().upper()
        contexto["rfc"] = rfc
        if not permitido_publico(request):
            contexto["error"] = "Hizo demasiadas consultas en poco tiempo: espere un minuto."
            estado = 429
        else:
            try:
                opinion = do_emitir_opinion_publica(rfc, ip=ip_de(request))
                contexto["opinion"] = presentacion.para_pagina(opinion)
            except ErrorBuzon as exc:
                contexto["error"] = exc.mensaje
                estado = exc.estado
    return render(request, "opinion/publica.html", contexto, status=estado)
