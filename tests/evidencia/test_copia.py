"""Batched writes of the bulk paths: `actualizar` writes exactly the fields asked, on both
databases, for a few rows and for more than the inserts' COPY threshold (on PostgreSQL both
through the one statement of `comun.masivo`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from buzon.evidencia.copia import MINIMO_PARA_COPY, actualizar
from buzon.habilitacion.models import Buzon, Medio


@pytest.mark.django_db
@pytest.mark.parametrize("cuantos", [3, MINIMO_PARA_COPY + 50])
def test_actualizar_escribe_solo_los_campos_pedidos(cuantos: int) -> None:
    ahora = datetime(2027, 1, 15, 16, 0, 0, 123456, tzinfo=UTC)
    buzon = Buzon.objects.create(rfc="XIQB891116QE4", creado=ahora)
    Medio.objects.bulk_create(
        Medio(
            buzon=buzon,
            tipo="correo",
            valor=f"c{i}@example.com",
            estado="por_confirmar",
            registrado_en=ahora,
            expira=ahora + timedelta(hours=72),
        )
        for i in range(cuantos)
    )
    medios = list(Medio.objects.order_by("id"))
    for i, medio in enumerate(medios):
        medio.estado = "confirmado" if i % 2 else "cancelado"
        medio.confirmado_en = ahora + timedelta(seconds=i) if i % 2 else None
        medio.intentos_fallidos = i % 5
        medio.valor = "no-se-escribe@example.com"  # not among the fields: must stay
    actualizar(Medio, medios, ["estado", "confirmado_en", "intentos_fallidos"])
    for i, medio in enumerate(Medio.objects.order_by("id")):
        assert medio.estado == ("confirmado" if i % 2 else "cancelado")
        assert medio.confirmado_en == (ahora + timedelta(seconds=i) if i % 2 else None)
        assert medio.intentos_fallidos == i % 5
        assert medio.valor == f"c{i}@example.com"


@pytest.mark.django_db
def test_actualizar_sin_filas_no_hace_nada() -> None:
    actualizar(Medio, [], ["estado"])
