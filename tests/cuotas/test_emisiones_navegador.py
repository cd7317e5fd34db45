"""The publication journey in Debian's Chromium (issue 13 §4): an employer with generated emisiones
logs in with its e.firma, opens Mis emisiones, downloads the PDF and the CSV; the QR
decoded from the PDF opens the public verification page, which shows the emisión authentic; the
cotejo of the CSV with one planted difference shows that worker's difference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.cuotas.emisiones import generacion
from buzon.cuotas.emisiones.modelos import Emision
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.cuotas.test_emisiones_generacion import RFC_A, ledger, nss
from tests.evidencia.test_pdf import correr, herramienta
from tests.navegador import chromium

__all__ = ["ledger"]  # a fixture, used by name

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-1"


def _credencial(carpeta: Path) -> tuple[Path, Path]:
    ahora = datetime.now(UTC)
    ac = pki.crear_ac(carpeta / "ac")
    cer, key = pki.emitir(
        ac,
        rfc=RFC_A,
        nombre="BERTHA XOCHITL IBARRA",
        curp="XIQB891116MGRMZR05",
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    return pki.escribir_credencial(carpeta / "patron", RFC_A, cer, key)


def _qr(pdf: Path, carpeta: Path) -> str:
    pdftoppm = herramienta("pdftoppm", "poppler-utils")
    zbarimg = herramienta("zbarimg", "zbar-tools")
    correr(pdftoppm, "-r", "200", "-f", "1", "-l", "1", "-png", pdf, carpeta / "hoja")
    (imagen,) = sorted(carpeta.glob("hoja*.png"))
    (url,) = correr(zbarimg, "--quiet", "--raw", imagen).stdout.splitlines()
    return str(url)


def _descargar(pagina: Any, selector: str, destino: Path) -> bytes:
    with pagina.expect_download() as descarga:
        pagina.click(selector)
    descarga.value.save_as(str(destino))
    return destino.read_bytes()


def test_de_la_emision_a_la_verificacion_y_el_cotejo(
    live_server: Any, settings: Any, ledger: None, sello: CertificadoSello, tmp_path: Path
) -> None:
    settings.BUZON_URL_PUBLICA = live_server.url
    generacion.generar("2026-04")
    e = Emision.objects.get(registro_patronal="Y5412345108")
    folio, codigo, huella = e.folio, e.codigo_verificacion, e.huella
    cer, key = _credencial(tmp_path)
    with chromium() as navegador:
        pagina = navegador.new_context(accept_downloads=True).new_page()
        pagina.goto(live_server.url + "/buzon/")
        assert "/entrar/" in pagina.url
        pagina.set_input_files("#cer", str(cer))
        pagina.set_input_files("#key", str(key))
        pagina.fill("#password", PASSWORD)
        pagina.wait_for_function(
            f"document.querySelector('[data-efirma=identidad]').textContent.includes('{RFC_A}')"
        )
        pagina.click("#entrar")
        pagina.wait_for_url("**/buzon/", timeout=15000)
        pagina.click("#mis-emisiones")
        pagina.wait_for_url("**/buzon/documentos/")
        lista = pagina.inner_text("#lista-emisiones")
        assert "Y5412345108" in lista and "Y5412345109" in lista and "Z0000000001" not in lista
        pagina.click('#lista-emisiones tr[data-registro="Y5412345108"] a')
        pagina.wait_for_url("**/buzon/documentos/emisiones/*/")
        assert "717.94" in pagina.inner_text(f'#trabajadores tr[data-nss="{nss(1)}"]')
        assert "Cuota fija (LSS 106-I)" in pagina.inner_text("#totales")
        pdf = _descargar(pagina, "#descargar-pdf", tmp_path / "emision.pdf")
        csv = _descargar(pagina, "#descargar-csv", tmp_path / "emision.csv").decode()
        assert pdf.startswith(b"%PDF")
        assert csv.startswith("nss,nombre,dias_cotizados") and nss(1) in csv
        url = _qr(tmp_path / "emision.pdf", tmp_path)
        assert url == f"{live_server.url}/verificar/{folio}?c={codigo}"
        # The cotejo: the employer's payroll says 700.00 of cuota fija for one worker.
        lineas = csv.splitlines()
        (fila,) = [n for n, x in enumerate(lineas) if x.startswith(nss(1) + ",")]
        assert ",717.94," in lineas[fila]
        lineas[fila] = lineas[fila].replace(",717.94,", ",700.00,")
        nomina = tmp_path / "nomina.csv"
        nomina.write_text("\r\n".join(lineas) + "\r\n", encoding="utf-8")
        pagina.set_input_files("#archivo", str(nomina))
        pagina.click("#cotejar")
        pagina.wait_for_selector("#resultado-cotejo")
        diferencia = pagina.inner_text(
            f'#diferencias tr[data-nss="{nss(1)}"][data-columna="cuota_fija_patron"]'
        )
        assert "Cuota fija (LSS 106-I), patrón" in diferencia
        assert "717.94" in diferencia and "700.00" in diferencia and "-17.94" in diferencia
        assert pagina.locator(f'#diferencias tr[data-nss="{nss(2)}"]').count() == 0
        assert "Trabajadores con diferencias: 1" in pagina.inner_text("#resumen-cotejo")
        pagina.screenshot(path=str(tmp_path / "cotejo.png"), full_page=True)
        # The QR, opened by anyone (a fresh context: no session).
        publica = navegador.new_page()
        publica.goto(url)
        verificacion = publica.inner_text("#emision")
        assert "Emisión auténtica" in verificacion
        assert "Propuesta emitida por el IMSS (no es una notificación)" in verificacion
        assert "Y54******08" in verificacion and "Y5412345108" not in verificacion
        assert "2026-04" in verificacion and huella in verificacion
        falso = navegador.new_page()
        falso.goto(f"{live_server.url}/verificar/{folio}?c=INVENTADO12")
        assert "No encontramos un documento con esos datos" in falso.inner_text("main")
