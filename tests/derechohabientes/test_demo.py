"""The demo's worker: an e.firma whose CURP links to their NSS, and their semanas descontadas and
reintegradas imported (idempotent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from buzon.derechohabientes.models import AjusteSemanas
from buzon.efirma import leer_certificado, pki
from buzon.sistema.demo.cuotas import DE_MUESTRA
from buzon.sistema.demo.derechohabientes import RFC_TRABAJADOR, cargar_derechohabientes
from tests.derechohabientes.ayudas import asegurado

pytestmark = pytest.mark.django_db


def test_el_trabajador_de_la_demo(tmp_path: Path) -> None:
    a = asegurado(1, DE_MUESTRA.curp, DE_MUESTRA.nombre)
    a.nss = DE_MUESTRA.nss
    a.save()
    ac = pki.crear_ac(tmp_path / "ac")
    archivos = cargar_derechohabientes(tmp_path / "efirmas", ac, tmp_path / "datos")
    certificado = leer_certificado(archivos["efirma_trabajador"].read_bytes())
    assert (certificado.rfc, certificado.curp) == (RFC_TRABAJADOR, DE_MUESTRA.curp)
    assert AjusteSemanas.objects.filter(asegurado=a).count() == 2
    otra_vez = cargar_derechohabientes(tmp_path / "efirmas", ac, tmp_path / "datos")
    assert otra_vez["efirma_trabajador"].read_bytes() == archivos["efirma_trabajador"].read_bytes()
    assert AjusteSemanas.objects.count() == 2
