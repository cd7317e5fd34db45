"""The Calendario de eventos in Debian's Chromium: the particular, logged in, sees its calendar
(its obligations with their legal basis), chooses its reminders and sees the reminder's day
move, then creates the link for its calendar application and reads the .ics it serves."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.eventos.models import Preferencias
from tests.cuentas.fixtures import Patron, entrar
from tests.eventos import ayudas as a
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]


def test_el_particular_ve_su_calendario(live_server: Any, patron_a: Patron) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    token = entrar(Client(), patron_a)
    with chromium() as navegador:
        contexto = navegador.new_context()
        contexto.add_cookies([{"name": COOKIE, "value": token, "url": live_server.url}])
        pagina = contexto.new_page()
        pagina.goto(
            live_server.url + "/buzon/calendario-de-eventos/?desde=2026-09-01&hasta=2026-09-30"
        )
        fila = pagina.locator('tr.evento[data-clave="cuotas_mensuales"]')
        assert fila.get_attribute("data-fecha") == "2026-09-17"
        assert "LSS art. 39" in (fila.locator(".fundamento").text_content() or "")
        assert "11 de septiembre de 2026" in (fila.text_content() or "")

        pagina.click("#ir-recordatorios")
        pagina.wait_for_url("**/recordatorios/")
        pagina.fill("#dias_obligaciones", "1")
        pagina.uncheck("#por_sms")
        pagina.click("#guardar")
        pagina.wait_for_selector("#guardado")
        pagina.goto(
            live_server.url + "/buzon/calendario-de-eventos/?desde=2026-09-01&hasta=2026-09-30"
        )
        fila = pagina.locator('tr.evento[data-clave="cuotas_mensuales"]')
        assert "15 de septiembre de 2026" in (fila.text_content() or "")

        pagina.click("#ir-enlace")
        pagina.wait_for_url("**/enlace/")
        pagina.click("#crear-enlace")
        pagina.wait_for_selector("#nuevo-enlace")
        url = pagina.input_value("#url-ics")
        feed = contexto.request.get(url)
        assert feed.status == 200
        assert feed.text().startswith("BEGIN:VCALENDAR\r\n")
        pagina.click("#revocar-enlace")
        pagina.wait_for_selector("#revocado")
        assert contexto.request.get(url).status == 404
    preferencias = Preferencias.objects.get(rfc=a.RFC_A)
    assert preferencias.dias_obligaciones == 1 and preferencias.por_sms is False
