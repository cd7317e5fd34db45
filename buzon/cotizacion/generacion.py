"""The monthly generation of the Reporte Personalizado de Cotización, set-based over every active
subscriber (`buzon cotizacion generar --periodo AAAA-MM`).

Subscribers still without a report of the period are taken in chunks of `LOTE` asegurados, in id
order; each chunk is one transaction: one query for the chunk's subscribers, one for their
movements (integers straight from SQL), the batch rules (`reglas.calcular_lote`) for every
worker-registro at once, the alerts in the same pass, one batched insert per table (COPY on
PostgreSQL), one query for the patrones' names and one for the confirmed emails, and the courtesy
emails through the outbox (`avisos.servicios.do_encolar_varios`, key `rpc-<periodo>-<nss>`).

Idempotent: a worker's report of a period is written once and never replaced; a re-run adds the
subscribers who joined since and queues nothing twice (their reports exist; the outbox keys too).
Several processes may share a period (`parte`/`partes`, or two runs at once): a chunk whose
reports another wrote first fails on the key (periodo, asegurado), rolls back whole (its emails
too) and is left to the run that wrote it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import Pedido, do_encolar_varios
from buzon.comun.errores import ErrorBuzon
from buzon.cotizacion import reglas, textos
from buzon.cotizacion.models import Alerta, GeneracionReporte, Renglon, Reporte, Suscripcion
from buzon.cuotas.insercion import insertar
from buzon.cuotas.models import Movimiento
from buzon.evidencia.bitacora import anotar
from buzon.habilitacion.models import Buzon, Medio
from buzon.legal.zonas import ZONA_CENTRO
from buzon.padron.models import RegistroPatronal

#: Asegurados per chunk (one transaction each).
LOTE = 50_000


@dataclass(frozen=True)
class Resumen:
    periodo: str
    reportes: int
    renglones: int
    alertas: int
    correos: int

    def como_json(self) -> dict[str, Any]:
        return {
            "periodo": self.periodo,
            "reportes": self.reportes,
            "renglones": self.renglones,
            "alertas": self.alertas,
            "correos": self.correos,
        }


def leer(periodo: str) -> tuple[date, date]:
    try:
        return reglas.leer_periodo(periodo)
    except ValueError as exc:
        raise ErrorBuzon("periodo_invalido", str(exc), "periodo") from exc


def exigir_cerrado(fin: date, ahora: datetime) -> None:
    if fin >= ahora.astimezone(ZONA_CENTRO).date():
        raise ErrorBuzon(
            "periodo_no_cerrado",
            f"El mes termina el {fin.isoformat()}: su reporte se genera a partir del día "
            "siguiente, cuando los patrones ya reportaron sus movimientos del mes.",
            "periodo",
        )


def _pendientes(clave: int) -> list[int]:
    """Active subscribers without a report of the period, by asegurado id (one query)."""
    hechos = Reporte.objects.filter(periodo=clave).values("asegurado_id")
    return list(
        Suscripcion.objects.filter(cancelada_en__isnull=True)
        .exclude(asegurado_id__in=hechos)
        .order_by("asegurado_id")
        .values_list("asegurado_id", flat=True)
    )


def _sql_movimientos() -> str:
    m = Movimiento._meta.db_table
    s = Suscripcion._meta.db_table
    if connection.vendor == "postgresql":
        fecha = "(m.fecha - DATE '0001-01-01') + 1"
    else:
        fecha = "CAST(julianday(m.fecha) - 1721424.5 AS INTEGER)"
    return f"""
    SELECT m.asegurado_id, m.registro_id,
        CASE m.tipo WHEN '08' THEN 0 WHEN '07' THEN 1 WHEN '02' THEN 2 ELSE 3 END,
        {fecha}, COALESCE(CAST(ROUND(m.sbc * 100) AS BIGINT), 0), COALESCE(m.dias, 0)
    FROM {m} m JOIN {s} s ON s.asegurado_id = m.asegurado_id AND s.cancelada_en IS NULL
    WHERE m.asegurado_id BETWEEN %s AND %s AND m.fecha <= %s AND m.tipo <> '12'
        AND (m.tipo <> '11' OR m.fecha >= %s)
    """  # noqa: S608 (table names from the models; values are parameters)


def _movimientos(desde: int, hasta: int, inicio: date, fin: date) -> np.ndarray[Any, Any]:
    d = connection.ops.adapt_datefield_value
    aus = date.fromordinal(inicio.toordinal() - reglas.DIAS_MAXIMOS)
    with connection.cursor() as cursor:
        cursor.execute(_sql_movimientos(), [desde, hasta, d(fin), d(aus)])
        filas = cursor.fetchall()
    return np.array(filas, dtype=np.int64).reshape(-1, 6)


@dataclass
class _Calculo:
    """A chunk's results per pair (asegurado, registro), pairs sorted by (asegurado, registro)."""

    asegurado: np.ndarray[Any, Any]
    registro: np.ndarray[Any, Any]
    lote: reglas.Lote


def calcular(columnas: np.ndarray[Any, Any], inicio: date, fin: date) -> _Calculo:
    """The batch rules over a chunk's movements (rows of `_movimientos`)."""
    clave = columnas[:, 0] * 100_000_000 + columnas[:, 1]
    pares, par = np.unique(clave, return_inverse=True)
    lote = reglas.calcular_lote(
        len(pares), par, columnas[:, 2], columnas[:, 3], columnas[:, 4], columnas[:, 5], inicio, fin
    )
    return _Calculo(pares // 100_000_000, pares % 100_000_000, lote)


def _alertas(c: _Calculo, fin: date) -> list[tuple[int, int, str, date, int | None, int | None]]:
    """(asegurado, registro, tipo, fecha, sbc_anterior, sbc) [I-121]."""
    salida: list[tuple[int, int, str, date, int | None, int | None]] = []
    lote = c.lote
    for i in np.flatnonzero(lote.primera_alta > 0):
        fecha = date.fromordinal(int(lote.primera_alta[i]))
        salida.append((int(c.asegurado[i]), int(c.registro[i]), "alta", fecha, None, None))
    for i in np.flatnonzero(lote.ultima_baja > 0):
        fecha = date.fromordinal(int(lote.ultima_baja[i]))
        salida.append((int(c.asegurado[i]), int(c.registro[i]), "baja", fecha, None, None))
    cae = (lote.sbc >= 0) & (lote.sbc_anterior >= 0) & (lote.sbc < lote.sbc_anterior)
    for i in np.flatnonzero(cae):
        salida.append(
            (
                int(c.asegurado[i]),
                int(c.registro[i]),
                "salario",
                fin,
                int(lote.sbc_anterior[i]),
                int(lote.sbc[i]),
            )
        )
    return salida


def _nombres(registros: set[int]) -> dict[int, tuple[str, str]]:
    """registro id → (registro, the patrón's name), in queries of 2,000 ids."""
    lista = sorted(registros)
    salida: dict[int, tuple[str, str]] = {}
    for i in range(0, len(lista), 2_000):
        for pk, registro, nombre in RegistroPatronal.objects.filter(
            pk__in=lista[i : i + 2_000]
        ).values_list("pk", "registro", "patron__nombre"):
            salida[pk] = (registro, nombre or "")
    return salida


def _correos(desde: int, hasta: int) -> dict[int, tuple[str, str]]:
    """asegurado id → (NSS, the first confirmed RFC-level email of its subscriber's mailbox)."""
    suscritos = {
        aseg: (nss, rfc)
        for aseg, nss, rfc in Suscripcion.objects.filter(
            asegurado_id__gte=desde, asegurado_id__lte=hasta, cancelada_en__isnull=True
        ).values_list("asegurado_id", "asegurado__nss", "rfc")
    }
    rfcs = Suscripcion.objects.filter(
        asegurado_id__gte=desde, asegurado_id__lte=hasta, cancelada_en__isnull=True
    ).values("rfc")
    primero: dict[str, str] = {}
    for rfc, valor in (
        Medio.objects.filter(
            buzon__in=Buzon.objects.filter(rfc__in=rfcs),
            tipo=Medio.Tipo.CORREO,
            estado=Medio.Estado.CONFIRMADO,
            registro_patronal="",
        )
        .order_by("buzon__rfc", "id")
        .values_list("buzon__rfc", "valor")
    ):
        primero.setdefault(rfc, valor)
    return {aseg: (nss, primero.get(rfc, "")) for aseg, (nss, rfc) in suscritos.items()}


def _un_lote(
    gen: GeneracionReporte, ids: list[int], inicio: date, fin: date, ahora: datetime
) -> tuple[int, int, int, int]:
    """One chunk in one transaction. Another process that wrote some of these reports first
    makes this insert fail on the key (periodo, asegurado): the chunk rolls back whole, emails
    included, and the next pass picks up what is still missing."""
    try:
        return _escribir_lote(gen, ids, inicio, fin, ahora)
    except IntegrityError:
        return 0, 0, 0, 0


def _escribir_lote(
    gen: GeneracionReporte, ids: list[int], inicio: date, fin: date, ahora: datetime
) -> tuple[int, int, int, int]:
    clave = gen.periodo
    periodo = reglas.texto_periodo(clave)
    with transaction.atomic():
        desde, hasta = ids[0], ids[-1]
        ya = set(
            Reporte.objects.filter(
                periodo=clave, asegurado_id__gte=desde, asegurado_id__lte=hasta
            ).values_list("asegurado_id", flat=True)
        )
        correos = _correos(desde, hasta)
        pendientes = [i for i in ids if i not in ya and i in correos]
        if not pendientes:
            return 0, 0, 0, 0
        columnas = _movimientos(desde, hasta, inicio, fin)
        elegidos = np.isin(columnas[:, 0], np.array(pendientes, dtype=np.int64))
        c = calcular(columnas[elegidos], inicio, fin)
        con_dias = np.flatnonzero(c.lote.vigentes > 0)
        alertas = _alertas(c, fin)
        nombres = _nombres({int(c.registro[i]) for i in con_dias} | {a[1] for a in alertas})
        renglones_de: dict[int, list[int]] = defaultdict(list)
        for i in con_dias:
            renglones_de[int(c.asegurado[i])].append(int(i))
        alertas_de: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for a in alertas:
            alertas_de[a[0]].append(a)
        pedidos: list[Pedido] = []
        reportes: list[tuple[Any, ...]] = []
        generado = _dt(ahora)
        for aseg in pendientes:
            nss, correo = correos[aseg]
            llave = ""
            if correo:
                llave = f"rpc-{periodo}-{nss}"
                cuerpo = textos.cuerpo_correo(
                    periodo,
                    nss,
                    [_para_texto(c, i, nombres) for i in renglones_de.get(aseg, [])],
                    [
                        textos.alerta(a[2], nombres[a[1]][0], a[3], a[4], a[5])
                        for a in alertas_de.get(aseg, [])
                    ],
                )
                pedidos.append(
                    Pedido(Mensaje.Canal.CORREO, correo, textos.asunto(periodo), cuerpo, llave)
                )
            reportes.append(
                (
                    clave,
                    aseg,
                    generado,
                    len(renglones_de.get(aseg, [])),
                    len(alertas_de.get(aseg, [])),
                    llave,
                )
            )
        insertar(
            Reporte,
            ("periodo", "asegurado_id", "generado", "renglones", "alertas", "correo"),
            reportes,
        )
        insertar(
            Renglon,
            (
                "periodo",
                "asegurado_id",
                "registro_id",
                "dias",
                "vigentes",
                "sbc",
                "vigente_al_cierre",
            ),
            [
                (
                    clave,
                    int(c.asegurado[i]),
                    int(c.registro[i]),
                    int(c.lote.dias[i]),
                    int(c.lote.vigentes[i]),
                    int(c.lote.sbc[i]),
                    bool(c.lote.vigente_al_cierre[i]),
                )
                for i in con_dias
            ],
        )
        d = connection.ops.adapt_datefield_value
        insertar(
            Alerta,
            ("periodo", "asegurado_id", "registro_id", "tipo", "fecha", "sbc_anterior", "sbc"),
            [(clave, a[0], a[1], a[2], _fecha(a[3], d), a[4], a[5]) for a in alertas],
        )
        # The keys follow the report rows just inserted (unique per periodo and asegurado).
        enviados = do_encolar_varios(pedidos, ahora, nuevas=True) if pedidos else 0
        GeneracionReporte.objects.filter(pk=gen.pk).update(
            actualizada=ahora,
            reportes=F("reportes") + len(reportes),
            renglones=F("renglones") + len(con_dias),
            alertas=F("alertas") + len(alertas),
            correos=F("correos") + enviados,
        )
        # One entry per chunk, its last write (appending locks the log's head until commit).
        anotar(
            "reportes_cotizacion_generados",
            f"rpc-{periodo}",
            {
                "desde": desde,
                "hasta": hasta,
                "reportes": len(reportes),
                "renglones": len(con_dias),
                "alertas": len(alertas),
                "correos": enviados,
            },
            ahora,
        )
        return len(reportes), len(con_dias), len(alertas), enviados


def _dt(instante: datetime) -> Any:
    if connection.vendor == "postgresql":
        return instante
    return connection.ops.adapt_datetimefield_value(instante)


def _fecha(valor: date, adaptar: Any) -> Any:
    return valor if connection.vendor == "postgresql" else adaptar(valor)


def _para_texto(c: _Calculo, i: int, nombres: dict[int, tuple[str, str]]) -> tuple[str, int, int]:
    return nombres[int(c.registro[i])][0], int(c.lote.dias[i]), int(c.lote.sbc[i])


def do_generar_reportes(
    periodo: str,
    *,
    lote: int = LOTE,
    ahora: datetime | None = None,
    parte: int = 0,
    partes: int = 1,
) -> Resumen:
    """Generate (and send) the reports of `periodo` (AAAA-MM, a month already over) for every
    active subscriber still without one (module docstring). `parte` of `partes`: this process
    takes the asegurados whose id block (`lote` ids wide) falls to it, round-robin (several
    processes share one period; which part an asegurado is in does not depend on what is done)."""
    if not 0 <= parte < partes:
        raise ErrorBuzon("parte_invalida", "La parte va de 0 a partes − 1.", "parte")
    inicio, fin = leer(periodo)
    momento = ahora or timezone.now()
    exigir_cerrado(fin, momento)
    clave = reglas.clave_periodo(inicio)
    gen, _ = GeneracionReporte.objects.get_or_create(
        periodo=clave, defaults={"creada": momento, "actualizada": momento}
    )
    totales = [0, 0, 0, 0]
    ids = _pendientes(clave)
    paso = max(1, lote)
    if partes > 1:  # blocks of `paso` consecutive ids, dealt round-robin: fixed whatever is done
        ids = [i for i in ids if (i // paso) % partes == parte]
    for i in range(0, len(ids), paso):
        hechos = _un_lote(gen, ids[i : i + paso], inicio, fin, momento)
        totales = [a + b for a, b in zip(totales, hechos, strict=True)]
    GeneracionReporte.objects.filter(pk=gen.pk).update(corridas=F("corridas") + 1)
    return Resumen(reglas.texto_periodo(clave), *totales)
