"""A holder's signed authorisations of third parties (relación 9.1, 9.3, 9.6).

Stored are facts and the instants they fix; the state is derived at read time
(`selectors.estado_de`), never by a sweep: `por_firmar` until `firmada`, `revocada` from
`revocada`, `vencida` from `vence_en` (the first instant after the day `vence`, Zona Centro),
`vigente` otherwise. A row is never deleted; its timeline (`EventoAutorizacion`) only grows.
"""

from __future__ import annotations

from django.db import models


class Alcance(models.TextChoices):
    OPINION = "opinion", "consultar su opinión de cumplimiento (9.1, 9.2)"
    EMISIONES = "emisiones", "consultar sus emisiones (9.5, 9.6)"
    PUBLICACION = "publicacion", "publicar su opinión de cumplimiento (9.3)"


class Autorizacion(models.Model):
    #: 128 random bits in hex: with `creada` it makes every cadena unique (no replay).
    clave = models.CharField(max_length=32, unique=True)
    titular = models.CharField(max_length=13)
    #: The authorised RFC; for `publicacion`, the Institute's (`selectors.INSTITUTO`) [I-70].
    tercero = models.CharField(max_length=13)
    alcance = models.CharField(max_length=12, choices=Alcance.choices)
    #: The last day (Zona Centro) the authorisation applies; none: until revoked.
    vence = models.DateField(null=True, blank=True)
    #: The first instant it no longer applies: 00:00 Zona Centro of the day after `vence`.
    vence_en = models.DateTimeField(null=True, blank=True)
    cadena = models.TextField()
    creada = models.DateTimeField()
    # -- the grant: set together, in the transaction that issues its acuse
    firmada = models.DateTimeField(null=True, blank=True)
    acuse = models.CharField(max_length=20, blank=True, default="")
    no_certificado = models.CharField(max_length=20, blank=True, default="")
    #: The holder's signature over `cadena` with its certificate, a detached CMS SignedData.
    firma_cms = models.BinaryField(null=True, blank=True)
    # -- the revocation: its cadena is prepared first, then signed
    cadena_revocacion = models.TextField(blank=True, default="")
    revocacion_solicitada = models.DateTimeField(null=True, blank=True)
    revocada = models.DateTimeField(null=True, blank=True)
    acuse_revocacion = models.CharField(max_length=20, blank=True, default="")
    firma_revocacion_cms = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = "autorización a tercero"
        verbose_name_plural = "autorizaciones a terceros"
        ordering = ("-creada", "-id")
        indexes = (
            models.Index(fields=("titular", "alcance", "tercero"), name="autorizacion_titular"),
            models.Index(fields=("tercero", "alcance"), name="autorizacion_tercero"),
        )

    def __str__(self) -> str:
        return f"{self.alcance} {self.pk}"


class EventoAutorizacion(models.Model):
    """The authorisation's timeline: append-only, one row per fact, written by its service."""

    class Tipo(models.TextChoices):
        CREADA = "creada", "autorización capturada, por firmar"
        FIRMADA = "firmada", "autorización firmada por su titular"
        REVOCACION_SOLICITADA = "revocacion_solicitada", "revocación capturada, por firmar"
        REVOCADA = "revocada", "revocación firmada por su titular"

    autorizacion = models.ForeignKey(Autorizacion, on_delete=models.PROTECT, related_name="eventos")
    tipo = models.CharField(max_length=24, choices=Tipo.choices)
    instante = models.DateTimeField()
    acuse = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        verbose_name = "evento de autorización"
        verbose_name_plural = "eventos de autorización"
        ordering = ("instante", "id")

    def __str__(self) -> str:
        return f"{self.tipo} {self.autorizacion_id}"
