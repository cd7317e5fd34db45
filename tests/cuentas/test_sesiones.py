"""Login by signed challenge, timeouts, logout, revocation, and limits."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.cuentas.models import Sesion
from buzon.cuentas.servicios import do_revocar_sesiones
from tests.cuentas.fixtures import Patron, entrar

pytestmark = pytest.mark.django_db


def _intento(
    cliente: Client, patron: Patron, reto: str, firma: str | None = None
) -> dict[str, Any]:
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": firma if firma is not None else patron.firmar(reto.encode()),
        },
        content_type="application/json",
    )
    return {"estado": respuesta.status_code, **respuesta.json()}


def test_entrar_con_reto_firmado(client: Client, patron_a: Patron) -> None:
    reto = client.post("/api/v1/sesiones/reto")
    assert reto.status_code == 201
    cuerpo = reto.json()
    assert cuerpo["reto"].startswith("buzon-reto|v1|sesion|")
    respuesta = _intento(client, patron_a, cuerpo["reto"])
    assert respuesta["estado"] == 201
    assert (respuesta["rfc"], respuesta["perfil"]) == ("XIQB891116QE4", "particular")
    sesion = Sesion.objects.get()
    assert sesion.token_sha256 != respuesta["token"]  # only the hash is stored
    assert respuesta["token"] not in str(list(Sesion.objects.values()))


def test_el_reto_es_de_un_solo_uso_aunque_falle(client: Client, patron_a: Patron) -> None:
    reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    mala = base64.b64encode(b"x" * 256).decode()
    assert _intento(client, patron_a, reto, mala)["error"] == "firma_invalida"
    assert _intento(client, patron_a, reto)["error"] == "reto_invalido"
    otro = client.post("/api/v1/sesiones/reto").json()["reto"]
    assert _intento(client, patron_a, otro)["estado"] == 201
    assert _intento(client, patron_a, otro)["error"] == "reto_invalido"


def test_reto_inventado_o_vencido(client: Client, patron_a: Patron) -> None:
    assert _intento(client, patron_a, "hola")["error"] == "reto_invalido"
    inicio = datetime.now(UTC)
    with time_machine.travel(inicio, tick=False):
        reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    with time_machine.travel(inicio + timedelta(minutes=5, seconds=1), tick=False):
        assert _intento(client, patron_a, reto)["error"] == "reto_invalido"


@pytest.mark.parametrize(
    ("opciones", "codigo"),
    [
        ({"tipo": "csd"}, "no_es_fiel"),
        (
            {"hasta": datetime(2026, 1, 1, tzinfo=UTC), "desde": datetime(2025, 1, 1, tzinfo=UTC)},
            "vencido",
        ),
        (
            {"desde": datetime(2030, 1, 1, tzinfo=UTC), "hasta": datetime(2031, 1, 1, tzinfo=UTC)},
            "aun_no_vigente",
        ),
    ],
)
def test_certificados_rechazados(
    client: Client, hacer_patron: Callable[..., Patron], opciones: dict[str, Any], codigo: str
) -> None:
    patron = hacer_patron("XIQB891116QE4", **opciones)
    reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    respuesta = _intento(client, patron, reto)
    assert (respuesta["estado"], respuesta["error"]) == (401, codigo)
    assert respuesta["mensaje"]
    assert not Sesion.objects.exists()


def test_certificado_que_no_es_certificado(client: Client, patron_a: Patron) -> None:
    reto = client.post("/api/v1/sesiones/reto").json()["reto"]
    respuesta = client.post(
        "/api/v1/sesiones",
        {"certificado": "no es base64!", "reto": reto, "firma": "AA=="},
        content_type="application/json",
    )
    assert (respuesta.status_code, respuesta.json()["error"]) == (401, "certificado_invalido")
    respuesta = client.post(
        "/api/v1/sesiones",
        {"certificado": base64.b64encode(b"basura").decode(), "reto": reto, "firma": "AA=="},
        content_type="application/json",
    )
    assert respuesta.json()["error"] in {"certificado_invalido", "reto_invalido"}


def test_inactividad_duracion_maxima_y_cierre(client: Client, patron_a: Patron) -> None:
    inicio = datetime.now(UTC)
    with time_machine.travel(inicio, tick=False):
        token = entrar(client, patron_a)
    cabecera = {"Authorization": f"Bearer {token}"}
    with time_machine.travel(inicio + timedelta(minutes=14), tick=False):
        assert client.get("/api/v1/acuses", headers=cabecera).status_code == 200
    with time_machine.travel(inicio + timedelta(minutes=28), tick=False):
        assert client.get("/api/v1/acuses", headers=cabecera).status_code == 200  # 14 min idle
    with time_machine.travel(inicio + timedelta(minutes=43, seconds=1), tick=False):
        assert client.get("/api/v1/acuses", headers=cabecera).status_code == 401  # 15 min idle
    assert Sesion.objects.get().motivo_cierre == "inactividad"
    with time_machine.travel(inicio, tick=False):
        token = entrar(client, patron_a)
    cabecera = {"Authorization": f"Bearer {token}"}
    for minutos in range(10, 8 * 60, 10):
        with time_machine.travel(inicio + timedelta(minutes=minutos), tick=False):
            assert client.get("/api/v1/acuses", headers=cabecera).status_code == 200
    with time_machine.travel(inicio + timedelta(hours=8), tick=False):
        assert client.get("/api/v1/acuses", headers=cabecera).status_code == 401
    token = entrar(client, patron_a)
    cabecera = {"Authorization": f"Bearer {token}"}
    assert client.delete("/api/v1/sesiones", headers=cabecera).status_code == 204
    assert client.get("/api/v1/acuses", headers=cabecera).status_code == 401


def test_revocar_todas_las_sesiones_de_un_rfc(
    client: Client, patron_a: Patron, patron_b: Patron
) -> None:
    tokens = [entrar(client, patron_a), entrar(client, patron_a), entrar(client, patron_b)]
    assert do_revocar_sesiones("XIQB891116QE4") == 2
    estados = [
        client.get("/api/v1/acuses", HTTP_AUTHORIZATION=f"Bearer {t}").status_code for t in tokens
    ]
    assert estados == [401, 401, 200]


def test_intentos_limitados_sin_revelar_el_rfc(client: Client, patron_a: Patron) -> None:
    respuestas = [
        client.post(
            "/api/v1/sesiones",
            {"certificado": "AA==", "reto": "x", "firma": "AA=="},
            content_type="application/json",
        ).status_code
        for _ in range(31)
    ]
    assert respuestas[-1] == 429
    assert set(respuestas[:30]) == {401}


def test_un_reto_con_formato_correcto_pero_no_emitido_aqui(
    client: Client, patron_a: Patron
) -> None:
    genuino = client.post("/api/v1/sesiones/reto").json()["reto"]
    prefijo, _, cola = genuino.rpartition("|")
    falsificado = prefijo + "|" + ("A" if cola[0] != "A" else "B") + cola[1:]
    respuesta = _intento(client, patron_a, falsificado)
    assert respuesta["error"] == "reto_invalido"
    assert "no lo emitió este Buzón" in respuesta["mensaje"]
    otro_proposito = genuino.replace("|sesion|", "|terminos|")
    assert _intento(client, patron_a, otro_proposito)["error"] == "reto_invalido"
    assert _intento(client, patron_a, genuino)["estado"] == 201


def test_emitir_un_reto_no_escribe_en_la_base(client: Client) -> None:
    from buzon.cuentas.models import RetoUsado

    client.post("/api/v1/sesiones/reto")
    assert not RetoUsado.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_un_reto_presentado_a_la_vez_por_varios_abre_una_sola_sesion(patron_a: Patron) -> None:
    """The spent reto is one `INSERT … ON CONFLICT DO NOTHING`: between concurrent connections
    the unique key decides, exactly one opens a session, the others get reto_invalido."""
    import threading

    from django.db import connection

    from buzon.cuentas.servicios import do_abrir_sesion, do_emitir_reto
    from buzon.efirma.errores import ErrorEfirma

    reto = do_emitir_reto().valor
    firma = base64.b64decode(patron_a.firmar(reto.encode()))
    barrera = threading.Barrier(4)
    resultados: list[str] = []

    def presentar() -> None:
        try:
            barrera.wait(10)
            do_abrir_sesion(patron_a.cer, reto, firma)
            resultados.append("abierta")
        except ErrorEfirma as exc:
            resultados.append(exc.codigo)
        finally:
            connection.close()

    hilos = [threading.Thread(target=presentar) for _ in range(4)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(30)
    assert sorted(resultados) == ["abierta", "reto_invalido", "reto_invalido", "reto_invalido"]
    assert Sesion.objects.count() == 1
