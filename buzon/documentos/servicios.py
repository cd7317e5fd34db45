"""Publishing and withdrawing the documents for everyone (guides and formats): only an active
administrador, each change with its audit row (`CambioDocumento`) in the same transaction.

A PDF is checked by its content, not its name: it begins with `%PDF-` and weighs at most
`MAXIMO_PDF` bytes. The same title and version cannot be published twice (a new version is a new
row); a withdrawn document stays, withdrawn.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.comun.errores import ErrorBuzon
from buzon.comun.texto import es_visible, linea_invalida
from buzon.documentos.models import CambioDocumento, DocumentoPublico, TipoPublico
from buzon.evidencia.bitacora import anotar
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import oficial_activo

#: Largest PDF accepted (10 MB): a guide, not a library.
MAXIMO_PDF = 10 * 1024 * 1024
LARGO_TITULO = 200
LARGO_DESCRIPCION = 1000
PATRON_VERSION = r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$"
NO_AUTORIZADO = (
    "Publicar o retirar guías y formatos corresponde a un administrador activo: pida el rol."
)


@dataclass(frozen=True)
class Publicacion:
    titulo: str
    descripcion: str
    tipo: str
    version: str
    contenido: bytes


def exigir_administrador(rfc: str) -> Oficial:
    oficial = oficial_activo(rfc)
    if oficial is None or oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorBuzon("no_autorizado", NO_AUTORIZADO, None, 403)
    return oficial


def _linea(valor: str, campo: str, que: str, maximo: int, *, vacia: bool = False) -> str:
    texto = " ".join(valor.split())
    if (not texto and not vacia) or len(texto) > maximo or not es_visible(texto):
        raise ErrorBuzon(f"{campo}_invalido", linea_invalida(que, maximo), campo)
    return texto


def revisar_pdf(contenido: bytes) -> None:
    """The file is a PDF by its content (`%PDF-`) and weighs 1 byte to 10 MB."""
    if len(contenido) > MAXIMO_PDF:
        raise ErrorBuzon(
            "archivo_grande",
            f"El archivo pesa {len(contenido) // 1024} KB y el máximo es "
            f"{MAXIMO_PDF // (1024 * 1024)} MB: redúzcalo (por ejemplo, sin imágenes de alta "
            "resolución) y envíelo de nuevo.",
            "archivo",
        )
    if not contenido.startswith(b"%PDF-"):
        raise ErrorBuzon(
            "archivo_no_pdf",
            "El archivo no es un PDF (no empieza con «%PDF-»): exporte la guía o el formato a "
            "PDF y envíelo de nuevo.",
            "archivo",
        )


def revisar(p: Publicacion) -> Publicacion:
    """The publication with its texts collapsed, or the first refusal (field by field)."""
    titulo = _linea(p.titulo, "titulo", "El título", LARGO_TITULO)
    descripcion = _linea(
        p.descripcion, "descripcion", "La descripción", LARGO_DESCRIPCION, vacia=True
    )
    if p.tipo not in TipoPublico.values:
        raise ErrorBuzon(
            "tipo_invalido", "El tipo es «guia» (una guía) o «formato» (un formato).", "tipo"
        )
    version = p.version.strip()
    if not re.fullmatch(PATRON_VERSION, version):
        raise ErrorBuzon(
            "version_invalida",
            "La versión tiene de 1 a 20 letras, cifras, puntos o guiones, y empieza con letra o "
            "cifra (por ejemplo «2026.1»).",
            "version",
        )
    revisar_pdf(p.contenido)
    return Publicacion(titulo, descripcion, p.tipo, version, p.contenido)


def do_publicar_documento(
    rfc_oficial: str, publicacion: Publicacion, ahora: datetime | None = None
) -> DocumentoPublico:
    """Publish one version of a guide or format (an active administrador only)."""
    exigir_administrador(rfc_oficial)
    p = revisar(publicacion)
    instante = ahora or timezone.now()
    sha = hashlib.sha256(p.contenido).hexdigest()
    try:
        with transaction.atomic():
            documento = DocumentoPublico.objects.create(
                titulo=p.titulo,
                descripcion=p.descripcion,
                tipo=p.tipo,
                version=p.version,
                contenido=p.contenido,
                tamano=len(p.contenido),
                sha256=sha,
                publicado=instante,
                publicado_por=rfc_oficial,
            )
            CambioDocumento.objects.create(
                documento=documento,
                accion=CambioDocumento.Accion.PUBLICADO,
                instante=instante,
                por=rfc_oficial,
                sha256=sha,
            )
            anotar(
                "documento_publicado",
                f"documento-{documento.pk}",
                {
                    "titulo": p.titulo,
                    "tipo": p.tipo,
                    "version": p.version,
                    "sha256": sha,
                    "por": rfc_oficial,
                },
                instante,
            )
    except IntegrityError as exc:
        raise ErrorBuzon(
            "version_existente",
            f"Ya se publicó «{p.titulo}» versión {p.version}: publique una versión nueva "
            "(por ejemplo, con otro número) y, si quiere, retire la anterior.",
            "version",
            409,
        ) from exc
    return documento


def do_retirar_documento(
    rfc_oficial: str, documento_id: int, ahora: datetime | None = None
) -> DocumentoPublico:
    """Withdraw a published document (it stays, withdrawn; withdrawing twice is refused)."""
    exigir_administrador(rfc_oficial)
    instante = ahora or timezone.now()
    with transaction.atomic():
        documento = (
            DocumentoPublico.objects.select_for_update()
            .filter(pk=documento_id)
            .defer("contenido")
            .first()
        )
        if documento is None:
            raise ErrorBuzon(
                "no_encontrado", "No hay una guía ni un formato con ese número.", "id", 404
            )
        if documento.retirado is not None:
            raise ErrorBuzon(
                "ya_retirado", "Ese documento ya estaba retirado: no hay nada que hacer.", "id", 409
            )
        documento.retirado = instante
        documento.retirado_por = rfc_oficial
        documento.save(update_fields=["retirado", "retirado_por"])
        CambioDocumento.objects.create(
            documento=documento,
            accion=CambioDocumento.Accion.RETIRADO,
            instante=instante,
            por=rfc_oficial,
            sha256=documento.sha256,
        )
        anotar(
            "documento_retirado",
            f"documento-{documento.pk}",
            {"sha256": documento.sha256, "por": rfc_oficial},
            instante,
        )
    return documento
