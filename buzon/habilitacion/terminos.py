"""Accepting the terms and conditions (5.3): the particular signs the terms' cadena with the
e.firma of the session; the acuse `terminos`; the mailbox becomes habilitado."""

from __future__ import annotations

import base64
import hashlib

from django.db import transaction
from django.utils import timezone

from buzon.efirma import ErrorEfirma, cms_desacoplado, decodificar_firma, verificar_firma
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Buzon, TerminosCondiciones
from buzon.habilitacion.selectors import medios_completos, medios_vigentes, terminos_vigentes
from buzon.habilitacion.servicios import obtener_buzon


def cadena_terminos(rfc: str, terminos: TerminosCondiciones) -> str:
    """What the particular signs to accept the terms (5.3)."""
    huella = hashlib.sha256(terminos.texto.encode("utf-8")).hexdigest()
    return f"||BUZON-TERMINOS-1|rfc={rfc}|version={terminos.version}|sha256={huella}||"


def do_aceptar_terminos(
    rfc: str, certificado_der: bytes, version: str, firma: str
) -> tuple[Buzon, Acuse]:
    """5.3: the particular signs the terms' cadena with the e.firma of the session; acuse
    `terminos`; the mailbox becomes habilitado (the medios must be complete first, 5.6)."""
    from buzon.cuentas.servicios import politica

    ahora = timezone.now()
    vigentes = terminos_vigentes()
    terminos = TerminosCondiciones.objects.filter(version=version).first()
    if terminos is None or terminos.pk != vigentes.pk:
        raise ErrorHabilitacion(
            "version_invalida",
            f"La versión «{version}» no es la vigente de los términos: vuelva a leerlos.",
            "version",
        )
    buzon = obtener_buzon(rfc)
    if buzon.terminos_id == terminos.pk and buzon.terminos_aceptados_en is not None:
        raise ErrorHabilitacion(
            "terminos_ya_aceptados",
            f"Ya aceptó la versión {terminos.version} de los términos "
            f"(acuse {buzon.acuse_terminos}).",
            "version",
        )
    if not medios_completos(medios_vigentes(buzon, ahora), ahora):
        raise ErrorHabilitacion(
            "medios_incompletos",
            "Antes de aceptar los términos confirme al menos un correo y su celular.",
            "medios",
        )
    cadena = cadena_terminos(rfc, terminos)
    try:
        bytes_firma = decodificar_firma(firma)
        resultado = verificar_firma(
            certificado_der,
            cadena.encode("utf-8"),
            bytes_firma,
            instante=ahora,
            politica=politica(),
        )
    except ErrorEfirma as exc:
        raise ErrorHabilitacion(exc.codigo, exc.mensaje, "firma") from exc
    if resultado.certificado.rfc != rfc:
        raise ErrorHabilitacion(
            "firma_invalida", "La firma no es de la e.firma con la que inició sesión.", "firma"
        )
    with transaction.atomic():
        buzon = Buzon.objects.select_for_update().get(pk=buzon.pk)
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo="terminos",
                rfc=rfc,
                documentos=[
                    Documento(
                        f"terminos-v{terminos.version}.txt",
                        hashlib.sha256(terminos.texto.encode("utf-8")).hexdigest(),
                    )
                ],
                datos={
                    "version": terminos.version,
                    "cadena_firmada": cadena,
                    "no_certificado": resultado.certificado.no_certificado,
                    "firma": base64.b64encode(bytes_firma).decode("ascii"),
                },
            )
        )
        # The first acceptance is the enablement date (Transitorio Primero, 7.8): accepting a
        # newer version later records that version and its acuse, never a later date.
        buzon.terminos = terminos
        buzon.terminos_aceptados_en = buzon.terminos_aceptados_en or ahora
        buzon.acuse_terminos = acuse.folio
        buzon.fuente_habilitacion = Buzon.Fuente.TERMINOS
        buzon.firma_terminos_cms = cms_desacoplado(
            resultado.certificado, cadena.encode("utf-8"), bytes_firma
        )
        buzon.save(
            update_fields=(
                "terminos",
                "terminos_aceptados_en",
                "acuse_terminos",
                "fuente_habilitacion",
                "firma_terminos_cms",
            )
        )
    return buzon, acuse
