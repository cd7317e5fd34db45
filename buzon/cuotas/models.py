"""The afiliación ledger (what the Institute knows): asegurados, their movements per registro
patronal, the primas de riesgos de trabajo by period, and the files they came from.

Written only by `servicios.do_importar_movimientos` / `do_importar_primas`; read through
`selectors`. The registro patronal is the padrón's row (`padron.RegistroPatronal`): a movement
of a registro the padrón lacks is refused at import. docs/cuotas.md, «Ledger».
"""

from __future__ import annotations

from django.db import models

from buzon.cuotas.filas import LARGO_NOMBRE, PRIMA_MAXIMA, PRIMA_MINIMA, TIPOS
from buzon.padron.models import RegistroPatronal


class ArchivoAfiliacion(models.Model):
    """A file that brought rows to the ledger, by its SHA-256 (written with its first rows: a file
    that adds nothing, e.g. imported again, leaves no trace)."""

    class Tipo(models.TextChoices):
        MOVIMIENTOS = "movimientos", "movimientos"
        PRIMAS = "primas", "primas de riesgos de trabajo"

    sha256 = models.CharField(max_length=64, unique=True)
    tipo = models.CharField(max_length=11, choices=Tipo.choices)
    nombre = models.CharField(max_length=255)
    #: The official's RFC (API), or "" from the command line.
    importado_por = models.CharField(max_length=13, blank=True)
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "archivo de afiliación"
        verbose_name_plural = "archivos de afiliación"

    def __str__(self) -> str:
        return f"{self.nombre} ({self.sha256[:12]})"


class Asegurado(models.Model):
    """A worker insured by the IMSS, by NSS (check digit verified, `legal.nss`)."""

    nss = models.CharField(max_length=11, unique=True)
    curp = models.CharField(max_length=18)
    nombre = models.CharField(max_length=LARGO_NOMBRE)
    creado_en = models.DateTimeField()
    #: The last import that created or changed this row (re-importing the same data leaves it).
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "asegurado"
        verbose_name_plural = "asegurados"
        #: A worker logs in with the CURP of its e.firma (issue 16): found by it.
        indexes = (models.Index(fields=("curp",), name="asegurado_curp_idx"),)

    def __str__(self) -> str:
        return self.nss


class Movimiento(models.Model):
    """One afiliación movement of an asegurado in a registro patronal.

    `08` alta o reingreso and `07` modificación de salario carry the SBC; `02` baja only its date;
    `11` ausentismo and `12` incapacidad their days. The key (registro, asegurado, fecha, tipo)
    makes re-importing a no-op; its index serves reading every movement of many registros at
    once, in (registro, asegurado, fecha) order.
    """

    class Tipo(models.TextChoices):
        ALTA = "08", TIPOS["08"]
        MODIFICACION = "07", TIPOS["07"]
        BAJA = "02", TIPOS["02"]
        AUSENTISMO = "11", TIPOS["11"]
        INCAPACIDAD = "12", TIPOS["12"]

    # The unique key's index leads with the registro: no index of its own.
    registro = models.ForeignKey(
        RegistroPatronal, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    asegurado = models.ForeignKey(Asegurado, on_delete=models.PROTECT, related_name="movimientos")
    tipo = models.CharField(max_length=2, choices=Tipo.choices)
    fecha = models.DateField()
    #: Salario base de cotización, pesos per day (08 and 07 only).
    sbc = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    #: Days of ausentismo or incapacidad from `fecha` (11 and 12 only), 1 to 31.
    dias = models.PositiveSmallIntegerField(null=True)
    #: Where the row came from: the file (its SHA-256) and the line.
    archivo = models.ForeignKey(
        ArchivoAfiliacion, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    linea = models.PositiveIntegerField()

    class Meta:
        verbose_name = "movimiento afiliatorio"
        verbose_name_plural = "movimientos afiliatorios"
        constraints = (
            models.UniqueConstraint(
                fields=("registro", "asegurado", "fecha", "tipo"), name="movimiento_unico"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(tipo__in=("08", "07"), sbc__gt=0, dias__isnull=True)
                    | models.Q(tipo="02", sbc__isnull=True, dias__isnull=True)
                    | models.Q(tipo__in=("11", "12"), sbc__isnull=True, dias__gte=1, dias__lte=31)
                ),
                name="movimiento_datos_de_su_tipo",
            ),
        )

    def __str__(self) -> str:
        return f"{self.tipo} {self.fecha}"


class PrimaRT(models.Model):
    """The prima de riesgos de trabajo of a registro patronal (percent, five decimals) for the
    period that opens on `vigente_desde` (a 1 March) and ends on the last day of February."""

    registro = models.ForeignKey(
        RegistroPatronal, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    vigente_desde = models.DateField()
    prima = models.DecimalField(max_digits=7, decimal_places=5)
    #: Where it came from: a file (`buzon afiliacion primas`) and its line, or the employer's
    #: filed determination (`riesgos`, LSS 74): the id of that `actuaciones.Actuacion` (a plain
    #: id, not a ForeignKey: actuaciones is a layer above, docs/architecture.md). Exactly one.
    archivo = models.ForeignKey(
        ArchivoAfiliacion, on_delete=models.PROTECT, related_name="+", db_index=False, null=True
    )
    linea = models.PositiveIntegerField(null=True)
    determinacion = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "prima de riesgos de trabajo"
        verbose_name_plural = "primas de riesgos de trabajo"
        constraints = (
            models.UniqueConstraint(fields=("registro", "vigente_desde"), name="prima_rt_unica"),
            models.CheckConstraint(
                condition=(
                    models.Q(archivo__isnull=False, linea__isnull=False, determinacion__isnull=True)
                    | models.Q(
                        archivo__isnull=True, linea__isnull=True, determinacion__isnull=False
                    )
                ),
                name="prima_rt_de_archivo_o_determinacion",
            ),
            models.CheckConstraint(
                condition=models.Q(prima__gte=PRIMA_MINIMA, prima__lte=PRIMA_MAXIMA),
                name="prima_rt_limites_lss_74",
            ),
        )

    def __str__(self) -> str:
        return f"{self.prima} desde {self.vigente_desde}"


# The emisiones (issue 13 §4): their own module, models of this app (docs/cuotas.md, «Emisiones»).
from buzon.cuotas.emisiones.modelos import (  # noqa: E402
    BloqueEmision,
    CorridaEmision,
    Emision,
    EmisionTrabajador,
)

__all__ = [
    "ArchivoAfiliacion",
    "Asegurado",
    "BloqueEmision",
    "CorridaEmision",
    "Emision",
    "EmisionTrabajador",
    "Movimiento",
    "PrimaRT",
]
