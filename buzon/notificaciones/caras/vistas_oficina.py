"""The officials' pages under /oficina/: login with the e.firma (perfil servidor_publico), issue one
notification, upload a batch and follow it, list and filter, the full timeline, cancellation
(supervisors); the personal route's pages are `vistas_personal` (7.10).

The official signs documents in the browser (static/efirma/efirma.js, document mode): the PDF is
sent as it was read and signed, with the signature; the key and its password never leave the page.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from buzon.comun import acceso
from buzon.cuentas import entrada
from buzon.cuentas.entrada import pagina_de_entrada
from buzon.cuentas.navegador import (
    oficial_actual,
    requiere_oficial,
    sesion_actual,
)
from buzon.evidencia import almacen
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.notificacion import CANCELADA, ESTADOS, NOTIFICADA
from buzon.legal.zonas import ZONA_CENTRO
from buzon.legal.zonas import zona as zona_de
from buzon.notificaciones import selectors
from buzon.notificaciones.caras import presentacion as vista
from buzon.notificaciones.caras import presentacion_personal
from buzon.notificaciones.caras.api import respuesta_pdf
from buzon.notificaciones.caras.vistas import (
    DEPURADO,
    legible,
    no_encontrada,
    numero_de_pagina,
)
from buzon.notificaciones.ciclo.cancelacion import ROLES_QUE_CANCELAN, do_cancelar
from buzon.notificaciones.emision.servicios import Solicitud
from buzon.notificaciones.entrega.despacho import do_emitir_y_avisar
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.hechos import nombre_documento
from buzon.notificaciones.models import Notificacion, TipoActo

POR_PAGINA = 50

#: The states as officials read them (buzon.legal.notificacion), in the order of the filter.
NOMBRES_DE_ESTADO = {
    "programada": "Programada (aviso por enviar)",
    "avisada": "Avisada (plazo para abrir corriendo)",
    "notificada": "Notificada",
    "en_estrados": "En estrados",
    "requiere_notificacion_personal": "Requiere notificación personal",
    "cancelada": "Cancelada",
}
assert set(NOMBRES_DE_ESTADO) == set(ESTADOS)

MEDIOS = {
    "apertura": "por apertura",
    "vencimiento": "por vencimiento del plazo",
    "estrados": "por estrados",
    "personal": "personalmente",
}
SIN_CONFIRMAR = (
    "Marque la casilla «Confirmo que quiero cancelar esta notificación» para cancelarla: la "
    "cancelación no se puede deshacer."
)
RUTAS = {"buzon": "Buzón IMSS", "estrados": "Estrados", "personal": "Notificación personal"}
CAMPOS_EMISION = ("rfc", "registro_patronal", "tipo", "asunto", "documento", "firma", "ruta")


def _contexto(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"sesion": sesion_actual(request), "oficial": oficial_actual(request), **extra}


def _volver_lista() -> str:
    return reverse("notificaciones:oficina_lista")


@acceso.publico
@require_http_methods(["GET", "POST"])
def entrar(request: HttpRequest) -> HttpResponse:
    """Officials sign a reto with their e.firma; the session's perfil is servidor_publico."""
    return pagina_de_entrada(
        request,
        perfil=entrada.SERVIDOR_PUBLICO,
        omision=_volver_lista(),
        plantilla="notificaciones/oficina/entrar.html",
    )


@requiere_oficial
def inicio(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(_volver_lista())


# -- list and detail ---------------------------------------------------------------------------


def _fila(n: Notificacion, ahora: datetime, actos: dict[str, str]) -> dict[str, Any]:
    datos = vista.para_oficina(n, ahora)
    datos["estado_legible"] = NOMBRES_DE_ESTADO.get(datos["estado"], datos["estado"])
    datos["tipo_nombre"] = actos.get(n.tipo, n.tipo)
    datos["creada_legible"] = legible(datos["creada"])
    return datos


@requiere_oficial
def lista(request: HttpRequest) -> HttpResponse:
    """Notifications of the official's subdelegación (an administrador: all), newest first."""
    oficial = oficial_actual(request)
    ahora = timezone.now()
    filtro = {c: request.GET.get(c, "").strip() for c in ("estado", "rfc", "folio")}
    pagina = numero_de_pagina(request)
    consulta = selectors.de_la_oficina(oficial)
    error = None
    try:
        if filtro["estado"]:
            consulta = consulta.filter(selectors.filtro_estado(filtro["estado"], ahora))
    except ErrorNotificacion as exc:
        error = exc
    if filtro["rfc"]:
        consulta = consulta.filter(rfc=filtro["rfc"].upper())
    if filtro["folio"]:
        consulta = consulta.filter(folio=filtro["folio"].upper())
    filas: list[dict[str, Any]] = []
    hay_mas = False
    if error is None:
        inicio_pagina = (pagina - 1) * POR_PAGINA
        encontradas = list(
            consulta.order_by("-creada", "-id")[inicio_pagina : inicio_pagina + POR_PAGINA + 1]
        )
        hay_mas = len(encontradas) > POR_PAGINA
        actos = vista.nombres_de_actos()
        filas = [_fila(n, ahora, actos) for n in encontradas[:POR_PAGINA]]
    consulta_base = urlencode({k: v for k, v in filtro.items() if v})
    contexto = _contexto(
        request,
        notificaciones=filas,
        filtro=filtro,
        estados=NOMBRES_DE_ESTADO.items(),
        error=error,
        pagina=pagina,
        anterior=pagina - 1 if pagina > 1 else None,
        siguiente=pagina + 1 if hay_mas else None,
        consulta_base=consulta_base,
    )
    return render(
        request, "notificaciones/oficina/lista.html", contexto, status=400 if error else 200
    )


def _datos_evento(datos: dict[str, Any]) -> str:
    return "; ".join(f"{clave}: {valor}" for clave, valor in datos.items())


def _contexto_detalle(request: HttpRequest, n: Notificacion, **extra: Any) -> dict[str, Any]:
    oficial = oficial_actual(request)
    ahora = timezone.now()
    datos = vista.para_oficina(n, ahora, selectors.eventos_de(n))
    estado = datos["estado"]
    datos["estado_legible"] = NOMBRES_DE_ESTADO.get(estado, estado)
    datos["tipo_nombre"] = vista.nombres_de_actos().get(n.tipo, n.tipo)
    datos["ruta_legible"] = RUTAS.get(n.ruta, n.ruta)
    datos["medio_legible"] = MEDIOS.get(datos["medio"] or "", "")
    for campo in ("creada", "aviso", "vence", "aviso_enviado", "abierta", "notificada"):
        datos[f"{campo}_legible"] = legible(datos[campo])
    datos["cancelada_legible"] = legible(datos["cancelada"])
    for campo in ("estrados_publicada", "estrados_fin"):
        valor = datos[campo]
        datos[f"{campo}_legible"] = fecha_legible(valor) if valor else ""
    for evento in datos["eventos"]:
        evento["legible"] = instante_legible(evento["instante"])
        evento["detalle"] = _datos_evento(evento["datos"])
    return _contexto(
        request,
        n=datos,
        puede_cancelar=oficial.rol in ROLES_QUE_CANCELAN
        and estado not in (NOTIFICADA, CANCELADA)
        and not n.acuse
        and n.apertura_legal is None,
        **presentacion_personal.contexto_detalle(n, oficial, estado, ahora),
        ahora_local=ahora.astimezone(ZONA_CENTRO).strftime("%Y-%m-%dT%H:%M"),
        aviso=request.GET.get("hecho", ""),
        **extra,
    )


def _render_detalle(
    request: HttpRequest, n: Notificacion, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "notificaciones/oficina/detalle.html",
        _contexto_detalle(request, n, **extra),
        status=status,
    )


def _cargar(request: HttpRequest, notificacion_id: int) -> Notificacion | HttpResponse:
    try:
        return selectors.access_notificacion_oficial(oficial_actual(request), notificacion_id)
    except ErrorNotificacion as exc:
        return no_encontrada(request, exc.mensaje, _volver_lista(), _contexto(request))


@requiere_oficial
def detalle(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    return _render_detalle(request, n)


@requiere_oficial
def documento(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    if n.depurada is not None:
        return _render_detalle(
            request, n, 410, error=ErrorNotificacion("depurado", DEPURADO, "id", 410)
        )
    return respuesta_pdf(almacen.leer(n.documento_sha256), nombre_documento(n))


def _despues(notificacion_id: int, hecho: str) -> HttpResponse:
    destino = reverse("notificaciones:oficina_detalle", args=[notificacion_id])
    return HttpResponseRedirect(f"{destino}?hecho={hecho}")


def _registrar(
    request: HttpRequest,
    n: Notificacion,
    hecho: str,
    accion: Callable[[], object],
    error: str,
    **conservar: Any,
) -> HttpResponse:
    """Run one form's `do_*` and go back to the detail page with `?hecho=`; on an
    ErrorNotificacion, the detail page again with the error under `error` and the values typed
    (`conservar`)."""
    try:
        accion()
    except ErrorNotificacion as exc:
        n.refresh_from_db()
        return _render_detalle(request, n, exc.estado, **{error: exc}, **conservar)
    return _despues(n.pk, hecho)


@requiere_oficial
@require_POST
def cancelar(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """Supervisors (and administradores) cancel before the notification takes effect."""
    n = _cargar(request, notificacion_id)
    if isinstance(n, HttpResponse):
        return n
    motivo = request.POST.get("motivo", "")

    def confirmar_y_cancelar() -> object:
        # Cancelling cannot be undone: the form asks the official to confirm it (issue 19).
        if request.POST.get("confirmo") != "1":
            raise ErrorNotificacion("confirmacion_requerida", SIN_CONFIRMAR, "confirmo")
        return do_cancelar(oficial_actual(request), n.pk, motivo)

    return _registrar(
        request, n, "cancelada", confirmar_y_cancelar, "error_cancelar", motivo=motivo
    )


def parsear_instante(texto: str, campo: str = "instante", zona_local: str = "") -> datetime:
    """A datetime-local value as an aware instant: the wall clock of `zona_local` (the
    recipient's domicile, where a diligencia happens), Zona Centro when none is given."""
    try:
        instante = datetime.fromisoformat(texto.strip())
    except ValueError as exc:
        raise ErrorNotificacion(
            "instante_invalido",
            "Escriba la fecha y la hora (día, mes, año, horas y minutos).",
            campo,
        ) from exc
    if instante.tzinfo is not None:
        return instante
    return instante.replace(tzinfo=zona_de(zona_local) if zona_local else ZONA_CENTRO)


def archivo_en_base64(archivo: UploadedFile | None, campo: str, maximo: int) -> str:
    """An uploaded file, size-checked before it is read; its content is checked by the service."""
    if archivo is None:
        raise ErrorNotificacion(
            "documento_invalido", "Elija el archivo PDF y fírmelo con su e.firma.", campo
        )
    if archivo.size is None or archivo.size > maximo:
        raise ErrorNotificacion(
            "documento_demasiado_grande",
            f"El archivo pasa del máximo de {maximo / 1_048_576:.0f} MB: redúzcalo o divídalo.",
            campo,
            413,
        )
    return base64.b64encode(archivo.read()).decode("ascii")


# -- issuing one ---------------------------------------------------------------------------------


YA_USADO = (
    "Este formulario ya emitió otra notificación con datos distintos. Revise los datos, elija "
    "de nuevo el PDF y fírmelo: se emitirá como una notificación nueva."
)


def nueva_clave() -> str:
    """The idempotency key of one drawn form (random: it cannot collide with an API client's)."""
    return "pagina:" + secrets.token_urlsafe(24)


def _tipos() -> list[TipoActo]:
    return list(TipoActo.objects.filter(activo=True).order_by("id"))


def _render_emision(
    request: HttpRequest,
    valores: dict[str, str],
    error: ErrorNotificacion | None = None,
) -> HttpResponse:
    en_campo = error is not None and error.campo in CAMPOS_EMISION
    # The summary at the top (portal/_resumen_errores.html), where static/portal/resumen.js also
    # puts the e.firma errors of the browser; a signature refused links to the certificate.
    ancla = "emitir-formulario"
    if error is not None and en_campo:
        ancla = "cer" if error.campo == "firma" else str(error.campo)
    contexto = _contexto(
        request,
        valores=valores,
        resumen=[{"id": ancla, "mensaje": error.mensaje}] if error is not None else [],
        tipos=_tipos(),
        error=error,
        error_campo=error.campo if error is not None and en_campo else "",
        error_general=error if error is not None and not en_campo else None,
        maximo_mb=int(settings.BUZON_MAXIMO_DOCUMENTO) // 1_048_576,
    )
    estado = 200 if error is None else error.estado
    return render(request, "notificaciones/oficina/emitir.html", contexto, status=estado)


@requiere_oficial
@require_http_methods(["GET", "POST"])
def emitir(request: HttpRequest) -> HttpResponse:
    """One notification. The idempotency key is made when the form is drawn (hidden field): a
    double submission of the same form issues once and shows the same notification."""
    if request.method == "GET":
        valores = dict.fromkeys((*CAMPOS_EMISION, "clave"), "")
        valores["clave"] = nueva_clave()
        return _render_emision(request, valores)
    valores = {c: request.POST.get(c, "").strip() for c in (*CAMPOS_EMISION, "clave")}
    sesion, oficial = sesion_actual(request), oficial_actual(request)
    try:
        documento_b64 = archivo_en_base64(
            request.FILES.get("documento"), "documento", int(settings.BUZON_MAXIMO_DOCUMENTO)
        )
        resultado = do_emitir_y_avisar(
            oficial,
            bytes(sesion.certificado_der),
            Solicitud(
                clave=valores["clave"],
                rfc=valores["rfc"],
                registro_patronal=valores["registro_patronal"],
                tipo=valores["tipo"],
                asunto=valores["asunto"],
                documento=documento_b64,
                firma=valores["firma"],
                ruta=valores["ruta"],
            ),
        )
    except ErrorNotificacion as exc:
        if exc.codigo == "idempotencia_conflicto":
            # This form already issued another notification: a new one needs a fresh form.
            valores["clave"] = nueva_clave()
            exc = ErrorNotificacion(exc.codigo, YA_USADO, None, exc.estado)
        return _render_emision(request, valores, exc)
    n = resultado.notificacion
    assert n is not None
    return _despues(n.pk, "emitida")
