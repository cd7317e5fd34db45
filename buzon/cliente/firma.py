"""The user's e.firma, used only in this process: load the .cer and the .key, sign exact bytes.

The password comes from `BUZON_CLAVE_EFIRMA` or is asked for without echo; it is never an argument
(arguments are visible to other users in the process list). Nothing here touches the network.
"""

from __future__ import annotations

import base64
import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from buzon.efirma import Certificado, ErrorEfirma, firmar_b64, leer_certificado, leer_llave
from buzon.efirma.llave import exigir_correspondencia

from .errores import ErrorCliente, ErrorUso

ENV_CLAVE = "BUZON_CLAVE_EFIRMA"


def leer(ruta: str, campo: str) -> bytes:
    try:
        return Path(ruta).expanduser().read_bytes()
    except OSError as exc:
        raise ErrorUso(
            f"No se pudo leer el archivo «{ruta}» ({exc.strerror or exc}). Revise la ruta.", campo
        ) from None


def clave_efirma() -> str:
    """The key's password: the environment, or typed at the terminal (never an argument)."""
    valor = os.environ.get(ENV_CLAVE)
    if valor:
        return valor
    if sys.stdin.isatty():
        try:
            return getpass.getpass("Contraseña de la llave privada (.key): ")
        except EOFError:
            pass
    raise ErrorUso(
        f"Falta la contraseña de la llave privada: escríbala cuando se le pida o defina la "
        f"variable de entorno {ENV_CLAVE}.",
        "clave",
    )


@dataclass(frozen=True)
class Credencial:
    certificado: Certificado
    llave: rsa.RSAPrivateKey

    @classmethod
    def abrir(cls, ruta_cer: str, ruta_key: str) -> Credencial:
        """Read both files and open the key; the key must belong to the certificate."""
        cer = leer(ruta_cer, "cer")
        key = leer(ruta_key, "key")
        try:
            certificado = leer_certificado(cer)
            llave = leer_llave(key, clave_efirma())
            exigir_correspondencia(llave, certificado)
        except ErrorEfirma as exc:
            raise ErrorCliente(exc.codigo, exc.mensaje, exc.campo) from None
        return cls(certificado, llave)

    @property
    def rfc(self) -> str:
        return self.certificado.rfc

    @property
    def certificado_b64(self) -> str:
        return base64.b64encode(self.certificado.der).decode("ascii")

    def firmar_texto(self, texto: str) -> str:
        """The contract's signature over a cadena's UTF-8 bytes (base64)."""
        return firmar_b64(self.llave, texto.encode("utf-8"))
