"""Login challenges and sessions. Tokens are stored only as their SHA-256."""

from __future__ import annotations

from django.db import models


class RetoUsado(models.Model):
    """A challenge already presented. Retos are stateless (they carry an HMAC of their purpose and
    expiry), so handing one out touches no table; spending it is one INSERT, and the unique key
    makes it single use across every server process. Rows past their expiry are swept."""

    valor = models.CharField(max_length=160, unique=True)
    expira = models.DateTimeField()
    usado_en = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=("expira",), name="reto_usado_expira_idx"),)

    def __str__(self) -> str:
        return f"{self.valor[:40]}… {self.usado_en:%H:%M:%S}"


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
    #: The certificate that opened the session: later signatures in it (terms, filings) must be
    #: made with the same e.firma.
    certificado_der = models.BinaryField()
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
