"""bench/opinion: the agencies' web service (convenios) over HTTP, gunicorn + PostgreSQL, 2 cores.

Targets (issue 14): (a) single consultations, 1 RFC per `POST /api/v1/convenios/opiniones`,
≥ 500/s on 2 cores with p99 reported; (b) bulk, 1,000 RFCs per call, ≥ 2,000 opiniones/s, each
sealed (its acuse), logged in the evidence log and recorded as the agency's consultation.

Set-up (not timed): a throwaway PostgreSQL database (`BENCH_DATABASE_URL`, default
postgres://postgres@127.0.0.1:5432/buzon_bench_opinion_<pid>, created, migrated and dropped) with
a demo seal; `--registros` registros patronales (default 1,000,000; two per patrón, 10 % of
modalidad 40, 85 % vigente / 10 % baja / 5 % suspendido), one worker in force in every fourth
registro (afiliación ledger), and `--creditos` créditos fiscales (default 200,000; 40 % exigible,
the rest pagado, convenio, garantizado, impugnado, cancelado), all bulk-loaded with COPY; a test
CA that is the trust folder (`BUZON_CONFIANZA`), the agency's institutional certificate (a CSD)
under it and its convenio (`do_registrar_convenio`, quota far above the run).

Each client process gets its token the real way (an RS256 client assertion with `x5c`,
`POST /api/v1/convenios/token`, renewed before it expires) and then runs a closed loop
(bench/_arnes/carga) of consultations of RFCs spread over the whole padrón; an answer that is not
200 with one opinión per RFC is an error, and a run with errors misses the target.

    .venv/bin/python -m bench opinion
    .venv/bin/python -m bench.opinion [--registros 1000000] [--creditos 200000] [--segundos 10]
        [--maximo-a 20000] [--maximo-b 100] [--clientes 4] [--trabajadores 2 3 4]
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from bench._arnes.carga import Carga, Resultado, ciclo_cerrado, informe
from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from bench._arnes.patrones import ErrorDeRespuesta
from bench._arnes.servidor import entorno, instalar_sello, migrar, servidor
from bench._bd import base_de_datos

OBJETIVO_UNA = 500.0
OBJETIVO_LOTE = 2000.0
POR_LOTE = 1000
URL = os.environ.get(
    "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/buzon_bench_opinion_{os.getpid()}"
)
PUBLICA = "http://buzon.bench.invalid"
RFC_DEPENDENCIA = "SAT970701NN3"
#: A token lives 300 s: a client asks for a new one well before.
RENOVAR = 200.0
_LETRAS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SITUACIONES = ["exigible"] * 8 + ["pagado"] * 4 + ["convenio"] * 3 + ["garantizado"] * 2
_SITUACIONES += ["impugnado"] * 2 + ["cancelado"]


def rfc_patron(g: int) -> str:
    """A distinct well-formed RFC of a persona moral per g ≥ 0 (3 letters, a real date, A1B)."""
    dia = date(1950, 1, 1) + timedelta(days=g // 17576)
    letras = _LETRAS[g % 26] + _LETRAS[g // 26 % 26] + _LETRAS[g // 676 % 26]
    return f"{letras}{dia:%y%m%d}A1B"


def registro(n: int) -> str:
    return f"Y{n:010d}"


def _entorno(carpeta: Path) -> dict[str, str]:
    return entorno(
        carpeta, URL, BUZON_URL_PUBLICA=PUBLICA, BUZON_LIMITE_SESIONES="0", BUZON_LOG="WARNING"
    )


def _cargar(registros: int, creditos: int) -> None:
    """Padrón, ledger and credits with COPY (the parent process, Django set up)."""
    from django.db import connection
    from django.utils import timezone

    from buzon.legal.nss import digito_nss

    ahora = timezone.now()
    patrones = max(1, registros // 2)
    with connection.cursor() as c:
        with c.cursor.copy(
            "COPY padron_patron (id, rfc, nombre, zona_horaria, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for g in range(patrones):
                copia.write_row(
                    (g + 1, rfc_patron(g), f"PATRON {g}", "America/Mexico_City", ahora, ahora)
                )
        columnas = (
            "id, registro, patron_id, entidad, subdelegacion, zona_salario, modalidad, "
            "situacion, creado_en, importado_en"
        )
        with c.cursor.copy(f"COPY padron_registropatronal ({columnas}) FROM STDIN") as copia:
            for n in range(registros):
                situacion = (
                    "baja" if n % 20 in (1, 2) else "suspendido" if n % 20 == 3 else "vigente"
                )
                modalidad = "40" if n % 10 == 9 else "10"
                copia.write_row(
                    (n + 1, registro(n), n // 2 % patrones + 1, "CMX", "01", "general",
                     modalidad, situacion, ahora, ahora)
                )  # fmt: skip
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["c" * 64, ahora],
        )
        archivo = c.fetchone()[0]
        trabajadores = registros // 4
        with c.cursor.copy(
            "COPY cuotas_asegurado (id, nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(trabajadores):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (i + 1, diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i in range(trabajadores):
                copia.write_row((4 * i + 1, i + 1, "08", date(2025, 6, 1), 400, None, archivo, 1))
        c.execute(
            "INSERT INTO cobranza_archivocobranza (sha256, nombre, importado_por, importado_en) "
            "VALUES (%s, 'bench.csv', '', %s) RETURNING id",
            ["d" * 64, ahora],
        )
        archivo = c.fetchone()[0]
        columnas = (
            "credito, rfc, registro, concepto, periodo, importe, situacion, creado_en, "
            "actualizado_en, archivo_id, linea"
        )
        with c.cursor.copy(f"COPY cobranza_credito ({columnas}) FROM STDIN") as copia:
            for k in range(creditos):
                n = (k * 7) % registros  # spread over the padrón
                copia.write_row(
                    (f"C{k:012d}", rfc_patron(n // 2 % patrones), registro(n), "COP", "2026-01",
                     f"{1000 + k % 50000}.00", _SITUACIONES[k % len(_SITUACIONES)], ahora, ahora,
                     archivo, k + 2)
                )  # fmt: skip
        for tabla in ("padron_patron", "padron_registropatronal", "cuotas_asegurado"):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), "
                f"(SELECT max(id) FROM {tabla}))"
            )
        c.execute("ANALYZE")


@dataclass(frozen=True)
class Agencia:
    cliente: str
    cer_b64: str
    llave: rsa.RSAPrivateKey


def _agencia(carpeta: Path) -> Agencia:
    """The test CA (trust folder), the agency's CSD and its convenio (the parent process)."""
    from buzon.convenios.servicios import DatosConvenio, do_registrar_convenio, hoy
    from buzon.efirma.pki import crear_ac, emitir

    ac = crear_ac(carpeta / "ac")
    (carpeta / "confianza").mkdir(exist_ok=True)
    shutil.copy(carpeta / "ac" / "ac.cer", carpeta / "confianza" / "ac.cer")
    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ahora = datetime.now(UTC)
    cer, _ = emitir(
        ac, rfc=RFC_DEPENDENCIA, nombre="SERVICIO DE ADMINISTRACION TRIBUTARIA", tipo="csd",
        representante=("XIQB891116QE4", "XIQB891116MGRMZR05"), desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365), llave=llave, registrar=False,
    )  # fmt: skip
    convenio = do_registrar_convenio(
        DatosConvenio(
            dependencia="Servicio de Administración Tributaria (bench)",
            rfc=RFC_DEPENDENCIA,
            fundamento="CFF art. 32-D",
            finalidad="Verificar proveedores (bench)",
            vigente_desde=hoy() - timedelta(days=1),
            vigente_hasta=hoy() + timedelta(days=30),
            cuota_diaria=2_000_000_000,
            certificados=[cer],
        ),
        por="bench",
    )
    return Agencia(convenio.cliente, base64.b64encode(cer).decode("ascii"), llave)


class _Consultas:
    """One client process: a token, then consultations of `por_llamada` RFCs each."""

    def __init__(self, indice: int, puerto: int, agencia: Agencia, patrones: int, por: int):
        self.indice, self.puerto, self.agencia = indice, puerto, agencia
        self.patrones, self.por = patrones, por
        self.siguiente = indice * 7919
        self.conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=120)
        self.token = ""
        self.desde = 0.0

    def _pedir_token(self) -> None:
        from urllib.parse import urlencode

        from buzon.convenios import jws

        ahora = int(time.time())
        asercion = jws.firmar(
            self.agencia.llave,
            {
                "iss": self.agencia.cliente, "sub": self.agencia.cliente,
                "aud": f"{PUBLICA}/api/v1/convenios/token", "iat": ahora, "exp": ahora + 60,
                "jti": str(uuid.uuid4()),
            },
            {"x5c": [self.agencia.cer_b64]},
        )  # fmt: skip
        cuerpo = urlencode(
            {
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": asercion,
                "scope": "opinion",
            }
        )
        self.conexion.request(
            "POST", "/api/v1/convenios/token", cuerpo,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        respuesta = self.conexion.getresponse()
        datos = respuesta.read()
        if respuesta.status != 200:
            raise ErrorDeRespuesta(f"token: {respuesta.status} {datos[:200]!r}")
        self.token = json.loads(datos)["access_token"]
        self.desde = time.monotonic()

    def calentar(self) -> None:
        self._pedir_token()
        for _ in range(2):
            self.operar()

    def operar(self) -> None:
        if time.monotonic() - self.desde > RENOVAR:
            self._pedir_token()
        rfcs = []
        for _ in range(self.por):
            self.siguiente = (self.siguiente + 104_729) % self.patrones
            rfcs.append(rfc_patron(self.siguiente))
        self.conexion.request(
            "POST", "/api/v1/convenios/opiniones", json.dumps({"rfcs": rfcs}),
            {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )  # fmt: skip
        respuesta = self.conexion.getresponse()
        datos = respuesta.read()
        if respuesta.status != 200:
            raise ErrorDeRespuesta(f"opiniones: {respuesta.status} {datos[:200]!r}")
        opiniones = json.loads(datos)["opiniones"]
        if len(opiniones) != len(set(rfcs)) or any(o.get("folio") is None for o in opiniones):
            raise ErrorDeRespuesta(f"opiniones: {len(opiniones)} respuestas para {len(rfcs)}")

    def reponer(self) -> None:
        self.conexion.close()
        self.conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=120)

    def cerrar(self) -> None:
        self.conexion.close()


def _fase(
    nombre: str, carpeta: Path, agencia: Agencia, patrones: int, por: int, carga: Carga,
    trabajadores: list[int],
) -> list[tuple[int, Resultado]]:  # fmt: skip
    resultados = []
    for n in trabajadores:
        with servidor(carpeta, _entorno(carpeta), n) as (puerto, maestro):

            def fabrica(i: int, p: int = puerto) -> _Consultas:
                return _Consultas(i, p, agencia, patrones, por)

            resultados.append((n, ciclo_cerrado(fabrica, carga, maestro, URL)))
        print(f"{nombre}, gunicorn {n} trabajadores ({linea_de_maquina()}):")
        r = resultados[-1][1]
        if por == 1:
            lineas = informe(r, OBJETIVO_UNA, "consultas", "consulta")
            print("\n".join(lineas))
        else:
            lineas = informe(r, OBJETIVO_LOTE / POR_LOTE, "llamadas de 1,000", "llamada")
            print("\n".join(lineas[1:]))
            tasa = r.tasa * por
            print(
                f"    {r.hechas * por:,} opiniones en {r.segundos:.2f} s = {tasa:,.0f} opiniones/s "
                f"({frente_al_objetivo(tasa, OBJETIVO_LOTE, errores=r.errores)}); por llamada: "
                f"p50 {r.p50 * 1000:.0f} ms, p95 {r.p95 * 1000:.0f} ms, p99 {r.p99 * 1000:.0f} ms; "
                f"errores {r.errores:,}"
            )
    return resultados


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    Carga.opciones(argumentos, maximo=20_000, clientes=4, trabajadores=[2, 3, 4])
    argumentos.add_argument(
        "--registros", type=int, default=int(os.environ.get("BENCH_OPINION_REGISTROS", 1_000_000))
    )
    argumentos.add_argument(
        "--creditos", type=int, default=int(os.environ.get("BENCH_OPINION_CREDITOS", 200_000))
    )
    argumentos.add_argument("--maximo-b", type=int, default=100, help="llamadas de 1,000 en (b)")
    args = argumentos.parse_args([] if argv is None else argv)
    carga = Carga.de(args, preparacion=300.0)

    print(linea_de_maquina())
    base_de_datos(URL, "crear")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-opinion-") as temporal:
            carpeta = Path(temporal)
            (carpeta / "confianza").mkdir()
            variables = _entorno(carpeta)
            migrar(variables)
            instalar_sello(variables)
            os.environ.update(variables)
            import django

            django.setup()
            from django.db import connection

            inicio = time.perf_counter()
            _cargar(args.registros, args.creditos)
            agencia = _agencia(carpeta)
            connection.close()  # the clients are forked: no shared connection
            patrones = max(1, args.registros // 2)
            print(
                f"datos: {args.registros:,} registros de {patrones:,} patrones, "
                f"{args.registros // 4:,} trabajadores vigentes, {args.creditos:,} créditos; "
                f"carga (COPY) y convenio en {time.perf_counter() - inicio:.1f} s; "
                f"{args.clientes} clientes en ciclo cerrado, hasta {args.segundos:.0f} s"
            )
            una = _fase(
                "(a) una consulta (1 RFC) por llamada", carpeta, agencia, patrones, 1, carga,
                args.trabajadores,
            )  # fmt: skip
            lote = _fase(
                "(b) 1,000 RFC por llamada", carpeta, agencia, patrones, POR_LOTE,
                replace(carga, maximo=args.maximo_b), args.trabajadores,
            )  # fmt: skip
            n, mejor = max(una, key=lambda x: x[1].tasa)
            print(
                f"mejor (a): {mejor.tasa:,.0f} consultas/s con {n} trabajadores, p99 "
                f"{mejor.p99 * 1000:.1f} ms "
                f"({frente_al_objetivo(mejor.tasa, OBJETIVO_UNA, errores=mejor.errores)})"
            )
            n, mejor = max(lote, key=lambda x: x[1].tasa)
            tasa = mejor.tasa * POR_LOTE
            print(
                f"mejor (b): {tasa:,.0f} opiniones/s con {n} trabajadores "
                f"({frente_al_objetivo(tasa, OBJETIVO_LOTE, errores=mejor.errores)})"
            )
            print(linea_de_maquina())
    finally:
        base_de_datos(URL, "borrar")


if __name__ == "__main__":
    main(sys.argv[1:])
