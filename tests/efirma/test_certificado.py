from __future__ import annotations

import base64
from pathlib import Path

import pytest
from cryptography import x509

from buzon.efirma import ErrorEfirma, leer_certificado
from buzon.efirma.pki import AC

from .conftest import Emisor

# ../shared/sat-pruebas/README.md: stem -> (tipo, persona, rfc, rfc_rep, curp, curp_rep, until)
SAT_ESPERADO = {
    "moral-AAA010101AAA-fiel": (
        "FIEL", "moral", "AAA010101AAA", "HEGT7610034S2", None, "HEGT761003MDFRNN09", "2021-05-15"
    ),
    "moral-AAA010101AAA-csd": (
        "CSD", "moral", "AAA010101AAA", "HEGT7610034S2", None, "HEGT761003MDFRNN09", "2021-05-18"
    ),
    "moral-HyE951128469-fiel": (
        "FIEL", "moral", "H&E951128469", "XOJI740919U48", None, "XOJI740919MQTDMN02", "2023-06-19"
    ),
    "moral-HyE951128469-csd": (
        "CSD", "moral", "H&E951128469", "XOJI740919U48", None, "XOJI740919MQTDMN02", "2023-06-20"
    ),
    "fisica-XIQB891116QE4-fiel": (
        "FIEL", "fisica", "XIQB891116QE4", None, "XIQB891116MGRMZR05", None, "2023-05-27"
    ),
    "fisica-XIQB891116QE4-csd": (
        "CSD", "fisica", "XIQB891116QE4", None, "XIQB891116MGRMZR05", None, "2023-05-29"
    ),
    "produccion-SMA0112284B2-csd-solo-certificado": (
        "CSD", "moral", "SMA0112284B2", "GOCA741120HY0", None, "GOCA741120HVZMNR00", "2022-12-26"
    ),
}  # fmt: skip


def test_todos_los_certificados_del_sat_estan_previstos(sat: Path) -> None:
    assert {p.stem for p in sat.glob("*.cer")} == set(SAT_ESPERADO)


@pytest.mark.parametrize("stem", sorted(SAT_ESPERADO))
def test_inspecciona_certificados_del_sat(sat: Path, stem: str) -> None:
    tipo, persona, rfc, rfc_rep, curp, curp_rep, hasta = SAT_ESPERADO[stem]
    cert = leer_certificado((sat / f"{stem}.cer").read_bytes())
    identidad = cert.identidad()
    assert identidad["tipo"] == tipo
    assert identidad["persona"] == persona
    assert identidad["rfc"] == rfc
    assert identidad["rfc_representante"] == rfc_rep
    assert identidad["curp"] == curp
    assert identidad["curp_representante"] == curp_rep
    assert cert.valido_hasta.date().isoformat() == hasta
    assert len(cert.no_certificado) == 20
    assert cert.no_certificado.isdigit()
    assert cert.nombre
    assert cert.emisor


def test_certificado_de_produccion_que_cryptography_rechaza(sat: Path) -> None:
    datos = (sat / "produccion-SMA0112284B2-csd-solo-certificado.cer").read_bytes()
    with pytest.raises(ValueError, match="subject"):
        _ = x509.load_der_x509_certificate(datos).subject
    cert = leer_certificado(datos)
    assert cert.nombre == "COMPAÑIA SANTA MARIA SA DE CV"  # Latin-1 Ñ inside a T61String
    assert cert.no_certificado == "00001000000413053762"
    assert cert.der == datos


def test_numero_de_certificado_del_sat(sat: Path) -> None:
    cert = leer_certificado((sat / "moral-AAA010101AAA-fiel.cer").read_bytes())
    assert cert.no_certificado == "30001000000300023685"


def test_pem_y_der_dan_lo_mismo(sat: Path) -> None:
    datos = (sat / "fisica-XIQB891116QE4-fiel.cer").read_bytes()
    pem = leer_certificado(datos).pem.encode()
    assert leer_certificado(pem).identidad() == leer_certificado(datos).identidad()
    assert leer_certificado(pem).der == datos


@pytest.mark.parametrize(
    ("rareza", "nombre"),
    [("t61_latin1", "COMPAÑIA SANTA MARIA SA DE CV"), ("printable_utf8", "PEÑA & ASOCIADOS")],
)
def test_rarezas_del_sat_reproducidas(credencial: Emisor, ac: AC, rareza: str, nombre: str) -> None:
    cer, _ = credencial(
        rfc="ÑA&8001011A1",
        nombre=nombre,
        representante=("XIQB891116QE4", "XIQB891116MGRMZR05"),
        rareza=rareza,
    )
    cert = leer_certificado(cer)
    assert cert.nombre == nombre
    assert cert.rfc == "ÑA&8001011A1"
    # the bytes are kept: the CA's signature over the odd TBS still verifies
    assert cert.emitido_por(leer_certificado(ac.der))
    assert cert.der == cer


def test_rareza_t61_la_rechaza_cryptography(credencial: Emisor) -> None:
    cer, _ = credencial(nombre="COMPAÑIA", rareza="t61_latin1")
    with pytest.raises(ValueError, match="subject"):
        _ = x509.load_der_x509_certificate(cer).subject


def test_fiel_y_csd_generados(credencial: Emisor) -> None:
    fiel, _ = credencial()
    csd, _ = credencial(tipo="csd")
    assert leer_certificado(fiel).tipo == "FIEL"
    assert leer_certificado(csd).tipo == "CSD"


def test_csd_sin_ou_tampoco_es_fiel(sat: Path) -> None:
    """Without an OU the usages decide: digitalSignature + nonRepudiation alone is a CSD."""
    cert = leer_certificado((sat / "moral-AAA010101AAA-csd.cer").read_bytes())
    assert cert.usos == {"digitalSignature", "nonRepudiation"}
    assert not cert.usos_extendidos
    assert cert.tipo == "CSD"


def test_la_ac_no_es_fiel(ac: AC) -> None:
    assert leer_certificado(ac.der).tipo == "CSD"


@pytest.mark.parametrize(
    "datos",
    [
        b"",
        b"hola",
        b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
        base64.b64encode(b"\x30\x03\x02\x01\x01"),
        b"\x30\x03\x02\x01\x01",
    ],
)
def test_no_es_certificado(datos: bytes) -> None:
    with pytest.raises(ErrorEfirma) as error:
        leer_certificado(datos)
    assert error.value.codigo == "archivo_invalido"
    assert error.value.campo == "certificado"
    assert ".cer" in error.value.mensaje
