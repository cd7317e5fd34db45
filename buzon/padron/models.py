"""The employers' register (padrón): who each patrón is, where its fiscal domicile's clock runs,
and which registros patronales it holds (with their entidad and subdelegación).

Written only by `services.do_importar_padron`; read through `selectors`.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from buzon.legal.calendario import ENTIDADES
from buzon.legal.opinion import MODALIDAD_GENERAL
from buzon.legal.zonas import ZONA_CENTRO_NOMBRE
from buzon.padron.filas import (
    LARGO_NOMBRE,
    LARGO_SUBDELEGACION,
    PATRON_REGISTRO,
    SITUACION_VIGENTE,
    SITUACIONES,
    ZONA_SALARIO_GENERAL,
    ZONAS_DE_MEXICO,
    ZONAS_SALARIO,
)


class Patron(models.Model):
    """An employer, identified by its RFC (12 characters for a persona moral, 13 for a física)."""

    rfc = models.CharField(max_length=13, unique=True)
    nombre = models.CharField(max_length=LARGO_NOMBRE)
    #: IANA zone of the fiscal domicile (one of `ZONAS_DE_MEXICO`; aliases are stored canonical).
    zona_horaria = models.CharField(max_length=40, default=ZONA_CENTRO_NOMBRE)
    creado_en = models.DateTimeField()
    #: The last import that created or changed this row (re-importing the same data leaves it).
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "patrón"
        verbose_name_plural = "patrones"
        ordering = ("rfc",)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(zona_horaria__in=sorted(ZONAS_DE_MEXICO)),
                name="patron_zona_de_mexico",
            ),
        )

    def __str__(self) -> str:
        return f"{self.rfc} {self.nombre}"


class RegistroPatronal(models.Model):
    """A registro patronal as IMSS writes it (11 characters, e.g. Y5412345108), of one patrón."""

    registro = models.CharField(
        max_length=11,
        unique=True,
        validators=[RegexValidator(PATRON_REGISTRO, "Registro patronal con formato inválido.")],
    )
    patron = models.ForeignKey(Patron, on_delete=models.PROTECT, related_name="registros")
    #: ISO 3166-2:MX code without "MX-" (CMX, JAL, …).
    entidad = models.CharField(max_length=3)
    subdelegacion = models.CharField(max_length=LARGO_SUBDELEGACION)
    #: Minimum-wage zone: `general` or `zlfn` (Zona Libre de la Frontera Norte).
    zona_salario = models.CharField(max_length=7, default=ZONA_SALARIO_GENERAL)
    #: Modalidad de aseguramiento, two digits (10: trabajadores permanentes y eventuales de la
    #: ciudad); 32, 33 and 40 are voluntary schemes, not counted by the opinión [I-65].
    modalidad = models.CharField(max_length=2, default=MODALIDAD_GENERAL)
    #: `vigente`, `baja` or `suspendido` (the opinión de cumplimiento, issue 14).
    situacion = models.CharField(max_length=10, default=SITUACION_VIGENTE)
    creado_en = models.DateTimeField()
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "registro patronal"
        verbose_name_plural = "registros patronales"
        ordering = ("registro",)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(entidad__in=sorted(ENTIDADES)),
                name="registro_patronal_entidad_valida",
            ),
            models.CheckConstraint(
                condition=models.Q(zona_salario__in=ZONAS_SALARIO),
                name="registro_patronal_zona_salario_valida",
            ),
            models.CheckConstraint(
                condition=models.Q(situacion__in=SITUACIONES),
                name="registro_patronal_situacion_valida",
            ),
        )

    def __str__(self) -> str:
        return self.registro
