"""Fixtures for evidence tests: a demo seal in a temporary folder, and acuses sealed with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from buzon.evidencia import sello as modulo_sello
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse

SHA_PDF = "a" * 64


@pytest.fixture
def carpeta_sello(tmp_path: Path) -> Iterator[Path]:
    carpeta = tmp_path / "sello"
    with override_settings(BUZON_SELLO_DIR=str(carpeta)):
        modulo_sello._cargar.cache_clear()
        yield carpeta
    modulo_sello._cargar.cache_clear()


@pytest.fixture
def sello(carpeta_sello: Path, db: None) -> CertificadoSello:
    return modulo_sello.crear_sello_de_demostracion()


@pytest.fixture
def acuse(sello: CertificadoSello) -> Acuse:
    return do_emitir_acuse(
        SolicitudAcuse(
            tipo="registro_medios",
            rfc="H&E951128469",
            documentos=[Documento("terminos-v1.pdf", SHA_PDF)],
            datos={"correos": ["contacto@empresa.mx"], "celular": "+525512345678"},
        )
    )
