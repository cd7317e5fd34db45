"""The ordered checks of an e.firma, for credentials (cer + key + password) and for signatures.

Order: archivo_invalido, password_incorrecta, llave_no_corresponde, no_es_fiel, vencido,
aun_no_vigente, emisor_no_confiable, revocado. The first failure is raised as `ErrorEfirma`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .certificado import Certificado, leer_certificado, valida_rfc
from .confianza import Confianza
from .errores import (
    AUN_NO_VIGENTE,
    NO_ES_FIEL,
    REVOCACION_NO_VERIFICABLE,
    VENCIDO,
    ErrorEfirma,
    fecha_legible,
)
from .firma import exigir_firma
from .llave import exigir_correspondencia, leer_llave
from .ocsp import ConsultorOCSP
from .reto import AlmacenRetos

AVISO_SIN_CONFIANZA = (
    "No se comprobó el emisor: no hay carpeta de certificados de confianza "
    "(BUZON_CONFIANZA o --confianza)."
)
AVISO_SIN_OCSP = "No se comprobó la revocación: no hay servicio OCSP configurado (BUZON_OCSP_URL)."


@dataclass(frozen=True)
class Politica:
    """What to check beyond the certificate itself."""

    confianza: Confianza | None = None
    ocsp: ConsultorOCSP | None = None
    requiere_fiel: bool = True


def politica_desde_entorno(
    entorno: Mapping[str, str] | None = None,
    *,
    confianza: str | Path | None = None,
    ocsp_url: str | None = None,
    requiere_fiel: bool = True,
) -> Politica:
    """BUZON_CONFIANZA and BUZON_OCSP_URL, unless given explicitly."""
    env = os.environ if entorno is None else entorno
    carpeta = confianza or env.get("BUZON_CONFIANZA") or None
    url = ocsp_url or env.get("BUZON_OCSP_URL") or None
    return Politica(
        confianza=Confianza.desde_carpeta(carpeta) if carpeta else None,
        ocsp=ConsultorOCSP(url) if url else None,
        requiere_fiel=requiere_fiel,
    )


@dataclass(frozen=True)
class Resultado:
    certificado: Certificado
    instante: datetime
    emisor_verificado: bool
    revocacion_verificada: bool
    evidencia_ocsp: bytes | None = None
    avisos: tuple[str, ...] = field(default_factory=tuple)

    def como_dict(self) -> dict[str, object]:
        return {
            "valido": True,
            **self.certificado.identidad(),
            "emisor_verificado": self.emisor_verificado,
            "revocacion_verificada": self.revocacion_verificada,
            "avisos": list(self.avisos),
        }


def comprobar_certificado(
    certificado: Certificado, *, instante: datetime, politica: Politica
) -> Resultado:
    """no_es_fiel, vencido, aun_no_vigente, emisor_no_confiable, revocado — in that order."""
    if instante.tzinfo is None:
        raise ValueError("se necesita un instante con zona horaria")
    if politica.requiere_fiel and certificado.tipo != "FIEL":
        raise ErrorEfirma(
            NO_ES_FIEL,
            "El certificado es un Certificado de Sello Digital (CSD), que sirve para facturar. "
            "Aquí se necesita su e.firma (FIEL).",
            "certificado",
        )
    if politica.requiere_fiel and not valida_rfc(certificado.rfc):
        raise ErrorEfirma(
            NO_ES_FIEL,
            "El certificado no contiene un RFC válido, así que no es una e.firma del SAT. "
            "Use el .cer de su e.firma.",
            "certificado",
        )
    if instante > certificado.valido_hasta:
        raise ErrorEfirma(
            VENCIDO,
            f"El certificado venció el {fecha_legible(certificado.valido_hasta)}. "
            "Renueve su e.firma en el SAT.",
            "certificado",
            fecha=certificado.valido_hasta,
        )
    if instante < certificado.valido_desde:
        raise ErrorEfirma(
            AUN_NO_VIGENTE,
            f"El certificado es válido a partir del {fecha_legible(certificado.valido_desde)}. "
            "Espere a esa fecha o use su e.firma vigente.",
            "certificado",
            fecha=certificado.valido_desde,
        )
    avisos: list[str] = []
    emisor: Certificado | None = None
    if politica.confianza is None:
        avisos.append(AVISO_SIN_CONFIANZA)
    else:
        emisor = politica.confianza.emisor(certificado, instante)
    evidencia: bytes | None = None
    if politica.ocsp is None:
        avisos.append(AVISO_SIN_OCSP)
    elif emisor is None:
        raise ErrorEfirma(
            REVOCACION_NO_VERIFICABLE,
            "No se puede consultar la revocación sin el certificado del emisor: configure la "
            "carpeta de confianza (BUZON_CONFIANZA) junto con BUZON_OCSP_URL.",
            "confianza",
        )
    else:
        evidencia = politica.ocsp.consultar(certificado, emisor, instante).respuesta
    return Resultado(
        certificado=certificado,
        instante=instante,
        emisor_verificado=emisor is not None,
        revocacion_verificada=evidencia is not None,
        evidencia_ocsp=evidencia,
        avisos=tuple(avisos),
    )


def validar_credencial(
    cer: bytes, key: bytes, password: str | bytes, *, instante: datetime, politica: Politica
) -> Resultado:
    """A person's .cer + .key + password, every check in the documented order."""
    certificado = leer_certificado(cer)
    llave = leer_llave(key, password)
    exigir_correspondencia(llave, certificado)
    return comprobar_certificado(certificado, instante=instante, politica=politica)


def verificar_firma(
    certificado: Certificado | bytes,
    datos: bytes,
    firma: bytes,
    *,
    instante: datetime,
    politica: Politica,
) -> Resultado:
    """A signature over `datos` (e.g. a reto's UTF-8 bytes): firma_invalida, then the rest."""
    cert = certificado if isinstance(certificado, Certificado) else leer_certificado(certificado)
    exigir_firma(cert, datos, firma)
    return comprobar_certificado(cert, instante=instante, politica=politica)


def verificar_reto(
    almacen: AlmacenRetos,
    *,
    reto: str,
    certificado: Certificado | bytes,
    firma: bytes,
    proposito: str,
    instante: datetime,
    politica: Politica,
) -> Resultado:
    """A signed reto (e.g. `POST /sesiones`): the reto is consumed first, so it is single use even
    when what follows fails; then the signature over its UTF-8 bytes; then the certificate."""
    consumido = almacen.consumir(reto, proposito=proposito, ahora=instante)
    return verificar_firma(
        certificado, consumido.valor.encode("utf-8"), firma, instante=instante, politica=politica
    )
