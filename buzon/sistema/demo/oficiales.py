"""The demo's officials (their e.firma files and accounts) and the act they notify: a one-page
"Oficio" PDF, the same bytes on every run. Never on a production installation: the officials'
keys are test keys written to the data folder."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from buzon.efirma import Certificado, leer_certificado, pki
from buzon.legal.formato import fecha_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import do_alta_oficial
from buzon.sistema.demo.comun import SUBDELEGACION, Escenario, OficialDemo


def credencial(
    ac: pki.AC, carpeta: Path, oficial: OficialDemo, desde: datetime
) -> tuple[Certificado, Path, Path]:
    """The official's e.firma files, issued when missing or not valid from `desde` until now."""
    ruta_cer, ruta_key = carpeta / f"{oficial.rfc}.cer", carpeta / f"{oficial.rfc}.key"
    ahora = timezone.now()
    if ruta_cer.exists() and ruta_key.exists():
        certificado = leer_certificado(ruta_cer.read_bytes())
        if certificado.valido_desde <= desde and ahora < certificado.valido_hasta:
            return certificado, ruta_cer, ruta_key
    cer, key = pki.emitir(
        ac,
        rfc=oficial.rfc,
        nombre=oficial.nombre,
        curp=oficial.curp,
        desde=desde,
        hasta=ahora + timedelta(days=4 * 365),
    )
    pki.escribir_credencial(carpeta, oficial.rfc, cer, key)
    return leer_certificado(cer), ruta_cer, ruta_key


def alta_oficial(oficial: OficialDemo) -> Oficial:
    actual = Oficial.objects.filter(rfc=oficial.rfc).first()
    nombre = oficial.nombre.title()
    if (
        actual is not None
        and actual.activo
        and actual.rol == oficial.rol
        and actual.subdelegacion == SUBDELEGACION
    ):
        return actual
    return do_alta_oficial(
        rfc=oficial.rfc, nombre=nombre, rol=oficial.rol, subdelegacion=SUBDELEGACION
    ).oficial


def oficio_pdf(e: Escenario, firmante: OficialDemo) -> bytes:
    """The act notified: a one-page "Oficio" (ReportLab, the same bytes on every run)."""
    from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, pagesize=letter, invariant=True)
    lienzo.setTitle(f"Oficio {e.oficio}")
    lienzo.setAuthor("Instituto Mexicano del Seguro Social (demostración)")
    y = 730.0

    def linea(texto: str, fuente: str = "Helvetica", tamano: int = 11, salto: int = 16) -> None:
        nonlocal y
        lienzo.setFont(fuente, tamano)
        lienzo.drawString(72, y, texto)
        y -= salto

    linea("INSTITUTO MEXICANO DEL SEGURO SOCIAL", "Helvetica-Bold", 13)
    linea(f"Subdelegación {SUBDELEGACION} · Documento de demostración, sin validez", salto=28)
    linea(f"Oficio núm. {e.oficio}", "Helvetica-Bold")
    linea(
        f"Ciudad de México, a {fecha_legible(e.emitida.astimezone(ZONA_CENTRO).date())}", salto=28
    )
    linea(e.nombre, "Helvetica-Bold")
    linea(f"RFC: {e.rfc}", salto=28)
    linea(f"Asunto: {e.asunto}", "Helvetica-Bold", salto=24)
    for texto in (
        "Con fundamento en los artículos 251 de la Ley del Seguro Social, 134, fracción I, y",
        "139 del Código Fiscal de la Federación, y en los Lineamientos del Buzón IMSS, se le",
        "notifica el presente acto por medio de su Buzón IMSS.",
        "",
        "Este documento fue generado por «buzon demo» para mostrar el ciclo de una",
        "notificación; no produce efecto jurídico alguno.",
    ):
        linea(texto)
    y -= 28
    linea(firmante.nombre.title(), "Helvetica-Bold")
    linea(f"{firmante.cargo}, Subdelegación {SUBDELEGACION}")
    linea("Firmado con e.firma (firma electrónica avanzada)", "Helvetica-Oblique", 9)
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()
