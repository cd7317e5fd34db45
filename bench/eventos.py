"""bench/eventos: the reminders' sweep and one particular's calendar, on PostgreSQL.

Loads `BENCH_EVENTOS_PATRONES` employers (default 20,000), two registros each in two entidades,
an enabled mailbox with a confirmed email and mobile, into a throwaway database
(`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/buzon_bench_eventos), then:
(a) `do_enviar_recordatorios` on Fri 11 Sep 2026 at 12:00 (the 17 Sep dues: 2 reminders × 2
messages per employer), particulars/s; (b) the same sweep again (nothing new: idempotent);
(c) `eventos_de` for one RFC and 90 days, p50/p95 (what `GET /eventos` computes).
No target in the issue: figures are reported.
Run: .venv/bin/python -m bench eventos
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta

from bench._arnes.informe import linea_de_maquina
from bench._bd import base_de_datos

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_eventos")
PATRONES = int(os.environ.get("BENCH_EVENTOS_PATRONES", "20000"))


def _rfc(n: int) -> str:
    letras = "".join(chr(65 + (n // 26**i) % 26) for i in range(3))
    return f"{letras}{date(1990, 1, 1) + timedelta(days=n // 26**3):%y%m%d}A{n % 10}{n // 10 % 10}"


def _cargar(ahora: datetime) -> list[str]:
    from buzon.habilitacion.models import Buzon, Medio
    from buzon.padron.models import Patron, RegistroPatronal

    rfcs = [_rfc(n) for n in range(PATRONES)]
    Patron.objects.bulk_create(
        [Patron(rfc=r, nombre=r, creado_en=ahora, importado_en=ahora) for r in rfcs],
        batch_size=5000,
    )
    ids = dict(Patron.objects.values_list("rfc", "id"))
    RegistroPatronal.objects.bulk_create(
        [
            RegistroPatronal(
                registro=f"{'ABCDEFGHJK'[j]}{n:010d}",
                patron_id=ids[r],
                entidad=("CMX", "JAL")[j],
                subdelegacion=("Centro", "Guadalajara")[j],
                creado_en=ahora,
                importado_en=ahora,
            )
            for n, r in enumerate(rfcs)
            for j in range(2)
        ],
        batch_size=5000,
    )
    Buzon.objects.bulk_create(
        [Buzon(rfc=r, creado=ahora, terminos_aceptados_en=ahora) for r in rfcs], batch_size=5000
    )
    buzones = dict(Buzon.objects.values_list("rfc", "id"))
    Medio.objects.bulk_create(
        [
            Medio(
                buzon_id=buzones[r],
                tipo=tipo,
                valor=valor,
                estado="confirmado",
                registrado_en=ahora,
                expira=ahora,
                confirmado_en=ahora,
            )
            for n, r in enumerate(rfcs)
            for tipo, valor in (("correo", f"p{n}@example.com"), ("celular", f"55{n:08d}"))
        ],
        batch_size=5000,
    )
    return rfcs


def main() -> None:
    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory() as carpeta:
            os.environ["DATABASE_URL"] = URL
            os.environ["BUZON_DATA_DIR"] = carpeta
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from buzon.avisos.models import Mensaje
            from buzon.eventos.recordatorios import do_enviar_recordatorios
            from buzon.eventos.selectors import eventos_de

            call_command("migrate", verbosity=0)
            ahora = datetime.fromisoformat("2026-09-11T12:00:00-06:00")
            rfcs = _cargar(ahora)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # statistics, as a database in service has them
            for etapa in ("(a) primer barrido", "(b) segundo barrido (idempotente)"):
                inicio = time.perf_counter()
                r = do_enviar_recordatorios(ahora)
                segundos = time.perf_counter() - inicio
                print(
                    f"{etapa}: {r.revisados:,} particulares en {segundos:.1f} s = "
                    f"{r.revisados / segundos:,.0f}/s; recordatorios +{r.recordatorios:,}, "
                    f"mensajes +{r.mensajes:,} (en la bandeja: {Mensaje.objects.count():,})"
                )
            tiempos = []
            for n in range(200):
                inicio = time.perf_counter()
                eventos_de(rfcs[n * 37 % len(rfcs)], date(2026, 9, 1), date(2026, 11, 30), ahora)
                tiempos.append((time.perf_counter() - inicio) * 1000)
            cuantiles = statistics.quantiles(tiempos, n=20)
            print(
                f"(c) eventos_de de un RFC, 91 días: p50 {statistics.median(tiempos):.1f} ms, "
                f"p95 {cuantiles[18]:.1f} ms"
            )
            connection.close()
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main()
