"""Whom a comunicado reaches: the segment's rules, the uploaded list, and the SQL condition the
fan-out runs over the padrón.

A segment reads every registro patronal of the padrón, whatever its situación [I-99]:
`todos` (every patrón; for a comunicador of a subdelegación, every patrón with a registro in it),
`entidades`, `subdelegaciones`, `modalidades` (patrones with a registro of one of them) and
`lista` (the RFCs and registros of an uploaded CSV). A comunicador of a subdelegación reaches only
registros of its subdelegación: its other segments are intersected with it, it may name no other
subdelegación, and a list row outside it is a bad row. A national one (`NACIONAL`) reaches all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.models import Comunicado, ObjetivoLista
from buzon.legal.calendario import ENTIDADES
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.oficina.models import NACIONAL
from buzon.padron.filas import LARGO_SUBDELEGACION, PATRON_REGISTRO
from buzon.padron.models import Patron, RegistroPatronal

Segmento = Comunicado.Segmento
_REGISTRO = re.compile(PATRON_REGISTRO)
_MODALIDAD = re.compile(r"^[0-9]{2}\Z")
#: The most rows an uploaded list may have.
MAXIMO_LISTA = 1_000_000
#: The most bad rows named in one refusal (the rest are counted).
MAXIMO_ERRORES = 200
_POR_CONSULTA = 5000


def valores_del_segmento(segmento: str, valores: Sequence[str], subdelegacion: str) -> list[str]:
    """The segment's values, checked and canonical (sorted, no repeats); raises naming them."""
    if segmento not in Segmento.values:
        raise ErrorComunicado(
            "segmento_invalido",
            f"«{segmento}» no es un segmento: use todos, entidades, subdelegaciones, modalidades "
            "o lista.",
            "segmento",
        )
    limpios = sorted({str(v).strip() for v in valores if str(v).strip()})
    if segmento in (Segmento.TODOS, Segmento.LISTA):
        if limpios:
            raise ErrorComunicado(
                "valores_invalidos",
                f"El segmento «{segmento}» no lleva valores: deje «valores» vacío.",
                "valores",
            )
        return []
    if not limpios:
        raise ErrorComunicado(
            "valores_invalidos",
            f"Indique al menos un valor para el segmento «{segmento}».",
            "valores",
        )
    if segmento == Segmento.ENTIDADES:
        limpios = sorted({v.upper() for v in limpios})
        malos = [v for v in limpios if v not in ENTIDADES]
        if malos:
            raise ErrorComunicado(
                "valores_invalidos",
                f"No son entidades: {', '.join(malos)}. Use la clave de tres letras (CMX, JAL, "
                "BCN…).",
                "valores",
            )
    elif segmento == Segmento.MODALIDADES:
        malos = [v for v in limpios if not _MODALIDAD.match(v)]
        if malos:
            raise ErrorComunicado(
                "valores_invalidos",
                f"No son modalidades: {', '.join(malos)}. Una modalidad son dos dígitos (10, 13…).",
                "valores",
            )
    else:
        largos = [v for v in limpios if len(v) > LARGO_SUBDELEGACION]
        if largos:
            raise ErrorComunicado(
                "valores_invalidos",
                f"Una subdelegación se escribe con hasta {LARGO_SUBDELEGACION} caracteres.",
                "valores",
            )
        if subdelegacion != NACIONAL and limpios != [subdelegacion]:
            raise ErrorComunicado(
                "fuera_de_su_subdelegacion",
                f"Solo puede dirigir comunicados a su subdelegación, «{subdelegacion}».",
                "valores",
                403,
            )
    return limpios


@dataclass(frozen=True)
class FilaLista:
    linea: int
    tipo: str
    valor: str


def leer_lista(texto: str, subdelegacion: str) -> list[FilaLista]:
    """The uploaded CSV (one RFC or registro patronal per line, in the first column; a first
    line «rfc», «registro» or «valor» is a header), checked against the padrón. Any bad row
    refuses the whole list, naming each bad row by its line (nothing is stored)."""
    filas: list[FilaLista] = []
    errores: list[dict[str, object]] = []
    vistos: set[tuple[str, str]] = set()
    lector = csv.reader(io.StringIO(texto.lstrip("\ufeff")))
    for numero, campos in enumerate(lector, start=1):
        valor = (campos[0] if campos else "").strip()
        if not valor or (numero == 1 and valor.lower() in ("rfc", "registro", "valor")):
            continue
        if len(filas) >= MAXIMO_LISTA:
            raise ErrorComunicado(
                "lista_larga", f"La lista admite hasta {MAXIMO_LISTA:,} filas.", "lista"
            )
        arriba = valor.upper()
        if _REGISTRO.match(arriba):
            fila = FilaLista(numero, ObjetivoLista.Tipo.REGISTRO, arriba)
        else:
            try:
                fila = FilaLista(numero, ObjetivoLista.Tipo.RFC, normalizar_rfc(valor))
            except ErrorLegal:
                errores.append(
                    {
                        "linea": numero,
                        "mensaje": f"Línea {numero}: «{valor[:40]}» no es un RFC (12 o 13 "
                        "caracteres) ni un registro patronal (11 caracteres).",
                    }
                )
                continue
        if (fila.tipo, fila.valor) not in vistos:
            vistos.add((fila.tipo, fila.valor))
            filas.append(fila)
    errores += _fuera_del_padron(filas, subdelegacion)
    if errores:
        errores.sort(key=lambda e: int(str(e["linea"])))
        raise ErrorComunicado(
            "lista_invalida",
            f"La lista tiene {len(errores)} fila(s) con error; no se guardó nada. Corrija "
            "esas líneas y vuelva a subirla.",
            "lista",
            errores=errores[:MAXIMO_ERRORES],
        )
    if not filas:
        raise ErrorComunicado("lista_vacia", "La lista no tiene ningún RFC ni registro.", "lista")
    return filas


def _fuera_del_padron(filas: list[FilaLista], subdelegacion: str) -> list[dict[str, object]]:
    """Rows the padrón does not know, or (a subdelegación's comunicador) outside its scope."""
    errores: list[dict[str, object]] = []
    nacional = subdelegacion == NACIONAL
    for inicio in range(0, len(filas), _POR_CONSULTA):
        parte = filas[inicio : inicio + _POR_CONSULTA]
        rfcs = [f.valor for f in parte if f.tipo == ObjetivoLista.Tipo.RFC]
        registros = [f.valor for f in parte if f.tipo == ObjetivoLista.Tipo.REGISTRO]
        conocidos_rfc = set(Patron.objects.filter(rfc__in=rfcs).values_list("rfc", flat=True))
        en_alcance_rfc = conocidos_rfc
        if not nacional:
            en_alcance_rfc = set(
                RegistroPatronal.objects.filter(
                    patron__rfc__in=rfcs, subdelegacion=subdelegacion
                ).values_list("patron__rfc", flat=True)
            )
        subs = dict(
            RegistroPatronal.objects.filter(registro__in=registros).values_list(
                "registro", "subdelegacion"
            )
        )
        for f in parte:
            if f.tipo == ObjetivoLista.Tipo.RFC:
                conocido, alcance = f.valor in conocidos_rfc, f.valor in en_alcance_rfc
                que = f"el RFC {f.valor}"
            else:
                conocido = f.valor in subs
                alcance = conocido and (nacional or subs[f.valor] == subdelegacion)
                que = f"el registro patronal {f.valor}"
            if not conocido:
                errores.append(
                    {"linea": f.linea, "mensaje": f"Línea {f.linea}: {que} no está en el padrón."}
                )
            elif not alcance:
                errores.append(
                    {
                        "linea": f.linea,
                        "mensaje": f"Línea {f.linea}: {que} no es de su subdelegación, "
                        f"«{subdelegacion}».",
                    }
                )
    return errores


def condicion(c: Comunicado) -> tuple[str, list[str | int]]:
    """The WHERE condition over `padron_patron p` that selects the comunicado's recipients, and
    its parameters (one statement per chunk runs it; see `difusion`)."""
    registros = RegistroPatronal._meta.db_table
    lista = ObjetivoLista._meta.db_table
    alcance: str = ""
    parametros: list[str | int] = []
    if c.subdelegacion != NACIONAL:
        alcance, parametros = " AND r.subdelegacion = %s", [c.subdelegacion]
    # Only table names and %s placeholders are formatted in; every value is a parameter.
    existe = f"EXISTS (SELECT 1 FROM {registros} r WHERE r.patron_id = p.id"  # noqa: S608
    valores: list[str | int] = [str(v) for v in c.valores]
    marcas = ", ".join(["%s"] * len(valores))
    if c.segmento == Segmento.TODOS:
        if not alcance:
            return "1 = 1", []
        return f"{existe}{alcance})", parametros
    if c.segmento == Segmento.ENTIDADES:
        return f"{existe} AND r.entidad IN ({marcas}){alcance})", [*valores, *parametros]
    if c.segmento == Segmento.SUBDELEGACIONES:
        return f"{existe} AND r.subdelegacion IN ({marcas}){alcance})", [*valores, *parametros]
    if c.segmento == Segmento.MODALIDADES:
        return f"{existe} AND r.modalidad IN ({marcas}){alcance})", [*valores, *parametros]
    return (
        f"(p.rfc IN (SELECT o.valor FROM {lista} o WHERE o.comunicado_id = %s AND o.tipo = 'rfc')"  # noqa: S608
        f" OR EXISTS (SELECT 1 FROM {registros} r JOIN {lista} o ON o.valor = r.registro"
        f" AND o.comunicado_id = %s AND o.tipo = 'registro' WHERE r.patron_id = p.id))",
        [c.pk, c.pk],
    )
