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
import re
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


_ESCAPES = {"\\": "\\", "|": "|", "r": "\r", "n": "\n"}
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _desescapar(valor: str) -> str:
    def uno(encontrado: re.Match[str]) -> str:
        if encontrado[1] not in _ESCAPES:
            raise ValueError("escape inválido en la cadena de actuación")
        return _ESCAPES[encontrado[1]]

    return _ESCAPE.sub(uno, valor)


def _separador(texto: str, posicion: int) -> bool:
    """Whether the `|` at `posicion` separates fields: not preceded by an odd run of `\\`."""
    barras = 0
    while posicion - barras > 0 and texto[posicion - barras - 1] == "\\":
        barras += 1
    return barras % 2 == 0


def anexos_de(cadena: str) -> list[tuple[str, str]]:
    """The (nombre, sha256) attachments a cadena names, in its order: what the particular signed
    (the draft's attachment rows were written from the same list, in the same transaction).

    Read from the end, where the attachment fields are, up to `anexos=N`: the datos before it,
    however long, are never scanned. ValueError when the cadena is not one `construir` makes."""
    if not (cadena.startswith(f"||{VERSION}|") and cadena.endswith("||")):
        raise ValueError("no es una cadena de actuación")
    cuerpo = cadena[2:-2]
    campos: list[str] = []
    fin = len(cuerpo)
    while True:
        inicio = cuerpo.rfind("|", 0, fin)
        while inicio >= 0 and not _separador(cuerpo, inicio):
            inicio = cuerpo.rfind("|", 0, inicio)
        campo = cuerpo[inicio + 1 : fin]
        if campo.startswith("anexos="):
            break
        if inicio < 0 or not campo.startswith("anexo="):
            raise ValueError("la cadena de actuación no declara sus anexos")
        campos.append(campo[len("anexo=") :])
        fin = inicio
    if campo != f"anexos={len(campos)}":
        raise ValueError("la cadena de actuación no declara sus anexos")
    anexos = []
    for valor in reversed(campos):
        nombre, separador, huella = valor.rpartition(":")
        if not separador:
            raise ValueError("anexo sin huella en la cadena de actuación")
        anexos.append((_desescapar(nombre), huella))
    return anexos
