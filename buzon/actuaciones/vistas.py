"""The actuaciones pages. Particular: the catalogue of trámites, a form generated from each
trámite's JSON Schema (errors inline, next to each field), the draft with its cadena signed in the
browser (static/efirma/efirma.js: the key and the password never leave the page), the acuse, and
Mis actuaciones. Official: the inbox of the subdelegación, by trámite and state, and each filing.

Thin: objects load through the access selectors, state changes go through the services.
Everything works without JavaScript except the e.firma signature.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from buzon.actuaciones import firma, formulario, resumen, selectors, servicios
from buzon.actuaciones.anexos import NOMBRES_DE_TIPO, tamano_legible
from buzon.actuaciones.catalogo import declaracion_de, vigente, vigentes
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.esquemas import Declaracion
from buzon.actuaciones.models import Actuacion
from buzon.actuaciones.salidas import recepcion_en_su_zona, respuesta_anexo
from buzon.actuaciones.validacion import validar_datos
from buzon.cuentas.navegador import (
    oficial_actual,
    requiere_oficial,
    requiere_particular,
    sesion_actual,
)
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import url_verificacion
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import ZONA_CENTRO, zona

ESTADOS_LEGIBLES = {
    selectors.BORRADOR: "Por firmar",
    selectors.VENCIDA: "Vencida sin presentar",
    selectors.PRESENTADA: "Presentada",
    selectors.RESPONDIDA: "Respondida",
}
POR_PAGINA = 50


def _legible(instante: Any, nombre_zona: str = "") -> str:
    if instante is None:
        return ""
    return instante_legible(instante, zona(nombre_zona) if nombre_zona else ZONA_CENTRO)


def _fila(a: Actuacion, estado: str) -> dict[str, Any]:
    return {
        "actuacion": a,
        "estado": estado,
        "estado_legible": ESTADOS_LEGIBLES[estado],
        "creada": _legible(a.creada),
        "recepcion": _legible(a.recepcion_legal, a.zona),
    }


def _reglas(declaracion: Declaracion) -> dict[str, Any]:
    reglas = declaracion.anexos
    return {
        "tipos": " o ".join(NOMBRES_DE_TIPO[t] for t in reglas.tipos),
        "aceptar": ",".join(reglas.tipos),
        "maximo": tamano_legible(reglas.maximo_bytes),
        "minimo_archivos": reglas.minimo,
        "maximo_archivos": reglas.maximo,
        "ayuda": declaracion.ayuda_anexos,
    }


# --- Particular ----------------------------------------------------------------------------------


@requiere_particular
def mis_actuaciones(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    filas = list(selectors.de_particular(sesion.rfc)[: selectors.LIMITE_LISTA])
    estados = selectors.estados_de(filas, timezone.now())
    contexto = {"sesion": sesion, "actuaciones": [_fila(a, estados[a.pk]) for a in filas]}
    return render(request, "actuaciones/mis_actuaciones.html", contexto)


@requiere_particular
def catalogo(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    habilitado = servicios.habilitado(sesion.rfc, timezone.now())
    registros = _registros(sesion.rfc)
    tramites = []
    for fila in vigentes():
        d = declaracion_de(fila)
        falta_registro = resumen.sin_registro(d, registros)
        tramites.append(
            {
                "declaracion": d,
                "disponible": (habilitado or not d.requiere_habilitacion) and not falta_registro,
                "sin_registro": falta_registro,
                "reglas": _reglas(d),
            }
        )
    contexto = {
        "sesion": sesion,
        "tramites": tramites,
        "habilitado": habilitado,
        "aclaracion": resumen.ACLARACION,
    }
    return render(request, "actuaciones/catalogo.html", contexto)


def _registros(rfc: str) -> list[str]:
    from buzon.padron.selectors import registros_de

    return registros_de(rfc)


def _errores_de_servicio(
    exc: ErrorActuacion, archivos: list[Any]
) -> tuple[dict[str, str], dict[str, str]]:
    """(field errors by datos path, other errors by area: anexos, registro, general)."""
    campo = exc.campo or ""
    if campo.startswith("datos."):
        return {campo.removeprefix("datos."): exc.mensaje}, {}
    if campo.startswith("anexos"):
        mensaje = exc.mensaje
        if campo.startswith("anexos["):
            indice = int(campo[len("anexos[") : campo.index("]")])
            if indice < len(archivos):
                mensaje = f"«{archivos[indice].name}»: {mensaje}"
        return {}, {"anexos": mensaje}
    if campo == "registro_patronal":
        return {}, {"registro": exc.mensaje}
    return {}, {"general": exc.mensaje}


@requiere_particular
@require_http_methods(["GET", "POST"])
def nueva(request: HttpRequest, clave: str) -> HttpResponse:
    sesion = sesion_actual(request)
    fila = vigente(clave)
    if fila is None:
        return render(request, "actuaciones/no_encontrada.html", {"sesion": sesion}, status=404)
    declaracion = declaracion_de(fila)
    datos: dict[str, Any] = {}
    errores: dict[str, str] = {}
    otros: dict[str, str] = {}
    extra: dict[str, int] = {}
    registro = ""
    filas: list[dict[str, object]] = []
    estado_http = 200
    if request.method == "POST":
        enviado = {k: request.POST.get(k, "") for k in request.POST}
        datos = formulario.leer(declaracion.esquema, enviado)
        # A trámite filed by RFC has no registro of its own; a datos field of the same name
        # (the employer denounced, «denuncia-patron») is datos, never the promovente's registro.
        if declaracion.promovente != "rfc":
            registro = request.POST.get(resumen.ID_REGISTRO, "")
        agregar = request.POST.get("_agregar", "")
        if agregar:
            extra[agregar] = 1
        else:
            # Every check that does not need valid datos runs in this one round [I-94].
            _, encontrados = validar_datos(declaracion.esquema, datos)
            errores = {e.campo: e.mensaje for e in encontrados if e.campo}
            generales = [e.mensaje for e in encontrados if not e.campo]
            archivos = request.FILES.getlist("anexos")
            otros = resumen.revisar_ronda(declaracion, registro, len(archivos))
            if generales:
                otros["general"] = generales[0]
            if not encontrados and not otros:
                try:
                    actuacion = servicios.do_crear_borrador(
                        rfc=sesion.rfc,
                        nombre=sesion.nombre,
                        tramite=declaracion.clave,
                        datos=datos,
                        anexos=[servicios.AnexoEntrada(f.name or "", f.read()) for f in archivos],
                        registro_patronal=registro or None,
                    )
                except ErrorActuacion as exc:
                    errores, otros = _errores_de_servicio(exc, archivos)
                    filas = exc.errores or []
                else:
                    return HttpResponseRedirect(reverse("actuaciones:detalle", args=[actuacion.pk]))
            estado_http = 400
    campos = formulario.campos(declaracion.esquema, datos, errores, extra)
    registros = _registros(sesion.rfc) if declaracion.promovente != "rfc" else []
    contexto = {
        "sesion": sesion,
        "declaracion": declaracion,
        "campos": campos,
        "resumen": resumen.resumen(campos, errores, otros),
        "sin_registro": resumen.sin_registro(declaracion, registros),
        "aclaracion": resumen.ACLARACION,
        "errores": errores,
        "otros": otros,
        "filas": filas,
        "reglas": _reglas(declaracion),
        "registros": registros,
        "registro": registro,
        "habilitado": servicios.habilitado(sesion.rfc, timezone.now()),
    }
    return render(request, "actuaciones/nueva.html", contexto, status=estado_http)


def _contexto_detalle(a: Actuacion, ahora: Any) -> dict[str, Any]:
    declaracion = declaracion_de(a.tramite)
    estado = selectors.estado_de(a, ahora)
    acuse = Acuse.objects.filter(folio=a.acuse).first() if a.acuse else None
    limite = selectors.fecha_limite_de(a, acuse.datos if acuse else None)
    return {
        "actuacion": a,
        "fecha_limite": fecha_legible(limite) if limite else "",
        "declaracion": declaracion,
        "estado": estado,
        "estado_legible": ESTADOS_LEGIBLES[estado],
        "datos": formulario.lectura(declaracion.esquema, json.loads(a.datos)),
        "anexos": [
            {"anexo": x, "tamano": tamano_legible(x.tamano), "tipo": NOMBRES_DE_TIPO[x.tipo_mime]}
            for x in selectors.anexos_de(a)
        ],
        "creada": _legible(a.creada),
        "expira": _legible(a.expira),
        "presentada": _legible(a.presentada),
        "recepcion": _legible(recepcion_en_su_zona(a), a.zona),
        "acuse": acuse,
        "verificacion": url_verificacion(acuse) if acuse else "",
    }


@requiere_particular
def detalle(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    a = selectors.access_actuacion(sesion.rfc, actuacion_id)
    contexto = _contexto_detalle(a, timezone.now()) | {"sesion": sesion}
    return render(request, "actuaciones/detalle.html", contexto)


@requiere_particular
@require_POST
def firmar(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion = sesion_actual(request)
    try:
        hecha = firma.do_firmar(
            actuacion_id=actuacion_id,
            rfc=sesion.rfc,
            certificado_der=bytes(sesion.certificado_der),
            firma=request.POST.get("firma", ""),
        )
    except ErrorActuacion as exc:
        if exc.estado == 404:
            raise  # the error page (config.errores), as every access_* refusal
        a = selectors.access_actuacion(sesion.rfc, actuacion_id)
        contexto = _contexto_detalle(a, timezone.now()) | {"sesion": sesion, "error": exc}
        # The same summary the browser fills with its own e.firma errors (static/portal/resumen.js).
        ancla = "cer" if contexto["estado"] == selectors.BORRADOR else "estado"
        contexto["resumen"] = [{"id": ancla, "mensaje": exc.mensaje}]
        return render(request, "actuaciones/detalle.html", contexto, status=exc.estado)
    destino = reverse("actuaciones:detalle", args=[hecha.actuacion.pk])
    return HttpResponseRedirect(f"{destino}?acuse={hecha.acuse.folio}")


@requiere_particular
def anexo(request: HttpRequest, actuacion_id: int, indice: int) -> HttpResponse:
    sesion = sesion_actual(request)
    a = selectors.access_actuacion(sesion.rfc, actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))


# --- Oficina -------------------------------------------------------------------------------------


@requiere_oficial
def bandeja(request: HttpRequest) -> HttpResponse:
    sesion, oficial = sesion_actual(request), oficial_actual(request)
    tramite = request.GET.get("tramite", "")
    estado = request.GET.get("estado", "")
    if estado not in selectors.ESTADOS_OFICINA:
        estado = ""
    texto = request.GET.get("pagina", "1")
    pagina = int(texto) if texto.isdigit() and 0 < int(texto) < 100_000 else 1
    consulta = selectors.filtrar(selectors.de_la_oficina(oficial), tramite or None, estado or None)
    filas = list(consulta[(pagina - 1) * POR_PAGINA : pagina * POR_PAGINA + 1])
    siguiente = len(filas) > POR_PAGINA
    filas = filas[:POR_PAGINA]
    estados = selectors.estados_de(filas, timezone.now())
    contexto = {
        "sesion": sesion,
        "oficial": oficial,
        "actuaciones": [_fila(a, estados[a.pk]) for a in filas],
        "tramites": [(t.clave, t.nombre) for t in vigentes()],
        "tramite": tramite,
        "estado": estado,
        "estados": [(e, ESTADOS_LEGIBLES[e]) for e in selectors.ESTADOS_OFICINA],
        "pagina": pagina,
        "siguiente": pagina + 1 if siguiente else None,
        "anterior": pagina - 1 if pagina > 1 else None,
    }
    return render(request, "actuaciones/bandeja.html", contexto)


@requiere_oficial
def detalle_oficina(request: HttpRequest, actuacion_id: int) -> HttpResponse:
    sesion, oficial = sesion_actual(request), oficial_actual(request)
    a = selectors.access_actuacion_oficial(oficial, actuacion_id)
    contexto = _contexto_detalle(a, timezone.now()) | {"sesion": sesion, "oficial": oficial}
    return render(request, "actuaciones/detalle_oficina.html", contexto)


@requiere_oficial
def anexo_oficina(request: HttpRequest, actuacion_id: int, indice: int) -> HttpResponse:
    a = selectors.access_actuacion_oficial(oficial_actual(request), actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))
