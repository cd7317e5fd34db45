"""(d) *Mis documentos → Emisiones* with a million propuestas stored: the load (one INSERT …
SELECT, set-based like COPY), a real e.firma session through Django's test client, the list's
p95 and the EXPLAIN of its query."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench._arnes.informe import frente_al_objetivo, percentiles
from bench._arnes.patrones import emitir_patrones, entrar_prueba, rfc_de_prueba

PERIODOS = 27  # 2024-01 … 2026-03


def cargar(cantidad: int, rfc: str) -> int:
    """`cantidad` emisiones over ~50,000 RFCs and 27 months; `rfc` has one in 5,000."""
    from django.db import connection

    from buzon.cuotas.emisiones.modelos import BloqueEmision

    bloque = BloqueEmision.objects.order_by("id").values_list("id", flat=True).first()
    mes = f"(g %% {PERIODOS})"
    anio = f"(2024 + {mes} / 12)"
    numero = f"(1 + {mes} %% 12)"
    sql = f"""
    INSERT INTO cuotas_emision (registro_patronal, rfc, periodo, periodo_clave, tipo, folio,
        codigo_verificacion, generada, bloque_id, trabajadores, totales, total_patron,
        total_obrero, parametros, por_aclarar, huella)
    SELECT 'M' || lpad((g / {PERIODOS})::text, 10, '0'),
        CASE WHEN g %% 5000 = 0 THEN %s ELSE 'R' || lpad((g / {PERIODOS} %% 50000)::text, 9, '0')
            || 'AA1' END,
        {anio}::text || '-' || lpad({numero}::text, 2, '0'), {anio} * 100 + {numero}, 'EMA',
        'BNCE-' || lpad(g::text, 15, '0'), 'ABCDEFGHJKLM',
        make_timestamptz({anio}, {numero}, 28, 12, 0, 0, 'UTC'), %s, 20,
        '{{"cuota_fija": [143588, 0]}}'::jsonb, 1000000, 300000,
        '{{"version_tablas": "2026-12-01"}}'::jsonb, '[]'::jsonb, repeat('0', 64)
    FROM generate_series(1, %s) g
    """
    with connection.cursor() as c:
        c.execute(sql, [rfc, bloque, cantidad])
        c.execute("ANALYZE cuotas_emision")
    return cantidad


def medir(carpeta: Path, cantidad: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from buzon.cuotas.emisiones import selectors
    from buzon.cuotas.emisiones.modelos import Emision

    rfc = rfc_de_prueba("M", 4321)
    inicio = time.perf_counter()
    cargar(cantidad, rfc)
    print(
        f"(d) carga: {cantidad:,} emisiones en {time.perf_counter() - inicio:.0f} s; la tabla "
        f"tiene {Emision.objects.count():,}; el patrón {rfc} tiene "
        f"{Emision.objects.filter(rfc=rfc).count():,}"
    )
    (patron,) = emitir_patrones(carpeta, [rfc])
    cliente = Client(HTTP_HOST="localhost")
    token = entrar_prueba(cliente, patron)
    encabezado = {"Authorization": f"Bearer {token}"}
    for _ in range(10):
        respuesta = cliente.get("/api/v1/emisiones", headers=encabezado)
    if respuesta.status_code != 200:
        sys.exit(f"bench/cuotas_emisiones: GET /emisiones {respuesta.status_code}")
    tiempos = []
    for _ in range(200):
        inicio = time.perf_counter()
        respuesta = cliente.get("/api/v1/emisiones", headers=encabezado)
        tiempos.append(time.perf_counter() - inicio)
        if respuesta.status_code != 200:
            sys.exit(f"bench/cuotas_emisiones: GET /emisiones {respuesta.status_code}")
    p50, p95, p99 = (x * 1000 for x in percentiles(tiempos))
    print(
        f"(d) GET /api/v1/emisiones (cliente de pruebas de Django, sesión e.firma), 200 veces: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms — "
        f"{frente_al_objetivo(p95, 100, ' ms', '≤', cifra='p95')}"
    )
    with CaptureQueriesContext(connection) as capturadas:
        selectors.pagina(rfc)
    with connection.cursor() as cursor:
        for consulta in capturadas.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + consulta["sql"])
            print("   " + consulta["sql"][:300])
            for (linea,) in cursor.fetchall():
                print("      " + linea)
