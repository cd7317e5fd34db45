"""RFC 3161 timestamps on checkpoints, from a local TSA served on loopback for the test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db import connection, transaction
from pyhanko.sign.timestamps import DummyTimeStamper

from buzon.evidencia.bitacora import anotar
from buzon.evidencia.models import CertificadoSello
from buzon.evidencia.puntos import do_punto_de_control
from buzon.evidencia.verificacion import verificar_bitacora

pytestmark = pytest.mark.django_db


def _tsa(carpeta: Path) -> tuple[DummyTimeStamper, Path]:
    ahora = datetime.now(UTC)
    llave_raiz = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nombre_raiz = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Raíz TSA de pruebas")])
    raiz = (
        x509.CertificateBuilder()
        .subject_name(nombre_raiz)
        .issuer_name(nombre_raiz)
        .public_key(llave_raiz.public_key())
        .serial_number(1)
        .not_valid_before(ahora - timedelta(days=1))
        .not_valid_after(ahora + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(llave_raiz, hashes.SHA256())
    )
    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificado = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA de pruebas")]))
        .issuer_name(nombre_raiz)
        .public_key(llave.public_key())
        .serial_number(2)
        .not_valid_before(ahora - timedelta(days=1))
        .not_valid_after(ahora + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(llave_raiz, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    ruta_raiz = carpeta / "raiz-tsa.cer"
    ruta_raiz.write_bytes(raiz.public_bytes(der))
    sellador = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificado.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            llave.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    return sellador, ruta_raiz


@pytest.fixture
def tsa_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    sellador, ruta_raiz = _tsa(tmp_path)

    class Manejador(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            solicitud = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            respuesta = sellador.request_tsa_response(solicitud).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(respuesta)))
            self.end_headers()
            self.wfile.write(respuesta)

        def log_message(self, *args: object) -> None:
            pass

    servidor = ThreadingHTTPServer(("127.0.0.1", 0), Manejador)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    monkeypatch.setenv("BUZON_TSA_URL", f"http://127.0.0.1:{servidor.server_address[1]}/")
    monkeypatch.setenv("BUZON_TSA_CONFIANZA", str(ruta_raiz))
    yield ruta_raiz
    servidor.shutdown()


def test_punto_de_control_con_sello_de_tiempo(sello: CertificadoSello, tsa_local: Path) -> None:
    with transaction.atomic():
        anotar("aviso_enviado", "AAA010101AAA")
    punto = do_punto_de_control()
    assert punto.sello_de_tiempo
    assert verificar_bitacora().integra
    # A genuine token, but for another checkpoint's data, is refused.
    with transaction.atomic():
        anotar("aviso_enviado", "AAA010101AAB")
    segundo = do_punto_de_control()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evidencia_puntodecontrol SET sello_de_tiempo = %s WHERE id = %s",
            [bytes(punto.sello_de_tiempo or b""), segundo.pk],
        )
    resultado = verificar_bitacora()
    assert not resultado.integra
    assert "sello de tiempo" in (resultado.problema or "")


def test_tsa_inalcanzable_falla_con_mensaje(
    sello: CertificadoSello, monkeypatch: pytest.MonkeyPatch
) -> None:
    from buzon.evidencia.tiempo import ErrorTiempo

    monkeypatch.setenv("BUZON_TSA_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("BUZON_TSA_CONFIANZA", "/dev/null")
    with pytest.raises(ErrorTiempo, match="no respondió"):
        do_punto_de_control()


def test_tsa_sin_raiz_de_confianza_se_rechaza(
    sello: CertificadoSello, monkeypatch: pytest.MonkeyPatch
) -> None:
    from buzon.evidencia.tiempo import ErrorTiempo

    monkeypatch.setenv("BUZON_TSA_URL", "http://127.0.0.1:9/")
    monkeypatch.delenv("BUZON_TSA_CONFIANZA", raising=False)
    with pytest.raises(ErrorTiempo, match="sin BUZON_TSA_CONFIANZA"):
        do_punto_de_control()
