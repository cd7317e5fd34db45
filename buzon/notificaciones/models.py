"""Notifications, their acts catalogue, their append-only timeline, and bulk issuing batches.

Stored are the facts and the instants they fix (aviso, deemed instant, opening, estrados dates);
the state is derived from them at read time (buzon.legal.notificacion), so a notification is
notified the moment it is due whether or not a sweep has run. The sweep only materialises acuses.
"""

from __future__ import annotations

from django.db import models


class TipoActo(models.Model):
    """An act the Institute notifies through the Buzón: the catalogue is data (datos/actos.json)."""

    clave = models.CharField(max_length=8, unique=True)
    nombre = models.CharField(max_length=300)
    fuente = models.CharField(max_length=300)
    #: A requirement the particular answers with the trámite «Respuesta a requerimiento».
    es_requerimiento = models.BooleanField(default=False)
    activo = models.BooleanField(default=True)
    version = models.CharField(max_length=20)

    class Meta:
        verbose_name = "tipo de acto"
        verbose_name_plural = "catálogo de actos"

    def __str__(self) -> str:
        return f"{self.clave} {self.nombre}"


class Notificacion(models.Model):
    class Ruta(models.TextChoices):
        BUZON = "buzon", "buzón"
        ESTRADOS = "estrados", "estrados"
        PERSONAL = "personal", "notificación personal"

    folio = models.CharField(max_length=20, unique=True)
    rfc = models.CharField(max_length=13)
    registro_patronal = models.CharField(max_length=11, blank=True, default="")
    nombre = models.CharField(max_length=300, blank=True, default="")
    tipo = models.CharField(max_length=8)
    asunto = models.CharField(max_length=300)
    # -- the document, content-addressed, and the official's signature over its bytes
    documento_sha256 = models.CharField(max_length=64)
    documento_tamano = models.PositiveIntegerField()
    firma = models.TextField()
    firmante_rfc = models.CharField(max_length=13)
    firmante_certificado = models.BinaryField()
    firmante_serie = models.CharField(max_length=64)
    emisor = models.CharField(max_length=13)
    subdelegacion = models.CharField(max_length=120)
    #: The calendar ámbito of the recipient when issued (declared días inhábiles apply by it).
    entidad = models.CharField(max_length=3, blank=True, default="")
    subdelegacion_patron = models.CharField(max_length=120, blank=True, default="")
    zona = models.CharField(max_length=64)
    creada = models.DateTimeField()
    ruta = models.CharField(max_length=10, choices=Ruta.choices)
    # -- route buzón (7.2–7.5)
    aviso = models.DateTimeField(null=True, blank=True)
    vence = models.DateTimeField(null=True, blank=True)
    aviso_enviado = models.DateTimeField(null=True, blank=True)
    acuse_aviso = models.CharField(max_length=20, blank=True, default="")
    abierta = models.DateTimeField(null=True, blank=True)
    apertura_legal = models.DateTimeField(null=True, blank=True)
    # -- route estrados (7.8, CFF 139)
    estrados_publicada = models.DateField(null=True, blank=True)
    estrados_fin = models.DateField(null=True, blank=True)
    estrados_notificada = models.DateTimeField(null=True, blank=True)
    # -- route personal (7.10)
    personal_notificada = models.DateTimeField(null=True, blank=True)
    personal_documento_sha256 = models.CharField(max_length=64, blank=True, default="")
    # -- the notification made, once materialised (acuse) — the derived state never waits for it
    notificada = models.DateTimeField(null=True, blank=True)
    medio = models.CharField(max_length=12, blank=True, default="")
    acuse = models.CharField(max_length=20, blank=True, default="")
    # -- cancellation (supervisor, before notified)
    cancelada = models.DateTimeField(null=True, blank=True)
    cancelada_por = models.CharField(max_length=13, blank=True, default="")
    motivo_cancelacion = models.CharField(max_length=500, blank=True, default="")
    acuse_cancelacion = models.CharField(max_length=20, blank=True, default="")
    # -- idempotency of issuing: (emisor, clave) unique; huella = SHA-256 of the request
    clave_idempotencia = models.CharField(max_length=200)
    huella_solicitud = models.CharField(max_length=64)
    lote = models.ForeignKey("Lote", on_delete=models.PROTECT, null=True, blank=True)
    #: An actuación this notification answers (the trámite expects an answer), if any.
    en_respuesta_a = models.BigIntegerField(null=True, blank=True)
    # -- retention (6.1, 7.7)
    conservar_hasta = models.DateField()
    retencion_legal = models.BooleanField(default=False)
    motivo_retencion = models.CharField(max_length=500, blank=True, default="")
    depurada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "notificación"
        verbose_name_plural = "notificaciones"
        constraints = (
            models.UniqueConstraint(
                fields=("emisor", "clave_idempotencia"), name="notificacion_idempotencia"
            ),
        )
        indexes = (
            # Mis notificaciones: one employer's, newest aviso first.
            models.Index(fields=("rfc", "-aviso", "id"), name="notif_rfc_aviso_idx"),
            # The sweep: buzón notifications not yet materialised, by deemed instant.
            models.Index(
                fields=("vence",),
                condition=models.Q(notificada__isnull=True, ruta="buzon", cancelada__isnull=True),
                name="notif_por_vencer_idx",
            ),
            models.Index(
                fields=("aviso",),
                condition=models.Q(
                    aviso_enviado__isnull=True, ruta="buzon", cancelada__isnull=True
                ),
                name="notif_por_avisar_idx",
            ),
            models.Index(fields=("subdelegacion", "-creada"), name="notif_oficina_idx"),
            models.Index(
                fields=("estrados_notificada",),
                condition=models.Q(
                    notificada__isnull=True, ruta="estrados", cancelada__isnull=True
                ),
                name="notif_estrados_pend_idx",
            ),
            models.Index(
                fields=("estrados_publicada",),
                condition=models.Q(ruta="estrados"),
                name="notif_estrados_idx",
            ),
            models.Index(fields=("conservar_hasta",), name="notif_conservacion_idx"),
            models.Index(
                fields=("en_respuesta_a",),
                condition=models.Q(en_respuesta_a__isnull=False),
                name="notif_respuesta_idx",
            ),
        )

    def __str__(self) -> str:
        return self.folio


class Evento(models.Model):
    """One line of a notification's timeline: typed, append-only, with a deterministic id.

    The id is a hash of (folio, tipo, discriminator), so recording the same fact twice (a retried
    request, two concurrent sweeps) inserts it once. On PostgreSQL a trigger refuses UPDATE and
    DELETE (migration 0002), as for acuses.
    """

    id = models.CharField(max_length=32, primary_key=True)
    notificacion = models.ForeignKey(
        Notificacion, on_delete=models.PROTECT, related_name="eventos", db_index=False
    )
    tipo = models.CharField(max_length=40)
    instante = models.DateTimeField()
    registrado = models.DateTimeField()
    datos = models.JSONField(default=dict)

    class Meta:
        verbose_name = "evento de notificación"
        verbose_name_plural = "eventos de notificación"
        indexes = (
            models.Index(fields=("notificacion", "instante"), name="evento_notif_instante_idx"),
        )

    def __str__(self) -> str:
        return f"{self.tipo} {self.instante:%Y-%m-%d %H:%M}"


class Lote(models.Model):
    """A bulk issuing batch (JSONL or CSV): processed in chunks, with live progress."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "pendiente"
        PROCESANDO = "procesando", "procesando"
        TERMINADO = "terminado", "terminado"

    emisor = models.CharField(max_length=13)
    subdelegacion = models.CharField(max_length=120)
    nombre_archivo = models.CharField(max_length=255)
    formato = models.CharField(max_length=5)
    archivo_sha256 = models.CharField(max_length=64)
    #: The official's certificate: every line's signature is verified against it.
    certificado = models.BinaryField()
    total = models.PositiveIntegerField(default=0)
    procesadas = models.PositiveIntegerField(default=0)
    correctas = models.PositiveIntegerField(default=0)
    errores = models.JSONField(default=list)
    estado = models.CharField(max_length=12, choices=Estado.choices)
    creado = models.DateTimeField()
    reclamado = models.DateTimeField(null=True, blank=True)
    terminado = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lote de notificaciones"
        verbose_name_plural = "lotes de notificaciones"
        indexes = (models.Index(fields=("estado", "creado"), name="lote_estado_idx"),)

    def __str__(self) -> str:
        return f"lote {self.pk} ({self.estado})"
