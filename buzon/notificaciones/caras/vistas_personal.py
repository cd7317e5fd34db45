"""The officials' pages for the personal route (7.10, CFF 134-I, 135–137), on the detail page:
choose it, record the citatorio and print it, record the diligencia with the acta signed in the
browser, and print the representación impresa."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from buzon.cuentas.navegador import oficial_actual, requiere_oficial, sesion_actual
from buzon.notificaciones.caras.api import respuesta_pdf
from buzon.notificaciones.caras.vistas_oficina import (
    _cargar,
    _despues,
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


@requiere_oficial
@require_POST
def elegir(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """7.10: take a notification not yet made to the personal route."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    motivo = request.POST.get("motivo_personal", "")
    try:
        do_elegir_notificacion_personal(oficial_actual(request), n.pk, motivo)
    except ErrorNotificacion as exc:
        n.refresh_from_db()
        return _render_detalle(request, n, exc.estado, error_elegir=exc, motivo_personal=motivo)
    return _despues(n.pk, "via_personal")


@requiere_oficial
@require_POST
def citatorio(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """CFF 137: the citatorio left at the domicile, for an hour of the next día hábil."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    valores = {c: request.POST.get(c, "") for c in ("dejado", "cita", "con_citatorio")}
    fijado = request.POST.get("fijado") == "1"
    try:
        do_registrar_citatorio(
            oficial_actual(request),
            n.pk,
            dejado=parsear_instante(valores["dejado"], "dejado", n.zona),
            cita=parsear_instante(valores["cita"], "cita", n.zona),
            con=valores["con_citatorio"],
            fijado=fijado,
        )
    except ErrorNotificacion as exc:
        n.refresh_from_db()
        return _render_detalle(
            request, n, exc.estado, error_citatorio=exc, citatorio=valores, fijado=fijado
        )
    return _despues(n.pk, "citatorio")


@requiere_oficial
@require_GET
def citatorio_pdf(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    try:
        contenido = impresion.pdf_citatorio(n)
    except ErrorNotificacion as exc:
        return _render_detalle(request, n, exc.estado, error=exc)
    return respuesta_pdf(contenido, impresion.nombre_citatorio(n))


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
    try:
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
    except ErrorNotificacion as exc:
        n.refresh_from_db()
        return _render_detalle(
            request, n, exc.estado, error_personal=exc, diligencia=valores, nego_firma=nego
        )
    return _despues(n.pk, "personal")


@requiere_oficial
@require_GET
def impresa(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """The representación impresa the notificador prints and hands over."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    try:
        contenido = impresion.pdf_impresa(n)
    except ErrorNotificacion as exc:
        return _render_detalle(request, n, exc.estado, error=exc)
    return respuesta_pdf(contenido, impresion.nombre_impresa(n))
