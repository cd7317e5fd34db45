"""The Calendario de eventos (relación 2): each particular's reminder preferences, every
reminder sent (one per particular, event and anticipation), the iCalendar feed's tokens (only
their SHA-256), and the plazo a requerimiento states (recorded by an official).

The events themselves are never stored: `selectors` derives them from the padrón, the ledger,
the notifications and the calendar at read time, so a declared día inhábil moves them at once.
"""

from __future__ import annotations

from django.db import models

from buzon.notificaciones.models import Notificacion


class Preferencias(models.Model):
    """What a particular wants to be reminded of; a particular without a row has the defaults."""

    rfc = models.CharField(max_length=13, unique=True)
    recordar_notificaciones = models.BooleanField(default=True)
    #: Días hábiles before the deemed notification (1: the last day to open).
    dias_notificaciones = models.PositiveSmallIntegerField(default=1)
    recordar_obligaciones = models.BooleanField(default=True)
    dias_obligaciones = models.PositiveSmallIntegerField(default=3)
    recordar_requerimientos = models.BooleanField(default=True)
    dias_requerimientos = models.PositiveSmallIntegerField(default=3)
    por_correo = models.BooleanField(default=True)
    por_sms = models.BooleanField(default=True)
    #: LSS 15 A: the padrón does not say who provides specialised services [I-111].
    presta_servicios_especializados = models.BooleanField(default=False)
    actualizado = models.DateTimeField()

    class Meta:
        verbose_name = "preferencias de recordatorios"
        verbose_name_plural = "preferencias de recordatorios"
        constraints = (
            models.CheckConstraint(
                condition=models.Q(dias_notificaciones__gte=1, dias_notificaciones__lte=3)
                & models.Q(dias_obligaciones__gte=1, dias_obligaciones__lte=10)
                & models.Q(dias_requerimientos__gte=1, dias_requerimientos__lte=10),
                name="preferencias_dias_validos",
            ),
        )

    def __str__(self) -> str:
        return f"preferencias de {self.rfc}"


class Recordatorio(models.Model):
    """A reminder sent: unique per (particular, event, anticipation), so two sweeps, or one run
    twice, queue it once. Append-only."""

    rfc = models.CharField(max_length=13)
    #: The event's stable UID (the one the .ics feed carries).
    evento = models.CharField(max_length=80)
    anticipacion = models.PositiveSmallIntegerField()
    clase = models.CharField(max_length=16)
    fecha_evento = models.DateField()
    titulo = models.CharField(max_length=300)
    enviado = models.DateTimeField()
    #: The outbox keys of the messages queued ("correo", "sms").
    claves = models.JSONField(default=list)

    class Meta:
        verbose_name = "recordatorio enviado"
        verbose_name_plural = "recordatorios enviados"
        constraints = (
            models.UniqueConstraint(
                fields=("rfc", "evento", "anticipacion"), name="recordatorio_unico"
            ),
        )
        indexes = (models.Index(fields=("rfc", "-enviado"), name="recordatorio_rfc_idx"),)

    def __str__(self) -> str:
        return f"{self.rfc} {self.evento}"


class TokenCalendario(models.Model):
    """The secret of a particular's .ics feed: only its SHA-256 is stored; shown once."""

    rfc = models.CharField(max_length=13)
    huella = models.CharField(max_length=64, unique=True)
    creado = models.DateTimeField()
    revocado = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token de calendario"
        verbose_name_plural = "tokens de calendario"
        constraints = (
            models.UniqueConstraint(
                fields=("rfc",),
                condition=models.Q(revocado__isnull=True),
                name="token_vigente_unico",
            ),
        )

    def __str__(self) -> str:
        return f"token de {self.rfc}"


class PlazoRequerimiento(models.Model):
    """The plazo in días hábiles that a requerimiento's document states, recorded by an official
    of its subdelegación (the catalogue of acts does not carry one) [I-114]. Append-only: a
    correction is a new row; the latest (by id) applies."""

    notificacion = models.ForeignKey(
        Notificacion, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    dias_habiles = models.PositiveSmallIntegerField()
    fundamento = models.CharField(max_length=300)
    registrado_por = models.CharField(max_length=13)
    registrado = models.DateTimeField()

    class Meta:
        verbose_name = "plazo de un requerimiento"
        verbose_name_plural = "plazos de requerimientos"
        indexes = (models.Index(fields=("notificacion", "-id"), name="plazo_req_notif_idx"),)

    def __str__(self) -> str:
        return f"{self.dias_habiles} días hábiles"
