"""The supervisor approves the programme in Chromium: logs in with the e.firma files and signs the
page's cadena in the browser (efirma.js); the key and its password never leave the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from buzon.efirma import pki
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.fiscalizacion.models import Acto
from buzon.fiscalizacion.servicios import do_programar
from buzon.oficina.servicios import do_alta_oficial
from tests.cuentas.fixtures import Patron
from tests.fiscalizacion import ayudas
from tests.fiscalizacion.test_recorrido import LUNES, _datos
from tests.navegador import chromium, elegir_efirma, registrar_peticiones

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-1"
RFC_SUPERVISOR = "PELJ750505AB1"


def test_el_supervisor_aprueba_firmando_en_el_navegador(
    live_server: Any,
    sello: CertificadoSello,
    patron_a: Patron,
    patron_b: Patron,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.BUZON_LIMITE_SESIONES = 0
    with time_machine.travel(LUNES, tick=True):
        ac = pki.crear_ac(tmp_path / "ac")
        ahora = datetime.now(UTC)
        cer, llave = pki.emitir(
            ac,
            rfc=RFC_SUPERVISOR,
            nombre="JUAN PEREZ LOPEZ",
            curp="PELJ750505HDFRPN00",
            password=PASSWORD,
            desde=ahora - timedelta(days=1),
            hasta=ahora + timedelta(days=365),
            registrar=False,
        )
        ruta_cer, ruta_key = pki.escribir_credencial(tmp_path / "sup", RFC_SUPERVISOR, cer, llave)
        do_alta_oficial(
            rfc=RFC_SUPERVISOR, nombre="Juan Pérez López", rol="supervisor", subdelegacion="01"
        )
        _datos(tmp_path, patron_a, patron_b)
        programa = do_programar(ayudas.PERIODO).programa
        ruta = f"/oficina/fiscalizacion/programas/{programa.pk}/"
        with chromium() as navegador:
            pagina = navegador.new_context().new_page()
            peticiones = registrar_peticiones(pagina)
            pagina.goto(live_server.url + ruta)
            assert "/oficina/entrar/" in pagina.url
            elegir_efirma(pagina, ruta_cer, ruta_key, PASSWORD, RFC_SUPERVISOR)
            pagina.click("#entrar")
            pagina.wait_for_url(f"**{ruta}", timeout=15000)
            assert programa.huella in pagina.inner_text("#cadena")
            elegir_efirma(pagina, ruta_cer, ruta_key, PASSWORD, RFC_SUPERVISOR)
            pagina.click("#aprobar")
            pagina.wait_for_url("**aprobacion=*", timeout=15000)
            assert "Programa aprobado" in pagina.inner_text("#aprobado")
    assert set(Acto.objects.values_list("estado", flat=True)) == {"aprobado"}
    assert Acuse.objects.filter(tipo="programa_fiscalizacion", rfc=RFC_SUPERVISOR).count() == 1
    llave_bytes = ruta_key.read_bytes()
    for _metodo, url, enviado in peticiones:
        assert PASSWORD.encode() not in enviado, url
        assert llave_bytes[:64] not in enviado and llave_bytes[-64:] not in enviado, url
