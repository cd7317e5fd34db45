"""Opening and closing sessions: a fresh single-use challenge signed with the e.firma.

Idle timeout 15 minutes, absolute 8 hours; every session of an RFC can be revoked at once.
Failed attempts are limited per IP and never say whether an RFC exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from buzon.cuentas.models import RetoGuardado, Sesion
from buzon.efirma import (
    ErrorEfirma,
    Politica,
    generar_reto,
    politica_desde_entorno,
    verificar_firma,
)
from buzon.efirma.errores import RETO_INVALIDO
from buzon.efirma.reto import Reto, comprobar, interpretar

PROPOSITO_SESION = "sesion"
INACTIVIDAD = timedelta(minutes=15)
DURACION_MAXIMA = timedelta(hours=8)
#: Last-activity writes are skipped when the previous one is this recent (fewer writes per request).
RESOLUCION_ACTIVIDAD = timedelta(seconds=30)


class AlmacenRetosBD:
    """`buzon.efirma.AlmacenRetos` on the database: consumption is one conditional UPDATE."""

    def guardar(self, reto: Reto) -> None:
        RetoGuardado.objects.create(valor=reto.valor, proposito=reto.proposito, expira=reto.expira)

    def consumir(self, valor: str, *, proposito: str, ahora: datetime) -> Reto:
        reto = interpretar(valor)
        comprobar(reto, proposito=proposito, ahora=ahora)
        usados = RetoGuardado.objects.filter(
            valor=valor, proposito=proposito, usado_en__isnull=True, expira__gt=ahora
        ).update(usado_en=ahora)
        if usados != 1:
            raise ErrorEfirma(
                RETO_INVALIDO,
                "El reto no existe o ya se usó. Pida un reto nuevo y vuelva a firmar.",
                "reto",
            )
        return reto


@lru_cache(maxsize=1)
def politica() -> Politica:
    """Trust folder and OCSP from the environment (BUZON_CONFIANZA, BUZON_OCSP_URL)."""
    return politica_desde_entorno()


def do_emitir_reto(proposito: str = PROPOSITO_SESION) -> Reto:
    ahora = timezone.now()
    reto = generar_reto(proposito, ahora=ahora)
    AlmacenRetosBD().guardar(reto)
    RetoGuardado.objects.filter(expira__lt=ahora - timedelta(hours=1)).delete()
    return reto


@dataclass(frozen=True)
class SesionAbierta:
    token: str
    sesion: Sesion


def _huella(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def do_abrir_sesion(certificado_der: bytes, reto: str, firma: bytes) -> SesionAbierta:
    """Consume the reto, verify the signature over it and the certificate, open a session.

    Raises ErrorEfirma with the contract's codes (reto_invalido, firma_invalida, archivo_invalido,
    which the API reports as certificado_invalido, no_es_fiel, vencido, emisor_no_confiable,
    revocado).
    """
    ahora = timezone.now()
    # Spent first, on its own: a reto is single use whether or not what follows succeeds.
    AlmacenRetosBD().consumir(reto, proposito=PROPOSITO_SESION, ahora=ahora)
    resultado = verificar_firma(
        certificado_der, reto.encode("utf-8"), firma, instante=ahora, politica=politica()
    )
    certificado = resultado.certificado
    with transaction.atomic():
        token = secrets.token_urlsafe(32)
        sesion = Sesion.objects.create(
            token_sha256=_huella(token),
            rfc=certificado.rfc,
            nombre=certificado.nombre,
            perfil=Sesion.Perfil.PARTICULAR,
            no_certificado=certificado.no_certificado,
            creada=ahora,
            ultima_actividad=ahora,
            expira=ahora + DURACION_MAXIMA,
        )
    return SesionAbierta(token, sesion)


def sesion_vigente(token: str) -> Sesion | None:
    """The open session for a bearer token, touching its activity; None when absent or expired."""
    ahora = timezone.now()
    sesion = Sesion.objects.filter(token_sha256=_huella(token), cerrada_en__isnull=True).first()
    if sesion is None:
        return None
    if ahora >= sesion.expira or ahora - sesion.ultima_actividad > INACTIVIDAD:
        motivo = "duracion_maxima" if ahora >= sesion.expira else "inactividad"
        Sesion.objects.filter(pk=sesion.pk, cerrada_en__isnull=True).update(
            cerrada_en=ahora, motivo_cierre=motivo
        )
        return None
    if ahora - sesion.ultima_actividad >= RESOLUCION_ACTIVIDAD:
        Sesion.objects.filter(pk=sesion.pk).update(ultima_actividad=ahora)
        sesion.ultima_actividad = ahora
    return sesion


def do_cerrar_sesion(sesion: Sesion, motivo: str = "cierre") -> None:
    Sesion.objects.filter(pk=sesion.pk, cerrada_en__isnull=True).update(
        cerrada_en=timezone.now(), motivo_cierre=motivo
    )


def do_revocar_sesiones(rfc: str, motivo: str = "revocacion") -> int:
    """Close every open session of an RFC (e.g. a lost e.firma). Returns how many were closed."""
    return Sesion.objects.filter(rfc=rfc, cerrada_en__isnull=True).update(
        cerrada_en=timezone.now(), motivo_cierre=motivo
    )
