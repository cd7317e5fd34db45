"""7.6: a notification may answer an actuación (`en_respuesta_a`): a FILED actuación of the same
RFC whose trámite expects an answer. The rule is checked here, by the issuing service.

`buzon.actuaciones` (a layer above) registers how to tell whether an actuación may be answered,
in its `AppConfig.ready()`: this app never imports it (docs/architecture.md, «Capas»).
"""

from __future__ import annotations

from collections.abc import Callable

from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.notificaciones.errores import ErrorNotificacion

#: (actuacion_id, rfc) -> whether that actuación of that RFC may be answered.
Respondible = Callable[[int, str], bool]

_respondibles: list[Respondible] = []


def al_validar_respuesta(callback: Respondible) -> None:
    """Register the check; registering the same one again is a no-op."""
    if callback not in _respondibles:
        _respondibles.append(callback)


def exigir_actuacion_respondible(actuacion_id: int, rfc: str) -> None:
    """Raise unless the actuación may be answered by a notification to `rfc` (nothing
    registered: no actuación may be answered)."""
    try:
        rfc = normalizar_rfc(rfc, "rfc")
    except ErrorLegal as exc:
        raise ErrorNotificacion("dato_invalido", exc.mensaje, "rfc") from exc
    if not _respondibles or not all(v(actuacion_id, rfc) for v in _respondibles):
        raise ErrorNotificacion(
            "actuacion_invalida",
            f"La actuación {actuacion_id} no existe, no es de ese RFC, no está presentada o su "
            "trámite no espera respuesta.",
            "en_respuesta_a",
        )
