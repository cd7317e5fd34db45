"""Opiniones de cumplimiento issued and the consultations that asked for them.

Both are append-only: written only by `servicios.do_emitir_opinion(es)`, never updated nor
deleted (nothing purges them: an opinión stays verifiable by folio for five years and more, its
acuse being immutable evidence, docs/opinion.md). Every opinión is one `evidencia.Acuse` of tipo
`opinion_cumplimiento` (same folio), whose cadena original carries the sentido, the motivos and the
validity.
"""

from __future__ import annotations

from django.db import models

from buzon.evidencia.models import Acuse


class Sentido(models.TextChoices):
    POSITIVA = "positiva", "Positiva"
    NEGATIVA = "negativa", "Negativa"
    SIN_OPINION = "sin_opinion", "Sin opinión"


class TipoConsultante(models.TextChoices):
    TITULAR = "titular", "El titular"
    TERCERO = "tercero", "Un tercero autorizado"
    PUBLICO = "publico", "Consulta pública"
    CONVENIO = "convenio", "Una dependencia con convenio"


class Opinion(models.Model):
    """One opinión: its folio is its acuse's."""

    folio = models.CharField(max_length=20, unique=True)
    rfc = models.CharField(max_length=13)
    sentido = models.CharField(max_length=11, choices=Sentido.choices)
    motivos = models.JSONField(default=list)
    emitida = models.DateTimeField()
    #: The last day (Zona Centro) it is in force: the day of issue plus BUZON_OPINION_VIGENCIA_DIAS.
    vigente_hasta = models.DateField()
    acuse = models.OneToOneField(Acuse, on_delete=models.PROTECT, related_name="+")
    consultante_tipo = models.CharField(max_length=8, choices=TipoConsultante.choices)
    #: The third party's RFC when a tercero obtained it (it may then download its PDF).
    consultante_rfc = models.CharField(max_length=13, blank=True, default="")

    class Meta:
        verbose_name = "opinión de cumplimiento"
        verbose_name_plural = "opiniones de cumplimiento"
        ordering = ("-emitida", "-id")
        indexes = (
            models.Index(fields=("rfc", "-emitida"), name="opinion_rfc_emitida_idx"),
            models.Index(
                fields=("consultante_rfc", "-emitida"),
                name="opinion_tercero_idx",
                condition=models.Q(consultante_tipo="tercero"),
            ),
        )

    def __str__(self) -> str:
        return f"{self.folio} {self.sentido}"


class Consulta(models.Model):
    """Who consulted whose opinión, when and why: what *Mis consultas* shows the holder.

    The public's address is kept only as its network (`ip_enmascarada`) and a keyed hash
    (`ip_huella`), never in clear. `convenio` is the agency's convenio id (a plain column: the
    convenios app sits above this one)."""

    rfc = models.CharField(max_length=13)
    instante = models.DateTimeField()
    tipo = models.CharField(max_length=8, choices=TipoConsultante.choices)
    consultante_rfc = models.CharField(max_length=13, blank=True, default="")
    convenio = models.BigIntegerField(null=True, blank=True)
    motivo = models.CharField(max_length=300, blank=True, default="")
    ip_enmascarada = models.CharField(max_length=49, blank=True, default="")
    ip_huella = models.CharField(max_length=64, blank=True, default="")
    opinion = models.OneToOneField(Opinion, on_delete=models.PROTECT, related_name="consulta")

    class Meta:
        verbose_name = "consulta de opinión"
        verbose_name_plural = "consultas de opinión"
        ordering = ("-instante", "-id")
        indexes = (models.Index(fields=("rfc", "-instante"), name="consulta_rfc_instante_idx"),)

    def __str__(self) -> str:
        return f"{self.rfc} {self.tipo} {self.instante:%Y-%m-%d}"
