"""`entrar`, `salir`, `sesiones`: log in with the e.firma by a signed reto; one session per RFC."""

from __future__ import annotations

from typing import Any

from .contexto import Contexto, campo
from .errores import ErrorUso, SesionVencida
from .firma import Credencial
from .http import Conexion
from .salida import fecha, tabla, texto
from .sesiones import Almacen, Sesion


def iniciar(conexion: Conexion, credencial: Credencial, almacen: Almacen) -> Sesion:
    """POST /sesiones/reto, sign the reto here, POST /sesiones; store the session (0600).

    The server receives the certificate, the reto and the signature: never the key or password.
    """
    reto = campo(conexion.json("POST", "/sesiones/reto"), "reto")
    respuesta = conexion.json(
        "POST",
        "/sesiones",
        {
            "certificado": credencial.certificado_b64,
            "reto": reto,
            "firma": credencial.firmar_texto(reto),
        },
    )
    sesion = Sesion(
        rfc=campo(respuesta, "rfc"),
        nombre=str(respuesta.get("nombre") or ""),
        token=campo(respuesta, "token"),
        url=conexion.base,
        perfil=str(respuesta.get("perfil") or ""),
        expira=str(respuesta.get("expira") or ""),
    )
    almacen.guardar(sesion)
    return sesion


def publica(sesion: Sesion) -> dict[str, Any]:
    """What may be shown of a session (never its token)."""
    return {
        "rfc": sesion.rfc,
        "nombre": sesion.nombre,
        "perfil": sesion.perfil,
        "expira": sesion.expira,
        "url": sesion.url,
    }


def cmd_entrar(ctx: Contexto) -> int:
    credencial = Credencial.abrir(ctx.args.cer, ctx.args.key)
    indicado = ctx.rfc_indicado()
    if indicado is not None and indicado != credencial.rfc:
        raise ErrorUso(
            f"El certificado es de {credencial.rfc}, no de {indicado}: quite --rfc o elija el "
            ".cer de ese RFC.",
            "rfc",
        )
    sesion = iniciar(ctx.publica(), credencial, ctx.almacen)
    ctx.salida.resultado(
        publica(sesion),
        f"Sesión abierta para {sesion.rfc} ({sesion.nombre}) en {sesion.url}.\n"
        f"Vence: {fecha(sesion.expira)} (o tras 15 minutos sin uso).\n"
        f"Los siguientes comandos usan esta sesión; para otro RFC, use --rfc.",
    )
    return 0


def cmd_salir(ctx: Contexto) -> int:
    conexion, sesion = ctx.con_sesion()
    ya_vencida = False
    try:
        conexion.pedir("DELETE", "/sesiones")
    except SesionVencida:
        ya_vencida = True  # nothing to close on the server; the local file still goes
    ctx.almacen.borrar(sesion.rfc)
    mensaje = (
        f"La sesión de {sesion.rfc} ya había vencido; se borró de este equipo."
        if ya_vencida
        else f"Sesión de {sesion.rfc} cerrada y borrada de este equipo."
    )
    ctx.salida.resultado({"rfc": sesion.rfc, "cerrada": True, "ya_vencida": ya_vencida}, mensaje)
    return 0


def cmd_sesiones(ctx: Contexto) -> int:
    almacen = ctx.almacen
    rfcs = almacen.rfcs()
    predeterminada = rfcs[0] if len(rfcs) == 1 else almacen.ultima()
    sesiones = [s for s in (almacen.cargar(r) for r in rfcs) if s is not None]
    datos = {
        "carpeta": str(almacen.carpeta),
        "sesiones": [{**publica(s), "predeterminada": s.rfc == predeterminada} for s in sesiones],
    }
    filas = [
        [
            ("* " if s.rfc == predeterminada else "  ") + s.rfc,
            texto(s.nombre),
            fecha(s.expira),
            s.url,
        ]
        for s in sesiones
    ]
    ctx.salida.resultado(
        datos,
        tabla(
            ["  RFC", "Nombre", "Vence", "Buzón"],
            filas,
            "No hay sesiones guardadas. Entre con «buzon cliente entrar --cer … --key …».",
        )
        + ("\n(* la que se usa sin --rfc)" if filas and predeterminada else ""),
    )
    return 0
