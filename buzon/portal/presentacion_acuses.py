"""What each acuse in "Mis acuses" is for: its title (`evidencia.tipos`) and what it concerns, read
from the facts it seals (the folio of its notification, the trámite filed, the terms' version)."""

from __future__ import annotations

from typing import Any

from buzon.evidencia.models import Acuse
from buzon.evidencia.tipos import TipoAcuse, titulo
from buzon.legal.formato import instante_legible

#: The acuse types that belong to one notification (their `datos` name its folio).
DE_NOTIFICACION = frozenset(
    {
        TipoAcuse.NOTIFICACION,
        TipoAcuse.NOTIFICACION_POR_VENCIMIENTO,
        TipoAcuse.CONSTANCIA_AVISO,
        TipoAcuse.NOTIFICACION_ESTRADOS,
        TipoAcuse.NOTIFICACION_PERSONAL,
        TipoAcuse.CANCELACION_NOTIFICACION,
    }
)


def concepto(acuse: Acuse) -> str:
    """`Notificación 2026-AB12-…: Requerimiento de información`, `Trámite: Aclaración …`."""
    datos: dict[str, Any] = dict(acuse.datos or {})
    if acuse.tipo in DE_NOTIFICACION and datos.get("notificacion"):
        texto = f"Notificación {datos['notificacion']}"
        return f"{texto}: {datos['asunto']}" if datos.get("asunto") else texto
    if acuse.tipo == TipoAcuse.ACTUACION:
        nombre = datos.get("nombre_tramite") or datos.get("tramite") or ""
        return f"Trámite presentado: {nombre}" if nombre else "Trámite presentado"
    if acuse.tipo == TipoAcuse.TERMINOS and datos.get("version"):
        return f"Términos y condiciones del Buzón, versión {datos['version']}"
    if acuse.tipo == TipoAcuse.REGISTRO_MEDIOS:
        return "Registro de sus medios de contacto"
    if acuse.tipo in (TipoAcuse.AUTORIZACION_TERCERO, TipoAcuse.REVOCACION_AUTORIZACION):
        return f"Tercero {datos['tercero']}" if datos.get("tercero") else ""
    return ""


def fila(acuse: Acuse) -> dict[str, object]:
    """One row of "Mis acuses"."""
    return {
        "acuse": acuse,
        "titulo": titulo(acuse.tipo),
        "concepto": concepto(acuse),
        "emitido": instante_legible(acuse.emitido),
    }
