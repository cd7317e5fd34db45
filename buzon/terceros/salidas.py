"""What the authorisations API answers, and the pages show too: the schemas and how a row
becomes one (instants in Zona Centro)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from buzon.evidencia.api import AcuseSalida
from buzon.legal.zonas import ZONA_CENTRO
from buzon.terceros import selectors
from buzon.terceros.models import Autorizacion


class PorFirmarSalida(Schema):
    id: int
    cadena: str = Field(description="Lo que se firma con la e.firma (bytes UTF-8)")
    estado: str


class CadenaRevocacionSalida(Schema):
    id: int
    cadena: str = Field(description="La revocación por firmar (bytes UTF-8)")


class FirmadaSalida(Schema):
    id: int
    estado: str
    acuse: AcuseSalida


class AutorizacionSalida(Schema):
    id: int
    tercero: str
    alcance: str
    vence: date | None = Field(description="Último día en que surte efectos (Zona Centro)")
    estado: str = Field(description="por_firmar, vigente, revocada o vencida")
    creada: datetime
    firmada: datetime | None
    acuse: str | None = Field(description="Folio del acuse de autorización")
    revocada: datetime | None
    acuse_revocacion: str | None = Field(description="Folio del acuse de revocación")


class AutorizacionesSalida(Schema):
    autorizaciones: list[AutorizacionSalida]


class RecibidaSalida(Schema):
    titular: str = Field(description="RFC de quien le autorizó")
    alcance: str
    vence: date | None
    estado: str
    firmada: datetime
    revocada: datetime | None


class RecibidasSalida(Schema):
    autorizaciones: list[RecibidaSalida]


def _centro(instante: datetime | None) -> datetime | None:
    return instante.astimezone(ZONA_CENTRO) if instante else None


def otorgada(a: Autorizacion, ahora: datetime) -> dict[str, Any]:
    return {
        "id": a.pk,
        "tercero": a.tercero,
        "alcance": a.alcance,
        "vence": a.vence,
        "estado": selectors.estado_de(a, ahora),
        "creada": _centro(a.creada),
        "firmada": _centro(a.firmada),
        "acuse": a.acuse or None,
        "revocada": _centro(a.revocada),
        "acuse_revocacion": a.acuse_revocacion or None,
    }


def recibida(a: Autorizacion, ahora: datetime) -> dict[str, Any]:
    return {
        "titular": a.titular,
        "alcance": a.alcance,
        "vence": a.vence,
        "estado": selectors.estado_de(a, ahora),
        "firmada": _centro(a.firmada),
        "revocada": _centro(a.revocada),
    }
