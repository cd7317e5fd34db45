"""PURE. The life of a notification (7.1–7.10, CFF 134, 139): its state at any instant, derived
from the instants stored when each fact happened. No worker needs to run for a state to be true.

Routes (7.3, 7.8, 7.10):
- `buzon`: the mailbox is habilitado. Until a provider accepted the aviso for a first medio (the
  aviso instant, 7.3 [I-35]) the notification is `programada` and has no dates; from it, `avisada`
  (pending for the particular); `notificada` from the earlier of the opening's legal instant and
  the deemed instant (09:30 of the fourth día hábil after the aviso sent, 7.4/7.5). An aviso no
  provider accepts moves the notification to estrados or personal (7.8): it is never deemed.
- `estrados`: not enabled after the 180 days, or contact means lapsed (7.8, CFF 139): `en_estrados`
  until the eleventh día hábil after publication, `notificada` from 00:00 of it [I-28].
- `personal`: not enabled but still inside the 180 days, or chosen by an official at any time
  before the notification is made (7.10): `requiere_notificacion_personal` until the official
  records the diligencia, `notificada` from its instant (it surte efectos the next día hábil,
  CFF 135, stored beside it [I-46]).
A cancelled notification (by a supervisor, only before it is notified) is `cancelada` from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from buzon.legal.zonas import exigir_consciente

BUZON = "buzon"
ESTRADOS = "estrados"
PERSONAL = "personal"
RUTAS = frozenset({BUZON, ESTRADOS, PERSONAL})

PROGRAMADA = "programada"
AVISADA = "avisada"
EN_ESTRADOS = "en_estrados"
REQUIERE_PERSONAL = "requiere_notificacion_personal"
NOTIFICADA = "notificada"
CANCELADA = "cancelada"
ESTADOS = (PROGRAMADA, AVISADA, EN_ESTRADOS, REQUIERE_PERSONAL, NOTIFICADA, CANCELADA)

#: How the notification was made ("medio" in the contract).
POR_APERTURA = "apertura"
POR_VENCIMIENTO = "vencimiento"
POR_ESTRADOS = "estrados"
POR_PERSONAL = "personal"


@dataclass(frozen=True, slots=True)
class Hechos:
    """What was stored about one notification. Instants are aware; None means "not (yet)"."""

    ruta: str
    #: 7.3: the aviso actually sent (a provider accepted the first medio); None: not yet.
    aviso: datetime | None = None
    #: 7.4, 7.5: the deemed instant computed from the aviso with the recipient's calendar.
    vence: datetime | None = None
    #: 7.2: the legal instant of the opening (already placed inside the hours).
    apertura_legal: datetime | None = None
    #: CFF 139: the instant from which the estrados publication counts as notification.
    estrados_notificada: datetime | None = None
    personal_notificada: datetime | None = None
    cancelada: datetime | None = None

    def __post_init__(self) -> None:
        if self.ruta not in RUTAS:
            raise ValueError(f"ruta desconocida: {self.ruta!r}")
        for nombre in (
            "aviso",
            "vence",
            "apertura_legal",
            "estrados_notificada",
            "personal_notificada",
            "cancelada",
        ):
            valor = getattr(self, nombre)
            if valor is not None:
                exigir_consciente(valor, nombre)
        if self.ruta == BUZON and (self.aviso is None) != (self.vence is None):
            raise ValueError(
                "una notificación por buzón tiene aviso enviado y vencimiento, o ninguno de los dos"
            )
        if self.ruta == BUZON and self.aviso is None and self.apertura_legal is not None:
            raise ValueError("no se abre una notificación cuyo aviso no se ha enviado")
        if self.ruta == ESTRADOS and self.estrados_notificada is None:
            raise ValueError("una notificación por estrados necesita su fecha de notificación")


@dataclass(frozen=True, slots=True)
class Situacion:
    estado: str
    notificada: datetime | None = None
    medio: str | None = None


def notificada(hechos: Hechos, ahora: datetime) -> tuple[datetime, str] | None:
    """When and how the notification was made, if it was by `ahora` (else None).

    A cancellation only counts if it happened before the notification was made: a cancelled
    notification that had been made stays made (cancellation is refused then; this is defensive).
    """
    exigir_consciente(ahora, "ahora")
    candidatos: list[tuple[datetime, str]] = []
    if hechos.ruta == BUZON:
        if hechos.vence is not None:  # never deemed without an aviso sent (7.3 [I-35])
            candidatos.append((hechos.vence, POR_VENCIMIENTO))
        if hechos.apertura_legal is not None:
            candidatos.append((hechos.apertura_legal, POR_APERTURA))
    elif hechos.ruta == ESTRADOS:
        assert hechos.estrados_notificada is not None
        candidatos.append((hechos.estrados_notificada, POR_ESTRADOS))
    elif hechos.personal_notificada is not None:
        candidatos.append((hechos.personal_notificada, POR_PERSONAL))
    if not candidatos:
        return None
    # The opening wins a tie: it is the particular's own act (7.2 before 7.4).
    instante, medio = min(candidatos, key=lambda c: (c[0], c[1] != POR_APERTURA))
    if instante > ahora:
        return None
    if hechos.cancelada is not None and hechos.cancelada <= instante:
        return None
    return instante, medio


def situacion(hechos: Hechos, ahora: datetime) -> Situacion:
    """The state of a notification at `ahora` (see the module docstring)."""
    hecha = notificada(hechos, ahora)
    if hecha is not None:
        return Situacion(NOTIFICADA, hecha[0], hecha[1])
    if hechos.cancelada is not None and hechos.cancelada <= ahora:
        return Situacion(CANCELADA)
    if hechos.ruta == ESTRADOS:
        return Situacion(EN_ESTRADOS)
    if hechos.ruta == PERSONAL:
        return Situacion(REQUIERE_PERSONAL)
    if hechos.aviso is None:
        return Situacion(PROGRAMADA)
    return Situacion(AVISADA if hechos.aviso <= ahora else PROGRAMADA)
