"""Issuing opiniones de cumplimiento (CFF 32-D; relación 9.2–9.4): one or many, each with its acuse
and its consultation record, in one transaction.

The bulk path is set-based: three reads for the data (`datos.insumos`), one pure decision per RFC
(`legal.opinion.evaluar`), one call sealing and storing every acuse (`evidencia.servicios.
do_emitir_acuses`), one batched insert for the opiniones and one for the consultas, and the
evidence log last (`anotar_acuses`): appending locks the log's head until commit, so it is the
last write and concurrent consultations run side by side until then. The seal (one RSA signature
per acuse) is the only per-opinión cost that matters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buzon.comun.errores import ErrorBuzon, desde_legal
from buzon.evidencia.copia import insertar
from buzon.evidencia.servicios import SolicitudAcuse, anotar_acuses, do_emitir_acuses
from buzon.evidencia.tipos import TipoAcuse
from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import Dictamen, evaluar
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.opinion.consultante import Consultante, ip_enmascarada, ip_huella
from buzon.opinion.datos import insumos
from buzon.opinion.models import Consulta, Opinion
from buzon.padron.selectors import patron_de
from buzon.terceros.selectors import exigir_autorizacion, publicacion_autorizada

#: The most RFCs one call issues (the agencies' bulk endpoint sends up to 1,000).
MAXIMO_POR_LLAMADA = 1000
LARGO_MOTIVO = 300


def dias_de_vigencia() -> int:
    return max(0, int(getattr(settings, "BUZON_OPINION_VIGENCIA_DIAS", 0)))


def vigente_hasta(emitida: datetime, dias: int | None = None) -> date:
    """The last day (Zona Centro) an opinión issued at `emitida` is in force: the day of issue,
    extended by BUZON_OPINION_VIGENCIA_DIAS natural days [I-76]."""
    return emitida.astimezone(ZONA_CENTRO).date() + timedelta(
        days=dias_de_vigencia() if dias is None else dias
    )


def texto_vigencia(emitida: datetime, hasta: date) -> str:
    from buzon.legal.formato import fecha_legible

    dia = emitida.astimezone(ZONA_CENTRO).date()
    if hasta == dia:
        return f"Vigente únicamente el día de su emisión, {fecha_legible(dia)}."
    return (
        f"Vigente del {fecha_legible(dia)} al {fecha_legible(hasta)} "
        f"({(hasta - dia).days} días naturales después del de su emisión)."
    )


def _rfcs(rfcs: Sequence[str]) -> list[str]:
    if not rfcs:
        raise ErrorBuzon("rfcs_vacio", "Indique al menos un RFC.", "rfcs")
    if len(rfcs) > MAXIMO_POR_LLAMADA:
        raise ErrorBuzon(
            "demasiados_rfcs",
            f"Se pueden consultar hasta {MAXIMO_POR_LLAMADA} RFC por solicitud y envió "
            f"{len(rfcs)}: divida la lista.",
            "rfcs",
        )
    normales = []
    for i, rfc in enumerate(rfcs):
        try:
            normales.append(normalizar_rfc(str(rfc), f"rfcs[{i}]" if len(rfcs) > 1 else "rfc"))
        except ErrorLegal as exc:
            raise desde_legal("rfc_invalido", exc) from exc
    return normales


def _motivo(consultante: Consultante) -> str:
    motivo = consultante.motivo.strip()
    if len(motivo) > LARGO_MOTIVO:
        raise ErrorBuzon(
            "motivo_largo",
            f"El motivo de la consulta admite hasta {LARGO_MOTIVO} caracteres y tiene "
            f"{len(motivo)}: resúmalo.",
            "motivo",
        )
    return motivo


def _solicitud(rfc: str, dictamen: Dictamen, ahora: datetime, hasta: date) -> SolicitudAcuse:
    return SolicitudAcuse(
        tipo=TipoAcuse.OPINION_CUMPLIMIENTO,
        rfc=rfc,
        datos={
            "sentido": dictamen.sentido,
            "motivos": list(dictamen.motivos),
            "vigente_hasta": hasta.isoformat(),
        },
        emitido=ahora,
    )


def do_emitir_opiniones(rfcs: Sequence[str], *, consultante: Consultante) -> list[Opinion]:
    """One fresh opinión per RFC of `rfcs` (in order; a repeated RFC gets one per mention), each
    sealed as an acuse, logged in the evidence log and recorded as a consultation by
    `consultante`. One transaction; inside a caller's, no savepoint of its own (a failure rolls
    back the caller's transaction: every caller lets it)."""
    normales = _rfcs(rfcs)
    motivo = _motivo(consultante)
    with transaction.atomic(savepoint=False):
        ahora = timezone.now()
        hasta = vigente_hasta(ahora)
        datos = insumos(normales, ahora.astimezone(ZONA_CENTRO).date())
        dictamenes = [evaluar(*datos[rfc]) for rfc in normales]
        acuses = do_emitir_acuses(
            [_solicitud(r, d, ahora, hasta) for r, d in zip(normales, dictamenes, strict=True)],
            anotar=False,
        )
        tercero = (consultante.rfc or "") if consultante.tipo == "tercero" else ""
        opiniones = [
            Opinion(
                folio=a.folio,
                rfc=a.rfc,
                sentido=d.sentido,
                motivos=list(d.motivos),
                emitida=a.emitido,
                vigente_hasta=hasta,
                acuse=a,
                consultante_tipo=consultante.tipo,
                consultante_rfc=tercero,
            )
            for a, d in zip(acuses, dictamenes, strict=True)
        ]
        insertar(Opinion, opiniones, "folio")
        enmascarada, huella = ip_enmascarada(consultante.ip), ip_huella(consultante.ip)
        quien = consultante.rfc or ""
        consultas = [
            Consulta(
                rfc=o.rfc,
                instante=o.emitida,
                tipo=consultante.tipo,
                consultante_rfc=quien,
                convenio=consultante.convenio,
                motivo=motivo,
                ip_enmascarada=enmascarada,
                ip_huella=huella,
                opinion=o,
            )
            for o in opiniones
        ]
        insertar(Consulta, consultas, "opinion_id")
        anotar_acuses(acuses)
    return opiniones


def do_emitir_opinion(rfc: str, *, consultante: Consultante) -> Opinion:
    """A fresh opinión of `rfc` for `consultante` (see `do_emitir_opiniones`)."""
    return do_emitir_opiniones([rfc], consultante=consultante)[0]


NO_PUBLICA = (
    "No hay una opinión pública para ese RFC: no está registrado como patrón o su titular no ha "
    "autorizado publicar su opinión de cumplimiento. Revise el RFC o pida la opinión a su titular."
)


def do_emitir_opinion_de_tercero(
    titular: str, tercero: str, *, motivo: str = "", ip: str | None = None
) -> Opinion:
    """Relación 9.2: a fresh opinión of `titular` for the third party `tercero` (the session's
    RFC), only while `titular` authorises it (403 `no_autorizado` otherwise)."""
    try:
        titular = normalizar_rfc(titular)
    except ErrorLegal as exc:
        raise desde_legal("rfc_invalido", exc) from exc
    exigir_autorizacion(titular, tercero, "opinion")
    consultante = Consultante("tercero", rfc=tercero, motivo=motivo, ip=ip)
    return do_emitir_opinion(titular, consultante=consultante)


def do_emitir_opinion_publica(rfc: str, *, ip: str | None = None) -> Opinion:
    """Relación 9.3: a fresh opinión of `rfc` for anyone, only when its holder authorised the
    Institute to publish it and the padrón knows it; otherwise 404 with one message (an
    unpublished opinión is indistinguishable from an RFC not registered)."""
    try:
        rfc = normalizar_rfc(rfc)
    except ErrorLegal as exc:
        raise desde_legal("rfc_invalido", exc) from exc
    if not publicacion_autorizada(rfc) or patron_de(rfc) is None:
        raise ErrorBuzon("no_encontrado", NO_PUBLICA, "rfc", 404)
    return do_emitir_opinion(rfc, consultante=Consultante("publico", ip=ip))
