"""Issue 19: `buzon evidencia verificar` while writers append: one snapshot, head first, so it
never reports the newest entries as "removed from the end"."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from buzon.evidencia.bitacora import Evento, anotar_varios
from buzon.evidencia.models import CabezaBitacora, EntradaBitacora

pytestmark = pytest.mark.django_db(transaction=True)


def _lote(desde: int, n: int) -> None:
    with transaction.atomic():
        anotar_varios(
            [
                Evento("aviso_enviado", f"RFC{i:06d}", {"n": i, "medios": ["correo"]}, None)
                for i in range(desde, desde + n)
            ]
        )


def test_verificar_mientras_se_escribe_no_reporta_faltantes() -> None:
    _lote(0, 4000)
    alto = threading.Event()
    escritas = [0]
    errores: list[BaseException] = []

    def escritor() -> None:
        try:
            i = 4000
            while not alto.is_set():
                _lote(i, 5)
                i += 5
                escritas[0] += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            errores.append(exc)
        finally:
            connection.close()

    hilo = threading.Thread(target=escritor)
    hilo.start()
    salidas = []
    try:
        while not escritas[0]:
            time.sleep(0.01)
        for _ in range(4):
            salida = io.StringIO()
            call_command("evidencia", "verificar", stdout=salida)  # CommandError on any problem
            salidas.append(salida.getvalue())
    finally:
        alto.set()
        hilo.join(30)
    assert not errores, errores
    assert escritas[0] > 1  # the writer really ran during the checks
    vistas = [json.loads(s) for s in salidas]
    assert all(v["integra"] for v in vistas), vistas
    assert vistas[-1]["entradas"] > vistas[0]["entradas"] >= 4000  # each saw a later snapshot
    cabeza = CabezaBitacora.objects.get(pk=1)
    assert cabeza.secuencia == EntradaBitacora.objects.count() > 4000
