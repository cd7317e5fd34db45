"""A small, tolerant DER reader and a strict DER writer.

The reader accepts what real SAT certificates contain (Latin-1 bytes in a T61String, UTF-8 bytes in
a PrintableString) and rejects anything that is not well-formed TLV: indefinite lengths, lengths
that run past the end, trailing garbage. Every failure is a `ErrorDER` (a `ValueError`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

# Universal tags (class bits 00, constructed bit where it applies).
BOOLEAN = 0x01
INTEGER = 0x02
BIT_STRING = 0x03
OCTET_STRING = 0x04
NULL = 0x05
OID = 0x06
UTF8_STRING = 0x0C
PRINTABLE_STRING = 0x13
T61_STRING = 0x14
IA5_STRING = 0x16
UTC_TIME = 0x17
GENERALIZED_TIME = 0x18
VISIBLE_STRING = 0x1A
UNIVERSAL_STRING = 0x1C
BMP_STRING = 0x1E
SEQUENCE = 0x30
SET = 0x31


class ErrorDER(ValueError):
    """Bytes that are not the DER structure expected."""


class Nodo:
    """One TLV element. `crudo` is the whole element (tag, length and content) as it was read."""

    __slots__ = ("crudo", "inicio_contenido", "tag")

    def __init__(self, tag: int, crudo: bytes, inicio_contenido: int) -> None:
        self.tag = tag
        self.crudo = crudo
        self.inicio_contenido = inicio_contenido

    @property
    def contenido(self) -> bytes:
        return self.crudo[self.inicio_contenido :]

    @property
    def construido(self) -> bool:
        return bool(self.tag & 0x20)

    def hijos(self) -> list[Nodo]:
        if not self.construido:
            raise ErrorDER(f"se esperaba un elemento construido (etiqueta 0x{self.tag:02x})")
        return leer_todos(self.contenido)

    def esperar(self, tag: int) -> Nodo:
        if self.tag != tag:
            raise ErrorDER(f"se esperaba la etiqueta 0x{tag:02x} y llegó 0x{self.tag:02x}")
        return self


def _leer(datos: bytes, pos: int) -> tuple[Nodo, int]:
    fin_datos = len(datos)
    if pos + 2 > fin_datos:
        raise ErrorDER("elemento truncado")
    tag = datos[pos]
    if tag & 0x1F == 0x1F:
        raise ErrorDER("etiquetas de varios bytes no admitidas")
    largo = datos[pos + 1]
    cabecera = 2
    if largo & 0x80:
        n = largo & 0x7F
        if n == 0:
            raise ErrorDER("longitud indefinida no admitida en DER")
        if n > 4:
            raise ErrorDER("longitud demasiado grande")
        if pos + 2 + n > fin_datos:
            raise ErrorDER("longitud truncada")
        largo = int.from_bytes(datos[pos + 2 : pos + 2 + n], "big")
        cabecera += n
    fin = pos + cabecera + largo
    if fin > fin_datos:
        raise ErrorDER("el contenido excede los datos")
    return Nodo(tag, datos[pos:fin], cabecera), fin


def leer(datos: bytes) -> Nodo:
    """Exactly one element, with nothing after it."""
    nodo, fin = _leer(datos, 0)
    if fin != len(datos):
        raise ErrorDER("datos sobrantes después del elemento")
    return nodo


def leer_todos(datos: bytes) -> list[Nodo]:
    nodos = []
    pos = 0
    while pos < len(datos):
        nodo, pos = _leer(datos, pos)
        nodos.append(nodo)
    return nodos


def oid_texto(nodo: Nodo) -> str:
    return _oid_texto(nodo.esperar(OID).contenido)


@lru_cache(maxsize=4096)
def _oid_texto(contenido: bytes) -> str:
    if not contenido or contenido[-1] & 0x80:
        raise ErrorDER("OID mal formado")
    arcos: list[int] = []
    valor = 0
    for byte in contenido:
        valor = (valor << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcos.append(valor)
            valor = 0
    primero = min(arcos[0] // 40, 2)
    return ".".join(str(a) for a in [primero, arcos[0] - 40 * primero, *arcos[1:]])


def entero(nodo: Nodo) -> int:
    contenido = nodo.esperar(INTEGER).contenido
    if not contenido:
        raise ErrorDER("entero vacío")
    return int.from_bytes(contenido, "big", signed=True)


def bits(nodo: Nodo) -> bytes:
    """The bytes of a BIT STRING (unused-bit count dropped)."""
    contenido = nodo.esperar(BIT_STRING).contenido
    if not contenido or contenido[0] > 7:
        raise ErrorDER("cadena de bits mal formada")
    return contenido[1:]


def texto(nodo: Nodo) -> str:
    """Any ASN.1 string type, decoded tolerantly (see the module docstring)."""
    contenido = nodo.contenido
    if nodo.tag == BMP_STRING:
        return contenido.decode("utf-16-be", errors="replace")
    if nodo.tag == UNIVERSAL_STRING:
        return contenido.decode("utf-32-be", errors="replace")
    if nodo.tag == BIT_STRING:
        contenido = bits(nodo)
    elif nodo.tag not in (
        UTF8_STRING,
        PRINTABLE_STRING,
        T61_STRING,
        IA5_STRING,
        VISIBLE_STRING,
        OCTET_STRING,
    ):
        raise ErrorDER(f"no es una cadena de texto (etiqueta 0x{nodo.tag:02x})")
    try:
        return contenido.decode("utf-8")
    except UnicodeDecodeError:
        return contenido.decode("latin-1")


def instante(nodo: Nodo) -> datetime:
    """UTCTime or GeneralizedTime in Zulu time, as an aware datetime."""
    try:
        valor = nodo.contenido.decode("ascii")
    except UnicodeDecodeError as exc:
        raise ErrorDER("fecha con caracteres no ASCII") from exc
    if not valor.endswith("Z"):
        raise ErrorDER("fecha sin zona Z")
    cuerpo = valor[:-1]
    try:
        if nodo.tag == UTC_TIME and len(cuerpo) in (10, 12):
            anio = int(cuerpo[:2])
            cuerpo = ("20" if anio < 50 else "19") + cuerpo
        elif nodo.tag != GENERALIZED_TIME or len(cuerpo) not in (12, 14):
            raise ErrorDER("fecha mal formada")
        if not (cuerpo.isascii() and cuerpo.isdigit()):
            raise ErrorDER("fecha mal formada")
        segundos = int(cuerpo[12:14]) if len(cuerpo) == 14 else 0
        return datetime(
            int(cuerpo[:4]),
            int(cuerpo[4:6]),
            int(cuerpo[6:8]),
            int(cuerpo[8:10]),
            int(cuerpo[10:12]),
            segundos,
            tzinfo=UTC,
        )
    except ValueError as exc:
        raise ErrorDER("fecha mal formada") from exc


# ---------------------------------------------------------------- writer


def _largo(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    cuerpo = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(cuerpo)]) + cuerpo


def tlv(tag: int, contenido: bytes) -> bytes:
    return bytes([tag]) + _largo(len(contenido)) + contenido


def secuencia(*partes: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(partes))


def conjunto(partes: Iterable[bytes]) -> bytes:
    """SET OF: DER sorts the encodings."""
    return tlv(SET, b"".join(sorted(partes)))


def entero_der(n: int) -> bytes:
    largo = max(1, (n + (n < 0)).bit_length() // 8 + 1)
    return tlv(INTEGER, n.to_bytes(largo, "big", signed=True))


def oid_der(texto_oid: str) -> bytes:
    arcos = [int(a) for a in texto_oid.split(".")]
    valores = [40 * arcos[0] + arcos[1], *arcos[2:]]
    salida = bytearray()
    for valor in valores:
        trozo = [valor & 0x7F]
        valor >>= 7
        while valor:
            trozo.append(0x80 | (valor & 0x7F))
            valor >>= 7
        salida.extend(reversed(trozo))
    return tlv(OID, bytes(salida))


def octetos(contenido: bytes) -> bytes:
    return tlv(OCTET_STRING, contenido)


def nulo() -> bytes:
    return tlv(NULL, b"")


def contexto(numero: int, contenido: bytes, *, construido: bool = True) -> bytes:
    return tlv(0x80 | (0x20 if construido else 0) | numero, contenido)
