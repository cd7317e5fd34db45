"""RFC (Registro Federal de Contribuyentes, CFF art. 27) format checks, with Spanish errors."""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.mx import rfc as stdnum_rfc

from buzon.legal.errores import ErrorLegal


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
