"""What the public verification shows: never more than the masked facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import acuse_autentico, acuse_para_verificar
from buzon.legal.formato import instante_legible
from buzon.legal.rfc import enmascarar_rfc

#: Requests per IP per minute on the public verification (page and API together).
LIMITE_POR_MINUTO = 30

TITULOS = {
    "registro_medios": "Acuse de registro de medios de contacto",
    "terminos": "Acuse de aceptación de términos y condiciones",
    "notificacion": "Constancia de notificación electrónica",
    "notificacion_por_vencimiento": "Constancia de notificación por vencimiento de plazo",
    "constancia_aviso": "Constancia de aviso de notificación",
    "notificacion_estrados": "Constancia de notificación por estrados",
    "notificacion_personal": "Constancia de notificación personal",
    "cancelacion_notificacion": "Constancia de cancelación de notificación",
    "actuacion": "Acuse de recibo de actuación",
}


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
        titulo=TITULOS.get(acuse.tipo, acuse.tipo),
        emitido=acuse.emitido,
        instante_legal=acuse.instante_legal,
        rfc=enmascarar_rfc(acuse.rfc),
        documentos=tuple((d["nombre"], d["sha256"]) for d in acuse.documentos),
        certificado_sello=acuse.certificado_sello_id,
        firmante=certificado.nombre,
    )
