"""The e.firma layer: the only place in Buzón that touches certificates, keys and signatures.

Pure Python over `cryptography`; no Django import anywhere in this package.
"""

from .certificado import Certificado, leer_certificado
from .cms import cms_desacoplado
from .confianza import Confianza
from .errores import ErrorEfirma
from .firma import decodificar_firma, firmar, firmar_b64
from .llave import leer_llave
from .ocsp import ConsultorOCSP
from .reto import AlmacenRetos, AlmacenRetosMemoria, Reto, generar_reto
from .validacion import (
    Politica,
    Resultado,
    comprobar_certificado,
    politica_desde_entorno,
    validar_credencial,
    verificar_firma,
    verificar_reto,
)

__all__ = [
    "AlmacenRetos",
    "AlmacenRetosMemoria",
    "Certificado",
    "Confianza",
    "ConsultorOCSP",
    "ErrorEfirma",
    "Politica",
    "Resultado",
    "Reto",
    "cms_desacoplado",
    "comprobar_certificado",
    "decodificar_firma",
    "firmar",
    "firmar_b64",
    "generar_reto",
    "leer_certificado",
    "leer_llave",
    "politica_desde_entorno",
    "validar_credencial",
    "verificar_firma",
    "verificar_reto",
]
