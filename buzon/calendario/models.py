"""Declared días inhábiles and their audit trail.

Rows are never deleted: a declaration is withdrawn (`retirado_en`), so the calendar that applied at
any past instant can be rebuilt for a court. Every change writes a `CambioCalendario` row in the
same transaction (see services.py).
"""

from __future__ import annotations

from django.db import models


class DiaInhabil(models.Model):
    """A día inhábil or period declared by the Institute (CFF art. 12; Lineamientos 7.2)."""

    desde = models.DateField()
    hasta = models.DateField()
    entidades = models.JSONField(default=list, blank=True)
    subdelegaciones = models.JSONField(default=list, blank=True)
    fuente = models.CharField(max_length=500)
    declarado_por = models.CharField(max_length=13)
    declarado_en = models.DateTimeField()
    retirado_por = models.CharField(max_length=13, blank=True, default="")
    retirado_en = models.DateTimeField(null=True, blank=True)
    motivo_retiro = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "día inhábil declarado"
        verbose_name_plural = "días inhábiles declarados"
        ordering = ("desde", "id")
        indexes = (models.Index(fields=("retirado_en", "desde"), name="dia_inhabil_vigente_idx"),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(hasta__gte=models.F("desde")), name="dia_inhabil_orden_fechas"
            ),
        )

    def __str__(self) -> str:
        return f"{self.desde}…{self.hasta} ({self.fuente})"


class CambioCalendario(models.Model):
    """Append-only audit trail of the calendar: who changed what, when, and on which source."""

    class Accion(models.TextChoices):
        DECLARACION = "declaracion", "declaración"
        RETIRO = "retiro", "retiro"

    instante = models.DateTimeField()
    accion = models.CharField(max_length=20, choices=Accion.choices)
    dia = models.ForeignKey(DiaInhabil, on_delete=models.PROTECT, related_name="cambios")
    por = models.CharField(max_length=13)
    fuente = models.CharField(max_length=500)
    detalle = models.JSONField(default=dict)

    class Meta:
        verbose_name = "cambio de calendario"
        verbose_name_plural = "cambios de calendario"
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.instante:%Y-%m-%d %H:%M} {self.accion} por {self.por}"
