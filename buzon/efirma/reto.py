"""Login (and other) challenges: ≥ 128 random bits, single use, bound to a purpose, ≤ 5 minutes.

The person signs the UTF-8 bytes of `Reto.valor`, which spells out the purpose and the expiry, so a
signature made for one purpose can never be presented for another. Storage is behind `AlmacenRetos`;
`AlmacenRetosMemoria` serves tests and single-process use, the database one lives with the sessions.
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

from .errores import RETO_INVALIDO, ErrorEfirma

VIGENCIA_MAXIMA: Final = timedelta(minutes=5)
BITS_ALEATORIOS: Final = 256
_PROPOSITO = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
_FORMATO = re.compile(
    r"^buzon-reto\|v1\|(?P<proposito>[a-z][a-z0-9_.-]{0,39})\|"
    r"(?P<expira>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\|(?P<azar>[A-Za-z0-9_-]{43})$"
)


@dataclass(frozen=True)
class Reto:
    valor: str
    proposito: str
    expira: datetime


def generar_reto(proposito: str, *, ahora: datetime, vigencia: timedelta = VIGENCIA_MAXIMA) -> Reto:
    if not _PROPOSITO.match(proposito):
        raise ValueError(f"propósito de reto inválido: {proposito!r}")
    if not timedelta(0) < vigencia <= VIGENCIA_MAXIMA:
        raise ValueError("un reto vence en más de 0 y a lo sumo 5 minutos")
    if ahora.tzinfo is None:
        raise ValueError("se necesita un instante con zona horaria")
    expira = (ahora + vigencia).astimezone(UTC).replace(microsecond=0)
    azar = secrets.token_urlsafe(BITS_ALEATORIOS // 8)
    valor = f"buzon-reto|v1|{proposito}|{expira:%Y-%m-%dT%H:%M:%SZ}|{azar}"
    return Reto(valor=valor, proposito=proposito, expira=expira)


def _invalido(motivo: str) -> ErrorEfirma:
    return ErrorEfirma(
        RETO_INVALIDO, f"El reto {motivo}. Pida un reto nuevo y vuelva a firmar.", "reto"
    )


def interpretar(valor: str) -> Reto:
    """The purpose and expiry written inside a reto; `reto_invalido` if it is not one of ours."""
    coincide = _FORMATO.match(valor)
    if not coincide:
        raise _invalido("no tiene el formato que emite el Buzón")
    try:
        expira = datetime.strptime(coincide["expira"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise _invalido("tiene una fecha de vencimiento imposible") from None
    return Reto(valor=valor, proposito=coincide["proposito"], expira=expira)


def comprobar(reto: Reto, *, proposito: str, ahora: datetime) -> None:
    if reto.proposito != proposito:
        raise _invalido("se emitió para otro propósito")
    if ahora >= reto.expira:
        raise _invalido("ya venció")


class AlmacenRetos(Protocol):
    def guardar(self, reto: Reto) -> None: ...

    def consumir(self, valor: str, *, proposito: str, ahora: datetime) -> Reto:
        """Remove and return it; `reto_invalido` if unknown, used, expired or for other purpose."""
        ...


class AlmacenRetosMemoria:
    def __init__(self) -> None:
        self._retos: dict[str, Reto] = {}
        self._candado = threading.Lock()

    def guardar(self, reto: Reto) -> None:
        with self._candado:
            self._retos[reto.valor] = reto

    def consumir(self, valor: str, *, proposito: str, ahora: datetime) -> Reto:
        with self._candado:
            reto = self._retos.pop(valor, None)
            vencidos = [v for v, r in self._retos.items() if r.expira <= ahora]
            for v in vencidos:
                del self._retos[v]
        if reto is None:
            raise _invalido("no existe o ya se usó")
        comprobar(reto, proposito=proposito, ahora=ahora)
        return reto
