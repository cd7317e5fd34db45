"""Sealed checkpoints of the evidence log: size, Merkle root, last hash, optional RFC 3161 time."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.evidencia import merkle
from buzon.evidencia.bitacora import GENESIS, anotar, cabeza_bloqueada, instante_canonico
from buzon.evidencia.models import EntradaBitacora, PuntoDeControl
from buzon.evidencia.sello import sellador_activo


def cadena_punto(tamano: int, raiz: str, hash_final: str, instante: datetime) -> str:
    return (
        f"||BUZON-PUNTO-1|tamano={tamano}|raiz_merkle={raiz}|hash_final={hash_final}"
        f"|instante={instante_canonico(instante)}||"
    )


def do_punto_de_control() -> PuntoDeControl:
    """Seal the log as it stands; idempotent (the same size gives the same checkpoint).

    Holds the log's head lock while reading, so no entry can slip in between the size and the root.
    The checkpoint is itself recorded as the next log entry.
    """
    from buzon.evidencia.tiempo import solicitar_sello_de_tiempo

    sello = sellador_activo()
    with transaction.atomic():
        cabeza = cabeza_bloqueada()
        existente = PuntoDeControl.objects.filter(tamano=cabeza.secuencia).first()
        if existente is not None:
            return existente
        ultimo = PuntoDeControl.objects.order_by("-tamano").first()
        if ultimo is not None and ultimo.tamano == cabeza.secuencia - 1:
            # Only the previous checkpoint's own entry was added since: nothing new to seal.
            return ultimo
        hashes = [
            bytes.fromhex(h)
            for h in EntradaBitacora.objects.filter(secuencia__lte=cabeza.secuencia)
            .order_by("secuencia")
            .values_list("hash", flat=True)
            .iterator(chunk_size=10000)
        ]
        raiz = merkle.raiz(hashes).hex()
        final = hashes[-1].hex() if hashes else GENESIS
        ahora = timezone.now()
        cadena = cadena_punto(len(hashes), raiz, final, ahora)
        punto = PuntoDeControl.objects.create(
            tamano=len(hashes),
            raiz_merkle=raiz,
            hash_final=final,
            instante=ahora,
            cadena=cadena,
            sello=sello.sellar(cadena),
            certificado_sello_id=sello.numero,
            sello_de_tiempo=solicitar_sello_de_tiempo(cadena.encode("utf-8")),
        )
        anotar("punto_de_control", str(punto.tamano), {"raiz_merkle": raiz}, ahora)
        return punto
