"""Two sweeps at the same instant, in two threads with their own connections: each reminder is
recorded once and each message queued once (unique record, deterministic outbox keys)."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from django.db import connection

from buzon.avisos.models import Mensaje
from buzon.eventos.models import Recordatorio
from buzon.eventos.recordatorios import Resultado, do_enviar_recordatorios
from tests.eventos import ayudas as a

pytestmark = pytest.mark.django_db(transaction=True)


def test_dos_barridos_a_la_vez() -> None:
    for i in range(6):
        a.patron(f"XAXX0101{i:02d}AB{i}", [(f"Y54123451{i}0", "CMX", "Centro")])
    ahora = datetime.fromisoformat("2026-09-11T12:00:00-06:00")
    salida = threading.Barrier(2)
    resultados: list[Resultado] = []
    errores: list[BaseException] = []

    def barrer() -> None:
        try:
            salida.wait()
            resultados.append(do_enviar_recordatorios(ahora, bloque=2))
        except BaseException as exc:  # reported below
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=barrer) for _ in range(2)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(120)
    assert errores == []
    assert Recordatorio.objects.count() == 12  # 6 particulars × (mensual, bimestral)
    assert Mensaje.objects.count() == 24  # × (correo, sms)
    assert sum(r.revisados for r in resultados) == 12
