"""PURE. The texts of the avisos and codes, anti-phishing by design.

Every message names the person, shows the RFC masked (AAA******AAA), carries no link and no
attachment, and says that the IMSS never asks for the password or the e.firma by email or SMS and
that notices are read by entering the Buzón directly. Codes are typed in the Buzón, never replied.

SMS texts use only the GSM 03.38 basic alphabet (accents the alphabet lacks are folded: «Buzón» →
«Buzon») and fit one 160-character segment: the name is shortened when it would not fit.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from buzon.avisos.validacion import ErrorAviso, enlace_en
from buzon.legal.rfc import enmascarar_rfc

#: GSM 03.38 basic character set (one septet each); anything else is folded or replaced.
GSM_BASICO = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
LARGO_SMS = 160
_NOMBRE_MINIMO = 8
VIGENCIA_CODIGO_HORAS = 72

_AVISO_SEGURIDAD = (
    "El IMSS nunca le pedirá su contraseña ni su e.firma (ni sus archivos .key o .cer) por correo "
    "electrónico, SMS o teléfono. Este mensaje no trae enlaces ni archivos adjuntos: si recibe uno "
    "que los tenga a nombre del Buzón IMSS, no lo abra. Las notificaciones se leen únicamente "
    "entrando usted mismo al Buzón IMSS, con su e.firma."
)


@dataclass(frozen=True)
class Texto:
    asunto: str
    cuerpo: str


def a_gsm(texto: str) -> str:
    """Fold `texto` into the GSM basic alphabet: á→a, Ó→O, «»→", anything else unknown → ?."""
    salida = []
    for caracter in texto:
        if caracter in GSM_BASICO:
            salida.append(caracter)
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", caracter) if not unicodedata.combining(c)
        )
        if base and all(c in GSM_BASICO for c in base):
            salida.append(base)
        elif caracter in "«»“”":
            salida.append('"')
        elif caracter in "‘’":
            salida.append("'")
        elif caracter in "–—":
            salida.append("-")
        elif caracter == "…":
            salida.append("...")
        else:
            salida.append("?")
    return "".join(salida)


def _codigo_valido(codigo: str) -> str:
    if not re.fullmatch(r"\d{6}", codigo):
        raise ErrorAviso("El código de confirmación debe tener exactamente 6 dígitos.", "codigo")
    return codigo


def _nombre(nombre: str) -> str:
    limpio = " ".join(nombre.split())
    if not limpio:
        raise ErrorAviso("Falta el nombre de la persona a quien va el mensaje.", "nombre")
    # A name is data we did not write: it must not smuggle a domain into the message. A real
    # trade name such as «DESPEGAR.COM MEXICO» is kept readable but defused (dots become spaces,
    # which every SMS alphabet has).
    while (enlace := enlace_en(limpio)) is not None:
        limpio = limpio.replace(enlace, enlace.replace(".", " ").replace("/", " "))
    return limpio


def _sms(plantilla: str, nombre: str, **datos: str) -> str:
    """Fill an SMS template, shortening the name until the text fits one segment."""
    completo = a_gsm(_nombre(nombre))
    texto = a_gsm(plantilla.format(nombre=completo, **datos))
    sobra = len(texto) - LARGO_SMS
    if sobra > 0 and len(completo) > _NOMBRE_MINIMO:
        # Keep at least the first letters of the name (it is what tells the person it is theirs).
        corto = completo[: max(_NOMBRE_MINIMO, len(completo) - sobra - 3)].rstrip() + "..."
        texto = a_gsm(plantilla.format(nombre=corto, **datos))
    return texto


def correo_codigo(nombre: str, rfc: str, codigo: str, *, medio: str = "correo") -> Texto:
    """Email with the confirmation code of a contact medio (`medio`: "correo" or "celular")."""
    codigo = _codigo_valido(codigo)
    que = "este correo electrónico" if medio == "correo" else "su número celular"
    cuerpo = (
        f"{_nombre(nombre)}:\n\n"
        f"Usted (RFC {enmascarar_rfc(rfc)}) registró {que} como medio de contacto del "
        "Buzón IMSS. Para confirmarlo, su código es:\n\n"
        f"    {codigo}\n\n"
        f"El código vence en {VIGENCIA_CODIGO_HORAS} horas. Escríbalo dentro del Buzón IMSS, en "
        "«Medios de contacto», después de entrar con su e.firma. No responda este correo: el "
        "código no se envía de vuelta por ningún medio.\n\n"
        "Si usted no hizo este registro, no escriba el código en ningún lado.\n\n"
        f"{_AVISO_SEGURIDAD}\n\n"
        "Instituto Mexicano del Seguro Social — Buzón IMSS\n"
    )
    return Texto(f"Buzón IMSS: su código de confirmación ({enmascarar_rfc(rfc)})", cuerpo)


def sms_codigo(nombre: str, rfc: str, codigo: str) -> str:
    """SMS with the confirmation code of the mobile number (one GSM segment)."""
    return _sms(
        "IMSS Buzon. {nombre}, RFC {rfc}: codigo {codigo}, vence en 72 h. Escribalo solo en el "
        "Buzon. El IMSS nunca pide contraseña ni e.firma.",
        nombre,
        rfc=enmascarar_rfc(rfc),
        codigo=_codigo_valido(codigo),
    )


def correo_aviso_notificacion(
    nombre: str,
    rfc: str,
    folio: str,
    *,
    registro_patronal: str | None = None,
) -> Texto:
    """Email warning of a new notification. It states no date: the three días hábiles run from
    the instant a provider accepts this very message (7.3, 7.4 [I-35]), which is known only after
    it was written; the Buzón shows the exact dates."""
    folio = folio.strip()
    if not folio or enlace_en(folio):
        raise ErrorAviso("Falta el folio de la notificación o no es válido.", "folio")
    registro = f", registro patronal {registro_patronal}" if registro_patronal else ""
    cuerpo = (
        f"{_nombre(nombre)}:\n\n"
        f"Tiene una notificación nueva en su Buzón IMSS (RFC {enmascarar_rfc(rfc)}{registro}).\n\n"
        f"    Folio: {folio}\n\n"
        "Tiene 3 días hábiles, contados a partir del día hábil siguiente a este aviso, para "
        "abrirla. Si no la abre en ese plazo, se tendrá por notificada al cuarto día hábil, a las "
        "09:30 horas (hora del centro). Las fechas exactas aparecen en su Buzón.\n\n"
        "Para leerla, entre directamente al Buzón IMSS con su e.firma; este mensaje no contiene "
        "el documento ni un enlace hacia él.\n\n"
        f"{_AVISO_SEGURIDAD}\n\n"
        "Instituto Mexicano del Seguro Social — Buzón IMSS\n"
    )
    return Texto(f"Buzón IMSS: notificación nueva, folio {folio}", cuerpo)


def sms_aviso_notificacion(nombre: str, rfc: str, folio: str) -> str:
    """SMS warning of a new notification (one GSM segment when the folio allows it)."""
    folio = folio.strip()
    if not folio or enlace_en(folio):
        raise ErrorAviso("Falta el folio de la notificación o no es válido.", "folio")
    return _sms(
        "Buzon IMSS: {nombre}, RFC {rfc}, notificacion {folio}. Abrala ahi en 3 dias habiles "
        "o queda notificada al 4o. No pedimos contraseña.",
        nombre,
        rfc=enmascarar_rfc(rfc),
        folio=folio,
    )
