"""bench/cuotas_emisiones: `buzon emisiones generar` at the Institute's scale, on PostgreSQL.

(b) end to end for BENCH_EMISIONES_TRABAJADORES workers (default 100,000; the issue's figure
is 1,000,000) in registros of 20, the issue's mix, by 2 processes sharing the run's chunks
(SKIP LOCKED): worker-periods per second, the projection to 22.5 M, bytes stored per
worker-period and the monthly growth. Target: 1,000,000 in ≤ 120 s on 2 cores.
(c) the same run on a copy of the database (CREATE DATABASE … TEMPLATE) by 2 Celery workers
(`celery -A buzon.sistema.tareas worker -c 1` ×2, Redis broker), one registro range each
(task `buzon.cuotas.emisiones_rango`): the totals' SHA-256 equal to (b)'s.
(d) Mis documentos → Emisiones with BENCH_EMISIONES_DOCUMENTOS (default 1,000,000) emisiones
stored: GET /api/v1/emisiones p95 through a real e.firma session, and EXPLAIN ANALYZE.

Run: .venv/bin/python -m bench.cuotas_emisiones [--sin-celery] [--sin-documentos]
"""


def main() -> None:
    """For `python -m bench cuotas_emisiones` (all three sections)."""
    from bench.cuotas_emisiones.__main__ import main as principal

    principal([])
