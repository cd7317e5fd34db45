"""An employer, in Chromium, files the ICSOE: the form generated from its schema, a bad RFC shown
next to its field, a row added by the page's script, a PDF attached, the cadena signed in the
browser (the key and the password never leave the page), the acuse, Mis actuaciones; then an
official of the subdelegación finds it in the inbox."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import csv_trabajadores, en_padron, habilitar, pdf, trabajadores
from tests.navegador import chromium, elegir_efirma, registrar_peticiones

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-7"
PATRON = "XIQB891116QE4"
OFICIAL = "XOJI740919U48"


def _credencial(ac: pki.AC, carpeta: Path, rfc: str, curp: str, nombre: str) -> tuple[Path, Path]:
    ahora = datetime.now(UTC)
    cer, key = pki.emitir(
        ac,
        rfc=rfc,
        nombre=nombre,
        curp=curp,
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    return pki.escribir_credencial(carpeta, rfc, cer, key)


def test_presentar_la_icsoe_en_el_navegador(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    from buzon.oficina.servicios import do_alta_oficial

    ac = pki.crear_ac(tmp_path / "ac")
    cer, key = _credencial(ac, tmp_path / "patron", PATRON, "XIQB891116MGRMZR05", "PATRON UNO")
    cer_oficial, key_oficial = _credencial(
        ac, tmp_path / "oficial", OFICIAL, "XOJI740919MQTDMN02", "OFICIAL DE CENTRO"
    )
    en_padron(PATRON, subdelegacion="Centro")
    habilitar(PATRON)
    do_alta_oficial(
        rfc=OFICIAL, nombre="OFICIAL DE CENTRO", rol="notificador", subdelegacion="Centro"
    )
    documento = tmp_path / "contrato.pdf"
    documento.write_bytes(pdf("Contrato de servicios especializados"))
    relacion = tmp_path / "trabajadores.csv"
    relacion.write_bytes(
        csv_trabajadores(trabajadores(2) + trabajadores(1, contrato="C-2026-015", desde=2))
    )

    with chromium() as navegador:
        pagina = navegador.new_page()
        peticiones = registrar_peticiones(pagina)

        def efirma(cer_: Path, key_: Path, rfc: str) -> None:
            elegir_efirma(pagina, cer_, key_, PASSWORD, rfc)

        pagina.goto(live_server.url + "/actuaciones/tramites/")
        assert "/entrar/" in pagina.url
        efirma(cer, key, PATRON)
        pagina.click("#entrar")
        pagina.wait_for_url("**/actuaciones/tramites/")
        pagina.click('a[href="/actuaciones/tramites/icsoe/"]')
        pagina.wait_for_url("**/actuaciones/tramites/icsoe/")

        pagina.fill("#campo-ejercicio", "2026")
        pagina.select_option("#campo-cuatrimestre", "septiembre-diciembre")
        pagina.fill("#campo-prestador-nombre", "PATRON UNO")
        pagina.fill("#campo-prestador-rfc", PATRON)
        pagina.fill("#campo-prestador-domicilio", "Av. Reforma 100, 06600, Ciudad de México")
        pagina.fill("#campo-prestador-correo", "contacto@patronuno.mx")
        pagina.fill("#campo-prestador-telefono", "5511112222")

        def contrato(i: int, numero: str, rfc: str, nombre: str, objeto: str, inicio: str) -> None:
            for campo, valor in (
                ("numero", numero),
                ("rfc_beneficiario", rfc),
                ("nombre_beneficiario", nombre),
                ("domicilio_beneficiario", "Calle Hidalgo 5, 64000, Monterrey, N.L."),
                ("correo_beneficiario", "compras@beneficiario.mx"),
                ("telefono_beneficiario", "8183334444"),
                ("objeto", objeto),
                ("fecha_inicio", inicio),
                ("fecha_fin", "2026-12-31"),
                ("registro_stps", "AR12345/2021"),
            ):
                pagina.fill(f"#campo-contratos-{i}-{campo}", valor)

        contrato(
            0,
            "C-2026-014",
            "NOESUNRFC",
            "HERRERIA & ELECTRICOS SA DE CV",
            "Mantenimiento de subestaciones",
            "2026-09-01",
        )
        url_formulario = pagina.url
        pagina.click("[data-agregar]")  # the script adds the row: no round trip
        assert pagina.url == url_formulario
        contrato(
            1, "C-2026-015", "MOHR730517UF8", "ROBERTO MORALES", "Limpieza industrial", "2026-10-01"
        )
        pagina.click("#continuar")
        pagina.wait_for_selector("#campo-contratos-0-rfc_beneficiario-error")
        assert "no es un RFC válido" in pagina.inner_text(
            "#campo-contratos-0-rfc_beneficiario-error"
        )
        assert pagina.input_value("#campo-contratos-1-nombre_beneficiario") == "ROBERTO MORALES"

        pagina.fill("#campo-contratos-0-rfc_beneficiario", "H&E951128469")
        pagina.set_input_files("#anexos", [str(relacion), str(documento)])
        pagina.click("#continuar")
        pagina.wait_for_url("**/actuaciones/*/")
        assert "Por firmar" in pagina.inner_text("#estado")
        assert "contrato.pdf" in pagina.inner_text("main")
        assert "trabajadores.csv" in pagina.inner_text("main")
        assert "18 de enero de 2027" in pagina.inner_text("#fecha-limite")
        assert '"rfc_beneficiario":"H&E951128469"' in pagina.inner_text("#cadena")

        efirma(cer, key, PATRON)
        pagina.click("#firmar-actuacion")
        pagina.wait_for_url("**/actuaciones/*/?acuse=*")
        folio = pagina.inner_text("#folio").strip()
        assert folio and "Recepción legal" in pagina.inner_text("#acuse")
        assert "Presentada" in pagina.inner_text("#estado")
        pagina.screenshot(path=str(tmp_path / "acuse.png"), full_page=True)

        pagina.click("nav >> text=Mis actuaciones")
        pagina.wait_for_url("**/actuaciones/")
        fila = pagina.inner_text("#actuaciones")
        assert "Informativa de contratos de servicios u obras especializadas (ICSOE)" in fila
        assert "Presentada" in fila and folio in fila

        oficina = navegador.new_page()
        pagina = oficina  # efirma() fills the current page
        oficina.on(
            "request", lambda r: peticiones.append((r.method, r.url, r.post_data_buffer or b""))
        )
        oficina.context.clear_cookies()
        oficina.goto(live_server.url + "/oficina/actuaciones/")
        assert "/oficina/entrar/" in oficina.url
        efirma(cer_oficial, key_oficial, OFICIAL)
        oficina.click("#entrar")
        oficina.wait_for_url("**/oficina/actuaciones/")
        bandeja = oficina.inner_text("#actuaciones")
        assert PATRON in bandeja and "Presentada" in bandeja
        oficina.click("#actuaciones a")
        oficina.wait_for_url("**/oficina/actuaciones/*/")
        assert "MOHR730517UF8" in oficina.inner_text("main")

    for credencial in (key, key_oficial):
        llave = credencial.read_bytes()
        for _metodo, url, enviado in peticiones:
            assert PASSWORD.encode() not in enviado, url
            assert llave[:64] not in enviado and llave[-64:] not in enviado, url
            assert base64.b64encode(llave)[:60] not in enviado, url
