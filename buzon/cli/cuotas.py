"""`buzon cuotas calcular`: the cuotas of one worker-period, or of a JSONL file of them.

    buzon cuotas calcular (--periodo P --movimientos F.json [--prima-rt X] [--zona general|zlfn]
                           | --lote F.jsonl)

No database: the reference path of `buzon.legal.cuotas` (day by day, exact decimals) with the
shipped parameters, so the Institute and integrators can check any emisión line by line. One JSON
object on stdout per result; a bad argument exits 2 with a Spanish message naming it; with --lote
a bad line prints {"linea": N, "error": "..."}, the rest still compute, and the run exits 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from buzon.cli.lectura import lineas_del_lote, objeto_de_linea, procesar_lineas
from buzon.comun.argumentos import ParserEs, falla_argumento
from buzon.legal.cuotas import movimientos, referencia
from buzon.legal.cuotas.parametros import ZONAS
from buzon.legal.cuotas.periodos import leer_periodo
from buzon.legal.errores import ErrorLegal

PROG = "buzon cuotas calcular"
CLAVES = frozenset({"periodo", "prima_rt", "zona", "movimientos"})
_EJEMPLO = '{"periodo": "2026-04", "prima_rt": "0.54355", "movimientos": [...]}'


def leer_prima(valor: Any) -> Decimal | None:
    """The prima de riesgos de trabajo in percent, as text or a JSON number (kept exact)."""
    if valor is None:
        return None
    if isinstance(valor, str | int | Decimal) and not isinstance(valor, bool):
        try:
            prima = Decimal(valor.strip() if isinstance(valor, str) else valor)
        except InvalidOperation:
            pass
        else:
            if prima.is_finite():
                return prima
    raise ErrorLegal(
        f"«prima_rt» debe ser un por ciento con hasta cinco decimales, ej. 0.54355; se recibió "
        f"«{valor}».",
        "prima_rt",
    )


def leer_zona(valor: Any) -> str:
    if valor is None:
        return "general"
    if not isinstance(valor, str):
        raise ErrorLegal("«zona» debe ser un texto: general o zlfn.", "zona")
    return referencia.exigir_zona(valor.strip().lower())


def calcular(campos: dict[str, Any]) -> dict[str, object]:
    """One worker-period from its fields; `ErrorLegal` naming the field otherwise."""
    periodo = leer_periodo(campos.get("periodo"))
    prima = leer_prima(campos.get("prima_rt"))
    zona = leer_zona(campos.get("zona"))
    lista = movimientos.leer_movimientos(campos.get("movimientos"))
    return referencia.calcular(lista, periodo, prima, zona).como_dict()


def _campos_de_linea(texto: str) -> dict[str, Any]:
    return objeto_de_linea(texto, CLAVES, _EJEMPLO)


def procesar_lote(lineas: Iterable[bytes | str], salida: TextIO) -> int:
    """One result line per input line, in order; bad lines become {"linea", "error"}."""
    return procesar_lineas(lineas, lambda texto: calcular(_campos_de_linea(texto)), salida)


def _movimientos_de_archivo(ruta: str) -> Any:
    try:
        with open(ruta, encoding="utf-8") as archivo:
            return json.load(archivo, parse_float=Decimal)
    except OSError as exc:
        falla_argumento(PROG, f"--movimientos: no se pudo leer «{ruta}» ({exc.strerror}).")
    except UnicodeDecodeError:
        falla_argumento(PROG, f"--movimientos: «{ruta}» no está en UTF-8.")
    except (json.JSONDecodeError, RecursionError):
        falla_argumento(
            PROG,
            f"--movimientos: «{ruta}» no es JSON válido; debe ser una lista de movimientos, ej. "
            '[{"tipo": "08", "fecha": "2026-04-01", "sbc": "500.00"}].',
        )


def construir_parser() -> ParserEs:
    parser = ParserEs(prog="buzon cuotas", description="Cuotas obrero-patronales (salida JSON).")
    sub = parser.add_subparsers(dest="comando", required=True, parser_class=ParserEs)
    calc = sub.add_parser("calcular", help="cuotas de un trabajador en un periodo (EMA o EBA)")
    calc.add_argument("--periodo", metavar="P", help="AAAA-MM (mensual) o AAAA-Bn (bimestral)")
    calc.add_argument("--movimientos", metavar="F.json", help="lista JSON de movimientos")
    calc.add_argument("--prima-rt", metavar="X", help="prima de riesgos de trabajo, %% (mensual)")
    calc.add_argument("--zona", choices=ZONAS, help="zona de salario mínimo (omisión: general)")
    calc.add_argument("--lote", metavar="F.jsonl", help="un objeto JSON por línea ('-' = stdin)")
    return parser


_OPCION_DEL_CAMPO = {
    "periodo": "--periodo",
    "prima_rt": "--prima-rt",
    "zona": "--zona",
    "movimientos": "--movimientos",
}


def main(argv: list[str]) -> int:
    args = construir_parser().parse_args(argv)
    sueltas = [
        f"--{nombre.replace('_', '-')}"
        for nombre in ("periodo", "movimientos", "prima_rt", "zona")
        if getattr(args, nombre) is not None
    ]
    if args.lote is not None:
        if sueltas:
            falla_argumento(PROG, f"--lote no puede usarse junto con {sueltas[0]}.")
        return procesar_lote(lineas_del_lote(args.lote, PROG), sys.stdout)
    if args.periodo is None or args.movimientos is None:
        falla_argumento(PROG, "indique --periodo y --movimientos, o --lote.")
    campos = {
        "periodo": args.periodo,
        "prima_rt": args.prima_rt,
        "zona": args.zona,
        "movimientos": _movimientos_de_archivo(args.movimientos),
    }
    try:
        resultado = calcular(campos)
    except ErrorLegal as exc:
        falla_argumento(
            PROG, f"{_OPCION_DEL_CAMPO.get(exc.campo or '', 'argumento')}: {exc.mensaje}"
        )
    sys.stdout.write(json.dumps(resultado, ensure_ascii=False) + "\n")
    return 0
