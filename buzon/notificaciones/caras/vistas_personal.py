"""The officials' pages for the personal route (7.10, CFF 134-I, 135–137), on the detail page:
choose it, record the citatorio and print it, record the diligencia with the acta signed in the
browser, and print the representación impresa."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from buzon.cuentas.navegador import oficial_actual, requiere_oficial, sesion_actual
from buzon.notificaciones.caras.api import respuesta_pdf
from buzon.notificaciones.caras.vistas_oficina import (
    _cargar,
    _registrar,
    _render_detalle,
    archivo_en_base64,
    parsear_instante,
)
from buzon.notificaciones.entrega import impresion
from buzon.notificaciones.entrega.personal import (
    do_elegir_notificacion_personal,
    do_registrar_citatorio,
    do_registrar_notificacion_personal,
)
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Notificacion


@requiere_oficial
@require_POST
def elegir(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """7.10: take a notification not yet made to the personal route."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    motivo = request.POST.get("motivo_personal", "")
    return _registrar(
        request,
        n,
        "via_personal",
        lambda: do_elegir_notificacion_personal(oficial_actual(request), n.pk, motivo),
        "error_elegir",
        motivo_personal=motivo,
    )


@requiere_oficial
@require_POST
def citatorio(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """CFF 137: the citatorio left at the domicile, for an hour of the next día hábil."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    valores = {c: request.POST.get(c, "") for c in ("dejado", "cita", "con_citatorio")}
    fijado = request.POST.get("fijado") == "1"

    def registrar() -> None:
        do_registrar_citatorio(
            oficial_actual(request),
            n.pk,
            dejado=parsear_instante(valores["dejado"], "dejado", n.zona),
            cita=parsear_instante(valores["cita"], "cita", n.zona),
            con=valores["con_citatorio"],
            fijado=fijado,
        )

    return _registrar(
        request, n, "citatorio", registrar, "error_citatorio", citatorio=valores, fijado=fijado
    )


@requiere_oficial
@require_GET
def citatorio_pdf(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    return _pdf(request, notificacion_id, impresion.pdf_citatorio, impresion.nombre_citatorio)


@requiere_oficial
@require_POST
def personal(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """CFF 135, 137: record the diligencia, with the acta signed in the browser."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    sesion, oficial = sesion_actual(request), oficial_actual(request)
    valores = {c: request.POST.get(c, "") for c in ("instante", "con", "nombre")}
    nego = request.POST.get("nego_firma") == "1"

    def registrar() -> None:
        do_registrar_notificacion_personal(
            oficial,
            bytes(sesion.certificado_der),
            n.pk,
            instante=parsear_instante(valores["instante"], "instante", n.zona),
            acta=archivo_en_base64(
                request.FILES.get("acta"), "acta", int(settings.BUZON_MAXIMO_DOCUMENTO)
            ),
            firma=request.POST.get("firma", ""),
            con=valores["con"],
            nombre=valores["nombre"],
            nego_firma=nego,
        )

    return _registrar(
        request, n, "personal", registrar, "error_personal", diligencia=valores, nego_firma=nego
    )


@requiere_oficial
@require_GET
def impresa(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """The representación impresa the notificador prints and hands over."""
    return _pdf(request, notificacion_id, impresion.pdf_impresa, impresion.nombre_impresa)


def _pdf(
    request: HttpRequest,
    notificacion_id: int,
    generar: Callable[[Notificacion], bytes],
    nombrar: Callable[[Notificacion], str],
) -> HttpResponse:
    """One of the notification's PDFs, or the detail page with the reason it cannot be made."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    try:
        contenido = generar(n)
    except ErrorNotificacion as exc:
        return _render_detalle(request, n, exc.estado, error=exc)
    return respuesta_pdf(contenido, nombrar(n))
