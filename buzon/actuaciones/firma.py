"""Filing actuaciones, the signature: the e.firma of the session over the draft's cadena, then the
acuse and the filed mark in one transaction (6.2, 6.3). The draft is `servicios.do_crear_borrador`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.actuaciones import cadena as cadena_actuacion
from buzon.actuaciones import reglas_icsoe
from buzon.actuaciones.catalogo import declaracion_de
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.models import Actuacion
from buzon.actuaciones.selectors import access_actuacion
from buzon.actuaciones.servicios import exigir_habilitacion
from buzon.comun.errores import ErrorBuzon
from buzon.comun.ganchos import Ganchos
from buzon.efirma import ErrorEfirma, cms_desacoplado, decodificar_firma, verificar_firma
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, anotar_acuses, do_emitir_acuses
from buzon.legal.plazos import recepcion_legal_actuacion
from buzon.legal.zonas import ZONA_CENTRO
from buzon.legal.zonas import zona as zona_legal


@dataclass(frozen=True)
class Presentacion:
    actuacion: Actuacion
    acuse: Acuse
    #: False when the actuación had been filed already (the same acuse is returned).
    nueva: bool = True


def _verificar(actuacion: Actuacion, certificado_der: bytes, firma: str, ahora: datetime) -> Any:
    from buzon.cuentas.servicios import politica

    try:
        bytes_firma = decodificar_firma(firma)
        resultado = verificar_firma(
            certificado_der,
            actuacion.cadena.encode("utf-8"),
            bytes_firma,
            instante=ahora,
            politica=politica(),
        )
    except ErrorEfirma as exc:
        raise ErrorActuacion(exc.codigo, exc.mensaje, "firma") from exc
    if resultado.certificado.rfc != actuacion.rfc:
        raise ErrorActuacion(
            "firma_invalida", "La firma no es de la e.firma con la que inició sesión.", "firma"
        )
    return resultado.certificado, bytes_firma


def _ya_presentada(actuacion: Actuacion) -> Presentacion:
    return Presentacion(actuacion, Acuse.objects.get(folio=actuacion.acuse), nueva=False)


#: What a filed trámite decides beyond its acuse (riesgos: a `determinacion-prima-rt` records its
#: prima), registered by the upper app in its `AppConfig.ready()`. Called inside the filing's
#: transaction once the actuación is marked filed, wherever it was signed (its own page, the
#: actuaciones page or the API); a refusal (`ErrorBuzon`) refuses the filing whole.
_al_presentar: Ganchos[[Actuacion]] = Ganchos("al_presentar_actuacion")


def al_presentar(callback: Callable[[Actuacion], object]) -> None:
    _al_presentar.registrar(callback)


class _NoSePresento(Exception):
    """Rolls the filing's transaction back: the draft changed under it (filed or expired)."""


def do_firmar(
    *,
    actuacion_id: int,
    rfc: str,
    certificado_der: bytes,
    firma: str,
    ahora: datetime | None = None,
) -> Presentacion:
    """6.2, 6.3: verify the e.firma signature over the cadena; in one transaction issue the acuse
    `actuacion` with the legal receipt (6.3 read in the domicile's zone, 5.8) and mark it filed.
    Signing a filed actuación again (with a valid signature) returns its acuse.

    The mark is a conditional UPDATE (still a draft, not expired) after the acuse: if another
    request filed it first, or it expired, this transaction rolls back, acuse included."""
    from buzon.calendario.selectors import calendario_para
    from buzon.padron.selectors import zona_y_ambito

    momento = ahora or timezone.now()
    actuacion = access_actuacion(rfc, actuacion_id)
    if actuacion.presentada is not None and actuacion.firma == firma.strip():
        return _ya_presentada(actuacion)
    certificado, bytes_firma = _verificar(actuacion, certificado_der, firma, momento)
    if actuacion.presentada is not None:
        return _ya_presentada(actuacion)
    if momento >= actuacion.expira:
        raise _vencido()
    exigir_habilitacion(declaracion_de(actuacion.tramite), rfc, momento)
    registro = actuacion.registro_patronal
    nombre_zona, ambito = zona_y_ambito(rfc, registro)
    zona = zona_legal(nombre_zona)
    calendario = calendario_para(ambito)
    recepcion = recepcion_legal_actuacion(momento, calendario, zona)
    limite = (
        reglas_icsoe.fecha_limite_de(json.loads(actuacion.datos), calendario)
        if actuacion.tramite.clave == reglas_icsoe.CLAVE
        else None
    )
    # The attachments as the signed cadena names them (their rows were written from the same
    # list in the draft's transaction): no query.
    documentos = [Documento(n, h) for n, h in cadena_actuacion.anexos_de(actuacion.cadena)]
    firma_b64 = base64.b64encode(bytes_firma).decode("ascii")
    cms = cms_desacoplado(certificado, actuacion.cadena.encode("utf-8"), bytes_firma)
    try:
        with transaction.atomic():
            # The evidence log is the last write: appending locks its head until commit.
            (acuse,) = do_emitir_acuses(
                [
                    SolicitudAcuse(
                        tipo="actuacion",
                        rfc=rfc,
                        registro_patronal=registro or None,
                        documentos=documentos,
                        datos={
                            "actuacion": actuacion.pk,
                            "tramite": actuacion.tramite.clave,
                            "nombre_tramite": actuacion.tramite.nombre,
                            "version_tramite": actuacion.tramite.version,
                            "datos_sha256": cadena_actuacion.sha256_texto(actuacion.datos),
                            "recibida": momento.astimezone(ZONA_CENTRO).isoformat(),
                            "cadena_firmada": actuacion.cadena,
                            "no_certificado": certificado.no_certificado,
                            "firma": firma_b64,
                            # ICSOE: the period's due date (LSS 15 A, CFF 12) [I-34].
                            **({"fecha_limite": limite.isoformat()} if limite else {}),
                        },
                        instante_legal=recepcion,
                        zona_legal=zona.key,
                        emitido=momento,
                    )
                ],
                anotar=False,
            )
            hechos = {
                "presentada": momento,
                "recepcion_legal": recepcion,
                "zona": zona.key,
                "entidad": ambito.entidad or "",
                "subdelegacion": ambito.subdelegacion or "",
                "acuse": acuse.folio,
                "firma": firma_b64,
                "no_certificado": certificado.no_certificado,
                "firma_cms": cms,
            }
            marcadas = Actuacion.objects.filter(
                pk=actuacion.pk, rfc=rfc, presentada__isnull=True, expira__gt=momento
            ).update(**hechos)
            if marcadas != 1:
                raise _NoSePresento
            for campo, valor in hechos.items():
                setattr(actuacion, campo, valor)
            try:
                _al_presentar.llamar(actuacion)
            except ErrorActuacion:
                raise
            except ErrorBuzon as exc:  # the filing's own error type, for its pages and the API
                raise ErrorActuacion(exc.codigo, exc.mensaje, exc.campo, exc.estado) from exc
            anotar_acuses([acuse])
    except _NoSePresento:
        actual = access_actuacion(rfc, actuacion_id)
        if actual.presentada is not None:
            return _ya_presentada(actual)
        raise _vencido() from None
    return Presentacion(actuacion, acuse, nueva=True)


def _vencido() -> ErrorActuacion:
    return ErrorActuacion(
        "borrador_vencido",
        "Pasaron más de 24 horas sin firmar y esta actuación no se presentó: captúrela de nuevo.",
        "id",
        409,
    )
