"""The emisiones (LSS 39 A: the Institute's *propuestas de cédulas de determinación*): one per
registro patronal and period, its per-worker detail, and the generation runs that write them.

Imported at the end of `buzon/cuotas/models.py` (Django wants one models module per app).
Written only by `generacion.do_generar_bloque`; read through `selectors`. Sizes and retention:
docs/cuotas.md, «Emisiones».

The per-worker detail (`EmisionTrabajador`) is the big table: 22.5 million rows a month. Its DDL
is the migration's own (`0002_emisiones`): on PostgreSQL a table partitioned by LIST
(`periodo_clave`), one partition per period created by the run that fills it; on SQLite a plain
table. Compact columns: NSS as a bigint, days as small ints, every amount as integer centavos,
NULL for the concepts of the other emisión kind (a NULL costs one bit). The Django model is
unmanaged and only read; the rows are written with COPY (bulk INSERT on SQLite).
"""

from __future__ import annotations

from django.db import models

#: The concepts of each kind, in the order of the law (issue 13 §3) and where each has an
#: obrero share. `(concepto, tiene_obrero)`.
CONCEPTOS: dict[str, tuple[tuple[str, bool], ...]] = {
    "EMA": (
        ("cuota_fija", False),
        ("excedente", True),
        ("prestaciones_dinero", True),
        ("gastos_medicos_pensionados", True),
        ("riesgos_trabajo", False),
        ("invalidez_vida", True),
        ("guarderias", False),
    ),
    "EBA": (
        ("retiro", False),
        ("cesantia_vejez", True),
        ("infonavit", False),
    ),
}


def columnas_de(tipo: str) -> list[tuple[str, str, str]]:
    """`(concepto, "patron"|"obrero", columna)` of the detail's amount columns for one kind."""
    salida = []
    for concepto, obrero in CONCEPTOS[tipo]:
        salida.append((concepto, "patron", f"{concepto}_patron"))
        if obrero:
            salida.append((concepto, "obrero", f"{concepto}_obrero"))
    return salida


#: Every amount column of the detail table, both kinds.
COLUMNAS_IMPORTE = [c for tipo in ("EMA", "EBA") for _, _, c in columnas_de(tipo)]


class CorridaEmision(models.Model):
    """One generation of one period: its chunks of registros, claimed one by one; a re-run after
    a crash finds this row and finishes the chunks still pending."""

    class Estado(models.TextChoices):
        EN_CURSO = "en_curso", "en curso"
        TERMINADA = "terminada", "terminada"

    periodo = models.CharField(max_length=7, unique=True)
    tipo = models.CharField(max_length=3)
    estado = models.CharField(max_length=10, choices=Estado.choices, default=Estado.EN_CURSO)
    #: RFC of the official who asked (API) or "" (the command).
    solicitante = models.CharField(max_length=13, blank=True, default="")
    iniciada = models.DateTimeField()
    terminada = models.DateTimeField(null=True, blank=True)
    bloques = models.PositiveIntegerField(default=0)
    bloques_hechos = models.PositiveIntegerField(default=0)
    registros = models.PositiveIntegerField(default=0)
    emisiones = models.PositiveIntegerField(default=0)
    trabajadores = models.PositiveBigIntegerField(default=0)
    por_aclarar = models.PositiveBigIntegerField(default=0)

    class Meta:
        app_label = "cuotas"
        verbose_name = "generación de emisiones"
        verbose_name_plural = "generaciones de emisiones"

    def __str__(self) -> str:
        return f"{self.tipo} {self.periodo} ({self.estado})"


class BloqueEmision(models.Model):
    """A chunk: the registros patronales `desde`…`hasta` (both included, in registro order).
    Done in one transaction: either all its emisiones exist or none does."""

    corrida = models.ForeignKey(CorridaEmision, on_delete=models.PROTECT, related_name="lotes")
    numero = models.PositiveIntegerField()
    desde = models.CharField(max_length=11)
    hasta = models.CharField(max_length=11)
    hecho = models.BooleanField(default=False)
    hecho_en = models.DateTimeField(null=True, blank=True)
    #: Who did it (host:pid), for the operator.
    hecho_por = models.CharField(max_length=80, blank=True, default="")

    class Meta:
        app_label = "cuotas"
        constraints = (
            models.UniqueConstraint(fields=("corrida", "numero"), name="bloque_emision_unico"),
        )
        indexes = (models.Index(fields=("corrida", "hecho", "numero"), name="bloque_pendiente"),)

    def __str__(self) -> str:
        return f"bloque {self.numero}: {self.desde}…{self.hasta}"


class Emision(models.Model):
    """The propuesta of one registro patronal for one period (EMA `AAAA-MM`, EBA `AAAA-Bn`)."""

    registro_patronal = models.CharField(max_length=11)
    rfc = models.CharField(max_length=13)
    periodo = models.CharField(max_length=7)
    #: `AAAAMM` for the EMA, `AAAA2n` (AAAA21…AAAA26) for the EBA: the detail's partition key.
    periodo_clave = models.PositiveIntegerField()
    tipo = models.CharField(max_length=3)
    folio = models.CharField(max_length=20, unique=True)
    codigo_verificacion = models.CharField(max_length=12)
    generada = models.DateTimeField()
    bloque = models.ForeignKey(BloqueEmision, on_delete=models.PROTECT, related_name="emitidas")
    trabajadores = models.PositiveIntegerField()
    #: `{concepto: [patron, obrero]}` in centavos: sums of the workers' rounded amounts.
    totales = models.JSONField()
    total_patron = models.BigIntegerField()
    total_obrero = models.BigIntegerField()
    #: What anyone needs to recompute it: UMA and minimum wage by date, zone, prima, table version.
    parametros = models.JSONField()
    #: Workers whose movements the engine refused for this period: `[{"nss", "mensaje"}]`.
    por_aclarar = models.JSONField(default=list)
    #: SHA-256 of the emisión's canonical text (header, totals and every worker row); the
    #: chunk's evidence-log entry covers it.
    huella = models.CharField(max_length=64)

    class Meta:
        app_label = "cuotas"
        verbose_name = "emisión"
        verbose_name_plural = "emisiones"
        constraints = (
            models.UniqueConstraint(
                fields=("registro_patronal", "periodo"), name="emision_registro_periodo"
            ),
        )
        indexes = (
            models.Index(fields=("rfc", "-periodo_clave", "-id"), name="emision_mis_documentos"),
        )

    def __str__(self) -> str:
        return f"{self.tipo} {self.periodo} {self.registro_patronal}"


class EmisionTrabajador(models.Model):
    """One worker-period of one emisión (unmanaged: the migration writes its DDL)."""

    pk = models.CompositePrimaryKey("emision_id", "nss", "periodo_clave")
    emision_id = models.BigIntegerField()
    periodo_clave = models.IntegerField()
    nss = models.BigIntegerField()
    dias_cotizados = models.SmallIntegerField()
    ausentismos = models.SmallIntegerField()
    incapacidades = models.SmallIntegerField()
    #: The worker's last SBC in the period, centavos (the capped one is recomputable).
    sbc = models.IntegerField()
    cuota_fija_patron = models.IntegerField(null=True)
    excedente_patron = models.IntegerField(null=True)
    excedente_obrero = models.IntegerField(null=True)
    prestaciones_dinero_patron = models.IntegerField(null=True)
    prestaciones_dinero_obrero = models.IntegerField(null=True)
    gastos_medicos_pensionados_patron = models.IntegerField(null=True)
    gastos_medicos_pensionados_obrero = models.IntegerField(null=True)
    riesgos_trabajo_patron = models.IntegerField(null=True)
    invalidez_vida_patron = models.IntegerField(null=True)
    invalidez_vida_obrero = models.IntegerField(null=True)
    guarderias_patron = models.IntegerField(null=True)
    retiro_patron = models.IntegerField(null=True)
    cesantia_vejez_patron = models.IntegerField(null=True)
    cesantia_vejez_obrero = models.IntegerField(null=True)
    infonavit_patron = models.IntegerField(null=True)

    class Meta:
        app_label = "cuotas"
        managed = False
        db_table = "cuotas_emisiontrabajador"

    def __str__(self) -> str:
        return f"{self.nss:011d} en la emisión {self.emision_id}"
