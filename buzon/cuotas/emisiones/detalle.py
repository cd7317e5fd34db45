"""The per-worker detail table: written with COPY (PostgreSQL) or one executemany (SQLite), read
by emisión. Its DDL is the migration's (`0002_emisiones`), partitioned by period on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection

from buzon.cuotas.emisiones.modelos import COLUMNAS_IMPORTE, columnas_de
from buzon.cuotas.emisiones.tipos import Trabajador

TABLA = "cuotas_emisiontrabajador"
FIJAS = (
    "emision_id",
    "periodo_clave",
    "nss",
    "dias_cotizados",
    "ausentismos",
    "incapacidades",
    "sbc",
)


def escribir(tipo: str, clave: int, por_emision: Sequence[tuple[int, list[Trabajador]]]) -> int:
    """Insert the workers of each `(emision_id, workers)` in the caller's transaction."""
    importes = [c for _, _, c in columnas_de(tipo)]
    columnas = ", ".join((*FIJAS, *importes))
    filas = (
        (
            emision_id,
            clave,
            int(t.nss),
            t.cotizados,
            t.ausentismos,
            t.incapacidades,
            t.sbc,
            *(t.importes.get(c, 0) for c in importes),
        )
        for emision_id, trabajadores in por_emision
        for t in trabajadores
    )
    n = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {TABLA} ({columnas}) FROM STDIN") as copia:
                for fila in filas:
                    copia.write_row(fila)
                    n += 1
            return n
        lista = list(filas)
        marcas = ", ".join(["%s"] * (len(FIJAS) + len(importes)))
        cursor.executemany(f"INSERT INTO {TABLA} ({columnas}) VALUES ({marcas})", lista)  # noqa: S608
        return len(lista)


@dataclass(frozen=True)
class Fila:
    """One worker row as read: NSS (11 digits), days, SBC and amounts by column (centavos)."""

    nss: str
    cotizados: int
    ausentismos: int
    incapacidades: int
    sbc: int
    importes: dict[str, int]

    @property
    def total_patron(self) -> int:
        return sum(v for k, v in self.importes.items() if k.endswith("_patron"))

    @property
    def total_obrero(self) -> int:
        return sum(v for k, v in self.importes.items() if k.endswith("_obrero"))

    def como_trabajador(self, registro: str) -> Trabajador:
        return Trabajador(
            registro,
            self.nss,
            self.cotizados,
            self.ausentismos,
            self.incapacidades,
            self.sbc,
            dict(self.importes),
        )


def leer(emision_id: int, clave: int, tipo: str) -> Iterator[Fila]:
    """The emisión's workers by NSS (the partition key prunes to the period's partition)."""
    importes = [c for _, _, c in columnas_de(tipo)]
    assert set(importes) <= set(COLUMNAS_IMPORTE)
    columnas = ", ".join(
        ("nss", "dias_cotizados", "ausentismos", "incapacidades", "sbc", *importes)
    )
    sql = f"SELECT {columnas} FROM {TABLA} WHERE emision_id = %s AND periodo_clave = %s "  # noqa: S608
    sql += "ORDER BY nss"
    with connection.cursor() as cursor:
        cursor.execute(sql, [emision_id, clave])
        for fila in cursor.fetchall():
            yield Fila(
                f"{fila[0]:011d}",
                fila[1],
                fila[2],
                fila[3],
                fila[4],
                {c: int(v or 0) for c, v in zip(importes, fila[5:], strict=True)},
            )
