"""6.3 and 5.8: when a filing is legally received, as the clock says, read in the zone of the
employer's fiscal domicile: Saturdays, declared días inhábiles, the last and first second of a
day, and domiciles in Tijuana, Cancún and Hermosillo. Everything happens at the travelled instant:
login, draft, signature and acuse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.legal.zonas import zona
from tests.actuaciones.fixtures import ACLARACION, Cliente, en_padron, habilitar
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db

CENTRO = "America/Mexico_City"


def _presentar(
    client: Client, patron: Patron, instante: datetime, domicilio: str, **ambito: str
) -> dict[str, Any]:
    en_padron(patron.rfc, zona=domicilio, **ambito)
    with time_machine.travel(instante, tick=False):
        habilitar(patron.rfc)
        return Cliente(client, patron).presentar("aclaracion-buzon", ACLARACION)


@pytest.mark.parametrize(
    ("cuando", "domicilio", "recepcion"),
    [
        # A Saturday (Zona Centro): received at 00:00:00 of Monday.
        ("2026-12-05T10:00:00", CENTRO, "2026-12-07T00:00:00-06:00"),
        # 23:59:59 of a Friday that is a día hábil: received that very second.
        ("2027-03-12T23:59:59", CENTRO, "2027-03-12T23:59:59-06:00"),
        # 00:00:00 of a Saturday; Monday 15 March 2027 is a statutory rest day (third Monday of
        # March, LFT 74-III): received at 00:00:00 of Tuesday.
        ("2027-03-13T00:00:00", CENTRO, "2027-03-16T00:00:00-06:00"),
        # 00:00:00 of a día hábil: received then.
        ("2027-03-16T00:00:00", CENTRO, "2027-03-16T00:00:00-06:00"),
        # Tijuana (UTC-8 in winter): Friday 23:30 there is already Saturday in Zona Centro; the
        # domicile's clock decides, so it is received on Friday.
        ("2027-03-12T23:30:00", "America/Tijuana", "2027-03-12T23:30:00-08:00"),
        # Cancún (UTC-5, no DST): Friday 23:30 in Zona Centro is Saturday 00:30 in Cancún.
        ("2027-03-13T00:30:00", "America/Cancun", "2027-03-16T00:00:00-05:00"),
        # Hermosillo (UTC-7, no DST): Friday 23:30 there is Saturday 00:30 in Zona Centro.
        ("2026-12-04T23:30:00", "America/Hermosillo", "2026-12-04T23:30:00-07:00"),
        # Hermosillo, Sunday 23:30 (Monday 00:30 in Zona Centro): received at 00:00 of Monday
        # in Hermosillo, which is 01:00 in Zona Centro, after the real instant.
        ("2026-12-06T23:30:00", "America/Hermosillo", "2026-12-07T00:00:00-07:00"),
    ],
)
def test_recepcion_legal_segun_el_reloj_del_domicilio(
    client: Client,
    patron_a: Patron,
    sello: CertificadoSello,
    cuando: str,
    domicilio: str,
    recepcion: str,
) -> None:
    instante = datetime.fromisoformat(cuando).replace(tzinfo=zona(domicilio))
    hecha = _presentar(client, patron_a, instante, domicilio)
    assert hecha["recepcion_legal"] == recepcion
    acuse = Acuse.objects.get(folio=hecha["acuse"]["folio"])
    assert acuse.zona_legal == domicilio
    assert f"|instante_legal={recepcion}|zona_legal={domicilio}|" in acuse.cadena_original
    fila = Actuacion.objects.get(pk=hecha["id"])
    assert fila.presentada == instante
    assert fila.recepcion_legal == datetime.fromisoformat(recepcion)


def test_dia_inhabil_declarado_para_la_subdelegacion(
    client: Client,
    patron_a: Patron,
    hacer_patron: Callable[..., Patron],
    sello: CertificadoSello,
) -> None:
    """A Wednesday declared inhábil for the Tijuana subdelegación: its employers' filings that
    day are received on Thursday; an employer of another subdelegación, that day."""
    from buzon.calendario.servicios import do_declarar_dia_inhabil

    do_declarar_dia_inhabil(
        DiaInhabilDeclarado(
            desde=date(2027, 3, 10),
            hasta=date(2027, 3, 10),
            fuente="Acuerdo de prueba publicado en el DOF",
            subdelegaciones=frozenset({"Tijuana"}),
        ),
        por="XOJI740919U48",
    )
    instante = datetime(2027, 3, 10, 12, 0, tzinfo=zona("America/Tijuana"))
    cubierto = _presentar(
        client,
        patron_a,
        instante,
        "America/Tijuana",
        entidad="BCN",
        subdelegacion="Tijuana",
    )
    assert cubierto["recepcion_legal"] == "2027-03-11T00:00:00-08:00"
    otro = hacer_patron("MOHR730517UF8")
    no_cubierto = _presentar(
        Client(),
        otro,
        instante,
        "America/Tijuana",
        registro="Z1234567890",
        entidad="BCN",
        subdelegacion="Mexicali",
    )
    assert no_cubierto["recepcion_legal"] == "2027-03-10T12:00:00-08:00"


def test_sin_padron_se_recibe_en_zona_centro(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    """An employer the register does not know files by Zona Centro and the national calendar."""
    instante = datetime(2026, 12, 5, 23, 0, tzinfo=zona(CENTRO))
    with time_machine.travel(instante, tick=False):
        habilitar(patron_a.rfc)
        hecha = Cliente(client, patron_a).presentar("aclaracion-buzon", ACLARACION)
    assert hecha["recepcion_legal"] == "2026-12-07T00:00:00-06:00"
    assert Actuacion.objects.get(pk=hecha["id"]).subdelegacion == ""
