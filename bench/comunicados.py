"""bench/comunicados: the fan-out of a comunicado and *Mis comunicados*' latency, on PostgreSQL.

Targets (issue 15): (a) a comunicado to 1,000,000 RFCs fanned out in ≤ 60 s on 2 cores
(set-based: one `INSERT … SELECT` per chunk of the padrón, the courtesy avisos of each chunk in
one batched insert into the outbox); (b) `GET /api/v1/comunicados` p95 ≤ 100 ms with the
recipients of 50 comunicados stored.

Set-up (not timed): a throwaway database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_comunicados_<pid>, created, migrated, dropped);
`--patrones` patrones (default 1,000,000), one registro each (8 entidades, 50 subdelegaciones;
80 % Zona Centro, 10 % Tijuana, 10 % Cancún), `--habilitados` % of them (default 10) with an
enabled mailbox (confirmed email and mobile, terms accepted), all loaded with COPY.

(a) A national comunicador writes a comunicado to «todos», a supervisor approves it
(`servicios`), and `difusion.difundir` runs it to the end in this process (PostgreSQL on the
other core): recipients/s, messages queued (SMS held by quiet hours counted). Then the cursor is
reset to the start and the fan-out re-run: it must deliver nothing twice (rows and messages
counted again). (b) `--comunicados` − 1 more published comunicados (default 49) whose
recipients are the first `--alcance` patrones (default 100,000; they are written with one
`INSERT … SELECT` each, not through the fan-out, to keep the set-up short), then ANALYZE; the
first patrón (50 comunicados) logs in with a real e.firma session and the list is fetched 200
times through Django's test client (p50/p95/p99), with the EXPLAIN of its queries.

    .venv/bin/python -m bench comunicados
    .venv/bin/python -m bench.comunicados [--patrones 1000000] [--habilitados 10]
        [--comunicados 50] [--alcance 100000] [--lote 20000] [--explicar]
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, percentiles
from bench._arnes.servidor import entorno, migrar
from bench._bd import base_de_datos
from bench.opinion import rfc_patron

OBJETIVO_SEGUNDOS = 60.0
OBJETIVO_P95_MS = 100.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_comunicados_{os.getpid()}",
)
ENTIDADES = ["CMX", "JAL", "NLE", "BCN", "ROO", "MEX", "PUE", "YUC"]


def _zona(g: int) -> str:
    return (
        "America/Tijuana"
        if g % 10 == 1
        else "America/Cancun"
        if g % 10 == 2
        else ("America/Mexico_City")
    )


def _cargar(patrones: int, habilitados: int) -> int:
    """Padrón and enabled mailboxes with COPY. Returns how many mailboxes."""
    from django.db import connection
    from django.utils import timezone

    ahora = timezone.now()
    cada = max(1, round(100 / habilitados)) if habilitados else 0
    with connection.cursor() as c:
        with c.cursor.copy(
            "COPY padron_patron (id, rfc, nombre, zona_horaria, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for g in range(patrones):
                copia.write_row((g + 1, rfc_patron(g), f"PATRON {g}", _zona(g), ahora, ahora))
        columnas = (
            "id, registro, patron_id, entidad, subdelegacion, zona_salario, modalidad, "
            "situacion, creado_en, importado_en"
        )
        with c.cursor.copy(f"COPY padron_registropatronal ({columnas}) FROM STDIN") as copia:
            for g in range(patrones):
                copia.write_row(
                    (g + 1, f"Y{g:010d}", g + 1, ENTIDADES[g % 8], f"S{g % 50:02d}", "general",
                     "10", "vigente", ahora, ahora)
                )  # fmt: skip
        buzones = 0
        if cada:
            with c.cursor.copy(
                "COPY habilitacion_buzon (id, rfc, nombre, creado, terminos_aceptados_en, "
                "acuse_terminos, fuente_habilitacion) FROM STDIN"
            ) as copia:
                for g in range(0, patrones, cada):
                    buzones += 1
                    copia.write_row((buzones, rfc_patron(g), "", ahora, ahora, "", "terminos"))
            columnas = (
                "buzon_id, registro_patronal, tipo, valor, estado, registrado_en, expira, "
                "codigo_hash, envios, intentos_fallidos, confirmado_en, motivo_cancelacion"
            )
            with c.cursor.copy(f"COPY habilitacion_medio ({columnas}) FROM STDIN") as copia:
                for b in range(1, buzones + 1):
                    for tipo, valor in (("correo", f"p{b}@example.com"), ("celular", f"55{b:08d}")):
                        copia.write_row(
                            (b, "", tipo, valor, "confirmado", ahora, ahora + timedelta(hours=72),
                             "", 1, 0, ahora, "")
                        )  # fmt: skip
        for tabla in ("padron_patron", "padron_registropatronal", "habilitacion_buzon"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {tabla}))"
            )
        c.execute("ANALYZE")
    return buzones


def _oficiales() -> tuple[object, object]:
    from buzon.oficina.models import NACIONAL
    from buzon.oficina.servicios import do_alta_oficial

    autor = do_alta_oficial(
        rfc="CONA800101AB1", nombre="Comunicadora", rol="comunicador", subdelegacion=NACIONAL
    ).oficial
    jefe = do_alta_oficial(
        rfc="SUNA750505AB3", nombre="Supervisor", rol="supervisor", subdelegacion=NACIONAL
    ).oficial
    return autor, jefe


def _publicado(autor: object, jefe: object, titulo: str) -> int:
    from buzon.comunicados.servicios import (
        DatosComunicado,
        do_aprobar,
        do_crear_comunicado,
        do_enviar_a_aprobacion,
    )

    c = do_crear_comunicado(
        autor,  # type: ignore[arg-type]
        DatosComunicado(titulo=titulo, cuerpo="Aviso de **interés** (bench).", segmento="todos"),
    )
    do_enviar_a_aprobacion(autor, c.pk)  # type: ignore[arg-type]
    do_aprobar(jefe, c.pk)  # type: ignore[arg-type]
    return int(c.pk)


def _fan_out(args: argparse.Namespace, autor: object, jefe: object) -> int:
    from django.db.models import F

    from buzon.avisos.models import Mensaje
    from buzon.comunicados import difusion
    from buzon.comunicados.models import Comunicado, Destinatario

    pk = _publicado(autor, jefe, "Comunicado a todo el padrón")
    inicio = time.perf_counter()
    lotes = difusion.difundir(pk, lote=args.lote)
    segundos = time.perf_counter() - inicio
    c = Comunicado.objects.get(pk=pk)
    filas = Destinatario.objects.filter(comunicado_id=pk).count()
    mensajes = Mensaje.objects.filter(clave__startswith=f"comunicado-{pk}-").count()
    retenidos = Mensaje.objects.filter(
        clave__startswith=f"comunicado-{pk}-",
        canal="sms",
        proximo_intento__gt=F("creado") + timedelta(seconds=1),
    ).count()
    print(
        f"(a) difusión: {filas:,} destinatarios (objetivo {c.objetivo:,}) en {segundos:.1f} s = "
        f"{filas / segundos:,.0f}/s, {lotes} bloques de {args.lote:,}; {mensajes:,} avisos en la "
        f"cola ({retenidos:,} SMS retenidos por horas de silencio) — "
        f"{frente_al_objetivo(segundos, OBJETIVO_SEGUNDOS, ' s', '≤', cifra='tiempo')}"
    )
    print(f"    {linea_de_maquina()}")
    Comunicado.objects.filter(pk=pk).update(cursor=0, difusion=Comunicado.Difusion.EN_CURSO)
    inicio = time.perf_counter()
    difusion.difundir(pk, lote=args.lote)
    segundos = time.perf_counter() - inicio
    filas2 = Destinatario.objects.filter(comunicado_id=pk).count()
    mensajes2 = Mensaje.objects.filter(clave__startswith=f"comunicado-{pk}-").count()
    igual = "nada repetido" if (filas2, mensajes2) == (filas, mensajes) else "¡REPETIDOS!"
    print(
        f"(a) nueva pasada desde el principio (como tras una caída): {segundos:.1f} s, "
        f"{filas2:,} destinatarios y {mensajes2:,} avisos: {igual}"
    )
    return pk


def _mas_comunicados(args: argparse.Namespace, autor: object, jefe: object) -> None:
    from django.db import connection
    from django.utils import timezone

    from buzon.comunicados.models import Comunicado

    inicio = time.perf_counter()
    for i in range(args.comunicados - 1):
        pk = _publicado(autor, jefe, f"Comunicado {i + 2}")
        with connection.cursor() as c:
            c.execute(
                "INSERT INTO comunicados_destinatario (comunicado_id, rfc, entregado_en) "
                "SELECT %s, rfc, %s FROM padron_patron WHERE id <= %s",
                [pk, timezone.now(), args.alcance],
            )
            Comunicado.objects.filter(pk=pk).update(
                difusion=Comunicado.Difusion.TERMINADA,
                objetivo=args.alcance,
                entregados=args.alcance,
            )
    with connection.cursor() as c:
        c.execute("ANALYZE comunicados_destinatario")
        c.execute("ANALYZE comunicados_comunicado")
        c.execute("SELECT count(*) FROM comunicados_destinatario")
        total = c.fetchone()[0]
    print(
        f"(b) carga: {args.comunicados - 1} comunicados más a los primeros {args.alcance:,} "
        f"patrones en {time.perf_counter() - inicio:.0f} s; la tabla tiene {total:,} filas"
    )


def _sesion(carpeta: Path, rfc: str) -> tuple[object, str]:
    from django.test import Client

    from buzon.efirma import pki

    ac = pki.crear_ac(carpeta / "ac")
    shutil.copy(carpeta / "ac" / "ac.cer", carpeta / "confianza" / "ac.cer")
    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ahora = datetime.now(UTC)
    cer, _ = pki.emitir(
        ac, rfc=rfc, nombre=f"PATRON {rfc}", desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=30), llave=llave, registrar=False,
        representante=("XIQB891116QE4", "XIQB891116MGRMZR05"),
    )  # fmt: skip
    cliente = Client(HTTP_HOST="localhost")
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    firma = base64.b64encode(llave.sign(reto.encode(), padding.PKCS1v15(), hashes.SHA256()))
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {"certificado": base64.b64encode(cer).decode(), "reto": reto, "firma": firma.decode()},
        content_type="application/json",
    )
    if respuesta.status_code != 201:
        sys.exit(f"bench/comunicados: no se pudo iniciar sesión: {respuesta.content!r}")
    return cliente, str(respuesta.json()["token"])


def _explicar(rfc: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from buzon.comunicados import selectors

    ahora = timezone.now()
    with CaptureQueriesContext(connection) as capturadas:
        list(selectors.de_particular(rfc, ahora)[:100])
        selectors.de_particular(rfc, ahora).count()
        selectors.sin_leer(rfc, ahora)
    with connection.cursor() as cursor:
        for consulta in capturadas.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + consulta["sql"])
            print("   " + consulta["sql"][:300])
            for (linea,) in cursor.fetchall():
                print("      " + linea)


def _lista(args: argparse.Namespace, carpeta: Path) -> None:
    rfc = rfc_patron(0)
    cliente, token = _sesion(carpeta, rfc)
    encabezado = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for _ in range(10):
        respuesta = cliente.get("/api/v1/comunicados", **encabezado)  # type: ignore[attr-defined]
    cuerpo = respuesta.json()
    tiempos = []
    for _ in range(200):
        inicio = time.perf_counter()
        respuesta = cliente.get("/api/v1/comunicados", **encabezado)  # type: ignore[attr-defined]
        tiempos.append(time.perf_counter() - inicio)
        if respuesta.status_code != 200:
            sys.exit(f"bench/comunicados: GET /comunicados {respuesta.status_code}")
    p50, p95, p99 = (x * 1000 for x in percentiles(tiempos))
    print(
        f"(b) GET /api/v1/comunicados (sesión e.firma, {cuerpo['total']} comunicados, "
        f"{cuerpo['sin_leer']} sin leer), 200 veces: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"p99 {p99:.1f} ms — {frente_al_objetivo(p95, OBJETIVO_P95_MS, ' ms', '≤', cifra='p95')}"
    )
    if p95 > OBJETIVO_P95_MS or args.explicar:
        print("(b) EXPLAIN ANALYZE de las consultas de la lista:")
        _explicar(rfc)


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument("--patrones", type=int, default=1_000_000)
    argumentos.add_argument("--habilitados", type=int, default=10, help="%% con buzón habilitado")
    argumentos.add_argument("--comunicados", type=int, default=50)
    argumentos.add_argument("--alcance", type=int, default=100_000)
    argumentos.add_argument("--lote", type=int, default=20_000)
    argumentos.add_argument("--explicar", action="store_true")
    args = argumentos.parse_args([] if argv is None else argv)
    args.alcance = min(args.alcance, args.patrones)

    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-comunicados-") as temporal:
            carpeta = Path(temporal)
            (carpeta / "confianza").mkdir()
            variables = entorno(
                carpeta, URL, BUZON_LIMITE_SESIONES="0", BUZON_EMAIL_URL="console:",
                BUZON_SMS_URL="console:",
            )  # fmt: skip
            migrar(variables)
            os.environ.update(variables)
            import django

            django.setup()
            inicio = time.perf_counter()
            buzones = _cargar(args.patrones, args.habilitados)
            print(
                f"datos: {args.patrones:,} patrones con un registro cada uno, {buzones:,} con "
                f"buzón habilitado; carga (COPY) en {time.perf_counter() - inicio:.1f} s"
            )
            autor, jefe = _oficiales()
            _fan_out(args, autor, jefe)
            _mas_comunicados(args, autor, jefe)
            _lista(args, carpeta)
            print(linea_de_maquina())
            from django.db import connection

            connection.close()
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
