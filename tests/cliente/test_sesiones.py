"""Logging in against a contract-shaped stub: the reto is signed here, only the certificate, the
reto and the signature travel; sessions are kept per RFC in private files."""

from __future__ import annotations

import base64
import io
import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cliente.conftest import CLAVE, Corrida, Efirma, Stub, respuesta_json


def _modo(ruta: Path) -> int:
    return stat.S_IMODE(ruta.stat().st_mode)


def _sin_secretos(stub: Stub, *efirmas: Efirma) -> None:
    """Nothing the server received (bodies, paths, headers) holds the key or its password."""
    assert stub.peticiones
    for peticion in stub.peticiones:
        enviado = (
            peticion.cuerpo
            + peticion.ruta.encode()
            + json.dumps(peticion.cabeceras, ensure_ascii=False).encode("utf-8")
        )
        for efirma in efirmas:
            for secreto in efirma.secretos():
                assert secreto not in enviado, (peticion.metodo, peticion.ruta)


def test_entrar_firma_el_reto_aqui_y_nunca_envia_la_llave(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, tmp_path: Path
) -> None:
    corrida = cli("entrar", *efirma_a.argumentos, "--url", stub.url)
    assert corrida.codigo == 0, corrida.errores
    assert "Sesión abierta para XIQB891116QE4" in corrida.salida
    assert [(p.metodo, p.ruta) for p in stub.peticiones] == [
        ("POST", "/api/v1/sesiones/reto"),
        ("POST", "/api/v1/sesiones"),
    ]
    assert stub.peticiones[0].cuerpo == b""
    enviado = stub.peticiones[1].json()
    assert set(enviado) == {"certificado", "reto", "firma"}
    assert base64.b64decode(enviado["certificado"]) == efirma_a.patron.cer
    assert enviado["firma"] == efirma_a.patron.firmar(enviado["reto"].encode())
    _sin_secretos(stub, efirma_a)
    carpeta = tmp_path / "config" / "sesiones"
    archivo = carpeta / "XIQB891116QE4.json"
    assert _modo(archivo) == 0o600
    assert _modo(carpeta) == 0o700
    assert _modo(tmp_path / "config" / "ultima") == 0o600
    guardada = json.loads(archivo.read_text("utf-8"))
    assert guardada["token"] in stub.tokens
    assert guardada["url"] == stub.url + "/api/v1"
    contenido = archivo.read_bytes()
    for secreto in efirma_a.secretos():
        assert secreto not in contenido
    assert not list(carpeta.glob(".tmp-*"))


def test_entrar_con_json_no_muestra_el_token(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    corrida = cli("--json", "entrar", *efirma_a.argumentos, "--url", stub.url)
    assert corrida.codigo == 0
    datos = corrida.json()
    assert datos["rfc"] == "XIQB891116QE4"
    assert datos["perfil"] == "particular"
    assert datos["url"] == stub.url + "/api/v1"
    assert "token" not in datos
    assert not any(token in corrida.salida for token in stub.tokens)


def test_un_contador_con_sesiones_de_varios_rfc(
    cli: Callable[..., Corrida],
    stub: Stub,
    efirma_a: Efirma,
    efirma_b: Efirma,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUZON_URL", stub.url)
    stub.responder(
        "GET", "/acuses", lambda p: respuesta_json({"acuses": [], "rfc": stub.rfc_de(p)})
    )
    assert cli("entrar", *efirma_a.argumentos).codigo == 0
    assert cli("entrar", *efirma_b.argumentos).codigo == 0
    archivo_b = tmp_path / "config" / "sesiones" / "H&E951128469.json"
    assert _modo(archivo_b) == 0o600
    listado = cli("sesiones", "--json").json()
    assert [(s["rfc"], s["predeterminada"]) for s in listado["sesiones"]] == [
        ("H&E951128469", True),
        ("XIQB891116QE4", False),
    ]
    # without --rfc: the one used last
    assert cli("acuses", "--json").json()["rfc"] == "H&E951128469"
    # --rfc chooses, and becomes the default
    assert cli("acuses", "--json", "--rfc", "xiqb891116qe4").json()["rfc"] == "XIQB891116QE4"
    assert cli("acuses", "--json").json()["rfc"] == "XIQB891116QE4"
    humano = cli("sesiones")
    assert "* XIQB891116QE4" in humano.salida
    assert "H&E951128469" in humano.salida
    sin = cli("acuses", "--rfc", "AAA010101AAA")
    assert sin.codigo == 1
    assert "No hay una sesión guardada para AAA010101AAA" in sin.errores


def test_con_varias_sesiones_y_ninguna_ultima_pide_rfc(
    cli: Callable[..., Corrida],
    stub: Stub,
    efirma_a: Efirma,
    efirma_b: Efirma,
    tmp_path: Path,
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    assert cli("entrar", *efirma_b.argumentos, "--url", stub.url).codigo == 0
    (tmp_path / "config" / "ultima").unlink()
    corrida = cli("acuses")
    assert corrida.codigo == 2
    assert "indique cuál usar con --rfc" in corrida.errores
    assert "H&E951128469, XIQB891116QE4" in corrida.errores


def test_salir_cierra_en_el_servidor_y_borra_el_archivo(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, tmp_path: Path
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    (token,) = stub.tokens
    corrida = cli("salir", "--json")
    assert corrida.codigo == 0
    assert corrida.json() == {"rfc": "XIQB891116QE4", "cerrada": True, "ya_vencida": False}
    cierre = stub.peticiones[-1]
    assert (cierre.metodo, cierre.cabeceras["authorization"]) == ("DELETE", f"Bearer {token}")
    assert not stub.tokens
    assert not (tmp_path / "config" / "sesiones" / "XIQB891116QE4.json").exists()
    despues = cli("acuses")
    assert despues.codigo == 1
    assert "No hay ninguna sesión abierta" in despues.errores


def test_sesion_vencida_mensaje_en_espanol_y_salida_1(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    stub.fijo("GET", "/notificaciones", {"notificaciones": []})
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    assert cli("notificaciones").codigo == 0
    stub.tokens.clear()  # the server forgot it: idle timeout, logout elsewhere, revocation
    corrida = cli("notificaciones")
    assert corrida.codigo == 1
    assert corrida.salida == ""
    assert "La sesión de XIQB891116QE4 venció o se cerró" in corrida.errores
    assert "buzon cliente entrar" in corrida.errores
    como_json = cli("notificaciones", "--json")
    assert como_json.codigo == 1
    assert como_json.json()["error"] == "sesion_vencida"
    assert "buzon cliente entrar" in como_json.json()["mensaje"]
    # salir still cleans up locally
    assert cli("salir", "--json").json()["ya_vencida"] is True


def test_contrasena_incorrecta_no_toca_la_red(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUZON_CLAVE_EFIRMA", CLAVE + "x")
    corrida = cli("--json", "entrar", *efirma_a.argumentos, "--url", stub.url)
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "password_incorrecta"
    assert "contraseña" in corrida.errores
    assert stub.peticiones == []


def test_sin_contrasena_ni_terminal(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUZON_CLAVE_EFIRMA")
    monkeypatch.setattr(sys, "stdin", io.StringIO(CLAVE + "\n"))
    corrida = cli("entrar", *efirma_a.argumentos, "--url", stub.url)
    assert corrida.codigo == 2
    assert "BUZON_CLAVE_EFIRMA" in corrida.errores
    assert stub.peticiones == []


def test_la_contrasena_se_teclea_sin_eco(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BUZON_CLAVE_EFIRMA")
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", terminal)
    preguntas: list[str] = []

    def getpass(pregunta: str) -> str:
        preguntas.append(pregunta)
        return CLAVE

    monkeypatch.setattr("getpass.getpass", getpass)
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    assert preguntas == ["Contraseña de la llave privada (.key): "]
    _sin_secretos(stub, efirma_a)


def test_la_contrasena_nunca_es_un_argumento(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    corrida = cli("--json", "entrar", *efirma_a.argumentos, "--password", CLAVE)
    assert corrida.codigo == 2
    assert corrida.json()["error"] == "argumento_invalido"
    assert "argumentos no reconocidos" in corrida.errores
    assert stub.peticiones == []


def test_llave_de_otro_certificado(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, efirma_b: Efirma
) -> None:
    corrida = cli(
        "entrar", "--cer", str(efirma_a.cer), "--key", str(efirma_b.key), "--url", stub.url
    )
    assert corrida.codigo == 1
    assert "no corresponde al certificado" in corrida.errores
    assert stub.peticiones == []


def test_el_token_solo_va_al_servidor_que_lo_emitio(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    antes = len(stub.peticiones)
    corrida = cli("acuses", "--url", "http://127.0.0.1:9")
    assert corrida.codigo == 2
    assert "se abrió en" in corrida.errores
    assert len(stub.peticiones) == antes


def test_firma_rechazada_por_el_servidor_se_muestra_tal_cual(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma
) -> None:
    rechazo = {
        "error": "vencido",
        "mensaje": "Su e.firma venció el 01/01/2026 00:00 (hora del centro de México).",
        "campo": "certificado",
    }
    stub.fijo("POST", "/sesiones", rechazo, 401, sesion=False)
    corrida = cli("--json", "entrar", *efirma_a.argumentos, "--url", stub.url)
    assert corrida.codigo == 1
    assert corrida.json() == rechazo
    assert rechazo["mensaje"] in corrida.errores
    assert "[vencido]" in corrida.errores
    assert not (Path.cwd().parent / "config" / "sesiones").exists()
