"""First use of a trámite form in Chromium (issue 19): the error summary gets the focus and each
link focuses its field; the chosen files survive a validation error (the form is re-rendered in
the page, the file input kept); the browser's own e.firma errors (wrong password, wrong file, key
not matching the certificate) appear in the same summary as a server error does. An employer
without a registro patronal is shown the way out. The key and the password never leave the page."""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path
from typing import Any

import pytest

from buzon.actuaciones.models import Actuacion
from buzon.efirma import pki
from buzon.evidencia.models import CertificadoSello
from tests.actuaciones.fixtures import habilitar, pdf
from tests.actuaciones.test_navegador import PASSWORD, PATRON, _credencial
from tests.navegador import chromium

pytestmark = [pytest.mark.navegador, pytest.mark.django_db(transaction=True)]

OTRO = "MOHR730517UF8"


def _resumen(pagina: Any) -> list[tuple[str, str]]:
    pagina.wait_for_selector("#resumen-errores:not([hidden])")
    enlaces = pagina.locator("#resumen-errores a")
    return [
        (str(enlaces.nth(i).get_attribute("href")), enlaces.nth(i).inner_text().strip())
        for i in range(enlaces.count())
    ]


def _enfocado(pagina: Any) -> str:
    return str(pagina.evaluate("document.activeElement && document.activeElement.id"))


def test_resumen_archivos_conservados_y_errores_de_efirma(
    live_server: Any, sello: CertificadoSello, tmp_path: Path
) -> None:
    ac = pki.crear_ac(tmp_path / "ac")
    cer, key = _credencial(ac, tmp_path / "patron", PATRON, "XIQB891116MGRMZR05", "PATRON UNO")
    _cer_otro, key_otro = _credencial(
        ac, tmp_path / "otro", OTRO, "MOHR730517HDFRRB01", "ROBERTO MORALES"
    )
    habilitar(PATRON)  # not in the padrón: no registro patronal
    carta = tmp_path / "carta.pdf"
    carta.write_bytes(pdf("Carta de aclaración"))

    peticiones: list[tuple[str, str, bytes]] = []
    with chromium() as navegador:
        pagina = navegador.new_page()
        pagina.on(
            "request", lambda r: peticiones.append((r.method, r.url, r.post_data_buffer or b""))
        )

        def efirma(llave: Path, password: str = PASSWORD) -> None:
            pagina.set_input_files("#cer", str(cer))
            pagina.set_input_files("#key", str(llave))
            pagina.fill("#password", password)
            pagina.locator("[data-efirma=identidad]", has_text=PATRON).wait_for()

        pagina.goto(live_server.url + "/actuaciones/tramites/")
        efirma(key)
        pagina.click("#entrar")
        pagina.wait_for_url("**/actuaciones/tramites/")
        # No registro patronal: the aclaración de cobranza is explained, with the way out.
        salida = pagina.inner_text("#sin-registro-aclaracion-cobranza")
        assert "no tiene ninguno a nombre de su RFC" in salida
        pagina.goto(live_server.url + "/actuaciones/tramites/aclaracion-cobranza/")
        pagina.click("#ir-aclaracion")
        pagina.wait_for_url("**/actuaciones/tramites/aclaracion-buzon/")

        # One round: both required fields in the summary; the file chosen stays chosen.
        pagina.set_input_files("#anexos", str(carta))
        url = pagina.url
        pagina.click("#continuar")
        lineas = _resumen(pagina)
        assert [h for h, _ in lineas] == ["#campo-motivo", "#campo-descripcion"]
        assert lineas[0][1].startswith("Motivo: ")
        assert pagina.url == url
        assert _enfocado(pagina) == "resumen-errores"
        assert pagina.evaluate("document.getElementById('anexos').files.length") == 1
        assert pagina.evaluate("document.getElementById('anexos').files[0].name") == "carta.pdf"
        assert pagina.locator("[data-nota-archivos]").count() == 0
        pagina.click("#resumen-errores a[href='#campo-descripcion']")
        assert _enfocado(pagina) == "campo-descripcion"
        assert pagina.get_attribute("#campo-descripcion", "aria-invalid") == "true"

        pagina.select_option("#campo-motivo", "Orientación sobre el uso del Buzón IMSS")
        pagina.fill("#campo-descripcion", "No sé cómo consultar mis notificaciones.")
        pagina.click("#continuar")  # the same file, never chosen again
        pagina.wait_for_url(re.compile(r".*/actuaciones/\d+/$"))
        assert "carta.pdf" in pagina.inner_text("main")

        # e.firma errors made in the browser, in the summary, worded as the server's.
        efirma(key, "no-es-la-contraseña")
        pagina.click("#firmar-actuacion")
        pagina.locator("#resumen-errores a[href='#password']").wait_for()
        assert _resumen(pagina) == [
            ("#password", "La contraseña de la llave privada no es correcta. Escríbala de nuevo.")
        ]
        assert pagina.get_attribute("#password", "aria-invalid") == "true"
        assert pagina.inner_text("[data-efirma=mensaje]") == ""

        efirma(cer)  # a .cer where the .key goes
        pagina.click("#firmar-actuacion")
        pagina.locator("#resumen-errores a[href='#key']", has_text="no es una llave").wait_for()

        efirma(key_otro)  # another person's key with this certificate
        pagina.click("#firmar-actuacion")
        pagina.locator("#resumen-errores a[href='#key']", has_text="no corresponde").wait_for()
        assert len(_resumen(pagina)) == 1

        efirma(key)
        pagina.click("#firmar-actuacion")
        pagina.wait_for_url("**/actuaciones/*/?acuse=*")
        assert pagina.locator("#resumen-errores:not([hidden])").count() == 0

    presentadas: list[Actuacion] = []
    hilo = threading.Thread(target=lambda: presentadas.extend(Actuacion.objects.all()))
    hilo.start()
    hilo.join()
    assert len(presentadas) == 1 and presentadas[0].acuse
    for credencial in (key, key_otro):
        llave = credencial.read_bytes()
        for _metodo, direccion, enviado in peticiones:
            assert PASSWORD.encode() not in enviado, direccion
            assert llave[:64] not in enviado and llave[-64:] not in enviado, direccion
            assert base64.b64encode(llave)[:60] not in enviado, direccion
