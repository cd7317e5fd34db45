"""The mailbox of each RFC: contact means (5.1, 5.2, 5.6), terms (5.3) and enablement (5.4).

The state is derived, never stored as a flag that could drift: `selectors.estado_de` computes
sin_medios / por_confirmar / por_aceptar_terminos / habilitado from the contact means in force and
the accepted terms, at any instant (a code's 72 hours are read from stored instants, 5.2).
"""

from __future__ import annotations

from django.db import models


class TerminosCondiciones(models.Model):
    """A version of the Términos y Condiciones the particular signs (5.3)."""

    version = models.CharField(max_length=20, unique=True)
    texto = models.TextField()
    vigente_desde = models.DateTimeField()

    class Meta:
        verbose_name = "términos y condiciones"
        verbose_name_plural = "términos y condiciones"
        ordering = ("-vigente_desde",)

    def __str__(self) -> str:
        return f"versión {self.version}"


class Buzon(models.Model):
    """One mailbox per RFC, created on first login or import; its facts, not its state, stored."""

    class Fuente(models.TextChoices):
        TERMINOS = "terminos", "aceptación de términos"
        LINEAMIENTOS_2020 = "lineamientos_2020", "habilitado conforme a los lineamientos de 2020"

    rfc = models.CharField(max_length=13, unique=True)
    nombre = models.CharField(max_length=300, blank=True, default="")
    creado = models.DateTimeField()
    terminos = models.ForeignKey(
        TerminosCondiciones, on_delete=models.PROTECT, null=True, blank=True
    )
    terminos_aceptados_en = models.DateTimeField(null=True, blank=True)
    acuse_terminos = models.CharField(max_length=20, blank=True, default="")
    #: The particular's signature over the terms' cadena, wrapped with its certificate in a detached
    #: CMS SignedData (openssl cms -verify accepts it), kept as evidence.
    firma_terminos_cms = models.BinaryField(null=True, blank=True)
    fuente_habilitacion = models.CharField(max_length=20, choices=Fuente.choices, blank=True)
    habilitado_2020_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "buzón"
        verbose_name_plural = "buzones"

    def __str__(self) -> str:
        return self.rfc


class Medio(models.Model):
    """A contact means: an email or the mobile number, at RFC level or for a registro patronal."""

    class Tipo(models.TextChoices):
        CORREO = "correo", "correo electrónico"
        CELULAR = "celular", "teléfono celular"

    class Estado(models.TextChoices):
        POR_CONFIRMAR = "por_confirmar", "por confirmar"
        CONFIRMADO = "confirmado", "confirmado"
        CANCELADO = "cancelado", "cancelado"

    buzon = models.ForeignKey(Buzon, on_delete=models.PROTECT, related_name="medios")
    registro_patronal = models.CharField(max_length=11, blank=True, default="")
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    valor = models.CharField(max_length=254)
    estado = models.CharField(max_length=20, choices=Estado.choices)
    registrado_en = models.DateTimeField()
    #: 5.2: the medio is cancelled if not confirmed by this instant (72 natural hours).
    expira = models.DateTimeField()
    codigo_hash = models.CharField(max_length=64, blank=True, default="")
    codigo_enviado_en = models.DateTimeField(null=True, blank=True)
    envios = models.PositiveSmallIntegerField(default=0)
    intentos_fallidos = models.PositiveSmallIntegerField(default=0)
    confirmado_en = models.DateTimeField(null=True, blank=True)
    cancelado_en = models.DateTimeField(null=True, blank=True)
    motivo_cancelacion = models.CharField(max_length=30, blank=True, default="")
    #: 5.6 [I-33]: when the particular asked to replace this confirmed medio by one still to
    #: confirm. It stays confirmed, and in force, until a medio of its type is confirmed (then
    #: it is cancelled, `reemplazado`); if the replacement lapses it simply stays.
    reemplazo_solicitado_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "medio de contacto"
        verbose_name_plural = "medios de contacto"
        indexes = (
            models.Index(fields=("buzon", "estado"), name="medio_buzon_estado_idx"),
            models.Index(fields=("estado", "expira"), name="medio_vencimiento_idx"),
        )
        constraints = (
            models.UniqueConstraint(
                fields=("buzon", "registro_patronal", "tipo", "valor"),
                condition=~models.Q(estado="cancelado"),
                name="medio_vigente_unico",
            ),
        )

    def __str__(self) -> str:
        return f"{self.tipo} {self.valor} ({self.estado})"
