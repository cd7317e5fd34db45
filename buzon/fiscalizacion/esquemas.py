"""The fiscalización API's request and answer shapes, with their real constraints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BaseModel

from buzon.fiscalizacion.emision import MAXIMO_POR_LLAMADA
from buzon.fiscalizacion.servicios import PATRON_PERIODO


class FiltroCadenaAprobacion(Schema):
    actos: str = Field(
        "", max_length=4_000, description="Ids separados por coma; vacío: todos los propuestos"
    )


class ProgramaFiscalizacion(Schema):
    id: int
    periodo: str
    inicio: date
    corte: date
    creado: datetime
    registros: int
    con_puntos: int
    actos: int
    huella: str
    ajustes_huella: str


class CeldaTableroFiscalizacion(Schema):
    subdelegacion: str
    tipo: str
    cuentas: dict[str, int]


class ProgramaFiscalizacionDetalle(ProgramaFiscalizacion):
    tablero: list[CeldaTableroFiscalizacion]


class PedidoProgramaFiscalizacion(BaseModel):
    periodo: str = Field(pattern=PATRON_PERIODO, description="Trimestre, como 2026-T1")


class SenalDeRiesgo(Schema):
    indicador: str
    disparo: bool
    puntos: int
    numeros: dict[str, int]
    motivo: str


class RespuestaAActoFiscalizacion(Schema):
    actuacion: int
    presentada: datetime
    acuse: str


class ActoFiscalizacion(Schema):
    id: int
    programa: str
    tipo: str
    titulo: str
    clave: str
    registro_patronal: str
    rfc: str
    estado: str = Field(
        description="propuesto | aprobado | emitido | notificado | respondido | corregido | cerrado"
    )
    puntos: int | None
    rango: int | None
    senales: list[SenalDeRiesgo]
    texto: str
    plazo_dias: int
    notificacion: int | None
    folio: str | None
    ruta: str | None
    notificada: datetime | None
    surte_efectos: date | None
    plazo_inicia: date | None
    plazo_vence: date | None
    respuestas: list[RespuestaAActoFiscalizacion]
    resultado: str
    padre: int | None
    subdelegacion: str | None = None


class ListaActosFiscalizacion(Schema):
    actos: list[ActoFiscalizacion]


class CadenaAprobacionPrograma(Schema):
    cadena: str
    actos: int


class PedidoAprobacionPrograma(BaseModel):
    firma: str = Field(min_length=1, max_length=4096, description="Firma (base64) de la cadena")
    actos: list[Annotated[int, Field(ge=1, le=10**12)]] | None = Field(
        None, max_length=20_000, description="Los actos aprobados; ausente: todos los propuestos"
    )


class AprobacionProgramaFiscalizacion(Schema):
    id: int
    acuse: str
    actos: int
    cadena: str


class FirmaDeActoFiscalizacion(BaseModel):
    acto: int = Field(ge=1, le=10**12)
    firma: str = Field(min_length=1, max_length=4096)


class PedidoEmisionActos(BaseModel):
    actos: list[FirmaDeActoFiscalizacion] = Field(min_length=1, max_length=MAXIMO_POR_LLAMADA)


class ResultadoEmisionActo(Schema):
    acto: int
    notificacion: int | None
    folio: str
    ruta: str
    error: str | None
    mensaje: str | None


class EmisionActosFiscalizacion(Schema):
    resultados: list[ResultadoEmisionActo]


class PedidoResultadoActo(BaseModel):
    estado: Literal["corregido", "cerrado"]
    resultado: str = Field(min_length=3, max_length=2_000)


class PedidoRequerimientoAuditoria(BaseModel):
    texto: str = Field(min_length=10, max_length=4_000)
    plazo_dias: int = Field(15, ge=1, le=60)


class FiltroActosFiscalizacion(Schema):
    tipo: str | None = Field(None, max_length=30)
    limite: int = Field(100, ge=1, le=500)
