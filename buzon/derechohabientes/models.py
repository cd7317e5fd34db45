"""The worker's side of the ledger: the semanas descontadas and reintegradas the Institute knows
of (imported, `buzon derechohabientes importar-semanas`) and the constancias issued.

Both are append-only. A `Constancia` is one `evidencia.Acuse` (same folio) of tipo
`semanas_cotizadas` or `vigencia_derechos`; `datos` keeps exactly what was certified, so its PDF
and JSON are the same however often they are downloaded (never recomputed).
"""

from __future__ import annotations

from django.db import models

from buzon.cuotas.models import Asegurado
from buzon.evidencia.models import Acuse
from buzon.legal.semanas import DESCONTADAS, REINTEGRADAS

LARGO_REFERENCIA = 40


class AjusteSemanas(models.Model):
    """Weeks descontadas by a retiro parcial por desempleo (LSS 191-II) or reintegradas."""

    class Tipo(models.TextChoices):
        DESCONTADAS = DESCONTADAS, "semanas descontadas (retiro por desempleo)"
        REINTEGRADAS = REINTEGRADAS, "semanas reintegradas"

    asegurado = models.ForeignKey(Asegurado, on_delete=models.PROTECT, related_name="+")
    tipo = models.CharField(max_length=12, choices=Tipo.choices)
    fecha = models.DateField()
    semanas = models.PositiveIntegerField()
    #: The retiro's or the reintegro's reference (resolución, folio of the AFORE's request).
    referencia = models.CharField(max_length=LARGO_REFERENCIA)
    archivo_sha256 = models.CharField(max_length=64)
    linea = models.PositiveIntegerField()
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "ajuste de semanas"
        verbose_name_plural = "ajustes de semanas"
        constraints = (
            models.UniqueConstraint(
                fields=("asegurado", "tipo", "fecha", "referencia"), name="ajuste_semanas_unico"
            ),
            models.CheckConstraint(condition=models.Q(semanas__gte=1), name="ajuste_semanas_1"),
        )

    def __str__(self) -> str:
        return f"{self.tipo} {self.semanas} {self.fecha}"


class Constancia(models.Model):
    """One constancia issued to a worker: what it certified, sealed as its acuse."""

    class Tipo(models.TextChoices):
        SEMANAS = "semanas_cotizadas", "Constancia de semanas cotizadas"
        VIGENCIA = "vigencia_derechos", "Constancia de vigencia de derechos"

    folio = models.CharField(max_length=20, unique=True)
    tipo = models.CharField(max_length=20, choices=Tipo.choices)
    asegurado = models.ForeignKey(Asegurado, on_delete=models.PROTECT, related_name="+")
    #: The session's RFC (the acuse's).
    rfc = models.CharField(max_length=13)
    emitida = models.DateTimeField()
    datos = models.JSONField()
    acuse = models.OneToOneField(Acuse, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "constancia de derechohabiente"
        verbose_name_plural = "constancias de derechohabientes"
        ordering = ("-emitida", "-id")
        indexes = (
            models.Index(fields=("asegurado", "tipo", "-emitida"), name="constancia_asegurado_idx"),
        )

    def __str__(self) -> str:
        return f"{self.folio} ({self.tipo})"
