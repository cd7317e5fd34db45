"""Opening and closing sessions: a fresh single-use challenge signed with the e.firma.

Idle timeout 15 minutes, absolute 8 hours; every session of an RFC can be revoked at once.
Failed attempts are limited per IP and never say whether an RFC exists.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from buzon.cuentas.models import RetoUsado, Sesion
from buzon.efirma import (
    ErrorEfirma,
    Politica,
    politica_desde_entorno,
    verificar_firma,
)
from buzon.efirma.errores import RETO_INVALIDO
from buzon.efirma.reto import VIGENCIA_MAXIMA, Reto, comprobar, interpretar

PROPOSITO_SESION = "sesion"
INACTIVIDAD = timedelta(minutes=15)
DURACION_MAXIMA = timedelta(hours=8)
#: Last-activity writes are skipped when the previous one is this recent (fewer writes per request).
RESOLUCION_ACTIVIDAD = timedelta(seconds=30)


def _mac(prefijo: str, azar: bytes) -> bytes:
    clave = hashlib.sha256(b"buzon-reto|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(clave, prefijo.encode("utf-8") + azar, hashlib.sha256).digest()[:16]


def generar_reto_firmado(proposito: str, ahora: datetime) -> Reto:
    """A reto in buzon.efirma's format whose random part is 128 random bits plus a 128-bit HMAC
    of the purpose and expiry: the server recognises its own retos without storing them."""
    expira = (ahora + VIGENCIA_MAXIMA).astimezone(UTC).replace(microsecond=0)
    prefijo = f"buzon-reto|v1|{proposito}|{expira:%Y-%m-%dT%H:%M:%SZ}|"
    azar = secrets.token_bytes(16)
    cola = base64.urlsafe_b64encode(azar + _mac(prefijo, azar)).rstrip(b"=").decode("ascii")
    return interpretar(prefijo + cola)


class AlmacenRetosBD:
    """`buzon.efirma.AlmacenRetos` for stateless retos: only spent ones are stored."""

    def guardar(self, reto: Reto) -> None:
        """Nothing to store: the reto's HMAC proves it is ours."""

    def comprobar(self, valor: str, *, proposito: str, ahora: datetime) -> Reto:
        """Format, HMAC, purpose and expiry (no database): reto_invalido when any fails."""
        reto = interpretar(valor)
        comprobar(reto, proposito=proposito, ahora=ahora)
        prefijo, _, cola = valor.rpartition("|")
        try:
            crudo = base64.urlsafe_b64decode(cola + "=")
        except (binascii.Error, ValueError):
            crudo = b""
        if len(crudo) != 32 or not hmac.compare_digest(_mac(prefijo + "|", crudo[:16]), crudo[16:]):
            raise _reto_invalido("El reto no lo emitió este Buzón.")
        return reto

    def consumir(self, valor: str, *, proposito: str, ahora: datetime) -> Reto:
        """Check it and spend it (one INSERT; a second presentation violates the unique key)."""
        reto = self.comprobar(valor, proposito=proposito, ahora=ahora)
        if not _gastar(valor, reto.expira, ahora):
            raise _reto_invalido("El reto ya se usó.")
        return reto


def _gastar(valor: str, expira: datetime, ahora: datetime) -> bool:
    """Insert the spent reto unless it is there: True when this call spent it. One statement
    (`INSERT … ON CONFLICT DO NOTHING`, PostgreSQL and SQLite ≥ 3.24) instead of a savepoint, an
    INSERT that may fail and a release: a login's round trips are its cost (issue 18). The
    unique key still decides between two processes presenting the same reto at once."""
    tabla = connection.ops.quote_name(RetoUsado._meta.db_table)
    adaptar = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabla} (valor, expira, usado_en) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (valor) DO NOTHING",
            [valor, adaptar(expira), adaptar(ahora)],
        )
        return bool(cursor.rowcount == 1)


def _reto_invalido(causa: str) -> ErrorEfirma:
    return ErrorEfirma(RETO_INVALIDO, f"{causa} Pida un reto nuevo y vuelva a firmar.", "reto")


def _estado_carpeta(carpeta: str) -> tuple[object, ...]:
    """What tells whether the trust folder's content changed, without reading the certificates:
    each entry's name, inode, size and modification time (a file added, removed, replaced or
    rewritten changes it). A few stat calls."""
    try:
        with os.scandir(carpeta) as entradas:
            filas = []
            for entrada in entradas:
                datos = entrada.stat()
                filas.append((entrada.name, datos.st_ino, datos.st_size, datos.st_mtime_ns))
    except OSError as exc:
        return ("inaccesible", exc.errno)
    return tuple(sorted(filas))


#: (key, policy): the policy built for the environment and trust-folder state in the key.
_politica: tuple[tuple[object, ...], Politica] | None = None


def politica() -> Politica:
    """Trust folder and OCSP from the environment (BUZON_CONFIANZA, BUZON_OCSP_URL).

    Built once per process and rebuilt when the environment or the trust folder's content changes
    (a CA certificate added or removed counts from the next check, without a restart); the OCSP
    client, with its cache of answers, is kept while its URL stays the same."""
    global _politica
    carpeta = os.environ.get("BUZON_CONFIANZA") or ""
    url = os.environ.get("BUZON_OCSP_URL") or ""
    # The folder's state is taken before reading it: a change made while it is read yields
    # another state on the next call, so it is never missed.
    clave = (carpeta, url, _estado_carpeta(carpeta) if carpeta else ())
    guardada = _politica
    if guardada is not None and guardada[0] == clave:
        return guardada[1]
    nueva = politica_desde_entorno({"BUZON_CONFIANZA": carpeta, "BUZON_OCSP_URL": url})
    if guardada is not None and guardada[0][1] == url:
        nueva = replace(nueva, ocsp=guardada[1].ocsp)
    _politica = (clave, nueva)
    return nueva


def do_emitir_reto(proposito: str = PROPOSITO_SESION) -> Reto:
    """A fresh single-use reto (≥ 128 random bits, ≤ 5 minutes); no database write."""
    return generar_reto_firmado(proposito, timezone.now())


def barrer_retos(ahora: datetime | None = None) -> int:
    """Forget spent retos an hour after they expired (they can no longer be presented)."""
    momento = ahora or timezone.now()
    borrados, _ = RetoUsado.objects.filter(expira__lt=momento - timedelta(hours=1)).delete()
    return borrados


@dataclass(frozen=True)
class SesionAbierta:
    token: str
    sesion: Sesion


def _huella(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class PerfilNoAutorizado(Exception):
    """The e.firma is valid, but its RFC may not act with the requested profile."""


def do_abrir_sesion(
    certificado_der: bytes, reto: str, firma: bytes, perfil: str = Sesion.Perfil.PARTICULAR
) -> SesionAbierta:
    """Consume the reto, verify the signature over it and the certificate, open a session.

    Raises ErrorEfirma with the contract's codes (reto_invalido, firma_invalida, archivo_invalido,
    which the API reports as certificado_invalido, no_es_fiel, vencido, emisor_no_confiable,
    revocado).
    """
    ahora = timezone.now()
    almacen = AlmacenRetosBD()
    almacen.comprobar(reto, proposito=PROPOSITO_SESION, ahora=ahora)
    try:
        resultado = verificar_firma(
            certificado_der, reto.encode("utf-8"), firma, instante=ahora, politica=politica()
        )
    except ErrorEfirma:
        # Single use whether or not the rest holds: a failed attempt spends the reto too.
        with suppress(ErrorEfirma):
            almacen.consumir(reto, proposito=PROPOSITO_SESION, ahora=ahora)
        raise
    certificado = resultado.certificado
    if perfil == Sesion.Perfil.SERVIDOR_PUBLICO:
        from buzon.oficina.servicios import oficial_activo

        if certificado.persona != "fisica" or oficial_activo(certificado.rfc) is None:
            with suppress(ErrorEfirma):
                almacen.consumir(reto, proposito=PROPOSITO_SESION, ahora=ahora)
            raise PerfilNoAutorizado(certificado.rfc)
    elif perfil != Sesion.Perfil.PARTICULAR:
        raise ValueError(f"perfil desconocido: {perfil!r}")
    with transaction.atomic():
        almacen.consumir(reto, proposito=PROPOSITO_SESION, ahora=ahora)
        token = secrets.token_urlsafe(32)
        sesion = Sesion.objects.create(
            token_sha256=_huella(token),
            rfc=certificado.rfc,
            nombre=certificado.nombre,
            perfil=perfil,
            no_certificado=certificado.no_certificado,
            certificado_der=certificado.der,
            creada=ahora,
            ultima_actividad=ahora,
            expira=ahora + DURACION_MAXIMA,
        )
    return SesionAbierta(token, sesion)


def sesion_vigente(token: str) -> Sesion | None:
    """The open session for a bearer token, touching its activity; None when absent or expired."""
    ahora = timezone.now()
    # One indexed query (token_sha256 is unique: no ORDER BY needed); activity is written at most
    # every RESOLUCION_ACTIVIDAD.
    abiertas = Sesion.objects.filter(token_sha256=_huella(token), cerrada_en__isnull=True)
    sesion = next(iter(abiertas.order_by()[:1]), None)
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
