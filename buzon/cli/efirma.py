"""`buzon efirma …`: inspect, validate and use an e.firma from the command line.

Every command prints one JSON object on stdout. On failure it exits 1 with
`{"error": "<code>", "mensaje": "…"}` (`validar` also carries `"valido": false`); bad arguments
exit 2 with `{"error": "argumento_invalido", …}`. The private key is used only in this process.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import NoReturn

from buzon.efirma import (
    ErrorEfirma,
    cms_desacoplado,
    decodificar_firma,
    firmar,
    leer_certificado,
    leer_llave,
    politica_desde_entorno,
    validar_credencial,
    verificar_firma,
)
from buzon.efirma.errores import ARCHIVO_INVALIDO
from buzon.efirma.llave import exigir_correspondencia
from buzon.legal.zonas import ZONA_CENTRO

ENV_PASSWORD = "BUZON_EFIRMA_PASSWORD"  # noqa: S105 (the variable's name, not a password)


class ErrorArgumentos(Exception):
    pass


class Analizador(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ErrorArgumentos(message)


def imprimir(datos: Mapping[str, object]) -> None:
    sys.stdout.write(json.dumps(datos, ensure_ascii=False) + "\n")


def leer_archivo(ruta: str, campo: str) -> bytes:
    try:
        return Path(ruta).read_bytes()
    except OSError as exc:
        raise ErrorEfirma(
            ARCHIVO_INVALIDO,
            f"No se pudo leer el archivo «{ruta}» ({exc.strerror or exc}). Revise la ruta.",
            campo,
        ) from exc


def instante(texto: str) -> datetime:
    """`--fecha`: ISO 8601; without offset it is Zona Centro; a bare date is noon Zona Centro."""
    try:
        if len(texto) == 10:
            return datetime.combine(date.fromisoformat(texto), time(12), ZONA_CENTRO)
        valor = datetime.fromisoformat(texto)
    except ValueError as exc:
        raise ErrorArgumentos(
            f"«{texto}» no es una fecha ISO 8601 (ejemplo: 2026-03-20T09:30:00-06:00)."
        ) from exc
    return valor if valor.tzinfo else valor.replace(tzinfo=ZONA_CENTRO)


def password(args: argparse.Namespace) -> str:
    if args.password is not None:
        return str(args.password)
    if os.environ.get(ENV_PASSWORD):
        return os.environ[ENV_PASSWORD]
    if sys.stdin.isatty():
        return getpass.getpass("Contraseña de la llave privada: ")
    raise ErrorArgumentos(f"Falta la contraseña: use --password o la variable {ENV_PASSWORD}.")


def _datos(args: argparse.Namespace) -> bytes:
    if args.cadena is not None:
        return str(args.cadena).encode("utf-8")
    return leer_archivo(args.archivo, "archivo")


def cmd_inspeccionar(args: argparse.Namespace) -> int:
    certificado = leer_certificado(leer_archivo(args.archivo, "certificado"))
    imprimir(dict(certificado.identidad()))
    return 0


def cmd_validar(args: argparse.Namespace) -> int:
    momento = args.fecha or datetime.now(UTC)
    try:
        cer = leer_archivo(args.cer, "certificado")
        key = leer_archivo(args.key, "llave")
        politica = politica_desde_entorno(
            confianza=args.confianza, ocsp_url=args.ocsp, requiere_fiel=not args.aceptar_csd
        )
        resultado = validar_credencial(
            cer, key, password(args), instante=momento, politica=politica
        )
    except ErrorEfirma as exc:
        imprimir({"valido": False, **exc.como_dict()})
        return 1
    salida = resultado.como_dict()
    salida["fecha"] = momento.astimezone(ZONA_CENTRO).isoformat()
    imprimir(salida)
    return 0


def cmd_firmar(args: argparse.Namespace) -> int:
    certificado = leer_certificado(leer_archivo(args.cer, "certificado"))
    llave = leer_llave(leer_archivo(args.key, "llave"), password(args))
    exigir_correspondencia(llave, certificado)
    firma = firmar(llave, _datos(args))
    imprimir(
        {
            "firma": base64.b64encode(firma).decode("ascii"),
            "certificado": base64.b64encode(certificado.der).decode("ascii"),
            "rfc": certificado.rfc,
            "no_certificado": certificado.no_certificado,
        }
    )
    return 0


def cmd_verificar(args: argparse.Namespace) -> int:
    momento = args.fecha or datetime.now(UTC)
    certificado = leer_certificado(leer_archivo(args.cer, "certificado"))
    firma = decodificar_firma(args.firma)
    politica = politica_desde_entorno(
        confianza=args.confianza, ocsp_url=args.ocsp, requiere_fiel=not args.aceptar_csd
    )
    resultado = verificar_firma(
        certificado, _datos(args), firma, instante=momento, politica=politica
    )
    imprimir(resultado.como_dict())
    return 0


def cmd_cms(args: argparse.Namespace) -> int:
    certificado = leer_certificado(leer_archivo(args.cer, "certificado"))
    firma = decodificar_firma(args.firma)
    contenido = cms_desacoplado(certificado, _datos(args), firma)
    Path(args.salida).write_bytes(contenido)
    imprimir({"cms": str(args.salida), "bytes": len(contenido), "rfc": certificado.rfc})
    return 0


def _opciones_datos(sub: argparse.ArgumentParser) -> None:
    grupo = sub.add_mutually_exclusive_group(required=True)
    grupo.add_argument("--cadena", help="texto cuyos bytes UTF-8 se firman (p. ej. el reto)")
    grupo.add_argument("--archivo", help="archivo cuyos bytes exactos se firman")


def _opciones_politica(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--fecha", type=instante, help="instante de la comprobación (ISO 8601)")
    sub.add_argument("--confianza", help="carpeta de certificados de AC de confianza")
    sub.add_argument("--ocsp", help="URL del servicio OCSP (por omisión BUZON_OCSP_URL)")
    sub.add_argument(
        "--aceptar-csd", action="store_true", help="aceptar también un CSD (no se exige FIEL)"
    )


def analizador() -> Analizador:
    raiz = Analizador(
        prog="buzon efirma", description="Certificados y llaves de la e.firma del SAT."
    )
    subs = raiz.add_subparsers(dest="comando", required=True, parser_class=Analizador)
    sub = subs.add_parser("inspeccionar", help="datos de un certificado .cer")
    sub.add_argument("archivo")
    sub.set_defaults(funcion=cmd_inspeccionar)

    sub = subs.add_parser("validar", help="comprueba .cer + .key + contraseña")
    sub.add_argument("--cer", required=True)
    sub.add_argument("--key", required=True)
    sub.add_argument("--password")
    _opciones_politica(sub)
    sub.set_defaults(funcion=cmd_validar)

    sub = subs.add_parser("firmar", help="firma una cadena o un archivo (base64)")
    sub.add_argument("--cer", required=True)
    sub.add_argument("--key", required=True)
    sub.add_argument("--password")
    _opciones_datos(sub)
    sub.set_defaults(funcion=cmd_firmar)

    sub = subs.add_parser("verificar", help="verifica una firma base64 con su certificado")
    sub.add_argument("--cer", required=True)
    sub.add_argument("--firma", required=True)
    _opciones_datos(sub)
    _opciones_politica(sub)
    sub.set_defaults(funcion=cmd_verificar)

    sub = subs.add_parser("cms", help="guarda una firma verificada como CMS desacoplado (DER)")
    sub.add_argument("--cer", required=True)
    sub.add_argument("--firma", required=True)
    sub.add_argument("--salida", required=True)
    _opciones_datos(sub)
    sub.set_defaults(funcion=cmd_cms)
    return raiz


def ejecutar(
    argv: Sequence[str], construir: Callable[[], Analizador], al_fallar: dict[str, object]
) -> int:
    """Parse, run, and turn every expected failure into one JSON object."""
    try:
        args = construir().parse_args(list(argv))
        return int(args.funcion(args))
    except ErrorArgumentos as exc:
        imprimir({**al_fallar, "error": "argumento_invalido", "mensaje": str(exc)})
        return 2
    except ErrorEfirma as exc:
        imprimir({**al_fallar, **exc.como_dict()})
        return 1
    except OSError as exc:
        imprimir({**al_fallar, **error_de_archivo(exc)})
        return 1


def error_de_archivo(exc: OSError) -> dict[str, str]:
    ruta = f" «{exc.filename}»" if exc.filename else ""
    return {
        "error": "error_de_archivo",
        "mensaje": f"No se pudo usar el archivo{ruta} ({exc.strerror or exc}). "
        "Revise la ruta y los permisos.",
    }


def main(argv: Sequence[str]) -> int:
    comando = argv[0] if argv else ""
    al_fallar: dict[str, object] = {"valido": False} if comando == "validar" else {}
    return ejecutar(argv, analizador, al_fallar)
