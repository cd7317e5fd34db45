"""Recording and revoking convenios, and the token endpoint's grant (RFC 6749 §4.4 with a JWT
client assertion, RFC 7523 §2.2 and §3). Every change writes its evidence-log entry in its own
transaction; every token request of a known convenio leaves a `LlamadaConvenio` row.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.convenios import jws
from buzon.convenios.errores import ErrorConvenio
from buzon.convenios.models import (
    AsercionUsada,
    CertificadoConvenio,
    Convenio,
    LlamadaConvenio,
    TokenConvenio,
)
from buzon.cuentas.servicios import politica
from buzon.efirma import Certificado, ErrorEfirma, comprobar_certificado, leer_certificado
from buzon.evidencia import bitacora
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO

#: Access tokens live this long (seconds): short, so a revocation leaves nothing stale for long
#: (and it is checked on every call anyway).
VIDA_TOKEN = 300
ALCANCES = frozenset({"opinion"})
TIPO_ASERCION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
RUTA_TOKEN = "/api/v1/convenios/token"  # noqa: S105 - a path, not a secret


def audiencia() -> str:
    """The token endpoint's URL, which the assertion's `aud` must name."""
    return str(settings.BUZON_URL_PUBLICA).rstrip("/") + RUTA_TOKEN


def hoy() -> date:
    return timezone.now().astimezone(ZONA_CENTRO).date()


def huella(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _certificado_valido(der: bytes, rfc: str, instante: datetime) -> Certificado:
    """An institutional certificate (a seal certificate, CSD, or an e.firma of the agency): read,
    the agency's RFC, in force, issued by a trusted authority (BUZON_CONFIANZA) and not revoked
    (BUZON_OCSP_URL), as every certificate the Buzón accepts."""
    try:
        certificado = leer_certificado(der)
        comprobar_certificado(
            certificado, instante=instante, politica=replace(politica(), requiere_fiel=False)
        )
    except ErrorEfirma as exc:
        raise ErrorConvenio("certificado_invalido", exc.mensaje, "certificado") from exc
    if certificado.rfc != rfc:
        raise ErrorConvenio(
            "certificado_invalido",
            f"El certificado es del RFC {certificado.rfc or '(ninguno)'}, no del de la "
            f"dependencia ({rfc}): use el certificado institucional de la dependencia.",
            "certificado",
        )
    return certificado


@dataclass(frozen=True)
class DatosConvenio:
    dependencia: str
    rfc: str
    fundamento: str
    finalidad: str
    vigente_desde: date
    vigente_hasta: date
    cuota_diaria: int
    certificados: Sequence[bytes]
    alcance: str = "opinion"


def _revisar(datos: DatosConvenio) -> str:
    try:
        rfc = normalizar_rfc(datos.rfc)
    except ErrorLegal as exc:
        raise ErrorConvenio("solicitud_invalida", exc.mensaje, "rfc") from exc
    for campo in ("dependencia", "fundamento", "finalidad"):
        if not str(getattr(datos, campo)).strip():
            raise ErrorConvenio(
                "solicitud_invalida", f"Escriba «{campo}» del convenio: es obligatorio.", campo
            )
    if datos.vigente_hasta < datos.vigente_desde:
        raise ErrorConvenio(
            "solicitud_invalida",
            "La vigencia termina antes de empezar: «vigente_hasta» debe ser igual o posterior a "
            "«vigente_desde».",
            "vigente_hasta",
        )
    if not set(datos.alcance.split()) or not set(datos.alcance.split()) <= ALCANCES:
        raise ErrorConvenio(
            "solicitud_invalida",
            f"«{datos.alcance}» no es un alcance: hoy solo existe «opinion».",
            "alcance",
        )
    if datos.cuota_diaria < 1:
        raise ErrorConvenio(
            "solicitud_invalida",
            "La cuota diaria debe ser de al menos una opinión.",
            "cuota_diaria",
        )
    if not datos.certificados:
        raise ErrorConvenio(
            "solicitud_invalida",
            "Falta el certificado institucional de la dependencia (su .cer).",
            "certificado",
        )
    return rfc


def do_registrar_convenio(datos: DatosConvenio, *, por: str) -> Convenio:
    """Record a convenio with its certificates (each validated now) and log it."""
    rfc = _revisar(datos)
    ahora = timezone.now()
    certificados = [_certificado_valido(der, rfc, ahora) for der in datos.certificados]
    with transaction.atomic():
        convenio = Convenio.objects.create(
            cliente=str(uuid.uuid4()),
            dependencia=datos.dependencia.strip(),
            rfc=rfc,
            fundamento=datos.fundamento.strip(),
            finalidad=datos.finalidad.strip(),
            vigente_desde=datos.vigente_desde,
            vigente_hasta=datos.vigente_hasta,
            alcance=" ".join(sorted(set(datos.alcance.split()))),
            cuota_diaria=datos.cuota_diaria,
            registrado_por=por,
            registrado_en=ahora,
        )
        huellas = []
        for certificado in certificados:
            if certificado.huella_sha256 in huellas:
                continue
            huellas.append(certificado.huella_sha256)
            CertificadoConvenio.objects.create(
                convenio=convenio,
                no_certificado=certificado.no_certificado,
                huella_sha256=certificado.huella_sha256,
                der=certificado.der,
                valido_hasta=certificado.valido_hasta,
            )
        bitacora.anotar(
            "convenio_registrado",
            rfc,
            {
                "cliente": convenio.cliente,
                "dependencia": convenio.dependencia,
                "fundamento": convenio.fundamento,
                "finalidad": convenio.finalidad,
                "vigente_desde": convenio.vigente_desde.isoformat(),
                "vigente_hasta": convenio.vigente_hasta.isoformat(),
                "alcance": convenio.alcance,
                "cuota_diaria": convenio.cuota_diaria,
                "certificados": huellas,
                "por": por,
            },
            ahora,
        )
    return convenio


def do_revocar_convenio(convenio: Convenio, *, motivo: str, por: str) -> Convenio:
    """Revoke a convenio: its tokens stop at once (every call checks it) and none is issued."""
    if not motivo.strip():
        raise ErrorConvenio(
            "solicitud_invalida", "Escriba el motivo de la revocación del convenio.", "motivo"
        )
    ahora = timezone.now()
    with transaction.atomic():
        fila = Convenio.objects.select_for_update().get(pk=convenio.pk)
        if fila.estado == Convenio.Estado.REVOCADO:
            raise ErrorConvenio(
                "convenio_no_vigente",
                f"El convenio ya estaba revocado desde el {fila.revocado_en:%Y-%m-%d %H:%M} UTC.",
                None,
                409,
            )
        fila.estado = Convenio.Estado.REVOCADO
        fila.revocado_en = ahora
        fila.motivo_revocacion = motivo.strip()
        fila.save(update_fields=("estado", "revocado_en", "motivo_revocacion"))
        TokenConvenio.objects.filter(convenio=fila).delete()
        bitacora.anotar(
            "convenio_revocado",
            fila.rfc,
            {"cliente": fila.cliente, "motivo": fila.motivo_revocacion, "por": por},
            ahora,
        )
    return fila


def exigir_vigente(convenio: Convenio, codigo: str = "convenio_no_vigente") -> None:
    """Revoked, or outside its validity today (Zona Centro): refused."""
    if convenio.estado == Convenio.Estado.REVOCADO:
        raise ErrorConvenio(
            codigo,
            f"El convenio de {convenio.dependencia} fue revocado: no puede consultar. Si cree "
            "que es un error, comuníquese con el Instituto.",
            None,
            403 if codigo == "convenio_no_vigente" else 400,
        )
    dia = hoy()
    if not convenio.vigente_desde <= dia <= convenio.vigente_hasta:
        cuando = (
            f"empieza el {convenio.vigente_desde:%Y-%m-%d}"
            if dia < convenio.vigente_desde
            else f"venció el {convenio.vigente_hasta:%Y-%m-%d}"
        )
        raise ErrorConvenio(
            codigo,
            f"El convenio de {convenio.dependencia} no está vigente: {cuando}. Renueve el "
            "convenio con el Instituto.",
            None,
            403 if codigo == "convenio_no_vigente" else 400,
        )


def registrar_llamada(
    convenio: Convenio, operacion: str, estado: int, *, error: str = "", ip: str = "",
    cantidad: int = 0, rechazadas: int = 0,
) -> None:  # fmt: skip
    LlamadaConvenio.objects.create(
        convenio=convenio,
        instante=timezone.now(),
        operacion=operacion,
        cantidad=cantidad,
        rechazadas=rechazadas,
        estado=estado,
        error=error,
        ip=ip,
    )


@dataclass(frozen=True)
class TokenEmitido:
    token: str
    expira_en: int
    alcance: str
    convenio: Convenio


def _certificado_de(asercion: jws.Asercion, convenio: Convenio) -> CertificadoConvenio:
    registrados = list(convenio.certificados.all())
    der = asercion.x5c
    if der is not None:
        buscada = hashlib.sha256(der).hexdigest()
        elegidos = [c for c in registrados if c.huella_sha256 == buscada]
    elif asercion.kid is not None:
        elegidos = [c for c in registrados if c.no_certificado == asercion.kid]
    else:
        raise ErrorConvenio(
            "invalid_client",
            "El encabezado de la aserción debe traer «x5c» (el certificado institucional) o "
            "«kid» (su número de certificado).",
            "client_assertion",
        )
    if not elegidos:
        raise ErrorConvenio(
            "invalid_client",
            "El certificado de la aserción no es uno de los registrados en el convenio: use el "
            "certificado institucional que entregó al Instituto.",
            "client_assertion",
        )
    return elegidos[0]


def _autenticar(asercion: jws.Asercion, convenio: Convenio, ahora: datetime) -> tuple[str, int]:
    registrado = _certificado_de(asercion, convenio)
    certificado = leer_certificado(bytes(registrado.der))
    try:
        jws.verificar_firma(asercion, certificado.llave_publica)
        jti, exp = jws.comprobar_reclamos(
            asercion, cliente=convenio.cliente, audiencia=audiencia(), ahora=int(ahora.timestamp())
        )
    except jws.ErrorAsercion as exc:
        raise ErrorConvenio(exc.codigo, exc.mensaje, "client_assertion") from exc
    try:
        _certificado_valido(bytes(registrado.der), convenio.rfc, ahora)
    except ErrorConvenio as exc:
        raise ErrorConvenio("invalid_client", exc.mensaje, "client_assertion") from exc
    return jti, exp


def _alcance(pedido: str | None, convenio: Convenio) -> str:
    concedido = set(convenio.alcance.split())
    alcances = set((pedido or convenio.alcance).split())
    if not alcances or not alcances <= concedido:
        raise ErrorConvenio(
            "invalid_scope",
            f"El alcance «{pedido}» no está en el convenio: pida «{convenio.alcance}».",
            "scope",
        )
    return " ".join(sorted(alcances))


def do_emitir_token(asercion_texto: str, alcance: str | None, *, ip: str = "") -> TokenEmitido:
    """A short-lived access token for the convenio whose certificate signed the assertion."""
    ahora = timezone.now()
    try:
        asercion = jws.leer(asercion_texto)
    except jws.ErrorAsercion as exc:
        raise ErrorConvenio(exc.codigo, exc.mensaje, "client_assertion") from exc
    convenio = Convenio.objects.filter(cliente=asercion.emisor).first() if asercion.emisor else None
    if convenio is None:
        raise ErrorConvenio(
            "invalid_client",
            "El identificador de cliente («iss» de la aserción) no corresponde a ningún convenio.",
            "client_assertion",
        )
    try:
        jti, exp = _autenticar(asercion, convenio, ahora)
        exigir_vigente(convenio, "invalid_grant")
        concedido = _alcance(alcance, convenio)
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            AsercionUsada.objects.filter(expira__lt=ahora - timedelta(minutes=5)).delete()
            TokenConvenio.objects.filter(expira__lt=ahora).delete()
            try:
                with transaction.atomic():
                    AsercionUsada.objects.create(
                        convenio=convenio,
                        jti=jti,
                        expira=datetime.fromtimestamp(exp + jws.TOLERANCIA, UTC),
                    )
            except IntegrityError:
                raise ErrorConvenio(
                    "invalid_client",
                    "Esta aserción ya se usó («jti» repetido): cada solicitud de token lleva una "
                    "aserción nueva con un «jti» distinto.",
                    "client_assertion",
                ) from None
            TokenConvenio.objects.create(
                huella=huella(token),
                convenio=convenio,
                alcance=concedido,
                emitido=ahora,
                expira=ahora + timedelta(seconds=VIDA_TOKEN),
            )
            registrar_llamada(convenio, LlamadaConvenio.Operacion.TOKEN, 200, ip=ip)
    except ErrorConvenio as exc:
        with transaction.atomic():
            registrar_llamada(
                convenio, LlamadaConvenio.Operacion.TOKEN, exc.estado, error=exc.codigo, ip=ip
            )
        raise
    return TokenEmitido(token, VIDA_TOKEN, concedido, convenio)
