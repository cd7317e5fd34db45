"""The journey in Debian's Chromium: a comunicador writes a comunicado, a supervisor approves
it, the employer finds it unread in *Mis comunicados*, opens it and it turns read; the
official's page then counts it read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.comunicados.models import Destinatario
from buzon.cuentas.navegador import COOKIE
from buzon.oficina.models import NACIONAL
from tests.comunicados.ayudas import RFC_A, padron_basico
from tests.cuentas.fixtures import Patron, entrar
from tests.navegador import chromium
from tests.notificaciones.fixtures import Funcionario, entrar_oficial

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]


def test_escribe_aprueba_y_el_patron_lo_lee(
    live_server: Any, hacer_funcionario: Callable[..., Funcionario], patron_a: Patron
) -> None:
    padron_basico()
    autor = hacer_funcionario("CONA800101AB1", "comunicador", NACIONAL)
    jefe = hacer_funcionario("SUNA750505AB3", "supervisor", NACIONAL)
    fichas = {
        "autor": entrar_oficial(Client(), autor.patron),
        "jefe": entrar_oficial(Client(), jefe.patron),
        "patron": entrar(Client(), patron_a),
    }
    with chromium() as navegador:

        def pagina_de(quien: str) -> Any:
            contexto = navegador.new_context()
            contexto.add_cookies([{"name": COOKIE, "value": fichas[quien], "url": live_server.url}])
            return contexto.new_page()

        oficina = pagina_de("autor")
        oficina.goto(live_server.url + "/oficina/comunicados/")
        oficina.click("#escribir")
        oficina.fill("#titulo", "Jornada de regularización")
        oficina.fill("#cuerpo", "Acuda **sin cita** a su subdelegación.")
        oficina.select_option("#formato", "markdown")
        oficina.select_option("#segmento", "entidades")
        oficina.fill("#valores", "CMX")
        oficina.click("#guardar")
        oficina.wait_for_selector("#enviar")
        oficina.click("#enviar")
        oficina.wait_for_selector("#datos[data-estado=por_aprobar]")
        ruta = oficina.url

        supervision = pagina_de("jefe")
        supervision.goto(ruta)
        supervision.click("#aprobar")
        supervision.wait_for_selector("#datos[data-estado=publicado]")
        entregados = supervision.text_content("#entregados")

        patron = pagina_de("patron")
        patron.goto(live_server.url + "/buzon/comunicados/")
        fila = patron.locator("#comunicados tbody tr").first
        antes = fila.get_attribute("data-leido")
        leyenda = patron.text_content("#leyenda") or ""
        fila.locator("button").click()
        patron.wait_for_selector("#comunicado[data-leido=si]")
        cuerpo = patron.inner_html("#cuerpo")
        patron.click("text=Volver a Mis comunicados")
        despues = patron.locator("#comunicados tbody tr").first.get_attribute("data-leido")
        supervision.reload()
        leidos = supervision.text_content("#leidos")
    assert entregados == "2"  # A and C have registros in CMX
    assert antes == "no" and despues == "si"
    assert "no tiene efectos legales" in leyenda
    assert "<strong>sin cita</strong>" in cuerpo
    assert leidos == "1"
    assert Destinatario.objects.get(rfc=RFC_A).leido_en is not None
