"""Issuing acuses: every module calls `do_emitir_acuse` inside the transaction of its fact."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.evidencia import cadena
from buzon.evidencia.bitacora import Evento, anotar_varios
from buzon.evidencia.copia import insertar
from buzon.evidencia.folio import aleatorio, nuevo_folio
from buzon.evidencia.models import Acuse
from buzon.evidencia.sello import Sellador, sellador_activo
from buzon.evidencia.tipos import TIPOS
from buzon.legal.zonas import ZONA_CENTRO, zona


@dataclass(frozen=True)
class SolicitudAcuse:
    """The facts an acuse certifies."""

    tipo: str
    rfc: str
    documentos: Sequence[cadena.Documento] = ()
    datos: Mapping[str, cadena.Valor] = field(default_factory=dict)
    registro_patronal: str | None = None
    instante_legal: datetime | None = None
    zona_legal: str | None = None
    emitido: datetime | None = None


def _codigo() -> str:
    return aleatorio(12)


def preparar(solicitud: SolicitudAcuse, sello: Sellador, ahora: datetime) -> Acuse:
    """Build and seal an acuse (not saved): the cadena original and the sello over it."""
    if solicitud.tipo not in TIPOS:
        raise ValueError(f"Tipo de acuse desconocido: {solicitud.tipo!r}")
    emitido = (solicitud.emitido or ahora).astimezone(ZONA_CENTRO)
    folio = nuevo_folio(emitido.year)
    instante_legal = instante_legal_en_su_zona(solicitud.instante_legal, solicitud.zona_legal)
    cadena_original = cadena.construir(
        tipo=solicitud.tipo,
        folio=folio,
        rfc=solicitud.rfc,
        registro_patronal=solicitud.registro_patronal,
        emitido=emitido,
        instante_legal=instante_legal,
        zona_legal=solicitud.zona_legal,
        documentos=solicitud.documentos,
        datos=solicitud.datos,
    )
    return Acuse(
        folio=folio,
        tipo=solicitud.tipo,
        rfc=solicitud.rfc,
        registro_patronal=solicitud.registro_patronal or "",
        emitido=emitido,
        instante_legal=instante_legal,
        zona_legal=solicitud.zona_legal or "",
        documentos=[{"nombre": d.nombre, "sha256": d.sha256} for d in solicitud.documentos],
        datos={
            k: (list(v) if isinstance(v, list | tuple) else v) for k, v in solicitud.datos.items()
        },
        cadena_original=cadena_original,
        sello=sello.sellar(cadena_original),
        certificado_sello_id=sello.numero,
        codigo_verificacion=_codigo(),
    )


def instante_legal_en_su_zona(instante: datetime | None, zona_legal: str | None) -> datetime | None:
    """The legal instant as the cadena shows it: in its zone (5.8), else Zona Centro."""
    if instante is None:
        return None
    return instante.astimezone(zona(zona_legal) if zona_legal else ZONA_CENTRO)


def cadena_de(acuse: Acuse) -> str:
    """Rebuild an acuse's cadena original from its stored facts (verification)."""
    return cadena.construir(
        tipo=acuse.tipo,
        folio=acuse.folio,
        rfc=acuse.rfc,
        registro_patronal=acuse.registro_patronal or None,
        emitido=acuse.emitido.astimezone(ZONA_CENTRO),
        instante_legal=instante_legal_en_su_zona(acuse.instante_legal, acuse.zona_legal or None),
        zona_legal=acuse.zona_legal or None,
        documentos=[cadena.Documento(d["nombre"], d["sha256"]) for d in acuse.documentos],
        datos=acuse.datos,
    )


def _evento(acuse: Acuse) -> Evento:
    return Evento(
        "acuse_emitido",
        acuse.folio,
        {
            "tipo": acuse.tipo,
            "rfc": acuse.rfc,
            "cadena_sha256": cadena.sha256_texto(acuse.cadena_original),
            "certificado_sello": acuse.certificado_sello_id,
        },
        acuse.emitido,
    )


def do_emitir_acuses(solicitudes: Sequence[SolicitudAcuse], *, anotar: bool = True) -> list[Acuse]:
    """Seal and store acuses with their evidence-log entries, in one transaction.

    Bulk path: one seal lookup, one batched insert, one log append. A folio collision (55 random
    bits) retries the whole batch with new folios.

    `anotar=False`: the caller appends the log entries itself with `anotar_acuses(acuses)` as the
    last write of the same transaction. Appending locks the log's head until commit, which
    serialises every writer of the installation: a bulk path that still has rows to write after
    the acuses holds that lock only for its last statements instead of all of them.
    """
    sello = sellador_activo()
    for _intento in range(3):
        ahora = timezone.now()
        acuses = [preparar(s, sello, ahora) for s in solicitudes]
        try:
            with transaction.atomic():
                insertar(Acuse, acuses, "folio")
                if anotar:
                    anotar_acuses(acuses)
            return acuses
        except IntegrityError:
            continue  # the savepoint was rolled back; the caller's transaction is intact
    raise RuntimeError("No se pudo asignar un folio único al acuse tras tres intentos.")


def anotar_acuses(acuses: Sequence[Acuse]) -> None:
    """The evidence-log entries (`acuse_emitido`) of acuses stored with `anotar=False`, in the
    transaction that stored them (`anotar_varios` refuses to write outside a transaction)."""
    anotar_varios([_evento(a) for a in acuses])


def do_emitir_acuse(solicitud: SolicitudAcuse) -> Acuse:
    """Seal and store one acuse with its evidence-log entry (inside the caller's transaction)."""
    return do_emitir_acuses([solicitud])[0]
