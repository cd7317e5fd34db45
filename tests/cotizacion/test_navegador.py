"""A worker, in Chromium: logs in with the e.firma, sees the subscription and the month's report
with its alerts, «Denunciar» from a row (the form pre-filled with the registro and the period),
signs the denuncia in the browser (the key and the password never leave the page) and gets the
acuse; the employer's registro stays in the datos only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.actuaciones.models import Actuacion
from buzon.cotizacion.generacion import do_generar_reportes
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import habilitar
from tests.cotizacion.ayudas import (
    CURP_A,
    NSS_A,
    REGISTRO,
    RFC_A,
    asegurado,
    mov,
    registros,
    suscribir,
)
from tests.navegador import chromium, elegir_efirma, registrar_peticiones

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-7"


def test_reporte_denuncia_y_acuse(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    ac = pki.crear_ac(tmp_path / "ac")
    ahora = datetime.now(UTC)
    cer_der, key_der = pki.emitir(
        ac,
        rfc=RFC_A,
        nombre="TRABAJADORA UNO",
        curp=CURP_A,
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    cer, key = pki.escribir_credencial(tmp_path / "trabajadora", RFC_A, cer_der, key_der)
    registros()
    a = asegurado(NSS_A, CURP_A)
    mov(a, "08", "2025-06-01", "900.00")
    mov(a, "07", "2026-04-20", "550.00")
    suscribir(a, RFC_A)
    habilitar(RFC_A)
    do_generar_reportes("2026-04", ahora=datetime(2026, 5, 3, tzinfo=UTC))

    with chromium() as navegador:
        pagina = navegador.new_page()
        peticiones = registrar_peticiones(pagina)
        pagina.goto(live_server.url + "/cotizacion/")
        assert "/entrar/" in pagina.url
        elegir_efirma(pagina, cer, key, PASSWORD, RFC_A)
        pagina.click("#entrar")
        pagina.wait_for_url("**/cotizacion/")
        assert "Suscrito desde" in pagina.inner_text("#estado-suscripcion")
        pagina.click('a[href="/cotizacion/2026-04/"]')
        pagina.wait_for_url("**/cotizacion/2026-04/")
        assert "bajó de $900.00 a $550.00" in pagina.inner_text("#alertas")
        assert "$550.00" in pagina.inner_text("#renglones")
        pagina.click(f'[data-denunciar="{REGISTRO}"]')
        pagina.wait_for_url("**/cotizacion/denuncia/?*")
        assert pagina.input_value("#campo-registro_patronal") == REGISTRO
        assert pagina.input_value("#campo-periodo_desde") == "2026-04"
        assert pagina.input_value("#campo-tipo") == "Me registró con un salario menor"
        pagina.fill("#campo-periodo_desde", "2026-02")
        pagina.fill("#campo-descripcion", "Me pagan 900 pesos diarios y me registraron con 550.")
        pagina.click("#continuar")
        pagina.wait_for_url("**/actuaciones/*/")
        assert "Por firmar" in pagina.inner_text("#estado")
        assert f'"registro_patronal":"{REGISTRO}"' in pagina.inner_text("#cadena")
        elegir_efirma(pagina, cer, key, PASSWORD, RFC_A)
        pagina.click("#firmar-actuacion")
        pagina.wait_for_url("**/actuaciones/*/?acuse=*")
        folio = pagina.inner_text("#folio").strip()
        assert folio and "Presentada" in pagina.inner_text("#estado")
        pagina.screenshot(path=str(tmp_path / "acuse.png"), full_page=True)

    llave = key.read_bytes()
    assert not any(
        llave[:64] in cuerpo or PASSWORD.encode() in cuerpo for _, _, cuerpo in peticiones
    )
    fila = Actuacion.objects.get(acuse=folio)
    assert fila.tramite.clave == "denuncia-patron" and fila.registro_patronal == ""
    assert json.loads(fila.datos)["periodo_desde"] == "2026-02"
