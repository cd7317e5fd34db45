"""The créditos fiscales the Institute's collection system reports, and their history.

Written only by `servicios.do_importar_creditos`; read through `selectors`. A credit is one row
(its latest state); every creation or change adds one `CambioCredito` (append-only) naming the
file it came from (`ArchivoCobranza`, by SHA-256). docs/cobranza.md.
"""

from __future__ import annotations

from django.db import models

from buzon.cobranza.filas import LARGO_CONCEPTO, LARGO_CREDITO
from buzon.legal.opinion import SITUACIONES_CREDITO


class ArchivoCobranza(models.Model):
    """A file that brought credits, by its SHA-256 (written with its first change: a file that
    changes nothing, e.g. imported again, leaves no trace)."""

    sha256 = models.CharField(max_length=64, unique=True)
    nombre = models.CharField(max_length=255)
    #: The official's RFC, or "" from the command line.
    importado_por = models.CharField(max_length=13, blank=True)
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "archivo de créditos fiscales"
        verbose_name_plural = "archivos de créditos fiscales"

    def __str__(self) -> str:
        return f"{self.nombre} ({self.sha256[:12]})"


class Credito(models.Model):
    """A crédito fiscal of an RFC (and registro patronal), in its latest reported state.

    The index (rfc, situacion) serves reading every credit of many RFCs at once
    (`selectors.creditos_de`) and the exigible totals (`selectors.exigible_de`)."""

    class Situacion(models.TextChoices):
        EXIGIBLE = "exigible", "exigible"
        PAGADO = "pagado", "pagado"
        CONVENIO = "convenio", "en convenio de pago a plazos al corriente"
        GARANTIZADO = "garantizado", "garantizado"
        IMPUGNADO = "impugnado", "impugnado"
        CANCELADO = "cancelado", "cancelado"

    credito = models.CharField(max_length=LARGO_CREDITO, unique=True)
    rfc = models.CharField(max_length=13)
    #: The registro patronal as IMSS writes it (11 characters); a plain column, not a foreign key:
    #: the collection system may know a registro before the padrón does.
    registro = models.CharField(max_length=11)
    concepto = models.CharField(max_length=LARGO_CONCEPTO, blank=True)
    periodo = models.CharField(max_length=7, blank=True)
    importe = models.DecimalField(max_digits=14, decimal_places=2)
    situacion = models.CharField(max_length=11, choices=Situacion.choices)
    creado_en = models.DateTimeField()
    #: The last import that changed this row (re-importing the same data leaves it).
    actualizado_en = models.DateTimeField()
    archivo = models.ForeignKey(
        ArchivoCobranza, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    linea = models.PositiveIntegerField()

    class Meta:
        verbose_name = "crédito fiscal"
        verbose_name_plural = "créditos fiscales"
        indexes = (models.Index(fields=("rfc", "situacion"), name="credito_rfc_situacion"),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(situacion__in=SITUACIONES_CREDITO),
                name="credito_situacion_valida",
            ),
            models.CheckConstraint(
                condition=models.Q(importe__gt=0), name="credito_importe_positivo"
            ),
        )

    def __str__(self) -> str:
        return self.credito


class CambioCredito(models.Model):
    """One creation or change of a credit (append-only): the state before (empty on creation),
    the state after, and the file and line that brought it."""

    credito = models.ForeignKey(Credito, on_delete=models.PROTECT, related_name="cambios")
    archivo = models.ForeignKey(
        ArchivoCobranza, on_delete=models.PROTECT, related_name="cambios", db_index=False
    )
    linea = models.PositiveIntegerField()
    instante = models.DateTimeField()
    #: "" on creation (and `importe_anterior` None).
    situacion_anterior = models.CharField(max_length=11, blank=True)
    importe_anterior = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    concepto_anterior = models.CharField(max_length=LARGO_CONCEPTO, blank=True)
    periodo_anterior = models.CharField(max_length=7, blank=True)
    situacion = models.CharField(max_length=11)
    importe = models.DecimalField(max_digits=14, decimal_places=2)
    concepto = models.CharField(max_length=LARGO_CONCEPTO, blank=True)
    periodo = models.CharField(max_length=7, blank=True)

    class Meta:
        verbose_name = "cambio de crédito fiscal"
        verbose_name_plural = "cambios de créditos fiscales"
        ordering = ("credito_id", "id")

    def __str__(self) -> str:
        return f"{self.situacion_anterior or '—'} → {self.situacion}"
