"""Fiscalización (relación 7.8, 7.17, 7.18, 8): the imported data the indicators read that no
other app holds (activities and classes, external head counts, pension/subsidy claims), the
programme of a period with every registro's score, its acts, and the supervisors' signed
approvals. Written only by `servicios`, `importacion` and `emision`; read through `selectors`.
"""

from __future__ import annotations

from django.db import models

from buzon.notificaciones.models import Notificacion


class Actividad(models.Model):
    """A registro's declared activity (fracción of the Catálogo de Actividades, RACERF 196), the
    class it pays in and the class of that activity (1–5 for I–V): `buzon fiscalizacion
    importar-actividades` (the padrón holds neither) [I-124]."""

    registro = models.CharField(max_length=11, unique=True)
    actividad = models.CharField(max_length=8)
    clase_declarada = models.PositiveSmallIntegerField()
    clase_actividad = models.PositiveSmallIntegerField()
    importado_en = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.registro} {self.actividad}"


class PlantillaExterna(models.Model):
    """Workers counted for an RFC by another agency's file (e.g. CFDI de nómina), the latest import
    governs: `buzon fiscalizacion importar-plantilla`."""

    rfc = models.CharField(max_length=13, unique=True)
    trabajadores = models.PositiveIntegerField()
    fuente = models.CharField(max_length=120)
    importado_en = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.rfc}: {self.trabajadores}"


class Reclamo(models.Model):
    """A pension or subsidy claim of a worker (`buzon fiscalizacion importar-reclamos`) [I-124]."""

    class Tipo(models.TextChoices):
        PENSION = "pension", "solicitud de pensión"
        SUBSIDIO = "subsidio", "solicitud de subsidio"

    nss = models.CharField(max_length=11)
    tipo = models.CharField(max_length=8, choices=Tipo.choices)
    fecha = models.DateField()
    importado_en = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("nss", "tipo", "fecha"), name="reclamo_unico"),
        )
        indexes = (models.Index(fields=("nss", "fecha"), name="reclamo_nss_idx"),)

    def __str__(self) -> str:
        return f"{self.tipo} {self.fecha}"


class Programa(models.Model):
    """One run per period (`AAAA-Tn`), idempotent: a second run returns this one."""

    periodo = models.CharField(max_length=7, unique=True)
    inicio = models.DateField()
    corte = models.DateField()
    creado = models.DateTimeField()
    por = models.CharField(max_length=13, blank=True)
    #: The settings used (canonical JSON) and their SHA-256.
    ajustes = models.TextField()
    ajustes_huella = models.CharField(max_length=64)
    #: SHA-256 over the ranking (registro, points, fired indicators, act) in order.
    huella = models.CharField(max_length=64)
    registros = models.PositiveIntegerField()
    con_puntos = models.PositiveIntegerField()
    actos = models.PositiveIntegerField()

    class Meta:
        ordering = ("-periodo",)

    def __str__(self) -> str:
        return f"programa {self.periodo}"


class Puntaje(models.Model):
    """A registro with points in a programme: its rank and every signal, with the numbers."""

    programa = models.ForeignKey(Programa, on_delete=models.PROTECT, related_name="puntajes")
    rango = models.PositiveIntegerField()
    registro = models.CharField(max_length=11)
    rfc = models.CharField(max_length=13)
    entidad = models.CharField(max_length=3)
    subdelegacion = models.CharField(max_length=120)
    puntos = models.PositiveIntegerField()
    mascara = models.PositiveSmallIntegerField()
    #: JSON list of the six signals: indicador, disparo, puntos, numeros, motivo.
    senales = models.TextField()
    tipo = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("programa", "registro"), name="puntaje_unico"),
            models.UniqueConstraint(fields=("programa", "rango"), name="puntaje_rango_unico"),
        )

    def __str__(self) -> str:
        return f"{self.registro}: {self.puntos}"


class Acto(models.Model):
    """An act of the programme (or a requerimiento inside an audit, `padre`)."""

    class Estado(models.TextChoices):
        PROPUESTO = "propuesto", "propuesto"
        APROBADO = "aprobado", "aprobado"
        EMITIDO = "emitido", "emitido"
        CORREGIDO = "corregido", "corregido"
        CERRADO = "cerrado", "cerrado"

    programa = models.ForeignKey(Programa, on_delete=models.PROTECT, related_name="actos_de")
    puntaje = models.ForeignKey(Puntaje, on_delete=models.PROTECT, null=True, related_name="+")
    padre = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="requerimientos"
    )
    registro = models.CharField(max_length=11)
    rfc = models.CharField(max_length=13)
    entidad = models.CharField(max_length=3)
    subdelegacion = models.CharField(max_length=120)
    tipo = models.CharField(max_length=30)
    #: The key of the acts catalogue it is notified with.
    clave = models.CharField(max_length=10)
    #: The text of a requerimiento inside an audit (what is asked); "" for programme acts.
    texto = models.TextField(blank=True)
    plazo_dias = models.PositiveSmallIntegerField()
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.PROPUESTO)
    creado = models.DateTimeField()
    aprobacion = models.ForeignKey(
        "Aprobacion", on_delete=models.PROTECT, null=True, blank=True, related_name="actos"
    )
    notificacion = models.OneToOneField(
        Notificacion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    emitido = models.DateTimeField(null=True, blank=True)
    cerrado = models.DateTimeField(null=True, blank=True)
    cerrado_por = models.CharField(max_length=13, blank=True)
    resultado = models.TextField(blank=True)

    class Meta:
        indexes = (
            models.Index(fields=("programa", "subdelegacion", "tipo"), name="acto_tablero_idx"),
            models.Index(fields=("rfc", "-creado"), name="acto_rfc_idx"),
        )

    def __str__(self) -> str:
        return f"acto {self.pk} {self.tipo}"


class Aprobacion(models.Model):
    """A supervisor's e.firma over the cadena naming the programme and the acts approved."""

    programa = models.ForeignKey(Programa, on_delete=models.PROTECT, related_name="aprobaciones")
    por = models.CharField(max_length=13)
    instante = models.DateTimeField()
    cadena = models.TextField()
    firma = models.TextField()
    no_certificado = models.CharField(max_length=20)
    acuse = models.CharField(max_length=20)
    cuantos = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"aprobación {self.pk} ({self.por})"
