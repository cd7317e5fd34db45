"""Officials of the Institute who may act in the Buzón (perfil servidor_publico)."""

from __future__ import annotations

from django.db import models

#: The subdelegación of an official whose scope is the whole country (a national comunicador).
NACIONAL = "nacional"


class Oficial(models.Model):
    class Rol(models.TextChoices):
        NOTIFICADOR = "notificador", "notificador"
        SUPERVISOR = "supervisor", "supervisor"
        ADMINISTRADOR = "administrador", "administrador"
        #: Writes comunicados (numeral 8; relación 5) for its subdelegación, or for the whole
        #: country when its subdelegación is `NACIONAL`; a supervisor approves them.
        COMUNICADOR = "comunicador", "comunicador"

    rfc = models.CharField(max_length=13, unique=True)
    nombre = models.CharField(max_length=300)
    rol = models.CharField(max_length=20, choices=Rol.choices)
    subdelegacion = models.CharField(max_length=120)
    activo = models.BooleanField(default=True)
    alta_en = models.DateTimeField()
    actualizado_en = models.DateTimeField()

    class Meta:
        verbose_name = "servidor público"
        verbose_name_plural = "servidores públicos"

    def __str__(self) -> str:
        return f"{self.rfc} ({self.rol})"
