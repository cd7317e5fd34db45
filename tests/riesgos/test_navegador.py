"""An employer, in Chromium: its riesgos terminados (10.3) → the determination with every number
(10.4) → prepare it → sign it in the browser with the e.firma (the key and the password never
leave the page) → the acuse, and the prima recorded for 1 March."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from buzon.cuotas.models import PrimaRT
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import habilitar
from tests.navegador import chromium, elegir_efirma, registrar_peticiones
from tests.riesgos.ayudas import REGISTRO, escenario, nss

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-7"
PATRON = "XIQB891116QE4"


def test_ver_riesgos_determinar_firmar_y_acuse(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    ac = pki.crear_ac(tmp_path / "ac")
    ahora = datetime.now(UTC)
    certificado, llave = pki.emitir(
        ac,
        rfc=PATRON,
        nombre="PATRON UNO",
        curp="XIQB891116MGRMZR05",
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    cer, key = pki.escribir_credencial(tmp_path / "patron", PATRON, certificado, llave)
    escenario(PATRON, tmp_path)
    habilitar(PATRON)

    with chromium() as navegador:
        pagina = navegador.new_page()
        peticiones = registrar_peticiones(pagina)
        pagina.goto(live_server.url + f"/riesgos/?registro={REGISTRO}&anio=2025")
        assert "/entrar/" in pagina.url
        elegir_efirma(pagina, cer, key, PASSWORD, PATRON)
        pagina.click("#entrar")
        pagina.wait_for_url("**/riesgos/*")
        tabla = pagina.inner_text("#riesgos")
        assert nss(1) in tabla and nss(2) in tabla and nss(3) not in tabla  # trayecto excluded
        assert pagina.inner_text("#S").strip() == "50"

        pagina.click("#ir-determinacion")
        pagina.wait_for_url("**/riesgos/determinacion/*")
        for selector, valor in (
            ("#S", "50"),
            ("#I", "0.1"),
            ("#D", "0"),
            ("#dias", "3650"),
            ("#N", "10.00000"),
            ("#F", "2.3"),
            ("#prima-calculada", "68.05068"),
            ("#prima-anterior", "2.59840 %"),
            ("#prima", "3.59840 %"),
        ):
            assert pagina.inner_text(selector).strip() == valor, selector
        assert "aumento máximo de un punto" in pagina.inner_text("#limites")
        assert "del 2026-03-01 al 2027-02-28" in pagina.inner_text("#vigencia")

        pagina.click("#preparar-boton")
        pagina.wait_for_url("**/riesgos/determinacion/*/")
        assert '"prima":"3.59840"' in pagina.inner_text("#cadena")
        elegir_efirma(pagina, cer, key, PASSWORD, PATRON)
        pagina.click("#firmar-determinacion")
        pagina.wait_for_url("**/riesgos/determinacion/*/?acuse=*")
        folio = pagina.inner_text("#folio").strip()
        assert folio and "Recepción legal" in pagina.inner_text("#acuse")
        assert "3.59840 %" in pagina.inner_text("#prima-registrada")

    prima = PrimaRT.objects.get(vigente_desde=date(2026, 3, 1))
    assert prima.prima == Decimal("3.59840") and prima.determinacion is not None
    llave_bytes = key.read_bytes()
    for _metodo, url, enviado in peticiones:
        assert PASSWORD.encode() not in enviado, url
        assert llave_bytes[:64] not in enviado and base64.b64encode(llave_bytes)[:60] not in enviado
