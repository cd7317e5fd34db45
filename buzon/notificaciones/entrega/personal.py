"""The personal route (7.10, CFF 134-I, 135–137): an official chooses it at any time before the
notification is made (`do_elegir_notificacion_personal`); the notificador records the citatorio
(`do_registrar_citatorio`) and the diligencia, with the acta signed by their e.firma
(`do_registrar_notificacion_personal`). The rules of time and person are `diligencia` (pure).

A notification routed there by the law (never enabled, inside the 180 days) and one chosen by an
official follow the same path; only `personal_elegida` tells them apart [I-47].
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buzon.evidencia import almacen
from buzon.evidencia.bitacora import anotar
from buzon.evidencia.cadena import Documento
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.formato import instante_legible
from buzon.legal.notificacion import NOTIFICADA, PERSONAL, POR_PERSONAL
from buzon.legal.zonas import exigir_consciente, zona
from buzon.notificaciones.emision import ruteo
from buzon.notificaciones.emision.documento import decodificar, exigir_pdf
from buzon.notificaciones.emision.servicios import Verificador, exigir_emisor
from buzon.notificaciones.entrega import diligencia
from buzon.notificaciones.entrega.barrido import TIPO_ACUSE
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar
from buzon.notificaciones.hechos import documento_notificado, situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.notificaciones.selectors import access_notificacion_oficial
from buzon.oficina.models import Oficial


def calendario_y_zona(n: Notificacion) -> tuple[Calendario, ZoneInfo]:
    """The recipient's calendar and the zone of their domicile, where the diligencia happens."""
    return ruteo.calendario_de(n.entidad, n.subdelegacion_patron), zona(n.zona)


def nombre_acta(n: Notificacion) -> str:
    return f"acta-notificacion-{n.folio}.pdf"


def _de_diligencia(exc: diligencia.ErrorDiligencia) -> ErrorNotificacion:
    return ErrorNotificacion(exc.codigo, exc.mensaje, exc.campo)


def _texto(valor: str, campo: str, que: str, maximo: int = 300) -> str:
    limpio = " ".join(valor.split())
    if not limpio or len(limpio) > maximo:
        raise ErrorNotificacion(
            f"{campo}_invalido", f"Escriba {que} (una línea, hasta {maximo} caracteres).", campo
        )
    return limpio


def _exigir_pasado(instante: datetime, momento: datetime, campo: str, que: str) -> None:
    try:
        exigir_consciente(instante, campo)
    except ValueError as exc:
        raise ErrorNotificacion(
            "instante_invalido", "Indique el instante con su desfase horario.", campo
        ) from exc
    if instante > momento:
        raise ErrorNotificacion(
            "instante_invalido", f"{que} no puede registrarse con un instante futuro.", campo
        )


def _exigir_pendiente(n: Notificacion, momento: datetime) -> None:
    """On the personal route, not cancelled and not yet made."""
    if n.ruta != Notificacion.Ruta.PERSONAL:
        raise ErrorNotificacion(
            "no_requiere_personal",
            f"La notificación {n.folio} no está en la vía de notificación personal: elíjala "
            "primero («Notificar personalmente»), si aún no se ha notificado.",
            "id",
            409,
        )
    if n.cancelada is not None:
        raise ErrorNotificacion("cancelada", f"La notificación {n.folio} fue cancelada.", "id", 409)
    if n.personal_notificada is not None:
        raise ErrorNotificacion(
            "ya_notificada", f"La notificación personal de {n.folio} ya se registró.", "id", 409
        )


def _exigir_desde(n: Notificacion, instante: datetime, campo: str) -> None:
    """Nothing of the personal route happens before the document existed on it."""
    inicio = max(n.creada, n.personal_elegida or n.creada)
    if instante < inicio:
        raise ErrorNotificacion(
            "instante_invalido",
            "La diligencia no puede ser anterior a la emisión del documento ni a la elección de "
            "la vía personal.",
            campo,
        )


# -- choosing the personal route (7.10 "sin perjuicio") ----------------------------------------


def _exigir_elegible(n: Notificacion, momento: datetime) -> None:
    situacion = situacion_de(n, momento)
    if n.cancelada is not None:
        raise ErrorNotificacion("cancelada", f"La notificación {n.folio} fue cancelada.", "id", 409)
    if n.ruta == Notificacion.Ruta.PERSONAL:
        raise ErrorNotificacion(
            "ya_personal", f"La notificación {n.folio} ya está en la vía personal.", "id", 409
        )
    if situacion.estado == NOTIFICADA or n.acuse or n.abierta is not None:
        como = "por estrados" if n.ruta == Notificacion.Ruta.ESTRADOS else "en el Buzón"
        raise ErrorNotificacion(
            "ya_notificada",
            f"La notificación {n.folio} ya se hizo {como} (o el particular ya abrió el "
            "documento): no puede notificarse otra vez de manera personal.",
            "id",
            409,
        )


def do_elegir_notificacion_personal(
    oficial: Oficial, notificacion_id: int, motivo: str, *, ahora: datetime | None = None
) -> Notificacion:
    """7.10: take a notification not yet made (Buzón or estrados) to the personal route. From
    then on only a diligencia notifies it: no aviso, no deemed notification, off the board."""
    exigir_emisor(oficial)
    razon = _texto(motivo, "motivo", "el motivo de notificar personalmente", 500)
    momento = ahora or timezone.now()
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        _exigir_elegible(n, momento)
        anterior = n.ruta
        n.ruta, n.personal_elegida = PERSONAL, momento
        n.personal_elegida_por, n.personal_motivo = oficial.rfc, razon
        campos = ("ruta", "personal_elegida", "personal_elegida_por", "personal_motivo")
        n.save(update_fields=campos)
        datos = {"ruta_anterior": anterior, "motivo": razon, "elegida_por": oficial.rfc}
        registrar([(n, Hecho("via_personal", momento, datos))])
        anotar("notificacion_via_personal", n.folio, datos, momento)
        return n


# -- the citatorio (CFF 137) --------------------------------------------------------------------


def do_registrar_citatorio(
    oficial: Oficial,
    notificacion_id: int,
    *,
    dejado: datetime,
    cita: datetime,
    con: str,
    fijado: bool,
    ahora: datetime | None = None,
) -> Notificacion:
    """CFF 137: the notificador did not find the person to notify and left a citatorio at
    `dejado`, for the hour `cita` of the next día hábil, with `con` (or fixed at the main access
    when nobody received it, `fijado`). A new one only once the previous cita has passed."""
    exigir_emisor(oficial)
    momento = ahora or timezone.now()
    _exigir_pasado(dejado, momento, "dejado", "El citatorio")
    if fijado and con.strip():
        raise ErrorNotificacion(
            "con_invalido",
            "Si el citatorio se fijó en el acceso principal, no indique con quién se dejó.",
            "con",
        )
    que = "el nombre de la persona que recibió el citatorio"
    persona = "" if fijado else _texto(con, "con", que)
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        _exigir_pendiente(n, momento)
        _exigir_desde(n, dejado, "dejado")
        calendario, lugar = calendario_y_zona(n)
        try:
            dejado_local, cita_local = diligencia.exigir_cita(dejado, cita, lugar, calendario)
        except diligencia.ErrorDiligencia as exc:
            raise _de_diligencia(exc) from exc
        if n.citatorio_cita is not None and n.citatorio_cita > dejado:
            raise ErrorNotificacion(
                "citatorio_vigente",
                f"Ya hay un citatorio para el {instante_legible(n.citatorio_cita, lugar)}: "
                "practique la diligencia a esa hora; un nuevo citatorio, solo después de ella.",
                "dejado",
                409,
            )
        n.citatorio_dejado, n.citatorio_cita = dejado_local, cita_local
        n.citatorio_con, n.citatorio_fijado, n.citatorio_por = persona, fijado, oficial.rfc
        n.save(
            update_fields=(
                "citatorio_dejado",
                "citatorio_cita",
                "citatorio_con",
                "citatorio_fijado",
                "citatorio_por",
            )
        )
        datos = {
            "dejado": dejado_local.isoformat(),
            "cita": cita_local.isoformat(),
            "con": persona,
            "fijado_en_acceso": fijado,
            "notificador": oficial.rfc,
        }
        registrar([(n, Hecho("citatorio", dejado_local, datos, dejado_local.isoformat()))])
        anotar("citatorio_dejado", n.folio, datos, momento)
        return n


# -- the diligencia (CFF 134-I, 135, 137) -------------------------------------------------------


FIJADO = "fijado en el acceso principal"


def datos_acuse(n: Notificacion, oficial: Oficial, lugar: ZoneInfo) -> dict[str, Any]:
    """What the acuse `notificacion_personal` states about the diligencia (CFF 135, 137)."""
    assert n.personal_notificada is not None and n.personal_surte_efectos is not None

    def en_lugar(instante: datetime | None) -> str | None:
        return None if instante is None else instante.astimezone(lugar).isoformat()

    return {
        "notificacion": n.folio,
        "tipo_acto": n.tipo,
        "asunto": n.asunto,
        "emisor": n.emisor,
        "medio": "personal",
        "notificador": oficial.rfc,
        "diligencia": en_lugar(n.personal_notificada),
        "surte_efectos": n.personal_surte_efectos.isoformat(),
        "con_quien": n.personal_con,
        "persona": n.personal_nombre,
        "se_nego_a_firmar": n.personal_nego_firma,
        "citatorio_dejado": en_lugar(n.citatorio_dejado),
        "citatorio_cita": en_lugar(n.citatorio_cita),
        "citatorio_con": n.citatorio_con or (FIJADO if n.citatorio_fijado else None),
        "acta_sha256": n.personal_documento_sha256,
    }


def do_registrar_notificacion_personal(
    oficial: Oficial,
    certificado_der: bytes,
    notificacion_id: int,
    *,
    instante: datetime,
    acta: str,
    firma: str,
    con: str,
    nombre: str,
    nego_firma: bool = False,
    ahora: datetime | None = None,
) -> Notificacion:
    """Record the diligencia made at `instante` (días y horas hábiles of the domicile, CFF 13)
    with `con` (diligencia.CON_QUIEN; `tercero`/`vecino` only at the citatorio's hour, CFF 137),
    the person's `nombre`, whether they refused to sign (CFF 135), and the acta (PDF, base64)
    signed by the official's e.firma. Made at `instante`; surte efectos the next día hábil."""
    exigir_emisor(oficial)
    momento = ahora or timezone.now()
    _exigir_pasado(instante, momento, "instante", "La notificación personal")
    que = "el nombre de la persona con quien se entendió la diligencia"
    persona = _texto(nombre, "nombre", que)
    # May this official touch it, and is it still to be made? Before anything is stored: another
    # subdelegación's notification must cost no disk and leave no file (issue 19).
    _exigir_pendiente(access_notificacion_oficial(oficial, notificacion_id), momento)
    datos = decodificar(acta, "acta")
    exigir_pdf(datos, int(settings.BUZON_MAXIMO_DOCUMENTO), "acta")
    Verificador(oficial, certificado_der, momento).verificar(datos, firma)
    huella = almacen.guardar(datos)
    almacen.sincronizar([huella])
    with transaction.atomic():
        n = access_notificacion_oficial(oficial, notificacion_id, bloquear=True)
        _exigir_pendiente(n, momento)
        _exigir_desde(n, instante, "instante")
        calendario, lugar = calendario_y_zona(n)
        try:
            hora = diligencia.exigir_habil(
                instante, lugar, calendario, "instante", "La diligencia de notificación"
            )
            diligencia.exigir_con_quien(con, instante, n.citatorio_cita, lugar)
        except diligencia.ErrorDiligencia as exc:
            raise _de_diligencia(exc) from exc
        n.personal_notificada = hora
        n.personal_surte_efectos = diligencia.surte_efectos(hora, lugar, calendario)
        n.personal_con, n.personal_nombre, n.personal_nego_firma = con, persona, nego_firma
        n.personal_documento_sha256 = huella
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo=TIPO_ACUSE[POR_PERSONAL],
                rfc=n.rfc,
                registro_patronal=n.registro_patronal or None,
                documentos=[documento_notificado(n), Documento(nombre_acta(n), huella)],
                datos=datos_acuse(n, oficial, lugar),
                instante_legal=hora,
                zona_legal=n.zona,
            )
        )
        n.notificada, n.medio, n.acuse = hora, "personal", acuse.folio
        n.conservar_hasta = max(n.conservar_hasta, plazos.conservar_hasta(hora))
        n.save(
            update_fields=(
                "personal_notificada",
                "personal_surte_efectos",
                "personal_con",
                "personal_nombre",
                "personal_nego_firma",
                "personal_documento_sha256",
                "notificada",
                "medio",
                "acuse",
                "conservar_hasta",
            )
        )
        hecho = {
            "registrada_por": oficial.rfc,
            "acta_sha256": huella,
            "con": con,
            "nombre": persona,
            "se_nego_a_firmar": nego_firma,
            "surte_efectos": n.personal_surte_efectos.isoformat(),
        }
        registrar(
            [
                (n, Hecho("notificacion_personal", hora, hecho)),
                (n, Hecho("notificada", hora, {"medio": "personal", "acuse": acuse.folio})),
            ]
        )
        anotar("diligencia_registrada", n.folio, hecho, momento)
        return n
