"""Providers: email through Django's email backends, SMS through an HTTP gateway.

`BUZON_EMAIL_URL`: `smtp://[user:password@]host[:port][?tls|?ssl]` (password URL-encoded),
`console:` (the default: printed on stdout). `BUZON_SMS_URL`: the gateway's `http(s)://…` URL
that receives `POST {"to": "+52…", "text": "…"}` (optional `Authorization` header from
`BUZON_SMS_AUTH`), or `console:` (the default). Both take the message id as an idempotency hint:
the SMTP `Message-ID` and the HTTP `Idempotency-Key` header are derived from it.

The console prints one line per message with the address or number masked, the subject's codes
masked and the body left out (consoles end up in logs); `console:completo` prints the whole
message, for a demonstration on one's own machine only (issue 19).
"""

from __future__ import annotations

import json
import smtplib
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Protocol, TextIO
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from buzon.avisos.models import Mensaje
from buzon.comun.mascaras import enmascarar_correo, enmascarar_telefono, enmascarar_texto

LARGO_RESPUESTA = 2000
REMITENTE_OMISION = "Buzón IMSS <no-responder@localhost>"


class ErrorConfiguracion(ValueError):
    pass


@dataclass(frozen=True)
class Respuesta:
    """One provider answer: accepted or not, its code (SMTP/HTTP) and text, and whether retrying
    could ever help (`definitivo`: the provider refused this message for good)."""

    aceptado: bool
    codigo: int | None
    texto: str
    definitivo: bool = False


def clave_idempotencia(mensaje: Mensaje) -> str:
    """Stable per message and installation: id plus a digest of the caller's key."""
    return f"buzon-aviso-{mensaje.pk}-{mensaje.huella[:12]}"


def _recortar(texto: str) -> str:
    return texto if len(texto) <= LARGO_RESPUESTA else texto[:LARGO_RESPUESTA] + "…"


def _opcion(consulta: dict[str, list[str]], nombre: str) -> bool:
    if nombre not in consulta:
        return False
    valor = (consulta[nombre] or [""])[-1].strip().lower()
    return valor in {"", "1", "true", "si", "sí", "yes", "on"}


CONSOLA = frozenset({"console", "consola"})
COMPLETA = frozenset({"completo", "completa"})


def _consola(url: str) -> bool | None:
    """None: not the console; otherwise whether it prints messages whole (`console:completo`)."""
    esquema, _, resto = url.partition(":")
    if url and esquema not in CONSOLA:
        return None
    return resto.strip().lower() in COMPLETA


def _oculto(cuerpo: str) -> str:
    return f"cuerpo de {len(cuerpo)} caracteres, oculto (console:completo lo muestra)"


class CorreoConsola(BaseEmailBackend):
    """Demo email backend: one masked line per message on stdout (see the module's docstring)."""

    def __init__(self, salida: TextIO | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.salida = salida or sys.stdout

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for correo in email_messages:
            destinos = ", ".join(enmascarar_correo(d) for d in correo.to)
            asunto = enmascarar_texto(str(correo.subject))
            self.salida.write(f"Correo a {destinos}: «{asunto}» ({_oculto(str(correo.body))})\n")
        self.salida.flush()
        return len(email_messages)


def conexion_correo(url: str | None = None) -> BaseEmailBackend:
    """A Django email backend for `BUZON_EMAIL_URL` (see the module's docstring)."""
    url = (settings.BUZON_EMAIL_URL if url is None else url).strip()
    timeout = float(getattr(settings, "BUZON_AVISOS_TIMEOUT", 20))
    completa = _consola(url)
    if completa is not None:
        if not completa:
            return CorreoConsola()
        consola: BaseEmailBackend = get_connection(
            "django.core.mail.backends.console.EmailBackend", stream=sys.stdout
        )
        return consola
    partes = urlsplit(url)
    if partes.scheme not in {"smtp", "smtps"} or not partes.hostname:
        raise ErrorConfiguracion(
            f"BUZON_EMAIL_URL: «{partes.scheme}://…» no se reconoce; use "
            "smtp://usuario:contraseña@servidor:puerto?tls (o ?ssl), o console:."
        )
    consulta = parse_qs(partes.query, keep_blank_values=True)
    ssl = partes.scheme == "smtps" or _opcion(consulta, "ssl")
    tls = _opcion(consulta, "tls")
    if ssl and tls:
        raise ErrorConfiguracion("BUZON_EMAIL_URL: elija ?tls (STARTTLS) o ?ssl, no ambos.")
    smtp: BaseEmailBackend = get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=partes.hostname,
        port=partes.port or (465 if ssl else 587 if tls else 25),
        username=unquote(partes.username or ""),
        password=unquote(partes.password or ""),
        use_tls=tls,
        use_ssl=ssl,
        timeout=timeout,
    )
    return smtp


def _dominio_remitente(remitente: str) -> str:
    direccion = parseaddr(remitente)[1]
    return direccion.rsplit("@", 1)[-1] if "@" in direccion else "localhost"


def enviar_correo(conexion: BaseEmailBackend, mensaje: Mensaje) -> Respuesta:
    """Send one email on an open connection (plain text, no attachment)."""
    remitente = getattr(settings, "BUZON_EMAIL_REMITENTE", "") or REMITENTE_OMISION
    correo = EmailMessage(
        subject=mensaje.asunto,
        body=mensaje.cuerpo,
        from_email=remitente,
        to=[mensaje.destino],
        connection=conexion,
        headers={
            "Message-ID": f"<{clave_idempotencia(mensaje)}@{_dominio_remitente(remitente)}>",
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    try:
        enviados = conexion.send_messages([correo])
    except smtplib.SMTPRecipientsRefused as error:
        codigos = [codigo for codigo, _ in error.recipients.values()]
        texto = "; ".join(
            f"{codigo} {respuesta.decode('utf-8', 'replace')}"
            for codigo, respuesta in error.recipients.values()
        )
        return Respuesta(
            False,
            codigos[0] if codigos else None,
            _recortar(texto),
            definitivo=bool(codigos) and all(500 <= c < 600 for c in codigos),
        )
    except smtplib.SMTPResponseException as error:
        texto = (
            error.smtp_error.decode("utf-8", "replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        return Respuesta(False, error.smtp_code, _recortar(f"{error.smtp_code} {texto}"))
    except (OSError, smtplib.SMTPException) as error:
        return Respuesta(False, None, _recortar(f"{type(error).__name__}: {error}"))
    if not enviados:
        return Respuesta(False, None, "El servidor de correo no aceptó el mensaje.")
    return Respuesta(True, 250, "aceptado")


class EnviadorSMS(Protocol):
    def enviar(self, mensaje: Mensaje) -> Respuesta: ...


class SMSConsola:
    """Demo backend: prints the SMS, masked unless `completo` (see the module's docstring)."""

    def __init__(self, salida: TextIO | None = None, *, completo: bool = False) -> None:
        self.salida = salida or sys.stdout
        self.completo = completo

    def enviar(self, mensaje: Mensaje) -> Respuesta:
        if self.completo:
            linea = f"SMS a {mensaje.destino}: {mensaje.cuerpo}"
        else:
            linea = f"SMS a {enmascarar_telefono(mensaje.destino)} ({_oculto(mensaje.cuerpo)})"
        self.salida.write(linea + "\n")
        self.salida.flush()
        return Respuesta(True, None, "impreso en la consola")


class SMSPasarelaHTTP:
    """POST `{"to", "text"}` as JSON; any 2xx is accepted; the answer's body is recorded."""

    def __init__(self, url: str, autorizacion: str = "", timeout: float = 20) -> None:
        self.url, self.autorizacion, self.timeout = url, autorizacion, timeout

    def enviar(self, mensaje: Mensaje) -> Respuesta:
        datos = json.dumps({"to": mensaje.destino, "text": mensaje.cuerpo}).encode("utf-8")
        encabezados = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json, text/plain, */*",
            "Idempotency-Key": clave_idempotencia(mensaje),
            "User-Agent": "buzon-imss-avisos/1",
        }
        if self.autorizacion:
            encabezados["Authorization"] = self.autorizacion
        # The scheme is checked to be http(s) in `enviador_sms`.
        peticion = urllib.request.Request(  # noqa: S310
            self.url, data=datos, headers=encabezados, method="POST"
        )
        try:
            with urllib.request.urlopen(peticion, timeout=self.timeout) as respuesta:  # noqa: S310
                cuerpo = respuesta.read(LARGO_RESPUESTA + 1).decode("utf-8", "replace")
                estado = int(respuesta.status)
        except urllib.error.HTTPError as error:
            cuerpo = error.read(LARGO_RESPUESTA + 1).decode("utf-8", "replace")
            # 400/422: the gateway refuses this message as such; anything else may pass later.
            return Respuesta(
                False,
                error.code,
                _recortar(cuerpo) or str(error.reason),
                definitivo=error.code in {400, 422},
            )
        except (OSError, ValueError) as error:
            return Respuesta(False, None, _recortar(f"{type(error).__name__}: {error}"))
        if not 200 <= estado < 300:
            return Respuesta(False, estado, _recortar(cuerpo))
        return Respuesta(True, estado, _recortar(cuerpo))


def enviador_sms(url: str | None = None) -> EnviadorSMS:
    """The SMS backend for `BUZON_SMS_URL` (console by default)."""
    url = (settings.BUZON_SMS_URL if url is None else url).strip()
    completo = _consola(url)
    if completo is not None:
        return SMSConsola(completo=completo)
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ErrorConfiguracion(
            "BUZON_SMS_URL: use la dirección http(s):// de la pasarela de SMS, o console:."
        )
    return SMSPasarelaHTTP(
        url,
        autorizacion=getattr(settings, "BUZON_SMS_AUTH", ""),
        timeout=float(getattr(settings, "BUZON_AVISOS_TIMEOUT", 20)),
    )
