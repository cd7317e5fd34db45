"""The demo's riesgos: imported through the real import, trayecto excluded, idempotent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from buzon.riesgos.models import ArchivoRiesgos, RiesgoTerminado
from buzon.sistema.demo.comun import HABILITADO
from buzon.sistema.demo.cuotas import REGISTRO_GENERAL
from buzon.sistema.demo.riesgos import anio_demo, cargar_riesgos
from tests.actuaciones.fixtures import en_padron

pytestmark = pytest.mark.django_db


def test_cargar_riesgos_idempotente(tmp_path: Path) -> None:
    en_padron(HABILITADO[0], REGISTRO_GENERAL)
    hoy = date(2026, 12, 4)
    assert anio_demo(hoy) == 2026 and anio_demo(date(2027, 2, 10)) == 2026
    archivos = cargar_riesgos(tmp_path, hoy)
    assert archivos["riesgos"].exists()
    assert RiesgoTerminado.objects.count() == 2
    assert ArchivoRiesgos.objects.get().en_trayecto == 1
    cargar_riesgos(tmp_path, hoy)
    assert RiesgoTerminado.objects.count() == 2 and ArchivoRiesgos.objects.count() == 1
