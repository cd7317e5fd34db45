"""The acuse types: one list, with each type's title and the legal instant it certifies.

The titles follow the Lineamientos' wording (DOF 5-VIII-2024). For the deemed notification, 7.5:
"En caso de que la persona particular no abra el documento digital en el plazo señalado en el
numeral anterior, la notificación electrónica se tendrá por realizada al cuarto día hábil … ,
generándose automáticamente un acuse de recibo electrónico": the notification is made because
*the plazo* of 7.4 ran out, hence "por vencimiento del plazo" (I-40). The acuse, its PDF, the
verification page and the particular's list all read their title here.
"""

from __future__ import annotations

from django.db import models


class TipoAcuse(models.TextChoices):
    REGISTRO_MEDIOS = "registro_medios", "Acuse de registro de medios de contacto"
    TERMINOS = "terminos", "Acuse de aceptación de términos y condiciones"
    NOTIFICACION = "notificacion", "Constancia de notificación electrónica"
    NOTIFICACION_POR_VENCIMIENTO = (
        "notificacion_por_vencimiento",
        "Constancia de notificación por vencimiento del plazo",
    )
    ACTUACION = "actuacion", "Acuse de recibo de actuación"
    CONSTANCIA_AVISO = "constancia_aviso", "Constancia de aviso de notificación"
    NOTIFICACION_ESTRADOS = "notificacion_estrados", "Constancia de notificación por estrados"
    NOTIFICACION_PERSONAL = "notificacion_personal", "Constancia de notificación personal"
    CANCELACION_NOTIFICACION = (
        "cancelacion_notificacion",
        "Constancia de cancelación de notificación",
    )
    AUTORIZACION_TERCERO = "autorizacion_tercero", "Acuse de autorización a un tercero"
    REVOCACION_AUTORIZACION = "revocacion_autorizacion", "Acuse de revocación de autorización"
    OPINION_CUMPLIMIENTO = (
        "opinion_cumplimiento",
        "Opinión del cumplimiento de obligaciones fiscales en materia de seguridad social",
    )
    SEMANAS_COTIZADAS = "semanas_cotizadas", "Constancia de semanas cotizadas"
    VIGENCIA_DERECHOS = "vigencia_derechos", "Constancia de vigencia de derechos"
    PROGRAMA_FISCALIZACION = (
        "programa_fiscalizacion",
        "Acuse de aprobación del programa de fiscalización",
    )


#: The types an acuse may have (a closed list: a new kind of acuse is added to `TipoAcuse`).
TIPOS: frozenset[str] = frozenset(TipoAcuse.values)

#: The title of each type, as printed and shown.
TITULOS: dict[str, str] = {t.value: str(t.label) for t in TipoAcuse}

#: The legal instant each type certifies (its `instante_legal`), with the rule that fixes it.
INSTANTES_LEGALES: dict[str, str] = {
    TipoAcuse.REGISTRO_MEDIOS: "el registro de los medios de contacto (5.1, 5.2)",
    TipoAcuse.TERMINOS: "la aceptación de los términos y condiciones: la habilitación (5.3)",
    TipoAcuse.NOTIFICACION: "la notificación por apertura: la generación del acuse, o las 09:30 "
    "del día hábil siguiente si se generó en día u hora inhábil (7.2)",
    TipoAcuse.NOTIFICACION_POR_VENCIMIENTO: "la notificación al cuarto día hábil contado a partir "
    "del día hábil siguiente al envío del aviso (7.5; CFF 134, fracción I)",
    TipoAcuse.ACTUACION: "la recepción de la promoción en días y horas hábiles (CFF 12, 13)",
    TipoAcuse.CONSTANCIA_AVISO: "el envío del aviso a los medios de contacto (7.3, 7.4)",
    TipoAcuse.NOTIFICACION_ESTRADOS: "la notificación por estrados: el decimoprimer día contado "
    "a partir del día siguiente a la publicación (CFF 139)",
    TipoAcuse.NOTIFICACION_PERSONAL: "la notificación personal: surte efectos el día hábil "
    "siguiente a la diligencia (CFF 135, 137; 7.10)",
    TipoAcuse.CANCELACION_NOTIFICACION: "la cancelación de la notificación antes de realizarse",
    TipoAcuse.AUTORIZACION_TERCERO: "la firma de la autorización por su titular "
    "(relación 9.1, 9.3)",
    TipoAcuse.REVOCACION_AUTORIZACION: "la firma de la revocación por su titular: desde ese "
    "instante el tercero deja de estar autorizado (relación 9.1, 9.3)",
    TipoAcuse.OPINION_CUMPLIMIENTO: "la emisión de la opinión, con la situación que consta en "
    "los registros del Instituto en ese instante (CFF 32-D; relación 9.2, 9.4)",
    TipoAcuse.SEMANAS_COTIZADAS: "la emisión de la constancia, con las semanas que constan en "
    "los registros de afiliación del Instituto en ese instante (relación 4.2, 10.5)",
    TipoAcuse.VIGENCIA_DERECHOS: "la emisión de la constancia, con la vigencia que resulta de "
    "los registros de afiliación en ese instante (LSS 109; relación 4.3, 10.6)",
    TipoAcuse.PROGRAMA_FISCALIZACION: "la firma del programa por el servidor público que lo "
    "aprueba (relación 7.8, 7.17, 7.18, 8)",
}


def titulo(tipo: str) -> str:
    return TITULOS.get(tipo, f"Acuse ({tipo})")
