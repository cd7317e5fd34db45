"""`tramites`, `actuaciones`, `presentar`: filing an actuación signed here with the e.firma.

`presentar` checks the trámite exists, sends the datos and the anexos (base64), receives the cadena
to sign, signs its UTF-8 bytes locally and sends only the signature. Without a stored session for
the certificate's RFC (or when it has expired) it logs in first with the same e.firma.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .contexto import Contexto, campo, leer_json
from .cuenta import iniciar
from .errores import ErrorCliente, ErrorUso, SesionVencida
from .firma import Credencial, leer
from .http import Conexion, segmento
from .salida import fecha, tabla, texto

T = TypeVar("T")


def tipo_mime(contenido: bytes) -> str:
    """From the content, never the name (the server checks the content again)."""
    return "application/pdf" if contenido.startswith(b"%PDF-") else "application/octet-stream"


def cmd_tramites(ctx: Contexto) -> int:
    conexion, _ = ctx.con_sesion()
    datos = conexion.json("GET", "/tramites")
    lista = campo(datos, "tramites", list)
    filas = [[texto(t.get("clave")), texto(t.get("nombre"))] for t in lista if isinstance(t, dict)]
    ctx.salida.resultado(datos, tabla(["Clave", "Trámite"], filas, "No hay trámites disponibles."))
    return 0


def _folio(acuse: Any) -> str:
    return texto(acuse.get("folio") if isinstance(acuse, dict) else acuse)


def cmd_actuaciones(ctx: Contexto) -> int:
    conexion, sesion = ctx.con_sesion()
    datos = conexion.json("GET", "/actuaciones")
    lista = campo(datos, "actuaciones", list)
    filas = [
        [
            texto(a.get("id")),
            texto(a.get("tramite")),
            texto(a.get("estado")),
            _folio(a.get("acuse")),
        ]
        for a in lista
        if isinstance(a, dict)
    ]
    ctx.salida.resultado(
        datos,
        f"Actuaciones de {sesion.rfc}\n"
        + tabla(["ID", "Trámite", "Estado", "Acuse"], filas, "No ha presentado actuaciones."),
    )
    return 0


def _anexos(rutas: list[str]) -> list[dict[str, str]]:
    anexos = []
    for ruta in rutas:
        contenido = leer(ruta, "anexo")
        anexos.append(
            {
                "nombre": Path(ruta).name,
                "tipo_mime": tipo_mime(contenido),
                "contenido": base64.b64encode(contenido).decode("ascii"),
            }
        )
    return anexos


class _Presentacion:
    """One session for the certificate's RFC, renewed once with the same e.firma on a 401."""

    def __init__(self, ctx: Contexto, credencial: Credencial) -> None:
        self.ctx, self.credencial = ctx, credencial
        self.renovada = False
        sesion = ctx.almacen.cargar(credencial.rfc)
        indicada = ctx.url_indicada()
        if sesion is not None and indicada in (None, sesion.url):
            self.base = sesion.url
            self.conexion = Conexion(sesion.url, sesion.token, sesion.rfc)
        else:
            self.base = ctx.publica().base
            self.conexion = self._entrar()
        ctx.almacen.recordar(credencial.rfc)

    def _entrar(self) -> Conexion:
        """Log in (again) on the same Buzón with the e.firma already open."""
        self.ctx.salida.aviso(f"Abriendo sesión para {self.credencial.rfc}…")
        sesion = iniciar(Conexion(self.base), self.credencial, self.ctx.almacen)
        return Conexion(sesion.url, sesion.token, sesion.rfc)

    def llamar(self, paso: Callable[[Conexion], T]) -> T:
        try:
            return paso(self.conexion)
        except SesionVencida:
            if self.renovada:
                raise
            self.renovada = True
            self.conexion = self._entrar()
            return paso(self.conexion)


def cmd_presentar(ctx: Contexto) -> int:
    datos = leer_json(ctx.args.datos, "datos")
    if not isinstance(datos, dict):
        raise ErrorUso(f"«{ctx.args.datos}» debe contener un objeto JSON ({{…}}).", "datos")
    anexos = _anexos(ctx.args.anexo or [])
    credencial = Credencial.abrir(ctx.args.cer, ctx.args.key)
    indicado = ctx.rfc_indicado()
    if indicado is not None and indicado != credencial.rfc:
        raise ErrorUso(
            f"El certificado es de {credencial.rfc}, no de {indicado}: la actuación se presenta "
            "con la e.firma del RFC que la promueve.",
            "rfc",
        )
    presentacion = _Presentacion(ctx, credencial)
    tramites = campo(presentacion.llamar(lambda c: c.json("GET", "/tramites")), "tramites", list)
    claves = [str(t.get("clave")) for t in tramites if isinstance(t, dict)]
    if ctx.args.tramite not in claves:
        raise ErrorCliente(
            "tramite_desconocido",
            f"El Buzón no tiene el trámite «{ctx.args.tramite}». Trámites disponibles: "
            + (", ".join(claves) or "ninguno")
            + " (véalos con «buzon cliente tramites»).",
            "tramite",
        )
    cuerpo: dict[str, Any] = {"tramite": ctx.args.tramite, "datos": datos, "anexos": anexos}
    if ctx.args.registro_patronal:
        cuerpo["registro_patronal"] = ctx.args.registro_patronal
    creada = presentacion.llamar(lambda c: c.json("POST", "/actuaciones", cuerpo))
    identificador = str(campo(creada, "id", (str, int)))
    firma = credencial.firmar_texto(campo(creada, "cadena"))
    firmada = presentacion.llamar(
        lambda c: c.json("POST", f"/actuaciones/{segmento(identificador)}/firma", {"firma": firma})
    )
    acuse = campo(firmada, "acuse", dict)
    ctx.salida.resultado(
        {"id": creada["id"], **firmada},
        f"Actuación {identificador} presentada y firmada por {credencial.rfc}.\n"
        f"Recepción legal: {fecha(firmada.get('recepcion_legal'))}.\n"
        f"Acuse: {_folio(acuse)}. Guárdelo con «buzon cliente acuse {_folio(acuse)} -o "
        "acuse.json».",
    )
    return 0
