"""POST /convenios/opiniones: up to 1,000 RFCs, one sealed and logged opinión each (recorded as the
agency's consultation), malformed RFCs answered per item, the daily quota, the audit trail, and a
revocation that stops an existing token at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from buzon.convenios.models import Convenio, LlamadaConvenio, TokenConvenio
from buzon.convenios.servicios import do_revocar_convenio
from buzon.evidencia.models import Acuse, EntradaBitacora
from buzon.opinion.models import Consulta, Opinion
from tests.convenios.conftest import OPINIONES, Agencia, rfcs_validos

pytestmark = pytest.mark.django_db


@pytest.fixture
def con_sello(sello: object) -> None:
    """Opiniones are sealed: the demo seal."""


def _consultar(cliente: Client, token: str, rfcs: list[Any], **extra: Any) -> Any:
    return cliente.post(
        OPINIONES,
        {"rfcs": rfcs, **extra},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_mil_rfcs_una_opinion_sellada_y_registrada_cada_uno(
    client: Client, agencia: Agencia, con_sello: None
) -> None:
    token = agencia.token(client)
    rfcs = rfcs_validos(1000)
    respuesta = _consultar(client, token, rfcs)
    assert respuesta.status_code == 200, respuesta.content
    items = respuesta.json()["opiniones"]
    assert [i["rfc"] for i in items] == rfcs
    for item in items[:3]:
        assert item["sentido"] == "sin_opinion"  # not in the padrón
        assert item["folio"] and item["sello"] and item["verificacion"].startswith("http")
        assert item["motivos"] and item["emitida"] and item["vigente_hasta"]
        assert item["error"] is None
    assert Opinion.objects.count() == 1000
    assert Acuse.objects.filter(folio__in=[i["folio"] for i in items]).count() == 1000
    consultas = Consulta.objects.filter(tipo="convenio", convenio=agencia.convenio.pk)
    assert consultas.count() == 1000
    assert set(consultas.values_list("motivo", flat=True)) == {agencia.convenio.finalidad}
    assert set(consultas.values_list("consultante_rfc", flat=True)) == {agencia.convenio.rfc}
    assert EntradaBitacora.objects.filter(tipo="acuse_emitido").count() >= 1000
    llamada = LlamadaConvenio.objects.get(operacion="opiniones")
    assert (llamada.cantidad, llamada.rechazadas, llamada.estado) == (1000, 0, 200)


def test_rfc_invalido_se_informa_por_elemento(
    client: Client, agencia: Agencia, con_sello: None
) -> None:
    token = agencia.token(client)
    buenos = rfcs_validos(2)
    respuesta = _consultar(
        client, token, [buenos[0], "NO-ES-RFC", buenos[1], buenos[0]], motivo="Licitación 12/2026"
    )
    assert respuesta.status_code == 200, respuesta.content
    items = respuesta.json()["opiniones"]
    assert [i["rfc"] for i in items] == [buenos[0], "NO-ES-RFC", buenos[1]]
    assert items[1]["error"] == "rfc_invalido" and "RFC" in items[1]["mensaje"]
    assert items[1]["folio"] is None
    assert items[0]["folio"] and items[2]["folio"]
    assert set(Consulta.objects.values_list("motivo", flat=True)) == {"Licitación 12/2026"}
    llamada = LlamadaConvenio.objects.get(operacion="opiniones")
    assert (llamada.cantidad, llamada.rechazadas) == (2, 1)


def test_limites_de_la_lista(client: Client, agencia: Agencia, con_sello: None) -> None:
    token = agencia.token(client)
    assert _consultar(client, token, []).json()["error"] == "rfcs_vacio"
    demasiados = _consultar(client, token, rfcs_validos(1001))
    assert demasiados.status_code == 400 and demasiados.json()["error"] == "demasiados_rfcs"
    assert not Opinion.objects.exists()


def test_cuota_diaria(
    client: Client, hacer_agencia: Callable[..., Agencia], con_sello: None
) -> None:
    agencia = hacer_agencia(cuota_diaria=5)
    token = agencia.token(client)
    assert _consultar(client, token, rfcs_validos(3)).status_code == 200
    respuesta = _consultar(client, token, rfcs_validos(3, "BBB"))
    assert respuesta.status_code == 429
    cuerpo = respuesta.json()
    assert cuerpo["error"] == "cuota_agotada" and cuerpo["restantes"] == 2
    assert "00:00" in cuerpo["mensaje"] and cuerpo["reinicia"]
    assert Opinion.objects.count() == 3  # the refused call issued nothing
    assert _consultar(client, token, rfcs_validos(2, "CCC")).status_code == 200
    assert _consultar(client, token, rfcs_validos(1, "DDD")).status_code == 429
    estados = list(
        LlamadaConvenio.objects.filter(operacion="opiniones")
        .order_by("id")
        .values_list("estado", "cantidad")
    )
    assert estados == [(200, 3), (429, 0), (200, 2), (429, 0)]


def test_la_revocacion_detiene_un_token_existente(
    client: Client, agencia: Agencia, con_sello: None
) -> None:
    token = agencia.token(client)
    assert _consultar(client, token, rfcs_validos(1)).status_code == 200
    do_revocar_convenio(agencia.convenio, motivo="Incumplió el convenio", por="ROCA700101AB3")
    respuesta = _consultar(client, token, rfcs_validos(1))
    assert respuesta.status_code == 401  # its tokens were deleted with the revocation
    assert respuesta.json()["error"] == "invalid_token"
    assert Opinion.objects.count() == 1
    assert EntradaBitacora.objects.filter(tipo="convenio_revocado").count() == 1


def test_el_vencimiento_del_convenio_detiene_un_token_existente(
    client: Client, agencia: Agencia, con_sello: None
) -> None:
    """Checked on every call: a convenio whose validity ended stops its live token (here its
    end moved to yesterday, as the passing of midnight would)."""
    token = agencia.token(client)
    Convenio.objects.filter(pk=agencia.convenio.pk).update(
        vigente_hasta=timezone.localdate() - timedelta(days=2)
    )
    respuesta = _consultar(client, token, rfcs_validos(1))
    assert respuesta.status_code == 403
    assert respuesta.json()["error"] == "convenio_no_vigente"
    assert not Opinion.objects.exists()
    assert LlamadaConvenio.objects.filter(operacion="opiniones", estado=403).count() == 1


def test_sin_token_o_vencido(client: Client, agencia: Agencia, con_sello: None) -> None:
    sin = client.post(OPINIONES, {"rfcs": ["AAA900101A11"]}, content_type="application/json")
    assert sin.status_code == 401 and sin.json()["error"] == "invalid_token"
    assert "convenios/token" in sin.json()["mensaje"]
    token = agencia.token(client)
    TokenConvenio.objects.update(expira=timezone.now() - timedelta(seconds=1))
    assert _consultar(client, token, ["AAA900101A11"]).status_code == 401
    assert _consultar(client, "inventado", ["AAA900101A11"]).status_code == 401


def test_una_sesion_de_persona_no_sirve(
    client: Client, agencia: Agencia, patron_a: Any, con_sello: None
) -> None:
    from tests.cuentas.fixtures import entrar

    sesion = entrar(client, patron_a)
    assert _consultar(client, sesion, ["AAA900101A11"]).status_code == 401
