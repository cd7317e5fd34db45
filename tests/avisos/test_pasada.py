"""One delivery pass writes each message's own result in one statement per outcome, and its
claim follows the due-order index however stale the table's statistics are (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buzon.avisos import entrega, reclamo
from buzon.avisos.backends import Respuesta
from buzon.avisos.entrega import entregar_pendientes, espera
from buzon.avisos.models import Intento, Mensaje
from buzon.avisos.servicios import do_encolar
from buzon.comun.planes import en_orden_del_indice

CELULAR = "5512345678"

solo_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planes de PostgreSQL (enable_sort, índices)"
)


def _encolar(n: int) -> list[Mensaje]:
    with transaction.atomic():
        return [
            do_encolar("sms", CELULAR, "", f"Mensaje de prueba numero {i}", f"p-{i}")
            for i in range(n)
        ]


@pytest.mark.django_db
def test_cada_mensaje_de_una_pasada_recibe_su_resultado(monkeypatch: Any) -> None:
    """Accepted, retried and dead messages mixed in one pass, each answered at its own instant:
    every row gets its own instant, error and next attempt (not a neighbour's)."""
    inicio = timezone.now().replace(microsecond=0)
    with time_machine.travel(inicio, tick=False) as viaje:
        mensajes = _encolar(9)
        resultado = {m.pk: i % 3 for i, m in enumerate(mensajes)}  # 0 ok, 1 retry, 2 dead

        class Pasarela:
            def enviar(self, mensaje: Mensaje) -> Respuesta:
                viaje.shift(timedelta(seconds=1))  # each answer at its own instant
                tipo = resultado[mensaje.pk]
                if tipo == 0:
                    return Respuesta(True, 200, f"ok {mensaje.pk}")
                return Respuesta(False, 400 + tipo, f"error {mensaje.pk}", definitivo=tipo == 2)

        monkeypatch.setattr(entrega, "enviador_sms", Pasarela)
        resumen = entregar_pendientes(limite=50)
    assert (resumen.enviados, resumen.reintentos, resumen.muertos) == (3, 3, 3)
    instantes = set()
    for m in Mensaje.objects.all():
        [intento] = Intento.objects.filter(mensaje=m)
        instantes.add(intento.instante)
        assert (m.intentos, m.reclamado_por, m.reclamado_hasta) == (1, "", None)
        if resultado[m.pk] == 0:
            assert (m.estado, m.enviado, m.ultimo_error) == ("enviado", intento.instante, "")
        elif resultado[m.pk] == 1:
            assert (m.estado, m.ultimo_error) == ("pendiente", f"error {m.pk}")
            assert m.proximo_intento == intento.instante + espera(1)
        else:
            assert (m.estado, m.ultimo_error, m.enviado) == ("muerto", f"error {m.pk}", None)
    assert len(instantes) == 9


@solo_postgresql
@pytest.mark.django_db
def test_el_reclamo_sigue_el_indice_aunque_las_estadisticas_mientan() -> None:
    """The claim's scan of pending messages is an index scan in due order, never a sort of
    every due row, even when the statistics were taken while almost every message was sent
    (the planner then expects a few due rows and, left alone, sorts them all); the planner
    setting it needs is put back before the rest of the transaction."""
    ahora = timezone.now()
    Mensaje.objects.bulk_create(
        Mensaje(
            canal="sms", destino="+52" + CELULAR, cuerpo=f"m {i}", clave=f"v-{i}",
            huella="0" * 64, estado="pendiente" if i < 50 else "enviado",
            proximo_intento=ahora - timedelta(seconds=i), creado=ahora, actualizado=ahora,
        )
        for i in range(3000)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Mensaje._meta.db_table}")  # rolled back with the test
    Mensaje.objects.update(estado="pendiente")
    with transaction.atomic(), CaptureQueriesContext(connection) as consultas:
        mensajes, _, _ = reclamo.reclamar(100, "prueba", ahora)
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_sort")
            assert cursor.fetchone()[0] == "on"
        transaction.set_rollback(True)
    assert len(mensajes) == 100
    assert [m.proximo_intento for m in mensajes] == sorted(m.proximo_intento for m in mensajes)
    [sql] = [
        q["sql"]
        for q in consultas.captured_queries
        if "SKIP LOCKED" in q["sql"] and "'pendiente'" in q["sql"]
    ]

    def plan(orden_del_indice: bool) -> str:
        with transaction.atomic(), connection.cursor() as cursor:
            if orden_del_indice:
                with en_orden_del_indice():
                    cursor.execute("EXPLAIN " + sql)
            else:
                cursor.execute("EXPLAIN " + sql)
            return "\n".join(fila[0] for fila in cursor.fetchall())

    # What the statistics alone make the planner do (PostgreSQL 15): sort every due row.
    assert "Sort" in plan(orden_del_indice=False)
    assert "Index Scan using avisos_msj_pendientes" in plan(orden_del_indice=True)
    assert "Sort" not in plan(orden_del_indice=True)
