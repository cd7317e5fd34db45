"""Drafts: they expire unsigned after 24 hours and are never shown as filed; a failure while
filing leaves nothing half-filed; the sweep removes expired drafts and the files only they cite,
and never a file that a draft being created at that moment is about to cite."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from buzon.actuaciones import contenidos, firma, servicios
from buzon.actuaciones.models import Actuacion, Anexo, Contenido
from buzon.evidencia import almacen
from buzon.evidencia.models import Acuse
from tests.actuaciones.fixtures import (
    ACLARACION,
    ICSOE,
    Cliente,
    anexo,
    anexo_csv,
    csv_trabajadores,
    pdf,
)

pytestmark = pytest.mark.django_db


def test_un_borrador_vencido_nunca_se_muestra_ni_se_presenta(
    habilitado: Callable[..., Cliente],
) -> None:
    inicio = datetime.now(UTC)
    with time_machine.travel(inicio, tick=False):
        c = habilitado()
        creada = c.crear("aclaracion-buzon", ACLARACION).json()
    with time_machine.travel(inicio + timedelta(hours=23, minutes=59), tick=False):
        c = Cliente(c.client, c.patron)
        assert c.get(f"/actuaciones/{creada['id']}").json()["estado"] == "borrador"
    with time_machine.travel(inicio + timedelta(hours=24), tick=False):
        c = Cliente(c.client, c.patron)
        [fila] = c.get("/actuaciones").json()["actuaciones"]
        assert (fila["estado"], fila["acuse"], fila["presentada"]) == ("vencida", None, None)
        tarde = c.firmar(creada["id"], creada["cadena"])
        assert tarde.status_code == 409
        assert tarde.json()["error"] == "borrador_vencido"
        assert c.get(f"/actuaciones/{creada['id']}").json()["estado"] == "vencida"
    assert not Acuse.objects.filter(tipo="actuacion").exists()
    assert Actuacion.objects.get(pk=creada["id"]).presentada is None


def test_una_falla_al_presentar_no_deja_nada_a_medias(
    habilitado: Callable[..., Cliente], monkeypatch: pytest.MonkeyPatch
) -> None:
    c = habilitado()
    creada = c.crear("aclaracion-buzon", ACLARACION).json()

    def falla(*_args: object) -> bytes:
        raise RuntimeError("disco lleno")

    monkeypatch.setattr(firma, "cms_desacoplado", falla)  # after the acuse, inside the tx
    fallida = c.firmar(creada["id"], creada["cadena"])  # issue 11 §9: JSON, never HTML
    assert (fallida.status_code, fallida.json()["error"]) == (500, "error_interno")
    assert not Acuse.objects.filter(tipo="actuacion").exists()
    fila = Actuacion.objects.get(pk=creada["id"])
    assert (fila.presentada, fila.acuse, fila.recepcion_legal) == (None, "", None)
    assert c.get("/actuaciones").json()["actuaciones"][0]["estado"] == "borrador"
    monkeypatch.undo()
    assert c.firmar(creada["id"], creada["cadena"]).status_code == 201


def test_el_barrido_borra_borradores_vencidos_y_sus_archivos_huerfanos(
    habilitado: Callable[..., Cliente],
) -> None:
    inicio = datetime.now(UTC)
    propio, compartido, presentado = pdf("solo del borrador"), pdf("compartido"), pdf("firmado")
    relacion = anexo_csv()  # the same workers' CSV in all three: cited by the filed one
    with time_machine.travel(inicio, tick=False):
        c = habilitado()
        vencera = c.crear(
            "icsoe", ICSOE, [relacion, anexo("a.pdf", propio), anexo("b.pdf", compartido)]
        ).json()
        firmada = c.presentar("icsoe", ICSOE, [relacion, anexo("c.pdf", presentado)])
    with time_machine.travel(inicio + timedelta(hours=20), tick=False):
        c = Cliente(c.client, c.patron)
        vigente = c.crear("icsoe", ICSOE, [relacion, anexo("b.pdf", compartido)]).json()
    h = {n: hashlib.sha256(d).hexdigest() for n, d in (("p", propio), ("c", compartido))}
    assert servicios.barrer_borradores(inicio + timedelta(hours=23)) == 0
    assert servicios.barrer_borradores(inicio + timedelta(hours=24)) == 1
    assert set(Actuacion.objects.values_list("pk", flat=True)) == {firmada["id"], vigente["id"]}
    assert not Anexo.objects.filter(actuacion_id=vencera["id"]).exists()
    assert not almacen.existe(h["p"], "actuaciones")
    assert not Contenido.objects.filter(sha256=h["p"]).exists()
    assert almacen.leer(h["c"], "actuaciones") == compartido  # still cited by a live draft
    assert almacen.leer(hashlib.sha256(presentado).hexdigest(), "actuaciones") == presentado
    assert servicios.barrer_borradores(inicio + timedelta(hours=24)) == 0  # idempotent
    # a filed actuación is never swept, however old
    assert servicios.barrer_borradores(inicio + timedelta(days=3650)) == 1
    assert list(Actuacion.objects.values_list("pk", flat=True)) == [firmada["id"]]
    assert not almacen.existe(h["c"], "actuaciones")
    assert almacen.existe(hashlib.sha256(csv_trabajadores()).hexdigest(), "actuaciones")


def test_buzon_barrer_incluye_los_borradores(habilitado: Callable[..., Cliente]) -> None:
    inicio = datetime.now(UTC)
    with time_machine.travel(inicio, tick=False):
        c = habilitado()
        c.crear("aclaracion-buzon", ACLARACION)
    salida = io.StringIO()
    with time_machine.travel(inicio + timedelta(hours=25), tick=False):
        call_command("barrer", stdout=salida)
    assert json.loads(salida.getvalue())["borradores_de_actuaciones_vencidos"] == 1
    assert not Actuacion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_el_barrido_espera_al_borrador_que_reserva_el_archivo(
    habilitado: Callable[..., Cliente],
) -> None:
    """The Contenido lock orders them: a file with no citing row, reserved by a draft being
    created, is not deleted by a sweep running at that moment; the sweep waits and then sees the
    new citation."""
    c = habilitado()
    datos = pdf("en disputa")
    huella = hashlib.sha256(datos).hexdigest()
    base = c.crear("aclaracion-buzon", ACLARACION).json()
    Contenido.objects.create(sha256=huella, tamano=len(datos), registrado=datetime.now(UTC))
    almacen.guardar(datos, "actuaciones")  # the state a swept draft leaves: file, no citation
    reservado, errores = threading.Event(), []

    def crear_borrador() -> None:
        try:
            with transaction.atomic():
                contenidos.bloquear({huella: len(datos)}, datetime.now(UTC))
                almacen.guardar(datos, "actuaciones")
                reservado.set()
                time.sleep(0.5)
                Anexo.objects.create(
                    actuacion_id=base["id"],
                    orden=9,
                    nombre="disputa.pdf",
                    tipo_mime="application/pdf",
                    tamano=len(datos),
                    sha256=huella,
                )
        except Exception as exc:  # reported below
            errores.append(exc)
        finally:
            reservado.set()
            connection.close()

    hilo = threading.Thread(target=crear_borrador)
    hilo.start()
    assert reservado.wait(10)
    inicio = time.monotonic()
    contenidos.borrar_si_huerfano(huella)
    esperado = time.monotonic() - inicio
    hilo.join(10)
    assert errores == []
    assert esperado > 0.3, "el barrido no esperó al borrador"
    assert almacen.leer(huella, "actuaciones") == datos
    assert Contenido.objects.filter(sha256=huella).exists()
