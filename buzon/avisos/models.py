"""The outbox: one `Mensaje` per email or SMS to send, and one `Intento` per delivery attempt.

A message is written in the same transaction as the fact that causes it (`servicios.do_encolar`)
and delivered afterwards (`entrega.entregar_pendientes`). Rows are never deleted: the attempts and
the providers' answers are the record of what was sent, when, and what the provider said.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class Mensaje(models.Model):
    class Canal(models.TextChoices):
        CORREO = "correo", "correo electrónico"
        SMS = "sms", "SMS"

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", "pendiente"
        ENVIANDO = "enviando", "enviando"
        ENVIADO = "enviado", "enviado"
        MUERTO = "muerto", "muerto (sin más reintentos)"

    canal = models.CharField(max_length=8, choices=Canal.choices)
    #: Email address, or the mobile number in E.164 (+52 and 10 digits).
    destino = models.CharField(max_length=254)
    asunto = models.CharField(max_length=200, blank=True)
    cuerpo = models.TextField()
    #: The caller's idempotency key: the same key always names the same message.
    clave = models.CharField(max_length=200, unique=True)
    #: SHA-256 of (canal, destino, asunto, cuerpo): same key with other content is a conflict.
    huella = models.CharField(max_length=64)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PENDIENTE)
    intentos = models.PositiveIntegerField(default=0)
    proximo_intento = models.DateTimeField()
    #: Lease: the claim token of the worker sending it, valid until `reclamado_hasta`.
    reclamado_por = models.CharField(max_length=64, blank=True)
    reclamado_hasta = models.DateTimeField(null=True, blank=True)
    ultimo_error = models.TextField(blank=True)
    creado = models.DateTimeField()
    enviado = models.DateTimeField(null=True, blank=True)
    actualizado = models.DateTimeField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["estado", "proximo_intento", "id"], name="avisos_msj_pendientes"),
            models.Index(fields=["estado", "reclamado_hasta", "id"], name="avisos_msj_arriendos"),
            models.Index(fields=["reclamado_por"], name="avisos_msj_reclamo"),
        ]

    def __str__(self) -> str:
        return f"{self.canal} #{self.pk} a {self.destino} ({self.estado})"


class Intento(models.Model):
    class Resultado(models.TextChoices):
        ENVIADO = "enviado", "aceptado por el proveedor"
        FALLIDO = "fallido", "fallido (se reintenta)"
        RECHAZADO = "rechazado", "rechazado de forma definitiva"
        ABANDONADO = "abandonado", "sin resultado (el trabajador no terminó a tiempo)"

    mensaje = models.ForeignKey(Mensaje, on_delete=models.PROTECT, related_name="intento_set")
    numero = models.PositiveIntegerField()
    instante = models.DateTimeField()
    resultado = models.CharField(max_length=10, choices=Resultado.choices)
    #: SMTP reply code or HTTP status, when the provider answered.
    codigo = models.IntegerField(null=True, blank=True)
    #: What the provider said (or the error), truncated.
    respuesta = models.TextField(blank=True)
    duracion_ms = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["mensaje", "numero"], name="avisos_intento_unico")
        ]
        ordering = ("mensaje_id", "numero")

    def __str__(self) -> str:
        return f"intento {self.numero} de #{self.mensaje_id}: {self.resultado}"
