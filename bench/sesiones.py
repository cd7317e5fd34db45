"""bench/sesiones: complete logins per second over HTTP, production server + PostgreSQL, 2 cores.

Target (issue "Sessions"): ≥ 300 complete logins/s on 2 cores, with p50/p99 latency. A complete
login is what a client does: `POST /api/v1/sesiones/reto` (201), sign the reto with the e.firma's
key (RSASSA-PKCS1-v1_5 / SHA-256), `POST /api/v1/sesiones` (201, token).

Set-up: a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_sesiones_<pid>, created, migrated and dropped); a
test CA whose certificate alone is the trust folder (`BUZON_CONFIANZA`, so the issuer check runs);
`--patrones` employers with FIEL certificates (keys in memory). For each `--trabajadores` count,
`buzon servir` (gunicorn) starts on a free loopback port and `--clientes` client processes run a
closed loop for `--segundos` or `--maximo` logins, whichever comes first, after a warm-up.

Rate limit: login attempts are limited to 30 per IP per 10 minutes (BUZON_LIMITE_SESIONES). The
bench keeps the limiter on, as in production: each client connection changes its loopback source
address (127.x.y.z) every 25 logins, so the limiter runs on every attempt and never trips.

The client signs on the same 2 cores: its CPU time (getrusage of the client processes) is printed
next to the server's and PostgreSQL's, so the server-side share can be judged. When the target is
missed (or with `--perfil`), one process profiles the same code path with Django's test client.

    .venv/bin/python -m bench sesiones
    .venv/bin/python -m bench.sesiones [--segundos 10] [--maximo 5000] [--clientes 8]
        [--trabajadores 2 3 4 5] [--patrones 200] [--perfil]
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
import shlex
import shutil
import signal
import socket
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
from urllib.parse import urlparse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench._bd import base_de_datos

OBJETIVO = 300.0
URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/buzon_bench_sesiones_{os.getpid()}"
)
RAIZ = Path(__file__).resolve().parents[1]
#: Logins per source address: below the limit of 30 attempts per IP per 10 minutes.
POR_DIRECCION = 25
LLAVES_DISTINTAS = 8  # RSA-2048 keys shared round-robin by the employers (signing cost is equal)
TICK = os.sysconf("SC_CLK_TCK")


# --- Database and data ---------------------------------------------------------------------------


def _base(accion: str) -> None:
    base_de_datos(URL, accion)


@dataclass(frozen=True)
class Patron:
    rfc: str
    cer_b64: str
    llave: rsa.RSAPrivateKey


def _rfc(i: int) -> str:
    """A valid-looking RFC of a persona física, distinct per i (date part from i)."""
    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    dia = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=i)
    return f"B{letras[i % 26]}{letras[i // 26 % 26]}Z{dia:%y%m%d}{letras[i % 7]}{i % 10}{i % 9}"


def _patrones(carpeta: Path, cuantos: int) -> list[Patron]:
    from buzon.efirma.pki import crear_ac, emitir

    ac = crear_ac(carpeta / "ac")
    confianza = carpeta / "confianza"
    confianza.mkdir()
    shutil.copy(carpeta / "ac" / "ac.cer", confianza / "ac.cer")  # the certificate, not the key
    llaves = [
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for _ in range(LLAVES_DISTINTAS)
    ]
    ahora = datetime.now(UTC)
    patrones = []
    for i in range(cuantos):
        rfc = _rfc(i)
        llave = llaves[i % len(llaves)]
        cer, _ = emitir(
            ac,
            rfc=rfc,
            nombre=f"PATRON DE PRUEBA {i}",
            curp=f"{rfc[:10]}HDFRRN{i % 10}{i % 7}",
            desde=ahora - timedelta(days=1),
            hasta=ahora + timedelta(days=365),
            llave=llave,
            registrar=False,
        )
        patrones.append(Patron(rfc, base64.b64encode(cer).decode("ascii"), llave))
    return patrones


def _entorno(carpeta: Path) -> dict[str, str]:
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("BUZON_")}
    entorno.update(
        DJANGO_SETTINGS_MODULE="buzon.config.settings",
        DATABASE_URL=URL,
        BUZON_DATA_DIR=str(carpeta / "datos"),
        BUZON_CONFIANZA=str(carpeta / "confianza"),
        BUZON_LOG="WARNING",
    )
    return entorno


def _migrar(carpeta: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "buzon.cli", "migrate", "--verbosity", "0"],
        cwd=RAIZ,
        env=_entorno(carpeta),
        check=True,
        timeout=300,
    )


# --- Server --------------------------------------------------------------------------------------


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _servidor(carpeta: Path, trabajadores: int, gunicorn: str | None) -> Iterator[tuple[int, int]]:
    """`buzon servir` (or, as an experiment, gunicorn with `gunicorn` arguments) on a free
    loopback port; yields (port, master pid); always stopped."""
    puerto = _puerto_libre()
    bitacora = carpeta / f"servir-{trabajadores}.log"
    if gunicorn is None:
        orden = [sys.executable, "-m", "buzon.cli", "servir", "--puerto", str(puerto)]
        orden += ["--trabajadores", str(trabajadores), "--direccion", "127.0.0.1"]
    else:
        orden = [sys.executable, "-m", "gunicorn", *shlex.split(gunicorn)]
        orden += ["--bind", f"127.0.0.1:{puerto}", "--workers", str(trabajadores)]
        orden += ["buzon.config.wsgi:application"]
    with open(bitacora, "wb") as salida:
        proceso = subprocess.Popen(
            orden,
            cwd=RAIZ,
            env=_entorno(carpeta),
            stdout=salida,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: master and workers stop together
        )
    try:
        _esperar(puerto, proceso, bitacora)
        yield puerto, proceso.pid
    finally:
        _detener(proceso)


def _esperar(puerto: int, proceso: subprocess.Popen[bytes], bitacora: Path) -> None:
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            raise RuntimeError(f"buzon servir terminó ({proceso.returncode}):\n{_cola(bitacora)}")
        try:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
            conexion.request("GET", "/api/v1/openapi.json")
            if conexion.getresponse().status == 200:
                conexion.close()
                return
            conexion.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"buzon servir no respondió en 60 s:\n{_cola(bitacora)}")


def _cola(bitacora: Path) -> str:
    return "\n".join(bitacora.read_text("utf-8", "replace").splitlines()[-30:])


def _detener(proceso: subprocess.Popen[bytes]) -> None:
    if proceso.poll() is not None:
        return
    for senal, espera in ((signal.SIGTERM, 25.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proceso.pid, senal)  # the group this bench created (start_new_session)
        except ProcessLookupError:
            return
        try:
            proceso.wait(espera)
            return
        except subprocess.TimeoutExpired:
            continue


# --- CPU accounting from /proc -------------------------------------------------------------------


def _cpu_de(pid: int) -> float:
    try:
        campos = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(campos[11]) + int(campos[12])) / TICK  # utime + stime


def _hijos(pid: int) -> list[int]:
    hijos: list[int] = []
    for tarea in Path(f"/proc/{pid}/task").glob("*"):
        try:
            hijos += [int(h) for h in (tarea / "children").read_text().split()]
        except OSError:
            continue
    return hijos


def _cpu_servidor(maestro: int) -> float:
    return _cpu_de(maestro) + sum(_cpu_de(h) for h in _hijos(maestro))


def _cpu_postgres(url: str = URL) -> float:
    """CPU of the PostgreSQL backends serving the bench's database `url`, plus the server's shared
    WAL writer, checkpointer and background writer (other databases' backends are left out)."""
    nombre = urlparse(url).path.lstrip("/")
    compartidos = ("walwriter", "checkpointer", "background writer")
    total = 0.0
    for entrada in Path("/proc").iterdir():
        if not entrada.name.isdigit():
            continue
        try:
            if (entrada / "comm").read_text().strip() != "postgres":
                continue
            orden = (entrada / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if f" {nombre} " in orden or any(orden.rstrip("\0 ").endswith(c) for c in compartidos):
            total += _cpu_de(int(entrada.name))
    return total


def _cpu_maquina() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    valores = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    inactivo = valores[3] + valores[4]
    total = sum(valores[:8])
    return (total - inactivo) / TICK, total / TICK


# --- Client --------------------------------------------------------------------------------------


class ErrorDeAcceso(RuntimeError):
    pass


def _post(conexion: http.client.HTTPConnection, ruta: str, cuerpo: bytes) -> dict[str, Any]:
    conexion.request("POST", ruta, body=cuerpo, headers={"Content-Type": "application/json"})
    respuesta = conexion.getresponse()
    datos = respuesta.read()
    if respuesta.status != 201:
        raise ErrorDeAcceso(f"{ruta}: {respuesta.status} {datos[:300]!r}")
    resultado: dict[str, Any] = json.loads(datos)
    return resultado


def _entrar(conexion: http.client.HTTPConnection, patron: Patron) -> None:
    reto = str(_post(conexion, "/api/v1/sesiones/reto", b"")["reto"])
    firma = patron.llave.sign(reto.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    cuerpo = json.dumps(
        {
            "certificado": patron.cer_b64,
            "reto": reto,
            "firma": base64.b64encode(firma).decode("ascii"),
        }
    ).encode("utf-8")
    if not _post(conexion, "/api/v1/sesiones", cuerpo).get("token"):
        raise ErrorDeAcceso("/api/v1/sesiones: 201 sin token")


def _direccion(cliente: int, n: int) -> str:
    return f"127.{10 + cliente}.{n // 250 % 250}.{n % 250 + 1}"


@dataclass
class Medicion:
    latencias: list[float] = field(default_factory=list)
    inicio: float = 0.0
    fin: float = 0.0
    cpu: float = 0.0
    firmas: float = 0.0
    error: str = ""


def _cliente(
    indice: int,
    puerto: int,
    patrones: list[Patron],
    segundos: float,
    cuota: int,
    barrera: multiprocessing.synchronize.Barrier,
    cola: multiprocessing.Queue[Medicion],
) -> None:
    medicion = Medicion()
    direcciones = 0
    conexion: http.client.HTTPConnection | None = None
    hechos = 0

    def siguiente() -> http.client.HTTPConnection:
        nonlocal direcciones
        direcciones += 1
        return http.client.HTTPConnection(
            "127.0.0.1", puerto, timeout=30, source_address=(_direccion(indice, direcciones), 0)
        )

    try:
        conexion = siguiente()
        for k in range(3):  # warm-up: every worker's DB connection, caches, imports
            _entrar(conexion, patrones[(indice + k) % len(patrones)])
        hechos = 3
        barrera.wait(120)
        uso = resource.getrusage(resource.RUSAGE_SELF)
        medicion.inicio = time.perf_counter()
        limite = medicion.inicio + segundos
        i = indice
        while len(medicion.latencias) < cuota and time.perf_counter() < limite:
            if hechos % POR_DIRECCION == 0:
                conexion.close()
                conexion = siguiente()
            t = time.perf_counter()
            _entrar(conexion, patrones[i % len(patrones)])
            medicion.latencias.append(time.perf_counter() - t)
            hechos += 1
            i += 7
        medicion.fin = time.perf_counter()
        despues = resource.getrusage(resource.RUSAGE_SELF)
        medicion.cpu = (despues.ru_utime - uso.ru_utime) + (despues.ru_stime - uso.ru_stime)
    except Exception as exc:  # reported by the parent, which fails the run
        medicion.error = f"cliente {indice}: {type(exc).__name__}: {exc}"
        barrera.abort()
    finally:
        if conexion is not None:
            conexion.close()
    cola.put(medicion)


def _costo_firma(patron: Patron, n: int = 300) -> float:
    """Seconds of one RSA-2048 signature in this process (what each client login spends signing)."""
    inicio = time.perf_counter()
    for i in range(n):
        patron.llave.sign(f"{i:064x}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return (time.perf_counter() - inicio) / n


@dataclass(frozen=True)
class Resultado:
    trabajadores: int
    logins: int
    segundos: float
    p50: float
    p99: float
    cpu_clientes: float
    cpu_servidor: float
    cpu_postgres: float
    cpu_maquina: float

    @property
    def tasa(self) -> float:
        return self.logins / self.segundos

    @property
    def cpu_otros(self) -> float:
        propios = self.cpu_servidor + self.cpu_postgres + self.cpu_clientes
        return max(0.0, self.cpu_maquina - propios)


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
            args=(i, puerto, patrones, args.segundos, cuota, barrera, cola),
            daemon=True,
        )
        for i in range(args.clientes)
    ]
    for p in procesos:
        p.start()
    with contextlib.suppress(threading.BrokenBarrierError):  # a failed client reports below
        barrera.wait(120)
    servidor0, postgres0, maquina0 = _cpu_servidor(maestro), _cpu_postgres(), _cpu_maquina()
    mediciones = [cola.get(timeout=args.segundos + 120) for _ in procesos]
    servidor1, postgres1, maquina1 = _cpu_servidor(maestro), _cpu_postgres(), _cpu_maquina()
    for p in procesos:
        p.join(10)
        if p.is_alive():
            p.kill()
    errores = [m.error for m in mediciones if m.error]
    if errores:
        raise RuntimeError("\n".join(errores))
    latencias = sorted(x for m in mediciones for x in m.latencias)
    segundos = max(m.fin for m in mediciones) - min(m.inicio for m in mediciones)
    ocupado = maquina1[0] - maquina0[0]
    return Resultado(
        trabajadores=trabajadores,
        logins=len(latencias),
        segundos=segundos,
        p50=statistics.median(latencias),
        p99=latencias[min(len(latencias) - 1, int(len(latencias) * 0.99))],
        cpu_clientes=sum(m.cpu for m in mediciones),
        cpu_servidor=servidor1 - servidor0,
        cpu_postgres=postgres1 - postgres0,
        cpu_maquina=ocupado,
    )


# --- Profile (single process, Django test client, same code path) --------------------------------


def _perfilar(carpeta: Path, patrones: list[Patron], n: int) -> None:
    import cProfile
    import io
    import pstats

    os.environ.update(_entorno(carpeta))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    cliente = Client(HTTP_HOST="127.0.0.1")

    def entrar(patron: Patron, direccion: str) -> None:
        reto = cliente.post("/api/v1/sesiones/reto", REMOTE_ADDR=direccion).json()["reto"]
        firma = base64.b64encode(
            patron.llave.sign(reto.encode(), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        respuesta = cliente.post(
            "/api/v1/sesiones",
            {"certificado": patron.cer_b64, "reto": reto, "firma": firma},
            content_type="application/json",
            REMOTE_ADDR=direccion,
        )
        if respuesta.status_code != 201:
            raise ErrorDeAcceso(f"{respuesta.status_code} {respuesta.content[:300]!r}")

    for i in range(20):
        entrar(patrones[i % len(patrones)], _direccion(200, i))
    consultas: dict[str, list[float]] = {}

    def medir_consulta(ejecutar: Any, sql: str, *resto: Any) -> Any:
        t = time.perf_counter()
        try:
            return ejecutar(sql, *resto)
        finally:
            consultas.setdefault(sql.split()[0].upper(), []).append(time.perf_counter() - t)

    cpu, inicio = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(medir_consulta):
        for i in range(n):
            entrar(patrones[i % len(patrones)], _direccion(202, i))
    cpu, pared = time.process_time() - cpu, time.perf_counter() - inicio
    firma = _costo_firma(patrones[0])
    print(
        f"\nsin perfilador, 1 proceso, cliente de pruebas de Django (sin HTTP ni gunicorn): "
        f"{n} accesos, {pared / n * 1000:.2f} ms de reloj y {cpu / n * 1000:.2f} ms de CPU "
        f"por acceso, de ellos {firma * 1000:.2f} ms la firma del cliente"
    )
    for verbo, tiempos in sorted(consultas.items()):
        print(
            f"    SQL {verbo}: {len(tiempos) / n:.1f} por acceso, "
            f"{sum(tiempos) / n * 1000:.2f} ms de reloj por acceso (ida y vuelta a PostgreSQL)"
        )
    perfil = cProfile.Profile()
    inicio = time.perf_counter()
    perfil.enable()
    for i in range(n):
        entrar(patrones[i % len(patrones)], _direccion(201, i))
    perfil.disable()
    pared = time.perf_counter() - inicio
    connection.close()
    print(
        f"perfil: {n} accesos completos en 1 proceso (cliente de pruebas de Django, sin HTTP), "
        f"{pared / n * 1000:.2f} ms por acceso con cProfile (incluye la firma del cliente)"
    )
    texto = io.StringIO()
    estadisticas = pstats.Stats(perfil, stream=texto)
    estadisticas.sort_stats("cumulative").print_stats(25)
    estadisticas.sort_stats("tottime").print_stats(15)
    print(texto.getvalue())


# --- Main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    argumentos.add_argument("--segundos", type=float, default=10.0)
    argumentos.add_argument("--maximo", type=int, default=5000)
    argumentos.add_argument("--clientes", type=int, default=8)
    argumentos.add_argument("--trabajadores", type=int, nargs="+", default=[2, 3, 4, 5])
    argumentos.add_argument("--patrones", type=int, default=200)
    argumentos.add_argument("--perfil", action="store_true", help="perfilar aunque cumpla")
    argumentos.add_argument("--accesos-perfil", type=int, default=400)
    argumentos.add_argument(
        "--gunicorn",
        metavar="ARGUMENTOS",
        help="experimento: gunicorn directo con estos argumentos en lugar de `buzon servir`",
    )
    args = argumentos.parse_args([] if argv is None else argv)

    _base("crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-sesiones-") as temporal:
            carpeta = Path(temporal)
            _migrar(carpeta)
            patrones = _patrones(carpeta, args.patrones)
            firma = _costo_firma(patrones[0])
            print(
                f"{len(patrones)} patrones (FIEL RSA-2048, AC de pruebas en BUZON_CONFIANZA), "
                f"PostgreSQL, {os.cpu_count()} núcleos, {args.clientes} clientes en ciclo cerrado, "
                f"hasta {args.segundos:.0f} s o {args.maximo:,} accesos"
            )
            print(f"firma RSA-2048 del cliente: {firma * 1000:.2f} ms por acceso (1 núcleo)")
            resultados = []
            for trabajadores in args.trabajadores:
                with _servidor(carpeta, trabajadores, args.gunicorn) as (puerto, maestro):
                    r = _medir(puerto, maestro, patrones, args, trabajadores)
                resultados.append(r)
                estado = "cumple" if r.tasa >= OBJETIVO else "NO CUMPLE"
                print(
                    f"gunicorn {trabajadores} trabajadores: {r.logins:,} accesos en "
                    f"{r.segundos:.2f} s = {r.tasa:,.0f}/s "
                    f"(objetivo ≥ {OBJETIVO:.0f}/s: {estado}); "
                    f"p50 {r.p50 * 1000:.1f} ms, p99 {r.p99 * 1000:.1f} ms"
                )
                print(
                    f"    CPU (núcleo·s en {r.segundos:.1f} s; máquina ocupada "
                    f"{r.cpu_maquina:.1f} de {r.segundos * (os.cpu_count() or 1):.1f}): "
                    f"servidor {r.cpu_servidor:.1f} "
                    f"({r.cpu_servidor / r.logins * 1000:.2f} ms/acceso), "
                    f"PostgreSQL {r.cpu_postgres:.1f} "
                    f"({r.cpu_postgres / r.logins * 1000:.2f} ms/acceso), "
                    f"clientes {r.cpu_clientes:.1f} "
                    f"({r.cpu_clientes / r.logins * 1000:.2f} ms/acceso), "
                    f"otros procesos {r.cpu_otros:.1f}"
                )
                if r.cpu_otros > 0.1 * r.cpu_maquina:
                    print(
                        "    AVISO: otros procesos usaron la máquina durante la medición; "
                        "repita con la máquina en reposo"
                    )
                techo = (os.cpu_count() or 1) * r.logins / (r.cpu_servidor + r.cpu_postgres)
                print(
                    "    techo sin el cliente en la máquina (núcleos / CPU de servidor + "
                    f"PostgreSQL por acceso): {techo:,.0f}/s"
                )
            mejor = max(resultados, key=lambda r: r.tasa)
            estado = "cumple" if mejor.tasa >= OBJETIVO else "NO CUMPLE"
            print(
                f"mejor: {mejor.tasa:,.0f}/s con {mejor.trabajadores} trabajadores "
                f"(objetivo ≥ {OBJETIVO:.0f}/s: {estado})"
            )
            if args.perfil or mejor.tasa < OBJETIVO:
                _perfilar(carpeta, patrones, args.accesos_perfil)
    finally:
        _base("borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
