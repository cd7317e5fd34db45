"""Benchmark of the e.firma layer. Prints its figures; asserts nothing.

Measures what a login costs the server: decode the posted certificate and signature, verify the
signature over the reto, check FIEL / validity, verify the chain against the trust store, and look
up revocation in the OCSP cache (warm: one real OCSP exchange per worker, then cached answers).
Runs on every core (default 2) with multiprocessing. Also reports key-loading (decryption) time.

    .venv/bin/python -m bench.efirma [--segundos 3] [--procesos 2] [--bits-ac 4096] [--distintos N]
    .venv/bin/python -m bench efirma      (defaults)
"""

from __future__ import annotations

import argparse
import base64
import multiprocessing
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_private_key

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from buzon.efirma import (
    Confianza,
    ConsultorOCSP,
    Politica,
    decodificar_firma,
    firmar_b64,
    generar_reto,
    leer_certificado,
    leer_llave,
    verificar_firma,
)
from buzon.efirma.pkcs8 import ESQUEMAS
from buzon.efirma.pki import cargar_ac, crear_ac, emitir, responder_ocsp

PASSWORD = "12345678a"
OBJETIVO = 5000.0  # sessions/s on 2 cores (every core, `--procesos`)
SAT = Path(__file__).resolve().parents[2] / "shared" / "sat-pruebas"


def preparar(carpeta: Path, bits_ac: int, distintos: int) -> dict[str, object]:
    """A CA and `distintos` FIEL certificates (one key: issuing is what differs), each with a
    signed reto, as a login would post them."""
    ahora = datetime.now(UTC)
    ac = crear_ac(carpeta / "ac", bits=bits_ac)
    llave = None
    sesiones = []
    for i in range(distintos):
        cer, key = emitir(
            ac,
            rfc="XIQB891116QE4",
            nombre=f"PERSONA {i}",
            curp="XIQB891116MGRMZR05",
            desde=ahora - timedelta(days=1),
            hasta=ahora + timedelta(days=30),
            llave=llave,
        )
        llave = llave or leer_llave(key, PASSWORD)
        reto = generar_reto("sesion", ahora=ahora)
        sesiones.append(
            (
                base64.b64encode(cer).decode(),
                reto.valor,
                firmar_b64(llave, reto.valor.encode("utf-8")),
            )
        )
    return {"ac": str(carpeta / "ac"), "sesiones": sesiones}


def trabajador(
    datos: dict[str, Any],
    cuantos: int,
    segundos: float,
    salida: multiprocessing.Queue[int],
    salida_juntos: Any,
) -> None:
    ac = cargar_ac(datos["ac"])
    politica = Politica(
        confianza=Confianza.desde_carpeta(datos["ac"]),
        ocsp=ConsultorOCSP("http://ocsp.local/", transporte=lambda u, c, e: responder_ocsp(ac, c)),
    )
    sesiones = datos["sesiones"][:cuantos]

    def una_sesion(certificado: str, reto: str, firma_b64: str) -> None:
        ahora = datetime.now(UTC)
        cer = base64.b64decode(certificado)
        firma = decodificar_firma(firma_b64)
        resultado = verificar_firma(
            cer, reto.encode("utf-8"), firma, instante=ahora, politica=politica
        )
        assert resultado.emisor_verificado
        assert resultado.revocacion_verificada

    for sesion in sesiones:
        una_sesion(*sesion)  # warms the OCSP cache: one real exchange per certificate
    salida_juntos.wait()  # every worker starts timing at the same moment
    hechas = 0
    inicio = time.perf_counter()
    while time.perf_counter() - inicio < segundos:
        for _ in range(100):
            una_sesion(*sesiones[hechas % len(sesiones)])
            hechas += 1
    salida.put(round(hechas / (time.perf_counter() - inicio)))


def rendimiento(datos: dict[str, Any], cuantos: int, procesos: int, segundos: float) -> float:
    contexto = multiprocessing.get_context("fork")
    cola: multiprocessing.Queue[int] = contexto.Queue()
    barrera = contexto.Barrier(procesos)
    hijos = [
        contexto.Process(target=trabajador, args=(datos, cuantos, segundos, cola, barrera))
        for _ in range(procesos)
    ]
    for hijo in hijos:
        hijo.start()
    por_segundo = sum(cola.get() for _ in hijos)  # each worker's own rate, measured concurrently
    for hijo in hijos:
        hijo.join()
    return float(por_segundo)


def solo_rsa(datos: dict[str, Any], segundos: float) -> float:
    certificado, reto, firma_b64 = datos["sesiones"][0]
    cert = leer_certificado(base64.b64decode(certificado))
    firma = decodificar_firma(firma_b64)
    mensaje = reto.encode()
    llave = cert.llave_publica
    hechas = 0
    fin = time.perf_counter() + segundos
    inicio = time.perf_counter()
    while time.perf_counter() < fin:
        for _ in range(200):
            llave.verify(firma, mensaje, padding.PKCS1v15(), hashes.SHA256())
        hechas += 200
    return hechas / (time.perf_counter() - inicio)


def carga_de_llaves(carpeta: Path) -> list[tuple[str, float]]:
    """Median milliseconds to decrypt one .key (PBKDF2 2048 iterations, like SAT's)."""
    ac = cargar_ac(carpeta / "ac")
    filas = []
    for esquema in ESQUEMAS:
        _, key = emitir(ac, rfc="XIQB891116QE4", nombre="X", esquema=esquema, registrar=False)
        tiempos = []
        for _ in range(15):
            inicio = time.perf_counter()
            leer_llave(key, PASSWORD)
            tiempos.append((time.perf_counter() - inicio) * 1000)
        filas.append((f"generada {esquema}", statistics.median(tiempos)))
    # Where the time goes: OpenSSL's RSA key consistency check, not the decryption.
    _, key = emitir(ac, rfc="XIQB891116QE4", nombre="X", registrar=False)
    tiempos = []
    for _ in range(15):
        inicio = time.perf_counter()
        load_der_private_key(key, PASSWORD.encode(), unsafe_skip_rsa_key_validation=True)
        tiempos.append((time.perf_counter() - inicio) * 1000)
    filas.append(("(solo descifrar, sin validar RSA)", statistics.median(tiempos)))
    if SAT.is_dir():
        for ruta in sorted(SAT.glob("*-fiel.key"))[:1]:
            tiempos = []
            for _ in range(15):
                inicio = time.perf_counter()
                leer_llave(ruta.read_bytes(), PASSWORD)
                tiempos.append((time.perf_counter() - inicio) * 1000)
            filas.append((f"SAT {ruta.name}", statistics.median(tiempos)))
    return filas


def main(argv: list[str] | None = None) -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--segundos", type=float, default=3.0)
    argumentos.add_argument("--procesos", type=int, default=2)
    argumentos.add_argument("--bits-ac", type=int, default=4096)
    argumentos.add_argument("--distintos", type=int, default=2500)  # > parse cache (2048)
    args = argumentos.parse_args([] if argv is None else argv)
    n = args.procesos
    print(linea_de_maquina())
    with tempfile.TemporaryDirectory() as temporal:
        carpeta = Path(temporal)
        datos = preparar(carpeta, args.bits_ac, args.distintos)
        print(f"AC RSA-{args.bits_ac}, certificados RSA-2048, OCSP en caché, {args.segundos:.0f} s")
        print(
            f"RSA-2048, solo verificar (1 proceso):        {solo_rsa(datos, args.segundos):8.0f}/s"
        )
        for cuantos, titulo in (
            (1, "mismo certificado"),
            (args.distintos, "certificados distintos"),
        ):
            for procesos in (1, n):
                valor = rendimiento(datos, cuantos, procesos, args.segundos)
                meta = f" ({frente_al_objetivo(valor, OBJETIVO)})" if procesos == n else ""
                print(f"sesión, {titulo:22s} ({procesos} proc.):  {valor:8.0f}/s{meta}")
        for nombre, ms in carga_de_llaves(carpeta):
            print(f"carga de llave {nombre:38s} {ms:7.1f} ms (mediana de 15)")


if __name__ == "__main__":
    main(sys.argv[1:])
