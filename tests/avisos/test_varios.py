"""`do_encolar_varios`: the bulk outbox path (COPY on PostgreSQL, the ORM on SQLite) keeps the
promises of `do_encolar`: idempotent by key, a conflict refuses the whole batch, no link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import Pedido, do_encolar, do_encolar_varios
from buzon.avisos.validacion import ErrorAviso

pytestmark = pytest.mark.django_db


def _pedidos(
    n: int, prefijo: str = "v", cuerpo: str = "Tiene un comunicado nuevo."
) -> list[Pedido]:
    return [
        Pedido("correo", f"persona{i}@ejemplo.mx", "Comunicado del IMSS", cuerpo, f"{prefijo}-{i}")
        for i in range(n)
    ]


def _encolar(pedidos: list[Pedido]) -> int:
    with transaction.atomic():
        return do_encolar_varios(pedidos)


def test_inserta_una_vez_y_el_repetido_no_inserta_nada() -> None:
    assert _encolar(_pedidos(300)) == 300
    assert _encolar(_pedidos(300)) == 0
    assert _encolar(_pedidos(310)) == 10
    assert Mensaje.objects.count() == 310
    m = Mensaje.objects.get(clave="v-7")
    assert (m.destino, m.estado, m.intentos, m.reclamado_por) == (
        "persona7@ejemplo.mx",
        Mensaje.Estado.PENDIENTE,
        0,
        "",
    )


def test_una_clave_usada_con_otro_contenido_rechaza_todo_el_lote() -> None:
    with transaction.atomic():
        do_encolar("correo", "persona5@ejemplo.mx", "Otro", "Otro contenido.", "v-5")
    with pytest.raises(ErrorAviso) as error:
        _encolar(_pedidos(50))
    assert "v-5" in str(error.value) and error.value.campo == "clave"
    assert Mensaje.objects.count() == 1  # the batch's other 49 rolled back with it


def test_la_misma_clave_dos_veces_en_el_lote_con_contenidos_distintos() -> None:
    lote = [*_pedidos(3), Pedido("correo", "otra@ejemplo.mx", "Comunicado del IMSS", "x", "v-1")]
    with pytest.raises(ErrorAviso):
        _encolar(lote)
    assert Mensaje.objects.count() == 0


def test_dos_lotes_en_una_transaccion_y_sin_antes() -> None:
    manana = timezone.now() + timedelta(hours=10)
    with transaction.atomic():
        assert do_encolar_varios(_pedidos(20, "a")) == 20
        retenidos = [
            Pedido("sms", "5512345678", "", "Tiene un comunicado.", f"s-{i}", no_antes=manana)
            for i in range(5)
        ]
        assert do_encolar_varios(retenidos) == 5
    assert Mensaje.objects.count() == 25
    assert set(Mensaje.objects.filter(canal="sms").values_list("proximo_intento", flat=True)) == {
        manana
    }


def test_un_enlace_en_el_cuerpo_se_rechaza_aunque_se_repita() -> None:
    with pytest.raises(ErrorAviso) as error:
        _encolar(_pedidos(10, cuerpo="Entre a buzon.imss.gob.mx para leerlo."))
    assert error.value.campo == "cuerpo" and Mensaje.objects.count() == 0


@pytest.mark.parametrize("nuevas", [False, True])
def test_claves_nuevas_van_directo_y_si_no_lo_eran_da_lo_mismo(nuevas: bool) -> None:
    """`nuevas=True` (keys the caller just made): the same rows as the checked path; and when a
    key did exist after all, the same outcome as without it (skipped with the same content, a
    conflict refused whole with other content)."""
    with transaction.atomic():
        assert do_encolar_varios(_pedidos(150, "n"), nuevas=nuevas) == 150
    filas = {c: (d, e, n) for c, d, e, n in Mensaje.objects.values_list(
        "clave", "destino", "estado", "intentos"
    )}  # fmt: skip
    assert len(filas) == 150
    assert filas["n-9"] == ("persona9@ejemplo.mx", Mensaje.Estado.PENDIENTE, 0)
    with transaction.atomic():  # a re-run that was not new after all: nothing twice
        assert do_encolar_varios(_pedidos(160, "n"), nuevas=True) == 10
    assert Mensaje.objects.count() == 160
    with pytest.raises(ErrorAviso), transaction.atomic():
        do_encolar_varios(_pedidos(170, "n", cuerpo="Otro texto."), nuevas=True)
    assert Mensaje.objects.count() == 160
