"""PURE. The cadena the particular signs to file an actuación (format BUZON-ACTUACION-1).

    ||BUZON-ACTUACION-1|borrador=5f0c…(32 hex)|rfc=XIQB891116QE4|registro_patronal=|tramite=icsoe|
    version=2024-08-05|creada=2026-03-20T09:30:00.123456-06:00|datos_sha256=<hex>|
    datos={"contratos":[…],…}|anexos=1|anexo=contrato.pdf:<sha256>||

(one line; broken here for reading). Fields in this fixed order; `datos` is the canonical JSON of
the datos (sorted keys, compact, UTF-8) and `datos_sha256` its SHA-256; one `anexo=nombre:sha256`
per attachment in the order given. Values escape `\\`, `|`, CR and LF as in the acuse's cadena
original, so a separator can never appear inside a value. `borrador` is 128 random bits drawn for
the draft (with the creation instant it makes every cadena unique: a signature cannot be replayed
onto another draft, even one with the same datos and files).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from buzon.evidencia.cadena import escapar

VERSION = "BUZON-ACTUACION-1"


def sha256_texto(texto: str) -> str:
    return hashlib.sha256(texto.encode("utf-8")).hexdigest()


def construir(
    *,
    borrador: str,
    rfc: str,
    registro_patronal: str,
    tramite: str,
    version: str,
    creada: datetime,
    datos_canonicos: str,
    anexos: Sequence[tuple[str, str]],
) -> str:
    campos = [
        VERSION,
        f"borrador={escapar(borrador)}",
        f"rfc={escapar(rfc)}",
        f"registro_patronal={escapar(registro_patronal)}",
        f"tramite={escapar(tramite)}",
        f"version={escapar(version)}",
        f"creada={creada.isoformat()}",
        f"datos_sha256={sha256_texto(datos_canonicos)}",
        f"datos={escapar(datos_canonicos)}",
        f"anexos={len(anexos)}",
    ]
    campos += [f"anexo={escapar(nombre)}:{sha256}" for nombre, sha256 in anexos]
    return "||" + "|".join(campos) + "||"
