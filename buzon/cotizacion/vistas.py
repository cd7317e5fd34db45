"""The worker's pages: *Mi reporte de cotización* (subscription and the months), one month's report
(per registro patronal the days and the SBC, the alerts, «Denunciar» per row) and the denuncia's
form, pre-filled from the row; its POST prepares the actuación through the actuaciones service and
sends the worker to the standard filing page, where it is signed with the e.firma in the browser.

Thin: the asegurado is always the session's (`access_asegurado`), services write, selectors read.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from buzon.actuaciones.errores import ErrorActuacion
from buzon.cotizacion import denuncia, selectors, servicios, textos
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.derechohabientes.selectors import access_asegurado


@requiere_particular
def inicio(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    asegurado = access_asegurado(sesion)
    fila = selectors.suscripcion_de(asegurado)
    contexto = {
        "sesion": sesion,
        "asegurado": asegurado,
        "suscrita": fila is not None and fila.cancelada_en is None,
        "suscripcion": fila,
        "reportes": [
            {
                "periodo": selectors.periodo_de(r),
                "mes": textos.mes_legible(selectors.periodo_de(r)),
                "reporte": r,
            }
            for r in selectors.reportes_de(asegurado)
        ],
        "hecho": request.GET.get("hecho", ""),
    }
    return render(request, "cotizacion/inicio.html", contexto)


@requiere_particular
@require_POST
def suscripcion(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    if request.POST.get("accion") == "cancelar":
        servicios.do_cancelar(sesion)
        hecho = "cancelada"
    else:
        servicios.do_suscribir(sesion)
        hecho = "suscrita"
    return HttpResponseRedirect(reverse("cotizacion:inicio") + f"?hecho={hecho}")


@requiere_particular
def reporte(request: HttpRequest, periodo: str) -> HttpResponse:
    sesion = sesion_actual(request)
    fila = selectors.access_reporte(access_asegurado(sesion), periodo)
    avisos = selectors.avisos_de(fila)
    por_registro: dict[str, str] = {}
    for a in avisos:
        por_registro.setdefault(a.registro_patronal, denuncia.TIPO_POR_ALERTA[a.tipo])
    contexto = {
        "sesion": sesion,
        "periodo": periodo,
        "mes": textos.mes_legible(periodo),
        "reporte": fila,
        "filas": [
            {
                "fila": f,
                "sbc": textos.pesos(f.sbc),
                "tipo": por_registro.get(f.registro_patronal, denuncia.SALARIO_MENOR),
            }
            for f in selectors.filas_de(fila)
        ],
        "avisos": avisos,
        "tipo_no_registro": denuncia.NO_ME_REGISTRO,
    }
    return render(request, "cotizacion/reporte.html", contexto)


@requiere_particular
@require_http_methods(["GET", "POST"])
def nueva_denuncia(request: HttpRequest) -> HttpResponse:
    """Pre-filled from `?registro=&periodo=&tipo=`; its POST creates the draft (the actuaciones
    service) and redirects to the actuación's page to sign it."""
    sesion = sesion_actual(request)
    errores: dict[str, str] = {}
    general = ""
    estado = 200
    if request.method == "POST":
        datos = {c: request.POST.get(c, "") for c in denuncia.CAMPOS}
        try:
            actuacion = denuncia.do_preparar_denuncia(sesion, datos)
        except ErrorActuacion as exc:
            campo = (exc.campo or "").removeprefix("datos.")
            if campo in denuncia.CAMPOS:
                errores[campo] = exc.mensaje
            else:
                general = exc.mensaje
            estado = 409 if exc.estado == 409 else 400
        else:
            return HttpResponseRedirect(reverse("actuaciones:detalle", args=[actuacion.pk]))
    else:
        datos = denuncia.iniciales(
            request.GET.get("registro", ""),
            request.GET.get("periodo", ""),
            request.GET.get("tipo", ""),
        )
    contexto: dict[str, Any] = {
        "sesion": sesion,
        "datos": datos,
        "errores": errores,
        "general": general,
        "tipos": denuncia.TIPOS,
    }
    return render(request, "cotizacion/denuncia.html", contexto, status=estado)
