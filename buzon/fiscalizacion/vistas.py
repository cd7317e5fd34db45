"""Pages: the officials' dashboard (`/oficina/fiscalizacion/`: programmes; one programme's counts
per subdelegación and type, and its acts with why each was chosen) and the employer's
*Mis actos de fiscalización* (`/buzon/fiscalizacion/`: notified acts, state, plazos, indicators).
A supervisor approves the proposed acts of their subdelegación on the programme's page, signing
the cadena in the browser with the e.firma (static/efirma/efirma.js: the key never leaves it);
running and issuing go through the command and the API.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import (
    oficial_actual,
    requiere_oficial,
    requiere_particular,
    sesion_actual,
)
from buzon.fiscalizacion import presentacion, selectors
from buzon.fiscalizacion.aprobacion import actos_aprobables, cadena_de_aprobacion, do_aprobar
from buzon.fiscalizacion.models import Programa
from buzon.fiscalizacion.pdf import NOMBRES_INDICADOR, TITULOS
from buzon.fiscalizacion.servicios import ROLES_QUE_APRUEBAN

MAXIMO_ACTOS = 200


@requiere_oficial
@require_GET
def tablero(request: HttpRequest) -> HttpResponse:
    programas = [presentacion.programa(p) for p in Programa.objects.order_by("-periodo")[:40]]
    return render(request, "fiscalizacion/tablero.html", {"programas": programas})


def _aprobables(request: HttpRequest, p: Programa) -> tuple[list[int], str]:
    oficial = oficial_actual(request)
    if oficial.rol not in ROLES_QUE_APRUEBAN:
        return [], ""
    ids = actos_aprobables(oficial, p, None)
    return ids, cadena_de_aprobacion(p, oficial.rfc, ids) if ids else ""


@requiere_oficial
@require_POST
def aprobar(request: HttpRequest, programa_id: int) -> HttpResponse:
    p = selectors.access_programa(programa_id)
    texto = request.POST.get("actos", "")
    ids = [int(x) for x in texto.split(",") if x.strip().isdigit()]
    try:
        aprobacion = do_aprobar(
            oficial_actual(request),
            p,
            bytes(sesion_actual(request).certificado_der),
            request.POST.get("firma", ""),
            ids,
        )
    except ErrorBuzon as exc:
        return programa(request, programa_id, error=exc.mensaje, estado=400)
    destino = reverse("fiscalizacion:programa", args=[p.pk])
    return HttpResponseRedirect(f"{destino}?aprobacion={aprobacion.acuse}")


@requiere_oficial
@require_GET
def ver_programa(request: HttpRequest, programa_id: int) -> HttpResponse:
    return programa(request, programa_id)


def programa(
    request: HttpRequest, programa_id: int, error: str = "", estado: int = 200
) -> HttpResponse:
    oficial = oficial_actual(request)
    p = selectors.access_programa(programa_id)
    celdas = [
        {"subdelegacion": s, "tipo": TITULOS.get(t, t), "cuentas": c}
        for (s, t), c in selectors.tablero(oficial, p).items()
    ]
    actos = list(
        selectors.actos_de_la_oficina(oficial)
        .filter(programa=p, padre=None)
        .select_related("programa", "puntaje", "notificacion")
        .order_by("puntaje__rango")[:MAXIMO_ACTOS]
    )
    respuestas = selectors.respuestas_de(actos)
    ahora = timezone.now()
    filas = [presentacion.acto(a, ahora, respuestas.get(a.pk, [])) for a in actos]
    for f in filas:
        f["disparadas"] = [
            {**s, "nombre": NOMBRES_INDICADOR.get(s["indicador"], s["indicador"])}
            for s in f["senales"]
            if s["disparo"]
        ]
    ids, cadena = _aprobables(request, p)
    contexto = {
        "aprobables": ",".join(map(str, ids)),
        "cuantos": len(ids),
        "cadena": cadena,
        "error": error,
        "acuse": request.GET.get("aprobacion", "")[:20],
        "programa": presentacion.programa(p),
        "celdas": celdas,
        "estados": (*selectors.ESTADOS, "respondidos"),
        "actos": filas,
    }
    return render(request, "fiscalizacion/programa.html", contexto, status=estado)


@requiere_particular
@require_GET
def mis_actos(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    ahora = timezone.now()
    actos = selectors.actos_del_particular(sesion.rfc, ahora)
    respuestas = selectors.respuestas_de(actos)
    filas = [
        presentacion.acto(a, ahora, respuestas.get(a.pk, []), para_particular=True) for a in actos
    ]
    for f in filas:
        for s in f["senales"]:
            s["nombre"] = NOMBRES_INDICADOR.get(s["indicador"], s["indicador"])
    return render(request, "fiscalizacion/mis_actos.html", {"sesion": sesion, "actos": filas})
