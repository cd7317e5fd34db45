"""The legal library (relación 3, *Normatividad*): texts, their versions, and each version's
articles or numerals as the parser split them (`analisis.dividir`).

Versions are never changed or deleted: a reform adds one, the old stay readable. The search index
is over `Articulo.texto_normal` (PostgreSQL: a stored generated column `vector` =
`to_tsvector('spanish', texto_normal)`, unknown to the model, with a GIN index; SQLite: the FTS5
table `normatividad_fts`, written by `servicios.do_agregar_version`), see migration 0001.
"""

from __future__ import annotations

from django.db import models


class Texto(models.Model):
    class Tipo(models.TextChoices):
        LEY = "ley", "Ley"
        CODIGO = "codigo", "Código"
        REGLAMENTO = "reglamento", "Reglamento"
        ACUERDO = "acuerdo", "Acuerdo"
        LINEAMIENTOS = "lineamientos", "Lineamientos"

    clave = models.CharField(max_length=40, unique=True)
    tipo = models.CharField(max_length=20, choices=Tipo.choices)
    nombre = models.CharField(max_length=300)
    creado = models.DateTimeField()

    class Meta:
        ordering = ("nombre",)

    def __str__(self) -> str:
        return self.clave


class Version(models.Model):
    texto = models.ForeignKey(Texto, on_delete=models.PROTECT, related_name="versiones")
    numero = models.PositiveIntegerField()
    fecha_dof = models.DateField()
    fuente_dof = models.CharField(max_length=500)
    vigente_desde = models.DateField()
    contenido = models.TextField()
    sha256 = models.CharField(max_length=64)
    agregada_por = models.CharField(max_length=13)
    agregada = models.DateTimeField()

    class Meta:
        ordering = ("texto", "numero")
        constraints = (
            models.UniqueConstraint(fields=("texto", "numero"), name="normatividad_version_numero"),
            models.UniqueConstraint(fields=("texto", "sha256"), name="normatividad_version_sha"),
        )

    def __str__(self) -> str:
        return f"{self.texto_id} v{self.numero}"


class Articulo(models.Model):
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="articulos")
    orden = models.PositiveIntegerField()
    clave = models.CharField(max_length=120)
    texto = models.TextField()
    texto_normal = models.TextField()

    class Meta:
        ordering = ("version", "orden")
        constraints = (
            models.UniqueConstraint(
                fields=("version", "clave"), name="normatividad_articulo_clave"
            ),
            models.UniqueConstraint(
                fields=("version", "orden"), name="normatividad_articulo_orden"
            ),
        )

    def __str__(self) -> str:
        return self.clave
