"""Failures a person can meet: no server, TLS, answers that are not the Buzón's, redirections,
bad arguments. Always a Spanish sentence, a non-zero exit and, with --json, an object on stdout."""

from __future__ import annotations

import ipaddress
import os
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.cliente.conftest import Corrida, Efirma, Stub, _manejador
from tests.red import puerto_libre


def test_nadie_atiende(cli: Callable[..., Corrida]) -> None:
    url = f"http://127.0.0.1:{puerto_libre()}"
    corrida = cli("--json", "certificados", "--url", url)
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "conexion_rechazada"
    assert "No se pudo conectar con 127.0.0.1" in corrida.errores
    assert "Revise --url o BUZON_URL" in corrida.errores


def test_servidor_desconocido(cli: Callable[..., Corrida]) -> None:
    corrida = cli("certificados", "--url", "http://servidor-que-no-existe.invalid")
    assert corrida.codigo == 1
    assert "No se encontró el servidor «servidor-que-no-existe.invalid»" in corrida.errores


def test_respuesta_que_no_es_json(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    stub.responder(
        "GET", "/sello/certificados", lambda _p: (200, "text/html", b"<html>hola"), sesion=False
    )
    corrida = cli("--json", "certificados", "--url", stub.url)
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "respuesta_no_json"
    assert "no es una respuesta JSON del Buzón" in corrida.errores
    assert not Path("certificados-sello.json").exists()


def test_error_500_sin_cuerpo_del_buzon(cli: Callable[..., Corrida], stub: Stub) -> None:
    stub.responder(
        "GET", "/sello/certificados", lambda _p: (502, "text/html", b"Bad gateway"), sesion=False
    )
    corrida = cli("certificados", "--url", stub.url)
    assert corrida.codigo == 1
    assert "El servidor respondió con el estado 502" in corrida.errores


def test_operacion_que_el_servidor_no_tiene(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    stub.responder("GET", "/tramites", lambda _p: (404, "text/html", b"Not Found"))
    corrida = cli("tramites")
    assert corrida.codigo == 1
    assert "El servidor no tiene esta operación (estado 404)" in corrida.errores


def test_respuesta_sin_los_campos_del_contrato(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    stub.fijo("GET", "/notificaciones", {"otra": "cosa"})
    corrida = cli("notificaciones", "--json")
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "respuesta_inesperada"
    assert "«notificaciones»" in corrida.errores


def test_no_sigue_redirecciones_con_el_token(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0

    def redirigir(_p: object) -> tuple[int, str, bytes]:
        return 302, "text/plain", b""

    stub.responder("GET", "/acuses", redirigir)
    corrida = cli("acuses")
    assert corrida.codigo == 1
    assert "redirección (estado 302)" in corrida.errores
    assert [p.ruta for p in stub.peticiones].count("/api/v1/acuses") == 1


@pytest.mark.parametrize(
    ("argumentos", "texto"),
    [
        (["--json"], "faltan argumentos obligatorios: COMANDO"),
        (["--json", "abrir"], "faltan argumentos obligatorios: id"),
        (["volar", "--json"], "opción inválida"),
        (["certificados", "--json", "--url", "ftp://buzon.example"], "no es una dirección válida"),
        (["acuses", "--json", "--rfc", "NO-ES-RFC"], "no es un RFC válido"),
        (["--json", "entrar", "--cer", "no.cer", "--key", "no.key"], "No se pudo leer el archivo"),
    ],
)
def test_errores_de_uso_salen_2(
    cli: Callable[..., Corrida], argumentos: list[str], texto: str
) -> None:
    corrida = cli(*argumentos)
    assert corrida.codigo == 2
    assert corrida.json()["error"] == "argumento_invalido"
    assert texto in corrida.json()["mensaje"]
    assert texto in corrida.errores


def test_ayuda_en_espanol(cli: Callable[..., Corrida]) -> None:
    corrida = cli("presentar", "--help")
    assert corrida.codigo == 0
    assert corrida.salida.startswith("uso: buzon cliente presentar")
    assert "opciones:" in corrida.salida
    assert "BUZON_CLAVE_EFIRMA" in corrida.salida


# ------------------------------------------------------------------ TLS


@pytest.fixture
def servidor_tls(stub: Stub, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The stub behind HTTPS with a self-signed certificate for 127.0.0.1."""
    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nombre = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Buzón de prueba")])
    ahora = datetime.now(UTC)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(nombre)
        .issuer_name(nombre)
        .public_key(llave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora - timedelta(hours=1))
        .not_valid_after(ahora + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(llave, hashes.SHA256())
    )
    pem = tmp_path / "tls.pem"
    pem.write_bytes(certificado.public_bytes(serialization.Encoding.PEM))
    llave_pem = tmp_path / "tls.key"
    llave_pem.write_bytes(
        llave.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    contexto = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    contexto.load_cert_chain(pem, llave_pem)
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), _manejador(stub))
    servidor.socket = contexto.wrap_socket(servidor.socket, server_side=True)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"https://127.0.0.1:{servidor.server_address[1]}", pem
    servidor.shutdown()
    servidor.server_close()
    hilo.join(5)


def test_tls_no_verificable_y_con_la_ac_propia(
    cli: Callable[..., Corrida],
    stub: Stub,
    servidor_tls: tuple[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, pem = servidor_tls
    stub.fijo("GET", "/sello/certificados", {"certificados": []}, sesion=False)
    corrida = cli("--json", "certificados", "--url", url)
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "tls_no_verificable"
    assert "No se pudo verificar el certificado TLS de 127.0.0.1" in corrida.errores
    assert "SSL_CERT_FILE" in corrida.errores
    assert not [p for p in stub.peticiones if p.ruta.endswith("/certificados")]
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    confiado = cli("certificados", "--url", url)
    assert confiado.codigo == 0, confiado.errores


def test_https_contra_un_servidor_http(cli: Callable[..., Corrida], stub: Stub) -> None:
    corrida = cli("--json", "certificados", "--url", stub.url.replace("http://", "https://"))
    assert corrida.codigo == 1
    assert corrida.json()["error"] in ("tls_fallido", "error_de_red")
    assert "127.0.0.1" in corrida.errores


# ------------------------------------------------------------------ the installed command


def test_buzon_cliente_no_necesita_django(tmp_path: Path) -> None:
    entorno = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    entorno["BUZON_CLIENTE_DIR"] = str(tmp_path / "cfg")
    programa = (
        "import sys\n"
        "from buzon.cli import main\n"
        "codigo = main(['cliente', '--json', 'sesiones'])\n"
        "assert 'django' not in sys.modules, 'se importó Django'\n"
        "raise SystemExit(codigo)\n"
    )
    resultado = subprocess.run(
        [sys.executable, "-c", programa], env=entorno, capture_output=True, text=True, timeout=60
    )
    assert resultado.returncode == 0, resultado.stderr
    assert '"sesiones": []' in resultado.stdout
    ayuda = subprocess.run(
        [str(Path(sys.executable).parent / "buzon"), "cliente", "--help"],
        env=entorno,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ayuda.returncode == 0, ayuda.stderr
    assert ayuda.stdout.startswith("uso: buzon cliente")
