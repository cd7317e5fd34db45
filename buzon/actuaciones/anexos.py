"""PURE. Attachments of an actuación: their type decided by CONTENT, their names made safe.

The type is never taken from the file's name or from the MIME type the client declares: the first
bytes (the "magic") and the file's structure decide. Accepted kinds (a trámite allows some):

- PDF (`application/pdf`): starts with `%PDF-1.x` or `%PDF-2.x`, ends with `%%EOF` (trailing
  whitespace allowed), has a `startxref` whose offset points inside the file at a cross-reference
  table (`xref`) or stream (`N G obj`); a PDF with an `/Encrypt` dictionary is refused (an official
  could not open it, and its content could not be checked or kept readable for five years).
- PNG (`image/png`): the 8-byte signature, an IHDR first chunk, an IEND last chunk.
- JPEG (`image/jpeg`): starts with SOI + a marker (`FF D8 FF`), ends with EOI (`FF D9`).
- CSV (`text/csv`): none of the above, UTF-8 text (an optional BOM) without NUL or other control
  characters than tab and line breaks, whose first line has a comma and does not open with `<`
  (so XML and HTML are never CSV) or `%`. Its rows are the business of the trámite's table rules
  (`Reglas.tabla`, e.g. reglas_icsoe), which read the text with the standard csv module.

Formats that are ZIP containers (docx, xlsx, odt…) and XML are not accepted at all: no zip bomb or
entity expansion can reach the Buzón because nothing is ever decompressed or parsed beyond the
structure checks above. Images are never decoded.

Names: one path component (no `/` or `\\`), no control or format characters (NUL, line breaks,
bidirectional overrides), not `.`/`..`, at most 180 characters, NFC, and an extension that matches
the content (`.pdf`, `.png`, `.jpg`/`.jpeg`, `.csv`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"
#: Every kind this module can recognise, with the extensions a name may carry for it.
EXTENSIONES = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), CSV: (".csv",)}
NOMBRES_DE_TIPO = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", CSV: "CSV"}
#: The table rules a trámite may name for its CSV attachments (`anexos.tabla`).
TABLAS = ("icsoe-trabajadores",)
LARGO_MAXIMO_NOMBRE = 180

_CABECERA_PDF = re.compile(rb"%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF\s*$")
_OBJETO = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")
_CIFRADO = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_PNG = b"\x89PNG\r\n\x1a\n"
_IEND = b"\x00\x00\x00\x00IEND\xaeB`\x82"


class ErrorAnexo(ValueError):
    """An attachment refused: a stable code, a Spanish sentence, and the field at fault."""

    def __init__(self, codigo: str, mensaje: str, campo: str) -> None:
        super().__init__(mensaje)
        self.codigo = codigo
        self.mensaje = mensaje
        self.campo = campo


@dataclass(frozen=True)
class Reglas:
    """What a trámite accepts (its declaration's "anexos")."""

    tipos: tuple[str, ...]
    maximo_bytes: int
    minimo: int = 0
    maximo: int = 10
    #: The rows of its CSV attachments follow these table rules (one of TABLAS), if any.
    tabla: str | None = None


@dataclass(frozen=True)
class AnexoValido:
    nombre: str
    tipo_mime: str
    contenido: bytes
    sha256: str

    @property
    def tamano(self) -> int:
        return len(self.contenido)


def tipo_por_contenido(datos: bytes) -> str | None:
    """The kind the bytes are, by their magic number only; None when none of ours."""
    if _CABECERA_PDF.match(datos, 0, 16):
        return PDF
    if datos.startswith(_PNG):
        return PNG
    if datos.startswith(b"\xff\xd8\xff"):
        return JPEG
    if _es_texto(datos):
        return CSV
    return None


def _es_texto(datos: bytes) -> bool:
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    primera = texto.lstrip().partition("\n")[0]
    return (
        "," in primera
        and not primera.startswith(("<", "%"))  # never XML/HTML, never a broken PDF
        and all(c.isprintable() or c in "\r\n\t" for c in texto)
    )


def _pdf_bien_formado(datos: bytes) -> bool:
    cola = datos[-2048:]
    final = _STARTXREF.search(cola)
    if final is None:
        return False
    desplazamiento = int(final[1])
    if not 0 < desplazamiento < len(datos) - 9:
        return False
    destino = datos[desplazamiento : desplazamiento + 40].lstrip()
    return destino.startswith(b"xref") or _OBJETO.match(destino) is not None


def _png_bien_formado(datos: bytes) -> bool:
    return len(datos) >= 57 and datos[12:16] == b"IHDR" and datos.rstrip(b"\0").endswith(_IEND)


def _jpeg_bien_formado(datos: bytes) -> bool:
    return len(datos) >= 4 and datos.rstrip(b"\0\r\n ").endswith(b"\xff\xd9")


def revisar_contenido(datos: bytes, reglas: Reglas, campo: str) -> str:
    """The content's kind, once it is allowed, within size and well formed; ErrorAnexo otherwise."""
    if not datos:
        raise ErrorAnexo("anexo_vacio", "El archivo está vacío.", campo)
    if len(datos) > reglas.maximo_bytes:
        raise ErrorAnexo(
            "anexo_demasiado_grande",
            f"El archivo pesa {tamano_legible(len(datos))}; este trámite admite hasta "
            f"{tamano_legible(reglas.maximo_bytes)} por archivo.",
            campo,
        )
    tipo = tipo_por_contenido(datos)
    permitidos = " o ".join(NOMBRES_DE_TIPO[t] for t in reglas.tipos)
    if tipo is None or tipo not in reglas.tipos:
        visto = f"es {NOMBRES_DE_TIPO[tipo]}" if tipo else "no es de un tipo reconocible"
        raise ErrorAnexo(
            "anexo_tipo_no_permitido",
            f"Por su contenido, el archivo {visto}; este trámite admite solo {permitidos} "
            "(el nombre o el tipo declarado no cuentan).",
            campo,
        )
    bien_formado = {
        PDF: _pdf_bien_formado,
        PNG: _png_bien_formado,
        JPEG: _jpeg_bien_formado,
        CSV: _es_texto,
    }
    if not bien_formado[tipo](datos):
        raise ErrorAnexo(
            "anexo_danado",
            f"El archivo parece {NOMBRES_DE_TIPO[tipo]} pero está dañado o incompleto: "
            "genérelo de nuevo y vuelva a adjuntarlo.",
            campo,
        )
    if tipo == PDF and _CIFRADO.search(datos):
        raise ErrorAnexo(
            "anexo_cifrado",
            "El PDF está protegido con contraseña o cifrado: adjúntelo sin protección para que "
            "el Instituto pueda leerlo y conservarlo.",
            campo,
        )
    return tipo


def revisar_nombre(nombre: str, campo: str) -> str:
    """The name, NFC and trimmed, when it is one safe file name; ErrorAnexo otherwise."""
    limpio = unicodedata.normalize("NFC", nombre).strip()
    if not limpio:
        raise ErrorAnexo("anexo_nombre_invalido", "Escriba el nombre del archivo.", campo)
    if len(limpio) > LARGO_MAXIMO_NOMBRE:
        raise ErrorAnexo(
            "anexo_nombre_invalido",
            f"El nombre del archivo es muy largo (máximo {LARGO_MAXIMO_NOMBRE} caracteres).",
            campo,
        )
    # Control, format (bidi overrides, zero-width), surrogate, private, unassigned, separators
    # other than the plain space: str.isprintable() is false for all of them.
    if not all(c.isprintable() or c == " " for c in limpio):
        raise ErrorAnexo(
            "anexo_nombre_invalido",
            "El nombre del archivo tiene caracteres de control o invisibles: renómbrelo.",
            campo,
        )
    if "/" in limpio or "\\" in limpio or limpio in (".", "..") or limpio.startswith("."):
        raise ErrorAnexo(
            "anexo_nombre_invalido",
            "El nombre del archivo no puede incluir carpetas («/», «\\», «..») ni empezar con "
            "punto: use solo el nombre, por ejemplo contrato.pdf.",
            campo,
        )
    return limpio


def _revisar_extension(nombre: str, tipo: str, campo: str) -> None:
    if not nombre.lower().endswith(EXTENSIONES[tipo]):
        raise ErrorAnexo(
            "anexo_extension",
            f"El archivo es {NOMBRES_DE_TIPO[tipo]} por su contenido: su nombre debe terminar "
            f"en {' o '.join(EXTENSIONES[tipo])}.",
            campo,
        )


def decodificar(contenido_b64: str, campo: str) -> bytes:
    try:
        return base64.b64decode(contenido_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ErrorAnexo(
            "anexo_base64", "El contenido del archivo no está en base64 válido.", campo
        ) from exc


def revisar_anexo(nombre: str, datos: bytes, reglas: Reglas, prefijo: str) -> AnexoValido:
    """One attachment, named `prefijo` in errors (`anexos[2]` → `anexos[2].nombre`, …)."""
    limpio = revisar_nombre(nombre, f"{prefijo}.nombre")
    tipo = revisar_contenido(datos, reglas, f"{prefijo}.contenido")
    _revisar_extension(limpio, tipo, f"{prefijo}.nombre")
    return AnexoValido(limpio, tipo, datos, hashlib.sha256(datos).hexdigest())


def revisar_cantidad(cuantos: int, reglas: Reglas) -> None:
    if cuantos < reglas.minimo:
        raise ErrorAnexo(
            "anexos_faltantes",
            f"Este trámite requiere al menos {reglas.minimo} archivo(s) adjunto(s).",
            "anexos",
        )
    if cuantos > reglas.maximo:
        raise ErrorAnexo(
            "anexos_de_mas",
            f"Este trámite admite a lo más {reglas.maximo} archivo(s) adjunto(s).",
            "anexos",
        )


def revisar_nombres_distintos(anexos: Sequence[AnexoValido]) -> None:
    vistos: set[str] = set()
    for i, anexo in enumerate(anexos):
        clave = anexo.nombre.casefold()
        if clave in vistos:
            raise ErrorAnexo(
                "anexo_nombre_repetido",
                f"Ya adjuntó otro archivo llamado «{anexo.nombre}»: use nombres distintos.",
                f"anexos[{i}].nombre",
            )
        vistos.add(clave)


def tamano_legible(bytes_: int) -> str:
    if bytes_ >= 1024 * 1024:
        return f"{bytes_ / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if bytes_ >= 1024:
        return f"{bytes_ // 1024} KB"
    return f"{bytes_} bytes"
