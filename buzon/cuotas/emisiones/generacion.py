"""`buzon emisiones generar --periodo P`: every registro patronal's propuesta for the period,
set-based, resumable and idempotent.

The run (`CorridaEmision`, one per period) splits the padrón's registros, in registro order, into
chunks (`BloqueEmision`). Each chunk is one transaction: claim the chunk's row (SKIP LOCKED on
PostgreSQL, so any number of processes or Celery workers share a run; SQLite serialises writers),
one query for the chunk's registros, one for their movements and one for their primas, the
engine's batch path for all its worker-periods, one batched insert of the emisiones, COPY of the
worker detail, one evidence-log entry for the chunk, the courtesy avisos through the outbox, and
one UPDATE of the run's progress. A crash rolls the chunk back whole: a re-run finds it pending
and does it; a chunk already done is never done again, and (registro, periodo) is unique.

Workers whose movements the engine refuses are listed in their emisión (`por_aclarar`), never
dropped silently; a registro with neither a worker to charge nor one to clarify gets no emisión.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from buzon.comun.errores import ErrorBuzon, desde_legal
from buzon.cuotas.emisiones import avisos, detalle, fuentes, motor
from buzon.cuotas.emisiones.modelos import (
    CONCEPTOS,
    BloqueEmision,
    CorridaEmision,
    Emision,
    columnas_de,
)
from buzon.cuotas.emisiones.tipos import Registro, Trabajador
from buzon.evidencia.bitacora import Evento, anotar_varios
from buzon.evidencia.copia import insertar
from buzon.evidencia.folio import aleatorio, nuevo_folio
from buzon.legal.cuotas.periodos import Periodo, leer_periodo
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import ZONA_CENTRO
from buzon.padron.models import RegistroPatronal

#: Registros patronales per chunk (≈ 20 workers each on average: ~10,000 worker-periods).
TAMANO_BLOQUE = 500
#: Chunks one background pass does at most (a few seconds each), so a pass stays short.
BLOQUES_POR_PASADA = 2
EVENTO = "emisiones_publicadas"


def leer(periodo: str) -> Periodo:
    try:
        return leer_periodo(periodo)
    except ErrorLegal as exc:
        raise desde_legal("periodo_invalido", exc) from exc


def clave_de(p: Periodo) -> int:
    """The partition key: AAAAMM for the EMA; AAAA2n (n = 1…6) for the EBA."""
    if p.emision == "EMA":
        return p.inicio.year * 100 + p.inicio.month
    return p.inicio.year * 100 + 20 + (p.inicio.month + 1) // 2


def _particion(clave: int) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS cuotas_emisiontrabajador_p{clave:d} "
            f"PARTITION OF cuotas_emisiontrabajador FOR VALUES IN ({clave:d})"
        )


def do_planear(periodo: str, solicitante: str = "", tamano: int = TAMANO_BLOQUE) -> CorridaEmision:
    """The period's run: created with its chunks the first time, the same row afterwards."""
    p = leer(periodo)
    with transaction.atomic():
        existente = CorridaEmision.objects.filter(periodo=p.clave).first()
        if existente is not None:
            return existente
        _particion(clave_de(p))
        corrida = CorridaEmision.objects.create(
            periodo=p.clave, tipo=p.emision, solicitante=solicitante, iniciada=timezone.now()
        )
        registros = list(
            RegistroPatronal.objects.order_by("registro").values_list("registro", flat=True)
        )
        bloques = [
            BloqueEmision(
                corrida=corrida,
                numero=n,
                desde=registros[i],
                hasta=registros[min(i + tamano, len(registros)) - 1],
            )
            for n, i in enumerate(range(0, len(registros), tamano), start=1)
        ]
        BloqueEmision.objects.bulk_create(bloques, batch_size=1000)
        corrida.bloques, corrida.registros = len(bloques), len(registros)
        if not bloques:
            corrida.estado, corrida.terminada = CorridaEmision.Estado.TERMINADA, corrida.iniciada
        corrida.save(update_fields=["bloques", "registros", "estado", "terminada"])
        return corrida


def do_planear_emision(periodo: str, por: str) -> CorridaEmision:
    """The officials' trigger (API and page): plan the period's run and leave its chunks to the
    background pass (`avanzar_pendientes`). Idempotent: a period already planned, finished or
    not, returns its run; two officials asking at once get the same one."""
    try:
        return do_planear(periodo, solicitante=por)
    except IntegrityError:  # the other request created it first (periodo is unique)
        return CorridaEmision.objects.get(periodo=leer(periodo).clave)


def avanzar_pendientes(limite: int = BLOQUES_POR_PASADA) -> int:
    """The background pass's step: claim and do at most `limite` pending chunks of the runs in
    course, oldest first, each in its own transaction; a run left without pending chunks is
    closed. Returns the chunks done (0 when none is pending or all are claimed elsewhere)."""
    hechos = 0
    en_curso = CorridaEmision.objects.filter(estado=CorridaEmision.Estado.EN_CURSO)
    for corrida in en_curso.order_by("iniciada", "id"):
        while hechos < limite and do_generar_bloque(corrida):
            hechos += 1
        _cerrar(corrida)
        if hechos >= limite:
            break
    return hechos


def _tomar(corrida: CorridaEmision, desde: str | None, hasta: str | None) -> BloqueEmision | None:
    consulta = BloqueEmision.objects.filter(corrida=corrida, hecho=False)
    if desde:
        consulta = consulta.filter(desde__gte=desde)
    if hasta:
        consulta = consulta.filter(hasta__lte=hasta)
    if connection.vendor == "postgresql":
        consulta = consulta.select_for_update(skip_locked=True)
    return consulta.order_by("numero").first()


def _canon(valor: Any) -> str:
    return json.dumps(valor, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def huella_de(e: Emision, filas: list[Trabajador]) -> str:
    """SHA-256 of the emisión's canonical text: header, totals, parameters, the workers to
    clarify and every worker row (by NSS). Rebuilt from the tables by the verification."""
    cabecera = [
        e.folio,
        e.registro_patronal,
        e.rfc,
        e.periodo,
        e.tipo,
        e.generada.isoformat(),
        _canon(e.totales),
        _canon(e.parametros),
        _canon(e.por_aclarar),
    ]
    lineas = ["|".join(cabecera)]
    columnas = [c for _, _, c in columnas_de(e.tipo)]
    for t in sorted(filas, key=lambda t: t.nss):
        numeros = [t.cotizados, t.ausentismos, t.incapacidades, t.sbc]
        numeros += [t.importes.get(c, 0) for c in columnas]
        lineas.append(t.nss + "|" + "|".join(str(n) for n in numeros))
    return hashlib.sha256("\n".join(lineas).encode()).hexdigest()


def totales_de(tipo: str, filas: list[Trabajador]) -> dict[str, list[int]]:
    """Per concept `[patron, obrero]`: sums of the workers' rounded centavos."""
    totales = {concepto: [0, 0] for concepto, _ in CONCEPTOS[tipo]}
    for concepto, parte, columna in columnas_de(tipo):
        totales[concepto][0 if parte == "patron" else 1] = sum(
            t.importes.get(columna, 0) for t in filas
        )
    return totales


def _emision(
    r: Registro,
    p: Periodo,
    bloque: BloqueEmision,
    ahora: datetime,
    buenos: list[Trabajador],
    malos: list[Trabajador],
    parametros: dict[str, Any],
) -> Emision:
    totales = totales_de(p.emision, buenos)
    e = Emision(
        registro_patronal=r.registro,
        rfc=r.rfc,
        periodo=p.clave,
        periodo_clave=clave_de(p),
        tipo=p.emision,
        folio=nuevo_folio(ahora.astimezone(ZONA_CENTRO).year),
        codigo_verificacion=aleatorio(12),
        generada=ahora,
        bloque=bloque,
        trabajadores=len(buenos),
        totales=totales,
        total_patron=sum(v[0] for v in totales.values()),
        total_obrero=sum(v[1] for v in totales.values()),
        parametros=parametros,
        por_aclarar=[
            {"nss": t.nss, "mensaje": t.error} for t in sorted(malos, key=lambda t: t.nss)
        ],
    )
    e.huella = huella_de(e, buenos)
    return e


def huellas_del_bloque(pares: list[tuple[str, str]]) -> str:
    """SHA-256 over the chunk's `folio huella` lines, by folio (the evidence-log entry's)."""
    return hashlib.sha256("".join(f"{f} {h}\n" for f, h in sorted(pares)).encode()).hexdigest()


def _hacer(corrida: CorridaEmision, bloque: BloqueEmision, p: Periodo) -> None:
    ahora = timezone.now()
    registros = fuentes.registros_entre(bloque.desde, bloque.hasta)
    calculo = motor.calcular(
        p, registros, fuentes.primas_de(registros, p), fuentes.movimientos_de(registros, p)
    )
    emisiones: list[Emision] = []
    filas: dict[str, list[Trabajador]] = {}
    for r in registros.values():
        todos = calculo.trabajadores.get(r.registro, [])
        buenos = [t for t in todos if t.error is None]
        malos = [t for t in todos if t.error is not None]
        if not buenos and not malos:
            continue
        emisiones.append(
            _emision(r, p, bloque, ahora, buenos, malos, calculo.parametros[r.registro])
        )
        filas[r.registro] = buenos
    insertar(Emision, emisiones, "folio")
    detalle.escribir(
        p.emision, clave_de(p), [(e.pk, filas[e.registro_patronal]) for e in emisiones]
    )
    avisos.do_avisar(p, {e.rfc for e in emisiones}, ahora)
    trabajadores = sum(e.trabajadores for e in emisiones)
    aclarar = sum(len(e.por_aclarar) for e in emisiones)
    BloqueEmision.objects.filter(pk=bloque.pk).update(
        hecho=True, hecho_en=ahora, hecho_por=f"{socket.gethostname()}:{os.getpid()}"[:80]
    )
    datos = {
        "periodo": p.clave,
        "bloque": bloque.numero,
        "desde": bloque.desde,
        "hasta": bloque.hasta,
        "emisiones": len(emisiones),
        "trabajadores": trabajadores,
        "huellas_sha256": huellas_del_bloque([(e.folio, e.huella) for e in emisiones]),
    }
    # Last: the log's head and the run's row are the only rows shared by parallel workers.
    anotar_varios([Evento(EVENTO, f"{p.clave}:{bloque.numero}", datos, ahora)])
    CorridaEmision.objects.filter(pk=corrida.pk).update(
        bloques_hechos=F("bloques_hechos") + 1,
        emisiones=F("emisiones") + len(emisiones),
        trabajadores=F("trabajadores") + trabajadores,
        por_aclarar=F("por_aclarar") + aclarar,
    )


def do_generar_bloque(
    corrida: CorridaEmision, desde: str | None = None, hasta: str | None = None
) -> bool:
    """Claim and do one pending chunk (within `desde`…`hasta` when given), in one transaction.
    False when none is left for this caller."""
    p = leer(corrida.periodo)
    with transaction.atomic():
        bloque = _tomar(corrida, desde, hasta)
        if bloque is None:
            return False
        _hacer(corrida, bloque, p)
    return True


def _cerrar(corrida: CorridaEmision) -> None:
    with transaction.atomic():
        pendientes = BloqueEmision.objects.filter(corrida=corrida, hecho=False).exists()
        if not pendientes:
            CorridaEmision.objects.filter(pk=corrida.pk, terminada__isnull=True).update(
                estado=CorridaEmision.Estado.TERMINADA, terminada=timezone.now()
            )


def generar(
    periodo: str,
    solicitante: str = "",
    desde: str | None = None,
    hasta: str | None = None,
    al_avanzar: Callable[[int], object] | None = None,
    tamano: int = TAMANO_BLOQUE,
) -> CorridaEmision:
    """Plan the run if needed and do its pending chunks (those within `desde`…`hasta` when
    given) until none is left; safe to run again, or in several processes at once."""
    corrida = do_planear(periodo, solicitante, tamano)
    hechos = 0
    while do_generar_bloque(corrida, desde, hasta):
        hechos += 1
        if al_avanzar is not None:
            al_avanzar(hechos)
    _cerrar(corrida)
    corrida.refresh_from_db()
    return corrida


def rangos(corrida: CorridaEmision, partes: int) -> list[tuple[str, str]]:
    """The run's chunks in `partes` consecutive registro ranges `(desde, hasta)` of about as many
    chunks each, aligned on chunk bounds: one per process, Celery worker or machine."""
    limites = list(
        BloqueEmision.objects.filter(corrida=corrida)
        .order_by("numero")
        .values_list("desde", "hasta")
    )
    tamano = -(-len(limites) // max(partes, 1))
    return [
        (limites[i][0], limites[min(i + tamano, len(limites)) - 1][1])
        for i in range(0, len(limites), max(tamano, 1))
    ]


def huella_de_totales(periodo: str) -> str:
    """SHA-256 over every emisión of the period: registro, workers, totals per concept and the
    workers to clarify, by registro. Equal for the same ledger however the run was split."""
    p = leer(periodo)
    lineas = (
        f"{r}|{n}|{_canon(t)}|{_canon(a)}"
        for r, n, t, a in Emision.objects.filter(periodo=p.clave)
        .order_by("registro_patronal")
        .values_list("registro_patronal", "trabajadores", "totales", "por_aclarar")
        .iterator(chunk_size=5000)
    )
    return hashlib.sha256("\n".join(lineas).encode()).hexdigest()


def corrida_de(periodo: str) -> CorridaEmision:
    p = leer(periodo)
    corrida = CorridaEmision.objects.filter(periodo=p.clave).first()
    if corrida is None:
        raise ErrorBuzon(
            "no_encontrado",
            f"No hay una generación de emisiones del periodo {p.clave}: pídala primero.",
            "periodo",
            404,
        )
    return corrida
