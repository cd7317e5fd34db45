"""`padron.lotes.importar_por_lotes`: the batch loop every CSV import shares. A batch the database
refuses rolls back only itself, its counters are not counted and the error names its lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from buzon.padron.lotes import ErrorLote, importar_por_lotes, revisar_lote
from buzon.padron.models import Patron
from tests.padron.ayudas import rfc_moral

pytestmark = pytest.mark.django_db

AHORA = datetime(2026, 3, 2, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Fila:
    linea: int
    rfc: str


@dataclass
class Conteo:
    filas_leidas: int = 0
    filas_con_error: int = 0
    creados: int = 0


class ErrorPrueba(ErrorLote[Conteo]):
    """An app's own error type."""


class Lectura:
    """A file as read, in memory: the good rows and the problems per line."""

    def __init__(self, filas: list[Fila], errores: dict[int, str] | None = None) -> None:
        self.filas = filas
        self.filas_leidas = len(filas) + len(errores or {})
        self.problemas: dict[int, str] = dict(errores or {})

    @property
    def filas_con_error(self) -> int:
        return len(self.problemas)

    def lotes(self, tamano: int) -> Iterator[list[Fila]]:
        for i in range(0, len(self.filas), tamano):
            yield self.filas[i : i + tamano]

    def anotar_error(self, linea: int, texto: str) -> None:
        self.problemas[linea] = texto

    def errores(self) -> Iterator[str]:
        for linea in sorted(self.problemas):
            yield f"línea {linea}: {self.problemas[linea]}"


def _aplicar(
    lectura: Lectura, conteo: Conteo, mala: str | None = None
) -> Callable[[list[Fila]], None]:
    """Store each row's Patron; the row whose RFC is `mala` is refused (a row error)."""

    def aplicar(filas: list[Fila]) -> None:
        for f in filas:
            if f.rfc == mala:
                lectura.anotar_error(f.linea, "refusada")
                continue
            Patron.objects.create(rfc=f.rfc, nombre="P", creado_en=AHORA, importado_en=AHORA)
            conteo.creados += 1

    return aplicar


def test_todos_los_lotes_cuentan_y_los_errores_se_informan_en_orden() -> None:
    filas = [Fila(n, rfc_moral(n)) for n in (2, 3, 5, 6, 7)]
    lectura = Lectura(filas, {4: "previo"})
    conteo = Conteo()
    informados: list[str] = []
    resultado = importar_por_lotes(
        lectura,
        conteo,
        _aplicar(lectura, conteo, mala=rfc_moral(6)),
        lote=2,
        al_error=informados.append,
        error=ErrorPrueba,
    )
    assert resultado is conteo
    assert (resultado.filas_leidas, resultado.creados, resultado.filas_con_error) == (6, 4, 2)
    assert informados == ["línea 4: previo", "línea 6: refusada"]
    assert Patron.objects.count() == 4


def test_un_lote_que_falla_se_deshace_solo_y_no_cuenta() -> None:
    # Batch 1 (lines 2-3) stores line 2 and refuses line 3 as a row. Batch 2 (lines 4-5) writes
    # line 4, then line 5 repeats line 2's RFC and the database refuses it. Batch 3 never runs.
    rfcs = {2: 1, 3: 2, 4: 3, 5: 1, 6: 4, 7: 5}
    lectura = Lectura([Fila(linea, rfc_moral(n)) for linea, n in rfcs.items()])
    conteo = Conteo()
    informados: list[str] = []
    with pytest.raises(ErrorPrueba) as error:
        importar_por_lotes(
            lectura,
            conteo,
            _aplicar(lectura, conteo, mala=rfc_moral(2)),
            lote=2,
            al_error=informados.append,
            error=ErrorPrueba,
        )
    assert type(error.value) is ErrorPrueba
    mensaje = error.value.mensaje
    assert str(error.value) == mensaje
    assert mensaje.startswith("La base de datos falló al guardar el lote de las líneas 4 a 5 (")
    assert mensaje.endswith(
        "); ese lote no se guardó y los anteriores sí. Corrija el problema y vuelva a importar el "
        "archivo: lo ya guardado no cambia."
    )
    # The counters are the ones before the failed batch (line 4's row is not counted); the row
    # problems known so far are counted, and reported before the error is raised.
    assert conteo.creados == 2  # what the failed batch had added before the database refused
    assert error.value.resultado == Conteo(filas_leidas=6, filas_con_error=1, creados=1)
    assert informados == ["línea 3: refusada"]
    # Batch 1 kept; batch 2 rolled back whole (line 4's row too); batch 3 not run.
    assert list(Patron.objects.values_list("rfc", flat=True)) == [rfc_moral(1)]


def test_sin_al_error_y_lote_invalido() -> None:
    lectura = Lectura([Fila(2, rfc_moral(1))])
    conteo = Conteo()
    resultado = importar_por_lotes(
        lectura, conteo, _aplicar(lectura, conteo), lote=1, al_error=None, error=ErrorPrueba
    )
    assert resultado.creados == 1
    with pytest.raises(ValueError, match="lote debe ser positivo"):
        revisar_lote(0)
    with pytest.raises(ValueError, match="lote debe ser positivo"):
        importar_por_lotes(
            lectura, conteo, _aplicar(lectura, conteo), lote=0, al_error=None, error=ErrorPrueba
        )
