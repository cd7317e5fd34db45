"""The pages of the Calendario de eventos (relación 2): *Calendario de eventos* (the list by
month, with the legal basis of each event), *Recordatorios* (preferences) and *Calendario en su
aplicación* (the .ics link: created or revoked by a POST, its secret shown once), and the public
feed itself (`ics`: 404 for any unknown or revoked token; GET never writes).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from buzon.comun import acceso
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.eventos import ics as formato_ics
from buzon.eventos import presentacion
from buzon.eventos.errores import ErrorEventos
from buzon.eventos.preferencias import CAMPOS_AJUSTES, Ajustes, ajustes_de
from buzon.eventos.selectors import (
    access_rfc_del_enlace,
    enviados_a,
    eventos_de,
    hoy_centro,
    tiene_token,
)
from buzon.eventos.servicios import (
    LIMITES_DIAS,
    do_crear_token,
    do_guardar_preferencias,
    do_revocar_token,
)
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.padron.selectors import zona_de

#: The feed covers the last 31 days and the next year.
FEED_ATRAS, FEED_ADELANTE = 31, 366


@requiere_particular
@require_GET
def calendario(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    ahora = timezone.now()
    contexto: dict[str, Any] = {"sesion": sesion}
    estado = 200
    try:
        desde, hasta = presentacion.rango(
            request.GET.get("desde", ""), request.GET.get("hasta", ""), hoy_centro(ahora)
        )
    except ErrorEventos as exc:
        contexto |= {"error": exc.mensaje, "campo": exc.campo}
        desde, hasta = presentacion.rango("", "", hoy_centro(ahora))
        estado = 400
    lista = eventos_de(sesion.rfc, desde, hasta, ahora)
    dias = presentacion.recordatorios_de(sesion.rfc, lista, ajustes_de(sesion.rfc))
    filas = [presentacion.para_pagina(e, dias.get(e.uid)) for e in lista]
    contexto |= {"desde": desde, "hasta": hasta, "meses": presentacion.por_mes(filas)}
    return render(request, "eventos/calendario.html", contexto, status=estado)


def _leer_ajustes(request: HttpRequest) -> Ajustes:
    valores: dict[str, Any] = {}
    for campo in CAMPOS_AJUSTES:
        if campo in LIMITES_DIAS:
            texto = request.POST.get(campo, "").strip()
            if not texto.isdigit():
                raise ErrorEventos(
                    "dias_invalidos", "Escriba la anticipación en días hábiles.", campo
                )
            valores[campo] = int(texto)
        else:
            valores[campo] = request.POST.get(campo) == "si"
    return Ajustes(**valores)


@requiere_particular
@require_http_methods(["GET", "POST"])
def preferencias(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion, "limites": LIMITES_DIAS}
    estado = 200
    if request.method == "POST":
        try:
            do_guardar_preferencias(sesion.rfc, _leer_ajustes(request), timezone.now())
            return HttpResponseRedirect(reverse("eventos:preferencias") + "?guardado=1")
        except ErrorEventos as exc:
            contexto |= {"error": exc.mensaje, "campo": exc.campo}
            estado = 400
    contexto["ajustes"] = ajustes_de(sesion.rfc)
    contexto["guardado"] = request.GET.get("guardado") == "1"
    contexto["enviados"] = [
        {
            "enviado": instante_legible(r.enviado, zona_de(sesion.rfc)),
            "titulo": r.titulo,
            "fecha": fecha_legible(r.fecha_evento),
            "cuantos": len(r.claves),
        }
        for r in enviados_a(sesion.rfc)
    ]
    return render(request, "eventos/preferencias.html", contexto, status=estado)


@requiere_particular
@require_http_methods(["GET", "POST"])
def enlace(request: HttpRequest) -> HttpResponse:
    """The .ics link. A POST creates it (shown in this answer only) or revokes it."""
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion}
    if request.method == "POST":
        if request.POST.get("accion") == "revocar":
            do_revocar_token(sesion.rfc, timezone.now())
            contexto["revocado"] = True
        else:
            token = do_crear_token(sesion.rfc, timezone.now())
            contexto["url"] = request.build_absolute_uri(reverse("eventos:ics", args=[token]))
    vigente = tiene_token(sesion.rfc)
    contexto["vigente"] = vigente
    if vigente is not None:
        contexto["vigente_desde"] = instante_legible(vigente.creado, zona_de(sesion.rfc))
    respuesta = render(request, "eventos/enlace.html", contexto)
    respuesta["Cache-Control"] = "no-store"
    return respuesta


@acceso.publico
@require_GET
def ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: public URL, secret token; reads only."""
    rfc = access_rfc_del_enlace(token)
    ahora = timezone.now()
    hoy = hoy_centro(ahora)
    lista = eventos_de(
        rfc, hoy - timedelta(days=FEED_ATRAS), hoy + timedelta(days=FEED_ADELANTE), ahora
    )
    alarmas = presentacion.alarmas_de(
        rfc, presentacion.recordatorios_de(rfc, lista, ajustes_de(rfc))
    )
    respuesta = HttpResponse(
        formato_ics.documento(lista, ahora, alarmas), content_type="text/calendar; charset=utf-8"
    )
    respuesta["Content-Disposition"] = 'inline; filename="buzon-imss-eventos.ics"'
    respuesta["Cache-Control"] = "private, no-store"
    respuesta["X-Robots-Tag"] = "noindex"
    respuesta["Referrer-Policy"] = "no-referrer"
    return respuesta
