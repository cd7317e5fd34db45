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
    # -- route buzón (7.2–7.5) [I-35]
    #: 7.2: when the dispatcher is to send the aviso (inside the hours of a día hábil).
    aviso_programado = models.DateTimeField(null=True, blank=True)
    #: When the dispatcher handed the messages to the outbox (the 24 hours of retries run from it).
    aviso_despachado = models.DateTimeField(null=True, blank=True)
    #: The medios the aviso went to ("correo:valor", "celular:valor"), as the outbox keys name them.
    aviso_medios = models.JSONField(default=list, blank=True)
    #: When every medio of the aviso had a final result (accepted or dead) in the outbox.
    aviso_resuelto = models.DateTimeField(null=True, blank=True)
    #: 7.3: the aviso instant the dates count from: a provider accepted the first medio. None
    #: until then (the notification is `programada`, never deemed).
    aviso = models.DateTimeField(null=True, blank=True)
    vence = models.DateTimeField(null=True, blank=True)
    #: When the aviso was sent (first provider acceptance); equal to `aviso` since I-35 (rows
    #: made before it keep their dispatch instant here, see migration 0006).
    aviso_enviado = models.DateTimeField(null=True, blank=True)
    acuse_aviso = models.CharField(max_length=20, blank=True, default="")
    abierta = models.DateTimeField(null=True, blank=True)
    apertura_legal = models.DateTimeField(null=True, blank=True)
    # -- route estrados (7.8, CFF 139)
    estrados_publicada = models.DateField(null=True, blank=True)
    estrados_fin = models.DateField(null=True, blank=True)
    estrados_notificada = models.DateTimeField(null=True, blank=True)
    # -- route personal (7.10, CFF 134-I, 135–137; entrega/personal.py)
    #: An official chose the personal route (7.10 "sin perjuicio"): when, who, why. Empty when
    #: the law routed it there (never enabled, inside the 180 days).
    personal_elegida = models.DateTimeField(null=True, blank=True)
    personal_elegida_por = models.CharField(max_length=13, blank=True, default="")
    personal_motivo = models.CharField(max_length=500, blank=True, default="")
    #: CFF 137: the last citatorio: when it was left, the hour it fixes (next día hábil), with
    #: whom it was left, or fixed at the main access when nobody received it.
    citatorio_dejado = models.DateTimeField(null=True, blank=True)
    citatorio_cita = models.DateTimeField(null=True, blank=True)
    citatorio_con = models.CharField(max_length=300, blank=True, default="")
    citatorio_fijado = models.BooleanField(default=False)
    citatorio_por = models.CharField(max_length=13, blank=True, default="")
    #: The diligencia: its instant (the notification is made), the día hábil it surte efectos
    #: (CFF 135) [I-46], with whom (diligencia.CON_QUIEN), their name, a refusal to sign, the acta.
    personal_notificada = models.DateTimeField(null=True, blank=True)
    personal_surte_efectos = models.DateField(null=True, blank=True)
    personal_con = models.CharField(max_length=13, blank=True, default="")
    personal_nombre = models.CharField(max_length=300, blank=True, default="")
    personal_nego_firma = models.BooleanField(default=False)
    personal_documento_sha256 = models.CharField(max_length=64, blank=True, default="")
    #: The document's public verification code (`/verificar/FOLIO?c=CODE`), made at issue from
    #: the OS's CSPRNG (20 Crockford base-32 characters, 100 bits): printed on the
    #: representación impresa and checked by the public verification page.
    codigo_verificacion = models.CharField(max_length=32, blank=True, default="")
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
            # The dispatcher: avisos planned and not yet handed to the outbox.
            models.Index(
                fields=("aviso_programado",),
                condition=models.Q(
                    aviso_despachado__isnull=True, ruta="buzon", cancelada__isnull=True
                ),
                name="notif_por_despachar_idx",
            ),
            # The 24-hour reroute: dispatched, no provider accepted yet.
            models.Index(
                fields=("aviso_despachado", "id"),
                condition=models.Q(
                    aviso__isnull=True,
                    aviso_despachado__isnull=False,
                    ruta="buzon",
                    cancelada__isnull=True,
                ),
                name="notif_sin_aceptar_idx",
            ),
            # The constancia de aviso still to seal (in the sweeps' order: no sort per chunk).
            models.Index(
                fields=("aviso_despachado", "id"),
                condition=models.Q(aviso_despachado__isnull=False, acuse_aviso=""),
                name="notif_constancia_pend_idx",
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


class DisponibilidadActo(models.Model):
    """From when an act of the catalogue may be issued (Transitorio Segundo) [I-43].

    7.1–7.4 are offered from the entry into force: their record has no `desde` (the date is
    `BUZON_ENTRADA_EN_VIGOR`, read when issuing). 7.5–7.18, and acts published later, once the
    Institute announces it: `desde` is the announced date, `anuncio` names the announcement, and
    `registrado_por` is the RFC of the servidor público who recorded it (evidence-log entry
    `catalogo_disponibilidad`). Append-only: a correction is a new record, and an act's latest
    record (by id) is its availability. Written by `emision.catalogo` only.
    """

    tipo = models.ForeignKey(TipoActo, on_delete=models.PROTECT, related_name="disponibilidades")
    desde = models.DateField(null=True, blank=True)
    anuncio = models.CharField(max_length=500)
    registrado_por = models.CharField(max_length=13, blank=True, default="")
    registrado = models.DateTimeField()

    class Meta:
        verbose_name = "disponibilidad de un acto"
        verbose_name_plural = "disponibilidad de los actos"
        indexes = (models.Index(fields=("tipo", "-id"), name="disponibilidad_tipo_idx"),)

    def __str__(self) -> str:
        return f"{self.tipo_id} desde {self.desde or 'la entrada en vigor'}"
