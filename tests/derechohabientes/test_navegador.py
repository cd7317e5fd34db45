"""A worker in Debian's Chromium: logs in with a persona física e.firma (its CURP links the NSS),
obtains the constancia de semanas cotizadas, downloads the sealed PDF, and its QR code decodes to
the public verification page, which shows it authentic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.derechohabientes.models import Constancia
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from buzon.legal.rfc import enmascarar_rfc
from tests.derechohabientes.ayudas import REGISTRO_A, REGISTRO_B, TRABAJADOR, asegurado, movimientos
from tests.evidencia.test_pdf import correr, herramienta
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-1"


def _qr(pdf: Path, carpeta: Path) -> str:
    pdftoppm = herramienta("pdftoppm", "poppler-utils")
    zbarimg = herramienta("zbarimg", "zbar-tools")
    correr(pdftoppm, "-r", "200", "-png", "-f", "1", "-l", "1", pdf, carpeta / "hoja")
    (primera,) = sorted(carpeta.glob("hoja*.png"))
    (url,) = correr(zbarimg, "--quiet", "--raw", primera).stdout.splitlines()
    return url


def test_el_trabajador_obtiene_su_constancia_y_la_verifica(
    live_server: Any, settings: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    settings.BUZON_URL_PUBLICA = live_server.url
    rfc, curp = TRABAJADOR
    a = asegurado(1, curp)
    movimientos(a, REGISTRO_A, [("08", "2019-01-07", "350.00"), ("02", "2023-06-30")])
    movimientos(a, REGISTRO_B, [("08", "2023-07-01", "520.00")])
    ac = pki.crear_ac(tmp_path / "ac")
    ahora = datetime.now(UTC)
    cer, key = pki.emitir(
        ac,
        rfc=rfc,
        nombre="WENCESLAO BOLAÑOS XOLO",
        curp=curp,
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    ruta_cer, ruta_key = pki.escribir_credencial(tmp_path / "efirma", rfc, cer, key)
    with chromium() as navegador:
        contexto = navegador.new_context(accept_downloads=True)
        pagina = contexto.new_page()
        pagina.goto(live_server.url + "/buzon/derechohabiente/")
        assert "/entrar/" in pagina.url
        pagina.set_input_files("#cer", str(ruta_cer))
        pagina.set_input_files("#key", str(ruta_key))
        pagina.fill("#password", PASSWORD)
        pagina.wait_for_function(
            f"document.querySelector('[data-efirma=identidad]').textContent.includes('{rfc}')"
        )
        pagina.click("#entrar")
        try:
            pagina.wait_for_url("**/buzon/derechohabiente/", timeout=15000)
        except Exception:
            pytest.fail("no entró: " + pagina.inner_text("main"))
        assert "*******" + a.nss[-4:] in pagina.inner_text("#nss")
        pagina.click("#menu-trabajador >> text=Constancia de semanas cotizadas")
        pagina.wait_for_url("**/buzon/derechohabiente/semanas/")
        assert pagina.locator("#sin-constancias").is_visible()
        pagina.click("#obtener-constancia")
        pagina.wait_for_selector("#constancia")
        semanas = pagina.text_content("#semanas")
        folio = pagina.text_content("#folio")
        empleos = pagina.locator("#empleos tbody tr").count()
        with pagina.expect_download() as descarga:
            pagina.click("#descargar-pdf")
        ruta = tmp_path / "semanas.pdf"
        descarga.value.save_as(str(ruta))
        url = _qr(ruta, tmp_path)
        assert url.startswith(f"{live_server.url}/verificar/{folio}?c="), url
        publica = contexto.new_page()  # as anyone who scans it
        publica.goto(url)
        texto = publica.inner_text("main")
        pagina.screenshot(path=str(tmp_path / "semanas.png"), full_page=True)
    constancia = Constancia.objects.get()
    assert constancia.folio == folio
    assert semanas == str(constancia.datos["semanas_cotizadas"]) and empleos == 2
    assert "Acuse auténtico" in texto and "Constancia de semanas cotizadas" in texto
    assert enmascarar_rfc(TRABAJADOR[0]) in texto and TRABAJADOR[0] not in texto
