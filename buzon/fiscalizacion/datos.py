"""What the indicators read, for the whole padrón at once (set-based): a few aggregate queries
and one ordered scan of the ledger's 08/07/02 movements, turned into numpy columns
(`buzon.legal.riesgo.lote.Columnas`). No per-registro round trip.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Count, Q, Sum

from buzon.actuaciones.models import Actuacion
from buzon.cobranza.models import Credito
from buzon.fiscalizacion.models import Actividad, PlantillaExterna
from buzon.legal.cuotas.parametros import Parametros, vigentes
from buzon.legal.errores import ErrorLegal
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import SIN_DATO
from buzon.legal.riesgo.lote import CAMPOS, Columnas
from buzon.legal.zonas import ZONA_CENTRO
from buzon.padron.models import RegistroPatronal

TRAMITE_DENUNCIA = "denuncia-patron"
#: Denuncias presented in the 365 days up to the cut-off count [I-126].
VENTANA_DENUNCIAS = timedelta(days=365)
_TROZO = 200_000


@dataclass
class Padron:
    """The registros evaluated (situación vigente or suspendido), sorted, with their ámbito."""

    ids: np.ndarray
    registros: list[str]
    rfcs: list[str]
    entidades: list[str]
    subdelegaciones: list[str]
    zonas: list[str]


def padron() -> Padron:
    filas = list(
        RegistroPatronal.objects.exclude(situacion="baja")
        .order_by("registro")
        .values_list("id", "registro", "patron__rfc", "entidad", "subdelegacion", "zona_salario")
    )
    return Padron(
        np.array([f[0] for f in filas], dtype=np.int64),
        [f[1] for f in filas],
        [f[2] for f in filas],
        [f[3] for f in filas],
        [f[4] for f in filas],
        [f[5] for f in filas],
    )


def _centavos(valor: Decimal) -> int:
    return int(valor * 100)


def minimo_del_dia(p: Parametros, dia: date, zona: str) -> int:
    try:
        return _centavos(p.salario_minimo_del_dia(dia, zona))
    except ErrorLegal:
        return 0  # a day without a published minimum wage: nobody is "at the minimum"


def _vigentes(corte: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(registro_id, asegurado_id, sbc en centavos) of every worker vigente on `corte`: the last
    08/02 on or before it is an 08; the SBC of the latest 08/07 [I-58]."""
    trozos = []
    with connection.cursor() as c:
        c.execute(
            "SELECT registro_id, asegurado_id, "
            "CASE tipo WHEN '02' THEN 0 WHEN '07' THEN 1 ELSE 2 END, "
            "COALESCE(CAST(ROUND(sbc * 100) AS BIGINT), 0) FROM cuotas_movimiento "
            "WHERE fecha <= %s AND tipo IN ('08', '07', '02') "
            "ORDER BY registro_id, asegurado_id, fecha, tipo",
            [corte],
        )
        while filas := c.fetchmany(_TROZO):
            trozos.append(np.array(filas, dtype=np.int64).reshape(-1, 4))
    todo = np.concatenate(trozos) if trozos else np.zeros((0, 4), dtype=np.int64)
    r, a, t, s = (np.ascontiguousarray(todo[:, k]) for k in range(4))
    n = len(r)
    if not n:
        return r, a, s
    idx = np.arange(n, dtype=np.int64)
    inicio = np.ones(n, dtype=bool)
    inicio[1:] = (r[1:] != r[:-1]) | (a[1:] != a[:-1])
    fin = np.append(inicio[1:], True)
    comienzo = np.maximum.accumulate(np.where(inicio, idx, 0))
    ultima_ab = np.maximum.accumulate(np.where(t != 1, idx, -1))  # last 08 or 02
    ultima_s = np.maximum.accumulate(np.where(t != 0, idx, -1))  # last 08 or 07
    ok = fin & (ultima_ab >= comienzo) & (t[np.maximum(ultima_ab, 0)] == 2)
    return r[ok], a[ok], s[np.maximum(ultima_s, 0)][ok]


def _altas_previas(p: Parametros, a: Ajustes, zonas: dict[int, str], corte: date) -> dict[int, int]:
    """Altas (08) with SBC ≥ veces × the minimum wage of that day in the días before a claim."""
    cuenta: dict[int, set[int]] = defaultdict(set)
    with connection.cursor() as c:
        c.execute(
            "SELECT m.id, m.registro_id, m.fecha, m.sbc, r.fecha FROM cuotas_movimiento m "
            "JOIN cuotas_asegurado s ON s.id = m.asegurado_id "
            "JOIN fiscalizacion_reclamo r ON r.nss = s.nss "
            "WHERE m.tipo = '08' AND m.fecha <= r.fecha AND r.fecha <= %s",
            [corte],
        )
        for mid, rid, fecha, sbc, reclamo in c.fetchall():
            fecha = fecha if isinstance(fecha, date) else date.fromisoformat(str(fecha))
            reclamo = reclamo if isinstance(reclamo, date) else date.fromisoformat(str(reclamo))
            if (reclamo - fecha).days > a.improcedentes_dias_previos or rid not in zonas:
                continue
            minimo = minimo_del_dia(p, fecha, zonas[rid])
            if minimo and _centavos(Decimal(sbc)) >= a.improcedentes_sbc_veces * minimo:
                cuenta[rid].add(mid)
    return {k: len(v) for k, v in cuenta.items()}


def denuncias_por_registro(corte: date) -> dict[str, int]:
    """Presented denuncias (trámite denuncia-patron) per registro named in their datos; only the
    count ever leaves here, never who filed [I-126]."""
    fin = datetime.combine(corte + timedelta(days=1), time(0), ZONA_CENTRO)
    cuenta: dict[str, int] = defaultdict(int)
    for datos in Actuacion.objects.filter(
        tramite__clave=TRAMITE_DENUNCIA,
        presentada__isnull=False,
        presentada__lt=fin,
        presentada__gte=fin - VENTANA_DENUNCIAS,
    ).values_list("datos", flat=True):
        try:
            registro = str(json.loads(datos).get("registro_patronal", "")).upper()
        except (ValueError, AttributeError):
            continue
        if registro:
            cuenta[registro] += 1
    return cuenta


def _filas_de(ids: np.ndarray, buscados: np.ndarray) -> np.ndarray:
    """The row of each id in `ids` (−1 when absent), vectorized."""
    if not len(ids) or not len(buscados):
        return np.full(len(buscados), -1, dtype=np.int64)
    orden = np.argsort(ids, kind="stable")
    k = np.minimum(np.searchsorted(ids[orden], buscados), len(ids) - 1)
    return np.where(ids[orden][k] == buscados, orden[k], -1).astype(np.int64)


def columnas(corte: date, a: Ajustes) -> tuple[Padron, Columnas, list[str]]:
    """The padrón, its columns and the sector names (`Columnas.sector` indexes them)."""
    p = padron()
    n = len(p.registros)
    pos = {int(rid): i for i, rid in enumerate(p.ids)}
    parametros = vigentes()
    v = {campo: np.zeros(n, dtype=np.int64) for campo in CAMPOS}
    # -- the ledger: workers vigentes and their SBC against the zone's minimum wage
    r, ase, sbc = _vigentes(corte)
    filas = _filas_de(p.ids, r)
    dentro = filas >= 0
    filas, ase, sbc = filas[dentro], ase[dentro], sbc[dentro]
    minimos = {z: minimo_del_dia(parametros, corte, z) for z in set(p.zonas)}
    minimo = np.array([minimos[z] for z in p.zonas], dtype=np.int64)[filas]
    np.add.at(v["trabajadores"], filas, 1)
    np.add.at(v["en_minimo"], filas, ((sbc == minimo) & (minimo > 0)).astype(np.int64))
    tope = minimo * (10_000 + a.concentracion_banda_bp)
    np.add.at(v["en_banda"], filas, ((sbc * 10_000 <= tope) & (minimo > 0)).astype(np.int64))
    # -- workers vigentes at several registros at once
    if len(ase):
        _, inversa, veces = np.unique(ase, return_inverse=True, return_counts=True)
        varios = veces[inversa] >= a.improcedentes_registros_simultaneos
        np.add.at(v["multiples"], filas, varios.astype(np.int64))
    zonas_id = {int(rid): p.zonas[i] for i, rid in enumerate(p.ids)}
    for rid, k in _altas_previas(parametros, a, zonas_id, corte).items():
        v["altas_previas"][pos[rid]] = k
    indice = {reg: i for i, reg in enumerate(p.registros)}
    # -- créditos exigibles: periods and amount
    for fila in (
        (
            Credito.objects.filter(situacion="exigible", registro__in=indice.keys())
            if n < 5_000
            else Credito.objects.filter(situacion="exigible")
        )
        .values("registro")
        .annotate(
            periodos=Count("periodo", distinct=True, filter=~Q(periodo="")), total=Sum("importe")
        )
    ):
        i = indice.get(fila["registro"])
        if i is not None:
            v["periodos_sin_pago"][i] = fila["periodos"]
            v["adeudo_centavos"][i] = _centavos(fila["total"])
    # -- activities and classes
    sector = [""] * n
    for reg, act, declarada, clase in Actividad.objects.values_list(
        "registro", "actividad", "clase_declarada", "clase_actividad"
    ):
        i = indice.get(reg)
        if i is not None:
            sector[i] = act
            v["clase_declarada"][i], v["clase_actividad"][i] = declarada, clase
    # -- plantilla per RFC
    por_rfc: dict[str, int] = defaultdict(int)
    for rfc, k in zip(p.rfcs, v["trabajadores"].tolist(), strict=True):
        por_rfc[rfc] += k
    externos = dict(PlantillaExterna.objects.values_list("rfc", "trabajadores"))
    v["reportados_rfc"][:] = [por_rfc[rfc] for rfc in p.rfcs]
    v["externos_rfc"][:] = [externos.get(rfc, SIN_DATO) for rfc in p.rfcs]
    # -- denuncias
    for reg, k in denuncias_por_registro(corte).items():
        i = indice.get(reg)
        if i is not None:
            v["denuncias"][i] = k
    sectores = sorted(set(sector))
    codigo = {s: j for j, s in enumerate(sectores)}
    codigos = np.array([codigo[s] for s in sector], dtype=np.int64)
    return p, Columnas(p.registros, codigos, len(sectores), v), sectores
