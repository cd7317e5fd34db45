"""Reading mailboxes: the derived state, the contact means in force, who is late (Transitorio)."""

from __future__ import annotations

from datetime import date, datetime
from importlib import resources
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone

from buzon.habilitacion.models import Buzon, Medio, TerminosCondiciones
from buzon.legal import plazos

if TYPE_CHECKING:
    from buzon.padron.models import Patron

SIN_MEDIOS = "sin_medios"
POR_CONFIRMAR = "por_confirmar"
POR_ACEPTAR_TERMINOS = "por_aceptar_terminos"
HABILITADO = "habilitado"


def estado_medio(medio: Medio, ahora: datetime) -> str:
    """5.2: a medio still unconfirmed at its 72-hour mark is cancelled, sweep or no sweep."""
    if medio.estado == Medio.Estado.POR_CONFIRMAR and ahora >= medio.expira:
        return Medio.Estado.CANCELADO
    return str(medio.estado)


def medios_vigentes(buzon: Buzon, ahora: datetime, registro_patronal: str = "") -> list[Medio]:
    return [
        m
        for m in buzon.medios.filter(registro_patronal=registro_patronal).order_by("tipo", "id")
        if estado_medio(m, ahora) != Medio.Estado.CANCELADO
    ]


def medios_completos(medios: list[Medio], ahora: datetime) -> bool:
    """5.6: at least one confirmed email and the confirmed mobile."""
    confirmados = {m.tipo for m in medios if estado_medio(m, ahora) == Medio.Estado.CONFIRMADO}
    return {Medio.Tipo.CORREO, Medio.Tipo.CELULAR} <= confirmados


def estado_de(buzon: Buzon, ahora: datetime) -> str:
    medios = medios_vigentes(buzon, ahora)
    if not medios:
        return SIN_MEDIOS
    if not medios_completos(medios, ahora):
        return POR_CONFIRMAR
    if buzon.terminos_aceptados_en is not None or buzon.habilitado_2020_en is not None:
        return HABILITADO
    return POR_ACEPTAR_TERMINOS


def estado_por_rfc(rfc: str, ahora: datetime) -> str | None:
    """`estado_de(buzon_de(rfc), ahora)`, in one query when the mailbox has RFC-level medios (the
    mailbox joined to them); a second one tells a mailbox without them from no mailbox at all.
    None when the RFC has no mailbox."""
    filas = list(
        Buzon.objects.filter(rfc=rfc, medios__registro_patronal="")
        .order_by()
        .values_list(
            "terminos_aceptados_en",
            "habilitado_2020_en",
            "medios__tipo",
            "medios__estado",
            "medios__expira",
        )
    )
    if not filas:
        return SIN_MEDIOS if Buzon.objects.filter(rfc=rfc).exists() else None
    terminos, habilitado_2020 = filas[0][0], filas[0][1]
    vigentes = [
        (tipo, estado)
        for _, _, tipo, estado, expira in filas
        if estado != Medio.Estado.CANCELADO
        and not (estado == Medio.Estado.POR_CONFIRMAR and ahora >= expira)
    ]
    if not vigentes:
        return SIN_MEDIOS
    confirmados = {tipo for tipo, estado in vigentes if estado == Medio.Estado.CONFIRMADO}
    if not {Medio.Tipo.CORREO, Medio.Tipo.CELULAR} <= confirmados:
        return POR_CONFIRMAR
    if terminos is not None or habilitado_2020 is not None:
        return HABILITADO
    return POR_ACEPTAR_TERMINOS


def buzon_de(rfc: str) -> Buzon | None:
    return Buzon.objects.filter(rfc=rfc).first()


def terminos_vigentes() -> TerminosCondiciones:
    """The version in force: the latest published, else the base text shipped with the system
    (migration 0002 loads it; a database restored or flushed without it gets it here)."""
    vigentes = (
        TerminosCondiciones.objects.filter(vigente_desde__lte=timezone.now())
        .order_by("-vigente_desde")
        .first()
    )
    if vigentes is not None:
        return vigentes
    texto = resources.files("buzon.habilitacion").joinpath("datos", "terminos-v1.txt")
    base, _ = TerminosCondiciones.objects.get_or_create(
        version="1",
        defaults={"texto": texto.read_text(encoding="utf-8"), "vigente_desde": timezone.now()},
    )
    return base


def entrada_en_vigor() -> date:
    return date.fromisoformat(str(settings.BUZON_ENTRADA_EN_VIGOR))


def no_habilitados_en_plazo(ahora: datetime) -> QuerySet[Patron]:
    """Transitorio Primero, 7.8: employers of the register who had not enabled their mailbox
    (terms signed, or enabled under the 2020 guidelines) before the end of the 180 days. Empty
    before that instant. One set-based query; stream it with .iterator()."""
    from buzon.calendario.selectors import calendario_para
    from buzon.padron.models import Patron

    limite = plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())  # [I-30]
    if ahora < limite:
        return Patron.objects.none()
    a_tiempo = Buzon.objects.filter(
        Q(terminos_aceptados_en__lt=limite) | Q(habilitado_2020_en__lt=limite)
    ).values("rfc")
    return Patron.objects.exclude(rfc__in=Subquery(a_tiempo)).order_by("rfc")


def estados_de(rfcs: list[str], ahora: datetime) -> dict[str, tuple[Buzon, str]]:
    """`estado_de` for many RFCs in two queries (bulk issuing): {rfc: (buzon, estado)}; RFCs
    without a mailbox are absent. Only RFC-level medios count for the mailbox's state (5.6)."""
    buzones = {b.pk: b for b in Buzon.objects.filter(rfc__in=rfcs)}
    medios: dict[int, list[Medio]] = {pk: [] for pk in buzones}
    for medio in Medio.objects.filter(buzon_id__in=list(buzones), registro_patronal="").order_by(
        "tipo", "id"
    ):
        if estado_medio(medio, ahora) != Medio.Estado.CANCELADO:
            medios[medio.buzon_id].append(medio)
    resultado = {}
    for pk, buzon in buzones.items():
        propios = medios[pk]
        if not propios:
            estado = SIN_MEDIOS
        elif not medios_completos(propios, ahora):
            estado = POR_CONFIRMAR
        elif buzon.terminos_aceptados_en is not None or buzon.habilitado_2020_en is not None:
            estado = HABILITADO
        else:
            estado = POR_ACEPTAR_TERMINOS
        resultado[buzon.rfc] = (buzon, estado)
    return resultado
