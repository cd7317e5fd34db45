"""The one exception of the e.firma layer: a code for programs and a Spanish sentence for people."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from buzon.legal.zonas import ZONA_CENTRO

# Checks run in this order; the first failure is the one reported.
ARCHIVO_INVALIDO: Final = "archivo_invalido"
PASSWORD_INCORRECTA: Final = "password_incorrecta"  # noqa: S105 (an error code)
LLAVE_NO_CORRESPONDE: Final = "llave_no_corresponde"
NO_ES_FIEL: Final = "no_es_fiel"
VENCIDO: Final = "vencido"
AUN_NO_VIGENTE: Final = "aun_no_vigente"
EMISOR_NO_CONFIABLE: Final = "emisor_no_confiable"
REVOCADO: Final = "revocado"
# Not part of a credential's own checks, but raised by this layer as well.
FIRMA_INVALIDA: Final = "firma_invalida"
REVOCACION_NO_VERIFICABLE: Final = "revocacion_no_verificable"
RETO_INVALIDO: Final = "reto_invalido"

ORDEN: Final = (
    ARCHIVO_INVALIDO,
    PASSWORD_INCORRECTA,
    LLAVE_NO_CORRESPONDE,
    NO_ES_FIEL,
    VENCIDO,
    AUN_NO_VIGENTE,
    EMISOR_NO_CONFIABLE,
    REVOCADO,
)


class ErrorEfirma(Exception):
    """A failed check: stable `codigo`, `mensaje` for a person, `campo` for the input at fault."""

    def __init__(
        self,
        codigo: str,
        mensaje: str,
        campo: str | None = None,
        *,
        fecha: datetime | None = None,
    ) -> None:
        super().__init__(f"{codigo}: {mensaje}")
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo
        self.fecha = fecha

    def como_dict(self) -> dict[str, str]:
        datos = {"error": self.codigo, "mensaje": self.mensaje}
        if self.campo is not None:
            datos["campo"] = self.campo
        if self.fecha is not None:
            datos["fecha"] = self.fecha.astimezone(ZONA_CENTRO).isoformat()
        return datos


def fecha_legible(instante: datetime) -> str:
    """An instant as people read it: `15/05/2021 17:29 (hora del centro de México)`."""
    return (
        instante.astimezone(ZONA_CENTRO).strftime("%d/%m/%Y %H:%M") + " (hora del centro de México)"
    )
