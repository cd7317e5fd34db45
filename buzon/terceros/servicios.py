"""Writing authorisations (relación 9.1, 9.3, 9.6): the holder captures a grant and signs its
cadena with the session's e.firma (two steps, as filings: `actuaciones.firma`); a revocation is
prepared (its own cadena) and signed too. Each step is one transaction with its timeline event;
each signature issues its acuse (and the evidence log's entry) in that transaction.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.efirma import ErrorEfirma, cms_desacoplado, decodificar_firma, verificar_firma
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.evidencia.tipos import TipoAcuse
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.terceros import cadena as cadenas
from buzon.terceros import selectors
from buzon.terceros.errores import ErrorAutorizacion
from buzon.terceros.models import Alcance, Autorizacion, EventoAutorizacion


@dataclass(frozen=True)
class Firmada:
    autorizacion: Autorizacion
    acuse: Acuse
    #: False when it had been signed already (the same acuse is returned).
    nueva: bool = True


def _tercero(titular: str, tercero: str | None, alcance: str) -> str:
    if alcance == Alcance.PUBLICACION:
        # 9.3: the authorisation is given to the Institute; naming another RFC is an error.
        if tercero and tercero.strip().upper() != selectors.INSTITUTO:
            raise ErrorAutorizacion(
                "tercero_invalido",
                "La autorización para publicar su opinión se otorga al IMSS "
                f"({selectors.INSTITUTO}): deje vacío el campo «tercero».",
                "tercero",
            )
        return selectors.INSTITUTO
    if not tercero or not tercero.strip():
        raise ErrorAutorizacion(
            "tercero_invalido", "Escriba el RFC del tercero al que autoriza.", "tercero"
        )
    try:
        rfc = normalizar_rfc(tercero, "tercero")
    except ErrorLegal as exc:
        raise ErrorAutorizacion("tercero_invalido", exc.mensaje, "tercero") from exc
    if rfc == titular:
        raise ErrorAutorizacion(
            "tercero_invalido",
            "No puede autorizarse a sí mismo: escriba el RFC de otra persona o empresa.",
            "tercero",
        )
    return rfc


def fin_del_dia(vence: date) -> datetime:
    """The first instant after the day `vence` (00:00 Zona Centro of the next day) [I-71]."""
    return datetime.combine(vence + timedelta(days=1), time(0), tzinfo=ZONA_CENTRO)


def fecha_de(texto: str | None) -> date | None:
    """The `vence` a person typed (AAAA-MM-DD), or None when empty; a Spanish error otherwise."""
    if texto is None or not texto.strip():
        return None
    try:
        if len(texto.strip()) != 10:
            raise ValueError(texto)
        return date.fromisoformat(texto.strip())
    except ValueError as exc:
        raise ErrorAutorizacion(
            "vence_invalido",
            f"«{texto}» no es una fecha: escriba la fecha de vencimiento como AAAA-MM-DD, "
            "por ejemplo 2027-01-31, o déjela vacía.",
            "vence",
        ) from exc


def do_crear_autorizacion(
    *,
    titular: str,
    tercero: str | None,
    alcance: str,
    vence: date | None = None,
    ahora: datetime | None = None,
) -> Autorizacion:
    """Capture a grant por firmar and its cadena. Refused: an unknown alcance, a malformed RFC,
    the holder itself, a `vence` not after today (Zona Centro), or a grant already in force for
    the same tercero and alcance (revoke it first)."""
    momento = ahora or timezone.now()
    if alcance not in Alcance.values:
        raise ErrorAutorizacion(
            "alcance_invalido",
            f"El alcance «{alcance}» no existe: use opinion, emisiones o publicacion.",
            "alcance",
        )
    rfc_tercero = _tercero(titular, tercero, alcance)
    hoy = momento.astimezone(ZONA_CENTRO).date()
    if vence is not None and vence <= hoy:
        raise ErrorAutorizacion(
            "vence_invalido",
            f"La fecha de vencimiento debe ser posterior a hoy ({hoy.isoformat()}): elija una "
            "fecha futura o déjela vacía para que dure hasta que la revoque.",
            "vence",
        )
    _sin_otra_vigente(titular, rfc_tercero, alcance)
    clave = secrets.token_hex(16)
    with transaction.atomic():
        fila = Autorizacion.objects.create(
            clave=clave,
            titular=titular,
            tercero=rfc_tercero,
            alcance=alcance,
            vence=vence,
            vence_en=fin_del_dia(vence) if vence else None,
            cadena=cadenas.autorizacion(
                clave=clave,
                titular=titular,
                tercero=rfc_tercero,
                alcance=alcance,
                vence=vence,
                creada=momento.astimezone(ZONA_CENTRO),
            ),
            creada=momento,
        )
        EventoAutorizacion.objects.create(
            autorizacion=fila, tipo=EventoAutorizacion.Tipo.CREADA, instante=momento
        )
    return fila


def _sin_otra_vigente(titular: str, tercero: str, alcance: str) -> None:
    otra = selectors.vigente_de(titular, tercero, alcance)
    if otra is not None:
        raise ErrorAutorizacion(
            "ya_autorizado",
            f"Ya hay una autorización vigente para {tercero} con ese alcance (número {otra.pk}, "
            f"acuse {otra.acuse}): revóquela antes de otorgar otra.",
            "tercero",
        )


def _verificar(
    titular: str, texto: str, certificado_der: bytes, firma: str, ahora: datetime
) -> Any:
    """The e.firma of the session over `texto`'s UTF-8 bytes (as `actuaciones.firma`)."""
    from buzon.cuentas.servicios import politica

    try:
        bytes_firma = decodificar_firma(firma)
        resultado = verificar_firma(
            certificado_der, texto.encode("utf-8"), bytes_firma, instante=ahora, politica=politica()
        )
    except ErrorEfirma as exc:
        raise ErrorAutorizacion(exc.codigo, exc.mensaje, "firma") from exc
    if resultado.certificado.rfc != titular:
        raise ErrorAutorizacion(
            "firma_invalida", "La firma no es de la e.firma con la que inició sesión.", "firma"
        )
    return resultado.certificado, bytes_firma


def _vencida(fila: Autorizacion) -> ErrorAutorizacion:
    return ErrorAutorizacion(
        "autorizacion_vencida",
        f"La autorización venció el {fila.vence.isoformat() if fila.vence else ''}: ya no "
        "surte efectos; si lo desea, otorgue una nueva.",
        "id",
    )


def _datos_acuse(fila: Autorizacion, certificado: Any, bytes_firma: bytes, texto: str) -> Any:
    return {
        "autorizacion": fila.pk,
        "tercero": fila.tercero,
        "alcance": fila.alcance,
        "vence": fila.vence.isoformat() if fila.vence else None,
        "cadena_firmada": texto,
        "no_certificado": certificado.no_certificado,
        "firma": base64.b64encode(bytes_firma).decode("ascii"),
    }


def do_firmar_autorizacion(
    *,
    titular: str,
    autorizacion_id: int,
    certificado_der: bytes,
    firma: str,
    ahora: datetime | None = None,
) -> Firmada:
    """Verify the holder's signature over the grant's cadena; in one transaction issue the acuse
    `autorizacion_tercero` and mark it signed: from that instant the tercero is authorised.
    Signing a signed grant again (with a valid signature) returns its acuse."""
    momento = ahora or timezone.now()
    fila = selectors.access_autorizacion(titular, autorizacion_id)
    certificado, bytes_firma = _verificar(titular, fila.cadena, certificado_der, firma, momento)
    if fila.firmada is not None:
        return Firmada(fila, Acuse.objects.get(folio=fila.acuse), nueva=False)
    if fila.vence_en is not None and fila.vence_en <= momento:
        raise _vencida(fila)
    _sin_otra_vigente(titular, fila.tercero, fila.alcance)
    try:
        acuse, hechos = _firmar_en_transaccion(fila, certificado, bytes_firma, momento)
    except _Carrera:  # signed meanwhile by another request: that one's acuse stands
        actual = selectors.access_autorizacion(titular, autorizacion_id)
        return Firmada(actual, Acuse.objects.get(folio=actual.acuse), nueva=False)
    for campo, valor in hechos.items():
        setattr(fila, campo, valor)
    return Firmada(fila, acuse)


class _Carrera(Exception):
    """Rolls a signature's transaction back: another request signed the same cadena first."""


def _firmar_en_transaccion(
    fila: Autorizacion, certificado: Any, bytes_firma: bytes, momento: datetime
) -> tuple[Acuse, dict[str, Any]]:
    titular = fila.titular
    with transaction.atomic():
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo=TipoAcuse.AUTORIZACION_TERCERO,
                rfc=titular,
                datos=_datos_acuse(fila, certificado, bytes_firma, fila.cadena),
                instante_legal=momento,
                emitido=momento,
            )
        )
        hechos = {
            "firmada": momento,
            "acuse": acuse.folio,
            "no_certificado": certificado.no_certificado,
            "firma_cms": cms_desacoplado(certificado, fila.cadena.encode("utf-8"), bytes_firma),
        }
        marcadas = Autorizacion.objects.filter(pk=fila.pk, firmada__isnull=True).update(**hechos)
        if marcadas != 1:
            raise _Carrera
        EventoAutorizacion.objects.create(
            autorizacion=fila,
            tipo=EventoAutorizacion.Tipo.FIRMADA,
            instante=momento,
            acuse=acuse.folio,
        )
    return acuse, hechos


def do_solicitar_revocacion(
    *, titular: str, autorizacion_id: int, ahora: datetime | None = None
) -> Autorizacion:
    """Prepare the revocation's cadena (once: asked again, the same cadena is returned until
    it is signed). Only a grant in force can be revoked."""
    momento = ahora or timezone.now()
    fila = selectors.access_autorizacion(titular, autorizacion_id)
    _revocable(fila, momento)
    if fila.cadena_revocacion:
        return fila
    texto = cadenas.revocacion(
        clave=fila.clave,
        titular=titular,
        tercero=fila.tercero,
        alcance=fila.alcance,
        acuse_autorizacion=fila.acuse,
        solicitada=momento.astimezone(ZONA_CENTRO),
    )
    with transaction.atomic():
        marcadas = Autorizacion.objects.filter(
            pk=fila.pk, cadena_revocacion="", revocada__isnull=True
        ).update(cadena_revocacion=texto, revocacion_solicitada=momento)
        if marcadas != 1:  # prepared meanwhile by another request: that cadena stands
            return selectors.access_autorizacion(titular, autorizacion_id)
        EventoAutorizacion.objects.create(
            autorizacion=fila, tipo=EventoAutorizacion.Tipo.REVOCACION_SOLICITADA, instante=momento
        )
    fila.cadena_revocacion, fila.revocacion_solicitada = texto, momento
    return fila


def _revocable(fila: Autorizacion, momento: datetime) -> None:
    estado = selectors.estado_de(fila, momento)
    if estado == selectors.POR_FIRMAR:
        raise ErrorAutorizacion(
            "no_firmada",
            "Esta autorización no se firmó y nunca surtió efectos: no hay nada que revocar.",
            "id",
        )
    if estado == selectors.REVOCADA:
        raise ErrorAutorizacion(
            "ya_revocada",
            f"Esta autorización ya fue revocada (acuse {fila.acuse_revocacion}).",
            "id",
        )
    if estado == selectors.VENCIDA:
        raise _vencida(fila)


def do_revocar(
    *,
    titular: str,
    autorizacion_id: int,
    certificado_der: bytes,
    firma: str,
    ahora: datetime | None = None,
) -> Firmada:
    """Verify the holder's signature over the prepared revocation cadena; in one transaction
    issue the acuse `revocacion_autorizacion` and mark it revoked: from that instant the tercero
    is no longer authorised. Signing a revoked grant again returns its acuse."""
    momento = ahora or timezone.now()
    fila = selectors.access_autorizacion(titular, autorizacion_id)
    if not fila.cadena_revocacion:
        raise ErrorAutorizacion(
            "revocacion_no_solicitada",
            "Primero pida la cadena de revocación (POST sin «firma») y después fírmela.",
            "firma",
        )
    texto = fila.cadena_revocacion
    certificado, bytes_firma = _verificar(titular, texto, certificado_der, firma, momento)
    if fila.revocada is not None:
        return Firmada(fila, Acuse.objects.get(folio=fila.acuse_revocacion), nueva=False)
    _revocable(fila, momento)
    try:
        acuse, hechos = _revocar_en_transaccion(fila, certificado, bytes_firma, momento)
    except _Carrera:
        actual = selectors.access_autorizacion(titular, autorizacion_id)
        return Firmada(actual, Acuse.objects.get(folio=actual.acuse_revocacion), nueva=False)
    for campo, valor in hechos.items():
        setattr(fila, campo, valor)
    return Firmada(fila, acuse)


def _revocar_en_transaccion(
    fila: Autorizacion, certificado: Any, bytes_firma: bytes, momento: datetime
) -> tuple[Acuse, dict[str, Any]]:
    texto = fila.cadena_revocacion
    with transaction.atomic():
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo=TipoAcuse.REVOCACION_AUTORIZACION,
                rfc=fila.titular,
                datos={
                    **_datos_acuse(fila, certificado, bytes_firma, texto),
                    "acuse_autorizacion": fila.acuse,
                },
                instante_legal=momento,
                emitido=momento,
            )
        )
        hechos = {
            "revocada": momento,
            "acuse_revocacion": acuse.folio,
            "firma_revocacion_cms": cms_desacoplado(
                certificado, texto.encode("utf-8"), bytes_firma
            ),
        }
        marcadas = Autorizacion.objects.filter(pk=fila.pk, revocada__isnull=True).update(**hechos)
        if marcadas != 1:
            raise _Carrera
        EventoAutorizacion.objects.create(
            autorizacion=fila,
            tipo=EventoAutorizacion.Tipo.REVOCADA,
            instante=momento,
            acuse=acuse.folio,
        )
    return acuse, hechos
