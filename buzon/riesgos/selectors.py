"""Reading riesgos terminados and building the pre-computed determination (LSS 72–74).

`access_registro(rfc, registro)` always raises when the registro is not the session's (404, one
message: another's registro is indistinguishable from a missing one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from buzon.comun.errores import ErrorBuzon, desde_legal
from buzon.cuotas.selectors import movimientos_del_periodo, primas_vigentes
from buzon.legal import prima_rt
from buzon.legal.cuotas.movimientos import Movimiento, validar
from buzon.legal.errores import ErrorLegal
from buzon.padron.filas import normalizar_registro
from buzon.padron.models import RegistroPatronal
from buzon.riesgos.models import ClaseRiesgo, RiesgoTerminado

NO_ENCONTRADO = (
    "No tiene un registro patronal con ese número en el padrón. Elija uno de sus registros "
    "patronales de la lista."
)
ANIO_MINIMO = 2000
ANIO_MAXIMO = 2100


def access_registro(rfc: str, registro: str) -> RegistroPatronal:
    """The registro patronal `registro` when it belongs to `rfc`; ErrorBuzon 404 otherwise."""
    try:
        canonico = normalizar_registro(registro)
    except ErrorLegal:
        canonico = ""
    fila = (
        RegistroPatronal.objects.filter(registro=canonico, patron__rfc=rfc)
        .select_related("patron")
        .first()
        if canonico
        else None
    )
    if fila is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADO, "registro_patronal", 404)
    return fila


def leer_anio(valor: object) -> int:
    """The year of the siniestralidad (1 Jan–31 Dec)."""
    texto = str(valor).strip()
    if not texto.isdigit() or not ANIO_MINIMO <= int(texto) <= ANIO_MAXIMO:
        raise ErrorBuzon(
            "anio_invalido",
            f"«{valor}» no es un año: escriba el año de la siniestralidad con cuatro cifras "
            f"(entre {ANIO_MINIMO} y {ANIO_MAXIMO}), ej. 2026.",
            "anio",
        )
    return int(texto)


def terminados(registro: RegistroPatronal, anio: int) -> list[RiesgoTerminado]:
    """Relación 10.3: the registro's riesgos terminated in `anio`, by date (en trayecto were never
    stored)."""
    return list(
        RiesgoTerminado.objects.filter(
            registro=registro,
            fecha_termino__gte=date(anio, 1, 1),
            fecha_termino__lte=date(anio, 12, 31),
        ).order_by("fecha_termino", "nss", "tipo")
    )


@dataclass(frozen=True)
class Casos:
    casos: int
    dias_subsidiados: int  # S
    suma_porcentajes: Decimal
    defunciones: int  # D

    @property
    def incapacidades(self) -> Decimal:  # I
        return self.suma_porcentajes / 100


def casos(registro: RegistroPatronal, anio: int) -> Casos:
    """S, Σ % and D of the year in one aggregate query."""
    r = RiesgoTerminado.objects.filter(
        registro=registro,
        fecha_termino__gte=date(anio, 1, 1),
        fecha_termino__lte=date(anio, 12, 31),
    ).aggregate(
        n=Count("pk"),
        s=Sum("dias_subsidiados"),
        i=Sum("porcentaje_incapacidad"),
        d=Count("pk", filter=Q(defuncion=True)),
    )
    return Casos(
        int(r["n"]), int(r["s"] or 0), Decimal(r["i"] or 0).quantize(Decimal("0.01")), int(r["d"])
    )


@dataclass
class Exposicion:
    dias_cotizados: int = 0
    trabajadores: int = 0
    #: Workers whose movements the engine refuses: (nss, message); their days are not counted.
    por_aclarar: list[tuple[str, str]] = field(default_factory=list)


def exposicion(registro: RegistroPatronal, anio: int) -> Exposicion:
    """Days cotizados in RT of the year, from the afiliación ledger (one query, every worker's
    movements that matter to the year; counted by intervals, `legal.prima_rt.dias_cotizados_rt`)
    [I-130]."""
    inicio, fin = date(anio, 1, 1), date(anio, 12, 31)
    salida = Exposicion()
    columnas = movimientos_del_periodo([registro.registro], inicio, fin)
    for _, nss, movimientos in columnas.por_trabajador():
        lista = [
            Movimiento(n, tipo, fecha, sbc, dias)
            for n, (tipo, fecha, sbc, dias) in enumerate(movimientos, start=1)
        ]
        try:
            dias_rt = prima_rt.dias_cotizados_rt(validar(lista), inicio, fin)
        except ErrorLegal as exc:
            salida.por_aclarar.append((nss, exc.mensaje))
            continue
        if dias_rt > 0:
            salida.dias_cotizados += dias_rt
            salida.trabajadores += 1
    return salida


@dataclass(frozen=True)
class PrimaAnterior:
    prima: Decimal | None
    #: "registrada" (in the ledger on the day before the new period), "media" (LSS 73, the
    #: class's, no prima registered), or "" (neither: the determination cannot be made).
    origen: str
    clase: str = ""


def prima_anterior(registro: RegistroPatronal, anio: int) -> PrimaAnterior:
    """The prima in force on the last day of February of `anio` + 1 (the one the new one
    replaces); a registro without one pays its class's prima media (LSS 73) [I-132]."""
    dia = date.fromordinal(date(anio + 1, 3, 1).toordinal() - 1)
    registrada = primas_vigentes([registro.registro], dia).get(registro.registro)
    clase = ClaseRiesgo.objects.filter(registro=registro).values_list("clase", flat=True).first()
    if registrada is not None:
        return PrimaAnterior(registrada, "registrada", clase or "")
    if clase:
        return PrimaAnterior(prima_rt.prima_media(clase), "media", clase)
    return PrimaAnterior(None, "")


@dataclass(frozen=True)
class Calculo:
    """Everything the page, the API and the filing show."""

    registro: RegistroPatronal
    anio: int
    casos: Casos
    exposicion: Exposicion
    anterior: PrimaAnterior
    sistema_seguridad: bool
    determinacion: prima_rt.Determinacion | None
    #: Why there is no determination (no days cotizados…), in Spanish; "" when there is one.
    impedimento: str = ""

    @property
    def vigencia(self) -> tuple[date, date]:
        return prima_rt.periodo_de_vigencia(self.anio)

    @property
    def debe_presentar(self) -> bool:
        return self.determinacion is not None and prima_rt.debe_presentar(self.determinacion)


def calculo(registro: RegistroPatronal, anio: int, sistema_seguridad: bool = False) -> Calculo:
    """The pre-computed determination of `registro` for the siniestralidad of `anio`."""
    c = casos(registro, anio)
    e = exposicion(registro, anio)
    anterior = prima_anterior(registro, anio)
    if e.dias_cotizados == 0:
        return Calculo(
            registro,
            anio,
            c,
            e,
            anterior,
            sistema_seguridad,
            None,
            f"El registro {registro.registro} no tiene días cotizados en riesgos de trabajo en "
            f"{anio} según los movimientos afiliatorios: sin trabajadores expuestos (N = 0) no "
            "hay prima que determinar.",
        )
    entrada = prima_rt.Siniestralidad(
        dias_subsidiados=c.dias_subsidiados,
        incapacidades=c.incapacidades,
        defunciones=c.defunciones,
        dias_cotizados=e.dias_cotizados,
        prima_anterior=anterior.prima,
        sistema_seguridad=sistema_seguridad,
    )
    try:
        determinacion = prima_rt.calcular(entrada)
    except ErrorLegal as exc:
        raise desde_legal("determinacion_invalida", exc) from exc
    return Calculo(registro, anio, c, e, anterior, sistema_seguridad, determinacion)


def n_mostrado(d: prima_rt.Determinacion) -> Decimal:
    """N with five decimals, half up (shown; the computation uses it exact)."""
    return prima_rt.decimal_de(d.n, 5)
