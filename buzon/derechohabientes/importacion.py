"""`buzon derechohabientes importar-semanas F.csv`: the semanas descontadas (retiro parcial por
desempleo, LSS 191-II) and reintegradas the Institute knows of, from a UTF-8 CSV:

    nss,tipo,fecha,semanas,referencia

Streaming: the file is read twice, never held (its SHA-256 first, then the rows), and written
`lote` valid rows at a time, each batch in one transaction with a fixed number of queries (the
asegurados by NSS, the adjustments already stored of those asegurados, one insert). Idempotent:
a row already stored with the same semanas is counted as `ya_registradas`; with other semanas it
is refused (a correction is not an import). A reintegro that would leave more weeks reintegradas
than descontadas is refused (I-118). Errors name the line and the field, in Spanish.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from buzon.cuotas.models import Asegurado
from buzon.derechohabientes.models import LARGO_REFERENCIA, AjusteSemanas
from buzon.legal.errores import ErrorLegal
from buzon.legal.nss import normalizar_nss
from buzon.legal.semanas import TIPOS_AJUSTE, Ajuste, exigir_ajustes

COLUMNAS = ("nss", "tipo", "fecha", "semanas", "referencia")
LOTE = 5000
#: At most 50 years of weeks in one adjustment.
MAXIMO_SEMANAS = 2600

Problema = tuple[int, str | None, str]


class ErrorArchivo(Exception):
    """The file cannot be imported at all (nothing written)."""


@dataclass
class Resultado:
    archivo_sha256: str = ""
    filas_leidas: int = 0
    filas_importadas: int = 0
    filas_ya_registradas: int = 0
    filas_con_error: int = 0
    problemas: list[Problema] = field(default_factory=list)

    def resumen(self) -> dict[str, object]:
        return {
            "archivo_sha256": self.archivo_sha256,
            "filas_leidas": self.filas_leidas,
            "filas_importadas": self.filas_importadas,
            "filas_ya_registradas": self.filas_ya_registradas,
            "filas_con_error": self.filas_con_error,
        }


@dataclass(frozen=True)
class Fila:
    linea: int
    nss: str
    tipo: str
    fecha: date
    semanas: int
    referencia: str


def sha256_de(ruta: Path) -> str:
    h = hashlib.sha256()
    with ruta.open("rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def _leer_fila(linea: int, valores: dict[str, str]) -> Fila:
    try:
        nss = normalizar_nss(valores["nss"])
    except ErrorLegal as exc:
        raise ErrorLegal(exc.mensaje, "nss") from exc
    tipo = valores["tipo"].strip().lower()
    if tipo not in TIPOS_AJUSTE:
        raise ErrorLegal(f"debe ser descontadas o reintegradas; se recibió «{tipo}».", "tipo")
    texto = valores["fecha"].strip()
    try:
        if len(texto) != 10:
            raise ValueError
        fecha = date.fromisoformat(texto)
    except ValueError:
        raise ErrorLegal(f"debe ser una fecha AAAA-MM-DD; se recibió «{texto}».", "fecha") from None
    crudo = valores["semanas"].strip()
    if not crudo.isdigit() or not 1 <= int(crudo) <= MAXIMO_SEMANAS:
        raise ErrorLegal(
            f"debe ser un número entero de semanas de 1 a {MAXIMO_SEMANAS}; se recibió «{crudo}».",
            "semanas",
        )
    referencia = " ".join(valores["referencia"].split())
    if not 1 <= len(referencia) <= LARGO_REFERENCIA:
        raise ErrorLegal(
            f"escriba la referencia del retiro o del reintegro (1 a {LARGO_REFERENCIA} "
            "caracteres).",
            "referencia",
        )
    return Fila(linea, nss, tipo, fecha, int(crudo), referencia)


def _filas(ruta: Path, al_error: Callable[[Problema], None], r: Resultado) -> Iterator[Fila]:
    try:
        with ruta.open(encoding="utf-8-sig", newline="") as f:
            lector = csv.reader(f)
            encabezado = [c.strip().lower() for c in next(lector, [])]
            if sorted(encabezado) != sorted(COLUMNAS):
                raise ErrorArchivo(
                    f"El encabezado debe tener las columnas {','.join(COLUMNAS)} (en cualquier "
                    f"orden); tiene «{','.join(encabezado)}». Corrija la primera línea."
                )
            for linea, valores in enumerate(lector, start=2):
                if not valores:
                    continue
                r.filas_leidas += 1
                if len(valores) != len(COLUMNAS):
                    texto = f"tiene {len(valores)} valores y debe tener {len(COLUMNAS)}."
                    _error(r, al_error, (linea, None, texto))
                    continue
                try:
                    yield _leer_fila(linea, dict(zip(encabezado, valores, strict=True)))
                except ErrorLegal as exc:
                    _error(r, al_error, (linea, exc.campo, exc.mensaje))
    except UnicodeDecodeError as exc:
        raise ErrorArchivo(
            "El archivo no está en UTF-8: guárdelo como «CSV UTF-8» e impórtelo de nuevo."
        ) from exc


def _error(r: Resultado, al_error: Callable[[Problema], None], problema: Problema) -> None:
    r.filas_con_error += 1
    al_error(problema)


def _guardar(
    lote: list[Fila], sha: str, r: Resultado, al_error: Callable[[Problema], None]
) -> None:
    with transaction.atomic():
        ahora = timezone.now()
        ids: dict[str, int] = dict(
            Asegurado.objects.filter(nss__in={f.nss for f in lote}).values_list("nss", "id")
        )
        guardados: dict[int, dict[tuple[str, date, str], int]] = defaultdict(dict)
        for a_id, tipo, fecha, referencia, semanas in AjusteSemanas.objects.filter(
            asegurado_id__in=set(ids.values())
        ).values_list("asegurado_id", "tipo", "fecha", "referencia", "semanas"):
            guardados[a_id][tipo, fecha, referencia] = semanas
        nuevos: dict[int, list[Fila]] = defaultdict(list)
        for f in lote:
            encontrado = ids.get(f.nss)
            if encontrado is None:
                texto = (
                    f"el NSS {f.nss} no está en los registros de afiliación: importe antes sus "
                    "movimientos."
                )
                _error(r, al_error, (f.linea, "nss", texto))
                continue
            a_id = encontrado
            previo = guardados[a_id].get((f.tipo, f.fecha, f.referencia))
            if previo == f.semanas:
                r.filas_ya_registradas += 1
                continue
            if previo is not None:
                texto = (
                    f"ese ajuste ya está registrado con {previo} semanas: una corrección no es "
                    "una importación."
                )
                _error(r, al_error, (f.linea, "semanas", texto))
                continue
            guardados[a_id][f.tipo, f.fecha, f.referencia] = f.semanas
            nuevos[a_id].append(f)
        crear: list[AjusteSemanas] = []
        for a_id, filas in nuevos.items():
            aceptados = {
                clave: semanas
                for clave, semanas in guardados[a_id].items()
                if not any((f.tipo, f.fecha, f.referencia) == clave for f in filas)
            }
            # Descontadas first: only a reintegro can leave more weeks back than taken.
            for f in sorted(filas, key=lambda f: (f.tipo != "descontadas", f.fecha, f.linea)):
                prueba = aceptados | {(f.tipo, f.fecha, f.referencia): f.semanas}
                try:
                    exigir_ajustes([Ajuste(t, d, n, ref) for (t, d, ref), n in prueba.items()])
                except ErrorLegal as exc:
                    _error(r, al_error, (f.linea, exc.campo, exc.mensaje))
                    continue
                aceptados = prueba
                crear.append(
                    AjusteSemanas(
                        asegurado_id=a_id,
                        tipo=f.tipo,
                        fecha=f.fecha,
                        semanas=f.semanas,
                        referencia=f.referencia,
                        archivo_sha256=sha,
                        linea=f.linea,
                        importado_en=ahora,
                    )
                )
        AjusteSemanas.objects.bulk_create(crear, batch_size=1000)
        r.filas_importadas += len(crear)


def do_importar_semanas(
    ruta: Path, *, lote: int = LOTE, al_error: Callable[[Problema], None] = lambda p: None
) -> Resultado:
    """Import the file (see the module's text); raises `ErrorArchivo` when nothing can be read."""
    if not ruta.is_file():
        raise ErrorArchivo(f"No existe el archivo «{ruta}».")
    r = Resultado(archivo_sha256=sha256_de(ruta))
    pendientes: list[Fila] = []
    for fila in _filas(ruta, al_error, r):
        pendientes.append(fila)
        if len(pendientes) >= lote:
            _guardar(pendientes, r.archivo_sha256, r, al_error)
            pendientes = []
    if pendientes:
        _guardar(pendientes, r.archivo_sha256, r, al_error)
    return r
