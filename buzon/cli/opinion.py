"""`buzon opinion evaluar --lote F.jsonl`: the sentido of the opinión de cumplimiento alone, for
integrators and audits (`buzon.legal.opinion.evaluar`, no database) [I-65].

Each line of F.jsonl ('-' = stdin) is one RFC's data:

    {"registros": [{"registro", "modalidad", "situacion", "trabajadores"}],
     "creditos": [{"credito", "registro", "situacion", "importe", "concepto"?, "periodo"?}]}

and gives one line `{"sentido", "motivos": [..]}`, in order; a bad line gives
`{"linea": N, "error": "<Spanish>"}`, the rest still compute, and the run exits 1.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from buzon.cli.lectura import lineas_del_lote, objeto_de_linea, procesar_lineas
from buzon.comun.argumentos import ParserEs
from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import CreditoOpinion, RegistroOpinion, evaluar
from buzon.padron.filas import normalizar_registro

PROG = "buzon opinion evaluar"
CLAVES = frozenset({"registros", "creditos"})
CLAVES_REGISTRO = frozenset({"registro", "modalidad", "situacion", "trabajadores"})
CLAVES_CREDITO = frozenset({"credito", "registro", "situacion", "importe", "concepto", "periodo"})
_EJEMPLO = (
    '{"registros": [{"registro": "Y5412345108", "modalidad": "10", "situacion": "vigente", '
    '"trabajadores": 3}], "creditos": []}'
)


def _objeto(
    valor: Any, donde: str, claves: frozenset[str], requeridas: Iterable[str]
) -> dict[str, Any]:
    if not isinstance(valor, dict):
        raise ErrorLegal(f"«{donde}» debe ser un objeto JSON.", donde)
    desconocidas = sorted(set(valor) - claves)
    if desconocidas:
        raise ErrorLegal(
            f"«{donde}»: clave desconocida «{desconocidas[0]}»; las válidas son "
            f"{', '.join(sorted(claves))}.",
            desconocidas[0],
        )
    for clave in requeridas:
        if clave not in valor:
            raise ErrorLegal(f"«{donde}»: falta «{clave}».", clave)
    return valor


def _texto(valor: Any, donde: str, campo: str) -> str:
    if not isinstance(valor, str):
        raise ErrorLegal(f"«{donde}.{campo}» debe ser un texto.", campo)
    return valor.strip()


def _registro(valor: Any, donde: str) -> str:
    try:
        return normalizar_registro(_texto(valor, donde, "registro"))
    except ErrorLegal as exc:
        raise ErrorLegal(f"«{donde}.registro»: {exc.mensaje}", "registro") from exc


def _lista(campos: dict[str, Any], clave: str) -> list[Any]:
    valor = campos.get(clave, [])
    if not isinstance(valor, list):
        raise ErrorLegal(f"«{clave}» debe ser una lista, ej. {_EJEMPLO}.", clave)
    return valor


def leer_registro(valor: Any, i: int) -> RegistroOpinion:
    donde = f"registros[{i}]"
    r = _objeto(valor, donde, CLAVES_REGISTRO, ("registro", "situacion", "trabajadores"))
    trabajadores = r["trabajadores"]
    if isinstance(trabajadores, bool) or not isinstance(trabajadores, int):
        raise ErrorLegal(
            f"«{donde}.trabajadores» debe ser un número entero de trabajadores vigentes.",
            "trabajadores",
        )
    return RegistroOpinion(
        _registro(r["registro"], donde),
        _texto(r.get("modalidad", "10"), donde, "modalidad"),
        _texto(r["situacion"], donde, "situacion").lower(),
        trabajadores,
    )


def _importe(valor: Any, donde: str) -> Decimal:
    if isinstance(valor, str | int | Decimal) and not isinstance(valor, bool):
        try:
            importe = Decimal(valor.strip() if isinstance(valor, str) else valor)
        except InvalidOperation:
            pass
        else:
            if importe.is_finite():
                return importe
    raise ErrorLegal(
        f'«{donde}.importe» debe ser una cantidad de pesos, ej. "1234.56"; se recibió «{valor}».',
        "importe",
    )


def leer_credito(valor: Any, i: int) -> CreditoOpinion:
    donde = f"creditos[{i}]"
    c = _objeto(valor, donde, CLAVES_CREDITO, ("credito", "situacion", "importe"))
    registro = c.get("registro")
    return CreditoOpinion(
        _texto(c["credito"], donde, "credito"),
        "" if registro in (None, "") else _registro(registro, donde),
        _texto(c["situacion"], donde, "situacion").lower(),
        _importe(c["importe"], donde),
        _texto(c.get("concepto", ""), donde, "concepto"),
        _texto(c.get("periodo", ""), donde, "periodo"),
    )


def calcular(campos: dict[str, Any]) -> dict[str, object]:
    """One RFC's data → {"sentido", "motivos"}; `ErrorLegal` naming the field otherwise."""
    registros = [leer_registro(r, i) for i, r in enumerate(_lista(campos, "registros"))]
    creditos = [leer_credito(c, i) for i, c in enumerate(_lista(campos, "creditos"))]
    dictamen = evaluar(registros, creditos)
    return {"sentido": dictamen.sentido, "motivos": list(dictamen.motivos)}


def _campos_de_linea(texto: str) -> dict[str, Any]:
    campos = objeto_de_linea(texto, CLAVES, _EJEMPLO)
    if "registros" not in campos:
        raise ErrorLegal(
            f"Falta «registros» (puede ser [] si no hay), ej. {_EJEMPLO}.", "registros"
        )
    return campos


def procesar_lote(lineas: Iterable[bytes | str], salida: TextIO) -> int:
    """One result line per input line, in order; bad lines become {"linea", "error"}."""
    return procesar_lineas(lineas, lambda texto: calcular(_campos_de_linea(texto)), salida)


def construir_parser() -> ParserEs:
    parser = ParserEs(
        prog="buzon opinion",
        description="Opinión de cumplimiento en materia de seguridad social (32-D), salida JSON.",
    )
    sub = parser.add_subparsers(dest="comando", required=True, parser_class=ParserEs)
    evaluar_ = sub.add_parser(
        "evaluar", help="el sentido y los motivos de la opinión de cada línea (sin base de datos)"
    )
    evaluar_.add_argument(
        "--lote", metavar="F.jsonl", required=True, help="un objeto JSON por línea ('-' = stdin)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = construir_parser().parse_args(argv)
    return procesar_lote(lineas_del_lote(args.lote, PROG), sys.stdout)
