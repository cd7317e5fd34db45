"""What the public verification shows: never more than the masked facts.

Three questions, each answered without saying why a "no" is a no (a wrong code and an unknown
folio look the same): is this acuse genuine (`verificar`), did the Institute issue this notified
document (`verificar_documento`), is this emisión de cuotas the Institute's propuesta
(`verificar_emision`; `consultar` asks all three, for the one page and the one API), and did the
Institute send an aviso quoting this folio (`verificar_aviso`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from buzon.cuotas.emisiones.archivos import pesos
from buzon.cuotas.emisiones.selectors import emision_para_verificar
from buzon.evidencia.folio import normalizar_folio
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import acuse_autentico, acuse_para_verificar
from buzon.evidencia.tipos import titulo
from buzon.legal import notificacion as estados
from buzon.legal.formato import instante_legible
from buzon.legal.rfc import enmascarar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.hechos import nombre_documento, situacion_de
from buzon.notificaciones.verificacion import (
    avisos_aceptados,
    documento_para_verificar,
    firma_integra,
    firmante_de,
    nombre_del_acto,
)

#: Requests per IP per minute on the public verification (page and API together).
LIMITE_POR_MINUTO = 30

#: The one negative answer, for an unknown folio and for a wrong code alike (no oracle).
NO_ENCONTRADO = (
    "No encontramos un documento con esos datos. Revise que el folio y el código de verificación "
    "estén bien copiados; si el documento le llegó por correo o mensaje, no confíe en él y "
    "repórtelo al IMSS."
)


@dataclass(frozen=True)
class Verificacion:
    valido: bool
    folio: str
    tipo: str | None = None
    titulo: str | None = None
    emitido: datetime | None = None
    instante_legal: datetime | None = None
    rfc: str | None = None
    documentos: tuple[tuple[str, str], ...] = ()
    certificado_sello: str | None = None
    firmante: str | None = None
    es_documento: bool = False

    @property
    def emitido_legible(self) -> str:
        return instante_legible(self.emitido) if self.emitido else ""


def verificar(folio: str, codigo: str) -> Verificacion:
    acuse: Acuse | None = acuse_para_verificar(folio, codigo)
    if acuse is None or not acuse_autentico(acuse):
        return Verificacion(valido=False, folio=folio)
    from buzon.efirma import leer_certificado

    certificado = leer_certificado(bytes(acuse.certificado_sello.certificado_der))
    return Verificacion(
        valido=True,
        folio=acuse.folio,
        tipo=acuse.tipo,
        titulo=titulo(acuse.tipo),
        emitido=acuse.emitido,
        instante_legal=acuse.instante_legal,
        rfc=enmascarar_rfc(acuse.rfc),
        documentos=tuple((d["nombre"], d["sha256"]) for d in acuse.documentos),
        certificado_sello=acuse.certificado_sello_id,
        firmante=certificado.nombre,
    )


# ------------------------------------------------------------ notified documents

#: The state of a notified document, in the words the public page and the API use.
ESTADOS_DOCUMENTO = {
    estados.PROGRAMADA: "pendiente",
    estados.AVISADA: "pendiente",
    estados.NOTIFICADA: "notificada",
    estados.CANCELADA: "cancelada",
    estados.EN_ESTRADOS: "en estrados",
    estados.REQUIERE_PERSONAL: "notificación personal pendiente",
}


@dataclass(frozen=True)
class VerificacionDocumento:
    """A document the Institute issued and notifies (7.1–7.10): who signed it, when, its SHA-256
    and its state now. `estado` is the derived state's code, `estado_texto` its Spanish words."""

    folio: str
    acto: str
    emitido: datetime
    rfc: str
    subdelegacion: str
    firmante: str
    firmante_cargo: str
    firmante_certificado: str
    documentos: tuple[tuple[str, str], ...]
    #: Bytes of the signed document: a representación impresa starts with exactly these.
    documento_tamano: int
    estado: str
    estado_texto: str
    notificada: datetime | None
    valido: bool = True
    es_documento: bool = True

    @property
    def emitido_legible(self) -> str:
        return instante_legible(self.emitido)

    @property
    def notificada_legible(self) -> str:
        return instante_legible(self.notificada) if self.notificada else ""


def verificar_documento(folio: str, codigo: str, ahora: datetime) -> VerificacionDocumento | None:
    """The notified document `folio` when its verification code matches and its stored signature
    still verifies over its stored SHA-256; None otherwise (no hint which) [I-41]."""
    n = documento_para_verificar(folio, codigo)
    if n is None or not firma_integra(n):
        return None
    firmante = firmante_de(n)
    situacion = situacion_de(n, ahora)
    return VerificacionDocumento(
        folio=n.folio,
        acto=nombre_del_acto(n),
        emitido=n.creada.astimezone(ZONA_CENTRO),
        rfc=enmascarar_rfc(n.rfc),
        subdelegacion=n.subdelegacion,
        firmante=firmante.nombre,
        firmante_cargo=firmante.cargo,
        firmante_certificado=firmante.certificado,
        documentos=((nombre_documento(n), n.documento_sha256),),
        documento_tamano=n.documento_tamano,
        estado=situacion.estado,
        estado_texto=ESTADOS_DOCUMENTO.get(situacion.estado, situacion.estado),
        notificada=situacion.notificada.astimezone(ZONA_CENTRO) if situacion.notificada else None,
    )


# ---------------------------------------------------------------------- emisiones


def enmascarar_registro(registro: str) -> str:
    """Y5412345108 → Y54******08: enough for the employer to recognise its registro patronal,
    not to read it off a document someone else holds."""
    registro = registro.strip()
    if len(registro) < 6:
        return "*" * len(registro)
    return registro[:3] + "*" * (len(registro) - 5) + registro[-2:]


@dataclass(frozen=True)
class VerificacionEmision:
    """An emisión de cuotas (LSS 39 A) whose stored rows still rebuild its SHA-256: a propuesta
    the IMSS issued, not a notification [I-64]."""

    folio: str
    #: "EMA" | "EBA".
    emision: str
    periodo: str
    registro_patronal: str
    rfc: str
    generada: datetime
    trabajadores: int
    #: Pesos with two decimals.
    total: str
    huella: str
    valido: bool = True
    es_emision: bool = True

    @property
    def generada_legible(self) -> str:
        return instante_legible(self.generada)

    @property
    def tipo_legible(self) -> str:
        return "mensual (EMA)" if self.emision == "EMA" else "bimestral (EBA)"


def verificar_emision(folio: str, codigo: str) -> VerificacionEmision | None:
    """The emisión `folio` when its code matches and its rows are intact; None otherwise."""
    e = emision_para_verificar(folio, codigo)
    if e is None:
        return None
    return VerificacionEmision(
        folio=e.folio,
        emision=e.tipo,
        periodo=e.periodo,
        registro_patronal=enmascarar_registro(e.registro_patronal),
        rfc=enmascarar_rfc(e.rfc),
        generada=datetime.fromisoformat(e.generada_iso).astimezone(ZONA_CENTRO),
        trabajadores=e.trabajadores,
        total=pesos(e.total),
        huella=e.huella,
    )


def consultar(
    folio: str, codigo: str, ahora: datetime
) -> Verificacion | VerificacionDocumento | VerificacionEmision:
    """What `/verificar/FOLIO?c=CODE` shows: an acuse, else a notified document, else an emisión
    de cuotas, else the one negative answer (`Verificacion(valido=False)`). Every lookup runs
    for an unknown folio."""
    acuse = verificar(folio, codigo)
    if acuse.valido:
        return acuse
    documento = verificar_documento(folio, codigo, ahora)
    if documento is not None:
        return documento
    emision = verificar_emision(folio, codigo)
    return emision if emision is not None else acuse


# ---------------------------------------------------------------------- avisos


def enmascarar_correo(correo: str) -> str:
    """rosa.ruiz@acme.mx → r***@acme.mx: the first letter and the domain, enough for a person to
    recognise their own address and not to harvest it."""
    local, arroba, dominio = correo.strip().rpartition("@")
    if not arroba or not local:
        return "***"
    return f"{local[0]}***@{dominio}"


def enmascarar_telefono(numero: str) -> str:
    """+525512341234 → ******1234: the last four digits only."""
    digitos = "".join(c for c in numero if c.isdigit())
    return "******" + digitos[-4:] if len(digitos) >= 4 else "******"


@dataclass(frozen=True)
class DestinoAviso:
    canal: str
    #: `r***@acme.mx` or `******1234`.
    destino: str
    aceptado: datetime

    @property
    def aceptado_legible(self) -> str:
        return instante_legible(self.aceptado)

    @property
    def canal_texto(self) -> str:
        return "correo electrónico" if self.canal == "correo" else "SMS"


@dataclass(frozen=True)
class VerificacionAviso:
    """Whether the Institute sent an aviso quoting `folio`: when (the first acceptance by a
    provider) and to which masked addresses. Nothing else (no RFC, no subject)."""

    folio: str
    destinos: tuple[DestinoAviso, ...] = ()

    @property
    def enviado(self) -> bool:
        return bool(self.destinos)

    @property
    def enviado_en(self) -> datetime | None:
        return min(d.aceptado for d in self.destinos) if self.destinos else None

    @property
    def enviado_legible(self) -> str:
        return instante_legible(self.enviado_en) if self.enviado_en else ""


def verificar_aviso(folio: str) -> VerificacionAviso:
    """An aviso counts as sent once a provider accepted one of its messages (an `Intento` with
    result `enviado`); planned, queued or failed messages do not count (I-42)."""
    aceptados = avisos_aceptados(folio)
    destinos = tuple(
        DestinoAviso(
            a.canal,
            enmascarar_correo(a.destino) if a.canal == "correo" else enmascarar_telefono(a.destino),
            a.aceptado.astimezone(ZONA_CENTRO),
        )
        for a in aceptados
    )
    return VerificacionAviso(folio=normalizar_folio(folio) or folio.strip(), destinos=destinos)
