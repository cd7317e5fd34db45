"""Convenios with public agencies (relación 9.4 bis): who may ask for opiniones machine to machine.

A convenio names the agency, its RFC, the legal basis and purpose of the consultations, its
validity (Zona Centro days, both ends included), its scope and daily quota, and the agency's
institutional certificate(s). Tokens are stored only as their SHA-256; assertion identifiers
(`jti`) are kept until they expire, so an assertion is single use; every call leaves a
`LlamadaConvenio` row.
"""

from __future__ import annotations

from django.db import models


class Convenio(models.Model):
    class Estado(models.TextChoices):
        VIGENTE = "vigente", "vigente"
        REVOCADO = "revocado", "revocado"

    #: The OAuth client id (`iss` = `sub` of the agency's assertions): a UUID given at the alta.
    cliente = models.CharField(max_length=36, unique=True)
    dependencia = models.CharField(max_length=300)
    rfc = models.CharField(max_length=13)
    fundamento = models.TextField()
    finalidad = models.TextField()
    vigente_desde = models.DateField()
    vigente_hasta = models.DateField()
    #: Space-separated OAuth scopes the convenio grants; today only `opinion`.
    alcance = models.CharField(max_length=100, default="opinion")
    #: Opiniones per Zona Centro day.
    cuota_diaria = models.PositiveIntegerField()
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.VIGENTE)
    revocado_en = models.DateTimeField(null=True, blank=True)
    motivo_revocacion = models.TextField(blank=True, default="")
    registrado_por = models.CharField(max_length=13)
    registrado_en = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=("rfc",), name="convenio_rfc_idx"),)

    def __str__(self) -> str:
        return f"{self.dependencia} ({self.cliente})"


class CertificadoConvenio(models.Model):
    """An institutional certificate of the agency (DER), with which its assertions are signed."""

    convenio = models.ForeignKey(Convenio, on_delete=models.PROTECT, related_name="certificados")
    #: SAT's certificate number (the JWS `kid`).
    no_certificado = models.CharField(max_length=40)
    huella_sha256 = models.CharField(max_length=64)
    der = models.BinaryField()
    valido_hasta = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("convenio", "huella_sha256"), name="certificado_convenio_unico"
            ),
        )

    def __str__(self) -> str:
        return f"{self.no_certificado} ({self.convenio_id})"


class AsercionUsada(models.Model):
    """A client assertion's `jti`, kept until the assertion expires: a replay violates the key."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=200)
    expira = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("convenio", "jti"), name="asercion_jti_unico"),
        )
        indexes = (models.Index(fields=("expira",), name="asercion_expira_idx"),)

    def __str__(self) -> str:
        return f"{self.jti[:40]} ({self.convenio_id})"


class TokenConvenio(models.Model):
    """An access token: its SHA-256, the convenio it acts for, its scope and expiry."""

    huella = models.CharField(max_length=64, unique=True)
    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="tokens")
    alcance = models.CharField(max_length=100)
    emitido = models.DateTimeField()
    expira = models.DateTimeField()

    class Meta:
        indexes = (models.Index(fields=("expira",), name="token_convenio_expira_idx"),)

    def __str__(self) -> str:
        return f"token {self.huella[:12]}… ({self.convenio_id})"


class CuotaDiaria(models.Model):
    """Opiniones issued for a convenio on one Zona Centro day (the quota's counter)."""

    convenio = models.ForeignKey(Convenio, on_delete=models.CASCADE, related_name="+")
    dia = models.DateField()
    usadas = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("convenio", "dia"), name="cuota_convenio_dia"),
        )

    def __str__(self) -> str:
        return f"{self.convenio_id} {self.dia}: {self.usadas}"


class LlamadaConvenio(models.Model):
    """One call of an agency (token or opiniones), successful or refused: the audit trail."""

    class Operacion(models.TextChoices):
        TOKEN = "token", "token"
        OPINIONES = "opiniones", "opiniones"

    convenio = models.ForeignKey(Convenio, on_delete=models.PROTECT, related_name="llamadas")
    instante = models.DateTimeField()
    operacion = models.CharField(max_length=10, choices=Operacion.choices)
    #: Opiniones issued (0 for a token or a refused call).
    cantidad = models.PositiveIntegerField(default=0)
    #: RFCs refused as malformed in this call.
    rechazadas = models.PositiveIntegerField(default=0)
    #: The HTTP status answered, and the error code when refused.
    estado = models.PositiveSmallIntegerField()
    error = models.CharField(max_length=40, blank=True, default="")
    ip = models.CharField(max_length=45, blank=True, default="")

    class Meta:
        indexes = (models.Index(fields=("convenio", "instante"), name="llamada_convenio_idx"),)

    def __str__(self) -> str:
        return f"{self.convenio_id} {self.operacion} {self.estado} {self.instante:%Y-%m-%d %H:%M}"
