"""A holder, in Chromium, authorises a third party: the form, the cadena signed in the browser
(the key and the password never leave the page), the acuse; then revokes it, signing again; and
switches «Publicar mi opinión» on. The third party, in its own browser, sees it in Me
autorizaron."""

from __future__ import annotations

import base64
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.navegador import chromium, elegir_efirma, registrar_peticiones
from tests.terceros.fixtures import TERCERO, TITULAR

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-7"


def _credencial(ac: pki.AC, carpeta: Path, rfc: str, curp: str, nombre: str) -> tuple[Path, Path]:
    ahora = datetime.now(UTC)
    opciones: dict[str, Any] = (
        {"curp": curp} if len(rfc) == 13 else {"representante": (TITULAR, curp)}
    )
    cer, key = pki.emitir(
        ac,
        rfc=rfc,
        nombre=nombre,
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
        **opciones,
    )
    return pki.escribir_credencial(carpeta, rfc, cer, key)


def _en_hilo(hacer: Any) -> Any:
    """The ORM outside Playwright's event loop (its thread refuses database calls)."""
    salida: list[Any] = []
    hilo = threading.Thread(target=lambda: salida.append(hacer()))
    hilo.start()
    hilo.join()
    return salida[0]


def _estado(tercero: str, alcance: str) -> bool:
    from django.db import connection

    from buzon.terceros.selectors import autorizado

    try:
        return autorizado(TITULAR, tercero, alcance)
    finally:
        connection.close()


def test_autorizar_revocar_y_publicar_en_el_navegador(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    from buzon.terceros.selectors import INSTITUTO

    ac = pki.crear_ac(tmp_path / "ac")
    cer, key = _credencial(ac, tmp_path / "t", TITULAR, "XIQB891116MGRMZR05", "PATRON UNO")
    cer_t, key_t = _credencial(ac, tmp_path / "3", TERCERO, "XIQB891116MGRMZR05", "HERRERIA SA")

    with chromium() as navegador:
        pagina = navegador.new_page()
        peticiones = registrar_peticiones(pagina)

        def efirma(cer_: Path, key_: Path, rfc: str) -> None:
            elegir_efirma(pagina, cer_, key_, PASSWORD, rfc)

        pagina.goto(live_server.url + "/autorizaciones/")
        assert "/entrar/" in pagina.url
        efirma(cer, key, TITULAR)
        pagina.click("#entrar")
        pagina.wait_for_url("**/autorizaciones/")
        assert "Aún no ha autorizado a nadie" in pagina.inner_text("main")

        pagina.fill("#tercero", "NOESUNRFC")
        pagina.click("#capturar")
        pagina.wait_for_selector("#error-tercero")
        assert "no es un RFC válido" in pagina.inner_text("#error-tercero")
        manana = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
        pagina.fill("#tercero", TERCERO)
        pagina.check("#alcance-opinion")
        pagina.fill("#vence", manana)
        pagina.click("#capturar")
        pagina.wait_for_url("**/autorizaciones/*/")
        assert "Por firmar" in pagina.inner_text("#estado")
        assert f"tercero={TERCERO}" in pagina.inner_text("#cadena")

        efirma(cer, key, TITULAR)
        pagina.click("#firmar")
        pagina.wait_for_url("**/autorizaciones/*/?acuse=*")
        assert "Vigente" in pagina.inner_text("#estado")
        folio = pagina.inner_text("#folio").strip()
        assert folio
        assert _en_hilo(lambda: _estado(TERCERO, "opinion"))
        detalle = pagina.url.split("?")[0]

        # The third party, in its own browser context, sees who authorised it.
        otro = navegador.new_context().new_page()
        otro.goto(live_server.url + "/autorizaciones/recibidas/")
        otro.set_input_files("#cer", str(cer_t))
        otro.set_input_files("#key", str(key_t))
        otro.fill("#password", PASSWORD)
        otro.wait_for_function(
            f"document.querySelector('[data-efirma=identidad]').textContent.includes('{TERCERO}')"
        )
        otro.click("#entrar")
        otro.wait_for_url("**/autorizaciones/recibidas/")
        assert TITULAR in otro.inner_text("#recibidas") and "Vigente" in otro.inner_text(
            "#recibidas"
        )
        # Not its id: the 404 page.
        respuesta = otro.goto(detalle)
        assert respuesta is not None and respuesta.status == 404

        # Revoke: prepare, then sign in the browser.
        pagina.click("#revocar")
        pagina.wait_for_selector("#cadena-revocacion")
        efirma(cer, key, TITULAR)
        pagina.click("#firmar-revocacion")
        pagina.wait_for_url("**/autorizaciones/*/?acuse=*")
        assert "Revocada" in pagina.inner_text("#estado")
        assert pagina.inner_text("#folio-revocacion").strip()
        assert not _en_hilo(lambda: _estado(TERCERO, "opinion"))
        otro.goto(live_server.url + "/autorizaciones/recibidas/")
        assert "Nadie le ha autorizado" in otro.inner_text("main")

        # «Publicar mi opinión»: on, signed.
        pagina.click("nav >> text=Autorizaciones")
        pagina.wait_for_url("**/autorizaciones/")
        pagina.click("#boton-publicar")
        pagina.wait_for_url("**/autorizaciones/*/")
        assert "Instituto Mexicano del Seguro Social" in pagina.inner_text("#tercero")
        efirma(cer, key, TITULAR)
        pagina.click("#firmar")
        pagina.wait_for_url("**/autorizaciones/*/?acuse=*")
        pagina.goto(live_server.url + "/autorizaciones/")
        assert "Su opinión es pública" in pagina.inner_text("#estado-publicacion")
        assert _en_hilo(lambda: _estado(INSTITUTO, "publicacion"))

    llave = key.read_bytes()
    for _metodo, url, enviado in peticiones:
        assert PASSWORD.encode() not in enviado, url
        assert llave[:64] not in enviado and llave[-64:] not in enviado, url
        assert base64.b64encode(llave)[:60] not in enviado, url
