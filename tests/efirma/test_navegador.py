"""The browser module (buzon/portal/static/efirma/efirma.js) in Debian's Chromium, via Playwright.

A tiny server hands out a reto in a form; the page reads the .cer, decrypts the .key locally and
signs. Every request the page makes is recorded: none may carry the key (in any encoding) or the
password, and the signature that does arrive must verify with buzon.efirma on the server side.
"""

from __future__ import annotations

import base64
import html
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from buzon.efirma import (
    AlmacenRetosMemoria,
    Confianza,
    ErrorEfirma,
    Politica,
    decodificar_firma,
    generar_reto,
    leer_certificado,
    leer_llave,
    verificar_firma,
)
from buzon.efirma.pkcs8 import ESQUEMAS
from buzon.efirma.pki import AC
from tests.navegador import ARGUMENTOS, CHROMIUM

from .conftest import PASSWORD_SAT, RAIZ, Emisor

pytestmark = pytest.mark.navegador

ESTATICOS = RAIZ / "buzon" / "portal" / "static" / "efirma"

PAGINA = """<!doctype html>
<html lang="es-MX"><head><meta charset="utf-8"><title>Firma</title></head><body>
<form data-efirma="formulario" data-cadena="{cadena}" method="post" action="/firmar">
  <input type="file" id="cer" data-efirma="cer" accept=".cer">
  <input type="file" id="key" data-efirma="key" accept=".key">
  <input type="password" id="password" data-efirma="password" autocomplete="off">
  <output id="identidad" data-efirma="identidad"></output>
  <p id="mensaje" data-efirma="mensaje" role="alert"></p>
  <input type="hidden" name="reto" value="{cadena}">
  <input type="hidden" name="firma" data-efirma="firma">
  <input type="hidden" name="certificado" data-efirma="certificado">
  <button id="firmar">Firmar</button>
</form>
<script type="module" src="/static/efirma/efirma.js"></script>
</body></html>"""


@dataclass
class Servidor:
    url: str
    politica: Politica = field(default_factory=Politica)
    instante: datetime = field(default_factory=lambda: datetime.now(UTC))
    retos: AlmacenRetosMemoria = field(default_factory=AlmacenRetosMemoria)
    recibidos: list[dict[str, str]] = field(default_factory=list)
    verificados: list[str] = field(default_factory=list)
    cuerpos: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="module")
def servidor() -> Iterator[Servidor]:
    estado = Servidor(url="")

    class Manejador(BaseHTTPRequestHandler):
        def _responder(self, codigo: int, tipo: str, cuerpo: bytes) -> None:
            self.send_response(codigo)
            self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(cuerpo)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(cuerpo)

        def do_GET(self) -> None:
            if self.path == "/firmar":
                reto = generar_reto("prueba", ahora=datetime.now(UTC))
                estado.retos.guardar(reto)
                pagina = PAGINA.format(cadena=html.escape(reto.valor))
                self._responder(200, "text/html; charset=utf-8", pagina.encode())
                return
            nombre = self.path.removeprefix("/static/efirma/")
            archivo = ESTATICOS / nombre
            if "/" in nombre or not archivo.is_file():
                self._responder(404, "text/plain", b"no")
                return
            tipo = "text/javascript" if nombre.endswith(".js") else "text/plain"
            self._responder(200, tipo, archivo.read_bytes())

        def do_POST(self) -> None:
            cuerpo = self.rfile.read(int(self.headers["Content-Length"]))
            estado.cuerpos.append(cuerpo)
            campos = dict(urllib.parse.parse_qsl(cuerpo.decode("ascii")))
            estado.recibidos.append(campos)
            try:
                reto = estado.retos.consumir(
                    campos["reto"], proposito="prueba", ahora=datetime.now(UTC)
                )
                resultado = verificar_firma(
                    base64.b64decode(campos["certificado"]),
                    reto.valor.encode("utf-8"),
                    decodificar_firma(campos["firma"]),
                    instante=estado.instante,
                    politica=estado.politica,
                )
                estado.verificados.append(resultado.certificado.rfc)
                respuesta = f"<p id='resultado'>ok {resultado.certificado.rfc}</p>"
            except ErrorEfirma as error:
                respuesta = f"<p id='resultado'>{error.codigo}</p>"
            self._responder(200, "text/html; charset=utf-8", respuesta.encode())

        def log_message(self, format: str, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    estado.url = f"http://127.0.0.1:{http.server_address[1]}"
    hilo = threading.Thread(target=http.serve_forever, daemon=True)
    hilo.start()
    yield estado
    http.shutdown()
    http.server_close()


@pytest.fixture(scope="module")
def navegador() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "*** FALTA /usr/bin/chromium: instale el paquete Debian `chromium` "
            "(scripts/test lo instala) para las pruebas del navegador. ***"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS)
        yield browser
        browser.close()


@dataclass
class Peticion:
    url: str
    metodo: str
    cuerpo: bytes


def _firmar_en_pagina(
    navegador: Any,
    servidor: Servidor,
    tmp_path: Path,
    cer: bytes,
    key: bytes,
    password: str,
    *,
    esperar_envio: bool = True,
) -> tuple[str, str, list[Peticion]]:
    (tmp_path / "credencial.cer").write_bytes(cer)
    (tmp_path / "credencial.key").write_bytes(key)
    contexto = navegador.new_context()
    pagina = contexto.new_page()
    peticiones: list[Peticion] = []
    errores: list[str] = []
    pagina.on(
        "request",
        lambda r: peticiones.append(Peticion(r.url, r.method, r.post_data_buffer or b"")),
    )
    pagina.on("pageerror", lambda e: errores.append(str(e)))
    try:
        pagina.goto(servidor.url + "/firmar")
        pagina.wait_for_load_state("networkidle")
        pagina.set_input_files("#cer", str(tmp_path / "credencial.cer"))
        pagina.wait_for_function("document.querySelector('#identidad').textContent !== ''")
        identidad = pagina.text_content("#identidad") or ""
        pagina.set_input_files("#key", str(tmp_path / "credencial.key"))
        pagina.fill("#password", password)
        pagina.click("#firmar")
        if esperar_envio:
            pagina.wait_for_selector("#resultado", timeout=30_000)
            resultado = pagina.text_content("#resultado") or ""
        else:
            pagina.wait_for_function(
                "document.querySelector('#mensaje').textContent !== ''", timeout=30_000
            )
            resultado = pagina.text_content("#mensaje") or ""
    finally:
        contexto.close()
    assert not errores, errores
    return identidad, resultado, peticiones


def _formas(secreto: bytes) -> list[bytes]:
    """A secret as it could travel: raw, base64 (at each alignment), hex."""
    medio = secreto[len(secreto) // 4 : len(secreto) // 4 + 30]
    formas = [secreto, medio, medio.hex().encode(), medio.hex().upper().encode()]
    for desfase in range(3):
        formas.append(base64.b64encode(secreto[desfase:])[4:40])
        formas.append(base64.urlsafe_b64encode(secreto[desfase:])[4:40])
    return formas


def _secretos(key: bytes, password: str) -> list[bytes]:
    """The key file, the password, and the private numbers of the decrypted key."""
    numeros = leer_llave(key, password).private_numbers()
    privados = [numeros.d, numeros.p, numeros.q, numeros.dmp1, numeros.dmq1, numeros.iqmp]
    secretos = [password.encode("utf-8"), key]
    secretos += [n.to_bytes((n.bit_length() + 7) // 8, "big") for n in privados]
    return [forma for secreto in secretos for forma in _formas(secreto)] + [
        password.encode("utf-8")
    ]


def _sin_secretos(peticiones: list[Peticion], key: bytes, password: str) -> None:
    """No request (URL or body, raw or URL-decoded) carries the key or the password."""
    prohibidos = _secretos(key, password)
    assert peticiones
    for peticion in peticiones:
        vistas = [peticion.url.encode(), peticion.cuerpo]
        vistas.append(urllib.parse.unquote_to_bytes(peticion.cuerpo.replace(b"+", b" ")))
        for vista in vistas:
            for prohibido in prohibidos:
                assert prohibido not in vista, (peticion.url, prohibido[:10])


# The SAT files: every .key (3DES) against its .cer, at an instant inside their validity.
SAT_CASOS = [
    ("moral-AAA010101AAA-fiel", "ACCEM SERVICIOS EMPRESARIALES SC", "AAA010101AAA", 2020),
    ("moral-AAA010101AAA-csd", "ACCEM SERVICIOS EMPRESARIALES SC", "AAA010101AAA", 2020),
    ("moral-HyE951128469-fiel", "HERRERIA & ELECTRICOS S DE CV", "H&E951128469", 2022),
    ("moral-HyE951128469-csd", "HERRERIA & ELECTRICOS S DE CV", "H&E951128469", 2022),
    ("fisica-XIQB891116QE4-fiel", "BERENICE XIMO QUEZADA", "XIQB891116QE4", 2022),
    ("fisica-XIQB891116QE4-csd", "BERENICE XIMO QUEZADA", "XIQB891116QE4", 2022),
]


def test_todas_las_llaves_del_sat_estan_previstas(sat: Path) -> None:
    assert {p.stem for p in sat.glob("*.key")} == {c[0] for c in SAT_CASOS}


@pytest.mark.parametrize(("stem", "nombre", "rfc", "anio"), SAT_CASOS)
def test_firma_con_llaves_del_sat(
    navegador: Any,
    servidor: Servidor,
    sat: Path,
    tmp_path: Path,
    stem: str,
    nombre: str,
    rfc: str,
    anio: int,
) -> None:
    cer = (sat / f"{stem}.cer").read_bytes()
    key = (sat / f"{stem}.key").read_bytes()
    servidor.instante = datetime(anio, 1, 1, tzinfo=UTC)
    servidor.politica = Politica(requiere_fiel=False)
    antes = len(servidor.verificados)
    identidad, resultado, peticiones = _firmar_en_pagina(
        navegador, servidor, tmp_path, cer, key, PASSWORD_SAT
    )
    assert identidad == f"{nombre} — RFC {rfc}"
    assert resultado == f"ok {rfc}"
    assert servidor.verificados[antes:] == [rfc]
    assert [p.metodo for p in peticiones].count("POST") == 1
    assert set(servidor.recibidos[-1]) == {"reto", "firma", "certificado"}
    _sin_secretos(peticiones, key, PASSWORD_SAT)


PASSWORD_RARA = "contraseña Ñ&ü 12345"


@pytest.mark.parametrize("esquema", ESQUEMAS)
def test_firma_con_llaves_generadas(
    navegador: Any, servidor: Servidor, credencial: Emisor, ac: AC, tmp_path: Path, esquema: str
) -> None:
    """AES-128/256 (PBKDF2-SHA256), SAT's 3DES and PBES1, a non-ASCII password, a T61 Ñ subject."""
    cer, key = credencial(
        rfc="ÑA&8001011A1",
        nombre="COMPAÑIA SANTA MARIA SA DE CV",
        representante=("XIQB891116QE4", "XIQB891116MGRMZR05"),
        rareza="t61_latin1",
        esquema=esquema,
        password=PASSWORD_RARA,
        desde=datetime.now(UTC) - timedelta(days=1),
        hasta=datetime.now(UTC) + timedelta(days=1),
    )
    servidor.instante = datetime.now(UTC)
    servidor.politica = Politica(confianza=Confianza([leer_certificado(ac.der)]))
    identidad, resultado, peticiones = _firmar_en_pagina(
        navegador, servidor, tmp_path, cer, key, PASSWORD_RARA
    )
    assert identidad == "COMPAÑIA SANTA MARIA SA DE CV — RFC ÑA&8001011A1"
    assert resultado == "ok ÑA&8001011A1"
    _sin_secretos(peticiones, key, PASSWORD_RARA)


def test_password_incorrecta_no_envia_nada(
    navegador: Any, servidor: Servidor, credencial: Emisor, tmp_path: Path
) -> None:
    cer, key = credencial()
    _, mensaje, peticiones = _firmar_en_pagina(
        navegador, servidor, tmp_path, cer, key, "equivocada", esperar_envio=False
    )
    assert "contraseña" in mensaje
    assert all(p.metodo == "GET" for p in peticiones)
    assert all(b"equivocada" not in p.cuerpo and "equivocada" not in p.url for p in peticiones)


def test_llave_de_otro_certificado(
    navegador: Any, servidor: Servidor, credencial: Emisor, tmp_path: Path
) -> None:
    cer, _ = credencial()
    _, otra_key = credencial()
    _, mensaje, peticiones = _firmar_en_pagina(
        navegador, servidor, tmp_path, cer, otra_key, PASSWORD_SAT, esperar_envio=False
    )
    assert "no corresponde" in mensaje
    assert all(p.metodo == "GET" for p in peticiones)


def test_paquete_de_node_forge_fijado_y_con_licencia() -> None:
    """The committed bundle is the pinned node-forge, and its license travels with it."""
    import json

    fijado = json.loads((RAIZ / "js" / "package.json").read_text())["dependencies"]["node-forge"]
    assert fijado[0].isdigit()  # an exact version, no range
    bloqueado = json.loads((RAIZ / "js" / "package-lock.json").read_text())
    assert bloqueado["packages"]["node_modules/node-forge"]["version"] == fijado
    paquete = (ESTATICOS / "forge.min.js").read_text()
    assert paquete.startswith(f"/*! node-forge {fijado} ")
    assert "BSD" in (ESTATICOS / "node-forge.LICENSE.txt").read_text()
