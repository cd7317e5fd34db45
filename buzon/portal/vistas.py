"""Public pages. Thin: they read through selectors and render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from buzon.calendario.selectors import dias_inhabiles_del_anio
from buzon.comun import acceso
from buzon.legal.calendario import ENTIDADES
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import ZONA_CENTRO


@acceso.publico
def inicio(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/inicio.html")


@acceso.publico
def calendario(request: HttpRequest) -> HttpResponse:
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    texto_anio = request.GET.get("anio", str(hoy.year))
    entidad = request.GET.get("entidad") or None
    subdelegacion = (request.GET.get("subdelegacion") or "").strip() or None
    error: ErrorLegal | None = None
    dias = []
    anio = hoy.year
    try:
        if not texto_anio.isdigit():
            raise ErrorLegal(f"«{texto_anio}» no es un año: escriba cuatro dígitos.", "anio")
        anio = int(texto_anio)
        dias = dias_inhabiles_del_anio(anio, entidad, subdelegacion)
    except ErrorLegal as exc:
        error = exc
    contexto = {
        "anio": anio,
        "entidad": entidad,
        "subdelegacion": subdelegacion or "",
        "entidades": sorted(ENTIDADES),
        "dias": dias,
        "error": error,
    }
    return render(request, "portal/calendario.html", contexto, status=400 if error else 200)
