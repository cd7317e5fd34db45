"""Concurrency on PostgreSQL: workers and requests racing each other never duplicate a legal fact.

Two sweeps at once issue exactly one acuse per notification; two aviso dispatchers send one
message per medio and seal one constancia each; two openings at once give one acuse; the same
Idempotency-Key sent twice at once issues one notification; two batch workers never process one
batch together. Each thread has its own database connection (transactional tests).

SQLite serialises every writer (BEGIN IMMEDIATE), so these races cannot happen there: the tests
run only on PostgreSQL, as in CI.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

import pytest
import time_machine
from django.db import connection

from buzon.avisos.entrega import entregar_todo
from buzon.avisos.models import Intento, Mensaje
from buzon.calendario.servicios import do_declarar_dia_inhabil
from buzon.evidencia.models import Acuse
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.legal.notificacion import NOTIFICADA
from buzon.notificaciones.emision import servicios as emision
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.emision.servicios import Solicitud, emitir_varias
from buzon.notificaciones.entrega import barrido, constancia, despacho
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.entrega.reencamino import reencaminar_sin_aceptar
from buzon.notificaciones.eventos import registrar, registrar_de_nuevas
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Evento, Lote, Notificacion
from tests.cuentas.fixtures import Patron
from tests.hilos import a_la_vez
from tests.notificaciones.ayudas import TIPOS_NOTIFICACION, Oficina, Particular, zc
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="carreras entre conexiones: SQLite serializa a todos los escritores (BEGIN "
        "IMMEDIATE), así que solo PostgreSQL puede ejercerlas",
    ),
]

LUNES = zc(2027, 1, 18, 10)
SABADO = zc(2027, 1, 16, 12)  # aviso at 09:30 of Monday 18th
VENCE = zc(2027, 1, 22, 9, 30)
R = TypeVar("R")


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def emitir_muchas(
    funcionario: Funcionario, rfcs: list[str], cuantas: int, ahora: datetime
) -> list[Notificacion]:
    """Many notifications at once through the bulk path (one signature: the same document)."""
    pdf = pdf_de_prueba("Documento para muchas")
    documento, firma = base64.b64encode(pdf).decode(), funcionario.patron.firmar(pdf)
    resultados = emitir_varias(
        funcionario.oficial,
        funcionario.patron.cer,
        [
            Solicitud(
                clave=f"k-{i}",
                rfc=rfcs[i % len(rfcs)],
                tipo="7.1",
                asunto=f"Resolución {i}",
                documento=documento,
                firma=firma,
            )
            for i in range(cuantas)
        ],
        ahora=ahora,
    )
    assert all(r.error is None and r.notificacion is not None for r in resultados)
    return [r.notificacion for r in resultados if r.notificacion is not None]


def enviar_avisos(instante: datetime) -> None:
    """At `instante`: dispatched and accepted by the providers (console), dated from it [I-35]."""
    with time_machine.travel(instante, tick=False):
        despachar_avisos()
        entregar_todo()


@pytest.fixture
def patrones(hacer_patron: Callable[..., Patron]) -> list[str]:
    rfcs = ["XIQB891116QE4", "H&E951128469", "MAPE800101AB1"]
    for i, rfc in enumerate(rfcs):
        habilitar(rfc, correo=f"patron{i}@empresa.mx", celular=f"55{i}1234567")
    return rfcs


def test_dos_barridos_a_la_vez_un_acuse_por_notificacion(
    notificador: Funcionario, patrones: list[str]
) -> None:
    emitidas = emitir_muchas(notificador, patrones, 300, LUNES)
    enviar_avisos(LUNES)
    with time_machine.travel(VENCE, tick=False):
        hechas = a_la_vez(
            lambda: barrer_notificaciones(lote=40), lambda: barrer_notificaciones(lote=40)
        )
        assert barrer_notificaciones() == 0
    assert sum(hechas) == 300
    folios = list(
        Acuse.objects.filter(tipo__in=TIPOS_NOTIFICACION).values_list(
            "datos__notificacion", flat=True
        )
    )
    assert len(folios) == 300
    assert sorted(folios) == sorted(n.folio for n in emitidas)
    assert Evento.objects.filter(tipo="notificada").count() == 300
    assert not Notificacion.objects.filter(acuse="").exists()


def test_dos_despachadores_a_la_vez_un_aviso_por_medio(
    notificador: Funcionario, patrones: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(despacho, "LOTE", 15)
    emitidas = emitir_muchas(notificador, patrones, 90, SABADO)
    assert all(n.aviso_programado == zc(2027, 1, 18, 9, 30) and n.aviso is None for n in emitidas)
    with time_machine.travel(zc(2027, 1, 18, 9, 30), tick=False):
        enviados = a_la_vez(despachar_avisos, despachar_avisos)
        assert despachar_avisos() == 0
    assert sum(enviados) == 90
    # One email and one SMS per notification, each once; nothing sent yet, nothing dated.
    claves = list(Mensaje.objects.values_list("clave", flat=True))
    assert len(claves) == len(set(claves)) == 180
    for n in emitidas:
        assert Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:").count() == 2
    assert Evento.objects.filter(tipo="aviso_despachado").count() == 90
    assert not Notificacion.objects.filter(aviso__isnull=False).exists()


def test_dos_entregas_y_dos_barridos_a_la_vez_un_aviso_y_una_constancia(
    notificador: Funcionario, patrones: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """7.3 [I-35]: two delivery passes (each fixing avisos in its own transaction) racing a
    reroute sweep and a constancia sweep: one aviso instant per notification, the first
    acceptance of its medios; one constancia each; nothing rerouted."""
    monkeypatch.setattr(constancia, "LOTE", 15)
    emitidas = emitir_muchas(notificador, patrones, 60, SABADO)
    with time_machine.travel(zc(2027, 1, 18, 9, 30), tick=False):
        assert despachar_avisos() == 60
    with time_machine.travel(zc(2027, 1, 18, 9, 31), tick=True):
        a_la_vez(
            partial(entregar_todo, 25),
            partial(entregar_todo, 25),
            constancia.sellar_constancias,
            constancia.sellar_constancias,
            reencaminar_sin_aceptar,
        )
        entregar_todo()
        constancia.sellar_constancias()
    assert Mensaje.objects.filter(estado=Mensaje.Estado.ENVIADO).count() == 120
    for n in Notificacion.objects.filter(pk__in=[e.pk for e in emitidas]):
        aceptados = Intento.objects.filter(
            mensaje__clave__startswith=f"aviso:{n.folio}:", resultado="enviado"
        ).values_list("instante", flat=True)
        assert n.aviso == n.aviso_enviado == min(aceptados), n.folio
        assert n.ruta == Notificacion.Ruta.BUZON and n.vence == VENCE
        constancias = Acuse.objects.filter(tipo="constancia_aviso", datos__notificacion=n.folio)
        assert [a.folio for a in constancias] == [n.acuse_aviso]
    assert Evento.objects.filter(tipo="aviso_enviado").count() == 120
    assert Evento.objects.filter(tipo="constancia_aviso").count() == 60
    assert not Evento.objects.filter(tipo="reencaminada").exists()


def test_dos_aperturas_a_la_vez_un_acuse(
    notificador: Funcionario, patron_a: Patron, patrones: list[str]
) -> None:
    emitidas = emitir_muchas(notificador, [patron_a.rfc], 6, LUNES)
    with time_machine.travel(zc(2027, 1, 19, 11), tick=False):
        for n in emitidas:
            despachar_avisos(ids=[n.pk])
            entregar_todo()  # the providers accept: the aviso is sent now [I-35]
            uno, otro = a_la_vez(
                partial(do_abrir, n.pk, patron_a.rfc), partial(do_abrir, n.pk, patron_a.rfc)
            )
            assert uno.acuse.folio == otro.acuse.folio
        # Through the API too: two sessions of the same employer, at once.
        sesiones = [Particular(patron_a), Particular(patron_a)]
        for sesion in sesiones:
            sesion.encabezados()  # log in before the race
        otra = emitir_muchas(notificador, [patron_a.rfc], 7, LUNES)[-1]
        despachar_avisos()
        entregar_todo()
        respuestas = a_la_vez(*[partial(s.abrir, otra.pk) for s in sesiones])
        assert [r.status_code for r in respuestas] == [200, 200]
        assert len({r.json()["acuse"]["folio"] for r in respuestas}) == 1
    for n in [*emitidas, otra]:
        assert (
            len(Acuse.objects.filter(tipo__in=TIPOS_NOTIFICACION, datos__notificacion=n.folio)) == 1
        )
        assert Evento.objects.filter(notificacion=n, tipo="abierta").count() == 1


def test_la_misma_clave_a_la_vez_emite_una_sola_notificacion(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    habilitar(patron_a.rfc)
    # Widen the race: the first request holds its new row uncommitted for a while, so the second
    # looks for the key before the first commits and then collides on the unique index.

    def registrar_despacio(*args: Any, **kwargs: Any) -> None:
        registrar_de_nuevas(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(emision, "registrar_de_nuevas", registrar_despacio)
    sesiones = [Oficina(notificador), Oficina(notificador)]
    pdf = pdf_de_prueba("Una sola vez")
    with time_machine.travel(LUNES, tick=False):
        for sesion in sesiones:
            sesion.encabezados()
        for ronda in range(3):
            clave = f"misma-{ronda}"
            respuestas = a_la_vez(
                *[partial(s.emitir, patron_a.rfc, clave, pdf, entregar=False) for s in sesiones]
            )
            assert [r.status_code for r in respuestas] == [201, 201], [
                r.content for r in respuestas
            ]
            assert respuestas[0].json() == respuestas[1].json()
        # An aviso the race made the first request skip (the other held the row) goes with the
        # next background pass: never twice.
        despachar_avisos()
        entregar_todo()
        constancia.sellar_constancias()
    assert Notificacion.objects.count() == 3
    for n in Notificacion.objects.all():
        assert Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:").count() == 2
        constancias = Acuse.objects.filter(tipo="constancia_aviso", datos__notificacion=n.folio)
        assert constancias.count() == 1
        assert Evento.objects.filter(notificacion=n, tipo="creada").count() == 1


def test_dos_trabajadores_nunca_procesan_un_lote_juntos(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)

    def renglon(i: int) -> str:
        pdf = pdf_de_prueba(f"Lote {i}")
        return json.dumps(
            {
                "rfc": patron_a.rfc,
                "tipo": "7.1",
                "asunto": f"Resolución {i}",
                "documento": base64.b64encode(pdf).decode(),
                "firma": notificador.patron.firmar(pdf),
            }
        )

    with time_machine.travel(LUNES, tick=False):
        for j in range(3):
            contenido = "\n".join(renglon(10 * j + i) for i in range(10)).encode()
            respuesta = oficina.post(
                "/api/v1/oficina/lotes",
                {
                    "nombre_archivo": f"lote-{j}.jsonl",
                    "contenido": base64.b64encode(contenido).decode(),
                },
            )
            assert respuesta.status_code == 201, respuesta.content
        terminados = a_la_vez(procesar_pendientes, procesar_pendientes)
    assert sum(terminados) == 3
    assert (
        list(Lote.objects.values_list("estado", "procesadas", "correctas"))
        == [("terminado", 10, 10)] * 3
    )
    assert Notificacion.objects.count() == 30


def test_un_cambio_de_calendario_no_mueve_lo_que_un_barrido_acaba_de_notificar(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep materialises a notification at its deemed instant while, a second earlier on the
    clock, a día inhábil is declared: the recalculation must not move the deemed instant of a
    notification whose acuse the sweep has just sealed (or the acuse and the state disagree)."""
    habilitar(patron_a.rfc)
    [n] = emitir_muchas(notificador, [patron_a.rfc], 1, LUNES)
    enviar_avisos(LUNES)
    materializado = threading.Event()

    def registrar_y_esperar(*args: Any, **kwargs: Any) -> None:
        registrar(*args, **kwargs)
        materializado.set()
        time.sleep(0.5)  # the sweep's transaction stays open, its row locked

    monkeypatch.setattr(barrido, "registrar", registrar_y_esperar)

    def declarar_durante_el_barrido() -> None:
        assert materializado.wait(10)
        do_declarar_dia_inhabil(
            DiaInhabilDeclarado(VENCE.date(), VENCE.date(), "DOF de última hora"),
            por="PELJ750505AB1",
            instante=VENCE - timedelta(seconds=1),
        )

    with time_machine.travel(VENCE, tick=False):
        hechas, _ = a_la_vez(partial(barrer_notificaciones, VENCE), declarar_durante_el_barrido)
    assert hechas == 1
    n.refresh_from_db()
    [acuse] = Acuse.objects.filter(tipo__in=TIPOS_NOTIFICACION, datos__notificacion=n.folio)
    s = situacion_de(n, VENCE)
    assert (s.estado, s.notificada, s.medio) == (NOTIFICADA, acuse.instante_legal, n.medio)
    assert n.vence == VENCE
