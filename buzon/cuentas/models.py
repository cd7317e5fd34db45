"""Login challenges and sessions. Tokens are stored only as their SHA-256."""

from __future__ import annotations

from django.db import models


class RetoGuardado(models.Model):
    """A challenge handed out; consumed atomically (single use across every server process)."""

    valor = models.CharField(max_length=160, unique=True)
    proposito = models.CharField(max_length=40)
    expira = models.DateTimeField()
    usado_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = (models.Index(fields=("expira",), name="reto_expira_idx"),)

    def __str__(self) -> str:
        return f"{self.proposito} {self.expira:%H:%M:%S}"


class Sesion(models.Model):
    """A session opened by signing a challenge with an e.firma."""

    class Perfil(models.TextChoices):
        PARTICULAR = "particular", "particular"
        SERVIDOR_PUBLICO = "servidor_publico", "servidor público"

    token_sha256 = models.CharField(max_length=64, unique=True)
    rfc = models.CharField(max_length=13)
    nombre = models.CharField(max_length=300)
    perfil = models.CharField(max_length=20, choices=Perfil.choices)
    no_certificado = models.CharField(max_length=20)
    creada = models.DateTimeField()
    ultima_actividad = models.DateTimeField()
    expira = models.DateTimeField()
    cerrada_en = models.DateTimeField(null=True, blank=True)
    motivo_cierre = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        verbose_name = "sesión"
        verbose_name_plural = "sesiones"
        indexes = (models.Index(fields=("rfc", "cerrada_en"), name="sesion_rfc_idx"),)

    def __str__(self) -> str:
        return f"{self.rfc} ({self.perfil})"
