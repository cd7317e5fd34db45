"""bench/actuaciones: complete filings per second over HTTP, production server + PostgreSQL.

Target (issue "Actuaciones"): ≥ 200 complete filings/s on 2 cores. A complete filing is what a
client does: `POST /api/v1/actuaciones` with the ICSOE datos and one 100 KB PDF in base64 (201,
cadena; the server sniffs and checks the PDF, validates the datos against the JSON Schema, stores
the file content-addressed and fsyncs it), sign the cadena with the e.firma's key, `POST
/api/v1/actuaciones/{id}/firma` (201: signature verified, legal receipt computed, acuse sealed,
evidence log appended, CMS of the signature stored). Every filing carries a different PDF.

Set-up: a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_actuaciones_<pid>, created, migrated, dropped); a
demo seal; a test CA whose certificate alone is the trust folder; `--patrones` employers in the
padrón (zones spread over Mexico's) with enabled mailboxes. For each `--trabajadores` count,
`buzon servir` (gunicorn) starts on a free loopback port and `--clientes` client processes log in
once per employer (not measured) and then file in a closed loop for `--segundos` or `--maximo`
filings. The client signs on the same 2 cores: its CPU is printed next to the server's and
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
import contextlib
import http.client
import json
import multiprocessing
import multiprocessing.synchronize
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench._bd import base_de_datos
from bench.sesiones import _cpu_de, _cpu_maquina, _cpu_servidor, _detener, _esperar, _puerto_libre
from bench.sesiones import _cpu_postgres as _cpu_postgres_de

OBJETIVO = 200.0
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/buzon_bench_actuaciones_{os.getpid()}",
)
RAIZ = Path(__file__).resolve().parents[1]
LLAVES_DISTINTAS = 8
ZONAS = ("America/Mexico_City", "America/Tijuana", "America/Cancun", "America/Hermosillo")
DATOS = {
    "ejercicio": 2026,
    "cuatrimestre": "septiembre-diciembre",
    "registro_stps": "AR12345/2021",
    "contratos": [
        {
            "rfc_contratante": "H&E951128469",
            "nombre_contratante": "HERRERIA & ELECTRICOS SA DE CV",
            "objeto": "Mantenimiento especializado de subestaciones eléctricas",
            "fecha_inicio": "2026-09-01",
            "trabajadores": 12,
        }
    ],
}


@dataclass(frozen=True)
class Patron:
    rfc: str
    cer_b64: str
    llave: rsa.RSAPrivateKey


def _rfc(i: int) -> str:
    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    dia = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=i)
    return f"C{letras[i % 26]}{letras[i // 26 % 26]}Z{dia:%y%m%d}{letras[i % 7]}{i % 10}{i % 9}"


def _entorno(carpeta: Path) -> dict[str, str]:
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("BUZON_")}
    entorno.update(
        DJANGO_SETTINGS_MODULE="buzon.config.settings",
        DATABASE_URL=URL,
        BUZON_DATA_DIR=str(carpeta / "datos"),
        BUZON_SELLO_DIR=str(carpeta / "sello"),
        BUZON_CONFIANZA=str(carpeta / "confianza"),
        BUZON_LIMITE_SESIONES="0",  # logins are set-up here, not what is measured
        BUZON_LOG="WARNING",
    )
    return entorno


def _preparar(carpeta: Path, cuantos: int) -> list[Patron]:
    """Migrate, create the seal, issue the e.firmas and enable the employers (in a child process
    so this one never holds a database connection when the clients fork)."""
    from buzon.efirma.pki import crear_ac, emitir

    ac = crear_ac(carpeta / "ac")
    (carpeta / "confianza").mkdir()
    shutil.copy(carpeta / "ac" / "ac.cer", carpeta / "confianza" / "ac.cer")
    llaves = [
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for _ in range(LLAVES_DISTINTAS)
    ]
    ahora = datetime.now(UTC)
    patrones = []
    for i in range(cuantos):
        rfc = _rfc(i)
        cer, _ = emitir(
            ac,
            rfc=rfc,
            nombre=f"PATRON DE PRUEBA {i}",
            curp=f"{rfc[:10]}HDFRRN{i % 10}{i % 7}",
            desde=ahora - timedelta(days=1),
            hasta=ahora + timedelta(days=365),
            llave=llaves[i % len(llaves)],
            registrar=False,
        )
        patrones.append(Patron(rfc, base64.b64encode(cer).decode("ascii"), llaves[i % len(llaves)]))
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


@contextlib.contextmanager
def _servidor(carpeta: Path, trabajadores: int, hilos: int) -> Iterator[tuple[int, int]]:
    puerto = _puerto_libre()
    bitacora = carpeta / f"servir-{trabajadores}.log"
    orden = [sys.executable, "-m", "buzon.cli", "servir", "--puerto", str(puerto)]
    orden += ["--trabajadores", str(trabajadores), "--direccion", "127.0.0.1"]
    orden += ["--hilos", str(hilos)]
    with open(bitacora, "wb") as salida:
        proceso = subprocess.Popen(
            orden,
            cwd=RAIZ,
            env=_entorno(carpeta),
            stdout=salida,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _esperar(puerto, proceso, bitacora)
        yield puerto, proceso.pid
    finally:
        _detener(proceso)


def _cpu_postgres() -> float:
    return _cpu_postgres_de(URL)


# --- Client --------------------------------------------------------------------------------------


class ErrorDePresentacion(RuntimeError):
    pass


def _pedir(
    conexion: http.client.HTTPConnection,
    ruta: str,
    cuerpo: bytes,
    token: str | None = None,
) -> dict[str, Any]:
    cabeceras = {"Content-Type": "application/json"}
    if token:
        cabeceras["Authorization"] = f"Bearer {token}"
    conexion.request("POST", ruta, body=cuerpo, headers=cabeceras)
    respuesta = conexion.getresponse()
    datos = respuesta.read()
    if respuesta.status != 201:
        raise ErrorDePresentacion(f"{ruta}: {respuesta.status} {datos[:300]!r}")
    resultado: dict[str, Any] = json.loads(datos)
    return resultado


def _firmar(llave: rsa.RSAPrivateKey, texto: str) -> str:
    firma = llave.sign(texto.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(firma).decode("ascii")


def _entrar(conexion: http.client.HTTPConnection, patron: Patron) -> str:
    reto = str(_pedir(conexion, "/api/v1/sesiones/reto", b"")["reto"])
    cuerpo = json.dumps(
        {"certificado": patron.cer_b64, "reto": reto, "firma": _firmar(patron.llave, reto)}
    ).encode()
    return str(_pedir(conexion, "/api/v1/sesiones", cuerpo)["token"])


def _presentar(conexion: http.client.HTTPConnection, patron: Patron, token: str, kb: int) -> None:
    cuerpo = json.dumps(
        {
            "tramite": "icsoe",
            "datos": DATOS,
            "anexos": [
                {
                    "nombre": "contrato.pdf",
                    "tipo_mime": "application/pdf",
                    "contenido": base64.b64encode(_pdf(kb)).decode("ascii"),
                }
            ],
        }
    ).encode("utf-8")
    creada = _pedir(conexion, "/api/v1/actuaciones", cuerpo, token)
    firma = json.dumps({"firma": _firmar(patron.llave, creada["cadena"])}).encode()
    presentada = _pedir(conexion, f"/api/v1/actuaciones/{creada['id']}/firma", firma, token)
    if presentada.get("acuse", {}).get("tipo") != "actuacion":
        raise ErrorDePresentacion(f"sin acuse: {presentada!r:.300}")


@dataclass
class Medicion:
    latencias: list[float] = field(default_factory=list)
    inicio: float = 0.0
    fin: float = 0.0
    cpu: float = 0.0
    error: str = ""


def _cliente(
    indice: int,
    puerto: int,
    patrones: list[Patron],
    args: argparse.Namespace,
    cuota: int,
    barrera: multiprocessing.synchronize.Barrier,
    cola: multiprocessing.Queue[Medicion],
) -> None:
    medicion = Medicion()
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=60)
    try:
        propios = patrones[indice :: args.clientes]
        tokens = [(p, _entrar(conexion, p)) for p in propios]
        for propio, su_token in tokens[:2]:  # warm-up: imports, caches, the DB connection
            _presentar(conexion, propio, su_token, args.kb)
        barrera.wait(300)
        uso = resource.getrusage(resource.RUSAGE_SELF)
        medicion.inicio = time.perf_counter()
        limite = medicion.inicio + args.segundos
        i = 0
        while len(medicion.latencias) < cuota and time.perf_counter() < limite:
            patron, token = tokens[i % len(tokens)]
            t = time.perf_counter()
            _presentar(conexion, patron, token, args.kb)
            medicion.latencias.append(time.perf_counter() - t)
            i += 1
        medicion.fin = time.perf_counter()
        despues = resource.getrusage(resource.RUSAGE_SELF)
        medicion.cpu = (despues.ru_utime - uso.ru_utime) + (despues.ru_stime - uso.ru_stime)
    except Exception as exc:  # reported by the parent, which fails the run
        medicion.error = f"cliente {indice}: {type(exc).__name__}: {exc}"
        barrera.abort()
    finally:
        conexion.close()
    cola.put(medicion)


@dataclass(frozen=True)
class Resultado:
    trabajadores: int
    presentaciones: int
    segundos: float
    p50: float
    p99: float
    cpu_clientes: float
    cpu_servidor: float
    cpu_postgres: float
    cpu_maquina: float

    @property
    def tasa(self) -> float:
        return self.presentaciones / self.segundos


def _medir(
    puerto: int, maestro: int, patrones: list[Patron], args: argparse.Namespace, trabajadores: int
) -> Resultado:
    contexto = multiprocessing.get_context("fork")
    barrera = contexto.Barrier(args.clientes + 1)
    cola: multiprocessing.Queue[Medicion] = contexto.Queue()
    cuota = -(-args.maximo // args.clientes)
    procesos = [
        contexto.Process(
            target=_cliente,
            args=(i, puerto, patrones, args, cuota, barrera, cola),
            daemon=True,
        )
        for i in range(args.clientes)
    ]
    for p in procesos:
        p.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        barrera.wait(300)
    servidor0, postgres0, maquina0 = _cpu_servidor(maestro), _cpu_postgres(), _cpu_maquina()
    mediciones = [cola.get(timeout=args.segundos + 300) for _ in procesos]
    servidor1, postgres1, maquina1 = _cpu_servidor(maestro), _cpu_postgres(), _cpu_maquina()
    for p in procesos:
        p.join(10)
        if p.is_alive():
            p.kill()
    errores = [m.error for m in mediciones if m.error]
    if errores:
        raise RuntimeError("\n".join(errores))
    latencias = sorted(x for m in mediciones for x in m.latencias)
    return Resultado(
        trabajadores=trabajadores,
        presentaciones=len(latencias),
        segundos=max(m.fin for m in mediciones) - min(m.inicio for m in mediciones),
        p50=statistics.median(latencias),
        p99=latencias[min(len(latencias) - 1, int(len(latencias) * 0.99))],
        cpu_clientes=sum(m.cpu for m in mediciones),
        cpu_servidor=servidor1 - servidor0,
        cpu_postgres=postgres1 - postgres0,
        cpu_maquina=maquina1[0] - maquina0[0],
    )


# --- Profile (one process, Django test client, same code path) ----------------------------------


def _perfilar(carpeta: Path, patrones: list[Patron], n: int, kb: int) -> None:
    import cProfile
    import io
    import pstats

    os.environ.update(_entorno(carpeta))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    cliente = Client(HTTP_HOST="127.0.0.1")

    def pedir(ruta: str, cuerpo: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        cabeceras = {"Authorization": f"Bearer {token}"} if token else {}
        respuesta = cliente.post(ruta, cuerpo, content_type="application/json", headers=cabeceras)
        if respuesta.status_code != 201:
            texto = respuesta.content[:300]
            raise ErrorDePresentacion(f"{ruta}: {respuesta.status_code} {texto!r}")
        resultado: dict[str, Any] = respuesta.json()
        return resultado

    def entrar(patron: Patron) -> str:
        reto = str(pedir("/api/v1/sesiones/reto", {})["reto"])
        cuerpo = {"certificado": patron.cer_b64, "reto": reto, "firma": _firmar(patron.llave, reto)}
        return str(pedir("/api/v1/sesiones", cuerpo)["token"])

    tokens = [(p, entrar(p)) for p in patrones]
    servidor = [0.0]

    def presentar(i: int) -> None:
        patron, token = tokens[i % len(tokens)]
        contenido = base64.b64encode(_pdf(kb)).decode("ascii")
        cuerpo = {
            "tramite": "icsoe",
            "datos": DATOS,
            "anexos": [
                {"nombre": "contrato.pdf", "tipo_mime": "application/pdf", "contenido": contenido}
            ],
        }
        t = time.process_time()
        creada = pedir("/api/v1/actuaciones", cuerpo, token)
        servidor[0] += time.process_time() - t
        firma = {"firma": _firmar(patron.llave, creada["cadena"])}
        t = time.process_time()
        presentada = pedir(f"/api/v1/actuaciones/{creada['id']}/firma", firma, token)
        servidor[0] += time.process_time() - t
        if presentada.get("acuse", {}).get("tipo") != "actuacion":
            raise ErrorDePresentacion(f"sin acuse: {presentada!r:.300}")

    for i in range(20):  # warm-up: imports, caches, the connection
        presentar(i)
    consultas: dict[str, list[float]] = {}
    una: list[str] = []

    def medir_consulta(ejecutar: Any, sql: str, *resto: Any) -> Any:
        t = time.perf_counter()
        try:
            return ejecutar(sql, *resto)
        finally:
            consultas.setdefault(sql.split()[0].upper(), []).append(time.perf_counter() - t)
            if grabar:
                una.append(" ".join(sql.split())[:160])

    grabar = True
    with connection.execute_wrapper(medir_consulta):
        presentar(0)
    print(f"\nSQL de una actuación completa (borrador + firma): {len(una)} sentencias")
    for sql in una:
        print(f"    {sql}")
    grabar = False
    consultas.clear()
    servidor[0] = 0.0

    def backend() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return int(cursor.fetchone()[0])

    pid = backend()
    postgres = _cpu_de(pid)
    inicio = time.perf_counter()
    with connection.execute_wrapper(medir_consulta):
        for i in range(n):
            presentar(i)
    pared = time.perf_counter() - inicio
    postgres = _cpu_de(pid) - postgres if backend() == pid else float("nan")
    total = sum(len(t) for t in consultas.values())
    print(
        f"sin perfilador, 1 proceso, cliente de pruebas de Django (sin HTTP ni gunicorn): {n} "
        f"actuaciones, {servidor[0] / n * 1000:.2f} ms de CPU del proceso por actuación en las "
        f"dos peticiones (sin el PDF ni la firma del cliente), {postgres / n * 1000:.2f} ms de "
        f"CPU de su conexión de PostgreSQL, {pared / n * 1000:.2f} ms de reloj por actuación en "
        f"total; {total / n:.1f} sentencias SQL por actuación"
    )
    for verbo, tiempos in sorted(consultas.items()):
        print(
            f"    SQL {verbo}: {len(tiempos) / n:.1f} por actuación, "
            f"{sum(tiempos) / n * 1000:.2f} ms de reloj por actuación (ida y vuelta)"
        )
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
    texto = io.StringIO()
    estadisticas = pstats.Stats(perfil, stream=texto)
    estadisticas.sort_stats("cumulative").print_stats(40)
    estadisticas.sort_stats("tottime").print_stats(25)
    print(texto.getvalue())


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument("--segundos", type=float, default=10.0)
    argumentos.add_argument("--maximo", type=int, default=4000)
    argumentos.add_argument("--clientes", type=int, default=6)
    argumentos.add_argument("--trabajadores", type=int, nargs="+", default=[2, 3, 4])
    argumentos.add_argument("--patrones", type=int, default=60)
    argumentos.add_argument("--kb", type=int, default=100, help="tamaño del PDF adjunto")
    argumentos.add_argument(
        "--hilos", type=int, default=1, help="hilos por trabajador de gunicorn (buzon servir)"
    )
    argumentos.add_argument("--perfil", action="store_true", help="perfilar aunque cumpla")
    argumentos.add_argument("--solo-perfil", action="store_true", help="solo el perfil")
    argumentos.add_argument("--actuaciones-perfil", type=int, default=300)
    args = argumentos.parse_args([] if argv is None else argv)

    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-actuaciones-") as temporal:
            carpeta = Path(temporal)
            patrones = _preparar(carpeta, args.patrones)
            print(
                f"{len(patrones)} patrones habilitados (FIEL RSA-2048), ICSOE con un PDF de "
                f"{args.kb} KB distinto en cada una, PostgreSQL, {os.cpu_count()} núcleos, "
                f"{args.clientes} clientes en ciclo cerrado, hasta {args.segundos:.0f} s o "
                f"{args.maximo:,} actuaciones"
            )
            resultados = []
            for trabajadores in [] if args.solo_perfil else args.trabajadores:
                with _servidor(carpeta, trabajadores, args.hilos) as (puerto, maestro):
                    r = _medir(puerto, maestro, patrones, args, trabajadores)
                resultados.append(r)
                estado = "cumple" if r.tasa >= OBJETIVO else "NO CUMPLE"
                print(
                    f"gunicorn {trabajadores} trabajadores × {args.hilos} hilos: "
                    f"{r.presentaciones:,} actuaciones completas en {r.segundos:.2f} s = "
                    f"{r.tasa:,.0f}/s (objetivo ≥ {OBJETIVO:.0f}/s: {estado}); "
                    f"p50 {r.p50 * 1000:.1f} ms, "
                    f"p99 {r.p99 * 1000:.1f} ms"
                )
                n = r.presentaciones
                print(
                    f"    CPU (núcleo·s; máquina ocupada {r.cpu_maquina:.1f} de "
                    f"{r.segundos * (os.cpu_count() or 1):.1f}): servidor {r.cpu_servidor:.1f} "
                    f"({r.cpu_servidor / n * 1000:.2f} ms/actuación), PostgreSQL "
                    f"{r.cpu_postgres:.1f} ({r.cpu_postgres / n * 1000:.2f} ms/actuación), "
                    f"clientes {r.cpu_clientes:.1f} ({r.cpu_clientes / n * 1000:.2f} ms/actuación)"
                )
                techo = (os.cpu_count() or 1) * n / max(r.cpu_servidor + r.cpu_postgres, 1e-9)
                print(f"    techo sin el cliente en la máquina: {techo:,.0f}/s")
            if resultados:
                mejor = max(resultados, key=lambda r: r.tasa)
                estado = "cumple" if mejor.tasa >= OBJETIVO else "NO CUMPLE"
                print(
                    f"mejor: {mejor.tasa:,.0f}/s con {mejor.trabajadores} trabajadores "
                    f"(objetivo ≥ {OBJETIVO:.0f}/s: {estado})"
                )
            if args.perfil or not resultados or max(r.tasa for r in resultados) < OBJETIVO:
                _perfilar(carpeta, patrones, args.actuaciones_perfil, args.kb)
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
