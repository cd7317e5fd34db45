"""The *constancia de aviso* (7.3; TFJA IX-J-1aS-7 [I-35]): the acuse that proves the aviso.

Sealed once per notification when every medio of its aviso has a final result in the outbox
(accepted by its provider, or dead), or when 24 hours have passed since it was handed to the
outbox, whichever comes first. It names the recipient (RFC, name), each medio (type, address or
number, the instant its provider accepted it, or its failure with the provider's code), the
aviso instant (the first acceptance; none if no provider accepted), the deemed instant, the
route the notification took, and carries the cadena and sello of every acuse. Its legal instant
is the aviso sent (or, without one, the dispatch).

Set-based and idempotent: rows claimed with SKIP LOCKED, sealed only while `acuse_aviso` is empty.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from buzon.avisos.models import Intento, Mensaje
from buzon.evidencia.copia import actualizar
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuses
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.entrega.aceptacion import clave_aviso
from buzon.notificaciones.entrega.reencamino import ESPERA_ACEPTACION, por_lotes
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import documento_notificado
from buzon.notificaciones.models import Notificacion

LOTE = 200


def por_sellar(ahora: datetime) -> Q:
    """Dispatched, no constancia yet, and every medio final or 24 hours gone by."""
    return Q(aviso_despachado__isnull=False, acuse_aviso="") & (
        Q(aviso_resuelto__isnull=False) | Q(aviso_despachado__lte=ahora - ESPERA_ACEPTACION)
    )


def _linea(medio: str, mensaje: Mensaje | None, intento: Intento | None) -> str:
    """One medio as the constancia states it: type, address, result, instant, provider's code."""
    tipo, _, valor = medio.partition(":")
    if mensaje is None or intento is None:
        return f"{tipo} {valor}: sin resultado del proveedor"
    codigo = "" if intento.codigo is None else f"código {intento.codigo}: "
    respuesta = " ".join(intento.respuesta.split())[:160]
    if mensaje.estado == Mensaje.Estado.ENVIADO:
        resultado = "aceptado por el proveedor"
    elif mensaje.estado == Mensaje.Estado.MUERTO:
        resultado = "no aceptado (sin más reintentos)"
    else:
        resultado = f"sin aceptar tras {mensaje.intentos} intentos"
    instante = _centro(intento.instante)
    return f"{tipo} {valor}: {resultado} el {instante} ({codigo}{respuesta})"


def _centro(instante: datetime | None) -> str | None:
    """The day and hour as the law reads them: Zona Centro, ISO 8601 with its offset."""
    return None if instante is None else instante.astimezone(ZONA_CENTRO).isoformat()


def _lineas(notificaciones: list[Notificacion]) -> dict[int, list[str]]:
    claves = {clave_aviso(n.folio, m) for n in notificaciones for m in n.aviso_medios}
    mensajes = {m.clave: m for m in Mensaje.objects.filter(clave__in=claves)}
    # The attempt that decided each message: the accepted one, else the last.
    ultimos: dict[int, Intento] = {}
    for intento in Intento.objects.filter(mensaje__in=list(mensajes.values())).order_by(
        "mensaje_id", "numero"
    ):
        previo = ultimos.get(intento.mensaje_id)
        if previo is None or previo.resultado != Intento.Resultado.ENVIADO:
            ultimos[intento.mensaje_id] = intento
    salida = {}
    for n in notificaciones:
        lineas = []
        for medio in n.aviso_medios:
            mensaje = mensajes.get(clave_aviso(n.folio, medio))
            decisivo = None if mensaje is None else ultimos.get(mensaje.pk)
            lineas.append(_linea(medio, mensaje, decisivo))
        salida[n.pk] = lineas
    return salida


def _sellar(notificaciones: list[Notificacion], ahora: datetime) -> None:
    lineas = _lineas(notificaciones)
    solicitudes = []
    for n in notificaciones:
        assert n.aviso_despachado is not None
        solicitudes.append(
            SolicitudAcuse(
                tipo="constancia_aviso",
                rfc=n.rfc,
                registro_patronal=n.registro_patronal or None,
                documentos=[documento_notificado(n)],
                datos={
                    "notificacion": n.folio,
                    "destinatario_rfc": n.rfc,
                    "destinatario_nombre": n.nombre,
                    "medios": lineas[n.pk],
                    "aviso": _centro(n.aviso),
                    "vence": _centro(n.vence),
                    "programado": _centro(n.aviso_programado),
                    "despachado": _centro(n.aviso_despachado),
                    "ruta": n.ruta,
                },
                instante_legal=n.aviso or n.aviso_despachado,
            )
        )
    acuses = do_emitir_acuses(solicitudes)
    hechos = []
    for n, acuse in zip(notificaciones, acuses, strict=True):
        n.acuse_aviso = acuse.folio
        hechos.append((n, Hecho("constancia_aviso", ahora, {"acuse": acuse.folio})))
    actualizar(Notificacion, notificaciones, ["acuse_aviso"])
    registrar(hechos)


def sellar_constancias(ahora: datetime | None = None, lote: int = LOTE) -> int:
    """Seal every constancia de aviso now due (see the module's docstring); returns how many."""
    momento = ahora or timezone.now()
    return por_lotes(por_sellar(momento), lambda chunk: _sellar(chunk, momento), lote)
