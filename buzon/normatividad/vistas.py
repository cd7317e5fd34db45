"""The library's pages: public (the law is public: no session) and the officials' upload.

Index, a text (its version in force, its articles and versions), any version, the diff between
two versions, the search; and `agregar` for an official with role administrador (upload a UTF-8
text: the service checks it and names the field at fault). Thin: selectors read, the service
writes, templates escape every piece of the law's text (highlights and diffs are spans).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from buzon.comun import acceso
from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import oficial_actual, requiere_oficial, sesion_actual
from buzon.normatividad import busqueda, selectors
from buzon.normatividad.comparacion import comparar
from buzon.normatividad.errores import ErrorNormatividad
from buzon.normatividad.models import Texto
from buzon.normatividad.servicios import (
    MAXIMO_BYTES,
    Alta,
    do_agregar_version,
    exigir_tamano,
    leer_archivo,
)


@acceso.publico
@require_GET
def indice(request: HttpRequest) -> HttpResponse:
    return render(request, "normatividad/indice.html", {"fichas": selectors.biblioteca()})


def _entero(valor: str, campo: str) -> int | None:
    valor = valor.strip()
    if not valor:
        return None
    if not valor.isdigit() or not 1 <= int(valor) <= 1_000_000:
        raise ErrorNormatividad("consulta_invalida", "Escriba un número de versión.", campo)
    return int(valor)


@acceso.publico
@require_GET
def buscar(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    clave = request.GET.get("clave", "").strip() or None
    contexto: dict[str, Any] = {"q": q, "clave": clave or "", "fecha": request.GET.get("fecha", "")}
    contexto["textos"] = Texto.objects.order_by("nombre")
    estado = 200
    if q.strip():
        try:
            contexto["resultados"] = busqueda.buscar(
                q,
                clave=clave,
                version=_entero(request.GET.get("version", ""), "version"),
                fecha=selectors.fecha_de_consulta(request.GET.get("fecha", "")),
            )
        except ErrorBuzon as exc:
            if exc.estado != 400:
                raise
            contexto |= {"error": exc.mensaje, "campo": exc.campo}
            estado = 400
    return render(request, "normatividad/buscar.html", contexto, status=estado)


@acceso.publico
@require_GET
def texto(request: HttpRequest, clave: str) -> HttpResponse:
    t = selectors.access_texto(clave)
    vigente = selectors.vigente_en(t)
    contexto = {
        "texto": t,
        "version": vigente,
        "vigente": vigente,
        "articulos": selectors.articulos_de(vigente) if vigente else [],
        "versiones": selectors.versiones_de(t),
    }
    return render(request, "normatividad/texto.html", contexto)


@acceso.publico
@require_GET
def version(request: HttpRequest, clave: str, numero: int) -> HttpResponse:
    t = selectors.access_texto(clave)
    v = selectors.access_version(t, numero)
    contexto = {
        "texto": t,
        "version": v,
        "vigente": selectors.vigente_en(t),
        "articulos": selectors.articulos_de(v),
        "versiones": selectors.versiones_de(t),
    }
    return render(request, "normatividad/texto.html", contexto)


@acceso.publico
@require_GET
def comparacion(request: HttpRequest, clave: str) -> HttpResponse:
    t = selectors.access_texto(clave)
    de = _entero(request.GET.get("de", ""), "de")
    a = _entero(request.GET.get("a", ""), "a")
    versiones = list(selectors.versiones_de(t))
    if de is None or a is None:
        if len(versiones) < 2:
            raise ErrorNormatividad(
                "consulta_invalida", "Este texto tiene una sola versión: no hay qué comparar.", "de"
            )
        de, a = versiones[1].numero, versiones[0].numero
    anterior, posterior = selectors.access_version(t, de), selectors.access_version(t, a)
    contexto = {"texto": t, "c": comparar(anterior, posterior), "versiones": versiones}
    return render(request, "normatividad/comparacion.html", contexto)


def _alta_del_formulario(request: HttpRequest) -> tuple[Alta, str]:
    datos = request.POST
    fechas: dict[str, date | None] = {}
    for campo in ("dof", "vigor"):
        valor = datos.get(campo, "").strip()
        try:
            fechas[campo] = date.fromisoformat(valor) if valor else None
        except ValueError:
            fechas[campo] = None
        if (valor and fechas[campo] is None) or (campo == "dof" and not valor):
            raise ErrorNormatividad(
                "campo_invalido",
                "Escriba la fecha como AAAA-MM-DD (ej. 2024-08-05).",
                campo,
            )
    archivo = request.FILES.get("archivo")
    if archivo is None:
        raise ErrorNormatividad("archivo_invalido", "Elija el archivo de texto (.txt).", "archivo")
    exigir_tamano(archivo.size or 0)
    contenido = leer_archivo(archivo.read(MAXIMO_BYTES + 1))
    fecha_dof = fechas["dof"]
    assert fecha_dof is not None
    alta = Alta(
        clave=datos.get("clave", "").strip(),
        tipo=datos.get("tipo", ""),
        nombre=datos.get("nombre", ""),
        fecha_dof=fecha_dof,
        fuente_dof=datos.get("fuente", ""),
        vigente_desde=fechas["vigor"],
    )
    return alta, contenido


@requiere_oficial
@require_http_methods(["GET", "POST"])
def agregar(request: HttpRequest) -> HttpResponse:
    oficial = oficial_actual(request)
    contexto: dict[str, Any] = {
        "sesion": sesion_actual(request),
        "tipos": Texto.Tipo.choices,
        "es_administrador": oficial.rol == oficial.Rol.ADMINISTRADOR,
        "maximo": MAXIMO_BYTES,
        "datos": request.POST,
    }
    estado = 200
    if request.method == "POST":
        try:
            alta, contenido = _alta_del_formulario(request)
            resultado = do_agregar_version(alta, contenido, por=oficial.rfc)
            v = resultado.version
            destino = reverse("normatividad:version", args=[v.texto.clave, v.numero])
            return HttpResponseRedirect(destino + ("?agregada=1" if resultado.nueva else "?ya=1"))
        except ErrorBuzon as exc:
            contexto |= {"error": exc.mensaje, "campo": exc.campo}
            estado = exc.estado if exc.estado in (400, 403) else 400
    return render(request, "normatividad/agregar.html", contexto, status=estado)
