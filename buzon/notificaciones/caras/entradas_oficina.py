"""The requests of the officials' notification API (api_oficina), each field with the
constraint the server enforces (buzon.comun.tipos_api), and the codes of the business rules no
schema can state."""

from __future__ import annotations

from ninja import Field, Schema

from buzon.comun.tipos_api import Base64, Desde, Limite, Rfc, RfcDocumentado, linea

#: POST /oficina/notificaciones: refusals of a request valid by its schema (the catalogue, the
#: padrón, the signature, the PDF, the actuación it answers).
NEGOCIO_EMISION = [
    "clave_idempotencia_invalida",
    "dato_invalido",
    "tipo_invalido",
    "acto_no_disponible",
    "disponible_desde_la_entrada_en_vigor",
    "asunto_invalido",
    "documento_invalido",
    "firma_invalida",
    "registro_desconocido",
    "ruta_invalida",
    "actuacion_invalida",
]

#: POST /oficina/lotes: the file's lines decide.
NEGOCIO_LOTE = [
    "archivo_invalido",
    "campo_desconocido",
    "encabezado_invalido",
    "linea_incompleta",
    "linea_invalida",
    "lote_vacio",
]


class EmisionEntrada(Schema):
    rfc: RfcDocumentado
    registro_patronal: str | None = None
    tipo: str
    asunto: str
    documento: Base64 = Field(description="El PDF en base64")
    firma: Base64 = Field(description="Firma del servidor público sobre los bytes del PDF (base64)")
    en_respuesta_a: int | None = Field(
        None, description="La actuación que esta notificación responde, si la hay"
    )
    ruta: str | None = Field(
        None,
        description="«personal» para notificar personalmente (7.10); omitida, la vía la "
        "determina la ley (buzón o estrados)",
    )


class FiltroOficina(Schema):
    estado: str | None = Field(
        None,
        json_schema_extra={
            "pattern": "^(programada|avisada|notificada|en_estrados|"
            "requiere_notificacion_personal|cancelada)?$"
        },
    )
    rfc: Rfc | None = None
    folio: str | None = None
    limite: Limite = 100
    desde: Desde = 0


class CancelacionEntrada(Schema):
    motivo: linea(500)  # type: ignore[valid-type]


class RetencionEntrada(Schema):
    retener: bool
    motivo: linea(500)  # type: ignore[valid-type]


class LoteEntrada(Schema):
    nombre_archivo: str = Field(
        description="Termina en .jsonl, .ndjson o .csv",
        json_schema_extra={
            "pattern": r"\.([Jj][Ss][Oo][Nn][Ll]|[Nn][Dd][Jj][Ss][Oo][Nn]|[Cc][Ss][Vv])$"
        },
    )
    contenido: Base64 = Field(description="El archivo .jsonl o .csv en base64")
