"""Actuaciones API. Particular (contract): GET /tramites, POST /actuaciones, POST
/actuaciones/{id}/firma, GET /actuaciones; plus GET /actuaciones/{id} and its attachments.
Official: GET /oficina/actuaciones (by trámite and state), GET /oficina/actuaciones/{id} and its
attachments, for the subdelegación of the official (an administrador, all)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from buzon.actuaciones import firma, selectors, servicios
from buzon.actuaciones.anexos import ErrorAnexo, decodificar
from buzon.actuaciones.catalogo import declaracion_de, vigentes
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.esquemas import reglas_como_json
from buzon.actuaciones.salidas import (
    ActuacionDetalle,
    ActuacionesOficina,
    ActuacionesSalida,
    ActuacionOficinaDetalle,
    BorradorSalida,
    PresentadaSalida,
    RespuestaErrorConFilas,
    TramitesSalida,
    detalle_de,
    recepcion_en_su_zona,
    respuesta_anexo,
    resumen,
)
from buzon.comun import acceso
from buzon.comun.errores import RespuestaError
from buzon.comun.limites import comprobar_desde
from buzon.comun.tipos_api import Base64, Desde, Limite, errores
from buzon.cuentas import autenticacion
from buzon.evidencia.api import como_json
from buzon.legal.zonas import ZONA_CENTRO
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

router = Router(tags=["actuaciones"])


class AnexoEntrada(Schema):
    nombre: str
    tipo_mime: str = Field("", description="Informativo: el tipo se decide por el contenido")
    contenido: Base64 = Field(description="El archivo en base64")


class ActuacionEntrada(Schema):
    tramite: str
    datos: dict[str, Any]
    anexos: list[AnexoEntrada] = Field(default_factory=list)
    registro_patronal: str | None = Field(
        None, description="Para los trámites que se presentan por registro patronal"
    )


class FirmaEntrada(Schema):
    firma: Base64 = Field(description="Firma de la cadena con la e.firma de la sesión (base64)")


class FiltroOficina(Schema):
    tramite: str | None = None
    estado: str | None = Field(
        None,
        description="presentada o respondida",
        json_schema_extra={"pattern": "^(presentada|respondida)?$"},
    )
    limite: Limite = 100
    desde: Desde = 0


#: What a filing can be refused for beyond its schema: the trámite's own rules (its `esquema`
#: and `anexos` in GET /tramites), the padrón, the requerimiento it answers.
NEGOCIO_CREAR = [
    "tramite_desconocido",
    "vigencia_invalida",
    "registro_desconocido",
    "registro_no_aplica",
    "registro_requerido",
    "requerimiento_desconocido",
    "requerimiento_no_notificado",
    "no_es_requerimiento",
    "dato_desconocido",
    "dato_invalido",
    "datos_demasiado_grandes",
    "faltan_elementos",
    "formato_invalido",
    "fuera_de_rango",
    "muy_corto",
    "muy_largo",
    "numero_invalido",
    "opcion_invalida",
    "sobran_elementos",
    "tipo_invalido",
    "anexo_cifrado",
    "anexo_danado",
    "anexo_demasiado_grande",
    "anexo_extension",
    "anexo_filas_invalidas",
    "anexo_nombre_invalido",
    "anexo_nombre_repetido",
    "anexo_tabla_faltante",
    "anexo_tipo_no_permitido",
    "anexo_vacio",
    "anexos_de_mas",
    "anexos_faltantes",
]


# --- Particular ----------------------------------------------------------------------------------


@router.get(
    "/tramites",
    response=TramitesSalida,
    auth=autenticacion.particular,
    summary="Catálogo de trámites: el esquema de sus datos y las reglas de sus anexos",
)
@acceso.particular
def tramites(request: HttpRequest) -> dict[str, Any]:
    salida = []
    for fila in vigentes():
        d = declaracion_de(fila)
        salida.append(
            {
                "clave": d.clave,
                "nombre": d.nombre,
                "version": d.version,
                "numeral": d.numeral,
                "fundamento": d.fundamento,
                "ayuda": d.ayuda,
                "promovente": d.promovente,
                "requiere_habilitacion": d.requiere_habilitacion,
                "espera_respuesta": d.espera_respuesta,
                "esquema": dict(d.esquema),
                "anexos": reglas_como_json(d.anexos, d.ayuda_anexos),
            }
        )
    return {"tramites": salida}


@router.post(
    "/actuaciones",
    response={201: BorradorSalida, 400: RespuestaErrorConFilas, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Crea una actuación por firmar: revisa datos y anexos y entrega la cadena",
    openapi_extra=errores(negocio=NEGOCIO_CREAR, e409=["buzon_no_habilitado"]),
)
@acceso.particular
def crear(request: HttpRequest, entrada: ActuacionEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    try:  # the pure attachment rules know no HTTP status: a bad one is a 400 of this filing
        anexos = [
            servicios.AnexoEntrada(a.nombre, decodificar(a.contenido, f"anexos[{i}].contenido"))
            for i, a in enumerate(entrada.anexos)
        ]
    except ErrorAnexo as exc:
        raise ErrorActuacion(exc.codigo, exc.mensaje, exc.campo) from exc
    actuacion = servicios.do_crear_borrador(
        rfc=sesion.rfc,
        nombre=sesion.nombre,
        tramite=entrada.tramite,
        datos=entrada.datos,
        anexos=anexos,
        registro_patronal=entrada.registro_patronal,
    )
    return Status(
        201,
        {
            "id": actuacion.pk,
            "cadena": actuacion.cadena,
            "estado": selectors.BORRADOR,
            "expira": actuacion.expira.astimezone(ZONA_CENTRO),
        },
    )


@router.post(
    "/actuaciones/{actuacion_id}/firma",
    response={201: PresentadaSalida, 400: RespuestaError, 404: RespuestaError, 409: RespuestaError},
    auth=autenticacion.particular,
    summary="Firma la cadena con la e.firma de la sesión: presenta la actuación y da su acuse",
    openapi_extra=errores(
        negocio=["firma_invalida"], e404=["no_encontrada"], e409=["borrador_vencido"]
    ),
)
@acceso.particular
def firmar(request: HttpRequest, actuacion_id: int, entrada: FirmaEntrada) -> Any:
    sesion = autenticacion.sesion_de(request)
    hecha = firma.do_firmar(
        actuacion_id=actuacion_id,
        rfc=sesion.rfc,
        certificado_der=bytes(sesion.certificado_der),
        firma=entrada.firma,
    )
    return Status(
        201,
        {
            "id": hecha.actuacion.pk,
            "estado": selectors.PRESENTADA
            if hecha.nueva
            else selectors.estado_de(hecha.actuacion, timezone.now()),
            "acuse": como_json(hecha.acuse),
            "recepcion_legal": recepcion_en_su_zona(hecha.actuacion),
        },
    )


@router.get(
    "/actuaciones",
    response=ActuacionesSalida,
    auth=autenticacion.particular,
    summary="Mis actuaciones, de la más reciente (hasta 500)",
)
@acceso.particular
def lista(request: HttpRequest) -> dict[str, Any]:
    sesion = autenticacion.sesion_de(request)
    filas = list(selectors.de_particular(sesion.rfc)[: selectors.LIMITE_LISTA])
    estados = selectors.estados_de(filas, timezone.now())
    return {"actuaciones": [resumen(a, estados[a.pk]) for a in filas]}


@router.get(
    "/actuaciones/{actuacion_id}",
    response={200: ActuacionDetalle, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Una de mis actuaciones, con sus datos, anexos y acuse",
)
@acceso.particular
def detalle(request: HttpRequest, actuacion_id: int) -> Any:
    a = selectors.access_actuacion(autenticacion.sesion_de(request).rfc, actuacion_id)
    return detalle_de(a, timezone.now())


@router.get(
    "/actuaciones/{actuacion_id}/anexos/{indice}",
    response={200: None, 404: RespuestaError},
    auth=autenticacion.particular,
    summary="Descarga un anexo de una de mis actuaciones (los bytes exactos)",
)
@acceso.particular
def anexo(request: HttpRequest, actuacion_id: int, indice: int) -> Any:
    a = selectors.access_actuacion(autenticacion.sesion_de(request).rfc, actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))


# --- Oficina -------------------------------------------------------------------------------------


def oficial_de(request: HttpRequest) -> Oficial:
    oficial = oficial_activo(autenticacion.sesion_de(request).rfc)
    if oficial is None:
        raise ErrorActuacion(
            "no_autorizado",
            "Su alta como servidor público no está activa: pida a un administrador que la revise.",
            None,
            403,
        )
    return oficial


def filtro_valido(filtro: FiltroOficina) -> None:
    if filtro.estado and filtro.estado not in selectors.ESTADOS_OFICINA:
        raise ErrorActuacion(
            "estado_invalido", "«estado» debe ser presentada o respondida.", "estado"
        )
    if not 1 <= filtro.limite <= 500:
        raise ErrorActuacion("limite_invalido", "«limite» va de 1 a 500.", "limite")
    comprobar_desde(filtro.desde)


@router.get(
    "/oficina/actuaciones",
    response={200: ActuacionesOficina, 400: RespuestaError, 403: RespuestaError},
    auth=autenticacion.oficial,
    summary="Actuaciones presentadas en mi subdelegación, por trámite y estado",
    openapi_extra=errores(
        e400=["estado_invalido", "limite_invalido", "desde_invalido"], e403=["no_autorizado"]
    ),
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def lista_oficina(request: HttpRequest, filtro: Query[FiltroOficina]) -> Any:
    oficial = oficial_de(request)
    filtro_valido(filtro)
    consulta = selectors.filtrar(selectors.de_la_oficina(oficial), filtro.tramite, filtro.estado)
    filas = list(consulta[filtro.desde : filtro.desde + filtro.limite])
    estados = selectors.estados_de(filas, timezone.now())
    return {"actuaciones": [resumen(a, estados[a.pk]) for a in filas]}


@router.get(
    "/oficina/actuaciones/{actuacion_id}",
    response={200: ActuacionOficinaDetalle, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Una actuación presentada en mi subdelegación",
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def detalle_oficina(request: HttpRequest, actuacion_id: int) -> Any:
    a = selectors.access_actuacion_oficial(oficial_de(request), actuacion_id)
    return detalle_de(a, timezone.now())


@router.get(
    "/oficina/actuaciones/{actuacion_id}/anexos/{indice}",
    response={200: None, 403: RespuestaError, 404: RespuestaError},
    auth=autenticacion.oficial,
    summary="Descarga un anexo de una actuación de mi subdelegación",
    tags=["oficina: actuaciones"],
)
@acceso.oficial
def anexo_oficina(request: HttpRequest, actuacion_id: int, indice: int) -> Any:
    a = selectors.access_actuacion_oficial(oficial_de(request), actuacion_id)
    return respuesta_anexo(selectors.access_anexo(a, indice))
