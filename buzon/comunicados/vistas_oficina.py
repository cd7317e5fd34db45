"""The officials' pages for comunicados: the list of their subdelegación with progress, writing
one (with its target, an uploaded list and PDFs), and each one's page with its progress
(targeted, delivered, read), timeline and the actions its state allows (send for approval,
approve, return, withdraw)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buzon.comun.errores import ErrorBuzon
from buzon.comunicados import difusion, presentacion, selectors
from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.models import Comunicado
from buzon.comunicados.servicios import (
    LARGO_CUERPO,
    LARGO_TITULO,
    MAXIMO_ADJUNTO,
    DatosComunicado,
    do_aprobar,
    do_crear_comunicado,
    do_devolver,
    do_enviar_a_aprobacion,
    do_retirar,
)
from buzon.cuentas.navegador import oficial_actual, requiere_oficial
from buzon.legal.zonas import ZONA_CENTRO
from buzon.oficina.models import Oficial

#: The uploaded list's limit in the page (the API takes the body's limit).
MAXIMO_LISTA_BYTES = 20 * 1024 * 1024


@requiere_oficial
@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    oficial, ahora = oficial_actual(request), timezone.now()
    filas = [presentacion.para_oficina(c, ahora) for c in selectors.de_la_oficina(oficial)[:200]]
    return render(
        request,
        "comunicados/oficina/lista.html",
        {"oficial": oficial, "comunicados": filas, "puede_escribir": _comunicador(oficial)},
    )


def _comunicador(oficial: Oficial) -> bool:
    return oficial.rol == Oficial.Rol.COMUNICADOR


def _instante(texto: str, campo: str) -> datetime | None:
    """A datetime-local value (AAAA-MM-DDTHH:MM), read in Zona Centro; empty: None."""
    texto = texto.strip()
    if not texto:
        return None
    try:
        return datetime.fromisoformat(texto).replace(tzinfo=ZONA_CENTRO)
    except ValueError as exc:
        raise ErrorComunicado(
            "vigencia_invalida", "Escriba la fecha y hora como AAAA-MM-DD HH:MM.", campo
        ) from exc


def _leer_archivo(archivo: Any, limite: int, campo: str) -> bytes:
    if archivo.size > limite:
        raise ErrorComunicado("archivo_grande", f"El archivo pesa más de {limite:,} bytes.", campo)
    return bytes(archivo.read())


@requiere_oficial
@require_http_methods(["GET", "POST"])
def nuevo(request: HttpRequest) -> HttpResponse:
    oficial = oficial_actual(request)
    contexto: dict[str, Any] = {
        "oficial": oficial,
        "largo_titulo": LARGO_TITULO,
        "largo_cuerpo": LARGO_CUERPO,
        "segmentos": Comunicado.Segmento.choices,
        "valores": {"segmento": "todos", "formato": "texto"},
    }
    estado = 200
    if request.method == "POST":
        campos = ("titulo", "cuerpo", "formato", "segmento", "valores", "desde", "hasta")
        valores = {k: request.POST.get(k, "") for k in campos}
        contexto["valores"] = valores
        try:
            archivo_lista = request.FILES.get("lista")
            texto_lista = ""
            if archivo_lista is not None:
                crudo = _leer_archivo(archivo_lista, MAXIMO_LISTA_BYTES, "lista")
                try:
                    texto_lista = crudo.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise ErrorComunicado(
                        "lista_invalida", "La lista debe estar en UTF-8 (CSV).", "lista"
                    ) from exc
            adjuntos = [
                (a.name or "", _leer_archivo(a, MAXIMO_ADJUNTO, "adjuntos"))
                for a in request.FILES.getlist("adjuntos")
            ]
            c = do_crear_comunicado(
                oficial,
                DatosComunicado(
                    titulo=valores["titulo"],
                    cuerpo=valores["cuerpo"],
                    formato=valores["formato"] or "texto",
                    segmento=valores["segmento"],
                    valores=valores["valores"].replace(";", ",").split(","),
                    lista=texto_lista,
                    vigente_desde=_instante(valores["desde"], "vigente_desde"),
                    vigente_hasta=_instante(valores["hasta"], "vigente_hasta"),
                    adjuntos=adjuntos,
                ),
            )
            return HttpResponseRedirect(reverse("comunicados:oficina_detalle", args=[c.pk]))
        except ErrorBuzon as exc:
            contexto["error"] = exc
            contexto["errores_lista"] = getattr(exc, "errores", None) or []
            estado = exc.estado
    return render(request, "comunicados/oficina/nuevo.html", contexto, status=estado)


def _render_detalle(
    request: HttpRequest, c: Comunicado, estado: int = 200, error: ErrorBuzon | None = None
) -> HttpResponse:
    oficial = oficial_actual(request)
    datos = presentacion.para_oficina(c, timezone.now(), completo=True)
    supervisa = oficial.rol in (Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR)
    contexto = {
        "oficial": oficial,
        "c": datos,
        "html": presentacion.cuerpo_html(c),
        "error": error,
        "puede_enviar": _comunicador(oficial) and c.estado == Comunicado.Estado.BORRADOR,
        "puede_aprobar": supervisa and c.estado == Comunicado.Estado.POR_APROBAR,
        "puede_retirar": (supervisa or _comunicador(oficial))
        and c.estado != Comunicado.Estado.RETIRADO,
        "progreso": _porcentaje(datos["entregados"], datos["objetivo"]),
    }
    return render(request, "comunicados/oficina/detalle.html", contexto, status=estado)


def _porcentaje(parte: int, total: int) -> int:
    return 100 if total == 0 else min(100, parte * 100 // total)


@requiere_oficial
@require_GET
def detalle(request: HttpRequest, comunicado_id: int) -> HttpResponse:
    c = selectors.access_comunicado_oficial(oficial_actual(request), comunicado_id)
    return _render_detalle(request, c)


def _aprobar(oficial: Oficial, pk: int, _motivo: str) -> Comunicado:
    c = do_aprobar(oficial, pk)
    difusion.despues_de_aprobar(c.pk)
    return c


ACCIONES: dict[str, Callable[[Oficial, int, str], Comunicado]] = {
    "enviar": lambda o, pk, _m: do_enviar_a_aprobacion(o, pk),
    "aprobar": _aprobar,
    "devolver": do_devolver,
    "retirar": do_retirar,
}


@requiere_oficial
@require_POST
def accion(request: HttpRequest, comunicado_id: int, nombre: str) -> HttpResponse:
    oficial = oficial_actual(request)
    c = selectors.access_comunicado_oficial(oficial, comunicado_id)
    hacer = ACCIONES.get(nombre)
    if hacer is None:
        raise ErrorComunicado("accion_invalida", "Esa acción no existe.", None, 404)
    try:
        hacer(oficial, c.pk, request.POST.get("motivo", ""))
    except ErrorBuzon as exc:
        c.refresh_from_db()
        return _render_detalle(request, c, exc.estado, exc)
    return HttpResponseRedirect(reverse("comunicados:oficina_detalle", args=[c.pk]))


@requiere_oficial
@require_GET
def adjunto(request: HttpRequest, comunicado_id: int, numero: int) -> HttpResponse:
    a = selectors.access_adjunto_oficial(oficial_actual(request), comunicado_id, numero)
    return presentacion.respuesta_pdf(a)
