"""Evidence: acuses, the Institute's seal certificates, and the append-only evidence log.

Acuses and log entries are immutable: on PostgreSQL the database itself refuses UPDATE, DELETE and
TRUNCATE on them for the application's role (triggers installed by migration 0002), and
`buzon evidencia verificar` detects any change made by someone able to bypass that.
"""

from __future__ import annotations

from django.db import models


class CertificadoSello(models.Model):
    """A certificate of the Institute's seal. Retired ones stay published so old acuses verify."""

    numero = models.CharField(max_length=20, unique=True)
    certificado_der = models.BinaryField()
    vigente_desde = models.DateTimeField()
    vigente_hasta = models.DateTimeField()
    activo = models.BooleanField(default=False)
    alta_en = models.DateTimeField()
    retirado_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "certificado de sello"
        verbose_name_plural = "certificados de sello"
        ordering = ("alta_en", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("activo",), condition=models.Q(activo=True), name="un_solo_sello_activo"
            ),
        )

    def __str__(self) -> str:
        return self.numero


class Acuse(models.Model):
    """A sealed receipt: what happened, to whom, when, over which documents (see cadena.py)."""

    folio = models.CharField(max_length=20, unique=True)
    tipo = models.CharField(max_length=40)
    rfc = models.CharField(max_length=13)
    registro_patronal = models.CharField(max_length=11, blank=True, default="")
    emitido = models.DateTimeField()
    instante_legal = models.DateTimeField(null=True, blank=True)
    zona_legal = models.CharField(max_length=64, blank=True, default="")
    documentos = models.JSONField(default=list)
    datos = models.JSONField(default=dict)
    cadena_original = models.TextField()
    sello = models.TextField()
    # No index: a handful of distinct values, and one less index to write per row.
    certificado_sello = models.ForeignKey(
        CertificadoSello,
        on_delete=models.PROTECT,
        to_field="numero",
        db_column="certificado_sello",
        db_index=False,
    )
    codigo_verificacion = models.CharField(max_length=16)

    class Meta:
        ordering = ("-emitido", "-id")
        indexes = (models.Index(fields=("rfc", "-emitido"), name="acuse_rfc_emitido_idx"),)

    def __str__(self) -> str:
        return f"{self.folio} ({self.tipo})"


class EntradaBitacora(models.Model):
    """One legal event in the hash chain: hash = SHA-256(hash_anterior ‖ canonical entry)."""

    secuencia = models.BigIntegerField(unique=True)
    instante = models.DateTimeField()
    tipo = models.CharField(max_length=40)
    sujeto = models.CharField(max_length=64)
    datos = models.JSONField(default=dict)
    hash_anterior = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "entrada de la bitácora"
        verbose_name_plural = "entradas de la bitácora"
        ordering = ("secuencia",)
        indexes = (models.Index(fields=("sujeto", "secuencia"), name="bitacora_sujeto_idx"),)

    def __str__(self) -> str:
        return f"{self.secuencia} {self.tipo} {self.sujeto}"


class CabezaBitacora(models.Model):
    """The single row writers lock to append: it serialises them, so the chain never forks."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    secuencia = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.secuencia} {self.hash[:12]}"


class PuntoDeControl(models.Model):
    """A sealed checkpoint: the log's size, Merkle root and last hash, optionally timestamped."""

    tamano = models.BigIntegerField(unique=True)
    raiz_merkle = models.CharField(max_length=64)
    hash_final = models.CharField(max_length=64)
    instante = models.DateTimeField()
    cadena = models.TextField()
    sello = models.TextField()
    # No index: a handful of distinct values, and one less index to write per row.
    certificado_sello = models.ForeignKey(
        CertificadoSello,
        on_delete=models.PROTECT,
        to_field="numero",
        db_column="certificado_sello",
        db_index=False,
    )
    sello_de_tiempo = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = "punto de control"
        verbose_name_plural = "puntos de control"
        ordering = ("tamano",)

    def __str__(self) -> str:
        return f"{self.tamano} {self.raiz_merkle[:12]}"
