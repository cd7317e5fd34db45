"""`buzon pki …`: a test PKI in SAT's layout for tests and the demo. Never for real credentials.

crear-ac --dir D · emitir --ac D --rfc R --nombre N … --salida DIR · revocar --ac D --cer F ·
ocsp --ac D [--puerto N]: an OCSP responder on loopback (prints its URL as JSON, then serves).
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal, cast

from buzon.efirma import leer_certificado
from buzon.efirma.errores import ErrorEfirma
from buzon.efirma.pkcs8 import ESQUEMAS, Esquema
from buzon.efirma.pki import (
    AC,
    PASSWORD_PRUEBAS,
    ErrorPKI,
    cargar_ac,
    crear_ac,
    emitir,
    escribir_credencial,
    responder_ocsp,
    revocar,
)

from .efirma import (
    Analizador,
    ErrorArgumentos,
    error_de_archivo,
    imprimir,
    instante,
    leer_archivo,
)


def cmd_crear_ac(args: argparse.Namespace) -> int:
    ac = crear_ac(args.dir, nombre=args.nombre, bits=args.bits)
    certificado = leer_certificado(ac.der)
    imprimir(
        {
            "ac": str(ac.carpeta / "ac.cer"),
            "nombre": certificado.emisor,
            "valido_hasta": certificado.identidad()["valido_hasta"],
        }
    )
    return 0


def _representante(texto: str | None) -> tuple[str, str] | None:
    if texto is None:
        return None
    partes = [p.strip().upper() for p in texto.split("/")]
    if len(partes) != 2 or not all(partes):
        raise ErrorArgumentos("--representante se escribe RFC/CURP (ejemplo: HEGT7610034S2/HEGT…).")
    return partes[0], partes[1]


def cmd_emitir(args: argparse.Namespace) -> int:
    if args.desde and args.hasta and args.desde >= args.hasta:
        raise ErrorArgumentos("--desde debe ser anterior a --hasta.")
    ac = cargar_ac(args.ac)
    cer, key = emitir(
        ac,
        rfc=args.rfc,
        nombre=args.nombre,
        curp=args.curp,
        representante=_representante(args.representante),
        tipo=cast(Literal["fiel", "csd"], args.tipo),
        password=args.password,
        desde=args.desde,
        hasta=args.hasta,
        esquema=cast(Esquema, args.cifrado),
    )
    certificado = leer_certificado(cer)
    ruta_cer, ruta_key = escribir_credencial(args.salida, certificado.rfc, cer, key)
    imprimir(
        {
            "cer": str(ruta_cer),
            "key": str(ruta_key),
            **certificado.identidad(),
        }
    )
    return 0


def cmd_revocar(args: argparse.Namespace) -> int:
    ac = cargar_ac(args.ac)
    objetivo: bytes | int
    if args.cer:
        objetivo = leer_archivo(args.cer, "certificado")
    else:
        digitos = str(args.no_certificado)
        if not digitos.isdigit():
            raise ErrorArgumentos("--no-certificado son los 20 dígitos del certificado.")
        objetivo = int.from_bytes(digitos.encode("ascii"), "big")
    serie = revocar(ac, objetivo, args.fecha)
    revocado: dict[str, object] = {"revocado": f"{serie:x}"}
    imprimir(revocado)
    return 0


def servidor_ocsp(ac: AC, host: str, puerto: int) -> ThreadingHTTPServer:
    class Manejador(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            largo = int(self.headers.get("Content-Length") or 0)
            if not 0 < largo <= 65536:
                self.send_error(400)
                return
            respuesta = responder_ocsp(ac, self.rfile.read(largo))
            self.send_response(200)
            self.send_header("Content-Type", "application/ocsp-response")
            self.send_header("Content-Length", str(len(respuesta)))
            self.end_headers()
            self.wfile.write(respuesta)

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write("ocsp: " + (format % args) + "\n")

    return ThreadingHTTPServer((host, puerto), Manejador)


def cmd_ocsp(args: argparse.Namespace) -> int:
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ErrorArgumentos("El servicio OCSP de pruebas solo escucha en loopback (127.0.0.1).")
    ac = cargar_ac(args.ac)
    servidor = servidor_ocsp(ac, args.host, args.puerto)
    host, puerto = servidor.server_address[:2]
    imprimir({"url": f"http://{host!s}:{puerto}/"})
    sys.stdout.flush()
    try:
        servidor.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        servidor.server_close()
    return 0


def analizador() -> Analizador:
    raiz = Analizador(prog="buzon pki", description="PKI de pruebas con el formato del SAT.")
    subs = raiz.add_subparsers(dest="comando", required=True, parser_class=Analizador)
    sub = subs.add_parser("crear-ac", help="crea una autoridad certificadora de pruebas")
    sub.add_argument("--dir", required=True)
    sub.add_argument("--nombre", default="AC de pruebas del Buzón")
    sub.add_argument("--bits", type=int, default=2048, choices=(2048, 3072, 4096))
    sub.set_defaults(funcion=cmd_crear_ac)

    sub = subs.add_parser("emitir", help="emite <RFC>.cer y <RFC>.key")
    sub.add_argument("--ac", required=True)
    sub.add_argument("--rfc", required=True)
    sub.add_argument("--nombre", required=True)
    sub.add_argument("--curp")
    sub.add_argument("--representante", help="RFC/CURP del representante (persona moral)")
    sub.add_argument("--tipo", choices=("fiel", "csd"), default="fiel")
    sub.add_argument("--password", default=PASSWORD_PRUEBAS)
    sub.add_argument("--desde", type=instante)
    sub.add_argument("--hasta", type=instante)
    sub.add_argument("--cifrado", choices=ESQUEMAS, default="pbes2-3des")
    sub.add_argument("--salida", required=True)
    sub.set_defaults(funcion=cmd_emitir)

    sub = subs.add_parser("revocar", help="revoca un certificado emitido por la AC")
    sub.add_argument("--ac", required=True)
    grupo = sub.add_mutually_exclusive_group(required=True)
    grupo.add_argument("--cer")
    grupo.add_argument("--no-certificado")
    sub.add_argument("--fecha", type=instante)
    sub.set_defaults(funcion=cmd_revocar)

    sub = subs.add_parser("ocsp", help="servicio OCSP local (loopback)")
    sub.add_argument("--ac", required=True)
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--puerto", type=int, default=0)
    sub.set_defaults(funcion=cmd_ocsp)
    return raiz


def main(argv: Sequence[str]) -> int:
    try:
        args = analizador().parse_args(list(argv))
        return int(args.funcion(args))
    except ErrorArgumentos as exc:
        imprimir({"error": "argumento_invalido", "mensaje": str(exc)})
        return 2
    except ErrorPKI as exc:
        imprimir({"error": "pki_invalida", "mensaje": str(exc)})
        return 1
    except ErrorEfirma as exc:
        imprimir(exc.como_dict())
        return 1
    except OSError as exc:
        imprimir(error_de_archivo(exc))
        return 1
