from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from buzon.efirma import (
    Confianza,
    ConsultorOCSP,
    ErrorEfirma,
    Politica,
    comprobar_certificado,
    firmar,
    leer_certificado,
    leer_llave,
    validar_credencial,
    verificar_firma,
)
from buzon.efirma.errores import ORDEN
from buzon.efirma.pkcs8 import cifrar_llave
from buzon.efirma.pki import AC, responder_ocsp, revocar
from buzon.efirma.validacion import AVISO_SIN_CONFIANZA, AVISO_SIN_OCSP, politica_desde_entorno

from .conftest import AHORA, PASSWORD_SAT, Emisor, transporte_local


def _error(
    cer: bytes, key: bytes, politica: Politica, *, instante: datetime = AHORA
) -> ErrorEfirma:
    with pytest.raises(ErrorEfirma) as error:
        validar_credencial(cer, key, PASSWORD_SAT, instante=instante, politica=politica)
    return error.value


@pytest.fixture
def politica(ac: AC) -> Politica:
    return Politica(
        confianza=Confianza([leer_certificado(ac.der)]),
        ocsp=ConsultorOCSP("http://ocsp.invalid/", transporte=transporte_local(ac)),
    )


# ------------------------------------------------------------------ SAT's files


SAT_PARES = [
    ("moral-AAA010101AAA-fiel", datetime(2020, 1, 1, tzinfo=UTC), "2021-05-15"),
    ("moral-HyE951128469-fiel", datetime(2022, 1, 1, tzinfo=UTC), "2023-06-19"),
    ("fisica-XIQB891116QE4-fiel", datetime(2022, 1, 1, tzinfo=UTC), "2023-05-27"),
]


@pytest.mark.parametrize(("stem", "dentro", "vence"), SAT_PARES)
def test_fiel_del_sat_valida_en_su_vigencia_y_vencida_hoy(
    sat: Path, stem: str, dentro: datetime, vence: str
) -> None:
    cer = (sat / f"{stem}.cer").read_bytes()
    key = (sat / f"{stem}.key").read_bytes()
    resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=dentro, politica=Politica())
    assert resultado.certificado.tipo == "FIEL"
    assert resultado.avisos == (AVISO_SIN_CONFIANZA, AVISO_SIN_OCSP)
    assert not resultado.emisor_verificado
    error = _error(cer, key, Politica(), instante=datetime.now(UTC))
    assert error.codigo == "vencido"
    assert error.fecha is not None
    assert error.fecha.date().isoformat() == vence
    assert "venció el" in error.mensaje


@pytest.mark.parametrize(
    "stem", ["moral-AAA010101AAA-csd", "moral-HyE951128469-csd", "fisica-XIQB891116QE4-csd"]
)
def test_csd_del_sat_no_es_fiel(sat: Path, stem: str) -> None:
    cer = (sat / f"{stem}.cer").read_bytes()
    key = (sat / f"{stem}.key").read_bytes()
    # no_es_fiel comes before vencido
    assert _error(cer, key, Politica(), instante=datetime.now(UTC)).codigo == "no_es_fiel"
    aceptado = Politica(requiere_fiel=False)
    resultado = validar_credencial(
        cer, key, PASSWORD_SAT, instante=datetime(2020, 1, 1, tzinfo=UTC), politica=aceptado
    )
    assert resultado.certificado.tipo == "CSD"
    assert _error(cer, key, aceptado, instante=datetime.now(UTC)).codigo == "vencido"


def test_csd_de_produccion_sin_llave(sat: Path) -> None:
    """Only a certificate: checked on its own, inside its validity and today."""
    cert = leer_certificado((sat / "produccion-SMA0112284B2-csd-solo-certificado.cer").read_bytes())
    csd = Politica(requiere_fiel=False)
    dentro = comprobar_certificado(cert, instante=datetime(2020, 1, 1, tzinfo=UTC), politica=csd)
    assert dentro.certificado.rfc == "SMA0112284B2"
    with pytest.raises(ErrorEfirma) as error:
        comprobar_certificado(cert, instante=datetime.now(UTC), politica=csd)
    assert error.value.codigo == "vencido"
    assert "26/12/2022" in error.value.mensaje
    with pytest.raises(ErrorEfirma, match="no_es_fiel"):
        comprobar_certificado(cert, instante=datetime.now(UTC), politica=Politica())


def test_sat_llave_de_otro_certificado(sat: Path) -> None:
    cer = (sat / "moral-AAA010101AAA-fiel.cer").read_bytes()
    key = (sat / "moral-AAA010101AAA-csd.key").read_bytes()
    assert _error(cer, key, Politica()).codigo == "llave_no_corresponde"


def test_sat_sin_su_ac_no_es_confiable(sat: Path, ac: AC) -> None:
    cer = (sat / "moral-AAA010101AAA-fiel.cer").read_bytes()
    key = (sat / "moral-AAA010101AAA-fiel.key").read_bytes()
    politica = Politica(confianza=Confianza([leer_certificado(ac.der)]))
    error = _error(cer, key, politica, instante=datetime(2020, 1, 1, tzinfo=UTC))
    assert error.codigo == "emisor_no_confiable"
    assert "A.C. 2 de pruebas(4096)" in error.mensaje


# ------------------------------------------------------------------ generated PKI


def test_vigente_con_cadena_y_ocsp(credencial: Emisor, politica: Politica) -> None:
    cer, key = credencial()
    resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=AHORA, politica=politica)
    assert resultado.emisor_verificado
    assert resultado.revocacion_verificada
    assert resultado.avisos == ()
    assert resultado.evidencia_ocsp is not None
    evidencia = ocsp.load_der_ocsp_response(resultado.evidencia_ocsp)
    assert evidencia.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert evidencia.serial_number == resultado.certificado.serie


def test_vencido_con_fecha(credencial: Emisor, politica: Politica) -> None:
    hasta = AHORA - timedelta(days=1)
    cer, key = credencial(desde=AHORA - timedelta(days=400), hasta=hasta)
    error = _error(cer, key, politica)
    assert error.codigo == "vencido"
    assert error.fecha == hasta.replace(microsecond=0)
    assert error.como_dict()["fecha"].startswith("2026-03-19T")


def test_aun_no_vigente(credencial: Emisor, politica: Politica) -> None:
    cer, key = credencial(desde=AHORA + timedelta(days=2), hasta=AHORA + timedelta(days=400))
    error = _error(cer, key, politica)
    assert error.codigo == "aun_no_vigente"
    assert "a partir del" in error.mensaje


def test_otra_ac(credencial: Emisor, politica: Politica, otra_ac: AC) -> None:
    cer, key = credencial(ac=otra_ac)
    assert _error(cer, key, politica).codigo == "emisor_no_confiable"


def test_ac_con_el_mismo_nombre_pero_otra_llave(credencial: Emisor, tmp_path: Path, ac: AC) -> None:
    """Same subject, different key: the signature decides, not the name."""
    from buzon.efirma.pki import crear_ac

    impostora = crear_ac(
        tmp_path, desde=AHORA - timedelta(days=10), hasta=AHORA + timedelta(days=10)
    )
    cer, key = credencial(ac=impostora)
    assert leer_certificado(cer).emisor_der == leer_certificado(ac.der).emisor_der
    politica = Politica(confianza=Confianza([leer_certificado(ac.der)]))
    assert _error(cer, key, politica).codigo == "emisor_no_confiable"


def test_revocado(credencial: Emisor, politica: Politica, ac: AC) -> None:
    cer, key = credencial()
    revocar(ac, cer, AHORA - timedelta(hours=2))
    error = _error(cer, key, politica)
    assert error.codigo == "revocado"
    assert error.fecha == (AHORA - timedelta(hours=2)).replace(microsecond=0)


def test_llave_no_corresponde(credencial: Emisor, politica: Politica) -> None:
    cer, _ = credencial()
    _, otra_key = credencial()
    assert _error(cer, otra_key, politica).codigo == "llave_no_corresponde"


def test_csd_generado(credencial: Emisor, politica: Politica) -> None:
    cer, key = credencial(tipo="csd")
    assert _error(cer, key, politica).codigo == "no_es_fiel"


@pytest.mark.parametrize(
    ("rfc", "representante"),
    [("ÑA&8001011A1", ("ÑAXA800101AB1", "ÑAXA800101HDFRRN09")), ("&ÑAA800101AB1", None)],
)
def test_rfc_con_enie_y_ampersand(
    credencial: Emisor, politica: Politica, rfc: str, representante: tuple[str, str] | None
) -> None:
    cer, key = credencial(rfc=rfc, representante=representante, curp="ÑAXA800101HDFRRN09")
    resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=AHORA, politica=politica)
    assert resultado.certificado.rfc == rfc
    if representante:
        assert resultado.certificado.rfc_representante == representante[0]


def test_orden_de_los_errores(credencial: Emisor, politica: Politica, otra_ac: AC) -> None:
    """A CSD that is also expired, from an untrusted CA, with the wrong key: each check in turn."""
    cer, key = credencial(
        ac=otra_ac, tipo="csd", desde=AHORA - timedelta(days=400), hasta=AHORA - timedelta(days=1)
    )
    _, otra_key = credencial()
    vistos = [
        _error(b"basura", key, politica).codigo,
        _error(cer, b"basura", politica).codigo,
    ]
    with pytest.raises(ErrorEfirma) as error:
        validar_credencial(cer, key, "mala", instante=AHORA, politica=politica)
    vistos.append(error.value.codigo)
    vistos.append(_error(cer, otra_key, politica).codigo)
    vistos.append(_error(cer, key, politica).codigo)
    fiel_vencido, key2 = credencial(
        ac=otra_ac, desde=AHORA - timedelta(days=400), hasta=AHORA - timedelta(days=1)
    )
    vistos.append(_error(fiel_vencido, key2, politica).codigo)
    futuro, key3 = credencial(ac=otra_ac, desde=AHORA + timedelta(days=1))
    vistos.append(_error(futuro, key3, politica).codigo)
    ajeno, key4 = credencial(ac=otra_ac)
    vistos.append(_error(ajeno, key4, politica).codigo)
    assert vistos == [
        "archivo_invalido",
        "archivo_invalido",
        "password_incorrecta",
        "llave_no_corresponde",
        "no_es_fiel",
        "vencido",
        "aun_no_vigente",
        "emisor_no_confiable",
    ]
    assert vistos[-1] == ORDEN[-2]


# ------------------------------------------------------------------ OCSP


def test_ocsp_cache_y_evidencia(credencial: Emisor, ac: AC) -> None:
    transporte = transporte_local(ac)
    consultor = ConsultorOCSP(
        "http://ocsp.invalid/", transporte=transporte, vigencia_cache=timedelta(minutes=5)
    )
    politica = Politica(confianza=Confianza([leer_certificado(ac.der)]), ocsp=consultor)
    cer, _ = credencial()
    cert = leer_certificado(cer)
    emisor = leer_certificado(ac.der)
    reloj = datetime.now(UTC)
    primera = consultor.consultar(cert, emisor, AHORA, ahora=reloj)
    segunda = consultor.consultar(cert, emisor, AHORA, ahora=reloj + timedelta(minutes=4))
    assert not primera.de_cache
    assert segunda.de_cache
    assert segunda.respuesta == primera.respuesta
    assert len(transporte.llamadas) == 1  # type: ignore[attr-defined]
    tercera = consultor.consultar(cert, emisor, AHORA, ahora=reloj + timedelta(minutes=6))
    assert not tercera.de_cache
    assert len(transporte.llamadas) == 2  # type: ignore[attr-defined]
    assert politica.ocsp is consultor


def test_ocsp_no_guarda_revocados_en_cache(credencial: Emisor, ac: AC) -> None:
    transporte = transporte_local(ac)
    consultor = ConsultorOCSP("http://ocsp.invalid/", transporte=transporte)
    cer, _ = credencial()
    cert, emisor = leer_certificado(cer), leer_certificado(ac.der)
    revocar(ac, cer, AHORA - timedelta(minutes=1))
    for _ in range(2):
        with pytest.raises(ErrorEfirma, match="revocado"):
            consultor.consultar(cert, emisor, AHORA)
    assert len(transporte.llamadas) == 2  # type: ignore[attr-defined]


def _puerto_cerrado() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto: int = s.getsockname()[1]
    return puerto


def test_ocsp_inalcanzable_falla_cerrado(credencial: Emisor, ac: AC) -> None:
    politica = Politica(
        confianza=Confianza([leer_certificado(ac.der)]),
        ocsp=ConsultorOCSP(f"http://127.0.0.1:{_puerto_cerrado()}/", espera=2),
    )
    cer, key = credencial()
    error = _error(cer, key, politica)
    assert error.codigo == "revocacion_no_verificable"
    assert "no responde" in error.mensaje


def test_ocsp_sin_confianza_falla_cerrado(credencial: Emisor, ac: AC) -> None:
    politica = Politica(ocsp=ConsultorOCSP("http://x/", transporte=transporte_local(ac)))
    cer, key = credencial()
    assert _error(cer, key, politica).codigo == "revocacion_no_verificable"


def _respuesta_falsa(
    firmante: AC, responder: x509.Certificate, certificados: list[x509.Certificate]
) -> Callable[[str, bytes, float], bytes]:
    """An OCSP 'network' answering GOOD about the asked certificate, signed by `firmante`."""

    def enviar(url: str, cuerpo: bytes, espera: float) -> bytes:
        consulta = ocsp.load_der_ocsp_request(cuerpo)
        constructor = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                consulta.issuer_name_hash,
                consulta.issuer_key_hash,
                consulta.serial_number,
                consulta.hash_algorithm,
                ocsp.OCSPCertStatus.GOOD,
                datetime.now(UTC),
                datetime.now(UTC) + timedelta(hours=1),
                None,
                None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
            .add_extension(
                consulta.extensions.get_extension_for_class(x509.OCSPNonce).value, critical=False
            )
        )
        if certificados:
            constructor = constructor.certificates(certificados)
        return constructor.sign(firmante.llave, hashes.SHA256()).public_bytes(
            serialization.Encoding.DER
        )

    return enviar


def _politica_con(ac: AC, transporte: Callable[[str, bytes, float], bytes]) -> Politica:
    return Politica(
        confianza=Confianza([leer_certificado(ac.der)]),
        ocsp=ConsultorOCSP("http://x/", transporte=transporte),
    )


def test_ocsp_firmado_por_otra_ac(credencial: Emisor, ac: AC, otra_ac: AC) -> None:
    politica = _politica_con(ac, _respuesta_falsa(otra_ac, otra_ac.certificado, []))
    cer, key = credencial()
    error = _error(cer, key, politica)
    assert error.codigo == "revocacion_no_verificable"
    assert "no está firmada por el emisor" in error.mensaje


def _delegado(ac: AC, firmante: AC, *, proposito_ocsp: bool) -> x509.Certificate:
    """A responder certificate for `firmante`'s key, issued by `ac`."""
    constructor = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "OCSP")]))
        .issuer_name(ac.certificado.subject)
        .public_key(firmante.llave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.now(UTC) - timedelta(days=1))
        .not_valid_after(datetime.now(UTC) + timedelta(days=1))
    )
    if proposito_ocsp:
        constructor = constructor.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False
        )
    return constructor.sign(ac.llave, hashes.SHA256())


@pytest.mark.parametrize("proposito_ocsp", [True, False])
def test_ocsp_respondedor_delegado(
    credencial: Emisor, ac: AC, otra_ac: AC, proposito_ocsp: bool
) -> None:
    """A responder the issuer delegated (EKU OCSPSigning) is accepted; without the EKU it is not."""
    delegado = _delegado(ac, otra_ac, proposito_ocsp=proposito_ocsp)
    politica = _politica_con(ac, _respuesta_falsa(otra_ac, delegado, [delegado]))
    cer, key = credencial()
    if proposito_ocsp:
        resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=AHORA, politica=politica)
        assert resultado.revocacion_verificada
    else:
        assert _error(cer, key, politica).codigo == "revocacion_no_verificable"


def test_ocsp_sin_nonce_o_con_otro(credencial: Emisor, ac: AC) -> None:
    from cryptography.x509 import OCSPNonce
    from cryptography.x509 import ocsp as o

    def sin_nonce(url: str, cuerpo: bytes, espera: float) -> bytes:
        consulta = o.load_der_ocsp_request(cuerpo)
        otra = (
            o.OCSPRequestBuilder()
            .add_certificate_by_hash(
                consulta.issuer_name_hash,
                consulta.issuer_key_hash,
                consulta.serial_number,
                consulta.hash_algorithm,
            )
            .add_extension(OCSPNonce(b"0123456789abcdef"), critical=False)
            .build()
        )
        return responder_ocsp(ac, otra.public_bytes(serialization.Encoding.DER))

    politica = Politica(
        confianza=Confianza([leer_certificado(ac.der)]),
        ocsp=ConsultorOCSP("http://x/", transporte=sin_nonce),
    )
    cer, key = credencial()
    error = _error(cer, key, politica)
    assert error.codigo == "revocacion_no_verificable"
    assert "nonce" in error.mensaje


def test_ocsp_desconocido(ac: AC, credencial: Emisor) -> None:
    cer, key = credencial(registrar=False)
    politica = Politica(
        confianza=Confianza([leer_certificado(ac.der)]),
        ocsp=ConsultorOCSP("http://x/", transporte=transporte_local(ac)),
    )
    assert _error(cer, key, politica).codigo == "revocacion_no_verificable"


@pytest.fixture
def servidor_ocsp(ac: AC) -> Iterator[str]:
    from buzon.cli.pki import servidor_ocsp as crear

    servidor = crear(ac, "127.0.0.1", 0)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield f"http://127.0.0.1:{servidor.server_address[1]}/"
    servidor.shutdown()
    servidor.server_close()


def test_ocsp_por_http_con_el_servicio_de_pruebas(
    credencial: Emisor, ac: AC, servidor_ocsp: str
) -> None:
    ahora = datetime.now(UTC)
    cer, key = credencial(desde=ahora - timedelta(days=1), hasta=ahora + timedelta(days=1))
    politica = Politica(
        confianza=Confianza([leer_certificado(ac.der)]), ocsp=ConsultorOCSP(servidor_ocsp)
    )
    resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=ahora, politica=politica)
    assert resultado.revocacion_verificada


# ------------------------------------------------------------------ signatures & environment


def test_verificar_firma(credencial: Emisor, politica: Politica) -> None:
    cer, key = credencial()
    llave = leer_llave(key, PASSWORD_SAT)
    firma = firmar(llave, "cadena ñ".encode())
    resultado = verificar_firma(cer, "cadena ñ".encode(), firma, instante=AHORA, politica=politica)
    assert resultado.certificado.rfc == "XIQB891116QE4"
    with pytest.raises(ErrorEfirma, match="firma_invalida"):
        verificar_firma(cer, b"otra cadena", firma, instante=AHORA, politica=politica)


def test_politica_desde_entorno(ac: AC, tmp_path: Path) -> None:
    (tmp_path / "ac.pem").write_text(leer_certificado(ac.der).pem)
    (tmp_path / "LEEME.txt").write_text("no es certificado, y no se lee")
    politica = politica_desde_entorno(
        {"BUZON_CONFIANZA": str(tmp_path), "BUZON_OCSP_URL": "http://127.0.0.1:1/"}
    )
    assert politica.confianza is not None
    assert len(politica.confianza.autoridades) == 1
    assert politica.ocsp is not None
    assert politica.ocsp.url == "http://127.0.0.1:1/"
    vacia = politica_desde_entorno({})
    assert vacia.confianza is None
    assert vacia.ocsp is None


def test_carpeta_de_confianza_invalida(tmp_path: Path) -> None:
    with pytest.raises(ErrorEfirma, match="no existe"):
        Confianza.desde_carpeta(tmp_path / "nada")
    with pytest.raises(ErrorEfirma, match="no contiene"):
        Confianza.desde_carpeta(tmp_path)
    (tmp_path / "mal.cer").write_bytes(b"basura")
    with pytest.raises(ErrorEfirma, match=r"mal\.cer"):
        Confianza.desde_carpeta(tmp_path)


def test_sin_rfc_no_es_fiel(ac: AC, llaves: Iterator[rsa.RSAPrivateKey]) -> None:
    """e.firma usages but no x500UniqueIdentifier: not an e.firma of SAT's."""
    llave = next(llaves)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SIN RFC")]))
        .issuer_name(ac.certificado.subject)
        .public_key(llave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(AHORA - timedelta(days=1))
        .not_valid_after(AHORA + timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(
            x509.KeyUsage(True, True, False, True, True, False, False, False, False),
            critical=False,
        )
        .sign(ac.llave, hashes.SHA256())
    )
    leido = leer_certificado(cert.public_bytes(serialization.Encoding.DER))
    assert leido.tipo == "FIEL"
    key = cifrar_llave(llave, PASSWORD_SAT)
    error = _error(leido.der, key, Politica(confianza=Confianza([leer_certificado(ac.der)])))
    assert error.codigo == "no_es_fiel"
    assert "RFC" in error.mensaje


def test_revocado_despues_del_instante(credencial: Emisor, ac: AC) -> None:
    """A signature checked at a past instant stands if the revocation came later."""
    transporte = transporte_local(ac)
    politica = _politica_con(ac, transporte)
    cer, key = credencial()
    revocar(ac, cer, AHORA + timedelta(days=1))
    for _ in range(2):
        resultado = validar_credencial(cer, key, PASSWORD_SAT, instante=AHORA, politica=politica)
        assert resultado.revocacion_verificada
        evidencia = ocsp.load_der_ocsp_response(resultado.evidencia_ocsp or b"")
        assert evidencia.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert len(transporte.llamadas) == 2  # type: ignore[attr-defined]  # never cached
    error = _error(cer, key, politica, instante=AHORA + timedelta(days=2))
    assert error.codigo == "revocado"
