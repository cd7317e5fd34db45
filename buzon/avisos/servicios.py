"""Writing to the outbox: `do_encolar`, inside the transaction of the fact that causes the message.

After that transaction commits, delivery is woken (`despertar_entrega`, what `buzon.sistema`
registered): a Celery task when `BUZON_BROKER_URL` is set, otherwise the in-process delivery
thread of `buzon servir` (if this process runs one; if not, the next periodic pass or
`buzon avisos entregar` sends it).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.avisos import insercion
from buzon.avisos.models import Mensaje
from buzon.avisos.validacion import (
    ErrorAviso,
    exigir_sin_enlaces,
    normalizar_celular,
    normalizar_correo,
)
from buzon.comun.ganchos import Ganchos

registro = logging.getLogger(__name__)


class ErrorTransaccion(RuntimeError):
    """`do_encolar` outside a transaction: the message could outlive a rolled-back fact."""


#: How `json.dumps(…, ensure_ascii=False)` writes one string (the C function it uses).
_CADENA_JSON = json.encoder.encode_basestring


def huella(canal: str, destino: str, asunto: str, cuerpo: str) -> str:
    """SHA-256 of `json.dumps([canal, destino, asunto, cuerpo], ensure_ascii=False,
    separators=(",", ":"))`: the same bytes (a Hypothesis test compares them), written without
    the encoder built on every call, which was most of a million-message batch's hashing."""
    datos = "[" + ",".join(map(_CADENA_JSON, (canal, destino, asunto, cuerpo))) + "]"
    return hashlib.sha256(datos.encode("utf-8")).hexdigest()


def _validar(
    canal: str,
    destino: str,
    asunto: str,
    cuerpo: str,
    clave: str,
    revisados: set[str] | None = None,
) -> tuple[str, str]:
    """The normalised (canal, destino); raises `ErrorAviso`. `revisados`: lines already found
    free of links in this batch (a comunicado's one body for a million recipients is read once,
    and the lines a million reports share too: `validacion.exigir_sin_enlaces`)."""
    if canal == Mensaje.Canal.CORREO:
        destino = normalizar_correo(destino)
        if not asunto.strip():
            raise ErrorAviso("Un correo necesita asunto.", "asunto")
    elif canal == Mensaje.Canal.SMS:
        destino = normalizar_celular(destino)
        if asunto:
            raise ErrorAviso("Un SMS no lleva asunto: deje el asunto vacío.", "asunto")
    else:
        raise ErrorAviso(f"Canal desconocido «{canal}»: use «correo» o «sms».", "canal")
    if len(asunto) > 200 or "\n" in asunto or "\r" in asunto:
        raise ErrorAviso("El asunto debe ser una sola línea de hasta 200 caracteres.", "asunto")
    if not cuerpo.strip():
        raise ErrorAviso("El mensaje está vacío.", "cuerpo")
    if not clave.strip() or len(clave) > 200:
        raise ErrorAviso("La clave de idempotencia es obligatoria (hasta 200 caracteres).", "clave")
    exigir_sin_enlaces(asunto, "asunto", revisados)
    exigir_sin_enlaces(cuerpo, "cuerpo", revisados)
    return canal, destino


def do_encolar(
    canal: str,
    destino: str,
    asunto: str,
    cuerpo: str,
    clave: str,
    no_antes: datetime | None = None,
) -> Mensaje:
    """Put a message in the outbox, in the caller's transaction (raises `ErrorTransaccion` outside
    one). `no_antes`: the message is not sent before that instant (an SMS held by the quiet
    hours, `legal.horas_silencio`); by default it is due now. The same `clave` with the same
    content returns the same message; with other content it
    raises `ErrorAviso` (campo "clave"). Refuses bad destinations and any link (`ErrorAviso`)."""
    if not transaction.get_connection().in_atomic_block:
        raise ErrorTransaccion(
            "do_encolar se llama dentro de la transacción del hecho que causa el mensaje "
            "(transaction.atomic), para que un hecho revertido no envíe nada."
        )
    canal, destino = _validar(canal, destino, asunto, cuerpo, clave)
    firma = huella(canal, destino, asunto, cuerpo)
    existente = Mensaje.objects.filter(clave=clave).first()
    if existente is None:
        ahora = timezone.now()
        try:
            with transaction.atomic():  # savepoint: a concurrent twin makes this one fail alone
                existente = Mensaje.objects.create(
                    canal=canal,
                    destino=destino,
                    asunto=asunto,
                    cuerpo=cuerpo,
                    clave=clave,
                    huella=firma,
                    proximo_intento=max(ahora, no_antes) if no_antes else ahora,
                    creado=ahora,
                    actualizado=ahora,
                )
        except IntegrityError:
            existente = Mensaje.objects.get(clave=clave)
        else:
            transaction.on_commit(despertar_entrega)
            return existente
    if existente.huella != firma:
        raise _conflicto(clave)
    return existente


@dataclass(frozen=True)
class Pedido:
    """One message to put in the outbox (see `do_encolar`)."""

    canal: str
    destino: str
    asunto: str
    cuerpo: str
    clave: str
    #: Not sent before this instant (quiet hours for SMS); None: due at `ahora`.
    no_antes: datetime | None = None


def do_encolar_varios(
    pedidos: Sequence[Pedido], ahora: datetime | None = None, *, nuevas: bool = False
) -> int:
    """`do_encolar` for many messages at once (bulk paths: avisos of a chunk of notifications):
    the same checks, then on PostgreSQL one COPY into a temporary table and one
    `INSERT … ON CONFLICT DO NOTHING` (`insercion`), elsewhere one read of the keys already used
    and one batched insert. Returns how many were new. A key already used with other content
    raises `ErrorAviso` and nothing is queued (the caller's transaction rolls back with it).
    `ahora`: the instant of the fact that causes them (a dispatch at a past instant queues
    messages due since then). `nuevas`: the caller has just made every key in this transaction
    (the monthly report's `rpc-<periodo>-<nss>`, written with the report row whose unique key
    it follows), so on PostgreSQL the rows are copied straight into the outbox; should a key
    exist after all, the checked path runs instead, with the same result."""
    if not transaction.get_connection().in_atomic_block:
        raise ErrorTransaccion(
            "do_encolar_varios se llama dentro de la transacción del hecho que causa los mensajes."
        )
    ahora = ahora or timezone.now()
    # Plain tuples (the columns of `insercion.COLUMNAS`): a model instance per message was a
    # visible share of a million-message batch, and COPY reads only these values.
    nuevos: dict[str, insercion.Fila] = {}
    revisados: set[str] = set()
    for p in pedidos:
        canal, destino = _validar(p.canal, p.destino, p.asunto, p.cuerpo, p.clave, revisados)
        firma = huella(canal, destino, p.asunto, p.cuerpo)
        previo = nuevos.get(p.clave)
        if previo is not None and previo[5] != firma:
            raise _conflicto(p.clave)
        proximo = max(ahora, p.no_antes) if p.no_antes else ahora
        nuevos[p.clave] = (canal, destino, p.asunto, p.cuerpo, p.clave, firma, proximo)
    if not nuevos:
        return 0
    if insercion.disponible():
        filas = list(nuevos.values())
        directas = insercion.copiar_nuevas(filas, ahora) if nuevas else None
        if directas is not None:
            cuantos = directas
        else:
            conflicto, cuantos = insercion.copiar(filas, ahora)
            if conflicto is not None:
                raise _conflicto(conflicto)
    else:
        cuantos = _insertar_orm(nuevos, ahora)
    if cuantos:
        transaction.on_commit(despertar_entrega)
    return cuantos


def _insertar_orm(nuevos: dict[str, insercion.Fila], ahora: datetime) -> int:
    """SQLite (the embedded default): one read of the keys already used, one batched insert."""
    for clave, firma in Mensaje.objects.filter(clave__in=list(nuevos)).values_list(
        "clave", "huella"
    ):
        if nuevos[clave][5] != firma:
            raise _conflicto(clave)
        del nuevos[clave]
    Mensaje.objects.bulk_create(
        [
            Mensaje(
                **dict(zip(insercion.COLUMNAS, fila, strict=True)), creado=ahora, actualizado=ahora
            )
            for fila in nuevos.values()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(nuevos)


def _conflicto(clave: str) -> ErrorAviso:
    return ErrorAviso(
        f"La clave de idempotencia «{clave}» ya se usó para otro mensaje con contenido "
        "distinto; use una clave nueva para un mensaje nuevo.",
        "clave",
    )


#: Who delivers: `buzon.sistema` registers, in its `AppConfig.ready()`, the Celery task when a
#: broker is configured, else this process's delivery thread.
_al_despertar: Ganchos[[]] = Ganchos("al_despertar_entrega")


def al_despertar_entrega(callback: Callable[[], object]) -> None:
    """Register what `despertar_entrega` wakes."""
    _al_despertar.registrar(callback)


def despertar_entrega() -> None:
    """Ask for delivery now (after commit). Never raises: the periodic pass is the backstop."""
    try:
        _al_despertar.llamar()
    except Exception:  # the message is safely stored; a later pass delivers it
        registro.exception("No se pudo despertar la entrega de avisos; se entregará después.")
