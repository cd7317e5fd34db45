"""`buzon efirma …` and `buzon pki …`, in-process and through the installed console command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from buzon.cli import main
from buzon.efirma import decodificar_firma, leer_certificado

from .conftest import PASSWORD_SAT, RAIZ


def correr(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    codigo = main(list(args))
    salida = capsys.readouterr().out.strip().splitlines()
    assert len(salida) == 1, salida  # exactly one JSON object
    return codigo, json.loads(salida[0])


def test_inspeccionar_sat(capsys: pytest.CaptureFixture[str], sat: Path) -> None:
    codigo, datos = correr(
        capsys, "efirma", "inspeccionar", str(sat / "moral-HyE951128469-fiel.cer")
    )
    assert codigo == 0
    assert datos == {
        "tipo": "FIEL",
        "persona": "moral",
        "rfc": "H&E951128469",
        "curp": None,
        "rfc_representante": "XOJI740919U48",
        "curp_representante": "XOJI740919MQTDMN02",
        "nombre": "HERRERIA & ELECTRICOS S DE CV",
        "no_certificado": "30001000000400002460",
        "valido_desde": "2019-06-20T12:02:40-05:00",
        "valido_hasta": "2023-06-19T11:02:40-06:00",  # no DST in Mexico since late 2022
        "emisor": "AC UAT",
    }


def test_inspeccionar_no_certificado(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "x.cer").write_bytes(b"no")
    codigo, datos = correr(capsys, "efirma", "inspeccionar", str(tmp_path / "x.cer"))
    assert codigo == 1
    assert datos["error"] == "archivo_invalido"
    codigo, datos = correr(capsys, "efirma", "inspeccionar", str(tmp_path / "no-existe.cer"))
    assert (codigo, datos["error"]) == (1, "archivo_invalido")
    assert "no-existe.cer" in datos["mensaje"]


def test_validar_sat_en_fecha_y_hoy(capsys: pytest.CaptureFixture[str], sat: Path) -> None:
    cer, key = (
        str(sat / "fisica-XIQB891116QE4-fiel.cer"),
        str(sat / "fisica-XIQB891116QE4-fiel.key"),
    )
    base = ["efirma", "validar", "--cer", cer, "--key", key, "--password", PASSWORD_SAT]
    codigo, datos = correr(capsys, *base, "--fecha", "2022-06-01T10:00:00-05:00")
    assert codigo == 0
    assert datos["valido"] is True
    assert datos["rfc"] == "XIQB891116QE4"
    assert datos["curp"] == "XIQB891116MGRMZR05"
    assert any("BUZON_CONFIANZA" in aviso for aviso in datos["avisos"])
    codigo, datos = correr(capsys, *base)
    assert codigo == 1
    assert datos["valido"] is False
    assert datos["error"] == "vencido"
    assert "27/05/2023" in datos["mensaje"]
    codigo, datos = correr(capsys, *base[:-1], "mala")
    assert (codigo, datos["valido"], datos["error"]) == (1, False, "password_incorrecta")


def test_argumentos_invalidos(capsys: pytest.CaptureFixture[str]) -> None:
    codigo, datos = correr(capsys, "efirma", "validar", "--cer", "x")
    assert codigo == 2
    assert datos["error"] == "argumento_invalido"
    assert datos["valido"] is False
    codigo, datos = correr(capsys, "efirma", "inspeccionar", "x", "--fecha", "ayer")
    assert codigo == 2


def test_pki_de_punta_a_punta(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUZON_CONFIANZA", raising=False)
    monkeypatch.delenv("BUZON_OCSP_URL", raising=False)
    ac_dir, salida = tmp_path / "ac", tmp_path / "credenciales"
    assert correr(capsys, "pki", "crear-ac", "--dir", str(ac_dir))[0] == 0
    codigo, emitido = correr(
        capsys, "pki", "emitir", "--ac", str(ac_dir), "--rfc", "ÑA&8001011A1",
        "--nombre", "PEÑA & ASOCIADOS SC", "--representante", "XIQB891116QE4/XIQB891116MGRMZR05",
        "--password", "otra clave", "--salida", str(salida),
    )  # fmt: skip
    assert codigo == 0, emitido
    cer, key = salida / "ÑA&8001011A1.cer", salida / "ÑA&8001011A1.key"
    assert emitido["cer"] == str(cer)
    assert cer.is_file()
    assert key.is_file()
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert emitido["rfc"] == "ÑA&8001011A1"
    assert emitido["rfc_representante"] == "XIQB891116QE4"
    base = ["--cer", str(cer), "--key", str(key), "--password", "otra clave"]
    codigo, datos = correr(capsys, "efirma", "validar", *base, "--confianza", str(ac_dir))
    assert codigo == 0, datos
    assert datos["emisor_verificado"] is True
    codigo, firmado = correr(capsys, "efirma", "firmar", *base, "--cadena", "reto ñ")
    assert codigo == 0
    certificado = leer_certificado(cer.read_bytes())
    assert certificado.verificar(decodificar_firma(firmado["firma"]), "reto ñ".encode())
    codigo, verificado = correr(
        capsys, "efirma", "verificar", "--cer", str(cer), "--firma", firmado["firma"],
        "--cadena", "reto ñ", "--confianza", str(ac_dir),
    )  # fmt: skip
    assert codigo == 0, verificado
    codigo, malo = correr(
        capsys, "efirma", "verificar", "--cer", str(cer), "--firma", firmado["firma"],
        "--cadena", "otro",
    )  # fmt: skip
    assert (codigo, malo["error"]) == (1, "firma_invalida")
    codigo, cms = correr(
        capsys, "efirma", "cms", "--cer", str(cer), "--firma", firmado["firma"],
        "--cadena", "reto ñ", "--salida", str(tmp_path / "firma.p7s"),
    )  # fmt: skip
    assert codigo == 0
    assert (tmp_path / "firma.p7s").stat().st_size == cms["bytes"]
    # revocation is seen by the responder
    codigo, revocado = correr(capsys, "pki", "revocar", "--ac", str(ac_dir), "--cer", str(cer))
    assert codigo == 0
    assert revocado["revocado"] == f"{certificado.serie:x}"


def test_pki_expirado_y_csd(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ac_dir = tmp_path / "ac"
    correr(capsys, "pki", "crear-ac", "--dir", str(ac_dir))
    ayer = datetime.now(UTC) - timedelta(days=1)
    codigo, datos = correr(
        capsys, "pki", "emitir", "--ac", str(ac_dir), "--rfc", "XIQB891116QE4",
        "--nombre", "BERENICE", "--curp", "XIQB891116MGRMZR05", "--tipo", "csd",
        "--desde", (ayer - timedelta(days=30)).isoformat(), "--hasta", ayer.isoformat(),
        "--cifrado", "pbes2-aes256", "--salida", str(tmp_path),
    )  # fmt: skip
    assert codigo == 0, datos
    assert datos["tipo"] == "CSD"
    base = [
        "efirma", "validar", "--cer", str(tmp_path / "XIQB891116QE4.cer"),
        "--key", str(tmp_path / "XIQB891116QE4.key"), "--password", PASSWORD_SAT,
    ]  # fmt: skip
    assert correr(capsys, *base)[1]["error"] == "no_es_fiel"
    assert correr(capsys, *base, "--aceptar-csd")[1]["error"] == "vencido"


def test_pki_rechaza_rfc_peligroso(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    correr(capsys, "pki", "crear-ac", "--dir", str(tmp_path / "ac"))
    for rfc in ["../../etc/passwd", "AAA010101AA/", "XIQB891116QE4/.."]:
        codigo, datos = correr(
            capsys, "pki", "emitir", "--ac", str(tmp_path / "ac"), "--rfc", rfc,
            "--nombre", "X", "--salida", str(tmp_path / "salida"),
        )  # fmt: skip
        assert codigo == 1
        assert datos["error"] == "pki_invalida"
    assert not (tmp_path / "salida").exists()


def test_pki_ocsp_solo_loopback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    correr(capsys, "pki", "crear-ac", "--dir", str(tmp_path / "ac"))
    codigo, datos = correr(capsys, "pki", "ocsp", "--ac", str(tmp_path / "ac"), "--host", "0.0.0.0")
    assert codigo == 2
    assert "loopback" in datos["mensaje"]


def test_comando_instalado_y_servicio_ocsp(tmp_path: Path) -> None:
    """The real console command: a CA, an OCSP responder process, and validation against it."""
    buzon = shutil.which("buzon", path=str(Path(sys.executable).parent)) or str(
        RAIZ / ".venv" / "bin" / "buzon"
    )
    entorno = {k: v for k, v in os.environ.items() if not k.startswith("BUZON_")}

    def ejecutar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [buzon, *args], capture_output=True, text=True, env=entorno, check=False, timeout=60
        )

    assert ejecutar("pki", "crear-ac", "--dir", str(tmp_path / "ac")).returncode == 0
    emitido = ejecutar(
        "pki", "emitir", "--ac", str(tmp_path / "ac"), "--rfc", "H&E951128469",
        "--nombre", "HERRERIA & ELECTRICOS", "--representante", "XOJI740919U48/XOJI740919MQTDMN02",
        "--salida", str(tmp_path),
    )  # fmt: skip
    assert emitido.returncode == 0, emitido.stdout + emitido.stderr
    servicio = subprocess.Popen(
        [buzon, "pki", "ocsp", "--ac", str(tmp_path / "ac")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=entorno,
    )
    try:
        assert servicio.stdout is not None
        url = json.loads(servicio.stdout.readline())["url"]
        assert url.startswith("http://127.0.0.1:")
        validar = [
            "efirma", "validar", "--cer", str(tmp_path / "H&E951128469.cer"),
            "--key", str(tmp_path / "H&E951128469.key"), "--password", PASSWORD_SAT,
            "--confianza", str(tmp_path / "ac"), "--ocsp", url,
        ]  # fmt: skip
        bueno = ejecutar(*validar)
        assert bueno.returncode == 0, bueno.stdout
        assert json.loads(bueno.stdout)["revocacion_verificada"] is True
        assert (
            ejecutar(
                "pki",
                "revocar",
                "--ac",
                str(tmp_path / "ac"),
                "--cer",
                str(tmp_path / "H&E951128469.cer"),
            ).returncode
            == 0
        )
        revocado = ejecutar(*validar)
        assert revocado.returncode == 1
        assert json.loads(revocado.stdout)["error"] == "revocado"
        media_hora = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
        antes = ejecutar(*validar, "--fecha", media_hora)  # revoked after that instant
        assert antes.returncode == 0, antes.stdout
    finally:
        servicio.terminate()
        servicio.wait(timeout=10)
    caido = ejecutar(*validar)
    assert caido.returncode == 1
    assert json.loads(caido.stdout)["error"] == "revocacion_no_verificable"


def test_firmar_y_verificar_archivo_con_password_del_entorno(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    correr(capsys, "pki", "crear-ac", "--dir", str(tmp_path / "ac"))
    correr(
        capsys, "pki", "emitir", "--ac", str(tmp_path / "ac"), "--rfc", "XIQB891116QE4",
        "--nombre", "BERENICE", "--salida", str(tmp_path),
    )  # fmt: skip
    documento = tmp_path / "documento.pdf"
    documento.write_bytes(b"%PDF-1.7 \x00\xff bytes exactos")
    monkeypatch.setenv("BUZON_EFIRMA_PASSWORD", PASSWORD_SAT)
    cer = str(tmp_path / "XIQB891116QE4.cer")
    codigo, firmado = correr(
        capsys, "efirma", "firmar", "--cer", cer, "--key", str(tmp_path / "XIQB891116QE4.key"),
        "--archivo", str(documento),
    )  # fmt: skip
    assert codigo == 0, firmado
    codigo, verificado = correr(
        capsys, "efirma", "verificar", "--cer", cer, "--firma", firmado["firma"],
        "--archivo", str(documento),
    )  # fmt: skip
    assert codigo == 0, verificado
    assert verificado["valido"] is True
    monkeypatch.delenv("BUZON_EFIRMA_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    codigo, sin_password = correr(
        capsys, "efirma", "validar", "--cer", cer, "--key", str(tmp_path / "XIQB891116QE4.key")
    )
    assert codigo == 2
    assert sin_password["valido"] is False
    assert "BUZON_EFIRMA_PASSWORD" in sin_password["mensaje"]


def test_errores_de_archivo_en_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    correr(capsys, "pki", "crear-ac", "--dir", str(tmp_path / "ac"))
    (tmp_path / "ac" / "revocados.json").write_text("{roto")
    codigo, datos = correr(
        capsys, "pki", "revocar", "--ac", str(tmp_path / "ac"), "--no-certificado", "1"
    )
    assert (codigo, datos["error"]) == (1, "pki_invalida")
    assert "revocados.json" in datos["mensaje"]
    (tmp_path / "bloqueo").write_text("un archivo donde debería ir una carpeta")
    codigo, datos = correr(capsys, "pki", "crear-ac", "--dir", str(tmp_path / "bloqueo" / "ac"))
    assert (codigo, datos["error"]) == (1, "error_de_archivo")
