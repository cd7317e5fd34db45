"""`notificaciones`, `abrir ID`, `descargar ID`: the mailbox's notifications and their documents."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from pathlib import Path
from typing import Any

from . import archivos
from .contexto import Contexto, campo
from .errores import ErrorUso
from .http import segmento
from .salida import fecha, tabla, texto

NOMBRE_SEGURO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MEDIOS = {"apertura": "por apertura", "vencimiento": "por vencimiento del plazo"}


def _plazo(fechas: Any) -> str:
    if not isinstance(fechas, list) or not fechas:
        return texto(None)
    return ", ".join(fecha(f) for f in fechas)


def _consulta(limite: int | None, desde: int | None) -> str:
    parametros = {k: v for k, v in (("limite", limite), ("desde", desde)) if v is not None}
    return "?" + urllib.parse.urlencode(parametros) if parametros else ""


def _mas(datos: dict[str, Any], mostradas: int, desde: int | None) -> str:
    """A note when the server says there are more than this page (it sends `total`)."""
    total = datos.get("total")
    inicio = desde or 0
    if not isinstance(total, int) or inicio + mostradas >= total:
        return ""
    return (
        f"\nSe muestran {inicio + 1} a {inicio + mostradas} de {total}; vea las siguientes con "
        f"--desde {inicio + mostradas}."
    )


def cmd_notificaciones(ctx: Contexto) -> int:
    conexion, sesion = ctx.con_sesion()
    limite, desde = ctx.args.limite, ctx.args.desde
    datos = conexion.json("GET", "/notificaciones" + _consulta(limite, desde))
    lista = campo(datos, "notificaciones", list)
    filas = [
        [
            texto(n.get("id")),
            texto(n.get("folio")),
            texto(n.get("tipo")),
            texto(n.get("asunto")),
            texto(n.get("estado")),
            _plazo(n.get("plazo_apertura")),
            fecha(n.get("notificada")),
            texto(MEDIOS.get(str(n.get("medio")), n.get("medio"))),
        ]
        for n in lista
        if isinstance(n, dict)
    ]
    ctx.salida.resultado(
        datos,
        f"Notificaciones de {sesion.rfc}\n"
        + tabla(
            [
                "ID",
                "Folio",
                "Tipo",
                "Asunto",
                "Estado",
                "Plazo para abrir",
                "Notificada",
                "Medio",
            ],
            filas,
            "No tiene notificaciones.",
        )
        + _mas(datos, len(filas), desde),
    )
    return 0


def cmd_abrir(ctx: Contexto) -> int:
    conexion, _ = ctx.con_sesion()
    datos = conexion.json("POST", f"/notificaciones/{segmento(ctx.args.id)}/apertura")
    acuse = campo(datos, "acuse", dict)
    folio = texto(acuse.get("folio"))
    ctx.salida.resultado(
        datos,
        f"Notificación {ctx.args.id} abierta.\n"
        f"Notificada: {fecha(datos.get('notificada'))} "
        f"({MEDIOS.get(str(datos.get('medio')), texto(datos.get('medio')))}).\n"
        f"Acuse: {folio}. Guárdelo con «buzon cliente acuse {folio} -o acuse.json» y descargue "
        f"el documento con «buzon cliente descargar {ctx.args.id}».",
    )
    return 0


def destino(indicado: str | None, identificador: str, prefijo: str) -> Path:
    """-o, else `<prefijo>-<id>.pdf` in the current folder (only for an id safe as a name)."""
    if indicado:
        return Path(indicado).expanduser()
    if not NOMBRE_SEGURO.match(identificador):
        raise ErrorUso("Indique el nombre del archivo de salida con -o.", "salida")
    return Path(f"{prefijo}-{identificador}.pdf")


def cmd_descargar(ctx: Contexto) -> int:
    ruta = destino(ctx.args.salida, ctx.args.id, "notificacion")
    archivos.comprobar_destino(ruta, ctx.args.forzar)
    conexion, _ = ctx.con_sesion()
    contenido = conexion.binario(f"/notificaciones/{segmento(ctx.args.id)}/documento")
    archivos.escribir(ruta, contenido, ctx.args.forzar)
    huella = hashlib.sha256(contenido).hexdigest()
    ctx.salida.resultado(
        {"archivo": str(ruta), "bytes": len(contenido), "sha256": huella},
        f"Documento guardado en {ruta} ({len(contenido)} bytes).\nSHA-256: {huella}",
    )
    return 0
