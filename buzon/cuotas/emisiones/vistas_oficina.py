"""The officials' page of the emisiones (`/oficina/emisiones/`, role administrador): ask for the
emisiones of a period (a form; the POST only plans the run, `generacion.do_planear_emision`, as
the API does, and redirects here with `?pedida=PERIODO`; the background pass generates the chunks)
and the latest runs with their figures, progress and state.

Another role is refused (403), as the API refuses it. A GET only reads.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import oficial_actual, requiere_oficial, sesion_actual
from buzon.cuotas.emisiones import generacion, presentacion
from buzon.cuotas.emisiones.modelos import CorridaEmision
from buzon.legal.formato import instante_legible
from buzon.oficina.models import Oficial

#: Runs shown, newest first.
ULTIMAS = 24
ESTADOS = {"en_curso": "En curso (quedan bloques pendientes)", "terminada": "Terminada"}
SOLO_ADMINISTRADOR = (
    "Generar las emisiones corresponde a un administrador activo: pida el rol de administrador "
    "a su superior."
)


def ultimas_corridas() -> list[dict[str, Any]]:
    filas = CorridaEmision.objects.order_by("-iniciada", "-id")[:ULTIMAS]
    return [
        presentacion.corrida(c)
        | {
            "estado_legible": ESTADOS.get(c.estado, c.estado),
            "iniciada": instante_legible(c.iniciada),
            "terminada": instante_legible(c.terminada) if c.terminada else "",
            "solicitante": c.solicitante or "comando buzon emisiones",
            "avance": f"{c.bloques_hechos} de {c.bloques}",
        }
        for c in filas
    ]


@requiere_oficial
@require_http_methods(["GET", "POST"])
def emisiones(request: HttpRequest) -> HttpResponse:
    sesion, oficial = sesion_actual(request), oficial_actual(request)
    if oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorBuzon("no_autorizado", SOLO_ADMINISTRADOR, None, 403)
    contexto: dict[str, Any] = {"sesion": sesion, "oficial": oficial, "periodo": ""}
    estado = 200
    if request.method == "POST":
        periodo = request.POST.get("periodo", "").strip().upper()
        contexto["periodo"] = periodo
        try:
            corrida = generacion.do_planear_emision(periodo, por=oficial.rfc)
        except ErrorBuzon as exc:
            contexto["error"] = exc.mensaje
            estado = exc.estado if exc.estado >= 400 else 400
        else:
            return redirect(f"{request.path}?pedida={corrida.periodo}#hecha")
    pedida = CorridaEmision.objects.filter(periodo=request.GET.get("pedida", "")).first()
    if pedida is not None:
        contexto["hecha"] = presentacion.corrida(pedida) | {
            "estado_legible": ESTADOS.get(pedida.estado, pedida.estado)
        }
    contexto["corridas"] = ultimas_corridas()
    return render(request, "cuotas/oficina_emisiones.html", contexto, status=estado)
