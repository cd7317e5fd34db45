"""Riesgos de trabajo terminados per registro patronal (from the Institute's medical data), the
files that brought them, and each registro's class (LSS 73) when the padrón has none.

Written only by `servicios.do_importar_riesgos` / `do_importar_clases`; read through
`selectors`. Accidents en trayecto are never stored (LSS 72: «No se tomarán en cuenta …»): the
import counts them. The determination itself is an actuación (`actuaciones`, trámite
`determinacion-prima-rt`) and the prima it fixes a `cuotas.PrimaRT`. docs/riesgos.md.
"""

from __future__ import annotations

from django.db import models

from buzon.padron.models import RegistroPatronal


class ArchivoRiesgos(models.Model):
    """A file imported (history): its SHA-256, name, who, when and what it brought. Written with
    its first new rows: a file that adds nothing (imported again) leaves no trace."""

    class Tipo(models.TextChoices):
        RIESGOS = "riesgos", "riesgos de trabajo terminados"
        CLASES = "clases", "clases de riesgo"

    sha256 = models.CharField(max_length=64, unique=True)
    tipo = models.CharField(max_length=8, choices=Tipo.choices)
    nombre = models.CharField(max_length=255)
    importado_por = models.CharField(max_length=13, blank=True)
    importado_en = models.DateTimeField()
    filas_leidas = models.PositiveIntegerField(default=0)
    filas_importadas = models.PositiveIntegerField(default=0)
    en_trayecto = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "archivo de riesgos de trabajo"
        verbose_name_plural = "archivos de riesgos de trabajo"

    def __str__(self) -> str:
        return f"{self.nombre} ({self.sha256[:12]})"


class RiesgoTerminado(models.Model):
    """One riesgo de trabajo of a worker, terminated (alta médica, dictamen or death) on
    `fecha_termino`. The key (registro, nss, tipo, fecha_termino) makes importing again a no-op."""

    class Tipo(models.TextChoices):
        ACCIDENTE = "accidente", "Accidente de trabajo"
        ENFERMEDAD = "enfermedad", "Enfermedad de trabajo"

    registro = models.ForeignKey(
        RegistroPatronal, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    nss = models.CharField(max_length=11)
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    fecha_termino = models.DateField()
    #: S: days subsidised by temporary incapacity.
    dias_subsidiados = models.PositiveIntegerField()
    #: Percent of permanent incapacity (0 to 100, two decimals); I = Σ ÷ 100.
    porcentaje_incapacidad = models.DecimalField(max_digits=5, decimal_places=2)
    defuncion = models.BooleanField()
    archivo = models.ForeignKey(
        ArchivoRiesgos, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    linea = models.PositiveIntegerField()

    class Meta:
        verbose_name = "riesgo de trabajo terminado"
        verbose_name_plural = "riesgos de trabajo terminados"
        constraints = (
            models.UniqueConstraint(
                fields=("registro", "fecha_termino", "nss", "tipo"), name="riesgo_terminado_unico"
            ),
            models.CheckConstraint(
                condition=models.Q(porcentaje_incapacidad__gte=0, porcentaje_incapacidad__lte=100),
                name="riesgo_incapacidad_0_a_100",
            ),
        )
        #: The import finds the rows already stored by the batch's workers.
        indexes = (models.Index(fields=("nss",), name="riesgo_terminado_nss"),)

    def __str__(self) -> str:
        return f"{self.tipo} {self.fecha_termino}"


class ClaseRiesgo(models.Model):
    """The class (I to V, LSS 73) of a registro, imported by `buzon riesgos clases F.csv`: the
    padrón has no class column [I-132]."""

    registro = models.OneToOneField(RegistroPatronal, on_delete=models.PROTECT, related_name="+")
    clase = models.CharField(max_length=3)
    archivo = models.ForeignKey(
        ArchivoRiesgos, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    linea = models.PositiveIntegerField()

    class Meta:
        verbose_name = "clase de riesgo"
        verbose_name_plural = "clases de riesgo"
        constraints = (
            models.CheckConstraint(
                condition=models.Q(clase__in=("I", "II", "III", "IV", "V")),
                name="clase_riesgo_lss_73",
            ),
        )

    def __str__(self) -> str:
        return self.clase
