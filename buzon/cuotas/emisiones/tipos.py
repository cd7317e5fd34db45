"""The shapes the generation passes between the ledger, the engine and the tables (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Registro:
    """A registro patronal of the chunk: its employer and its minimum-wage zone."""

    registro: str
    rfc: str
    zona: str
    id: int = 0


@dataclass
class Trabajador:
    """One worker-period as computed: days, last SBC and amounts (centavos) by detail column;
    or the engine's refusal (`error`), which goes to the emisión's «movimientos por aclarar»."""

    registro: str
    nss: str
    cotizados: int = 0
    ausentismos: int = 0
    incapacidades: int = 0
    sbc: int = 0
    importes: dict[str, int] = field(default_factory=dict)
    error: str | None = None
