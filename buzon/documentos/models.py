"""Documentos para todos (numeral 8; relación 4): the guides and formats the Institute publishes
for everyone, and the audit trail of who published or withdrew each.

The particular's own documents are not stored here: they are the owning apps' rows (emisiones,
opiniones, acuses, notifications, actuaciones), read by `selectors.mis_documentos`.

A published document is never deleted nor changed: a new version is a new row, and a withdrawn one
stays (withdrawn) so that the trail shows what was offered and when. Written only by
`servicios.do_publicar_documento` and `servicios.do_retirar_documento`.
"""

from __future__ import annotations

from django.db import models


class TipoPublico(models.TextChoices):
    GUIA = "guia", "Guía"
    FORMATO = "formato", "Formato"


class DocumentoPublico(models.Model):
    """One version of a guide or format, with its PDF (a few MB at most: kept in the database,
    so a backup of the database is a backup of the guides)."""

    titulo = models.CharField(max_length=200)
    descripcion = models.CharField(max_length=1000, blank=True, default="")
    tipo = models.CharField(max_length=7, choices=TipoPublico.choices)
    version = models.CharField(max_length=20)
    contenido = models.BinaryField()
    tamano = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    publicado = models.DateTimeField()
    #: RFC of the administrador who published it.
    publicado_por = models.CharField(max_length=13)
    retirado = models.DateTimeField(null=True, blank=True)
    retirado_por = models.CharField(max_length=13, blank=True, default="")

    class Meta:
        verbose_name = "documento para todos"
        verbose_name_plural = "documentos para todos"
        constraints = (
            models.UniqueConstraint(
                fields=("titulo", "version"), name="documento_publico_titulo_version"
            ),
        )
        indexes = (
            models.Index(
                fields=("-publicado", "-id"),
                condition=models.Q(retirado__isnull=True),
                name="documento_publico_vigente",
            ),
        )

    def __str__(self) -> str:
        return f"{self.titulo} v{self.version}"


class CambioDocumento(models.Model):
    """Append-only: each publication and withdrawal, by whom and when (the audit row written in
    the same transaction as the change)."""

    class Accion(models.TextChoices):
        PUBLICADO = "publicado", "publicado"
        RETIRADO = "retirado", "retirado"

    documento = models.ForeignKey(DocumentoPublico, on_delete=models.PROTECT, related_name="+")
    accion = models.CharField(max_length=9, choices=Accion.choices)
    instante = models.DateTimeField()
    por = models.CharField(max_length=13)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "cambio de documento para todos"
        verbose_name_plural = "cambios de documentos para todos"
        ordering = ("instante", "id")

    def __str__(self) -> str:
        return f"{self.accion} {self.documento_id} {self.instante:%Y-%m-%d}"
