"""The legal library demo (relación 3): the public-law texts shipped in
`buzon/normatividad/textos/` (CFF 12, 13, 17-K, 134–139; LSS extracts; the Lineamientos del
Buzón IMSS) added by the demo's administradora, through the service. Idempotent."""

from __future__ import annotations

from typing import Any

from buzon.normatividad.biblioteca_demo import cargar_textos_incluidos
from buzon.sistema.demo.comun import ADMINISTRADOR
from buzon.sistema.demo.oficiales import alta_oficial


def cargar_normatividad() -> dict[str, Any]:
    """Load the shipped texts; the administradora (`comun.ADMINISTRADOR`) is registered if she
    is not yet. Returns `{"nuevos", "ya_existian", "textos": [{"clave", "version"}]}`."""
    alta_oficial(ADMINISTRADOR)
    return cargar_textos_incluidos(ADMINISTRADOR.rfc)
