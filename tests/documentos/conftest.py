"""Two particulars with documents of every kind, issued on a frozen día hábil (VIERNES)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import time_machine

from buzon.evidencia.models import CertificadoSello
from tests.cuentas.fixtures import Patron
from tests.documentos import ayudas
from tests.documentos.ayudas import VIERNES
from tests.notificaciones.fixtures import Funcionario


@dataclass
class Suyos:
    """What identifies each of one RFC's documents in the list (by kind)."""

    emision: list[str] = field(default_factory=list)
    opinion: list[str] = field(default_factory=list)
    acuse: list[str] = field(default_factory=list)
    notificacion: list[str] = field(default_factory=list)
    actuacion: list[str] = field(default_factory=list)
    sin_abrir: int = 0

    def todos(self) -> set[str]:
        return {*self.emision, *self.opinion, *self.acuse, *self.notificacion, *self.actuacion}


@pytest.fixture
def reloj() -> Iterator[None]:
    with time_machine.travel(VIERNES, tick=False):
        yield


def hacer_documentos(
    patron: Patron, notificador: Funcionario, registro: str, dias: int = 10
) -> Suyos:
    """One document of each kind (two acuses: the constancias other apps add), each a day apart
    going back from VIERNES, and two notifications (one opened)."""
    rfc = patron.rfc
    suyos = Suyos()
    suyos.emision.append(str(ayudas.emision(rfc, registro, generada=VIERNES - timedelta(dias)).pk))
    for n, tipo in enumerate(("semanas_cotizadas", "vigencia_derechos")):
        suyos.acuse.append(ayudas.acuse(rfc, tipo, VIERNES - timedelta(dias - 1 - n)).folio)
    suyos.opinion.append(ayudas.opinion(rfc, emitida=VIERNES - timedelta(dias - 3)).folio)
    suyos.actuacion.append(ayudas.actuacion(rfc, VIERNES - timedelta(dias - 4)).acuse)
    notificadas = ayudas.notificaciones(notificador, patron, f"doc-{rfc}")
    suyos.notificacion.append(str(notificadas.abierta))
    suyos.sin_abrir = notificadas.sin_abrir
    return suyos


@pytest.fixture
def de_a(reloj: None, sello: CertificadoSello, patron_a: Patron, notificador: Funcionario) -> Suyos:
    return hacer_documentos(patron_a, notificador, "Y5412345108")


@pytest.fixture
def de_b(
    reloj: None, sello: CertificadoSello, patron_b: Patron, notificador: Funcionario, de_a: Suyos
) -> Suyos:
    return hacer_documentos(patron_b, notificador, "Z1234567105", dias=20)
