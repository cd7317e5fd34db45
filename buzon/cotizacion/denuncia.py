"""The worker's denuncia against an employer: an actuación of trámite `denuncia-patron`
(buzon/actuaciones/tramites/denuncia-patron.json), filed by the worker's RFC and signed with
its e.firma through the actuaciones flow (the draft, the signature, the acuse).

This module only prepares it: the datos the report row pre-fills (employer's registro, period)
and the draft, created by `actuaciones.servicios.do_crear_borrador` exactly as the trámite's own
page or `POST /api/v1/actuaciones` would. The signature is the standard one
(`/actuaciones/<id>/` in the browser, `POST /api/v1/actuaciones/{id}/firma`).

The worker's identity never reaches the employer [I-122]: the employer's registro lives only in
the datos, never in `Actuacion.registro_patronal` (the trámite is filed «por RFC», so that column
and the acuse's registro stay empty); a particular reads only the actuaciones of its own RFC;
the officials' inbox is the Institute's (a worker's RFC has no subdelegación in the padrón: the
filing goes to the default inbox, supervisors and BUZON_BANDEJA_POR_DEFECTO).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.models import Actuacion
from buzon.actuaciones.servicios import AnexoEntrada, do_crear_borrador
from buzon.cuentas.models import Sesion

CLAVE_TRAMITE = "denuncia-patron"
NO_ME_REGISTRO = "No me registró"
SALARIO_MENOR = "Me registró con un salario menor"
BAJA_TRABAJANDO = "Me dio de baja y sigo trabajando"
TIPOS = (NO_ME_REGISTRO, SALARIO_MENOR, BAJA_TRABAJANDO)
#: What each alert suggests denouncing.
TIPO_POR_ALERTA = {"alta": NO_ME_REGISTRO, "baja": BAJA_TRABAJANDO, "salario": SALARIO_MENOR}
CAMPOS = ("tipo", "registro_patronal", "periodo_desde", "periodo_hasta", "descripcion")


def iniciales(registro: str = "", periodo: str = "", tipo: str = "") -> dict[str, str]:
    """The form pre-filled from a report row (values the page re-checks on POST)."""
    return {
        "tipo": tipo if tipo in TIPOS else "",
        "registro_patronal": registro.strip().upper()[:11],
        "periodo_desde": periodo.strip()[:7],
        "periodo_hasta": periodo.strip()[:7],
        "descripcion": "",
    }


def exigir_orden(datos: Mapping[str, Any]) -> None:
    desde, hasta = str(datos.get("periodo_desde", "")), str(datos.get("periodo_hasta", ""))
    if desde and hasta and hasta < desde:
        raise ErrorActuacion(
            "periodo_invertido",
            f"El mes final ({hasta}) es anterior al inicial ({desde}): corríjalos; si fue un solo "
            "mes, escriba el mismo en ambos.",
            "datos.periodo_hasta",
        )


def do_preparar_denuncia(
    sesion: Sesion, datos: Mapping[str, Any], anexos: list[AnexoEntrada] | None = None
) -> Actuacion:
    """The draft of the denuncia (to be signed at `/actuaciones/<id>/`). ErrorActuacion naming
    the field (`datos.registro_patronal`…) when something is wrong; nothing is stored then."""
    limpios = {k: str(v).strip() for k, v in datos.items() if k in CAMPOS and str(v).strip()}
    exigir_orden(limpios)
    return do_crear_borrador(
        rfc=sesion.rfc,
        nombre=sesion.nombre,
        tramite=CLAVE_TRAMITE,
        datos=limpios,
        anexos=anexos or [],
        registro_patronal=None,
    )
