"""Request field types of the API, defined once: each states in the OpenAPI document the
constraint the server enforces, so a request valid by the schema is one the server accepts
beyond business rules. And `errores`: the error codes an operation can answer, per status.

Two kinds of constraint: those pydantic enforces (`Rfc`, lengths: a violation is
`solicitud_invalida` naming the field), and those only documented here because the service
checks them itself with its own code, which integrators already rely on (`Base64`, `Limite`,
`Desde`, the non-blank pattern of `linea`); `tests/config/test_schemathesis.py` proves both
kinds agree with the server.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from buzon.comun.limites import MAXIMO_DESDE

#: The extension under which each error response lists its `error` codes.
EXTENSION_CODIGOS = "x-codigos"
#: The operation-level extension listing the codes of refusals no schema can state (a wrong
#: signature, an unknown trámite, a code that does not match): business rules.
EXTENSION_NEGOCIO = "x-reglas-de-negocio"

_FECHA = (
    r"(?:[0-9]{2}(?:0[13578]|1[02])(?:0[1-9]|[12][0-9]|3[01])"
    r"|[0-9]{2}(?:0[469]|11)(?:0[1-9]|[12][0-9]|30)"
    r"|[0-9]{2}02(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:[02468][048]|[13579][26])0229)"
)
#: RFC (CFF 27): 3 letters (persona moral) or 4 (física; Ñ and & allowed), a real date AAMMDD
#: and the homoclave; either case.
PATRON_RFC = rf"^[A-Za-zÑñ&]{{3,4}}{_FECHA}[A-Za-z0-9]{{3}}$"
#: Base64 (RFC 4648, standard alphabet, with padding), the way files and signatures travel.
PATRON_BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
#: At least one character that is not a space: the services collapse spaces and refuse a blank.
NO_EN_BLANCO = r"\S"

Rfc = Annotated[
    str,
    Field(
        pattern=PATRON_RFC,
        description="RFC de 12 (persona moral) o 13 caracteres (persona física)",
        examples=["XIQB891116QE4"],
    ),
]
#: The same RFC, only documented: the service checks it itself, with its own code.
RfcDocumentado = Annotated[
    str,
    Field(
        description="RFC de 12 (persona moral) o 13 caracteres (persona física)",
        examples=["XIQB891116QE4"],
        json_schema_extra={"pattern": PATRON_RFC},
    ),
]
Base64 = Annotated[
    str,
    Field(
        json_schema_extra={"format": "byte", "contentEncoding": "base64", "pattern": PATRON_BASE64}
    ),
]
Limite = Annotated[
    int,
    Field(
        description="Cuántos resultados (1 a 500)", json_schema_extra={"minimum": 1, "maximum": 500}
    ),
]
Desde = Annotated[
    int,
    Field(
        description="Cuántos resultados se saltan",
        json_schema_extra={"minimum": 0, "maximum": MAXIMO_DESDE},
    ),
]


def linea(maximo: int, descripcion: str = "") -> Any:
    """A line of text the service collapses and refuses blank, of at most `maximo` characters."""
    return Annotated[
        str,
        Field(
            max_length=maximo,
            description=descripcion or None,
            json_schema_extra={"pattern": NO_EN_BLANCO},
        ),
    ]


def errores(negocio: list[str] | None = None, **por_estado: list[str]) -> dict[str, Any]:
    """`openapi_extra` naming an operation's own error codes: `errores(e404=[...])`, and
    (`negocio`) the 400 codes of its business rules. `buzon.config.openapi` lists them in each
    status's `x-codigos` and description."""
    codigos = {clave.removeprefix("e"): lista for clave, lista in por_estado.items()}
    extra: dict[str, Any] = {EXTENSION_CODIGOS: codigos}
    if negocio:
        codigos["400"] = sorted({*codigos.get("400", []), *negocio})
        extra[EXTENSION_NEGOCIO] = sorted(negocio)
    return extra


#: The operation-level extension making a header required (and constrained) in the document
#: while the service keeps checking it with its own code.
EXTENSION_ENCABEZADOS = "x-encabezados-obligatorios"


def encabezado_obligatorio(nombre: str, **esquema: Any) -> dict[str, Any]:
    """`openapi_extra` documenting header `nombre` as required, with `esquema`'s constraints."""
    return {EXTENSION_ENCABEZADOS: {nombre: esquema}}


_DIA_2000_2999 = (
    r"2[0-9]{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    r"|(?:2[0-9](?:0[48]|[2468][048]|[13579][26])|2000|2400|2800)-02-29"
)
#: An optional day AAAA-MM-DD of the years 2000 to 2999 (empty: no filter), spaces around it
#: allowed, as the services read it.
PATRON_DIA_OPCIONAL = rf"^\s*(?:{_DIA_2000_2999})?\s*$"


def opcional(patron: str, descripcion: str = "", **restricciones: Any) -> Any:
    """An optional query value (empty: not given) the service checks itself against `patron`."""
    return Field(
        "", description=descripcion or None, json_schema_extra={"pattern": patron, **restricciones}
    )
