"""RFC (Registro Federal de Contribuyentes, CFF art. 27) format checks, with Spanish errors."""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.mx import rfc as stdnum_rfc

from buzon.legal.errores import ErrorLegal


def enmascarar_rfc(rfc: str) -> str:
    """AAA010101AAA → AAA******AAA: enough for a person to recognise their own, not to harvest.
    Used wherever an RFC is shown to someone who may not own it (verification, messages)."""
    rfc = rfc.strip().upper()
    if len(rfc) <= 6:
        return "*" * len(rfc)
    return rfc[:3] + "*" * (len(rfc) - 6) + rfc[-3:]


def normalizar_rfc(valor: str, campo: str = "rfc") -> str:
    """The RFC in canonical form (upper case, no spaces or dashes); ErrorLegal when malformed.

    Check digits are not enforced: SAT issues valid RFCs (including its test RFCs) whose verifier
    does not follow the published algorithm. RFCs may contain Ñ and &.
    """
    limpio = valor.strip().upper().replace(" ", "").replace("-", "")
    try:
        return str(stdnum_rfc.validate(limpio, validate_check_digits=False))
    except ValidationError as exc:
        raise ErrorLegal(
            f"«{valor}» no es un RFC válido: debe tener 12 caracteres (persona moral) o 13 "
            "(persona física), por ejemplo XAXX010101000.",
            campo,
        ) from exc
