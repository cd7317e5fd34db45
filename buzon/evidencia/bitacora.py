"""Appending to the evidence log. Call inside the transaction that makes the fact true.

Each entry's hash covers the previous entry's hash and the entry's canonical bytes, so editing,
removing or reordering any entry breaks the chain (`verificacion.verificar_bitacora`). Writers lock
the single `CabezaBitacora` row (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
serialises writers anyway), so two appends never take the same place and the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from buzon.evidencia.copia import insertar
from buzon.evidencia.models import CabezaBitacora, EntradaBitacora

GENESIS = "0" * 64

#: The legal events the log records (a closed list: a typo must not create a new kind).
TIPOS = frozenset(
    {
        "acuse_emitido",
        "aviso_enviado",
        "documento_abierto",
        "notificacion_por_vencimiento",
        "notificacion_emitida",
        "notificacion_cancelada",
        "notificacion_recalculada",
        "notificacion_via_personal",
        "citatorio_dejado",
        "diligencia_registrada",
        "notificacion_reencaminada",
        "documento_depurado",
        "calendario_modificado",
        "catalogo_disponibilidad",
        "sello_rotado",
        "punto_de_control",
        "emisiones_publicadas",
        "creditos_importados",
        "convenio_registrado",
        "convenio_revocado",
        "norma_agregada",
        "programa_fiscalizacion",
        "acto_fiscalizacion",
        "plazo_requerimiento_registrado",
        "reportes_cotizacion_generados",
        "documento_publicado",
        "documento_retirado",
    }
)


class ErrorBitacora(ValueError):
    pass


@dataclass(frozen=True)
class Evento:
    tipo: str
    sujeto: str
    datos: Mapping[str, Any] = field(default_factory=dict)
    instante: datetime | None = None


def _revisar(valor: Any, ruta: str) -> None:
    """Only JSON values that survive every database unchanged: no floats."""
    if isinstance(valor, bool | int | str) or valor is None:
        return
    if isinstance(valor, list):
        for i, v in enumerate(valor):
            _revisar(v, f"{ruta}[{i}]")
        return
    if isinstance(valor, dict):
        for k, v in valor.items():
            if not isinstance(k, str):
                raise ErrorBitacora(f"{ruta}: las claves deben ser texto")
            _revisar(v, f"{ruta}.{k}")
        return
    raise ErrorBitacora(f"{ruta}: tipo no admitido en la bitácora ({type(valor).__name__})")


def instante_canonico(instante: datetime) -> str:
    return instante.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonico(
    secuencia: int, instante: datetime, tipo: str, sujeto: str, datos: Mapping[str, Any]
) -> bytes:
    return json.dumps(
        [secuencia, instante_canonico(instante), tipo, sujeto, datos],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def calcular_hash(
    hash_anterior: str,
    secuencia: int,
    instante: datetime,
    tipo: str,
    sujeto: str,
    datos: Mapping[str, Any],
) -> str:
    return hashlib.sha256(
        bytes.fromhex(hash_anterior) + canonico(secuencia, instante, tipo, sujeto, datos)
    ).hexdigest()


def _cabeza() -> CabezaBitacora | None:
    """The head row, locked for this transaction, or None. Written out: every acuse of the
    installation passes here, and the ORM's compilation of this one-row lookup cost more than
    PostgreSQL's answer to it."""
    tabla = connection.ops.quote_name(CabezaBitacora._meta.db_table)
    bloqueo = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secuencia, hash FROM {tabla} WHERE id = 1{bloqueo}")  # noqa: S608
        fila = cursor.fetchone()
    return None if fila is None else CabezaBitacora(id=1, secuencia=int(fila[0]), hash=str(fila[1]))


def cabeza_bloqueada() -> CabezaBitacora:
    """The head row, locked for this transaction; created on an empty log (migration 0002 creates
    it too, but a test flush or a restore may not). A missing head over existing entries is an
    integrity failure: nothing is appended until an operator investigates."""
    cabeza = _cabeza()
    if cabeza is not None:
        return cabeza
    if EntradaBitacora.objects.exists():
        # A concurrent first writer commits its head together with its first entry: an entry
        # seen now means its head is visible to a new statement too. Only a head still missing
        # over entries is the integrity fault (reading the head before the entries left a window
        # in which that writer committed both, and a healthy log was called broken).
        cabeza = _cabeza()
        if cabeza is not None:
            return cabeza
        raise ErrorBitacora(
            "Falta la cabeza de la bitácora aunque hay entradas: no se agrega nada. "
            "Ejecute «buzon evidencia verificar» y revise la base de datos."
        )
    CabezaBitacora.objects.get_or_create(pk=1, defaults={"secuencia": 0, "hash": GENESIS})
    cabeza = _cabeza()
    assert cabeza is not None  # just created, or created by a concurrent writer and waited for
    return cabeza


def anotar_varios(eventos: Sequence[Evento]) -> list[EntradaBitacora]:
    """Append events in order, in the caller's transaction (one lock, one batched insert)."""
    if not transaction.get_connection().in_atomic_block:
        raise ErrorBitacora("La bitácora se escribe dentro de la transacción del hecho.")
    for evento in eventos:
        if evento.tipo not in TIPOS:
            raise ErrorBitacora(f"Tipo de evento desconocido: {evento.tipo!r}")
        _revisar(dict(evento.datos), "datos")
    cabeza = cabeza_bloqueada()
    ahora = timezone.now()
    entradas = []
    secuencia, anterior = cabeza.secuencia, cabeza.hash
    for evento in eventos:
        secuencia += 1
        instante = evento.instante or ahora
        datos = dict(evento.datos)
        actual = calcular_hash(anterior, secuencia, instante, evento.tipo, evento.sujeto, datos)
        entradas.append(
            EntradaBitacora(
                secuencia=secuencia,
                instante=instante,
                tipo=evento.tipo,
                sujeto=evento.sujeto,
                datos=datos,
                hash_anterior=anterior,
                hash=actual,
            )
        )
        anterior = actual
    insertar(EntradaBitacora, entradas, "secuencia")
    tabla = connection.ops.quote_name(CabezaBitacora._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {tabla} SET secuencia = %s, hash = %s WHERE id = 1",  # noqa: S608
            [secuencia, anterior],
        )
    return entradas


def anotar(
    tipo: str, sujeto: str, datos: Mapping[str, Any] | None = None, instante: datetime | None = None
) -> EntradaBitacora:
    """Append one event (see `anotar_varios`)."""
    return anotar_varios([Evento(tipo, sujeto, datos or {}, instante)])[0]
