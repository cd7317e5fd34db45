"""The particular's pages: login with the e.firma, mailbox status, contact means, terms, acuses.

Everything works without JavaScript except the e.firma signature, which happens in the browser
(static/efirma/efirma.js): the key and the password never leave the page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from buzon.comun import acceso
from buzon.cuentas import entrada
from buzon.cuentas.entrada import pagina_de_entrada
from buzon.cuentas.navegador import (
    quitar_cookie,
    requiere_particular,
    sesion_actual,
    sesion_de,
)
from buzon.cuentas.servicios import do_cerrar_sesion
from buzon.evidencia.selectors import access_acuse, acuses_de, url_verificacion
from buzon.habilitacion import selectors as hab
from buzon.habilitacion import servicios
from buzon.habilitacion import terminos as terminos_servicio
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Medio
from buzon.legal import plazos
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.caras.presentacion import lo_que_le_concierne
from buzon.notificaciones.selectors import total_particular
from buzon.portal import presentacion_acuses


@acceso.publico
@require_http_methods(["GET", "POST"])
def entrar(request: HttpRequest) -> HttpResponse:
    return pagina_de_entrada(
        request, perfil=entrada.PARTICULAR, omision="/buzon/", plantilla="portal/entrar.html"
    )


@acceso.publico
@require_POST
def salir(request: HttpRequest) -> HttpResponse:
    """Closes the session and goes to the login page of its profile, which says it ended."""
    sesion = sesion_de(request)
    entrar_de_nuevo = "/entrar/"
    if sesion is not None:
        if sesion.perfil == entrada.SERVIDOR_PUBLICO:
            entrar_de_nuevo = "/oficina/entrar/"
        do_cerrar_sesion(sesion)
    respuesta = HttpResponseRedirect(entrar_de_nuevo + "?sesion=terminada")
    quitar_cookie(respuesta)
    return respuesta


def _estado(request: HttpRequest) -> dict[str, object]:
    sesion = sesion_actual(request)
    ahora = timezone.now()
    buzon = servicios.obtener_buzon(sesion.rfc, sesion.nombre)
    medios = [
        {
            "medio": m,
            "estado": hab.estado_medio(m, ahora),
            "expira": instante_legible(m.expira),
        }
        for m in hab.medios_vigentes(buzon, ahora)
    ]
    from buzon.calendario.selectors import calendario_para

    limite = plazos.ultimo_dia_para_habilitar(hab.entrada_en_vigor(), calendario_para())  # [I-30]
    return {
        "sesion": sesion,
        "buzon": buzon,
        "estado": hab.estado_de(buzon, ahora),
        "medios": medios,
        "por_confirmar": [m for m in medios if m["estado"] == Medio.Estado.POR_CONFIRMAR],
        "limite_habilitacion": limite,
        "limite_legible": fecha_legible(limite),
        "plazo_vencido": ahora.astimezone(ZONA_CENTRO).date() > limite,
    }


@requiere_particular
def mi_buzon(request: HttpRequest) -> HttpResponse:
    contexto = _estado(request)
    rfc, ahora = sesion_actual(request).rfc, timezone.now()
    _total, contexto["pendientes"] = total_particular(rfc, ahora)
    if contexto["estado"] != "habilitado":
        # Not enabled: what already concerns the employer outside the buzón [I-93].
        contexto["concierne"] = lo_que_le_concierne(rfc, ahora)
    return render(request, "portal/buzon.html", contexto)


@requiere_particular
@require_http_methods(["GET", "POST"])
def medios(request: HttpRequest) -> HttpResponse:
    contexto = _estado(request)
    sesion = sesion_actual(request)
    vigentes = contexto["medios"]
    assert isinstance(vigentes, list)
    # 5.6 [I-33]: a medio being replaced stays in force but is not offered again: the form
    # shows what the particular asked for; the old one is listed apart, with its replacement.
    actuales = [m for m in vigentes if m["medio"].reemplazo_solicitado_en is None]
    contexto["en_reemplazo"] = [
        {
            "medio": m["medio"],
            "pendientes": [
                p["medio"].valor
                for p in actuales
                if p["medio"].tipo == m["medio"].tipo and p["estado"] == Medio.Estado.POR_CONFIRMAR
            ],
        }
        for m in vigentes
        if m["medio"].reemplazo_solicitado_en is not None
    ]
    correos = [m["medio"].valor for m in actuales if m["medio"].tipo == Medio.Tipo.CORREO]
    celular = next((m["medio"].valor for m in actuales if m["medio"].tipo == "celular"), "")
    if request.method == "POST":
        correos = [c for c in request.POST.getlist("correo") if c.strip()]
        celular = request.POST.get("celular", "")
        try:
            resultado = servicios.do_registrar_medios(
                sesion.rfc, correos=correos, celular=celular, nombre=sesion.nombre
            )
        except ErrorHabilitacion as exc:
            contexto["error"] = exc
        else:
            return HttpResponseRedirect(f"/buzon/?acuse={resultado.acuse.folio}")
    contexto["correos"] = (correos + [""] * 5)[:5]
    contexto["celular"] = celular
    return render(
        request, "portal/medios.html", contexto, status=400 if "error" in contexto else 200
    )


@requiere_particular
@require_POST
def confirmar(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    valor = request.POST.get("valor", "")
    try:
        if "reenviar" in request.POST:
            servicios.do_reenviar_codigo(sesion.rfc, valor)
        else:
            servicios.do_confirmar_medio(sesion.rfc, valor, request.POST.get("codigo", ""))
    except ErrorHabilitacion as exc:
        contexto = _estado(request)
        contexto["error"] = exc
        contexto["error_valor"] = valor
        return render(request, "portal/buzon.html", contexto, status=400)
    return HttpResponseRedirect("/buzon/")


@requiere_particular
@require_http_methods(["GET", "POST"])
def terminos(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    vigentes = hab.terminos_vigentes()
    contexto = _estado(request)
    contexto |= {
        "terminos": vigentes,
        "cadena": terminos_servicio.cadena_terminos(sesion.rfc, vigentes),
    }
    if request.method == "POST":
        try:
            _, acuse = terminos_servicio.do_aceptar_terminos(
                sesion.rfc,
                bytes(sesion.certificado_der),
                request.POST.get("version", ""),
                request.POST.get("firma", ""),
            )
        except ErrorHabilitacion as exc:
            contexto["error"] = exc
            return render(request, "portal/terminos.html", contexto, status=400)
        return HttpResponseRedirect(f"/buzon/?acuse={acuse.folio}")
    return render(request, "portal/terminos.html", contexto)


@requiere_particular
def acuses(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    lista = [presentacion_acuses.fila(a) for a in acuses_de(sesion.rfc)[:200]]
    return render(request, "portal/acuses.html", {"sesion": sesion, "acuses": lista})


@requiere_particular
def acuse_pdf(request: HttpRequest, folio: str) -> HttpResponse:
    from buzon.evidencia.pdf import pdf_acuse
    from buzon.evidencia.sello import sellador_activo

    acuse = access_acuse(sesion_actual(request).rfc, folio)
    contenido = pdf_acuse(acuse, url_verificacion(acuse), sellador_activo())
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="acuse-{acuse.folio}.pdf"'
    return respuesta
