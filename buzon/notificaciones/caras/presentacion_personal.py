"""How the personal route of a notification is shown to officials (API and detail page): the
choice of the route, the citatorio and the diligencia, with both the instant it was made and the
día hábil it surte efectos (CFF 135) [I-46]."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.notificacion import CANCELADA, NOTIFICADA, REQUIERE_PERSONAL
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.notificaciones.emision.servicios import ROLES_QUE_EMITEN
from buzon.notificaciones.entrega.diligencia import CON_QUIEN
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial


def _centro(instante: datetime | None) -> datetime | None:
    return None if instante is None else instante.astimezone(ZONA_CENTRO)


def para_oficina(n: Notificacion) -> dict[str, Any]:
    """The personal-route fields of `GET /oficina/notificaciones/{id}` (added, never renamed).
    Instants in Zona Centro, as the contract shows every instant; the page shows the domicile's."""
    citatorio = None
    if n.citatorio_dejado is not None and n.citatorio_cita is not None:
        citatorio = {
            "dejado": _centro(n.citatorio_dejado),
            "cita": _centro(n.citatorio_cita),
            "con": n.citatorio_con or None,
            "fijado_en_acceso": n.citatorio_fijado,
            "notificador": n.citatorio_por,
        }
    diligencia = None
    if n.personal_notificada is not None:
        diligencia = {
            "instante": _centro(n.personal_notificada),
            "surte_efectos": n.personal_surte_efectos,
            "con": n.personal_con or None,
            "nombre": n.personal_nombre or None,
            "se_nego_a_firmar": n.personal_nego_firma,
            "acta_sha256": n.personal_documento_sha256 or None,
        }
    return {
        "personal_elegida": _centro(n.personal_elegida),
        "personal_elegida_por": n.personal_elegida_por or None,
        "personal_motivo": n.personal_motivo or None,
        "citatorio": citatorio,
        "diligencia": diligencia,
    }


def contexto_detalle(
    n: Notificacion, oficial: Oficial, estado: str, ahora: datetime
) -> dict[str, Any]:
    """What the detail page needs to show and offer on the personal route."""
    lugar = zona(n.zona)
    emite = oficial.rol in ROLES_QUE_EMITEN
    pendiente = estado == REQUIERE_PERSONAL
    textos: dict[str, str] = {}
    if n.personal_elegida is not None:
        textos["elegida"] = instante_legible(n.personal_elegida)
    if n.citatorio_dejado is not None and n.citatorio_cita is not None:
        textos["citatorio_dejado"] = instante_legible(n.citatorio_dejado, lugar)
        textos["citatorio_cita"] = instante_legible(n.citatorio_cita, lugar)
    if n.personal_notificada is not None:
        textos["diligencia"] = instante_legible(n.personal_notificada, lugar)
        textos["con"] = CON_QUIEN.get(n.personal_con, n.personal_con)
    if n.personal_surte_efectos is not None:
        textos["surte_efectos"] = fecha_legible(n.personal_surte_efectos)
    return {
        "personal": textos,
        "puede_elegir_personal": emite
        and n.ruta != Notificacion.Ruta.PERSONAL
        and estado not in (NOTIFICADA, CANCELADA)
        and not n.acuse
        and n.abierta is None,
        "puede_registrar_personal": emite and pendiente,
        "puede_imprimir": n.ruta == Notificacion.Ruta.PERSONAL
        and n.cancelada is None
        and n.depurada is None,
        "con_quien": CON_QUIEN.items(),
        "zona_domicilio": lugar.key,
        "ahora_domicilio": ahora.astimezone(lugar).strftime("%Y-%m-%dT%H:%M"),
    }
