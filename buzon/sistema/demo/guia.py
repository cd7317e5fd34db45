"""The guide `buzon demo` prints at the end: what to look at, in Spanish, for a person trying it.

Every line names a real page, folio or file of this installation (nothing here writes).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.urls import reverse

from buzon.efirma.pki import PASSWORD_PRUEBAS
from buzon.evidencia.models import Acuse
from buzon.evidencia.selectors import url_verificacion
from buzon.sistema.demo import comun as demo
from buzon.sistema.demo.comun import Resultado
from buzon.sistema.demo.cuotas import PRIMAS, REGISTRO_GENERAL
from buzon.sistema.demo.guia_servicios import lineas as lineas_servicios
from buzon.sistema.demo.opinion import REGISTRO_SIN_BUZON


def _notificaciones(r: Resultado, base: str) -> list[str]:
    n = r.notificaciones
    lineas = [
        f"  1. Patrón con buzón habilitado: {demo.HABILITADO[0]} ({demo.HABILITADO[1]}).",
        f"     Entre en {base}{reverse('portal:entrar')} con "
        f"{demo.HABILITADO[0]}.cer y {demo.HABILITADO[0]}.key.",
        f"     Mis notificaciones: {base}{reverse('notificaciones:lista')}",
    ]
    descripciones = (
        (demo.PENDIENTE, "pendiente: tiene días hábiles para abrirla"),
        (demo.ABIERTA, "abierta por el patrón: notificada al abrirla"),
        (demo.VENCIDA, "notificada por vencimiento del plazo (no la abrió)"),
        (demo.CANCELADA_CLAVE, "cancelada por el supervisor"),
    )
    for clave, texto in descripciones:
        if clave in n:
            lineas.append(f"       - {n[clave].folio}: {texto}")
    acuse = Acuse.objects.filter(folio=n[demo.ABIERTA].acuse).first() if demo.ABIERTA in n else None
    if acuse is not None:
        lineas += [
            "     Verifique un acuse como lo hace su código QR (sin iniciar sesión):",
            f"       {url_verificacion(acuse)}",
        ]
    if demo.PENDIENTE in n:
        consulta = urlencode({"folio": n[demo.PENDIENTE].folio})
        lineas += [
            "     ¿Es auténtico este aviso? Escriba el folio que cita el correo o el SMS:",
            f"       {base}{reverse('verificacion:aviso')}?{consulta}",
        ]
    return lineas


def _emisiones(r: Resultado, base: str) -> list[str]:
    if not r.emisiones:
        return []
    # In the order of `cuotas.periodos`: the two months, then the bimester.
    mensual = list(r.emisiones)[1]
    emision = r.emisiones[mensual]
    lineas = [
        f"     Mis documentos → Emisiones (periodos {', '.join(r.emisiones)}; registro "
        f"{REGISTRO_GENERAL}, prima de riesgos {PRIMAS[REGISTRO_GENERAL]} %, y otro en la zona "
        f"libre de la frontera norte): {base}{reverse('cuotas:mis_documentos')}",
        f"       La de {mensual}: {base}{reverse('cuotas:emision', args=[emision])} (trabajadores, "
        "movimientos por aclarar y cotejo); descárguela en "
        f"{base}{reverse('cuotas:pdf', args=[emision])} y "
        f"{base}{reverse('cuotas:csv', args=[emision])}",
    ]
    if "cotejo" in r.archivos:
        lineas.append(
            f"       Cotejo: suba {r.archivos['cotejo']} (la misma emisión, con 1.00 de más en "
            "riesgos de trabajo de un trabajador)."
        )
    if "calcular" in r.archivos:
        lineas.append(
            "       Compruebe un trabajador con el motor: .venv/bin/buzon cuotas calcular "
            f"--periodo {mensual} --movimientos {r.archivos['calcular']} "
            f"--prima-rt {PRIMAS[REGISTRO_GENERAL]}"
        )
    lineas += [
        "     Opinión de cumplimiento (32-D): obtenga la suya (positiva; un crédito en convenio no "
        f"la hace negativa): {base}{reverse('opinion:mi_opinion')}",
        "       Autorice a un tercero o publique su opinión (firma en el navegador): "
        f"{base}{reverse('terceros:autorizaciones')}; quién la consultó: "
        f"{base}{reverse('opinion:mis_consultas')}",
    ]
    return lineas


def _sin_buzon(r: Resultado, base: str) -> list[str]:
    n = r.notificaciones
    lineas = [f"  2. Patrón sin buzón habilitado: {demo.SIN_BUZON[0]} ({demo.SIN_BUZON[1]})."]
    if demo.ESTRADOS in n:
        lineas.append(
            f"     {n[demo.ESTRADOS].folio} está publicada en estrados: "
            f"{base}{reverse('notificaciones:estrados')}"
        )
    if demo.PERSONAL in n:
        personal = n[demo.PERSONAL]
        lineas.append(
            f"     {personal.folio} se emitió dentro de los 180 días del Transitorio: requiere "
            "notificación personal (7.10)"
            + ("; ya se dejó citatorio en su domicilio." if r.citatorio else ".")
        )
        lineas += [
            "     Diligencia (citatorio, acta): "
            f"{base}{reverse('notificaciones:oficina_personal', args=[personal.pk])}",
            "     Representación impresa que lleva el notificador: "
            f"{base}{reverse('notificaciones:oficina_impresa', args=[personal.pk])}",
        ]
    lineas.append(
        f"     Su opinión de cumplimiento es negativa: crédito exigible en el registro "
        f"{REGISTRO_SIN_BUZON}. Consulta pública (si el titular la autoriza): "
        f"{base}{reverse('opinion:publica')}"
    )
    for omitida in r.omitidas:
        lineas.append(f"     No se creó el estado {omitida}")
    return lineas


def _oficina(r: Resultado, base: str) -> list[str]:
    lineas = [
        f"  3. Servidores públicos (subdelegación {demo.SUBDELEGACION}): entre en "
        f"{base}{reverse('notificaciones:oficina_entrar')} con su e.firma.",
    ]
    for oficial in demo.CUENTAS:
        if oficial.rol in r.credenciales:
            cer, key = r.credenciales[oficial.rol]
            lineas.append(f"     {oficial.rol}: {oficial.rfc} ({cer.name}, {key.name})")
    lineas.append(
        "     Lista de la oficina (estados, línea de tiempo, acuses; el supervisor cancela): "
        f"{base}{reverse('notificaciones:oficina_lista')}"
    )
    if r.emisiones:
        lineas.append(
            "     Emisiones (el administrador genera un periodo y ve las corridas): "
            f"{base}{reverse('cuotas:oficina_emisiones')}"
        )
    return lineas


def guia(r: Resultado, base: str, efirmas: Path) -> str:
    """The guide's text; `base` is the public URL without its final slash."""
    lineas = [
        "",
        f"Guía de la demostración — abra {base}/",
        f"  Todas las e.firmas están en {efirmas} (contraseña {PASSWORD_PRUEBAS}).",
        "",
        *_notificaciones(r, base),
        *_emisiones(r, base),
        "",
        *_sin_buzon(r, base),
        "",
        *_oficina(r, base),
        "",
        *lineas_servicios(r, base),
        "",
        f"  API y su documentación: {base}/api/v1/docs",
    ]
    return "\n".join(lineas)
