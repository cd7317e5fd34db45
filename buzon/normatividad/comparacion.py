"""The diff between two versions of a text, article by article (difflib over words).

Articles are matched by their `clave` («Artículo 12», «Numeral 7.2», «Transitorio Primero»): one
only in the newer version was added, one only in the older was removed, one in both with other
words changed. Each changed article comes as spans («igual», «quitado», «agregado») that the
template escapes and wraps in `<del>`/`<ins>`: no HTML is ever built from the law's text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from buzon.normatividad.models import Articulo, Version
from buzon.normatividad.selectors import articulos_de

_FICHAS = re.compile(r"\S+|\s+")


@dataclass(frozen=True)
class Fragmento:
    tipo: str  # «igual», «quitado», «agregado»
    texto: str


@dataclass(frozen=True)
class Cambio:
    clave: str
    fragmentos: list[Fragmento]


@dataclass(frozen=True)
class Comparacion:
    anterior: Version
    posterior: Version
    agregados: list[Articulo]
    quitados: list[Articulo]
    cambiados: list[Cambio]
    iguales: int


def fragmentos(antes: str, despues: str) -> list[Fragmento]:
    a, b = _FICHAS.findall(antes), _FICHAS.findall(despues)
    salida: list[Fragmento] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            salida.append(Fragmento("igual", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            salida.append(Fragmento("quitado", "".join(a[i1:i2])))
        if j2 > j1:
            salida.append(Fragmento("agregado", "".join(b[j1:j2])))
    return salida


def comparar(anterior: Version, posterior: Version) -> Comparacion:
    viejos = {a.clave: a for a in articulos_de(anterior)}
    nuevos = {a.clave: a for a in articulos_de(posterior)}
    cambiados = [
        Cambio(clave, fragmentos(viejos[clave].texto, a.texto))
        for clave, a in nuevos.items()
        if clave in viejos and viejos[clave].texto != a.texto
    ]
    return Comparacion(
        anterior,
        posterior,
        agregados=[a for clave, a in nuevos.items() if clave not in viejos],
        quitados=[a for clave, a in viejos.items() if clave not in nuevos],
        cambiados=cambiados,
        iguales=sum(1 for c, a in nuevos.items() if c in viejos and viejos[c].texto == a.texto),
    )
