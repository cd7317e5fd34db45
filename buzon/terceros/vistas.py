"""The particular's pages of the authorisations (relación 9.1, 9.3, 9.6): *Autorizaciones* (grant
to a third party, the list with each grant's state, *Publicar mi opinión*), one authorisation
(sign it in the browser, its acuse, its signed revocation) and *Me autorizaron*.

Thin: writes through `servicios.do_*`, reads through `selectors` (another's id is the 404 page);
the e.firma signs in the browser (portal's static/efirma/efirma.js): only the signature leaves.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import url_verificacion
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.terceros import selectors, servicios
from buzon.terceros.errores import ErrorAutorizacion
from buzon.terceros.models import Alcance, Autorizacion

ESTADOS = {
    selectors.POR_FIRMAR: "Por firmar (aún no surte efectos)",
    selectors.VIGENTE: "Vigente",
    selectors.REVOCADA: "Revocada",
    selectors.VENCIDA: "Vencida",
}
ALCANCES: dict[str, str] = {
    Alcance.OPINION: "Consultar mi opinión de cumplimiento",
    Alcance.EMISIONES: "Consultar mis emisiones",
    Alcance.PUBLICACION: "Publicar mi opinión de cumplimiento",
}
#: The scopes a person grants to a third party in the form (publication has its own switch).
ALCANCES_TERCERO = (Alcance.OPINION, Alcance.EMISIONES)


def _fila(a: Autorizacion, ahora: Any) -> dict[str, Any]:
    estado = selectors.estado_de(a, ahora)
    return {
        "a": a,
        "estado": estado,
        "estado_legible": ESTADOS[estado],
        "alcance_legible": ALCANCES.get(a.alcance, a.alcance),
        "vence_legible": fecha_legible(a.vence) if a.vence else "Sin fecha (hasta que se revoque)",
        "firmada_legible": instante_legible(a.firmada) if a.firmada else "",
        "revocada_legible": instante_legible(a.revocada) if a.revocada else "",
    }


def _contexto_lista(request: HttpRequest) -> dict[str, Any]:
    sesion = sesion_actual(request)
    ahora = timezone.now()
    filas = [_fila(a, ahora) for a in selectors.otorgadas(sesion.rfc)[: selectors.LIMITE_LISTA]]
    publicacion = selectors.vigente_de(sesion.rfc, selectors.INSTITUTO, Alcance.PUBLICACION)
    return {
        "sesion": sesion,
        "filas": [f for f in filas if f["a"].alcance != Alcance.PUBLICACION],
        "publicaciones": [f for f in filas if f["a"].alcance == Alcance.PUBLICACION],
        "publicacion": publicacion,
        "alcances": [(a.value, ALCANCES[a]) for a in ALCANCES_TERCERO],
        "valores": {"tercero": "", "alcance": Alcance.OPINION, "vence": ""},
        "errores": {},
        "hoy": ahora.astimezone(ZONA_CENTRO).date().isoformat(),
    }


@requiere_particular
@require_http_methods(["GET", "POST"])
def autorizaciones(request: HttpRequest) -> HttpResponse:
    """GET: the list and the form. POST: capture a grant (then sign it on its page)."""
    contexto = _contexto_lista(request)
    if request.method == "GET":
        return render(request, "terceros/autorizaciones.html", contexto)
    valores = {k: request.POST.get(k, "").strip() for k in ("tercero", "alcance", "vence")}
    try:
        if valores["alcance"] not in ALCANCES_TERCERO:
            raise ErrorAutorizacion(
                "alcance_invalido", "Elija qué autoriza: su opinión o sus emisiones.", "alcance"
            )
        fila = servicios.do_crear_autorizacion(
            titular=contexto["sesion"].rfc,
            tercero=valores["tercero"],
            alcance=valores["alcance"],
            vence=servicios.fecha_de(valores["vence"]),
        )
    except ErrorAutorizacion as exc:
        campo = exc.campo if exc.campo in valores else "tercero"
        contexto |= {"valores": valores, "errores": {campo: exc.mensaje}}
        contexto["resumen"] = [{"id": campo, "mensaje": exc.mensaje}]
        return render(request, "terceros/autorizaciones.html", contexto, status=exc.estado)
    return HttpResponseRedirect(reverse("terceros:detalle", args=[fila.pk]))


@requiere_particular
@require_POST
def publicar(request: HttpRequest) -> HttpResponse:
    """«Publicar mi opinión» (9.3): capture the authorisation to the Institute, or, when one is
    in force, prepare its cancellation; either is signed on the authorisation's page."""
    sesion = sesion_actual(request)
    vigente = selectors.vigente_de(sesion.rfc, selectors.INSTITUTO, Alcance.PUBLICACION)
    if vigente is None:
        # One captured and not yet signed is offered again rather than a second one.
        fila = selectors.por_firmar_de(
            sesion.rfc, selectors.INSTITUTO, Alcance.PUBLICACION
        ) or servicios.do_crear_autorizacion(
            titular=sesion.rfc, tercero=None, alcance=Alcance.PUBLICACION
        )
    else:
        fila = servicios.do_solicitar_revocacion(titular=sesion.rfc, autorizacion_id=vigente.pk)
    return HttpResponseRedirect(reverse("terceros:detalle", args=[fila.pk]))


def _contexto_detalle(request: HttpRequest, autorizacion_id: int) -> dict[str, Any]:
    sesion = sesion_actual(request)
    a = selectors.access_autorizacion(sesion.rfc, autorizacion_id)
    acuses = {x.folio: x for x in Acuse.objects.filter(folio__in=[a.acuse, a.acuse_revocacion])}
    acuse, revocacion = acuses.get(a.acuse), acuses.get(a.acuse_revocacion)
    return {
        "sesion": sesion,
        **_fila(a, timezone.now()),
        "acuse": acuse,
        "verificacion": url_verificacion(acuse) if acuse else "",
        "acuse_revocacion": revocacion,
        "verificacion_revocacion": url_verificacion(revocacion) if revocacion else "",
        "instituto": selectors.INSTITUTO,
    }


@requiere_particular
@require_GET
def detalle(request: HttpRequest, autorizacion_id: int) -> HttpResponse:
    return render(request, "terceros/detalle.html", _contexto_detalle(request, autorizacion_id))


def _firmado(request: HttpRequest, autorizacion_id: int, revocacion: bool) -> HttpResponse:
    sesion = sesion_actual(request)
    hacer = servicios.do_revocar if revocacion else servicios.do_firmar_autorizacion
    try:
        hecha = hacer(
            titular=sesion.rfc,
            autorizacion_id=autorizacion_id,
            certificado_der=bytes(sesion.certificado_der),
            firma=request.POST.get("firma", ""),
        )
    except ErrorAutorizacion as exc:
        if exc.estado == 404:
            raise  # the error page (config.errores), as every access_* refusal
        contexto = _contexto_detalle(request, autorizacion_id) | {"error": exc}
        contexto["resumen"] = [{"id": "cer", "mensaje": exc.mensaje}]
        return render(request, "terceros/detalle.html", contexto, status=exc.estado)
    destino = reverse("terceros:detalle", args=[hecha.autorizacion.pk])
    return HttpResponseRedirect(f"{destino}?acuse={hecha.acuse.folio}")


@requiere_particular
@require_POST
def firmar(request: HttpRequest, autorizacion_id: int) -> HttpResponse:
    return _firmado(request, autorizacion_id, revocacion=False)


@requiere_particular
@require_POST
def revocar(request: HttpRequest, autorizacion_id: int) -> HttpResponse:
    """Prepare the revocation's cadena; it is signed on the authorisation's page."""
    sesion = sesion_actual(request)
    try:
        servicios.do_solicitar_revocacion(titular=sesion.rfc, autorizacion_id=autorizacion_id)
    except ErrorAutorizacion as exc:
        if exc.estado == 404:
            raise
        contexto = _contexto_detalle(request, autorizacion_id) | {"error": exc}
        contexto["resumen"] = [{"id": "estado", "mensaje": exc.mensaje}]
        return render(request, "terceros/detalle.html", contexto, status=exc.estado)
    return HttpResponseRedirect(reverse("terceros:detalle", args=[autorizacion_id]))


@requiere_particular
@require_POST
def firmar_revocacion(request: HttpRequest, autorizacion_id: int) -> HttpResponse:
    return _firmado(request, autorizacion_id, revocacion=True)


@requiere_particular
@require_GET
def recibidas(request: HttpRequest) -> HttpResponse:
    """*Me autorizaron*: who authorised the session's RFC (in force; all with ?todas=1)."""
    sesion = sesion_actual(request)
    todas = request.GET.get("todas") == "1"
    ahora = timezone.now()
    filas = selectors.recibidas(sesion.rfc, todas=todas)[: selectors.LIMITE_LISTA]
    contexto = {"sesion": sesion, "todas": todas, "filas": [_fila(a, ahora) for a in filas]}
    return render(request, "terceros/recibidas.html", contexto)
