"""«¿Es auténtico este aviso?» (issue 11 §6): by the folio an email or SMS quoted, whether the
Institute sent an aviso with it (a provider accepted one of its messages), when, and to which
masked addresses — nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.avisos.entrega import entregar_todo
from buzon.avisos.models import Intento, Mensaje
from buzon.evidencia.folio import nuevo_folio
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.models import Notificacion
from buzon.verificacion.selectors import (
    enmascarar_correo,
    enmascarar_telefono,
    verificar_aviso,
)
from tests.notificaciones.fixtures import Funcionario, habilitar

VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)
RFC = "XIQB891116QE4"
CORREO = "rosa.ruiz@acme.mx"
CELULAR = "5512341234"
FOLIO = nuevo_folio(2027)  # well formed (its check characters are right)
OTRO_FOLIO = nuevo_folio(2027)


@pytest.mark.parametrize(
    ("correo", "mascara"),
    [
        ("rosa.ruiz@acme.mx", "r***@acme.mx"),
        ("R@ACME.MX", "R***@ACME.MX"),
        ("  a.b@sub.acme.mx ", "a***@sub.acme.mx"),
        ("sin-arroba", "***"),
        ("@acme.mx", "***"),
    ],
)
def test_enmascarar_correo(correo: str, mascara: str) -> None:
    assert enmascarar_correo(correo) == mascara


@pytest.mark.parametrize(
    ("numero", "mascara"),
    [("+525512341234", "******1234"), ("5512345678", "******5678"), ("12", "******")],
)
def test_enmascarar_telefono(numero: str, mascara: str) -> None:
    assert enmascarar_telefono(numero) == mascara


# ------------------------------------------------------------- outbox rows


def _mensaje(folio: str, canal: str, destino: str, *resultados: tuple[str, datetime]) -> Mensaje:
    mensaje = Mensaje.objects.create(
        canal=canal,
        destino=destino,
        asunto="Tiene una notificación" if canal == "correo" else "",
        cuerpo="Tiene una notificación en su Buzón IMSS.",
        clave=f"aviso:{folio}:{canal}:{destino}",
        huella="0" * 64,
        proximo_intento=VIERNES,
        creado=VIERNES,
        actualizado=VIERNES,
        intentos=len(resultados),
    )
    for numero, (resultado, instante) in enumerate(resultados, start=1):
        Intento.objects.create(
            mensaje=mensaje, numero=numero, instante=instante, resultado=resultado
        )
    return mensaje


@pytest.mark.django_db
def test_solo_cuenta_lo_que_un_proveedor_acepto() -> None:
    t = VIERNES
    _mensaje(FOLIO, "correo", CORREO, ("fallido", t), ("enviado", t + timedelta(minutes=7)))
    _mensaje(FOLIO, "sms", "+525512341234", ("enviado", t + timedelta(minutes=2)))
    _mensaje(FOLIO, "correo", "otra@acme.mx", ("fallido", t), ("rechazado", t))  # dead
    _mensaje(FOLIO, "correo", "pendiente@acme.mx")  # queued, never attempted
    _mensaje(OTRO_FOLIO, "correo", "ajeno@acme.mx", ("enviado", t))  # another folio
    Mensaje.objects.create(  # not an aviso: a confirmation code that quotes nothing
        canal="correo", destino="x@acme.mx", cuerpo="código", clave=f"codigo:{FOLIO}",
        huella="1" * 64, proximo_intento=t, creado=t, actualizado=t,
    )  # fmt: skip
    resultado = verificar_aviso(FOLIO.lower())
    assert resultado.enviado and resultado.folio == FOLIO
    assert resultado.enviado_en == t + timedelta(minutes=2)
    assert [(d.canal, d.destino, d.aceptado) for d in resultado.destinos] == [
        ("sms", "******1234", t + timedelta(minutes=2)),
        ("correo", "r***@acme.mx", t + timedelta(minutes=7)),
    ]


@pytest.mark.django_db
def test_un_aviso_sin_aceptacion_no_se_envio() -> None:
    _mensaje(FOLIO, "correo", CORREO, ("fallido", VIERNES), ("abandonado", VIERNES))
    assert not verificar_aviso(FOLIO).enviado
    assert not verificar_aviso(OTRO_FOLIO).enviado
    assert not verificar_aviso("2026-AAAA-BBBB-CCCDD").enviado  # malformed
    assert not verificar_aviso("aviso:%").enviado
    assert not verificar_aviso("").enviado


# --------------------------------------------- the real path: issue, dispatch, deliver


@pytest.fixture
def avisada(notificador: Funcionario) -> Iterator[Notificacion]:
    """A notification issued on a Friday at 10:00 to an enabled mailbox, its aviso dispatched
    and accepted by the (console) providers."""
    habilitar(RFC, correo=CORREO, celular=CELULAR)
    with time_machine.travel(VIERNES, tick=False):
        respuesta = notificador.emitir(RFC, "aviso-autentico-1")
        assert respuesta.status_code == 201, respuesta.content
        from buzon.notificaciones.entrega.despacho import despachar_avisos

        despachar_avisos()
        entregar_todo()
        yield Notificacion.objects.get(pk=respuesta.json()["id"])


@pytest.mark.django_db
def test_la_api_responde_por_un_folio_real_y_por_uno_inventado(
    client: Client, avisada: Notificacion
) -> None:
    respuesta = client.get(f"/api/v1/verificacion/avisos/{avisada.folio}")
    assert respuesta.status_code == 200
    cuerpo: dict[str, Any] = respuesta.json()
    assert cuerpo["enviado"] is True
    assert cuerpo["folio"] == avisada.folio
    assert cuerpo["enviado_en"] == "2027-01-15T10:00:00-06:00"
    assert sorted((d["canal"], d["destino"]) for d in cuerpo["destinos"]) == [
        ("correo", "r***@acme.mx"),
        ("sms", "******1234"),
    ]
    assert set(cuerpo) == {"enviado", "folio", "enviado_en", "destinos", "mensaje"}
    texto = respuesta.content.decode()
    for privado in (RFC, "XIQ*******QE4", CORREO, CELULAR, avisada.asunto):
        assert privado not in texto
    inventado = client.get(f"/api/v1/verificacion/avisos/{OTRO_FOLIO}").json()
    assert inventado["enviado"] is False and inventado["destinos"] == []
    assert "no es del IMSS" in inventado["mensaje"]


@pytest.mark.django_db
def test_la_pagina_del_aviso(client: Client, avisada: Notificacion) -> None:
    pagina = client.get("/verificar/aviso/", {"folio": avisada.folio}).content.decode()
    assert f"El IMSS envió un aviso con el folio {avisada.folio}" in pagina
    assert "15 de enero de 2027, 10:00:00 h, Zona Centro" in pagina
    assert "r***@acme.mx" in pagina and "******1234" in pagina
    assert RFC not in pagina and "XIQ*******QE4" not in pagina and CORREO not in pagina
    assert avisada.asunto not in pagina
    falso = client.get("/verificar/aviso/", {"folio": OTRO_FOLIO}).content.decode()
    assert "No encontramos un aviso del IMSS con ese folio" in falso
    assert "nunca traen ligas" in falso
    vacio = client.get("/verificar/aviso/")
    assert vacio.status_code == 200 and "Folio que cita el mensaje" in vacio.content.decode()


@pytest.mark.django_db
def test_la_pagina_de_inicio_enlaza_las_verificaciones(client: Client) -> None:
    inicio = client.get("/").content.decode()
    assert 'href="/verificar/aviso/"' in inicio
    assert 'href="/verificar/"' in inicio
