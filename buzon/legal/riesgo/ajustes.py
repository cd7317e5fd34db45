"""The thresholds and weights of every indicator: settings, stored with each programme.

Rates are basis points (1 bp = 0.01 %), amounts centavos, weights integer points: every
comparison is exact. `cargar(dict)` checks a settings document with Spanish errors naming the key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from buzon.legal.errores import ErrorLegal


@dataclass(frozen=True)
class Ajustes:
    # -- concentración salarial (7.18)
    #: "narrow band just above" the minimum wage: SBC ≤ minimum × (1 + banda_bp / 10,000).
    concentracion_banda_bp: int = 1_000
    #: the registro's share of workers in the band, at least this…
    concentracion_umbral_bp: int = 6_000
    #: …and at least this many bp above its sector's pooled share.
    concentracion_exceso_bp: int = 2_000
    concentracion_minimo_trabajadores: int = 5
    concentracion_peso: int = 20
    # -- probables inscripciones improcedentes (7.17, LSS 17)
    #: an alta (08) with SBC ≥ veces × minimum wage …
    improcedentes_sbc_veces: int = 10
    #: … in the días naturales before a pension or subsidy claim of that worker.
    improcedentes_dias_previos: int = 90
    improcedentes_minimo_altas: int = 1
    #: workers vigentes at this many registros or more on the cut-off day.
    improcedentes_registros_simultaneos: int = 3
    improcedentes_minimo_multiples: int = 1
    #: workers vigentes but this many periods or more with cuotas exigibles (no payment).
    improcedentes_periodos_sin_pago: int = 3
    #: points per sub-indicator fired (three at most).
    improcedentes_peso: int = 15
    # -- clasificación (7.8)
    clasificacion_diferencia: int = 1
    #: points per class of difference.
    clasificacion_peso: int = 15
    # -- plantilla (external count per RFC)
    plantilla_coincidencia_bp: int = 8_000
    plantilla_minimo_externos: int = 5
    plantilla_peso: int = 20
    # -- denuncias of workers
    denuncias_minimo: int = 1
    denuncias_tope: int = 3
    #: points per denuncia up to the tope.
    denuncias_peso: int = 10
    # -- cuotas propuestas no pagadas (créditos exigibles)
    adeudo_minimo_centavos: int = 1_000_000
    adeudo_peso: int = 15
    # -- the programme
    #: a registro with fewer points is ranked but no act is proposed.
    propuesta_minimo: int = 15
    #: from this many points the act proposed is an audit (relación 8).
    auditoria_minimo: int = 60
    #: at most this many acts per programme, in ranking order.
    maximo_actos: int = 20_000

    def como_dict(self) -> dict[str, int]:
        return asdict(self)

    def huella(self) -> str:
        texto = json.dumps(self.como_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(texto.encode("utf-8")).hexdigest()


NOMBRES: frozenset[str] = frozenset(f.name for f in fields(Ajustes))
_POSITIVOS = frozenset(
    {
        "concentracion_minimo_trabajadores",
        "improcedentes_sbc_veces",
        "improcedentes_registros_simultaneos",
        "clasificacion_diferencia",
        "plantilla_minimo_externos",
        "denuncias_minimo",
        "denuncias_tope",
        "auditoria_minimo",
    }
)
_TASAS = frozenset(n for n in NOMBRES if n.endswith("_bp"))
MAXIMO = 10**12


def cargar(datos: Mapping[str, Any]) -> Ajustes:
    """Settings from a JSON object; a missing key keeps its default."""
    if not isinstance(datos, Mapping):
        raise ErrorLegal("Los ajustes deben ser un objeto JSON.", "ajustes")
    desconocidas = sorted(set(datos) - NOMBRES)
    if desconocidas:
        raise ErrorLegal(
            f"Ajuste desconocido «{desconocidas[0]}»: los ajustes válidos son "
            f"{', '.join(sorted(NOMBRES))}.",
            desconocidas[0],
        )
    valores: dict[str, int] = {}
    for nombre, valor in datos.items():
        if isinstance(valor, bool) or not isinstance(valor, int):
            raise ErrorLegal(f"El ajuste «{nombre}» debe ser un número entero.", nombre)
        minimo = 1 if nombre in _POSITIVOS else 0
        maximo = 10_000 if nombre in _TASAS and nombre != "concentracion_banda_bp" else MAXIMO
        if not minimo <= valor <= maximo:
            raise ErrorLegal(f"El ajuste «{nombre}» debe estar entre {minimo} y {maximo}.", nombre)
        valores[nombre] = valor
    return Ajustes(**valores)
