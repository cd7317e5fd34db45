"""bench/actuaciones: complete filings per second over HTTP, production server + PostgreSQL.

Target (issue "Actuaciones"): ≥ 200 complete filings/s on 2 cores. A complete filing is what a
client does: `POST /api/v1/actuaciones` with the 5.9 aclaración's datos and one 100 KB PDF in
base64 (201, cadena; the server sniffs and checks the PDF, validates the datos against the JSON
Schema, stores the file content-addressed and fsyncs it), sign the cadena with the e.firma's key,
`POST /api/v1/actuaciones/{id}/firma` (201: signature verified, legal receipt computed, acuse
sealed, evidence log appended, CMS of the signature stored). Every filing carries a different PDF.

Set-up: a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_actuaciones_<pid>, created, migrated, dropped); a
demo seal; a test CA whose certificate alone is the trust folder; `--patrones` employers in the
padrón (zones spread over Mexico's) with enabled mailboxes. For each `--trabajadores` count,
`buzon servir` (gunicorn) starts on a free loopback port and `--clientes` client processes log in
once per employer (not measured) and then file in a closed loop for `--segundos` or `--maximo`
filings (bench/_arnes/carga; failed filings are counted and shown, and a run with errors misses
the target). The client signs on the same 2 cores: its CPU is printed next to the server's and
PostgreSQL's. `--hilos N` serves with `buzon servir --hilos N` (gunicorn's threaded worker; the
default 1 is its sync worker).

With `--perfil` (or when the target is missed) one process then files `--actuaciones-perfil`
times through Django's test client (same code path, no HTTP or gunicorn): the CPU per filing of
that process (process time around the two requests only: the PDF and the signature are the
client's) and of its PostgreSQL backend, the SQL statements per filing by kind with their
round-trip time, the statements of one filing, and a cProfile (CPU time). `--solo-perfil` skips
the HTTP measurement.

    .venv/bin/python -m bench actuaciones
    .venv/bin/python -m bench.actuaciones [--segundos 10] [--maximo 4000] [--clientes 6]
        [--trabajadores 2 3 4] [--hilos 1] [--patrones 60] [--kb 100] [--perfil]
        [--solo-perfil] [--actuaciones-perfil 300]
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import http.client
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench._arnes import perfil as perfiles
from bench._arnes.carga import Carga, Resultado, ciclo_cerrado, informe
from bench._arnes.cpu import cpu_proceso, pid_backend
from bench._arnes.informe import frente_al_objetivo, linea_de_maquina, nucleos
from bench._arnes.patrones import (
    ErrorDeRespuesta,
    Patron,
    emitir_patrones,
    entrar,
    entrar_prueba,
    firmar,
    post_json,
    post_prueba,
    rfc_de_prueba,
)
from bench._arnes.servidor import RAIZ, entorno, servidor
from bench._arnes.techo import Comparacion, medir_techo
from bench._bd import base_de_datos

OBJETIVO = 200.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_actuaciones_{os.getpid()}",
)
ZONAS = ("America/Mexico_City", "America/Tijuana", "America/Cancun", "America/Hermosillo")
#: The 5.9 aclaración: open to every employer, one PDF attached. (Until 2026-12-02 this bench
#: filed the ICSOE; its version in force from 2026-12-03 also requires the workers' CSV and the
#: STPS registration, which would measure the CSV checks instead of a filing with its attachment.)
TRAMITE = "aclaracion-buzon"
DATOS = {
    "motivo": "Inconsistencia en registros patronales",
    "descripcion": "El registro patronal de la sucursal no aparece en mi buzón; anexo el alta.",
}
CALENTAMIENTO = 2


def _rfc(i: int) -> str:
    return rfc_de_prueba("C", i)


def _entorno(carpeta: Path) -> dict[str, str]:
    return entorno(
        carpeta,
        URL,
        BUZON_SELLO_DIR=str(carpeta / "sello"),
        BUZON_LIMITE_SESIONES="0",  # logins are set-up here, not what is measured
    )


def _preparar(carpeta: Path, cuantos: int) -> list[Patron]:
    """Issue the e.firmas, then migrate, create the seal and enable the employers (in a child
    process so this one never holds a database connection when the clients fork)."""
    patrones = emitir_patrones(carpeta, [_rfc(i) for i in range(cuantos)])
    orden = [sys.executable, "-c", f"import bench.actuaciones as b; b._datos({cuantos})"]
    subprocess.run(orden, cwd=RAIZ, env=_entorno(carpeta), check=True, timeout=600)
    return patrones


def _datos(cuantos: int) -> None:
    """(child process) migrate, demo seal, padrón and enabled mailboxes for the employers."""
    import django

    django.setup()
    from django.core.management import call_command

    from buzon.evidencia.sello import crear_sello_de_demostracion
    from buzon.habilitacion.models import Buzon, Medio
    from buzon.habilitacion.selectors import terminos_vigentes
    from buzon.padron.models import Patron as FilaPadron
    from buzon.padron.models import RegistroPatronal

    call_command("migrate", verbosity=0)
    crear_sello_de_demostracion()
    ahora = datetime.now(UTC)
    terminos = terminos_vigentes()
    for i in range(cuantos):
        rfc = _rfc(i)
        fila = FilaPadron.objects.create(
            rfc=rfc,
            nombre=f"PATRON DE PRUEBA {i}",
            zona_horaria=ZONAS[i % len(ZONAS)],
            creado_en=ahora,
            importado_en=ahora,
        )
        RegistroPatronal.objects.create(
            registro=f"Y{i:010d}",
            patron=fila,
            entidad="CMX",
            subdelegacion=f"Subdelegación {i % 5}",
            creado_en=ahora,
            importado_en=ahora,
        )
        buzon = Buzon.objects.create(
            rfc=rfc, creado=ahora, terminos=terminos, terminos_aceptados_en=ahora
        )
        for tipo, valor in (("correo", f"p{i}@empresa.mx"), ("celular", "5512345678")):
            Medio.objects.create(
                buzon=buzon,
                tipo=tipo,
                valor=valor,
                estado="confirmado",
                registrado_en=ahora,
                expira=ahora + timedelta(hours=72),
                confirmado_en=ahora,
            )


def _pdf(kb: int) -> bytes:
    """A distinct, well-formed PDF of about `kb` KB (random filler in a stream)."""
    relleno = secrets.token_hex(kb * 512).encode("ascii")
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(relleno) + relleno + b"\nendstream",
    ]
    salida = bytearray(b"%PDF-1.7\n")
    desplazamientos = []
    for n, cuerpo in enumerate(objetos, start=1):
        desplazamientos.append(len(salida))
        salida += b"%d 0 obj\n" % n + cuerpo + b"\nendobj\n"
    xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    salida += b"".join(b"%010d 00000 n \n" % d for d in desplazamientos)
    salida += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objetos) + 1,
        xref,
    )
    return bytes(salida)


def _cuerpo(kb: int) -> dict[str, Any]:
    """A draft 5.9 filing with one distinct PDF of about `kb` KB."""
    contenido = base64.b64encode(_pdf(kb)).decode("ascii")
    return {
        "tramite": TRAMITE,
        "datos": DATOS,
        "anexos": [
            {"nombre": "contrato.pdf", "tipo_mime": "application/pdf", "contenido": contenido}
        ],
    }


def _con_acuse(presentada: dict[str, Any]) -> None:
    if presentada.get("acuse", {}).get("tipo") != "actuacion":
        raise ErrorDeRespuesta(f"sin acuse: {presentada!r:.300}")


def _presentar(conexion: http.client.HTTPConnection, patron: Patron, token: str, kb: int) -> None:
    cuerpo = json.dumps(_cuerpo(kb)).encode("utf-8")
    creada = post_json(conexion, "/api/v1/actuaciones", cuerpo, token)
    firma = json.dumps({"firma": firmar(patron.llave, creada["cadena"])}).encode()
    _con_acuse(post_json(conexion, f"/api/v1/actuaciones/{creada['id']}/firma", firma, token))


class _Presentaciones:
    """One client process: logs in once per own employer (not measured), then files."""

    def __init__(self, indice: int, puerto: int, propios: list[Patron], kb: int) -> None:
        self.puerto, self.propios, self.kb = puerto, propios, kb
        self.tokens: list[tuple[Patron, str]] = []
        self.siguiente = 0
        self.conexion = self._nueva()

    def _nueva(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=60)

    def calentar(self) -> None:
        self.tokens = [(p, entrar(self.conexion, p)) for p in self.propios]
        for propio, su_token in self.tokens[:CALENTAMIENTO]:  # imports, caches, DB connection
            _presentar(self.conexion, propio, su_token, self.kb)

    def operar(self) -> None:
        patron, token = self.tokens[self.siguiente % len(self.tokens)]
        self.siguiente += 1
        _presentar(self.conexion, patron, token, self.kb)

    def reponer(self) -> None:
        self.conexion.close()
        self.conexion = self._nueva()

    def cerrar(self) -> None:
        self.conexion.close()


# --- Profile (one process, Django test client, same code path) ----------------------------------


def _perfilar(carpeta: Path, patrones: list[Patron], n: int, kb: int) -> None:
    os.environ.update(_entorno(carpeta))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    cliente = Client(HTTP_HOST="127.0.0.1")
    tokens = [(p, entrar_prueba(cliente, p)) for p in patrones]
    servidor_cpu = [0.0]

    def presentar(i: int) -> None:
        patron, token = tokens[i % len(tokens)]
        cuerpo = _cuerpo(kb)
        t = time.process_time()
        creada = post_prueba(cliente, "/api/v1/actuaciones", cuerpo, token)
        servidor_cpu[0] += time.process_time() - t
        firma = {"firma": firmar(patron.llave, creada["cadena"])}
        t = time.process_time()
        presentada = post_prueba(cliente, f"/api/v1/actuaciones/{creada['id']}/firma", firma, token)
        servidor_cpu[0] += time.process_time() - t
        _con_acuse(presentada)

    for i in range(20):  # warm-up: imports, caches, the connection
        presentar(i)
    una = perfiles.ConsultasSQL()
    una.grabar = True
    with una.midiendo():
        presentar(0)
    print(f"\nSQL de una actuación completa (borrador + firma): {len(una.grabadas)} sentencias")
    for sql in una.grabadas:
        print(f"    {sql}")
    servidor_cpu[0] = 0.0

    consultas = perfiles.ConsultasSQL()
    pid = pid_backend()
    postgres = cpu_proceso(pid)
    inicio = time.perf_counter()
    with consultas.midiendo():
        for i in range(n):
            presentar(i)
    pared = time.perf_counter() - inicio
    despues = cpu_proceso(pid) if pid_backend() == pid else None
    pg = despues - postgres if despues is not None and postgres is not None else float("nan")
    print(
        f"sin perfilador, 1 proceso, cliente de pruebas de Django (sin HTTP ni gunicorn): {n} "
        f"actuaciones, {servidor_cpu[0] / n * 1000:.2f} ms de CPU del proceso por actuación en "
        f"las dos peticiones (sin el PDF ni la firma del cliente), {pg / n * 1000:.2f} ms de "
        f"CPU de su conexión de PostgreSQL, {pared / n * 1000:.2f} ms de reloj por actuación en "
        f"total; {consultas.total / n:.1f} sentencias SQL por actuación"
    )
    print("\n".join(consultas.lineas(n, "actuación")))
    perfil = cProfile.Profile(time.process_time)  # CPU, not waits on PostgreSQL or the disk
    perfil.enable()
    for i in range(n):
        presentar(i)
    perfil.disable()
    connection.close()
    print(
        f"perfil (cProfile, tiempo de CPU del proceso): {n} actuaciones completas; incluye el PDF "
        "y la firma del cliente"
    )
    perfiles.imprimir(perfil, 40, 25)
    if os.environ.get("BENCH_PERFIL_ARCHIVO"):
        perfil.dump_stats(os.environ["BENCH_PERFIL_ARCHIVO"])


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    Carga.opciones(argumentos, maximo=4000, clientes=6, trabajadores=[2, 3, 4])
    argumentos.add_argument("--patrones", type=int, default=60)
    argumentos.add_argument("--kb", type=int, default=100, help="tamaño del PDF adjunto")
    argumentos.add_argument(
        "--hilos", type=int, default=1, help="hilos por trabajador de gunicorn (buzon servir)"
    )
    argumentos.add_argument("--perfil", action="store_true", help="perfilar aunque cumpla")
    argumentos.add_argument("--solo-perfil", action="store_true", help="solo el perfil")
    argumentos.add_argument("--actuaciones-perfil", type=int, default=300)
    args = argumentos.parse_args([] if argv is None else argv)
    carga = Carga.de(args, preparacion=300.0)

    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-actuaciones-") as temporal:
            carpeta = Path(temporal)
            patrones = _preparar(carpeta, args.patrones)
            print(
                f"{len(patrones)} patrones habilitados (FIEL RSA-2048), aclaración 5.9 con un "
                f"PDF de {args.kb} KB distinto en cada una, PostgreSQL, {nucleos()} núcleos, "
                f"{args.clientes} clientes en ciclo cerrado, hasta {args.segundos:.0f} s o "
                f"{args.maximo:,} actuaciones"
            )
            resultados: list[tuple[int, Resultado]] = []
            comparaciones: dict[int, Comparacion] = {}
            for trabajadores in [] if args.solo_perfil else args.trabajadores:
                en_marcha = servidor(carpeta, _entorno(carpeta), trabajadores, args.hilos)
                with en_marcha as (puerto, maestro):

                    def fabrica(i: int, p: int = puerto) -> _Presentaciones:
                        return _Presentaciones(i, p, patrones[i :: args.clientes], args.kb)

                    r = ciclo_cerrado(fabrica, carga, maestro, URL)
                    techo = medir_techo(puerto, carga, maestro, URL)
                resultados.append((trabajadores, r))
                # Two requests per filing: the draft with its PDF, then the signature.
                comparaciones[trabajadores] = Comparacion(r.tasa, techo.tasa, 2, OBJETIVO)
                lineas = informe(r, OBJETIVO, "actuaciones completas", "actuación")
                print(f"gunicorn {trabajadores} trabajadores × {args.hilos} hilos: {lineas[0]}")
                print("\n".join(lineas[1:]))
                print(comparaciones[trabajadores].linea("actuación"))
            if resultados:
                trabajadores, mejor = max(resultados, key=lambda x: x[1].tasa)
                print(
                    f"mejor: {mejor.tasa:,.0f}/s con {trabajadores} trabajadores "
                    f"({frente_al_objetivo(mejor.tasa, OBJETIVO, errores=mejor.errores)})"
                )
                print(comparaciones[trabajadores].linea("actuación").strip())
            if args.perfil or not resultados or max(r.tasa for _, r in resultados) < OBJETIVO:
                _perfilar(carpeta, patrones, args.actuaciones_perfil, args.kb)
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
