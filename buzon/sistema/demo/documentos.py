"""The Mis documentos demo (numeral 8; relación 4): two documents for everyone, a guide and a
format, published by the demo's administrador through the real service. The particular's own
documents are the other parts' (emisiones, opiniones, acuses, notifications). Idempotent: an
existing title and version is left as it is."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from buzon.documentos.models import DocumentoPublico
from buzon.documentos.servicios import Publicacion, do_publicar_documento
from buzon.sistema.demo.comun import ADMINISTRADOR

VERSION = "2026.1"
DOCUMENTOS = (
    (
        "Guía para habilitar el Buzón IMSS",
        "Paso a paso: registrar el correo y el celular, confirmarlos y aceptar los términos "
        "(documento de demostración).",
        "guia",
        [
            "Guía para habilitar el Buzón IMSS (demostración)",
            "1. Entre con su e.firma.",
            "2. Registre su correo electrónico y su número de celular.",
            "3. Capture los códigos que recibió (vigentes 72 horas).",
            "4. Acepte los términos y condiciones: recibirá su acuse.",
        ],
    ),
    (
        "Formato de escrito libre",
        "Formato para presentar una promoción por escrito libre (documento de demostración).",
        "formato",
        [
            "Formato de escrito libre (demostración)",
            "Nombre o razón social: ______________________",
            "RFC: ______________   Registro patronal: ______________",
            "Asunto: ____________________________________",
        ],
    ),
)


def _pdf(lineas: list[str]) -> bytes:
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, pagesize=letter, invariant=True)
    y = 720
    for linea in lineas:
        lienzo.drawString(72, y, linea)
        y -= 24
    lienzo.save()
    return salida.getvalue()


def cargar_documentos() -> list[int]:
    """Publish the demo's guide and format (once); returns their ids. Needs the demo officials
    (`ADMINISTRADOR` registered as an active administrador)."""
    ids = []
    for titulo, descripcion, tipo, lineas in DOCUMENTOS:
        existente = DocumentoPublico.objects.filter(titulo=titulo, version=VERSION).first()
        if existente is None:
            existente = do_publicar_documento(
                ADMINISTRADOR.rfc, Publicacion(titulo, descripcion, tipo, VERSION, _pdf(lineas))
            )
        ids.append(existente.pk)
    return ids
