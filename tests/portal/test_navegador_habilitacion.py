"""A new employer, in Chromium, from login to `habilitado`: codes read from a real local SMTP
server and a local HTTP SMS sink; the key and password never leave the page."""

from __future__ import annotations

import base64
import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.avisos.fixtures import PasarelaSMS, ServidorSMTP
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

PASSWORD = "Contraseña-de-prueba-1"


def _entregar() -> None:
    """Deliver the outbox from another thread (this one runs Playwright's event loop)."""
    from buzon.avisos.entrega import entregar_todo

    hilo = threading.Thread(target=entregar_todo)
    hilo.start()
    hilo.join(30)


def test_de_entrar_a_habilitado(
    live_server: Any,
    sello: CertificadoSello,
    smtp: ServidorSMTP,
    pasarela: PasarelaSMS,
    tmp_path: Path,
) -> None:
    ac = pki.crear_ac(tmp_path / "ac")
    ahora = datetime.now(UTC)
    cer, key = pki.emitir(
        ac,
        rfc="H&E951128469",
        nombre="HERRERIA & ELECTRICOS SA DE CV",
        representante=("XOJI740919U48", "XOJI740919MQTDMN02"),
        password=PASSWORD,
        desde=ahora - timedelta(days=1),
        hasta=ahora + timedelta(days=365),
        registrar=False,
    )
    ruta_cer, ruta_key = pki.escribir_credencial(tmp_path / "efirma", "H&E951128469", cer, key)
    peticiones: list[tuple[str, str, bytes]] = []
    with chromium() as navegador:
        pagina = navegador.new_page()
        pagina.on(
            "request", lambda r: peticiones.append((r.method, r.url, r.post_data_buffer or b""))
        )

        def firmar() -> None:
            pagina.set_input_files("#cer", str(ruta_cer))
            pagina.set_input_files("#key", str(ruta_key))
            pagina.fill("#password", PASSWORD)

        pagina.goto(live_server.url + "/buzon/")
        assert "/entrar/" in pagina.url
        firmar()
        pagina.wait_for_function(
            "document.querySelector('[data-efirma=identidad]').textContent.includes('H&E951128469')"
        )
        pagina.click("#entrar")
        try:
            pagina.wait_for_url("**/buzon/", timeout=15000)
        except Exception:
            pytest.fail("no entró: " + pagina.inner_text("main"))
        assert "sin medios de contacto" in pagina.inner_text("main")

        pagina.click("text=Registrar mis medios de contacto")
        pagina.fill("#correo-1", "contacto@herreria.mx")
        pagina.fill("#celular", "5512345678")
        pagina.click("text=Guardar y enviar códigos")
        pagina.wait_for_url("**/buzon/?acuse=*")
        _entregar()
        correo = next(c for _, para, c in smtp.recibidos if "contacto@herreria.mx" in para)
        cuerpo = str(correo.get_content())
        assert "http" not in cuerpo.lower() and "www." not in cuerpo.lower()
        assert "H&E******469" in cuerpo
        codigo_correo = re.search(r"\b(\d{6})\b", cuerpo)
        mensaje_sms = next(m for _, m in pasarela.recibidos if m["to"] == "+525512345678")
        codigo_sms = re.search(r"\b(\d{6})\b", mensaje_sms["text"])
        assert codigo_correo and codigo_sms

        for valor, codigo in (
            ("contacto@herreria.mx", codigo_correo[1]),
            ("5512345678", codigo_sms[1]),
        ):
            fila = pagina.locator("tr", has_text=valor)
            fila.locator("input[name=codigo]").fill(codigo)
            fila.locator("button", has_text="Confirmar").click()
            pagina.wait_for_url("**/buzon/")
        assert "falta aceptar los términos" in pagina.inner_text("main")

        pagina.click("text=Leer y firmar")
        firmar()
        pagina.click("#firmar-terminos")
        pagina.wait_for_url("**/buzon/?acuse=*")
        assert "Estado: habilitado" in pagina.inner_text("#estado")
        pagina.screenshot(path=str(tmp_path / "habilitado.png"), full_page=True)

        pagina.click("text=Mis acuses")
        assert "Acuse de aceptación de términos y condiciones" in pagina.inner_text("main")

    llave = ruta_key.read_bytes()
    for _metodo, url, enviado in peticiones:
        assert PASSWORD.encode() not in enviado, url
        assert llave[:64] not in enviado and llave[-64:] not in enviado, url
        assert base64.b64encode(llave)[:60] not in enviado, url
    assert any(m == "POST" and u.endswith("/entrar/") for m, u, _ in peticiones)
