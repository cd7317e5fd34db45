from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from buzon.efirma import ErrorEfirma, cms_desacoplado, firmar, leer_certificado, leer_llave

from .conftest import PASSWORD_SAT, Emisor

OPENSSL = shutil.which("openssl")


def _openssl_verifica(tmp_path: Path, cms: bytes, datos: bytes) -> subprocess.CompletedProcess[str]:
    if OPENSSL is None:
        pytest.skip("*** openssl no está instalado: no se puede comprobar el CMS con openssl ***")
    (tmp_path / "firma.p7s").write_bytes(cms)
    (tmp_path / "datos.bin").write_bytes(datos)
    return subprocess.run(
        [
            OPENSSL, "cms", "-verify", "-binary", "-inform", "DER", "-noverify",
            "-in", str(tmp_path / "firma.p7s"), "-content", str(tmp_path / "datos.bin"),
            "-out", str(tmp_path / "salida.bin"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "datos", [b"buzon-reto|v1|sesion|...", "cadena con Ñ".encode(), bytes(range(256)) * 40]
)
def test_openssl_acepta_el_cms(credencial: Emisor, tmp_path: Path, datos: bytes) -> None:
    cer, key = credencial()
    firma = firmar(leer_llave(key, PASSWORD_SAT), datos)
    cms = cms_desacoplado(leer_certificado(cer), datos, firma)
    resultado = _openssl_verifica(tmp_path, cms, datos)
    assert resultado.returncode == 0, resultado.stderr
    assert "Verification successful" in resultado.stderr
    assert (tmp_path / "salida.bin").read_bytes() == datos
    otro = _openssl_verifica(tmp_path, cms, datos + b"x")
    assert otro.returncode != 0


def test_cms_con_certificado_real_del_sat(sat: Path, tmp_path: Path) -> None:
    cer = (sat / "moral-HyE951128469-fiel.cer").read_bytes()
    llave = leer_llave((sat / "moral-HyE951128469-fiel.key").read_bytes(), PASSWORD_SAT)
    datos = b"acuse"
    cms = cms_desacoplado(leer_certificado(cer), datos, firmar(llave, datos))
    assert cer in cms  # the certificate's original bytes
    resultado = _openssl_verifica(tmp_path, cms, datos)
    assert resultado.returncode == 0, resultado.stderr


def test_cms_solo_de_firmas_validas(credencial: Emisor) -> None:
    cer, key = credencial()
    firma = firmar(leer_llave(key, PASSWORD_SAT), b"a")
    with pytest.raises(ErrorEfirma) as error:
        cms_desacoplado(leer_certificado(cer), b"b", firma)
    assert error.value.codigo == "firma_invalida"
