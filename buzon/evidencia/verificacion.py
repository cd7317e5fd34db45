"""Recomputing the evidence log: the chain, the head, and every sealed checkpoint.

Reports the *first* problem found, naming the entry: edited (its hash no longer matches its
content), removed (a gap in the sequence, or a tail shorter than the head or a checkpoint says),
reordered (an entry does not follow the one before it), or a checkpoint whose seal, Merkle root or
timestamp does not match. Streams entries in chunks: constant memory but for the leaf hashes.

Writers keep appending while it runs (issue 19): everything is read in ONE snapshot, the head
first and the entries up to it (PostgreSQL: a REPEATABLE READ, READ ONLY transaction; SQLite: one
deferred read transaction, which in WAL mode sees the database as it was at its first read and
never blocks a writer). A fact committed after the snapshot is simply not part of this check.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from buzon.efirma import ErrorEfirma, leer_certificado
from buzon.evidencia import merkle
from buzon.evidencia.bitacora import GENESIS, calcular_hash
from buzon.evidencia.models import CabezaBitacora, CertificadoSello, EntradaBitacora, PuntoDeControl


@dataclass(frozen=True)
class Resultado:
    integra: bool
    entradas: int
    puntos_de_control: int
    problema: str | None = None
    secuencia: int | None = None


def _entradas(
    hasta: int | None,
) -> Iterator[tuple[int, object, str, str, dict[str, object], str, str]]:
    consulta = EntradaBitacora.objects.order_by("secuencia")
    if hasta is not None:
        consulta = consulta.filter(secuencia__lte=hasta)
    yield from consulta.values_list(
        "secuencia", "instante", "tipo", "sujeto", "datos", "hash_anterior", "hash"
    ).iterator(chunk_size=5000)


@contextmanager
def instantanea() -> Iterator[None]:
    """One consistent read of the whole database for the block (see the module's docstring).
    Inside a transaction already (a test's), that transaction is the snapshot."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")  # not Django's BEGIN IMMEDIATE: no write lock
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")  # it only read
        return
    with transaction.atomic():
        yield


def verificar_bitacora() -> Resultado:
    with instantanea():
        return _verificar()


def _verificar() -> Resultado:
    # The head first: the entries are checked up to it (in the snapshot, all there are).
    cabeza = CabezaBitacora.objects.filter(pk=1).first()
    hojas: list[bytes] = []
    anterior = GENESIS
    esperada = 1
    puntos_anotados: dict[int, tuple[int, str]] = {}  # tamaño -> (secuencia, raíz)
    acuses_anotados: dict[str, tuple[int, str]] = {}  # folio -> (secuencia, sha de la cadena)
    hasta = cabeza.secuencia if cabeza is not None else None
    for secuencia, instante, tipo, sujeto, datos, hash_anterior, guardado in _entradas(hasta):
        if secuencia != esperada:
            return Resultado(
                False,
                len(hojas),
                0,
                f"Falta la entrada {esperada}: fue eliminada (la siguiente es la {secuencia}).",
                esperada,
            )
        recalculado = calcular_hash(hash_anterior, secuencia, instante, tipo, sujeto, datos)  # type: ignore[arg-type]
        if recalculado != guardado:
            return Resultado(
                False,
                len(hojas),
                0,
                f"La entrada {secuencia} fue modificada: su contenido no corresponde a su hash.",
                secuencia,
            )
        if hash_anterior != anterior:
            return Resultado(
                False,
                len(hojas),
                0,
                f"La entrada {secuencia} no sigue a la {secuencia - 1}: la cadena fue reordenada "
                "o reescrita a partir de aquí.",
                secuencia,
            )
        hojas.append(bytes.fromhex(guardado))
        anterior = guardado
        esperada += 1
        if tipo == "punto_de_control":
            puntos_anotados[int(sujeto)] = (secuencia, str(datos.get("raiz_merkle", "")))
        elif tipo == "acuse_emitido":
            acuses_anotados[sujeto] = (secuencia, str(datos.get("cadena_sha256", "")))
    total = len(hojas)
    if cabeza is None and total:
        return Resultado(
            False,
            total,
            0,
            "Falta la cabeza de la bitácora: pudieron eliminarse entradas finales.",
            total + 1,
        )
    mas_alla = hasta is not None and EntradaBitacora.objects.filter(secuencia__gt=hasta).exists()
    if cabeza is not None and ((cabeza.secuencia, cabeza.hash) != (total, anterior) or mas_alla):
        if cabeza.secuencia > total:
            problema = (
                f"Faltan las entradas {total + 1} a {cabeza.secuencia}: "
                "fueron eliminadas del final."
            )
        else:
            problema = "La cabeza de la bitácora no coincide con su última entrada."
        return Resultado(False, total, 0, problema, total + 1)
    puntos = 0
    for punto in PuntoDeControl.objects.order_by("tamano"):
        falla = _revisar_punto(punto, hojas)
        if falla is not None:
            return Resultado(False, total, puntos, falla, punto.tamano)
        anotado = puntos_anotados.pop(punto.tamano, None)
        if anotado is None or anotado[1] != punto.raiz_merkle:
            return Resultado(
                False,
                total,
                puntos,
                f"El punto de control de {punto.tamano} entradas no corresponde a su anotación.",
                punto.tamano,
            )
        puntos += 1
    if puntos_anotados:
        tamano, (secuencia, _) = min(puntos_anotados.items())
        return Resultado(
            False,
            total,
            puntos,
            f"Falta el punto de control de {tamano} entradas anotado en la entrada {secuencia}: "
            "fue eliminado.",
            secuencia,
        )
    falla_acuses = _revisar_acuses(acuses_anotados)
    if falla_acuses is not None:
        return Resultado(False, total, puntos, falla_acuses[1], falla_acuses[0])
    return Resultado(True, total, puntos)


def _revisar_acuses(anotados: dict[str, tuple[int, str]]) -> tuple[int, str] | None:
    """Every acuse has its log entry with the hash of its cadena, and every entry its acuse."""
    from buzon.evidencia.cadena import sha256_texto
    from buzon.evidencia.models import Acuse

    pendientes = dict(anotados)
    for folio, cadena in (
        Acuse.objects.order_by("id")
        .values_list("folio", "cadena_original")
        .iterator(chunk_size=5000)
    ):
        anotado = pendientes.pop(folio, None)
        if anotado is None:
            return 0, f"El acuse {folio} no tiene su anotación en la bitácora."
        if anotado[1] != sha256_texto(cadena):
            return anotado[0], f"La cadena del acuse {folio} fue modificada (entrada {anotado[0]})."
    if pendientes:
        folio, (secuencia, _) = min(pendientes.items(), key=lambda x: x[1][0])
        return secuencia, f"El acuse {folio}, anotado en la entrada {secuencia}, fue eliminado."
    return None


def _revisar_punto(punto: PuntoDeControl, hojas: list[bytes]) -> str | None:
    from buzon.evidencia.puntos import cadena_punto

    if punto.tamano > len(hojas):
        return (
            f"El punto de control de {punto.tamano} entradas no se cumple: la bitácora tiene "
            f"{len(hojas)}; se eliminaron entradas del final."
        )
    raiz = merkle.raiz(hojas[: punto.tamano]).hex()
    final = hojas[punto.tamano - 1].hex() if punto.tamano else GENESIS
    if (raiz, final) != (punto.raiz_merkle, punto.hash_final):
        return (
            f"Las primeras {punto.tamano} entradas no son las que selló el punto de control: "
            "la bitácora fue reescrita antes de la entrada " + str(punto.tamano) + "."
        )
    cadena = cadena_punto(punto.tamano, punto.raiz_merkle, punto.hash_final, punto.instante)
    if cadena != punto.cadena:
        return f"La cadena del punto de control de {punto.tamano} entradas fue alterada."
    fila = CertificadoSello.objects.filter(numero=punto.certificado_sello_id).first()
    try:
        certificado = leer_certificado(bytes(fila.certificado_der)) if fila else None
    except ErrorEfirma:
        certificado = None
    try:
        firma = base64.b64decode(punto.sello, validate=True)
    except (binascii.Error, ValueError):
        firma = b""
    if certificado is None or not certificado.verificar(firma, cadena.encode("utf-8")):
        return f"El sello del punto de control de {punto.tamano} entradas no es válido."
    if punto.sello_de_tiempo:
        from buzon.evidencia.tiempo import verificar_sello_de_tiempo

        problema = verificar_sello_de_tiempo(bytes(punto.sello_de_tiempo), cadena.encode("utf-8"))
        if problema:
            return f"Punto de control de {punto.tamano} entradas: {problema}"
    return None
