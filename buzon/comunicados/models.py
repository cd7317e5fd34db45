"""Mis comunicados (numeral 8; relación 5): what the Institute tells particulars, with no legal
effect, never mixed with notifications.

`Comunicado` is written by a comunicador and approved by a supervisor; its `Destinatario` rows
are the fan-out (one per RFC reached, filled set-based by `difusion`); `EventoComunicado` is its
append-only timeline; `ObjetivoLista` the uploaded list of RFCs or registros it targets;
`Adjunto` its PDF attachments. Rows are never deleted: a withdrawn comunicado is kept, marked.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class Comunicado(models.Model):
    class Estado(models.TextChoices):
        BORRADOR = "borrador", "borrador"
        POR_APROBAR = "por_aprobar", "por aprobar"
        PUBLICADO = "publicado", "aprobado y publicado"
        RETIRADO = "retirado", "retirado"

    class Formato(models.TextChoices):
        TEXTO = "texto", "texto simple"
        MARKDOWN = "markdown", "Markdown (subconjunto seguro)"

    class Segmento(models.TextChoices):
        TODOS = "todos", "todos los patrones"
        ENTIDADES = "entidades", "por entidad"
        SUBDELEGACIONES = "subdelegaciones", "por subdelegación"
        MODALIDADES = "modalidades", "por modalidad"
        LISTA = "lista", "lista de RFC o registros patronales"

    class Difusion(models.TextChoices):
        SIN_INICIAR = "sin_iniciar", "sin iniciar"
        EN_CURSO = "en_curso", "en curso"
        TERMINADA = "terminada", "terminada"

    titulo = models.CharField(max_length=200)
    cuerpo = models.TextField()
    formato = models.CharField(max_length=8, choices=Formato.choices, default=Formato.TEXTO)
    #: The author's subdelegación, or `oficina.models.NACIONAL` (its scope; officials see those
    #: of their subdelegación through `oficina.selectors.de_su_subdelegacion`).
    subdelegacion = models.CharField(max_length=120)
    autor_rfc = models.CharField(max_length=13)
    estado = models.CharField(max_length=12, choices=Estado.choices, default=Estado.BORRADOR)
    vigente_desde = models.DateTimeField()
    #: None: no end. Past it, the comunicado is `vencido` (derived, never stored).
    vigente_hasta = models.DateTimeField(null=True, blank=True)
    segmento = models.CharField(max_length=16, choices=Segmento.choices)
    #: The segment's values: entidades (CMX…), subdelegaciones or modalidades; empty otherwise.
    valores = models.JSONField(default=list)
    creado_en = models.DateTimeField()
    enviado_en = models.DateTimeField(null=True, blank=True)
    aprobado_por = models.CharField(max_length=13, blank=True, default="")
    aprobado_en = models.DateTimeField(null=True, blank=True)
    retirado_por = models.CharField(max_length=13, blank=True, default="")
    retirado_en = models.DateTimeField(null=True, blank=True)
    motivo_retiro = models.CharField(max_length=300, blank=True, default="")
    difusion = models.CharField(
        max_length=12, choices=Difusion.choices, default=Difusion.SIN_INICIAR
    )
    #: The fan-out's resume point: the last `padron_patron.id` whose chunk committed.
    cursor = models.BigIntegerField(default=0)
    #: Patrones of the padrón the target reached when the fan-out started (progress's total).
    objetivo = models.PositiveIntegerField(default=0)
    #: Destinatario rows written (kept in step with them, chunk by chunk, in the same commit).
    entregados = models.PositiveIntegerField(default=0)
    #: Messages put in the outbox (email and SMS counted apart from recipients: 2 per RFC).
    avisos = models.PositiveIntegerField(default=0)
    difusion_terminada_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "comunicado"
        verbose_name_plural = "comunicados"
        indexes: ClassVar = [
            models.Index(fields=["subdelegacion", "-creado_en"], name="comunicado_oficina"),
            models.Index(fields=["estado", "difusion"], name="comunicado_difusion"),
        ]

    def __str__(self) -> str:
        return f"comunicado {self.pk} ({self.estado})"


class Destinatario(models.Model):
    """One RFC a published comunicado reached (the fan-out): *Mis comunicados* reads these by
    RFC; the officials' progress counts them by comunicado."""

    #: No index of its own: (comunicado, leido_en) serves it (one index less on each insert).
    comunicado = models.ForeignKey(
        Comunicado, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    rfc = models.CharField(max_length=13)
    entregado_en = models.DateTimeField()
    leido_en = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "destinatario de comunicado"
        verbose_name_plural = "destinatarios de comunicados"
        constraints: ClassVar = [
            # Idempotency of the fan-out and the list's index (rfc first).
            models.UniqueConstraint(fields=["rfc", "comunicado"], name="comunicado_destinatario")
        ]
        indexes: ClassVar = [
            models.Index(fields=["comunicado", "leido_en"], name="comunicado_lecturas"),
        ]

    def __str__(self) -> str:
        return f"{self.rfc} en {self.comunicado_id}"


class ObjetivoLista(models.Model):
    """One line of the uploaded target list, checked against the padrón when uploaded."""

    class Tipo(models.TextChoices):
        RFC = "rfc", "RFC"
        REGISTRO = "registro", "registro patronal"

    #: Served by the unique (comunicado, tipo, valor).
    comunicado = models.ForeignKey(
        Comunicado, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    tipo = models.CharField(max_length=8, choices=Tipo.choices)
    valor = models.CharField(max_length=13)
    linea = models.PositiveIntegerField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["comunicado", "tipo", "valor"], name="comunicado_lista_unica"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tipo} {self.valor}"


class Adjunto(models.Model):
    """A PDF attached to the comunicado (checked by content: `%PDF-` and the size limit)."""

    comunicado = models.ForeignKey(Comunicado, on_delete=models.PROTECT, related_name="adjuntos")
    numero = models.PositiveSmallIntegerField()
    nombre = models.CharField(max_length=120)
    contenido = models.BinaryField()
    tamano = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["comunicado", "numero"], name="comunicado_adjunto")
        ]
        ordering = ("comunicado_id", "numero")

    def __str__(self) -> str:
        return self.nombre


class EventoComunicado(models.Model):
    """The comunicado's timeline (append-only): created, sent for approval, returned, approved,
    fan-out started and finished, withdrawn."""

    comunicado = models.ForeignKey(Comunicado, on_delete=models.PROTECT, related_name="eventos")
    tipo = models.CharField(max_length=30)
    instante = models.DateTimeField()
    por = models.CharField(max_length=13, blank=True, default="")
    detalle = models.JSONField(default=dict)

    class Meta:
        ordering = ("comunicado_id", "instante", "id")

    def __str__(self) -> str:
        return f"{self.tipo} de {self.comunicado_id}"
