"""What every part of the demo shares: its people, its employers, the notifications' keys and
states, the result, and the instants chosen from today's calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.notificacion import (
    AVISADA,
    CANCELADA,
    EN_ESTRADOS,
    NOTIFICADA,
    REQUIERE_PERSONAL,
)
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.models import Notificacion

SUBDELEGACION = "Centro"


@dataclass(frozen=True)
class OficialDemo:
    rfc: str
    nombre: str
    curp: str
    rol: str
    cargo: str


NOTIFICADOR = OficialDemo(
    "GOMA800101AB6", "ANA GOMEZ MARTINEZ", "GOMA800101MDFMRN05", "notificador", "Notificadora"
)
SUPERVISOR = OficialDemo(
    "PELJ750505AB1", "JUAN PEREZ LOPEZ", "PELJ750505HDFRPN00", "supervisor", "Supervisor"
)
OFICIALES = (NOTIFICADOR, SUPERVISOR)
#: Generates the emisiones on `/oficina/emisiones/` (that page is the administrador's only).
ADMINISTRADOR = OficialDemo(
    "ROSM820303AB2", "MARIA ROSAS SANDOVAL", "ROSM820303MDFDNR01", "administrador", "Administradora"
)
#: Every official the demo gives an account and e.firma files to.
#: Writes the demo's comunicados (numeral 8); a supervisor approves them.
COMUNICADORA = OficialDemo(
    "CORA850202AB3", "CARLA ORTIZ RAMOS", "OIRC850202MDFRMR05", "comunicador", "Comunicadora"
)
CUENTAS = (*OFICIALES, ADMINISTRADOR, COMUNICADORA)

#: The demo employers (RFCs of SAT's public test files; `buzon demo` issues their e.firmas): one
#: whose mailbox is enabled (under the 2020 guidelines, 5.4), with its contact means, and one that
#: never enabled it.
HABILITADO = ("XIQB891116QE4", "BERENICE XIMO QUEZADA")
MEDIOS_HABILITADO = ("berenice.ximo@example.com", "5512345678")
HABILITADO_EN = date(2021, 3, 15)
SIN_BUZON = ("H&E951128469", "HERRERIA & ELECTRICOS SA DE CV")

#: What each demo notification shows, by its idempotency key.
PENDIENTE = "demo:pendiente"
ABIERTA = "demo:abierta"
VENCIDA = "demo:vencida"
CANCELADA_CLAVE = "demo:cancelada"
PERSONAL = "demo:personal"
ESTRADOS = "demo:estrados"
#: Each act's subject is its name in the relación de trámites (Acuerdo ACDO.AS2.HCT.230724/
#: 261.P.DIR, DOF 5-08-2024, numeral 7), as the catalogue loads it.
ASUNTOS = {
    "7.1": "Resolución de Determinación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.2": "Resolución de Rectificación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.3": "Multa derivada de la Rectificación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.4": (
        "Resolución para cubrir la Prima Media, conforme al artículo 72, último párrafo, de la "
        "Ley del Seguro Social"
    ),
    "7.6": "Oficio de requerimiento de información faltante en el trámite",
    "7.8": "Invitación para revisar la correcta clasificación de las empresas",
}
#: Transitorio Segundo: 7.5–7.18 are offered once the Institute announces it. The demo records one
#: announcement for all of them, from the entry into force, so that every act can be shown.
ANUNCIO_DEMO = (
    "Anuncio de demostración registrado por «buzon demo»: todos los actos de la relación se "
    "ofrecen desde la entrada en vigor (no es un anuncio del Instituto)."
)
ESTADO_ESPERADO = {
    PENDIENTE: AVISADA,
    ABIERTA: NOTIFICADA,
    VENCIDA: NOTIFICADA,
    CANCELADA_CLAVE: CANCELADA,
    PERSONAL: REQUIERE_PERSONAL,
    ESTRADOS: EN_ESTRADOS,
}


class ErrorDemo(RuntimeError):
    """The demo data could not be made; the message says why, in Spanish."""


@dataclass(frozen=True)
class Escenario:
    clave: str
    rfc: str
    nombre: str
    tipo: str
    asunto: str
    oficio: str
    emitida: datetime


@dataclass
class Resultado:
    """What the demo made (or found): notifications by key, credentials, what was skipped."""

    notificaciones: dict[str, Notificacion] = field(default_factory=dict)
    credenciales: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    omitidas: list[str] = field(default_factory=list)
    nuevas: int = 0
    #: The cuotas part: sample files written to the data folder, by what they are for.
    archivos: dict[str, Path] = field(default_factory=dict)
    #: The demo employer's emisiones, by period (`AAAA-MM`, `AAAA-Bn`): their ids.
    emisiones: dict[str, int] = field(default_factory=dict)
    #: Whether the personal notification's citatorio is recorded.
    citatorio: bool = False
    #: What each service of issues 15–17 made, by service (for the guide).
    servicios: dict[str, Any] = field(default_factory=dict)


# -- instants ---------------------------------------------------------------------------------


def habil_anterior(dia: date, calendario: Calendario) -> date:
    dia -= timedelta(days=1)
    while not calendario.es_habil(dia):
        dia -= timedelta(days=1)
    return dia


def habiles_antes(dia: date, cuantos: int, calendario: Calendario) -> date:
    for _ in range(cuantos):
        dia = habil_anterior(dia, calendario)
    return dia


def ultimo_dia_habil(ahora: datetime, calendario: Calendario) -> date:
    """The latest día hábil whose 10:00 (Zona Centro) is not after `ahora`."""
    hoy = ahora.astimezone(ZONA_CENTRO).date()
    if calendario.es_habil(hoy) and plazos.a_las(hoy, time(10, 0)) <= ahora:
        return hoy
    return habil_anterior(hoy, calendario)


def a_las(dia: date, hora: int, minuto: int = 0) -> datetime:
    return plazos.a_las(dia, time(hora, minuto))
