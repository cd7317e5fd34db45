"""The officials' trigger only plans the run (202); the background pass (`trabajo.una_pasada`,
`buzon barrer`) generates a bounded number of chunks each time until the run is done."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from buzon.cuotas.emisiones import generacion
from buzon.cuotas.emisiones.modelos import BloqueEmision, CorridaEmision, Emision
from buzon.sistema import trabajo
from tests.cuotas.test_emisiones_generacion import ledger

pytestmark = pytest.mark.django_db

__all__ = ["ledger"]  # a fixture, used by name


def _pedir(admin: Any, periodo: str = "2026-04") -> Any:
    return admin.cliente.post(
        "/api/v1/oficina/emisiones",
        {"periodo": periodo},
        content_type="application/json",
        **admin.encabezados(),
    )


def test_la_api_solo_planea_y_la_pasada_genera(
    ledger: None, hacer_funcionario: Callable[..., Any]
) -> None:
    admin = hacer_funcionario("MEBE850101AB4", rol="administrador")
    r = _pedir(admin)
    assert r.status_code == 202, r.content
    cuerpo = r.json()
    corrida = CorridaEmision.objects.get()
    assert cuerpo["id"] == corrida.pk and cuerpo["periodo"] == "2026-04"
    assert cuerpo["estado"] == "en_curso" and cuerpo["bloques_hechos"] == 0
    assert cuerpo["bloques"] == corrida.bloques >= 1
    assert cuerpo["registros"] == corrida.registros >= 3
    assert not Emision.objects.exists()
    assert not BloqueEmision.objects.filter(hecho=True).exists()
    otra = _pedir(admin)  # idempotent while unfinished: the same run, nothing generated
    assert otra.status_code == 202 and otra.json() == cuerpo
    assert CorridaEmision.objects.count() == 1 and not Emision.objects.exists()
    assert trabajo.una_pasada()["bloques_de_emisiones"] == 1
    corrida.refresh_from_db()
    assert corrida.estado == CorridaEmision.Estado.TERMINADA and corrida.terminada is not None
    assert Emision.objects.count() == 3 and corrida.emisiones == 3
    final = _pedir(admin)  # a finished period: the same run with its figures, nothing redone
    assert final.status_code == 202
    assert final.json()["estado"] == "terminada"
    assert final.json()["id"] == corrida.pk and final.json()["emisiones"] == 3
    assert Emision.objects.count() == 3
    assert trabajo.una_pasada()["bloques_de_emisiones"] == 0


def test_cada_pasada_hace_pocos_bloques_hasta_terminar(ledger: None) -> None:
    corrida = generacion.do_planear("2026-04", solicitante="MEBE850101AB4", tamano=1)
    assert corrida.bloques == corrida.registros >= 3
    hechos: list[int] = []
    while CorridaEmision.objects.filter(pk=corrida.pk, estado="en_curso").exists():
        hechos.append(trabajo.una_pasada()["bloques_de_emisiones"])
        assert len(hechos) <= corrida.bloques  # each pass advances
    assert max(hechos) <= generacion.BLOQUES_POR_PASADA
    assert sum(hechos) == corrida.bloques
    corrida.refresh_from_db()
    assert corrida.bloques_hechos == corrida.bloques and Emision.objects.count() == 3


def test_el_limite_por_pasada_se_respeta(ledger: None) -> None:
    corrida = generacion.do_planear("2026-04", tamano=1)
    assert generacion.avanzar_pendientes(limite=1) == 1
    assert BloqueEmision.objects.filter(corrida=corrida, hecho=True).count() == 1
    corrida.refresh_from_db()
    assert corrida.estado == CorridaEmision.Estado.EN_CURSO and corrida.terminada is None


def test_barrer_termina_la_generacion(ledger: None) -> None:
    corrida = generacion.do_planear_emision("2026-04", por="MEBE850101AB4")
    salida = StringIO()
    call_command("barrer", stdout=salida)
    assert json.loads(salida.getvalue())["bloques_de_emisiones"] == corrida.bloques
    corrida.refresh_from_db()
    assert corrida.estado == CorridaEmision.Estado.TERMINADA
    assert corrida.solicitante == "MEBE850101AB4" and Emision.objects.count() == 3


def test_dos_pedidos_a_la_vez_dan_la_misma_corrida(
    ledger: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = generacion.do_planear

    def ganada_por_otro(periodo: str, solicitante: str = "", tamano: int = 500) -> Any:
        original(periodo, "OTRO850101AB4")  # the other request commits its run first
        raise IntegrityError("UNIQUE constraint failed: cuotas_corridaemision.periodo")

    monkeypatch.setattr(generacion, "do_planear", ganada_por_otro)
    corrida = generacion.do_planear_emision("2026-04", por="MEBE850101AB4")
    assert corrida.solicitante == "OTRO850101AB4" and CorridaEmision.objects.count() == 1


def test_un_periodo_invalido_no_planea_nada(
    ledger: None, hacer_funcionario: Callable[..., Any]
) -> None:
    admin = hacer_funcionario("MEBE850101AB4", rol="administrador")
    r = _pedir(admin, "2026-13")
    assert r.status_code == 400 and r.json()["campo"] == "periodo"
    assert not CorridaEmision.objects.exists()
