"""The demo's comunicados: one published and fanned out to Centro, one waiting; idempotent."""

from __future__ import annotations

import pytest

from buzon.comunicados.models import Comunicado, Destinatario
from buzon.sistema.demo.comun import SUPERVISOR
from buzon.sistema.demo.comunicados import cargar_comunicados
from tests.comunicados.ayudas import RFC_A, RFC_B, oficial, padron_basico

pytestmark = pytest.mark.django_db


def test_demo_idempotente() -> None:
    padron_basico()
    oficial(SUPERVISOR.rfc, "supervisor", "Centro")
    primera = cargar_comunicados()
    assert cargar_comunicados() == primera
    publicado = Comunicado.objects.get(pk=primera["publicado"])
    assert publicado.estado == "publicado" and publicado.difusion == "terminada"
    assert Comunicado.objects.get(pk=primera["por_aprobar"]).estado == "por_aprobar"
    rfcs = set(Destinatario.objects.values_list("rfc", flat=True))
    assert RFC_A in rfcs and RFC_B not in rfcs  # B has no registro in Centro
