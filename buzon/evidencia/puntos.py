"""Sealed checkpoints of the evidence log: size, Merkle root, last hash, optional RFC 3161 time."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
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

    Only reading the head's size takes its lock: entries up to that size can no longer change, so
    the Merkle root, the seal and the TSA's answer are computed without blocking writers. The
    checkpoint is then recorded, with its own log entry, in one short transaction.
    """
    from buzon.evidencia.tiempo import solicitar_sello_de_tiempo

    sello = sellador_activo()
    with transaction.atomic():
        tamano = cabeza_bloqueada().secuencia
    existente = PuntoDeControl.objects.filter(tamano__gte=tamano - 1).order_by("-tamano").first()
    if existente is not None and existente.tamano in (tamano, tamano - 1):
        # Nothing new, or only the previous checkpoint's own entry, since it was sealed.
        return existente
    hashes = [
        bytes.fromhex(h)
        for h in EntradaBitacora.objects.filter(secuencia__lte=tamano)
        .order_by("secuencia")
        .values_list("hash", flat=True)
        .iterator(chunk_size=10000)
    ]
    raiz = merkle.raiz(hashes).hex()
    final = hashes[-1].hex() if hashes else GENESIS
    ahora = timezone.now()
    cadena = cadena_punto(len(hashes), raiz, final, ahora)
    sello_de_tiempo = solicitar_sello_de_tiempo(cadena.encode("utf-8"))
    try:
        with transaction.atomic():
            punto = PuntoDeControl.objects.create(
                tamano=len(hashes),
                raiz_merkle=raiz,
                hash_final=final,
                instante=ahora,
                cadena=cadena,
                sello=sello.sellar(cadena),
                certificado_sello_id=sello.numero,
                sello_de_tiempo=sello_de_tiempo,
            )
            anotar("punto_de_control", str(punto.tamano), {"raiz_merkle": raiz}, ahora)
    except IntegrityError:
        # Another process sealed the same size meanwhile: that checkpoint is this one.
        return PuntoDeControl.objects.get(tamano=len(hashes))
    return punto
