"""The kinds of document *Mis documentos* lists (numeral 8; relación 4), and their titles.

Each kind is owned by one app, which issues it and serves its download; this app only lists them
and links to those downloads (docs/documentos.md).
"""

from __future__ import annotations

from django.db import models

from buzon.evidencia.tipos import TipoAcuse


class Clase(models.TextChoices):
    EMISION = "emision", "Emisión de cuotas"
    OPINION = "opinion", "Opinión de cumplimiento"
    ACUSE = "acuse", "Acuse o constancia"
    NOTIFICACION = "notificacion", "Documento notificado"
    ACTUACION = "actuacion", "Acuse de actuación"


CLASES: tuple[str, ...] = tuple(Clase.values)

#: Acuse types listed under their own kind (with their own app's download), not as «acuse»: an
#: opinión is its acuse (same folio), an actuación's filing acuse is shown with its trámite.
TIPOS_CON_CLASE_PROPIA: frozenset[str] = frozenset(
    {TipoAcuse.OPINION_CUMPLIMIENTO.value, TipoAcuse.ACTUACION.value}
)

#: The emisión kinds, in words.
EMISIONES = {"EMA": "Emisión mensual anticipada (EMA)", "EBA": "Emisión bimestral anticipada (EBA)"}
SENTIDOS = {"positiva": "positiva", "negativa": "negativa", "sin_opinion": "sin opinión"}
