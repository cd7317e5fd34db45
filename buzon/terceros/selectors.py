"""Reading authorisations. For the apps above (opinion, cuotas' emisiones, convenios):
`autorizado`, `exigir_autorizacion`, `publicacion_autorizada`, `publicadas`; for this app's faces:
`access_autorizacion`, `otorgadas`, `recibidas`, `estado_de`.

"In force at `en`" is read from stored instants only (signed at or before, not revoked by then,
`vence_en` after it), so an expiry needs no sweep and a past instant can be asked about [I-71].
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from buzon.terceros.errores import ErrorAutorizacion
from buzon.terceros.models import Alcance, Autorizacion

#: The Institute's RFC: the tercero of every `publicacion` authorisation (9.3) [I-70].
INSTITUTO = "IMS421231I45"

POR_FIRMAR = "por_firmar"
VIGENTE = "vigente"
REVOCADA = "revocada"
VENCIDA = "vencida"

#: The longest list a page or the API shows (the most recent first).
LIMITE_LISTA = 500

_QUE: dict[str, str] = {
    Alcance.OPINION: "su opinión de cumplimiento",
    Alcance.EMISIONES: "sus emisiones",
    Alcance.PUBLICACION: "la publicación de su opinión de cumplimiento",
}

#: Rows per query when many RFCs are asked about at once (well under SQLite's variable limit).
_BLOQUE = 500


def _rfc(valor: str) -> str:
    return valor.strip().upper()


def en_vigor(en: datetime) -> Q:
    """The rows in force at `en`: signed by then, not revoked by then, not past `vence_en`."""
    return (
        Q(firmada__isnull=False, firmada__lte=en)
        & (Q(revocada__isnull=True) | Q(revocada__gt=en))
        & (Q(vence_en__isnull=True) | Q(vence_en__gt=en))
    )


def estado_de(autorizacion: Autorizacion, en: datetime | None = None) -> str:
    momento = en or timezone.now()
    if autorizacion.firmada is None or autorizacion.firmada > momento:
        return POR_FIRMAR
    if autorizacion.revocada is not None and autorizacion.revocada <= momento:
        return REVOCADA
    if autorizacion.vence_en is not None and autorizacion.vence_en <= momento:
        return VENCIDA
    return VIGENTE


def autorizado(titular: str, tercero: str, alcance: str, *, en: datetime | None = None) -> bool:
    """Whether `titular` has authorised `tercero` for `alcance` at `en` (now by default)."""
    momento = en or timezone.now()
    return (
        Autorizacion.objects.filter(
            en_vigor(momento), titular=_rfc(titular), tercero=_rfc(tercero), alcance=alcance
        )
        .only("pk")
        .exists()
    )


def exigir_autorizacion(titular: str, tercero: str, alcance: str) -> None:
    """403 `no_autorizado` unless `titular` authorises `tercero` for `alcance` now."""
    if not autorizado(titular, tercero, alcance):
        que = _QUE.get(alcance, alcance)
        raise ErrorAutorizacion(
            "no_autorizado",
            f"El RFC {_rfc(titular)} no le ha autorizado a consultar {que}, o la autorización "
            "fue revocada o venció. Pida a su titular que le autorice en el Buzón IMSS "
            "(Autorizaciones a terceros).",
            "rfc",
        )


def publicacion_autorizada(titular: str) -> bool:
    """Whether `titular` authorises the Institute to publish its opinion now (9.3)."""
    return autorizado(titular, INSTITUTO, Alcance.PUBLICACION)


def publicadas(rfcs: Sequence[str]) -> set[str]:
    """Of `rfcs`, those whose holder authorises publication now: one query per 500 RFCs."""
    momento = timezone.now()
    buscados = sorted({_rfc(r) for r in rfcs})
    salida: set[str] = set()
    for inicio in range(0, len(buscados), _BLOQUE):
        salida.update(
            Autorizacion.objects.filter(
                en_vigor(momento),
                titular__in=buscados[inicio : inicio + _BLOQUE],
                tercero=INSTITUTO,
                alcance=Alcance.PUBLICACION,
            ).values_list("titular", flat=True)
        )
    return salida


def access_autorizacion(titular: str, autorizacion_id: int) -> Autorizacion:
    """The authorisation only if `titular` granted it; 404 otherwise (another's is
    indistinguishable from a missing one)."""
    fila = Autorizacion.objects.filter(pk=autorizacion_id, titular=_rfc(titular)).first()
    if fila is None:
        raise ErrorAutorizacion(
            "no_encontrada",
            "No existe esa autorización entre las que usted otorgó: revise el número.",
            "id",
        )
    return fila


def otorgadas(titular: str, alcance: str | None = None) -> QuerySet[Autorizacion]:
    """What `titular` granted, the most recent first."""
    filas = Autorizacion.objects.filter(titular=_rfc(titular)).defer(
        "firma_cms", "firma_revocacion_cms"
    )
    return filas.filter(alcance=alcance) if alcance else filas


def recibidas(tercero: str, *, todas: bool = False) -> QuerySet[Autorizacion]:
    """Who authorised `tercero` (signed grants only; in force now unless `todas`), the most
    recent first. The Institute's publication grants are not a third party's: never listed."""
    filas = (
        Autorizacion.objects.filter(tercero=_rfc(tercero), firmada__isnull=False)
        .exclude(alcance=Alcance.PUBLICACION)
        .defer("firma_cms", "firma_revocacion_cms")
    )
    return filas if todas else filas.filter(en_vigor(timezone.now()))


def vigente_de(titular: str, tercero: str, alcance: str) -> Autorizacion | None:
    """The grant in force now of `titular` to `tercero` for `alcance`, if any (the latest)."""
    return (
        Autorizacion.objects.filter(
            en_vigor(timezone.now()), titular=_rfc(titular), tercero=_rfc(tercero), alcance=alcance
        )
        .order_by("-firmada", "-id")
        .first()
    )


def por_firmar_de(titular: str, tercero: str, alcance: str) -> Autorizacion | None:
    """The latest grant of `titular` to `tercero` for `alcance` captured and not signed, whose
    `vence` (if any) has not passed."""
    ahora = timezone.now()
    return (
        Autorizacion.objects.filter(
            Q(vence_en__isnull=True) | Q(vence_en__gt=ahora),
            titular=_rfc(titular),
            tercero=_rfc(tercero),
            alcance=alcance,
            firmada__isnull=True,
        )
        .order_by("-creada", "-id")
        .first()
    )
