"""`buzon plazos`: the legal clock on the command line (one JSON object per result on stdout).

    buzon plazos notificacion (--aviso T [--apertura T] | --lote F.jsonl) [--tz ZONA] [--entidad E]
                              [--subdelegacion S] [--calendario F.json]
    buzon plazos actuacion    (--recibida T | --lote F.jsonl) [same options]
    buzon plazos estrados     (--publicada D | --lote F.jsonl) [same options]
    buzon plazos medios       --enviado T
    buzon plazos habilitacion [--entrada-en-vigor D] [--calendario F.json]

Instants without an offset are Zona Centro. A single bad argument exits 2 with a Spanish message
naming it; with --lote a bad line prints {"linea": N, "error": "..."} and the run exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from buzon.cli.lectura import (
    formato,
    leer_entidad,
    leer_fecha,
    leer_instante,
    leer_texto_opcional,
    lineas_del_lote,
    procesar_lineas,
)
from buzon.comun.argumentos import ParserEs, falla_argumento
from buzon.legal import plazos
from buzon.legal.calendario import NACIONAL, Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato_calendario import leer_texto
from buzon.legal.zonas import ZONA_CENTRO, ZONA_CENTRO_NOMBRE, zona

PROG = "buzon plazos"
Campos = dict[str, Any]


# -- the calculations, shared by single calls and --lote ----------------------------------------

ProveedorCalendario = Callable[[Ambito], Calendario]


@dataclass(frozen=True)
class Comando:
    nombre: str
    claves: frozenset[str]
    calcular: Callable[[Campos, ProveedorCalendario], dict[str, Any]]


def _contexto(campos: Campos, calendarios: ProveedorCalendario) -> tuple[Calendario, Any]:
    """The ámbito's calendar and the domicile zone; called after the instants are read, so a bad
    argument is reported before the installation's calendar is loaded."""
    ambito = Ambito(
        leer_entidad(campos.get("entidad")),
        leer_texto_opcional(campos.get("subdelegacion"), "subdelegacion"),
    )
    zona_domicilio = zona(leer_texto_opcional(campos.get("tz"), "tz") or ZONA_CENTRO_NOMBRE)
    return calendarios(ambito), zona_domicilio


def calcular_notificacion(campos: Campos, calendarios: ProveedorCalendario) -> dict[str, Any]:
    aviso = leer_instante(campos.get("aviso"), "aviso")
    apertura = campos.get("apertura")
    abierta = None if apertura is None else leer_instante(apertura, "apertura")
    if abierta is not None:
        plazos.exigir_apertura_posterior(aviso, abierta)
    calendario, zona_domicilio = _contexto(campos, calendarios)
    vencimiento = plazos.notificacion_por_vencimiento(aviso, calendario)
    notificada, medio = plazos.notificacion(aviso, abierta, calendario)
    return {
        "plazo_apertura": [formato(d) for d in plazos.plazo_apertura(aviso, calendario)],
        "notificada_por_vencimiento": formato(vencimiento),
        "notificada": formato(notificada),
        "notificada_domicilio": formato(plazos.en_zona(notificada, zona_domicilio)),
        "medio": medio,
    }


def calcular_actuacion(campos: Campos, calendarios: ProveedorCalendario) -> dict[str, Any]:
    recibida = leer_instante(campos.get("recibida"), "recibida")
    calendario, zona_domicilio = _contexto(campos, calendarios)
    legal = plazos.recepcion_legal_actuacion(recibida, calendario, zona_domicilio)
    return {
        "recibida": formato(recibida.astimezone(ZONA_CENTRO)),
        "recepcion_legal": formato(legal),
    }


def calcular_estrados(campos: Campos, calendarios: ProveedorCalendario) -> dict[str, Any]:
    publicada = leer_fecha(campos.get("publicada"), "publicada")
    calendario, _ = _contexto(campos, calendarios)
    resultado = plazos.estrados(publicada, calendario)
    return {
        "inicio_publicacion": formato(resultado.inicio_publicacion),
        "fin_publicacion": formato(resultado.fin_publicacion),
        "notificada": formato(resultado.notificada),
    }


def calcular_medios(campos: Campos, calendarios: ProveedorCalendario) -> dict[str, Any]:
    enviado = leer_instante(campos.get("enviado"), "enviado")
    return {"expira": formato(plazos.expiracion_codigo(enviado))}


def calcular_habilitacion(entrada: date, calendarios: ProveedorCalendario) -> dict[str, Any]:
    """Transitorio Primero, CFF 12: the 180 días naturales, with the national calendar [I-30]."""
    calendario = calendarios(NACIONAL)
    return {
        "entrada_en_vigor": formato(entrada),
        "ultimo_dia_anunciado": formato(plazos.ultimo_dia_anunciado(entrada)),
        "ultimo_dia": formato(plazos.ultimo_dia_para_habilitar(entrada, calendario)),
        "estrados_desde": formato(plazos.habilitacion_extemporanea_desde(entrada, calendario)),
    }


_COMUNES = frozenset({"tz", "entidad", "subdelegacion"})
COMANDOS: dict[str, Comando] = {
    "notificacion": Comando(
        "notificacion", _COMUNES | {"aviso", "apertura"}, calcular_notificacion
    ),
    "actuacion": Comando("actuacion", _COMUNES | {"recibida"}, calcular_actuacion),
    "estrados": Comando("estrados", _COMUNES | {"publicada"}, calcular_estrados),
    "medios": Comando("medios", frozenset({"enviado"}), calcular_medios),
}


# -- calendars ------------------------------------------------------------------------------------


def proveedor(cargar: Callable[[], Iterable[DiaInhabilDeclarado]]) -> ProveedorCalendario:
    """One Calendario per ámbito, built once for the whole run; declarations loaded on first use."""
    todas: list[DiaInhabilDeclarado] = []
    cargadas = False
    cache: dict[Ambito, Calendario] = {}

    def calendario(ambito: Ambito) -> Calendario:
        nonlocal cargadas
        if not cargadas:
            todas.extend(cargar())
            cargadas = True
        encontrado = cache.get(ambito)
        if encontrado is None:
            encontrado = cache[ambito] = Calendario(todas, ambito)
        return encontrado

    return calendario


def declaraciones_de_archivo(ruta: str) -> list[DiaInhabilDeclarado]:
    try:
        with open(ruta, encoding="utf-8") as archivo:
            texto = archivo.read()
    except OSError as exc:
        falla_argumento(PROG, f"--calendario: no se pudo leer «{ruta}» ({exc.strerror}).")
    except UnicodeDecodeError:
        falla_argumento(PROG, f"--calendario: «{ruta}» no está en UTF-8.")
    try:
        return leer_texto(texto)
    except ErrorLegal as exc:
        falla_argumento(PROG, f"--calendario: {exc.mensaje}")


def declaraciones_instaladas() -> list[DiaInhabilDeclarado]:
    """The installation's stored declared days (needs the database)."""
    from django.db import DatabaseError

    from buzon.cli import preparar_django

    preparar_django()
    from buzon.calendario.selectors import declaraciones_vigentes

    try:
        return declaraciones_vigentes()
    except DatabaseError:
        sys.stderr.write(
            f"{PROG}: error: no se pudo leer el calendario de días inhábiles de la base de datos; "
            "ejecute «buzon migrate» o indique --calendario ARCHIVO.json.\n"
        )
        raise SystemExit(1) from None


# -- running --------------------------------------------------------------------------------------


def procesar_lote(
    comando: Comando,
    lineas: Iterable[bytes | str],
    base: Campos,
    calendarios: ProveedorCalendario,
    salida: TextIO,
) -> int:
    """One result line per input line, in order; bad lines become {"linea", "error"}."""
    return procesar_lineas(
        lineas,
        lambda texto: comando.calcular({**base, **_campos_de_linea(texto, comando)}, calendarios),
        salida,
    )


def _campos_de_linea(linea: str, comando: Comando) -> Campos:
    try:
        campos = json.loads(linea)
    except json.JSONDecodeError as exc:
        raise ErrorLegal(f"La línea no es un objeto JSON válido (columna {exc.colno}).") from exc
    except RecursionError as exc:
        raise ErrorLegal("La línea es un JSON anidado en exceso: no es un objeto válido.") from exc
    if not isinstance(campos, dict):
        raise ErrorLegal('La línea debe ser un objeto JSON, ej. {"aviso": "2026-03-20T10:00"}.')
    desconocidas = sorted(set(campos) - comando.claves)
    if desconocidas:
        raise ErrorLegal(
            f"Clave desconocida «{desconocidas[0]}»; las válidas son "
            f"{', '.join(sorted(comando.claves))}.",
            desconocidas[0],
        )
    return campos


def construir_parser() -> ParserEs:
    parser = ParserEs(prog=PROG, description="Plazos legales del Buzón IMSS (salida JSON).")
    sub = parser.add_subparsers(dest="comando", required=True, parser_class=ParserEs)

    def comunes(p: argparse.ArgumentParser) -> None:
        p.add_argument("--tz", help="zona IANA del domicilio fiscal (omisión: Zona Centro)")
        p.add_argument("--entidad", help="entidad del domicilio, ISO 3166-2:MX sin «MX-» (ej. CMX)")
        p.add_argument("--subdelegacion", help="subdelegación IMSS del particular")
        p.add_argument(
            "--calendario",
            metavar="F.json",
            help="usar solo los días de ley y los declarados en este archivo",
        )
        p.add_argument("--lote", metavar="F.jsonl", help="un objeto JSON por línea ('-' = stdin)")

    notif = sub.add_parser("notificacion", help="notificación electrónica (7.2, 7.4, 7.5)")
    notif.add_argument("--aviso", metavar="T", help="instante en que se envió el aviso")
    notif.add_argument("--apertura", metavar="T", help="instante en que se abrió el documento")
    comunes(notif)
    act = sub.add_parser("actuacion", help="recepción legal de una actuación (6.3, 5.8)")
    act.add_argument("--recibida", metavar="T", help="instante de recepción")
    comunes(act)
    est = sub.add_parser("estrados", help="notificación por estrados (CFF 139)")
    est.add_argument("--publicada", metavar="D", help="fecha de publicación AAAA-MM-DD")
    comunes(est)
    med = sub.add_parser("medios", help="vigencia del código de confirmación (5.2)")
    med.add_argument("--enviado", metavar="T", required=True, help="instante de envío del código")
    hab = sub.add_parser("habilitacion", help="plazo para habilitar (Transitorio Primero, CFF 12)")
    hab.add_argument(
        "--entrada-en-vigor",
        metavar="D",
        help="AAAA-MM-DD (omisión: BUZON_ENTRADA_EN_VIGOR, o 2024-08-06, Acuerdo Sexto)",
    )
    hab.add_argument(
        "--calendario",
        metavar="F.json",
        help="usar solo los días de ley y los declarados en este archivo",
    )
    return parser


_OPCION_DEL_CAMPO = {
    "aviso": "--aviso",
    "apertura": "--apertura",
    "recibida": "--recibida",
    "publicada": "--publicada",
    "enviado": "--enviado",
    "tz": "--tz",
    "entidad": "--entidad",
    "subdelegacion": "--subdelegacion",
}


def _calendarios(ruta: str | None) -> ProveedorCalendario:
    if ruta is not None:
        declaraciones = declaraciones_de_archivo(ruta)
        return proveedor(lambda: declaraciones)
    return proveedor(declaraciones_instaladas)


def _habilitacion(args: argparse.Namespace) -> int:
    """`buzon plazos habilitacion`: the entry into force given, configured, or the law's."""
    opcion, valor = "--entrada-en-vigor", args.entrada_en_vigor
    if valor is None and os.environ.get("BUZON_ENTRADA_EN_VIGOR"):
        opcion, valor = "BUZON_ENTRADA_EN_VIGOR", os.environ["BUZON_ENTRADA_EN_VIGOR"]
    try:
        entrada = plazos.ENTRADA_EN_VIGOR if valor is None else leer_fecha(valor, opcion)
    except ErrorLegal as exc:
        falla_argumento(PROG, f"{opcion}: {exc.mensaje}")
    resultado = calcular_habilitacion(entrada, _calendarios(args.calendario))
    sys.stdout.write(json.dumps(resultado, ensure_ascii=False) + "\n")
    return 0


def main(argv: list[str]) -> int:
    args = construir_parser().parse_args(argv)
    if args.comando == "habilitacion":
        return _habilitacion(args)
    comando = COMANDOS[args.comando]
    valores = {clave: getattr(args, clave, None) for clave in comando.claves}
    lote = getattr(args, "lote", None)
    principal = sorted(comando.claves - _COMUNES - {"apertura"})[0]
    if lote is not None and valores.get(principal) is not None:
        falla_argumento(PROG, f"--lote no puede usarse junto con --{principal}.")
    if lote is None and valores.get(principal) is None:
        falla_argumento(PROG, f"indique --{principal} o --lote.")
    if lote is not None and valores.get("apertura") is not None:
        falla_argumento(PROG, "--apertura va en cada línea del lote, no como opción.")
    base = {clave: valor for clave, valor in valores.items() if clave in _COMUNES and valor}
    try:
        leer_entidad(base.get("entidad"))
        if "tz" in base:
            zona(base["tz"])
    except ErrorLegal as exc:
        falla_argumento(PROG, f"{_OPCION_DEL_CAMPO.get(exc.campo or '', '')}: {exc.mensaje}")
    calendarios = _calendarios(getattr(args, "calendario", None))
    if lote is not None:
        return procesar_lote(comando, lineas_del_lote(lote, PROG), base, calendarios, sys.stdout)
    try:
        resultado = comando.calcular(valores, calendarios)
    except ErrorLegal as exc:
        opcion = _OPCION_DEL_CAMPO.get(exc.campo or "", "argumento")
        falla_argumento(PROG, f"{opcion}: {exc.mensaje}")
    sys.stdout.write(json.dumps(resultado, ensure_ascii=False) + "\n")
    return 0
