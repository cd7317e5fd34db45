"""The particular's notification pages (Mis notificaciones, detail, opening, document) and the
public estrados board. Thin: they load through the access selectors, call the services and render.

Everything works without JavaScript: opening is a plain POST form with its CSRF token.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from buzon.comun import acceso
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.evidencia import almacen
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.notificacion import NOTIFICADA
from buzon.legal.rfc import enmascarar_rfc
from buzon.legal.zonas import zona
from buzon.notificaciones import selectors
from buzon.notificaciones.caras import filtros
from buzon.notificaciones.caras import presentacion as vista
from buzon.notificaciones.caras.api import respuesta_pdf
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.hechos import nombre_documento, situacion_de
from buzon.notificaciones.models import Notificacion

POR_PAGINA = 20
POR_PAGINA_ESTRADOS = 50

MEDIOS = {
    "apertura": "al abrirla",
    "vencimiento": "al vencer el plazo para abrirla",
    "estrados": "por estrados",
    "personal": "personalmente",
}

NO_ABIERTA = (
    "Abra primero la notificación con el botón «Abrir notificación»: al abrirla recibe su acuse "
    "y queda notificada conforme al numeral 7.2. Si no la abre dentro de su plazo, quedará "
    "notificada al vencer y podrá descargar el documento."
)
DEPURADO = (
    "El documento se eliminó al vencer su plazo de conservación de cinco años (6.1, 7.7); su "
    "acuse sigue disponible en Mis acuses."
)


def legible(instante: datetime | None) -> str:
    return "" if instante is None else instante_legible(instante)


def numero_de_pagina(request: HttpRequest) -> int:
    texto = request.GET.get("pagina", "1")
    return int(texto) if texto.isdigit() and 0 < int(texto) < 100_000 else 1


def paginacion(pagina: int, total: int, por_pagina: int) -> dict[str, Any]:
    paginas = max(1, -(-total // por_pagina))
    return {
        "pagina": pagina,
        "paginas": paginas,
        "anterior": pagina - 1 if pagina > 1 else None,
        "siguiente": pagina + 1 if pagina < paginas else None,
    }


def no_encontrada(
    request: HttpRequest, mensaje: str, volver: str, contexto: dict[str, Any] | None = None
) -> HttpResponse:
    datos = {"mensaje": mensaje, "volver": volver, **(contexto or {})}
    return render(request, "notificaciones/no_encontrada.html", datos, status=404)


def aviso_de_error(
    request: HttpRequest, exc: ErrorNotificacion, volver: str, contexto: dict[str, Any]
) -> HttpResponse:
    datos = {"error": exc, "volver": volver, **contexto}
    return render(request, "notificaciones/error.html", datos, status=exc.estado)


def _particular(n: Notificacion, ahora: datetime, actos: dict[str, str]) -> dict[str, Any]:
    datos = vista.para_particular(n, ahora, vista.Calendarios(), actos)
    return _con_textos(datos, n)


def _con_textos(datos: dict[str, Any], n: Notificacion) -> dict[str, Any]:
    datos["aviso_legible"] = legible(datos["aviso"])
    datos["notificada_legible"] = legible(datos["notificada"])
    datos["abierta_legible"] = legible(datos["abierta"])
    datos["medio_legible"] = MEDIOS.get(datos["medio"] or "", "")
    datos["en_domicilio_legible"] = (
        instante_legible(datos["en_domicilio"], zona(n.zona)) if datos["en_domicilio"] else ""
    )
    return datos


@requiere_particular
def lista(request: HttpRequest) -> HttpResponse:
    """Mis notificaciones: pending first (soonest deadline first), then the rest, newest first."""
    sesion = sesion_actual(request)
    ahora = timezone.now()
    pagina = numero_de_pagina(request)
    total, pendientes = selectors.total_particular(sesion.rfc, ahora)
    calendarios, actos = vista.Calendarios(), vista.nombres_de_actos()
    error, buscados = None, filtros.Filtros()
    try:
        buscados = filtros.leer(request.GET)
    except ErrorNotificacion as exc:
        error = exc
    desde = (pagina - 1) * POR_PAGINA
    if error is not None:
        encontradas: list[Notificacion] = []
        cuantas = 0
    elif buscados.activos:
        consulta = filtros.aplicar(sesion.rfc, buscados, ahora)
        cuantas = consulta.count()
        encontradas = list(consulta[desde : desde + POR_PAGINA])
    else:
        cuantas = total
        encontradas = selectors.pagina_particular(sesion.rfc, ahora, POR_PAGINA, desde)
    filas = [
        _con_textos(vista.para_particular(n, ahora, calendarios, actos), n) for n in encontradas
    ]
    for fila in filas:
        fila["estado_legible"] = filtros.ESTADOS_LEGIBLES.get(fila["estado"], fila["estado"])
    contexto = {
        "sesion": sesion,
        "notificaciones": filas,
        "total": total,
        "pendientes": pendientes,
        "filtros": buscados,
        "buscando": buscados.activos or error is not None,
        "encontradas": cuantas,
        "estados": filtros.ESTADOS_LEGIBLES.items(),
        "valores": {
            c: request.GET.get(c, "") for c in ("folio", "aviso_desde", "aviso_hasta", "estado")
        },
        "error": error,
        "resumen": [{"id": error.campo, "mensaje": error.mensaje}] if error else [],
        "consulta_base": urlencode(buscados.como_consulta()),
        **paginacion(pagina, cuantas, POR_PAGINA),
    }
    return render(request, "notificaciones/lista.html", contexto, status=400 if error else 200)


def linea_de_tiempo(n: Notificacion, datos: dict[str, Any]) -> list[dict[str, str]]:
    """What the particular sees of the timeline: the aviso, the opening, the notification made
    (and a cancellation that reached them). Internal events (routing, medios) are not shown."""
    hitos: list[tuple[datetime, str]] = []
    if n.aviso is not None:
        hitos.append((n.aviso, "Aviso: el documento quedó depositado en su buzón."))
    if n.abierta is not None:
        hitos.append((n.abierta, "Usted abrió el documento."))
    if datos["notificada"] is not None:
        hitos.append(
            (datos["notificada"], f"Notificación realizada {datos['medio_legible']}.".strip())
        )
    if n.cancelada is not None:
        hitos.append((n.cancelada, "El Instituto canceló la notificación."))
    return [
        {"instante": instante.isoformat(), "legible": instante_legible(instante), "texto": texto}
        for instante, texto in sorted(hitos, key=lambda h: h[0])
    ]


@requiere_particular
def detalle(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    ahora = timezone.now()
    volver = reverse("notificaciones:lista")
    try:
        n = selectors.access_notificacion_particular(sesion.rfc, notificacion_id, ahora)
    except ErrorNotificacion as exc:
        return no_encontrada(request, exc.mensaje, volver, {"sesion": sesion})
    return render(request, "notificaciones/detalle.html", _contexto_detalle(request, n, ahora))


def _contexto_detalle(request: HttpRequest, n: Notificacion, ahora: datetime) -> dict[str, Any]:
    datos = _particular(n, ahora, vista.nombres_de_actos())
    plazo = [fecha_legible(date.fromisoformat(d)) for d in datos["plazo_apertura"]]
    return {
        "sesion": sesion_actual(request),
        "n": datos,
        "plazo": plazo,
        "linea": linea_de_tiempo(n, datos),
        "puede_abrir": datos["estado"] == "pendiente",
        "puede_descargar": datos["estado"] != "cancelada"
        and (n.abierta is not None or datos["notificada"] is not None),
        "recien_abierta": request.GET.get("abierta") == "1",
    }


@requiere_particular
@require_POST
def abrir(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """7.2: opening makes the notification; the acuse is issued and shown on the detail page."""
    sesion = sesion_actual(request)
    volver = reverse("notificaciones:lista")
    try:
        do_abrir(notificacion_id, sesion.rfc)
    except ErrorNotificacion as exc:
        if exc.estado == 404:
            return no_encontrada(request, exc.mensaje, volver, {"sesion": sesion})
        return aviso_de_error(request, exc, volver, {"sesion": sesion})
    except ErrorLegal as exc:
        error = ErrorNotificacion("apertura_invalida", exc.mensaje, exc.campo, 409)
        return aviso_de_error(request, error, volver, {"sesion": sesion})
    destino = reverse("notificaciones:detalle", args=[notificacion_id])
    return HttpResponseRedirect(f"{destino}?abierta=1")


@requiere_particular
def documento(request: HttpRequest, notificacion_id: int) -> HttpResponse:
    """The exact bytes the official signed, only once opened or notified (as the API: 409)."""
    sesion = sesion_actual(request)
    ahora = timezone.now()
    volver = reverse("notificaciones:lista")
    try:
        n = selectors.access_notificacion_particular(sesion.rfc, notificacion_id, ahora)
    except ErrorNotificacion as exc:
        return no_encontrada(request, exc.mensaje, volver, {"sesion": sesion})
    detalle_url = reverse("notificaciones:detalle", args=[n.pk])
    if n.abierta is None and situacion_de(n, ahora).estado != NOTIFICADA:
        error = ErrorNotificacion("no_abierta", NO_ABIERTA, "id", 409)
        return aviso_de_error(request, error, detalle_url, {"sesion": sesion})
    if n.depurada is not None:
        error = ErrorNotificacion("depurado", DEPURADO, "id", 410)
        return aviso_de_error(request, error, detalle_url, {"sesion": sesion})
    return respuesta_pdf(almacen.leer(n.documento_sha256), nombre_documento(n))


@acceso.publico
def estrados(request: HttpRequest) -> HttpResponse:
    """CFF 139: the public board of documents published, with masked RFCs; no login."""
    ahora = timezone.now()
    pagina = numero_de_pagina(request)
    publicadas = selectors.en_estrados(ahora)
    total = publicadas.count()
    actos = vista.nombres_de_actos()
    inicio = (pagina - 1) * POR_PAGINA_ESTRADOS
    filas = []
    for n in publicadas[inicio : inicio + POR_PAGINA_ESTRADOS]:
        assert n.estrados_publicada and n.estrados_fin and n.estrados_notificada
        filas.append(
            {
                "folio": n.folio,
                "rfc": enmascarar_rfc(n.rfc),
                "nombre": n.nombre,
                "tipo": actos.get(n.tipo, n.tipo),
                "asunto": n.asunto,
                "publicada": n.estrados_publicada,
                "publicada_legible": fecha_legible(n.estrados_publicada),
                "fin": n.estrados_fin,
                "fin_legible": fecha_legible(n.estrados_fin),
                "notificada": n.estrados_notificada.isoformat(),
                "notificada_legible": instante_legible(n.estrados_notificada),
                "documento": f"/api/v1/estrados/{n.folio}/documento",
            }
        )
    contexto = {
        "publicaciones": filas,
        "total": total,
        **paginacion(pagina, total, POR_PAGINA_ESTRADOS),
    }
    return render(request, "notificaciones/estrados.html", contexto)
