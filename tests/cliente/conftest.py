"""Fixtures for `buzon cliente`: e.firma files on disk, running the command in-process, and a
local HTTP stub that answers exactly the contract's shapes and records every request it got."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from buzon.cliente.comandos import main
from buzon.efirma import leer_certificado
from buzon.efirma.pkcs8 import cifrar_llave
from tests.cuentas.fixtures import Patron

#: Distinctive, so finding it in a request body cannot be a coincidence.
CLAVE = "Contraseña-De-Prueba-7Q2x"
API = "/api/v1"


@dataclass
class Efirma:
    """An employer's .cer/.key on disk, and the secrets that must never leave the machine."""

    rfc: str
    cer: Path
    key: Path
    patron: Patron
    key_archivo: bytes
    key_claro: bytes

    @property
    def argumentos(self) -> list[str]:
        return ["--cer", str(self.cer), "--key", str(self.key)]

    def secretos(self) -> list[bytes]:
        """Every form in which the key or its password could leak."""
        formas = [
            CLAVE.encode("utf-8"),
            json.dumps(CLAVE).encode("ascii"),  # as JSON would escape it
            b"PRIVATE KEY",
        ]
        for crudo in (self.key_archivo, self.key_claro):
            formas += [crudo, crudo[-64:], base64.b64encode(crudo), base64.b64encode(crudo)[:48]]
        numeros = self.patron.llave.private_numbers()
        for secreto in (numeros.p, numeros.q, numeros.d):
            formas.append(f"{secreto:x}"[:40].encode())
            formas.append(str(secreto)[:40].encode())
        return formas


@pytest.fixture
def hacer_efirma(hacer_patron: Callable[..., Patron], tmp_path: Path) -> Callable[..., Efirma]:
    def hacer(rfc: str = "XIQB891116QE4") -> Efirma:
        patron = hacer_patron(rfc)
        carpeta = tmp_path / "efirma" / rfc
        carpeta.mkdir(parents=True)
        cer, key = carpeta / "fiel.cer", carpeta / "fiel.key"
        cer.write_bytes(patron.cer)
        key_archivo = cifrar_llave(patron.llave, CLAVE)
        key.write_bytes(key_archivo)
        claro = patron.llave.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return Efirma(rfc, cer, key, patron, key_archivo, claro)

    return hacer


@pytest.fixture
def efirma_a(hacer_efirma: Callable[..., Efirma]) -> Efirma:
    return hacer_efirma("XIQB891116QE4")


@pytest.fixture
def efirma_b(hacer_efirma: Callable[..., Efirma]) -> Efirma:
    return hacer_efirma("H&E951128469")


@pytest.fixture(autouse=True)
def entorno(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private session folder, the password in the environment, and a scratch work folder."""
    monkeypatch.setenv("BUZON_CLIENTE_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BUZON_CLAVE_EFIRMA", CLAVE)
    monkeypatch.delenv("BUZON_URL", raising=False)
    trabajo = tmp_path / "trabajo"
    trabajo.mkdir()
    monkeypatch.chdir(trabajo)
    return trabajo


@dataclass
class Corrida:
    codigo: int
    salida: str
    errores: str

    def json(self) -> Any:
        return json.loads(self.salida)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Corrida]:
    """Run `buzon cliente ARGS…` in this process."""

    def correr(*argumentos: str) -> Corrida:
        capsys.readouterr()
        codigo = main(list(argumentos))
        salida, errores = capsys.readouterr()
        assert "Traceback" not in errores
        return Corrida(codigo, salida, errores)

    return correr


# ------------------------------------------------------------------ the stub server


@dataclass
class Peticion:
    metodo: str
    ruta: str
    cabeceras: dict[str, str]
    cuerpo: bytes

    def json(self) -> Any:
        return json.loads(self.cuerpo)


Respuesta = tuple[int, str, bytes]
Manejador = Callable[[Peticion], Respuesta]


def respuesta_json(datos: Any, estado: int = 200) -> Respuesta:
    return estado, "application/json", json.dumps(datos, ensure_ascii=False).encode("utf-8")


SIN_SESION = {
    "error": "sesion_requerida",
    "mensaje": "Se necesita una sesión vigente.",
    "campo": None,
}


@dataclass
class Stub:
    """A Buzón as the contract describes it: real signature checks on login, bearer tokens."""

    url: str = ""
    peticiones: list[Peticion] = field(default_factory=list)
    rutas: dict[tuple[str, str], tuple[Manejador, bool]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> rfc
    retos: set[str] = field(default_factory=set)

    def responder(
        self, metodo: str, ruta: str, manejador: Manejador, *, sesion: bool = True
    ) -> None:
        self.rutas[(metodo, API + ruta)] = (manejador, sesion)

    def fijo(
        self, metodo: str, ruta: str, datos: Any, estado: int = 200, *, sesion: bool = True
    ) -> None:
        self.responder(metodo, ruta, lambda _p: respuesta_json(datos, estado), sesion=sesion)

    def atender(self, peticion: Peticion) -> Respuesta:
        self.peticiones.append(peticion)
        encontrado = self.rutas.get((peticion.metodo, peticion.ruta.split("?")[0]))
        if encontrado is None:
            return respuesta_json(
                {"error": "solicitud_invalida", "mensaje": "No existe el recurso solicitado."},
                404,
            )
        manejador, exige_sesion = encontrado
        if exige_sesion and self.rfc_de(peticion) is None:
            return respuesta_json(SIN_SESION, 401)
        return manejador(peticion)

    def rfc_de(self, peticion: Peticion) -> str | None:
        autorizacion = peticion.cabeceras.get("authorization", "")
        return self.tokens.get(autorizacion.removeprefix("Bearer "))

    def cuerpos(self) -> list[bytes]:
        return [p.cuerpo for p in self.peticiones]

    # the contract's sessions, with real verification of the signed reto
    def _reto(self, _p: Peticion) -> Respuesta:
        reto = f"buzon-reto|v1|sesion|stub|{len(self.retos):04d}-{id(self)}"
        self.retos.add(reto)
        return respuesta_json({"reto": reto, "expira": "2026-03-20T09:35:00-06:00"}, 201)

    def _sesion(self, p: Peticion) -> Respuesta:
        datos = p.json()
        if datos["reto"] not in self.retos:
            return respuesta_json({"error": "reto_invalido", "mensaje": "Reto inválido."}, 401)
        self.retos.discard(datos["reto"])
        certificado = leer_certificado(base64.b64decode(datos["certificado"]))
        try:
            certificado.llave_publica.verify(
                base64.b64decode(datos["firma"]),
                datos["reto"].encode("utf-8"),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except Exception:
            return respuesta_json(
                {
                    "error": "firma_invalida",
                    "mensaje": "La firma no corresponde.",
                    "campo": "firma",
                },
                401,
            )
        token = f"token-{len(self.tokens)}-{certificado.rfc}"
        self.tokens[token] = certificado.rfc
        return respuesta_json(
            {
                "token": token,
                "rfc": certificado.rfc,
                "nombre": certificado.nombre,
                "perfil": "particular",
                "expira": "2026-03-20T17:30:00-06:00",
            },
            201,
        )

    def _cerrar(self, p: Peticion) -> Respuesta:
        self.tokens.pop(p.cabeceras.get("authorization", "").removeprefix("Bearer "), None)
        return 204, "", b""


def _manejador(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Manejador(BaseHTTPRequestHandler):
        def _atender(self) -> None:
            largo = int(self.headers.get("Content-Length") or 0)
            cuerpo = self.rfile.read(largo) if largo else b""
            peticion = Peticion(
                self.command,
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                cuerpo,
            )
            estado, tipo, contenido = stub.atender(peticion)
            self.send_response(estado)
            if tipo:
                self.send_header("Content-Type", tipo)
            self.send_header("Content-Length", str(len(contenido)))
            self.end_headers()
            self.wfile.write(contenido)

        do_GET = do_POST = do_DELETE = do_PUT = _atender

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Manejador


@pytest.fixture
def stub() -> Iterator[Stub]:
    nuevo = Stub()
    servidor = ThreadingHTTPServer(("127.0.0.1", 0), _manejador(nuevo))
    nuevo.url = f"http://127.0.0.1:{servidor.server_address[1]}"
    nuevo.responder("POST", "/sesiones/reto", nuevo._reto, sesion=False)
    nuevo.responder("POST", "/sesiones", nuevo._sesion, sesion=False)
    nuevo.responder("DELETE", "/sesiones", nuevo._cerrar)
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    yield nuevo
    servidor.shutdown()
    servidor.server_close()
    hilo.join(5)
