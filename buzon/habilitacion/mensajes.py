"""Messages of the enablement flow, through the outbox (buzon.avisos holds the texts)."""

from __future__ import annotations

from datetime import datetime

from buzon.avisos import plantillas
from buzon.avisos.servicios import do_encolar


def codigo(
    *, nombre: str, rfc: str, canal: str, destino: str, codigo: str, expira: datetime, clave: str
) -> None:
    """Enqueue a confirmation code, inside the caller's transaction (it leaves after commit).

    `expira` is the medio's 72-hour mark; the texts state the 72 hours (5.2).
    """
    if canal == "correo":
        texto = plantillas.correo_codigo(nombre, rfc, codigo)
        do_encolar("correo", destino, texto.asunto, texto.cuerpo, clave)
    else:
        do_encolar("sms", destino, "", plantillas.sms_codigo(nombre, rfc, codigo), clave)
