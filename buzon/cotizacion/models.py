"""The Reporte Personalizado de Cotización: who subscribes, each month's report per worker and its
rows per registro patronal, the alerts, and the runs that generated them (docs/cotizacion.md).

The monthly tables (`Reporte`, `Renglon`, `Alerta`) reference asegurados and registros without a
database constraint: their ids come from the ledger in the same transaction, ledger rows are
never deleted (PROTECT everywhere else), and a million rows a month would otherwise pay two
foreign-key triggers each on COPY (as `cuotas.EmisionTrabajador` does without them).

Monthly tables lead their key with the period (`periodo`, AAAAMM as an integer): a period is one
contiguous range of the key, ready to be a partition (LIST or RANGE on `periodo`) on PostgreSQL
when the volume asks for it. Rows are written only by `generacion.do_generar_reportes` and never
rewritten: a re-run adds the subscribers still missing and nothing else.
"""

from __future__ import annotations

from django.db import models

from buzon.cuotas.models import Asegurado
from buzon.padron.models import RegistroPatronal


class Suscripcion(models.Model):
    """A worker who asked for the monthly report (one row per asegurado, kept when cancelled)."""

    asegurado = models.OneToOneField(Asegurado, on_delete=models.PROTECT, related_name="+")
    #: The RFC of the worker's session: its mailbox's confirmed email gets the courtesy copy.
    rfc = models.CharField(max_length=13)
    suscrita_en = models.DateTimeField()
    cancelada_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "suscripción al reporte de cotización"
        verbose_name_plural = "suscripciones al reporte de cotización"

    def __str__(self) -> str:
        return f"suscripción de {self.asegurado_id}"


class CambioSuscripcion(models.Model):
    """The audit trail of subscriptions (append-only): who, what, when."""

    class Accion(models.TextChoices):
        SUSCRIBIR = "suscribir", "se suscribió"
        CANCELAR = "cancelar", "canceló la suscripción"

    asegurado = models.ForeignKey(Asegurado, on_delete=models.PROTECT, related_name="+")
    rfc = models.CharField(max_length=13)
    accion = models.CharField(max_length=10, choices=Accion.choices)
    instante = models.DateTimeField()

    class Meta:
        verbose_name = "cambio de suscripción"
        verbose_name_plural = "cambios de suscripción"

    def __str__(self) -> str:
        return f"{self.accion} {self.instante:%Y-%m-%d}"


class GeneracionReporte(models.Model):
    """One period's generation: its row is the lock that keeps two runs of a period apart, and
    its counters add up every run (the audit of what was generated and sent)."""

    periodo = models.IntegerField(unique=True)
    creada = models.DateTimeField()
    actualizada = models.DateTimeField()
    corridas = models.PositiveIntegerField(default=0)
    reportes = models.PositiveIntegerField(default=0)
    renglones = models.PositiveIntegerField(default=0)
    alertas = models.PositiveIntegerField(default=0)
    correos = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "generación del reporte de cotización"
        verbose_name_plural = "generaciones del reporte de cotización"

    def __str__(self) -> str:
        return str(self.periodo)


class Reporte(models.Model):
    """One worker's report of one period (written even when no employer reported them)."""

    pk = models.CompositePrimaryKey("periodo", "asegurado_id")
    periodo = models.IntegerField()
    asegurado = models.ForeignKey(
        Asegurado,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    generado = models.DateTimeField()
    renglones = models.PositiveSmallIntegerField()
    alertas = models.PositiveSmallIntegerField()
    #: The outbox key of the courtesy email ("" when the mailbox has no confirmed email).
    correo = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = "reporte personalizado de cotización"
        verbose_name_plural = "reportes personalizados de cotización"
        indexes = (models.Index(fields=("asegurado", "-periodo"), name="cotizacion_rep_aseg_idx"),)

    def __str__(self) -> str:
        return f"{self.periodo} {self.asegurado_id}"


class Renglon(models.Model):
    """Per worker, period and registro patronal: days cotizados and the SBC at month end."""

    pk = models.CompositePrimaryKey("periodo", "asegurado_id", "registro_id")
    periodo = models.IntegerField()
    asegurado = models.ForeignKey(
        Asegurado,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    registro = models.ForeignKey(
        RegistroPatronal,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    dias = models.SmallIntegerField()
    vigentes = models.SmallIntegerField()
    #: Centavos: the SBC in force on the month's last vigente day.
    sbc = models.IntegerField()
    vigente_al_cierre = models.BooleanField()

    class Meta:
        verbose_name = "renglón del reporte de cotización"
        verbose_name_plural = "renglones del reporte de cotización"

    def __str__(self) -> str:
        return f"{self.periodo} {self.asegurado_id} {self.registro_id}"


class Alerta(models.Model):
    """Something the worker should know about a registro in a period [I-121]."""

    class Tipo(models.TextChoices):
        ALTA = "alta", "un patrón lo registró"
        BAJA = "baja", "un patrón lo dio de baja"
        SALARIO = "salario", "bajó su salario base de cotización"

    pk = models.CompositePrimaryKey("periodo", "asegurado_id", "registro_id", "tipo")
    periodo = models.IntegerField()
    asegurado = models.ForeignKey(
        Asegurado,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    registro = models.ForeignKey(
        RegistroPatronal,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    tipo = models.CharField(max_length=8, choices=Tipo.choices)
    #: The alta's or baja's date (alta, baja); the month's last day (salario).
    fecha = models.DateField()
    sbc_anterior = models.IntegerField(null=True)
    sbc = models.IntegerField(null=True)

    class Meta:
        verbose_name = "alerta del reporte de cotización"
        verbose_name_plural = "alertas del reporte de cotización"

    def __str__(self) -> str:
        return f"{self.tipo} {self.periodo}"
