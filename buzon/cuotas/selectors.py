"""Reading the afiliación ledger, set-based, for the emisiones (a million workers a month).

- `movimientos_del_periodo(registros, inicio, fin)`: every movement that matters to a period, for
  many registros in one query per chunk, as columns (`Columnas`).
- `prima_vigente(registro, dia)` / `primas_vigentes(registros, dia)`: the prima de riesgos de
  trabajo in force on a day [I-57].
- The minimum-wage zone of a registro is the padrón's: `padron.selectors.zona_salario_de` and
  `zonas_salario_de`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection

from buzon.comun.errores import ErrorBuzon, desde_legal
from buzon.cuotas.filas import CENTAVO, DIAS_MAXIMOS
from buzon.cuotas.models import Asegurado, Movimiento, PrimaRT
from buzon.legal.errores import ErrorLegal
from buzon.padron.filas import normalizar_registro
from buzon.padron.models import RegistroPatronal

#: Registros per query (each is one bound parameter).
BLOQUE_REGISTROS = 2_000


@dataclass
class Columnas:
    """Movements as parallel columns, ordered by (registro, nss, fecha, tipo): ready for numpy or
    for grouping by worker (`por_trabajador`)."""

    registro: list[str] = field(default_factory=list)
    nss: list[str] = field(default_factory=list)
    tipo: list[str] = field(default_factory=list)
    fecha: list[date] = field(default_factory=list)
    sbc: list[Decimal | None] = field(default_factory=list)
    dias: list[int | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tipo)

    def por_trabajador(
        self,
    ) -> Iterator[tuple[str, str, list[tuple[str, date, Decimal | None, int | None]]]]:
        """(registro, nss, [(tipo, fecha, sbc, dias)…]) per worker-registro, in order."""
        inicio = 0
        for i in range(1, len(self) + 1):
            if i == len(self) or (self.registro[i], self.nss[i]) != (
                self.registro[inicio],
                self.nss[inicio],
            ):
                yield (
                    self.registro[inicio],
                    self.nss[inicio],
                    [
                        (self.tipo[j], self.fecha[j], self.sbc[j], self.dias[j])
                        for j in range(inicio, i)
                    ],
                )
                inicio = i


def _fecha(valor: object) -> date:
    return valor if isinstance(valor, date) else date.fromisoformat(str(valor))


def _sbc(valor: object) -> Decimal | None:
    if valor is None:
        return None
    # SQLite hands back a number; str() of it is exact for 9 digits with 2 decimals.
    return Decimal(str(valor)).quantize(CENTAVO)


def _sql() -> str:
    m = Movimiento._meta.db_table
    a = Asegurado._meta.db_table
    rp = RegistroPatronal._meta.db_table
    # Per worker-registro: the latest alta on or before the start and the latest baja before it.
    # When that alta is in force at the start (no later baja), the rows go back to it (the engine
    # needs its SBC and every 07 since); otherwise nothing before the period matters. 11/12 are
    # read from `fecha >= inicio - 30` on: no earlier one reaches the period (at most 31 days).
    return f"""
    WITH rp AS (SELECT id, registro FROM {rp} WHERE registro IN (%s)),
    estado AS (
        SELECT m.registro_id, m.asegurado_id,
            MAX(CASE WHEN m.tipo = '08' AND m.fecha <= %s THEN m.fecha END) AS alta,
            MAX(CASE WHEN m.tipo = '02' AND m.fecha < %s THEN m.fecha END) AS baja
        FROM {m} m JOIN rp ON rp.id = m.registro_id
        WHERE m.fecha <= %s
        GROUP BY m.registro_id, m.asegurado_id
    ),
    pisos AS (
        SELECT registro_id, asegurado_id,
            CASE WHEN alta IS NOT NULL AND (baja IS NULL OR alta >= baja) THEN alta ELSE %s END
                AS piso
        FROM estado
    )
    SELECT rp.registro, a.nss, m.tipo, m.fecha, m.sbc, m.dias
    FROM pisos p
    JOIN rp ON rp.id = p.registro_id
    JOIN {a} a ON a.id = p.asegurado_id
    JOIN {m} m ON m.registro_id = p.registro_id AND m.asegurado_id = p.asegurado_id
    WHERE m.fecha <= %s AND m.fecha >= p.piso
        AND (m.tipo NOT IN ('11', '12') OR m.fecha >= %s)
    ORDER BY rp.registro, a.nss, m.fecha, m.tipo
    """  # noqa: S608 (table names from the models; values are parameters)


def movimientos_del_periodo(registros: Sequence[str], inicio: date, fin: date) -> Columnas:
    """Every movement that matters to the days `inicio`…`fin` of the workers of `registros`
    (canonical registros patronales), one query per `BLOQUE_REGISTROS` registros.

    Per worker and registro: when an alta (08) is in force on `inicio`, from that alta on
    (its SBC and every 07, 02, 11 and 12 since, up to `fin`); otherwise the movements of the
    period only. 11 and 12 that start up to 30 days before `inicio` are included (they may reach
    into it). Whether the movements make sense is the engine's question, not this one's.
    """
    if fin < inicio:
        raise ValueError("fin es anterior a inicio")
    salida = Columnas()
    lista = sorted(set(registros))
    desde_incidencias = inicio - timedelta(days=DIAS_MAXIMOS - 1)
    for i in range(0, len(lista), BLOQUE_REGISTROS):
        bloque = lista[i : i + BLOQUE_REGISTROS]
        sql = _sql().replace("IN (%s)", "IN (" + ", ".join(["%s"] * len(bloque)) + ")", 1)
        d = connection.ops.adapt_datefield_value
        parametros = [
            *bloque,
            d(inicio),
            d(inicio),
            d(fin),
            d(inicio),
            d(fin),
            d(desde_incidencias),
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, parametros)
            for registro, nss, tipo, fecha, sbc, dias in cursor.fetchall():
                salida.registro.append(registro)
                salida.nss.append(nss)
                salida.tipo.append(tipo)
                salida.fecha.append(_fecha(fecha))
                salida.sbc.append(_sbc(sbc))
                salida.dias.append(None if dias is None else int(dias))
    return salida


def primas_vigentes(registros: Sequence[str], dia: date) -> dict[str, Decimal]:
    """The prima in force on `dia` of each registro (canonical) in one query per chunk: the one
    with the latest `vigente_desde` on or before `dia` (a prima not renewed stays, LSS 74
    [I-57]). Registros without any are absent."""
    salida: dict[str, Decimal] = {}
    lista = sorted(set(registros))
    for i in range(0, len(lista), BLOQUE_REGISTROS):
        filas = (
            PrimaRT.objects.filter(
                registro__registro__in=lista[i : i + BLOQUE_REGISTROS], vigente_desde__lte=dia
            )
            .order_by("registro__registro", "-vigente_desde")
            .values_list("registro__registro", "prima")
        )
        for registro, prima in filas:
            salida.setdefault(registro, prima)
    return salida


def prima_vigente(registro_patronal: str, dia: date) -> Decimal:
    """The prima in force on `dia` for one registro; ErrorBuzon 404 when it has none yet."""
    try:
        registro = normalizar_registro(registro_patronal)
    except ErrorLegal as exc:
        raise desde_legal("registro_invalido", exc) from exc
    prima = primas_vigentes([registro], dia).get(registro)
    if prima is None:
        raise ErrorBuzon(
            "sin_prima",
            f"El registro patronal {registro} no tiene prima de riesgos de trabajo vigente el "
            f"{dia.isoformat()}: impórtela con buzon afiliacion primas.",
            "registro_patronal",
            404,
        )
    return prima
