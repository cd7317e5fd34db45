"""First use of Mi buzón (issue 19): an employer whose buzón is not enabled is told what concerns
it — its documents on estrados, the notifications to be made personally at its domicile, and that
the enablement deadline has passed — with dates written out in lower-case Spanish."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from buzon.legal.formato import fecha_legible
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.fixtures import Funcionario, habilitar
from tests.notificaciones.test_paginas import VIERNES, cliente_de, oficina
from tests.notificaciones.test_primer_uso_notificaciones import emitir

pytestmark = pytest.mark.django_db


@pytest.fixture
def viernes() -> Iterator[None]:
    with time_machine.travel(VIERNES, tick=False):
        yield


def _texto(respuesta: Any) -> str:
    return html.unescape(str(respuesta.content.decode()))


@pytest.mark.usefixtures("viernes")
def test_sin_buzon_habilitado_ve_lo_que_le_concierne(
    notificador: Funcionario, supervisor: Funcionario, patron_b: Patron
) -> None:
    # No mailbox and the 180 days long gone (in force 2024-08-06): estrados.
    publicada = emitir(notificador, patron_b.rfc, "en estrados")
    assert publicada.ruta == Notificacion.Ruta.ESTRADOS
    personal = emitir(notificador, patron_b.rfc, "en el domicilio", ruta="personal")
    assert personal.ruta == Notificacion.Ruta.PERSONAL
    cancelada = emitir(notificador, patron_b.rfc, "cancelada")
    oficina(supervisor).post(
        f"/oficina/notificaciones/{cancelada.pk}/cancelar/",
        {"motivo": "Error de captura", "confirmo": "1"},
    )
    cancelada.refresh_from_db()
    assert cancelada.cancelada is not None

    pagina = _texto(cliente_de(patron_b).get("/buzon/"))
    seccion = re.search(
        r'<section aria-labelledby="titulo-concierne" id="concierne">(.*?)</section>', pagina, re.S
    )
    assert seccion is not None
    contenido = seccion[1]
    estrados = re.search(r'<table id="sus-estrados".*?</table>', contenido, re.S)
    assert estrados is not None and publicada.folio in estrados[0]
    assert cancelada.folio not in contenido
    assert publicada.estrados_publicada and publicada.estrados_fin
    periodo = (
        f"del {fecha_legible(publicada.estrados_publicada)} "
        f"al {fecha_legible(publicada.estrados_fin)}"
    )
    assert periodo in estrados[0]
    assert "Se tendrá por notificado el" in estrados[0]
    assert f'href="/api/v1/estrados/{publicada.folio}/documento"' in estrados[0]
    personales = re.search(r'<ul id="sus-personales">(.*?)</ul>', contenido, re.S)
    assert personales is not None and personal.folio in personales[1]
    assert publicada.folio not in personales[1]

    vencido = re.search(r'<p class="error" id="plazo-vencido">(.*?)</p>', pagina, re.S)
    assert vencido is not None
    fecha = re.search(r"venció el (\d{1,2} de [a-záéíóú]+ de \d{4})", vencido[1])
    assert fecha is not None and fecha[1] == fecha[1].lower()  # lower-case Spanish month
    assert 'id="plazo-habilitacion"' not in pagina


@pytest.mark.usefixtures("viernes")
def test_sin_nada_pendiente_lo_dice(patron_b: Patron) -> None:
    pagina = _texto(cliente_de(patron_b).get("/buzon/"))
    assert 'id="sin-estrados"' in pagina and 'id="sin-personales"' in pagina


@pytest.mark.usefixtures("viernes")
def test_antes_del_plazo_no_dice_vencido(patron_b: Patron, settings: object) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2027-01-04"  # type: ignore[attr-defined]
    pagina = _texto(cliente_de(patron_b).get("/buzon/"))
    assert 'id="plazo-vencido"' not in pagina
    plazo = re.search(
        r'<p id="plazo-habilitacion">Plazo para habilitarlo: a más tardar el ([^.]+)\.', pagina
    )
    assert plazo is not None and plazo[1] == plazo[1].lower() and "de 2027" in plazo[1]


@pytest.mark.usefixtures("viernes")
def test_habilitado_no_ve_la_seccion(patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    pagina = _texto(cliente_de(patron_a).get("/buzon/"))
    assert 'id="concierne"' not in pagina and 'id="plazo-vencido"' not in pagina
