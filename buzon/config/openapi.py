"""The OpenAPI document says every status an operation can answer, in the contract's error shape.

django-ninja documents only the statuses an operation lists in `response=`. The refusals every
operation shares come from one place each (`buzon.config.api`'s handlers, the body-size
middleware, the access marks), so they are added here, from what the operation is:
- 400 `solicitud_invalida`: it takes parameters or a body (ninja's validation, in Spanish);
- 401 `sesion_requerida`: it needs a session (`auth=`; a session of the other profile is no
  session for it);
- 403: it is marked `acceso.oficial` (the session's official must be active and have the role);
- 404 `no_encontrado`: its path has parameters (`access_*` selectors always raise 404);
- 413 `solicitud_demasiado_grande`: it takes a body (`comun.limite_cuerpo`);
- 500 `error_interno` and 503 `servicio_no_disponible`: any operation (with a `referencia`).
An operation declares the rest itself (`response=` and `comun.tipos_api.errores`), and every
error response carries `x-codigos`: the `error` codes it can have.
"""

from __future__ import annotations

from http.client import responses as nombres_http
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from buzon.comun import acceso
from buzon.comun.tipos_api import EXTENSION_CODIGOS, EXTENSION_ENCABEZADOS

#: The shared refusals: status → (codes, Spanish description).
COMUNES: dict[int, tuple[tuple[str, ...], str]] = {
    400: (
        ("solicitud_invalida", "caracter_no_permitido"),
        "La solicitud no es válida; «campo» dice cuál.",
    ),
    401: (("sesion_requerida",), "Falta la sesión, venció o es de otro perfil."),
    403: (("sin_permiso", "no_autorizado"), "La sesión no tiene el alta o el rol que se pide."),
    404: (("no_encontrado",), "No existe el recurso, o no es de quien lo pide."),
    413: (("solicitud_demasiado_grande",), "El cuerpo pasa del máximo permitido."),
    500: (("error_interno",), "Error interno: la respuesta trae la «referencia» del registro."),
    503: (
        ("servicio_no_disponible",),
        "El Buzón no puede sellar o atender en este momento; trae la «referencia».",
    ),
}

METODOS_CON_CUERPO = frozenset({"POST", "PUT", "PATCH"})
REF_ERROR = "#/components/schemas/RespuestaError"


def estados_comunes(operacion: Operation, con_cuerpo: bool) -> set[int]:
    """The shared statuses `operacion` can answer, from what it is (see the module docstring)."""
    estados = {500, 503}
    if operacion.models:
        estados.add(400)
    if operacion.auth_callbacks:
        estados.add(401)
    if acceso.clase_de(operacion.view_func) == "oficial":
        estados.add(403)
    if any(m.__ninja_param_source__ == "path" for m in operacion.models):
        estados.add(404)
    if con_cuerpo:
        estados.update({400, 413})
    return estados


def _es_error(estado: str) -> bool:
    return estado.isdigit() and int(estado) >= 400


class EsquemaBuzon(OpenAPISchema):
    """ninja's document, each operation completed with its shared refusals and error codes."""

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        detalle: dict[str, Any] = super().operation_details(operation)
        con_cuerpo = "requestBody" in detalle or bool(
            METODOS_CON_CUERPO & {m.upper() for m in operation.methods}
        )
        respuestas: dict[Any, Any] = detalle["responses"]
        declarados: dict[str, list[str]] = detalle.pop(EXTENSION_CODIGOS, {})
        encabezados: dict[str, dict[str, Any]] = detalle.pop(EXTENSION_ENCABEZADOS, {})
        for parametro in detalle.get("parameters", []):
            if parametro.get("in") == "header" and parametro.get("name") in encabezados:
                parametro["required"] = True
                parametro["schema"].pop("default", None)
                parametro["schema"].update(encabezados[parametro["name"]])
        for estado in estados_comunes(operation, con_cuerpo) | {int(e) for e in declarados}:
            if estado not in respuestas and str(estado) not in respuestas:
                respuestas[estado] = {"description": nombres_http.get(estado, "Error")}
        for clave in list(respuestas):
            texto = str(clave)
            if not _es_error(texto):
                continue
            respuesta = respuestas[clave]
            contenido = respuesta.setdefault("content", {})
            contenido.setdefault("application/json", {"schema": {"$ref": REF_ERROR}})
            if not self._forma_de_error(contenido["application/json"].get("schema", {})):
                continue  # e.g. /salud's 503: its report, not a refusal
            comunes, descripcion = COMUNES.get(int(texto), ((), ""))
            codigos = sorted({*comunes, *declarados.get(texto, [])})
            respuesta[EXTENSION_CODIGOS] = codigos
            respuesta["description"] = (
                f"{descripcion or respuesta.get('description', '')} "
                f"Códigos («error»): {', '.join(codigos) or 'los de la operación'}."
            ).strip()
        detalle["responses"] = dict(sorted(respuestas.items(), key=lambda par: str(par[0])))
        return detalle

    def _forma_de_error(self, esquema: dict[str, Any]) -> bool:
        """Whether a response schema is the contract's error shape (it has `error`)."""
        nombre = str(esquema.get("$ref", "")).rsplit("/", 1)[-1]
        if nombre == "RespuestaError":
            return True
        definicion = self.schemas.get(nombre, esquema)
        return "error" in definicion.get("properties", {})

    def get_components(self) -> dict[str, Any]:
        componentes: dict[str, Any] = super().get_components()
        from buzon.comun.errores import RespuestaError

        esquemas = componentes.setdefault("schemas", {})
        esquemas.setdefault(
            "RespuestaError", RespuestaError.model_json_schema(ref_template=REF_ERROR)
        )
        return componentes


class ApiBuzon(NinjaAPI):
    """The NinjaAPI whose document is `EsquemaBuzon`."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return EsquemaBuzon(self, path_prefix)
