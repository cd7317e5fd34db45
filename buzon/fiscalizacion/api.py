"""Fiscalización API (relación 7.8, 7.17, 7.18, 8). Officials (perfil servidor_publico) under
`/oficina/fiscalizacion/…`: run and read programmes, the cadena to sign and the signed approval,
each act's PDF to sign, the bulk issue, results and requerimientos inside an audit. The employer:
`/fiscalizacion/actos` (its acts once notified, their plazos and why it was selected)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.tipos_api import errores
from buzon.cuentas import autenticacion
from buzon.cuentas.models import Sesion
from buzon.fiscalizacion import presentacion, selectors
from buzon.fiscalizacion.aprobacion import actos_aprobables, cadena_de_aprobacion, do_aprobar
from buzon.fiscalizacion.emision import Firmado, do_emitir_actos
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.esquemas import (
    ActoFiscalizacion,
    AprobacionProgramaFiscalizacion,
    CadenaAprobacionPrograma,
    EmisionActosFiscalizacion,
    FiltroActosFiscalizacion,
    FiltroCadenaAprobacion,
    ListaActosFiscalizacion,
    PedidoAprobacionPrograma,
    PedidoEmisionActos,
    PedidoProgramaFiscalizacion,
    PedidoRequerimientoAuditoria,
    PedidoResultadoActo,
    ProgramaFiscalizacion,
    ProgramaFiscalizacionDetalle,
)
from buzon.fiscalizacion.models import Acto, Programa
from buzon.fiscalizacion.pdf import documento
from buzon.fiscalizacion.servicios import (
    ROLES_QUE_APRUEBAN,
    ROLES_QUE_OPERAN,
    do_programar,
    do_registrar_resultado,
    do_requerir,
    exigir_oficial,
)
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["fiscalización"])

R401_403_404 = {401: RespuestaError, 403: RespuestaError, 404: RespuestaError}


def _ids(texto: str) -> list[int] | None:
    if not texto.strip():
        return None
    try:
        ids = [int(x) for x in texto.split(",")]
    except ValueError:
        ids = [-1]
    if any(not 1 <= i <= 10**12 for i in ids):
        raise ErrorFiscalizacion(
            "actos_invalidos", "Escriba los ids de los actos separados por coma.", "actos"
        )
    return ids


def _oficial(
    request: HttpRequest, roles: frozenset[str] = ROLES_QUE_OPERAN
) -> tuple[Sesion, Oficial]:
    sesion = autenticacion.sesion_de(request)
    return sesion, exigir_oficial(oficial_activo(sesion.rfc), roles)


def _actos(actos: list[Acto], *, para_particular: bool = False) -> list[dict[str, Any]]:
    ahora = timezone.now()
    respuestas = selectors.respuestas_de(actos)
    return [
        presentacion.acto(a, ahora, respuestas.get(a.pk, []), para_particular=para_particular)
        for a in actos
    ]


@router.post(
    "/oficina/fiscalizacion/programas",
    response={
        200: ProgramaFiscalizacion,
        201: ProgramaFiscalizacion,
        400: RespuestaError,
        **R401_403_404,
    },
    auth=autenticacion.oficial,
    summary="Corre el programa de un trimestre sobre todo el padrón (idempotente por periodo)",
    openapi_extra=errores(["periodo_invalido"], e403=["sin_permiso"]),
)
@acceso.oficial
def programar(request: HttpRequest, datos: PedidoProgramaFiscalizacion) -> Any:
    sesion, _ = _oficial(request, ROLES_QUE_APRUEBAN)
    corrida = do_programar(datos.periodo, sesion.rfc)
    return Status(201 if corrida.nuevo else 200, presentacion.programa(corrida.programa))


@router.get(
    "/oficina/fiscalizacion/programas",
    response={200: list[ProgramaFiscalizacion], **R401_403_404},
    auth=autenticacion.oficial,
    summary="Programas de fiscalización, el más reciente primero",
    openapi_extra=errores(e403=["sin_permiso"]),
)
@acceso.oficial
def programas(request: HttpRequest) -> Any:
    _oficial(request)
    return [presentacion.programa(p) for p in Programa.objects.order_by("-periodo")[:40]]


@router.get(
    "/oficina/fiscalizacion/programas/{programa_id}",
    response={200: ProgramaFiscalizacionDetalle, **R401_403_404},
    auth=autenticacion.oficial,
    summary="Un programa con sus cuentas por subdelegación y tipo de acto (las de su oficina)",
    openapi_extra=errores(e403=["sin_permiso"], e404=["no_encontrado"]),
)
@acceso.oficial
def programa(request: HttpRequest, programa_id: int) -> Any:
    _, oficial = _oficial(request)
    p = selectors.access_programa(programa_id)
    tablero = selectors.tablero(oficial, p)
    return {
        **presentacion.programa(p),
        "tablero": [{"subdelegacion": s, "tipo": t, "cuentas": c} for (s, t), c in tablero.items()],
    }


@router.get(
    "/oficina/fiscalizacion/programas/{programa_id}/actos",
    response={200: ListaActosFiscalizacion, 400: RespuestaError, **R401_403_404},
    auth=autenticacion.oficial,
    summary="Actos del programa en su subdelegación, por rango, con sus indicadores",
    openapi_extra=errores(e403=["sin_permiso"], e404=["no_encontrado"]),
)
@acceso.oficial
def actos(
    request: HttpRequest,
    programa_id: int,
    filtro: Query[FiltroActosFiscalizacion] = None,  # type: ignore[assignment]
) -> Any:
    _, oficial = _oficial(request)
    p = selectors.access_programa(programa_id)
    consulta = selectors.actos_de_la_oficina(oficial).filter(programa=p, padre=None)
    if filtro and filtro.tipo:
        consulta = consulta.filter(tipo=filtro.tipo)
    limite = filtro.limite if filtro else 100
    lista = list(
        consulta.select_related("programa", "puntaje", "notificacion").order_by("puntaje__rango")[
            :limite
        ]
    )
    return {"actos": _actos(lista)}


@router.get(
    "/oficina/fiscalizacion/programas/{programa_id}/cadena",
    response={200: CadenaAprobacionPrograma, 400: RespuestaError, **R401_403_404},
    auth=autenticacion.oficial,
    summary="La cadena que el supervisor firma para aprobar (todos o los actos dados)",
    openapi_extra=errores(["actos_invalidos"], e403=["sin_permiso"], e404=["no_encontrado"]),
)
@acceso.oficial
def cadena(
    request: HttpRequest,
    programa_id: int,
    filtro: Query[FiltroCadenaAprobacion],
) -> Any:
    _, oficial = _oficial(request, ROLES_QUE_APRUEBAN)
    p = selectors.access_programa(programa_id)
    ids = _ids(filtro.actos)
    elegidos = actos_aprobables(oficial, p, ids)
    return {"cadena": cadena_de_aprobacion(p, oficial.rfc, elegidos), "actos": len(elegidos)}


@router.post(
    "/oficina/fiscalizacion/programas/{programa_id}/aprobacion",
    response={
        201: AprobacionProgramaFiscalizacion,
        400: RespuestaError,
        409: RespuestaError,
        **R401_403_404,
    },
    auth=autenticacion.oficial,
    summary="Aprueba el programa (todo o parte) con la e.firma de la sesión sobre la cadena",
    openapi_extra=errores(
        ["actos_invalidos", "firma_invalida"],
        e403=["sin_permiso"],
        e404=["no_encontrado"],
        e409=["sin_actos"],
    ),
)
@acceso.oficial
def aprobar(request: HttpRequest, datos: PedidoAprobacionPrograma, programa_id: int) -> Any:
    sesion, oficial = _oficial(request, ROLES_QUE_APRUEBAN)
    p = selectors.access_programa(programa_id)
    a = do_aprobar(oficial, p, bytes(sesion.certificado_der), datos.firma, datos.actos)
    return Status(201, {"id": a.pk, "acuse": a.acuse, "actos": a.cuantos, "cadena": a.cadena})


@router.get(
    "/oficina/fiscalizacion/actos/{acto_id}",
    response={200: ActoFiscalizacion, **R401_403_404},
    auth=autenticacion.oficial,
    summary="Un acto: estado, plazos, indicadores, respuestas",
    openapi_extra=errores(e403=["sin_permiso"], e404=["no_encontrado"]),
)
@acceso.oficial
def acto(request: HttpRequest, acto_id: int) -> Any:
    _, oficial = _oficial(request)
    return _actos([selectors.access_acto_oficial(oficial, acto_id)])[0]


@router.get(
    "/oficina/fiscalizacion/actos/{acto_id}/documento",
    response={200: None, **R401_403_404},
    auth=autenticacion.oficial,
    summary="El PDF del acto, exactamente los bytes que se firman para emitirlo",
    openapi_extra=errores(e403=["sin_permiso"], e404=["no_encontrado"]),
)
@acceso.oficial
def documento_del_acto(request: HttpRequest, acto_id: int) -> Any:
    _, oficial = _oficial(request)
    a = selectors.access_acto_oficial(oficial, acto_id)
    respuesta = HttpResponse(documento(a), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="acto-{a.pk}.pdf"'
    return respuesta


@router.post(
    "/oficina/fiscalizacion/emision",
    response={
        200: EmisionActosFiscalizacion,
        400: RespuestaError,
        401: RespuestaError,
        403: RespuestaError,
    },
    auth=autenticacion.oficial,
    summary="Emite actos aprobados como notificaciones, cada PDF firmado con la e.firma",
    description="Cada acto responde por separado (un error no detiene a los demás); reintentar "
    "no emite dos veces.",
    openapi_extra=errores(["actos_invalidos"], e403=["sin_permiso"]),
)
@acceso.oficial
def emitir(request: HttpRequest, datos: PedidoEmisionActos) -> Any:
    sesion, oficial = _oficial(request)
    hechos = do_emitir_actos(
        oficial,
        bytes(sesion.certificado_der),
        [Firmado(f.acto, f.firma) for f in datos.actos],
    )
    return {
        "resultados": [
            {
                "acto": h.acto,
                "notificacion": h.notificacion,
                "folio": h.folio,
                "ruta": h.ruta,
                "error": h.error.codigo if h.error else None,
                "mensaje": h.error.mensaje if h.error else None,
            }
            for h in hechos
        ]
    }


@router.post(
    "/oficina/fiscalizacion/actos/{acto_id}/resultado",
    response={200: ActoFiscalizacion, 400: RespuestaError, 409: RespuestaError, **R401_403_404},
    auth=autenticacion.oficial,
    summary="Registra que el patrón corrigió, o cierra el acto",
    openapi_extra=errores(
        ["estado_invalido", "resultado_invalido"],
        e403=["sin_permiso"],
        e404=["no_encontrado"],
        e409=["estado_invalido"],
    ),
)
@acceso.oficial
def resultado(request: HttpRequest, datos: PedidoResultadoActo, acto_id: int) -> Any:
    _, oficial = _oficial(request)
    a = do_registrar_resultado(
        oficial, selectors.access_acto_oficial(oficial, acto_id), datos.estado, datos.resultado
    )
    return _actos([selectors.access_acto_oficial(oficial, a.pk)])[0]


@router.post(
    "/oficina/fiscalizacion/actos/{acto_id}/requerimientos",
    response={201: ActoFiscalizacion, 400: RespuestaError, 409: RespuestaError, **R401_403_404},
    auth=autenticacion.oficial,
    summary="Un requerimiento dentro de la fiscalización electrónica (relación 8)",
    openapi_extra=errores(
        ["texto_invalido", "plazo_invalido"],
        e403=["sin_permiso"],
        e404=["no_encontrado"],
        e409=["no_es_auditoria", "estado_invalido"],
    ),
)
@acceso.oficial
def requerir(request: HttpRequest, datos: PedidoRequerimientoAuditoria, acto_id: int) -> Any:
    _, oficial = _oficial(request)
    a = do_requerir(
        oficial, selectors.access_acto_oficial(oficial, acto_id), datos.texto, datos.plazo_dias
    )
    return Status(201, _actos([selectors.access_acto_oficial(oficial, a.pk)])[0])


# -- the employer ----------------------------------------------------------------------------


@router.get(
    "/fiscalizacion/actos",
    response={200: ListaActosFiscalizacion, 401: RespuestaError},
    auth=autenticacion.particular,
    summary="Mis actos de fiscalización notificados: estado, plazos y por qué se me eligió",
)
@acceso.particular
def mis_actos(request: HttpRequest) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    return {
        "actos": _actos(selectors.actos_del_particular(rfc, timezone.now()), para_particular=True)
    }


@router.get(
    "/fiscalizacion/actos/{acto_id}",
    response={200: ActoFiscalizacion, 401: RespuestaError, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Uno de mis actos de fiscalización",
    openapi_extra=errores(e404=["no_encontrado"]),
)
@acceso.particular
def mi_acto(request: HttpRequest, acto_id: int) -> Any:
    rfc = autenticacion.sesion_de(request).rfc
    a = selectors.access_acto_particular(rfc, acto_id, timezone.now())
    return _actos([a], para_particular=True)[0]
