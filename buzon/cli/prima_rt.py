"""`buzon prima-rt calcular`: the annual prima de riesgos de trabajo (LSS 72–74), no database.

    buzon prima-rt calcular --S 38 --I 0.10 --D 0 (--N 238.3 | --dias-cotizados 86980)
                            [--prima-anterior 2.59840] [--sistema-seguridad]
    buzon prima-rt calcular --lote F.jsonl            # '-' reads stdin

Each --lote line is `{"S", "I", "D", "N" | "dias_cotizados", "prima_anterior"?,
"sistema_seguridad"?}` (numbers as JSON numbers or strings, read exactly) and gives one line
`{"prima_calculada", "prima", "limite"}`: percents as strings with five decimals, `limite` the
last LSS 74 limit applied (`incremento`, `decremento`, `minima`, `maxima`) or null. A bad line
gives `{"linea": N, "error": "…"}` and the rest still compute; exit 0 when every line computed, 1
when some failed, 2 for a bad argument (message on stderr naming the option).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from buzon.cli.lectura import lineas_del_lote, objeto_de_linea, procesar_lineas
from buzon.comun.argumentos import ParserEs, falla_argumento
from buzon.legal.errores import ErrorLegal
from buzon.legal.prima_rt import Siniestralidad, calcular, porcentaje

PROG = "buzon prima-rt calcular"
CLAVES = frozenset({"S", "I", "D", "N", "dias_cotizados", "prima_anterior", "sistema_seguridad"})
_EJEMPLO = '{"S": 38, "I": "0.10", "D": 0, "N": "238.3", "prima_anterior": "2.59840"}'
_OPCIONES = {
    "S": "--S",
    "I": "--I",
    "D": "--D",
    "N": "--N",
    "dias_cotizados": "--dias-cotizados",
    "prima_anterior": "--prima-anterior",
    "sistema_seguridad": "--sistema-seguridad",
}


def _decimal(valor: Any, campo: str) -> Decimal:
    if isinstance(valor, str | int | Decimal) and not isinstance(valor, bool):
        try:
            numero = Decimal(valor.strip() if isinstance(valor, str) else valor)
        except InvalidOperation:
            pass
        else:
            if numero.is_finite():
                return numero
    raise ErrorLegal(f"«{campo}» debe ser un número, ej. {_EJEMPLO}; se recibió «{valor}».", campo)


def _entero(valor: Any, campo: str) -> int:
    numero = _decimal(valor, campo)
    if numero != numero.to_integral_value():
        raise ErrorLegal(f"«{campo}» debe ser un número entero; se recibió «{valor}».", campo)
    return int(numero)


def leer(campos: dict[str, Any]) -> Siniestralidad:
    """A line's (or the options') fields as the pure module's input; ErrorLegal naming the key."""
    for clave in ("S", "I", "D"):
        if campos.get(clave) is None:
            raise ErrorLegal(f"Falta «{clave}», ej. {_EJEMPLO}.", clave)
    sistema = campos.get("sistema_seguridad", False)
    if sistema is None:
        sistema = False
    if not isinstance(sistema, bool):
        raise ErrorLegal(
            "«sistema_seguridad» debe ser true o false (sistema acreditado por la STPS).",
            "sistema_seguridad",
        )
    n, dias, anterior = campos.get("N"), campos.get("dias_cotizados"), campos.get("prima_anterior")
    return Siniestralidad(
        dias_subsidiados=_entero(campos["S"], "S"),
        incapacidades=_decimal(campos["I"], "I"),
        defunciones=_entero(campos["D"], "D"),
        trabajadores=None if n is None else _decimal(n, "N"),
        dias_cotizados=None if dias is None else _entero(dias, "dias_cotizados"),
        prima_anterior=None if anterior is None else _decimal(anterior, "prima_anterior"),
        sistema_seguridad=sistema,
    )


def resultado(campos: dict[str, Any]) -> dict[str, object]:
    d = calcular(leer(campos))
    return {
        "prima_calculada": porcentaje(d.prima_calculada),
        "prima": porcentaje(d.prima),
        "limite": d.limite,
    }


def procesar_lote(lineas: Iterable[bytes | str], salida: TextIO) -> int:
    """One result line per input line, in order; bad lines become {"linea", "error"}."""
    return procesar_lineas(
        lineas, lambda texto: resultado(objeto_de_linea(texto, CLAVES, _EJEMPLO)), salida
    )


def construir_parser() -> ParserEs:
    parser = ParserEs(
        prog="buzon prima-rt",
        description="Prima de riesgos de trabajo (LSS 72–74), salida JSON, sin base de datos.",
    )
    sub = parser.add_subparsers(dest="comando", required=True, parser_class=ParserEs)
    p = sub.add_parser("calcular", help="la prima calculada y la que aplica (LSS 74)")
    p.add_argument(
        "--S", dest="S", metavar="DIAS", help="días subsidiados por incapacidad temporal"
    )
    p.add_argument(
        "--I", dest="I", metavar="I", help="suma de % de incapacidades permanentes ÷ 100"
    )
    p.add_argument("--D", dest="D", metavar="N", help="número de defunciones")
    p.add_argument("--N", dest="N", metavar="N", help="trabajadores promedio expuestos al riesgo")
    p.add_argument(
        "--dias-cotizados", dest="dias_cotizados", metavar="DIAS", help="en lugar de --N (÷ 365)"
    )
    p.add_argument("--prima-anterior", dest="prima_anterior", metavar="P", help="en por ciento")
    p.add_argument(
        "--sistema-seguridad",
        dest="sistema_seguridad",
        action="store_true",
        help="sistema de administración y seguridad acreditado por la STPS (F = 2.2)",
    )
    p.add_argument("--lote", metavar="F.jsonl", help="un objeto JSON por línea ('-' = stdin)")
    return parser


def main(argv: list[str]) -> int:
    args = construir_parser().parse_args(argv)
    valores = {clave: getattr(args, clave) for clave in CLAVES}
    if not valores["sistema_seguridad"]:
        valores.pop("sistema_seguridad")
    dados = sorted(_OPCIONES[c] for c, v in valores.items() if v not in (None, False))
    if args.lote is not None:
        if dados:
            falla_argumento(PROG, f"--lote no puede usarse junto con {dados[0]}.")
        return procesar_lote(lineas_del_lote(args.lote, PROG), sys.stdout)
    if args.S is None:
        falla_argumento(PROG, "indique --S (con --I, --D y --N o --dias-cotizados) o --lote.")
    try:
        salida = resultado(valores)
    except ErrorLegal as exc:
        falla_argumento(PROG, f"{_OPCIONES.get(exc.campo or '', 'argumento')}: {exc.mensaje}")
    sys.stdout.write(json.dumps(salida, ensure_ascii=False) + "\n")
    return 0
