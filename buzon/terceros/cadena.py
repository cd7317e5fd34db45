"""The cadenas the holder signs: the grant (BUZON-AUTORIZACION-1) and its revocation
(BUZON-REVOCACION-1), one line each, fields in this fixed order:

    ||BUZON-AUTORIZACION-1|autorizacion=<32 hex>|titular=XIQB891116QE4|tercero=AAA010101AAA|
    alcance=opinion|vence=2027-01-31|creada=2026-12-03T09:30:00.123456-06:00||
    ||BUZON-REVOCACION-1|autorizacion=<32 hex>|titular=…|tercero=…|alcance=…|
    acuse_autorizacion=2026-7K3M-9QXF-2HDX|solicitada=2026-12-04T10:00:00-06:00||

(broken here for reading). `vence=` is empty when the grant runs until revoked. Values escape
`\\`, `|`, CR and LF as the acuse's cadena original does. `autorizacion` is 128 random bits drawn
for the grant: with the instant it makes every cadena unique, so a signature cannot be replayed
onto another grant or revocation. Pure module: no Django import.
"""

from __future__ import annotations

from datetime import date, datetime

from buzon.evidencia.cadena import escapar

VERSION = "BUZON-AUTORIZACION-1"
VERSION_REVOCACION = "BUZON-REVOCACION-1"


def _unir(campos: list[str]) -> str:
    return "||" + "|".join(campos) + "||"


def autorizacion(
    *, clave: str, titular: str, tercero: str, alcance: str, vence: date | None, creada: datetime
) -> str:
    return _unir(
        [
            VERSION,
            f"autorizacion={escapar(clave)}",
            f"titular={escapar(titular)}",
            f"tercero={escapar(tercero)}",
            f"alcance={escapar(alcance)}",
            f"vence={vence.isoformat() if vence else ''}",
            f"creada={creada.isoformat()}",
        ]
    )


def revocacion(
    *,
    clave: str,
    titular: str,
    tercero: str,
    alcance: str,
    acuse_autorizacion: str,
    solicitada: datetime,
) -> str:
    return _unir(
        [
            VERSION_REVOCACION,
            f"autorizacion={escapar(clave)}",
            f"titular={escapar(titular)}",
            f"tercero={escapar(tercero)}",
            f"alcance={escapar(alcance)}",
            f"acuse_autorizacion={escapar(acuse_autorizacion)}",
            f"solicitada={solicitada.isoformat()}",
        ]
    )
