"""Reading the worker's reports. The worker is always the session's (`access_asegurado` of
derechohabientes, by the CURP of the e.firma): no id from the request selects whose report is
read, so another's report is unreachable; a period without a report is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from buzon.comun.errores import ErrorBuzon
from buzon.cotizacion import reglas, textos
from buzon.cotizacion.models import Alerta, Renglon, Reporte, Suscripcion
from buzon.cuotas.models import Asegurado

#: Months listed (ten years).
LIMITE_REPORTES = 120
NO_ENCONTRADO = (
    "No tiene un Reporte Personalizado de Cotización de ese mes: se genera cada mes para quien "
    "está suscrito, a partir del mes en que se suscribió."
)


def suscripcion_de(asegurado: Asegurado) -> Suscripcion | None:
    return Suscripcion.objects.filter(asegurado=asegurado).first()


def reportes_de(asegurado: Asegurado) -> list[Reporte]:
    return list(Reporte.objects.filter(asegurado=asegurado).order_by("-periodo")[:LIMITE_REPORTES])


def clave_de(periodo: str) -> int:
    try:
        inicio, _ = reglas.leer_periodo(periodo)
    except ValueError as exc:
        raise ErrorBuzon("periodo_invalido", str(exc), "periodo") from exc
    return reglas.clave_periodo(inicio)


def access_reporte(asegurado: Asegurado, periodo: str) -> Reporte:
    """The worker's own report of `periodo` (AAAA-MM); ErrorBuzon 404 otherwise."""
    clave = clave_de(periodo)
    reporte = Reporte.objects.filter(asegurado=asegurado, periodo=clave).first()
    if reporte is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADO, "periodo", 404)
    return reporte


@dataclass(frozen=True)
class Fila:
    registro_patronal: str
    patron: str
    dias: int
    vigentes: int
    sbc: int
    vigente_al_cierre: bool


@dataclass(frozen=True)
class Aviso:
    tipo: str
    registro_patronal: str
    fecha: date
    sbc_anterior: int | None
    sbc: int | None

    @property
    def titulo(self) -> str:
        return textos.TITULOS[self.tipo]

    @property
    def mensaje(self) -> str:
        return textos.alerta(
            self.tipo, self.registro_patronal, self.fecha, self.sbc_anterior, self.sbc
        )


def filas_de(reporte: Reporte) -> list[Fila]:
    return [
        Fila(registro, nombre or "", dias, vigentes, sbc, cierre)
        for registro, nombre, dias, vigentes, sbc, cierre in Renglon.objects.filter(
            periodo=reporte.periodo, asegurado_id=reporte.asegurado_id
        )
        .order_by("registro__registro")
        .values_list(
            "registro__registro",
            "registro__patron__nombre",
            "dias",
            "vigentes",
            "sbc",
            "vigente_al_cierre",
        )
    ]


def avisos_de(reporte: Reporte) -> list[Aviso]:
    return [
        Aviso(tipo, registro, fecha, anterior, sbc)
        for tipo, registro, fecha, anterior, sbc in Alerta.objects.filter(
            periodo=reporte.periodo, asegurado_id=reporte.asegurado_id
        )
        .order_by("registro__registro", "tipo")
        .values_list("tipo", "registro__registro", "fecha", "sbc_anterior", "sbc")
    ]


def periodo_de(reporte: Reporte) -> str:
    return reglas.texto_periodo(reporte.periodo)


def como_json(reporte: Reporte) -> dict[str, Any]:
    """The report as the API answers it (the page shows the same)."""
    return {
        "periodo": periodo_de(reporte),
        "generado": reporte.generado,
        "renglones": [
            {
                "registro_patronal": f.registro_patronal,
                "patron": f.patron,
                "dias_cotizados": f.dias,
                "dias_vigentes": f.vigentes,
                "sbc": textos.pesos(f.sbc).removeprefix("$").replace(",", ""),
                "vigente_al_cierre": f.vigente_al_cierre,
            }
            for f in filas_de(reporte)
        ],
        "alertas": [
            {
                "tipo": a.tipo,
                "registro_patronal": a.registro_patronal,
                "fecha": a.fecha,
                "sbc_anterior": _importe(a.sbc_anterior),
                "sbc": _importe(a.sbc),
                "mensaje": a.mensaje,
            }
            for a in avisos_de(reporte)
        ],
    }


def _importe(centavos: int | None) -> str | None:
    if centavos is None or centavos < 0:
        return None
    return f"{centavos // 100}.{centavos % 100:02d}"
