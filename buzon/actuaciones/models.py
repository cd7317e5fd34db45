"""Trámites (declared as data), actuaciones (signed filings) and their attachments.

Stored are facts and the instants they fix; the state is derived (selectors.estado_de):
`borrador` until signed or until `expira`, `vencida` after it (never filed), `presentada` once
`presentada` is set (in the same transaction as its acuse), `respondida` when a notification
answering it exists and is not cancelled.
"""

from __future__ import annotations

from django.db import models


class Tramite(models.Model):
    """One version of a trámite's declaration (esquemas.Declaracion). Versions are immutable:
    an actuación cites the exact one it was filed under; one version per clave is vigente."""

    clave = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    nombre = models.CharField(max_length=300)
    #: The declaration as loaded (checked), as JSON text: its order is the form's order (a
    #: JSONField would lose it on PostgreSQL, whose jsonb reorders keys).
    declaracion = models.TextField()
    #: SHA-256 of the declaration's canonical JSON: the same version must keep the same content.
    huella = models.CharField(max_length=64)
    espera_respuesta = models.BooleanField()
    vigente = models.BooleanField(default=True)
    importado_en = models.DateTimeField()

    class Meta:
        verbose_name = "trámite"
        verbose_name_plural = "trámites"
        ordering = ("clave", "-importado_en")
        constraints = (
            models.UniqueConstraint(fields=("clave", "version"), name="tramite_version_unica"),
            models.UniqueConstraint(
                fields=("clave",), condition=models.Q(vigente=True), name="tramite_un_vigente"
            ),
        )

    def __str__(self) -> str:
        return f"{self.clave} v{self.version}"


class Actuacion(models.Model):
    rfc = models.CharField(max_length=13)
    #: The filer's name as its e.firma certificate gives it.
    nombre = models.CharField(max_length=300, blank=True, default="")
    registro_patronal = models.CharField(max_length=11, blank=True, default="")
    tramite = models.ForeignKey(Tramite, on_delete=models.PROTECT, related_name="actuaciones")
    #: The datos in canonical form (sorted-key compact JSON): the exact text the cadena carries.
    datos = models.TextField()
    cadena = models.TextField()
    creada = models.DateTimeField()
    #: A draft not signed by this instant is never filed (and the sweep removes it).
    expira = models.DateTimeField()
    #: The notified requirement (7.6) this actuación answers, when its trámite links one.
    notificacion = models.BigIntegerField(null=True, blank=True)
    # -- filing: set together, in the transaction that issues the acuse
    presentada = models.DateTimeField(null=True, blank=True)
    recepcion_legal = models.DateTimeField(null=True, blank=True)
    zona = models.CharField(max_length=64, blank=True, default="")
    #: The filer's ámbito in the padrón when filed: officials of this subdelegación see it.
    entidad = models.CharField(max_length=3, blank=True, default="")
    subdelegacion = models.CharField(max_length=120, blank=True, default="")
    acuse = models.CharField(max_length=20, blank=True, default="")
    firma = models.TextField(blank=True, default="")
    no_certificado = models.CharField(max_length=20, blank=True, default="")
    #: The signature with its certificate as a detached CMS (openssl cms -verify accepts it).
    firma_cms = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = "actuación"
        verbose_name_plural = "actuaciones"
        indexes = (
            models.Index(fields=("rfc", "-creada"), name="actuacion_rfc_idx"),
            models.Index(
                fields=("subdelegacion", "-presentada"),
                condition=models.Q(presentada__isnull=False),
                name="actuacion_oficina_idx",
            ),
            models.Index(
                fields=("expira",),
                condition=models.Q(presentada__isnull=True),
                name="actuacion_borrador_idx",
            ),
        )

    def __str__(self) -> str:
        return f"actuación {self.pk} ({self.rfc})"


class Contenido(models.Model):
    """One stored attachment file (content-addressed). Its row is the lock that keeps the sweep
    from removing a file a draft being created is about to cite (servicios, barrido)."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    tamano = models.PositiveIntegerField()
    registrado = models.DateTimeField()

    class Meta:
        verbose_name = "contenido de anexo"
        verbose_name_plural = "contenidos de anexos"

    def __str__(self) -> str:
        return self.sha256


class Anexo(models.Model):
    actuacion = models.ForeignKey(Actuacion, on_delete=models.CASCADE, related_name="anexos")
    orden = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=180)
    #: Decided by the content (anexos.tipo_por_contenido), never by the name or the client.
    tipo_mime = models.CharField(max_length=40)
    tamano = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = "anexo"
        verbose_name_plural = "anexos"
        ordering = ("actuacion", "orden")
        constraints = (
            models.UniqueConstraint(fields=("actuacion", "orden"), name="anexo_orden_unico"),
        )

    def __str__(self) -> str:
        return self.nombre
