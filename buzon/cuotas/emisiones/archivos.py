"""The emisión's worker detail as CSV, and the *cotejo*: the employer's own per-worker figures
(CSV: `nss` and any of the detail's amount columns) against the Institute's, worker by worker.

The cotejo's file is checked by content (UTF-8 text, a header naming `nss` and known columns),
limited in size, and every bad row is reported with its line and field; the good rows are still
compared. It writes nothing: it is a comparison.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.emisiones.detalle import Fila
from buzon.cuotas.emisiones.modelos import Emision, columnas_de
from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import normalizar_nss

MAXIMO_COTEJO = 5 * 1024 * 1024
MAXIMO_ERRORES = 200
FIJAS = ("nss", "nombre", "dias_cotizados", "ausentismos", "incapacidades", "sbc")


def pesos(centavos: int) -> str:
    signo = "-" if centavos < 0 else ""
    return f"{signo}{abs(centavos) // 100}.{abs(centavos) % 100:02d}"


def encabezado(tipo: str) -> list[str]:
    return [*FIJAS, *(c for _, _, c in columnas_de(tipo)), "total_patron", "total_obrero"]


def csv_de(e: Emision, filas: Iterable[Fila], nombres: dict[str, str]) -> Iterator[str]:
    """The CSV's lines (header first), amounts in pesos with two decimals."""
    columnas = [c for _, _, c in columnas_de(e.tipo)]
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow(encabezado(e.tipo))
    yield salida.getvalue()
    for f in filas:
        salida.seek(0)
        salida.truncate()
        escritor.writerow(
            [
                f.nss,
                nombres.get(f.nss, ""),
                f.cotizados,
                f.ausentismos,
                f.incapacidades,
                pesos(f.sbc),
                *(pesos(f.importes.get(c, 0)) for c in columnas),
                pesos(f.total_patron),
                pesos(f.total_obrero),
            ]
        )
        yield salida.getvalue()


@dataclass
class Cotejo:
    coinciden: int = 0
    diferencias: list[dict[str, object]] = field(default_factory=list)
    solo_en_archivo: list[str] = field(default_factory=list)
    solo_en_emision: list[str] = field(default_factory=list)
    errores: list[dict[str, object]] = field(default_factory=list)


def _error(codigo: str, mensaje: str) -> ErrorBuzon:
    return ErrorBuzon(codigo, mensaje, "archivo", 400)


def _texto(contenido: bytes) -> str:
    if len(contenido) > MAXIMO_COTEJO:
        raise _error("archivo_grande", "El archivo pasa de 5 MB: envíe solo NSS e importes.")
    if b"\x00" in contenido[:4096]:
        raise _error("archivo_invalido", "El archivo no es un CSV de texto: envíe un CSV UTF-8.")
    try:
        return contenido.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(
            "archivo_invalido", "El archivo no está en UTF-8: guárdelo como «CSV UTF-8»."
        ) from exc


def _centavos(texto: str) -> int:
    valor = Decimal(texto.strip().replace(",", "").replace("$", ""))
    if not valor.is_finite():
        raise InvalidOperation
    return int((valor * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cotejar(e: Emision, filas: Iterable[Fila], contenido: bytes) -> Cotejo:
    """Compare the employer's figures with the emisión's, worker by worker and column by column
    (only the columns the file brings; `total_patron`/`total_obrero` too when present)."""
    lector = csv.reader(io.StringIO(_texto(contenido)))
    try:
        cabecera = [c.strip().lower() for c in next(lector)]
    except (StopIteration, csv.Error) as exc:
        raise _error(
            "archivo_vacio", "El archivo está vacío: su primera línea es el encabezado."
        ) from exc
    conocidas = [c for _, _, c in columnas_de(e.tipo)] + ["total_patron", "total_obrero"]
    if "nss" not in cabecera:
        raise _error("encabezado_invalido", "El encabezado debe tener la columna «nss».")
    extranas = [c for c in cabecera if c and c not in conocidas and c not in FIJAS]
    if extranas:
        raise _error(
            "encabezado_invalido",
            f"Columna desconocida «{extranas[0]}»: use «nss» y las columnas de importes del CSV "
            "de la emisión (por ejemplo «" + conocidas[0] + "»).",
        )
    comparar = [c for c in cabecera if c in conocidas]
    if not comparar:
        raise _error("encabezado_invalido", "El encabezado no trae ninguna columna de importes.")
    instituto = {f.nss: f for f in filas}
    resultado, vistos = Cotejo(), set()
    try:
        for linea, fila in enumerate(lector, start=2):
            if not any(c.strip() for c in fila):
                continue
            if len(fila) != len(cabecera):
                _anotar(
                    resultado,
                    linea,
                    None,
                    f"tiene {len(fila)} columnas y el encabezado {len(cabecera)}.",
                )
                continue
            valores = dict(zip(cabecera, fila, strict=True))
            try:
                nss = normalizar_nss(valores["nss"])
            except ErrorLegal as exc:
                _anotar(resultado, linea, "nss", exc.mensaje)
                continue
            if nss in vistos:
                _anotar(resultado, linea, "nss", f"el NSS {nss} ya venía en otra línea.")
                continue
            vistos.add(nss)
            propios = instituto.get(nss)
            if propios is None:
                resultado.solo_en_archivo.append(nss)
                continue
            igual = True
            for columna in comparar:
                try:
                    suyo = _centavos(valores[columna])
                except (InvalidOperation, ValueError):
                    _anotar(
                        resultado,
                        linea,
                        columna,
                        "no es un importe: escriba pesos con dos decimales.",
                    )
                    igual = False
                    continue
                nuestro = _valor(propios, columna)
                if suyo != nuestro:
                    igual = False
                    resultado.diferencias.append(
                        {
                            "nss": nss,
                            "columna": columna,
                            "instituto": pesos(nuestro),
                            "patron": pesos(suyo),
                            "diferencia": pesos(suyo - nuestro),
                        }
                    )
            resultado.coinciden += int(igual)
    except csv.Error as exc:
        raise _error("archivo_invalido", f"El archivo no es un CSV válido: {exc}.") from exc
    resultado.solo_en_emision = sorted(set(instituto) - vistos)
    return resultado


def _valor(f: Fila, columna: str) -> int:
    if columna == "total_patron":
        return f.total_patron
    if columna == "total_obrero":
        return f.total_obrero
    return f.importes.get(columna, 0)


def _anotar(c: Cotejo, linea: int, campo: str | None, mensaje: str) -> None:
    if len(c.errores) < MAXIMO_ERRORES:
        donde = f"columna «{campo}»: " if campo else ""
        c.errores.append(
            {"linea": linea, "campo": campo, "mensaje": f"Línea {linea}, {donde}{mensaje}"}
        )
