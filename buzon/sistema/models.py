"""Periodic steps of the background pass that should run once per installation, not once per
process: each has a row whose next instant a pass claims with one conditional UPDATE (the
database decides which process runs it; the others skip it until the next period)."""

from __future__ import annotations

from django.db import models


class TareaPeriodica(models.Model):
    nombre = models.CharField(max_length=64, primary_key=True)
    #: Not run again before this instant.
    proxima = models.DateTimeField()
    #: When a pass last claimed it (a clock set back before it claims it again at once).
    ultima = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tarea periódica"
        verbose_name_plural = "tareas periódicas"

    def __str__(self) -> str:
        return f"{self.nombre} (próxima {self.proxima:%Y-%m-%d %H:%M})"
