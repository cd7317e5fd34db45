"""`acuses`, `acuse FOLIO`, `certificados`, `verificar`: the session's acuses; offline checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import archivos
from .contexto import Contexto, campo, leer_json
from .http import segmento
from .notificaciones import destino
from .salida import fecha, ficha, tabla, texto
from .verificacion import acuse_de, lista_de_certificados, verificar_acuse

CERTIFICADOS_POR_OMISION = "certificados-sello.json"


def cmd_acuses(ctx: Contexto) -> int:
    conexion, sesion = ctx.con_sesion()
    datos = conexion.json("GET", "/acuses")
    lista = campo(datos, "acuses", list)
    filas = [
        [texto(a.get("folio")), texto(a.get("tipo")), fecha(a.get("emitido"))]
        for a in lista
        if isinstance(a, dict)
    ]
    ctx.salida.resultado(
        datos,
        f"Acuses de {sesion.rfc}\n"
        + tabla(["Folio", "Tipo", "Emitido"], filas, "No tiene acuses."),
    )
    return 0


def _ficha_acuse(acuse: dict[str, Any]) -> str:
    documentos = [
        f"{d.get('nombre')} (SHA-256 {d.get('sha256')})"
        for d in acuse.get("documentos") or []
        if isinstance(d, dict)
    ]
    return ficha(
        [
            ("Folio", texto(acuse.get("folio"))),
            ("Tipo", texto(acuse.get("tipo"))),
            ("RFC", texto(acuse.get("rfc"))),
            ("Emitido", fecha(acuse.get("emitido"))),
            ("Documentos", texto(documentos)),
            ("Certificado del sello", texto(acuse.get("certificado_sello"))),
            ("Verificación", texto(acuse.get("verificacion"))),
            ("Cadena original", str(acuse.get("cadena_original", ""))),
            ("Sello", str(acuse.get("sello", ""))),
        ]
    )


def cmd_acuse(ctx: Contexto) -> int:
    folio: str = ctx.args.folio
    if ctx.args.pdf:
        ruta = destino(ctx.args.salida, folio, "acuse")
        archivos.comprobar_destino(ruta, ctx.args.forzar)
        conexion, _ = ctx.con_sesion()
        contenido = conexion.binario(f"/acuses/{segmento(folio)}/pdf")
        archivos.escribir(ruta, contenido, ctx.args.forzar)
        ctx.salida.resultado(
            {"archivo": str(ruta), "bytes": len(contenido)},
            f"Acuse {folio} en PDF guardado en {ruta} ({len(contenido)} bytes).",
        )
        return 0
    if ctx.args.salida:
        archivos.comprobar_destino(Path(ctx.args.salida), ctx.args.forzar)
    conexion, _ = ctx.con_sesion()
    respuesta = conexion.pedir("GET", f"/acuses/{segmento(folio)}")
    acuse = respuesta.json()
    campo(acuse, "cadena_original")
    if ctx.args.salida:
        ruta = Path(ctx.args.salida).expanduser()
        archivos.escribir(ruta, respuesta.cuerpo, ctx.args.forzar)
        ctx.salida.resultado(
            {"archivo": str(ruta), "folio": acuse.get("folio")},
            f"Acuse {folio} guardado en {ruta}. Compruébelo sin conexión con "
            f"«buzon cliente verificar {ruta} --certificados {CERTIFICADOS_POR_OMISION}».",
        )
        return 0
    ctx.salida.resultado(acuse, _ficha_acuse(acuse))
    return 0


def cmd_certificados(ctx: Contexto) -> int:
    ruta = Path(ctx.args.salida or CERTIFICADOS_POR_OMISION).expanduser()
    archivos.comprobar_destino(ruta, ctx.args.forzar)
    respuesta = ctx.publica().pedir("GET", "/sello/certificados")
    lista = lista_de_certificados(respuesta.json())
    archivos.escribir(ruta, respuesta.cuerpo, ctx.args.forzar)
    filas = [
        [texto(c.get("numero")), fecha(c.get("vigente_desde")), fecha(c.get("vigente_hasta"))]
        for c in lista
    ]
    ctx.salida.resultado(
        {"archivo": str(ruta), "certificados": len(lista)},
        f"{len(lista)} certificado(s) del sello guardados en {ruta}.\n"
        + tabla(["Número", "Vigente desde", "Vigente hasta"], filas, ""),
    )
    return 0


def cmd_verificar(ctx: Contexto) -> int:
    acuse = acuse_de(leer_json(ctx.args.acuse, "acuse"))
    if ctx.args.certificados:
        certificados = lista_de_certificados(leer_json(ctx.args.certificados, "certificados"))
        origen = str(ctx.args.certificados)
    else:
        conexion = ctx.publica()
        certificados = lista_de_certificados(conexion.json("GET", "/sello/certificados"))
        origen = conexion.base + "/sello/certificados"
    veredicto = verificar_acuse(acuse, certificados)
    veredicto["certificados"] = origen
    ctx.salida.resultado(
        veredicto,
        f"{veredicto['mensaje']}\n"
        + ficha(
            [
                ("Folio", veredicto["folio"]),
                ("Tipo", veredicto["tipo"]),
                ("RFC", veredicto["rfc"]),
                ("Emitido", fecha(veredicto["emitido"])),
                ("Certificados", origen),
            ]
        ),
    )
    return 0
