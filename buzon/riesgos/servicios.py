"""The determination of the prima filed as a signed actuación (relación 10.4, LSS 74).

- `do_preparar_determinacion`: the pre-computed determination (`selectors.calculo`) becomes the
  datos of a draft of the trámite `determinacion-prima-rt` (`actuaciones.servicios`).
- `do_presentar_determinacion`: in one transaction, the prima for the period opening on 1 March
  is recorded in the ledger (`cuotas.servicios_primas`) and the draft is signed and filed
  (`actuaciones.firma.do_firmar`: the acuse); a refused signature leaves neither.
- `do_registrar_presentada`: the same record for a draft signed on the actuaciones page.

Both check that the signed datos are still what the Institute's data give (the riesgos or the
movements may have changed since the draft was prepared, and a draft of this trámite may be
written by hand on the generic form): otherwise 409 `determinacion_desactualizada`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from buzon.actuaciones import firma
from buzon.actuaciones.models import Actuacion
from buzon.actuaciones.selectors import access_actuacion
from buzon.actuaciones.servicios import do_crear_borrador
from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.servicios_primas import do_registrar_prima_determinada
from buzon.legal.prima_rt import porcentaje
from buzon.riesgos import selectors
from buzon.riesgos.selectors import Calculo

TRAMITE = "determinacion-prima-rt"


def datos_de(c: Calculo) -> dict[str, Any]:
    """The datos of the filing: every number of the determination."""
    d = c.determinacion
    if d is None:
        raise ErrorBuzon("sin_determinacion", c.impedimento, "anio", 409)
    if c.anterior.prima is None:
        raise ErrorBuzon(
            "sin_prima_anterior",
            f"El Instituto no tiene la prima anterior ni la clase de riesgo del registro "
            f"{c.registro.registro}: sin ellas no se aplica el límite de un punto del artículo "
            "74. Acuda a su subdelegación para que se registre su clase (LSS 73).",
            "registro_patronal",
            409,
        )
    return {
        "anio": c.anio,
        "vigente_desde": c.vigencia[0].isoformat(),
        "dias_subsidiados": c.casos.dias_subsidiados,
        "suma_porcentajes_incapacidad": str(c.casos.suma_porcentajes),
        "incapacidades": str(c.casos.incapacidades.quantize(Decimal("0.0001"))),
        "defunciones": c.casos.defunciones,
        "dias_cotizados": c.exposicion.dias_cotizados,
        "trabajadores_expuestos": str(selectors.n_mostrado(d)),
        "factor_prima": str(d.f),
        "sistema_seguridad": c.sistema_seguridad,
        "prima_anterior": porcentaje(c.anterior.prima),
        "origen_prima_anterior": c.anterior.origen,
        "prima_calculada": porcentaje(d.prima_calculada),
        "prima": porcentaje(d.prima),
        "limite": d.limite or "ninguno",
    }


def do_preparar_determinacion(
    *,
    rfc: str,
    nombre: str,
    registro_patronal: str,
    anio: int,
    sistema_seguridad: bool,
    ahora: datetime | None = None,
) -> Actuacion:
    """A draft of `determinacion-prima-rt` with the pre-computed numbers (signed next)."""
    registro = selectors.access_registro(rfc, registro_patronal)
    datos = datos_de(selectors.calculo(registro, anio, sistema_seguridad))
    return do_crear_borrador(
        rfc=rfc,
        nombre=nombre,
        tramite=TRAMITE,
        datos=datos,
        anexos=[],
        registro_patronal=registro.registro,
        ahora=ahora,
    )


def access_determinacion(rfc: str, actuacion_id: int) -> tuple[Actuacion, dict[str, Any]]:
    """The session's actuación of this trámite and its datos; 404 otherwise (as any other)."""
    actuacion = access_actuacion(rfc, actuacion_id)
    if actuacion.tramite.clave != TRAMITE:
        raise ErrorBuzon(
            "no_encontrada",
            "No tiene una determinación de la prima con ese número.",
            "actuacion",
            404,
        )
    return actuacion, json.loads(actuacion.datos)


def _vigente(rfc: str, actuacion: Actuacion, datos: dict[str, Any]) -> tuple[date, Decimal]:
    registro = selectors.access_registro(rfc, actuacion.registro_patronal)
    actual = datos_de(
        selectors.calculo(registro, int(datos["anio"]), bool(datos["sistema_seguridad"]))
    )
    if actual != datos:
        raise ErrorBuzon(
            "determinacion_desactualizada",
            "Los datos de esta determinación ya no coinciden con los riesgos terminados o los "
            "días cotizados que tiene el Instituto (cambiaron después de prepararla, o no la "
            "preparó el Buzón). Prepárela de nuevo desde «Determinación de la prima».",
            "datos",
            409,
        )
    return date.fromisoformat(datos["vigente_desde"]), Decimal(datos["prima"])


def do_presentar_determinacion(
    *,
    rfc: str,
    actuacion_id: int,
    certificado_der: bytes,
    firma_b64: str,
    ahora: datetime | None = None,
) -> firma.Presentacion:
    """Record the prima and file the actuación, in one transaction (LSS 74; relación 10.4)."""
    actuacion, datos = access_determinacion(rfc, actuacion_id)
    with transaction.atomic():
        if actuacion.presentada is None:
            # Checked before the signature so stale numbers are the answer, not a bad signature;
            # the filing records the prima (`al_presentar_actuacion`).
            _vigente(rfc, actuacion, datos)
        else:  # signed again: the same acuse, and its prima (recorded already: a no-op)
            do_registrar_prima_determinada(
                registro_patronal=actuacion.registro_patronal,
                vigente_desde=date.fromisoformat(datos["vigente_desde"]),
                prima=Decimal(datos["prima"]),
                actuacion_id=actuacion.pk,
            )
        return firma.do_firmar(
            actuacion_id=actuacion.pk,
            rfc=rfc,
            certificado_der=certificado_der,
            firma=firma_b64,
            ahora=ahora,
        )


def al_presentar_actuacion(actuacion: Actuacion) -> None:
    """`actuaciones.firma.al_presentar`: a determination filed anywhere (this app's page, the
    actuaciones page, the API) records its prima in the filing's transaction, once its numbers
    are checked against the ledger and the riesgos again; stale numbers refuse the filing (409)."""
    if actuacion.tramite.clave != TRAMITE:
        return
    vigente_desde, prima = _vigente(actuacion.rfc, actuacion, json.loads(actuacion.datos))
    do_registrar_prima_determinada(
        registro_patronal=actuacion.registro_patronal,
        vigente_desde=vigente_desde,
        prima=prima,
        actuacion_id=actuacion.pk,
    )


def do_registrar_presentada(*, rfc: str, actuacion_id: int) -> None:
    """A determination filed before the filing recorded its prima (`al_presentar_actuacion`):
    record it, once it is filed and its numbers still match (the same prima again is a no-op)."""
    actuacion, datos = access_determinacion(rfc, actuacion_id)
    if actuacion.presentada is None:
        raise ErrorBuzon(
            "no_presentada",
            "Esta determinación aún no está firmada: fírmela primero.",
            "actuacion",
            409,
        )
    with transaction.atomic():
        vigente_desde, prima = _vigente(rfc, actuacion, datos)
        do_registrar_prima_determinada(
            registro_patronal=actuacion.registro_patronal,
            vigente_desde=vigente_desde,
            prima=prima,
            actuacion_id=actuacion.pk,
        )
