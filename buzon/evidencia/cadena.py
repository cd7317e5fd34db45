"""The *cadena original*: the canonical, unambiguous serialisation of an acuse's facts.

Format (docs/evidencia.md):

    ||BUZON-ACUSE-1|tipo=registro_medios|folio=2026-7K3M-9QXF-2HDX|rfc=AAA010101AAA|...||

- Starts with `||`, ends with `||`; fields are separated by a single `|`.
- The first field is the format version; then `clave=valor` pairs in a fixed order: the header
  (tipo, folio, rfc, registro_patronal, emitido, instante_legal, zona_legal, documentos=<count>),
  then every document as `documento=<nombre>:<sha256>` in the acuse's order, then the type's facts
  sorted by key. Facts may not use a header or document name (RESERVADAS).
- In values, `\\` is written `\\\\`, `|` is written `\\|`, line breaks `\\n` and `,` is written
  `\\,` (an unescaped comma separates list items): a field separator can never appear inside a
  value. Each fact key has one type per acuse tipo, so a list and a text are never compared.
- Absent optional values are written empty (`registro_patronal=`), never omitted.
Pure module: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

VERSION = "BUZON-ACUSE-1"
#: Names of the header and document fields: a fact may not use them (it could pose as one).
RESERVADAS = frozenset(
    {
        "tipo",
        "folio",
        "rfc",
        "registro_patronal",
        "emitido",
        "instante_legal",
        "zona_legal",
        "documentos",
        "documento",
    }
)
_CLAVE = re.compile(r"^[a-z][a-z0-9_]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def escapar(valor: str) -> str:
    return valor.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "\\r").replace("\n", "\\n")


@dataclass(frozen=True)
class Documento:
    nombre: str
    sha256: str

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256):
            raise ValueError(f"sha256 inválido para «{self.nombre}»: {self.sha256!r}")


Valor = str | int | bool | None | Sequence[str]


def _texto(valor: Valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "si" if valor else "no"
    if isinstance(valor, int):
        return str(valor)
    if isinstance(valor, str):
        return escapar(valor).replace(",", "\\,")
    return ",".join(escapar(v).replace(",", "\\,") for v in valor)


def instante_texto(instante: datetime | None) -> str:
    """Instants in the cadena: ISO 8601 with offset, seconds and microseconds when present."""
    return "" if instante is None else instante.isoformat()


def construir(
    *,
    tipo: str,
    folio: str,
    rfc: str,
    registro_patronal: str | None,
    emitido: datetime,
    instante_legal: datetime | None,
    zona_legal: str | None,
    documentos: Sequence[Documento],
    datos: Mapping[str, Valor],
) -> str:
    """The cadena original of an acuse (see the module's docstring for the format)."""
    for clave in datos:
        if not _CLAVE.match(clave) or clave in RESERVADAS:
            raise ValueError(f"clave de dato inválida en la cadena original: {clave!r}")
    campos = [
        VERSION,
        f"tipo={escapar(tipo)}",
        f"folio={escapar(folio)}",
        f"rfc={escapar(rfc)}",
        f"registro_patronal={_texto(registro_patronal)}",
        f"emitido={instante_texto(emitido)}",
        f"instante_legal={instante_texto(instante_legal)}",
        f"zona_legal={_texto(zona_legal)}",
        f"documentos={len(documentos)}",
    ]
    campos += [f"documento={escapar(d.nombre)}:{d.sha256}" for d in documentos]
    campos += [f"{clave}={_texto(datos[clave])}" for clave in sorted(datos)]
    return "||" + "|".join(campos) + "||"


def sha256_texto(texto: str) -> str:
    import hashlib

    return hashlib.sha256(texto.encode("utf-8")).hexdigest()
