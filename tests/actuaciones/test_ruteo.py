"""Issue 19: a filing whose employer has no subdelegación in the padrón still reaches officials:
every supervisor and administrador, and the officials of the default inbox
(BUZON_BANDEJA_POR_DEFECTO), see it, marked `sin_subdelegacion` [I-89]."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import ACLARACION, Cliente, en_padron, habilitar
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _ids(oficial: Cliente) -> dict[int, bool]:
    respuesta = oficial.get("/oficina/actuaciones")
    assert respuesta.status_code == 200, respuesta.content
    return {a["id"]: a["sin_subdelegacion"] for a in respuesta.json()["actuaciones"]}


def test_una_actuacion_sin_subdelegacion_llega_a_la_bandeja_por_omision(
    client: Client,
    patron_a: Patron,
    hacer_patron: Callable[..., Patron],
    hacer_oficial: Callable[..., Cliente],
    sello: CertificadoSello,
    settings: Any,
) -> None:
    settings.BUZON_BANDEJA_POR_DEFECTO = "Oficinas centrales"
    habilitar(patron_a.rfc)  # enabled, but not in the padrón: no subdelegación
    sin_ruta = Cliente(client, patron_a).presentar("aclaracion-buzon", ACLARACION)
    otro = hacer_patron("MOHR730517UF8")
    en_padron(otro.rfc, "Z1234567890", subdelegacion="Centro")
    habilitar(otro.rfc)
    centro = Cliente(Client(), otro).presentar("aclaracion-buzon", ACLARACION)

    notificador_centro = hacer_oficial("XOJI740919U48", "notificador", "Centro")
    supervisor_norte = hacer_oficial("LOPA700101AB2", "supervisor", "Norte")
    de_la_bandeja = hacer_oficial("PELJ750505AB1", "notificador", "Oficinas centrales")
    administrador = hacer_oficial("GODE561231GR8", "administrador", "Sur")

    assert _ids(notificador_centro) == {centro["id"]: False}
    assert _ids(supervisor_norte) == {sin_ruta["id"]: True}
    assert _ids(de_la_bandeja) == {sin_ruta["id"]: True}
    assert _ids(administrador) == {sin_ruta["id"]: True, centro["id"]: False}
    detalle = supervisor_norte.get(f"/oficina/actuaciones/{sin_ruta['id']}").json()
    assert (detalle["subdelegacion"], detalle["sin_subdelegacion"]) == ("", True)
    assert notificador_centro.get(f"/oficina/actuaciones/{sin_ruta['id']}").status_code == 404
    assert supervisor_norte.get(f"/oficina/actuaciones/{centro['id']}").status_code == 404

    # Without a default inbox configured, supervisors still receive it; other notificadores not.
    settings.BUZON_BANDEJA_POR_DEFECTO = ""
    assert _ids(de_la_bandeja) == {}
    assert _ids(supervisor_norte) == {sin_ruta["id"]: True}

    # The officials' page marks it.
    pagina = Client()
    pagina.cookies[COOKIE] = supervisor_norte.cabecera["Authorization"].split()[1]
    html = pagina.get("/oficina/actuaciones/").content.decode()
    assert "Sin subdelegación en el padrón" in html and patron_a.rfc in html
