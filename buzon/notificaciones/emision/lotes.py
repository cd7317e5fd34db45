"""Bulk issuing: a JSONL or CSV batch of signed notifications, processed in chunks.

Each line: rfc, registro_patronal (optional), tipo, asunto, documento (PDF in base64), firma
(the official's signature over the PDF bytes), clave (optional idempotency key; by default the
batch file's hash and the line number). A bad line is reported with its number and never stops
or loses the others. Progress is committed per chunk; a batch interrupted (a crash, a restart)
resumes where it stopped, and re-processing a chunk issues nothing twice (idempotency keys).
Batches are claimed like any job (SKIP LOCKED), so several workers never process one together.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buzon.comun.ganchos import Ganchos
from buzon.evidencia import almacen
from buzon.notificaciones.emision.servicios import Solicitud, emitir_varias, exigir_emisor
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Lote
from buzon.oficina.models import Oficial

CHUNK = 500
#: Errors kept per batch (the counts are always exact).
MAXIMO_ERRORES = 10_000
#: A claim without progress for this long is considered abandoned (its worker died).
ABANDONO = timedelta(minutes=10)
CAMPOS = ("rfc", "registro_patronal", "tipo", "asunto", "documento", "firma", "clave")
OBLIGATORIOS = ("rfc", "tipo", "asunto", "documento", "firma")


@dataclass(frozen=True)
class Linea:
    numero: int
    solicitud: Solicitud | None
    error: ErrorNotificacion | None = None


def _solicitud(numero: int, datos: object, huella: str) -> Solicitud:
    if not isinstance(datos, dict):
        raise ErrorNotificacion("linea_invalida", "La línea debe ser un objeto JSON.", None)
    faltan = [c for c in OBLIGATORIOS if not isinstance(datos.get(c), str) or not datos.get(c)]
    if faltan:
        raise ErrorNotificacion(
            "linea_incompleta", f"Falta el campo «{faltan[0]}» (o no es texto).", faltan[0]
        )
    extra = sorted(set(datos) - set(CAMPOS))
    if extra:
        raise ErrorNotificacion(
            "campo_desconocido",
            f"Campo desconocido «{extra[0]}»: use {', '.join(CAMPOS)}.",
            extra[0],
        )
    return Solicitud(
        clave=str(datos.get("clave") or f"lote:{huella[:32]}:{numero}"),
        rfc=str(datos["rfc"]),
        registro_patronal=str(datos.get("registro_patronal") or ""),
        tipo=str(datos["tipo"]),
        asunto=str(datos["asunto"]),
        documento=str(datos["documento"]),
        firma=str(datos["firma"]),
    )


def leer_lineas(contenido: bytes, formato: str, huella: str) -> Iterator[Linea]:
    """The batch's lines, numbered from 1 (CSV: the header is line 1, data from line 2)."""
    try:
        texto = contenido.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ErrorNotificacion(
            "archivo_invalido", "El lote debe estar en UTF-8.", "archivo"
        ) from exc
    if formato == "jsonl":
        for numero, linea in enumerate(texto.splitlines(), start=1):
            if not linea.strip():
                continue
            try:
                yield Linea(numero, _solicitud(numero, json.loads(linea), huella))
            except json.JSONDecodeError:
                yield Linea(
                    numero,
                    None,
                    ErrorNotificacion("linea_invalida", "La línea no es JSON válido.", None),
                )
            except ErrorNotificacion as exc:
                yield Linea(numero, None, exc)
        return
    lector = csv.DictReader(io.StringIO(texto, newline=""))
    encabezado = lector.fieldnames or []
    faltan = [c for c in OBLIGATORIOS if c not in encabezado]
    if faltan:
        raise ErrorNotificacion(
            "encabezado_invalido",
            f"El encabezado del CSV debe incluir {', '.join(OBLIGATORIOS)}; falta «{faltan[0]}».",
            "archivo",
        )
    for fila in lector:
        numero = lector.line_num
        try:
            if None in fila:
                raise ErrorNotificacion(
                    "linea_invalida", "La fila tiene más columnas que el encabezado.", None
                )
            datos = {k: v for k, v in fila.items() if v not in (None, "")}
            yield Linea(numero, _solicitud(numero, datos, huella))
        except ErrorNotificacion as exc:
            yield Linea(numero, None, exc)


def formato_de(nombre_archivo: str) -> str:
    minusculas = nombre_archivo.lower()
    if minusculas.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if minusculas.endswith(".csv"):
        return "csv"
    raise ErrorNotificacion(
        "formato_invalido", "El lote debe ser un archivo .jsonl o .csv.", "archivo"
    )


def do_crear_lote(
    oficial: Oficial | None, certificado_der: bytes, nombre_archivo: str, contenido: bytes
) -> Lote:
    """Register a batch for processing (checked for format and lines count, not yet issued)."""
    oficial = exigir_emisor(oficial)
    formato = formato_de(nombre_archivo)
    huella = almacen.sha256_de(contenido)
    total = sum(1 for _ in leer_lineas(contenido, formato, huella))
    if total == 0:
        raise ErrorNotificacion("lote_vacio", "El lote no tiene ninguna línea.", "archivo")
    almacen.guardar(contenido, "lotes")
    almacen.sincronizar([huella], "lotes")
    with transaction.atomic():
        lote = Lote.objects.create(
            emisor=oficial.rfc,
            subdelegacion=oficial.subdelegacion,
            nombre_archivo=nombre_archivo[:255],
            formato=formato,
            archivo_sha256=huella,
            certificado=certificado_der,
            total=total,
            estado=Lote.Estado.PENDIENTE,
            creado=timezone.now(),
        )
        transaction.on_commit(despertar)
    return lote


#: Who runs the background pass soon: `buzon.sistema` registers it in its `AppConfig.ready()`.
_al_pedir_pasada: Ganchos[[]] = Ganchos("al_pedir_pasada")


def al_pedir_pasada(callback: Callable[[], object]) -> None:
    """Register what `despertar` calls after a batch is stored (the Celery task or the thread)."""
    _al_pedir_pasada.registrar(callback)


def despertar() -> None:
    _al_pedir_pasada.llamar()


def _reclamar(ahora: datetime) -> Lote | None:
    with transaction.atomic():
        lote = (
            Lote.objects.select_for_update(skip_locked=True)
            .filter(
                Q(estado=Lote.Estado.PENDIENTE)
                | Q(estado=Lote.Estado.PROCESANDO, reclamado__lt=ahora - ABANDONO)
            )
            .order_by("creado", "id")
            .first()
        )
        if lote is None:
            return None
        lote.estado, lote.reclamado = Lote.Estado.PROCESANDO, ahora
        lote.save(update_fields=("estado", "reclamado"))
        return lote


def procesar(lote: Lote) -> Lote:
    """Issue a claimed batch from where it stopped, committing progress per chunk."""
    oficial = Oficial.objects.filter(rfc=lote.emisor).first()
    contenido = almacen.leer(lote.archivo_sha256, "lotes")
    pendientes = [
        linea
        for i, linea in enumerate(leer_lineas(contenido, lote.formato, lote.archivo_sha256))
        if i >= lote.procesadas
    ]
    for inicio in range(0, len(pendientes), CHUNK):
        chunk = pendientes[inicio : inicio + CHUNK]
        errores = [(x.numero, x.error) for x in chunk if x.error is not None]
        validas = [x for x in chunk if x.solicitud is not None]
        correctas = 0
        try:
            resultados = emitir_varias(
                exigir_emisor(oficial),
                bytes(lote.certificado),
                [x.solicitud for x in validas if x.solicitud is not None],
                lote_id=lote.pk,
            )
        except ErrorNotificacion as exc:  # the official or the certificate: every line fails
            errores += [(x.numero, exc) for x in validas]
        else:
            for linea, resultado in zip(validas, resultados, strict=True):
                if resultado.error is not None:
                    errores.append((linea.numero, resultado.error))
                else:
                    correctas += 1
        lote = _avanzar(lote.pk, len(chunk), correctas, errores)
    return _terminar(lote.pk)


def _avanzar(
    lote_id: int, procesadas: int, correctas: int, errores: list[tuple[int, ErrorNotificacion]]
) -> Lote:
    with transaction.atomic():
        lote = Lote.objects.select_for_update().get(pk=lote_id)
        lote.procesadas += procesadas
        lote.correctas += correctas
        espacio = MAXIMO_ERRORES - len(lote.errores)
        lote.errores = lote.errores + [
            {"linea": n, "error": e.codigo, "mensaje": e.mensaje, "campo": e.campo}
            for n, e in sorted(errores, key=lambda x: x[0])[: max(0, espacio)]
        ]
        lote.reclamado = timezone.now()
        lote.save(update_fields=("procesadas", "correctas", "errores", "reclamado"))
        return lote


def _terminar(lote_id: int) -> Lote:
    with transaction.atomic():
        lote = Lote.objects.select_for_update().get(pk=lote_id)
        lote.estado, lote.terminado = Lote.Estado.TERMINADO, timezone.now()
        lote.save(update_fields=("estado", "terminado"))
        return lote


def procesar_pendientes(ahora: datetime | None = None) -> int:
    """Process every batch waiting (or abandoned); returns how many batches were finished."""
    terminados = 0
    while (lote := _reclamar(ahora or timezone.now())) is not None:
        procesar(lote)
        terminados += 1
    return terminados
