"""HTTP with the standard library: JSON in and out, the contract's error bodies, clear failures.

Redirections are never followed (a bearer token must not travel to another address); TLS is
verified with the system's CA store (`SSL_CERT_FILE` selects another bundle). Every failure is an
`ErrorCliente` with a Spanish message: no traceback reaches the person.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from .errores import ErrorCliente, ErrorServidor, ErrorUso, SesionVencida

API = "/api/v1"
URL_POR_OMISION = "http://127.0.0.1:8000"
ESPERA_SEGUNDOS = 60.0
AGENTE = "buzon-cliente/1"


def base_api(url: str) -> str:
    """`https://buzon.example` -> `https://buzon.example/api/v1` (also accepted with /api/v1)."""
    partes = urllib.parse.urlsplit(url.strip())
    if partes.scheme not in ("http", "https") or not partes.hostname:
        raise ErrorUso(
            f"«{url}» no es una dirección válida del Buzón: use http:// o https:// y el nombre "
            "del servidor (ejemplo: https://buzon.imss.gob.mx).",
            "url",
        )
    ruta = partes.path.rstrip("/")
    if not ruta.endswith(API):
        ruta += API
    return urllib.parse.urlunsplit((partes.scheme, partes.netloc, ruta, "", ""))


def segmento(valor: str) -> str:
    """An identifier as one path segment (a folio or id can never climb the path)."""
    return urllib.parse.quote(valor, safe="")


@dataclass(frozen=True)
class Respuesta:
    estado: int
    tipo: str
    cuerpo: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.cuerpo.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _no_es_json(self) from None


def _no_es_json(respuesta: Respuesta) -> ErrorCliente:
    return ErrorCliente(
        "respuesta_no_json",
        f"El servidor respondió (estado {respuesta.estado}, tipo «{respuesta.tipo or '?'}») algo "
        "que no es una respuesta JSON del Buzón. Revise que la dirección (--url o BUZON_URL) sea "
        "la de un Buzón.",
    )


class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _abridor() -> urllib.request.OpenerDirector:
    contexto = ssl.create_default_context()
    return urllib.request.build_opener(
        _SinRedirecciones(), urllib.request.HTTPSHandler(context=contexto)
    )


class Conexion:
    """Requests to one Buzón, optionally with a session's bearer token."""

    def __init__(
        self,
        base: str,
        token: str | None = None,
        rfc: str | None = None,
        espera: float = ESPERA_SEGUNDOS,
    ) -> None:
        if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
            raise ErrorUso(f"«{base}» no es una dirección http:// o https:// del Buzón.", "url")
        self.base = base
        self.token = token
        self.rfc = rfc
        self.espera = espera

    def pedir(self, metodo: str, ruta: str, datos: Any = None) -> Respuesta:
        """One request; an error status raises (`SesionVencida` for 401 with a token)."""
        cuerpo = None
        cabeceras = {"Accept": "application/json, application/pdf", "User-Agent": AGENTE}
        if datos is not None:
            cuerpo = json.dumps(datos, ensure_ascii=False).encode("utf-8")
            cabeceras["Content-Type"] = "application/json; charset=utf-8"
        if self.token:
            cabeceras["Authorization"] = f"Bearer {self.token}"
        url = self.base + ruta
        # S310: the scheme was checked in __init__ (http or https only).
        peticion = urllib.request.Request(url, data=cuerpo, headers=cabeceras, method=metodo)  # noqa: S310
        try:
            try:
                with _abridor().open(peticion, timeout=self.espera) as r:
                    respuesta = Respuesta(r.status, r.headers.get_content_type(), r.read())
            except urllib.error.HTTPError as exc:  # an error status: its body is read as well
                with exc:
                    respuesta = Respuesta(exc.code, exc.headers.get_content_type(), exc.read())
        except urllib.error.URLError as exc:
            raise _falla_de_red(self.base, exc.reason) from None
        except (OSError, http.client.HTTPException) as exc:
            raise _falla_de_red(self.base, exc) from None
        if 200 <= respuesta.estado < 300:
            return respuesta
        raise self._error(respuesta)

    def json(self, metodo: str, ruta: str, datos: Any = None) -> dict[str, Any]:
        respuesta = self.pedir(metodo, ruta, datos)
        valor = respuesta.json()
        if not isinstance(valor, dict):
            raise _no_es_json(respuesta)
        return valor

    def binario(self, ruta: str) -> bytes:
        """A document's exact bytes (PDF); an HTML or JSON page instead is refused."""
        respuesta = self.pedir("GET", ruta)
        if respuesta.tipo in ("text/html", "application/json"):
            raise ErrorCliente(
                "respuesta_inesperada",
                f"Se esperaba un documento y el servidor envió «{respuesta.tipo}». Revise la "
                "dirección del Buzón.",
            )
        return respuesta.cuerpo

    def _error(self, respuesta: Respuesta) -> ErrorCliente:
        if respuesta.estado == 401 and self.token:
            return SesionVencida(self.rfc)
        if 300 <= respuesta.estado < 400:
            return ErrorCliente(
                "redireccion",
                f"El servidor respondió con una redirección (estado {respuesta.estado}). Use la "
                "dirección definitiva del Buzón en --url o BUZON_URL (¿https:// en lugar de "
                "http://?).",
            )
        try:
            valor = json.loads(respuesta.cuerpo.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            valor = None
        if isinstance(valor, dict) and ("error" in valor or "mensaje" in valor):
            return ErrorServidor(respuesta.estado, valor)
        if respuesta.estado == 404:
            return ErrorCliente(
                "no_disponible",
                "El servidor no tiene esta operación (estado 404): revise la dirección del Buzón "
                "o actualice el servidor.",
            )
        return ErrorCliente(
            f"http_{respuesta.estado}",
            f"El servidor respondió con el estado {respuesta.estado} sin una explicación del "
            "Buzón. Intente más tarde; si persiste, revise la dirección (--url o BUZON_URL).",
        )


def _falla_de_red(base: str, causa: object) -> ErrorCliente:
    servidor = urllib.parse.urlsplit(base).netloc
    if isinstance(causa, ssl.SSLCertVerificationError):
        return ErrorCliente(
            "tls_no_verificable",
            f"No se pudo verificar el certificado TLS de {servidor} "
            f"({causa.verify_message or causa.reason}). No se envió nada. Si su organización usa "
            "una autoridad propia, indique su archivo de certificados con SSL_CERT_FILE.",
        )
    if isinstance(causa, ssl.SSLError):
        return ErrorCliente(
            "tls_fallido",
            f"Falló la conexión segura (TLS) con {servidor} ({causa.reason or causa}). Revise que "
            "la dirección use el protocolo correcto (http:// o https://).",
        )
    if isinstance(causa, TimeoutError | socket.timeout):
        return ErrorCliente(
            "sin_respuesta", f"{servidor} no respondió a tiempo. Intente de nuevo en unos minutos."
        )
    if isinstance(causa, socket.gaierror):
        return ErrorCliente(
            "servidor_desconocido",
            f"No se encontró el servidor «{servidor}». Revise la dirección (--url o BUZON_URL) y "
            "su conexión a internet.",
        )
    if isinstance(causa, ConnectionRefusedError):
        return ErrorCliente(
            "conexion_rechazada",
            f"No se pudo conectar con {servidor}: nadie atiende en esa dirección. Revise --url o "
            "BUZON_URL y que el servidor esté en marcha.",
        )
    detalle = getattr(causa, "strerror", None) or str(causa)
    return ErrorCliente(
        "error_de_red",
        f"No se pudo comunicar con {servidor} ({detalle}). Revise su conexión e intente de nuevo.",
    )
