"""The employer's pages: «Riesgos de trabajo terminados» (relación 10.3) and «Determinación de la
prima» (10.4): every number shown, then a draft of the actuación `determinacion-prima-rt`
prepared (POST) and signed in the browser with the e.firma (`efirma.js`, the actuaciones'
form) on this app's page, whose POST records the prima and files the actuación in one
transaction (`servicios.do_presentar_determinacion`).

Thin: the selectors read (`access_registro`: another's registro is a 404, the same as a missing
one), the services write, the wording is `presentacion`'s.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from buzon.actuaciones.selectors import estado_de
from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.cuotas.models import PrimaRT
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import url_verificacion
from buzon.legal import prima_rt
from buzon.legal.formato import instante_legible
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.padron.selectors import registros_de
from buzon.riesgos import presentacion, selectors, servicios


def _anio_por_omision() -> int:
    """In January and February, the year just closed (its determination is filed now); later,
    the year in course (what it would give so far)."""
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    return hoy.year - 1 if hoy.month <= 2 else hoy.year


def _eleccion(request: HttpRequest, rfc: str, fuente: Any) -> dict[str, Any]:
    """The registro and year asked for (the first registro, last year, by default)."""
    registros = registros_de(rfc)
    registro = (fuente.get("registro") or (registros[0] if registros else "")).strip()
    anio_texto = (fuente.get("anio") or str(_anio_por_omision())).strip()
    return {"registros": registros, "registro": registro, "anio_texto": anio_texto}


@requiere_particular
@require_GET
def terminados(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion} | _eleccion(request, sesion.rfc, request.GET)
    if not contexto["registros"]:
        return render(request, "riesgos/terminados.html", contexto)
    registro = selectors.access_registro(sesion.rfc, contexto["registro"])
    try:
        anio = selectors.leer_anio(contexto["anio_texto"])
    except ErrorBuzon as exc:
        contexto["error"] = exc.mensaje
        return render(request, "riesgos/terminados.html", contexto, status=400)
    casos = selectors.casos(registro, anio)
    contexto |= {
        "anio": anio,
        "registro": registro.registro,
        "riesgos": [presentacion.riesgo(r) for r in selectors.terminados(registro, anio)],
        "casos": casos,
        "incapacidades": casos.incapacidades.normalize() if casos.incapacidades else 0,
    }
    return render(request, "riesgos/terminados.html", contexto)


@requiere_particular
@require_GET
def determinacion(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto: dict[str, Any] = {"sesion": sesion} | _eleccion(request, sesion.rfc, request.GET)
    if not contexto["registros"]:
        return render(request, "riesgos/determinacion.html", contexto)
    registro = selectors.access_registro(sesion.rfc, contexto["registro"])
    try:
        anio = selectors.leer_anio(contexto["anio_texto"])
    except ErrorBuzon as exc:
        contexto["error"] = exc.mensaje
        return render(request, "riesgos/determinacion.html", contexto, status=400)
    sistema = request.GET.get("sistema_seguridad") == "1"
    calculo = selectors.calculo(registro, anio, sistema)
    d = presentacion.determinacion(calculo)
    contexto |= {
        "anio": anio,
        "registro": registro.registro,
        "d": d,
        "limites": [prima_rt.NOMBRES_LIMITES[x] for x in d["limites_aplicados"]],
        "por_aclarar": calculo.exposicion.por_aclarar[:50],
    }
    return render(request, "riesgos/determinacion.html", contexto)


@requiere_particular
@require_POST
def preparar(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        anio = selectors.leer_anio(request.POST.get("anio", ""))
        actuacion = servicios.do_preparar_determinacion(
            rfc=sesion.rfc,
            nombre=sesion.nombre,
            registro_patronal=request.POST.get("registro", ""),
            anio=anio,
            sistema_seguridad=request.POST.get("sistema_seguridad") == "1",
        )
    except ErrorBuzon as exc:
        if exc.estado == 404:
            raise
        contexto = {"sesion": sesion, "error": exc.mensaje} | _eleccion(
            request, sesion.rfc, request.POST
        )
        return render(request, "riesgos/determinacion.html", contexto, status=exc.estado)
    return HttpResponseRedirect(reverse("riesgos:presentacion", args=[actuacion.pk]))


def _legible(instante: Any, nombre_zona: str = "") -> str:
    if instante is None:
        return ""
    return instante_legible(instante, zona(nombre_zona) if nombre_zona else ZONA_CENTRO)


def _contexto_presentacion(rfc: str, actuacion_id: int) -> dict[str, Any]:
    actuacion, datos = servicios.access_determinacion(rfc, actuacion_id)
    estado = estado_de(actuacion, timezone.now())
    acuse = Acuse.objects.filter(folio=actuacion.acuse).first() if actuacion.acuse else None
    registrada = (
        PrimaRT.objects.filter(
            registro__registro=actuacion.registro_patronal,
            vigente_desde=date.fromisoformat(datos["vigente_desde"]),
        ).first()
        if actuacion.presentada
        else None
    )
    return {
        "actuacion": actuacion,
        "datos": datos,
        "limite": prima_rt.NOMBRES_LIMITES.get(datos["limite"], "ninguno"),
        "estado": estado,
        "expira": _legible(actuacion.expira),
        "recepcion": _legible(actuacion.recepcion_legal, actuacion.zona),
        "acuse": acuse,
        "verificacion": url_verificacion(acuse) if acuse else "",
        "registrada": registrada,
    }


@requiere_particular
@require_GET
def presentacion_(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    contexto = {"sesion": sesion} | _contexto_presentacion(sesion.rfc, actuacion_id)
    return render(request, "riesgos/presentacion.html", contexto)


@requiere_particular
@require_POST
def firmar(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        hecha = servicios.do_presentar_determinacion(
            rfc=sesion.rfc,
            actuacion_id=actuacion_id,
            certificado_der=bytes(sesion.certificado_der),
            firma_b64=request.POST.get("firma", ""),
        )
    except ErrorBuzon as exc:
        if exc.estado == 404:
            raise
        contexto = {"sesion": sesion, "error": exc.mensaje}
        contexto |= _contexto_presentacion(sesion.rfc, actuacion_id)
        contexto["resumen"] = [{"id": "cer", "mensaje": exc.mensaje}]
        return render(request, "riesgos/presentacion.html", contexto, status=exc.estado)
    destino = reverse("riesgos:presentacion", args=[hecha.actuacion.pk])
    return HttpResponseRedirect(f"{destino}?acuse={hecha.acuse.folio}")


@requiere_particular
@require_POST
def registrar(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        servicios.do_registrar_presentada(rfc=sesion.rfc, actuacion_id=actuacion_id)
    except ErrorBuzon as exc:
        if exc.estado == 404:
            raise
        contexto = {"sesion": sesion, "error": exc.mensaje}
        contexto |= _contexto_presentacion(sesion.rfc, actuacion_id)
        return render(request, "riesgos/presentacion.html", contexto, status=exc.estado)
    return HttpResponseRedirect(reverse("riesgos:presentacion", args=[actuacion_id]))
