"""Schemathesis over every operation of /api/v1/openapi.json, against a live test server.

Positive and negative requests for each operation (new ones included: the list comes from the
document), with a particular's and an official's real sessions (the reto signed with their
e.firma), every response-level check on. Zero failures and zero server errors, or the test fails
listing each (operation, check, status, request). Bounded: SCHEMATHESIS_EJEMPLOS per operation
and mode (20 by default), no deadline, no shrinking; the summary line goes to the log.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as st

from tests.cuentas.fixtures import Patron

EJEMPLOS = int(os.environ.get("SCHEMATHESIS_EJEMPLOS", "20"))
RFC_PARTICULAR = "XIQB891116QE4"
RFC_OFICIAL = "XOJI740919U48"

CHECKS = [
    not_a_server_error,
    st.status_code_conformance,
    st.content_type_conformance,
    st.response_headers_conformance,
    st.response_schema_conformance,
    st.negative_data_rejection,
    st.positive_data_acceptance,
    st.ignored_auth,
]


@dataclass
class Hallazgo:
    operacion: str
    modo: str
    estado: int
    checks: str
    titulo: str
    curl: str
    respuesta: str


@dataclass
class Corrida:
    operaciones: int = 0
    ejemplos: int = 0
    errores_servidor: int = 0
    hallazgos: dict[tuple[str, str, int, str], Hallazgo] = field(default_factory=dict)
    segundos: dict[str, float] = field(default_factory=dict)


def entrar(url: str, patron: Patron, perfil: str) -> str:
    """A session the real way: ask a reto, sign it with the e.firma, open the session."""
    reto = requests.post(f"{url}/api/v1/sesiones/reto", timeout=30).json()["reto"]
    respuesta = requests.post(
        f"{url}/api/v1/sesiones",
        json={
            "certificado": base64.b64encode(patron.cer).decode(),
            "reto": reto,
            "firma": patron.firmar(reto.encode()),
            "perfil": perfil,
        },
        timeout=30,
    )
    assert respuesta.status_code == 201, respuesta.text
    return str(respuesta.json()["token"])


def caso_modo(caso: Any) -> str:
    return str(caso.meta.generation.mode.value) if caso.meta else "?"


def excluidos(operacion: Any, caso: Any, respuesta: Any) -> list[Any]:
    """A schema-valid request refused by a business rule the operation declares (a signature
    that does not verify, an unknown trámite: `x-reglas-de-negocio`) is no contract failure."""
    negocio = set(operacion.definition.raw.get("x-reglas-de-negocio") or [])
    if caso_modo(caso) != "positive" or respuesta.status_code != 400 or not negocio:
        return []
    try:
        codigo = respuesta.json().get("error")
    except ValueError:
        return []
    return [st.positive_data_acceptance] if codigo in negocio else []


def esquemas_de(operacion: Any) -> set[str]:
    seguridad = operacion.definition.raw.get("security") or []
    return {nombre for requisito in seguridad for nombre in requisito}


@pytest.fixture
def sesiones(live_server: Any, sello: object, hacer_patron: Callable[..., Patron]) -> Iterator[Any]:
    from buzon.oficina.servicios import do_alta_oficial
    from tests.actuaciones.fixtures import en_padron
    from tests.notificaciones.fixtures import habilitar

    particular = hacer_patron(RFC_PARTICULAR)
    oficial = hacer_patron(RFC_OFICIAL, nombre=f"OFICIAL {RFC_OFICIAL}")
    en_padron(RFC_PARTICULAR)
    habilitar(RFC_PARTICULAR)
    do_alta_oficial(
        rfc=RFC_OFICIAL, nombre="Oficial de pruebas", rol="administrador", subdelegacion="Centro"
    )
    # Logins are limited per IP; the fuzzer logs in far more often than a person would.
    with override_settings(BUZON_LIMITE_SESIONES=0):
        url = live_server.url

        def particular_nueva() -> str:
            return entrar(url, particular, "particular")

        yield url, particular_nueva, entrar(url, oficial, "servidor_publico")


@dataclass
class Fuzzer:
    """Sends one operation's generated requests with the right session and checks each answer."""

    url: str
    particular_nueva: Callable[[], str]
    token_oficial: str
    corrida: Corrida = field(default_factory=Corrida)
    sesion_http: requests.Session = field(default_factory=requests.Session)
    token_particular: str = ""

    def encabezados(self, operacion: Any) -> dict[str, str]:
        nombres = esquemas_de(operacion)
        if "BearerParticular" in nombres:
            # DELETE /sesiones closes the session it is sent with: a fresh one each time.
            cierra = operacion.method.upper() == "DELETE" and operacion.path.endswith("/sesiones")
            if cierra or not self.token_particular:
                token = self.particular_nueva()
                self.token_particular = self.token_particular if cierra else token
            else:
                token = self.token_particular
            return {"Authorization": f"Bearer {token}"}
        if "BearerOficial" in nombres:
            return {"Authorization": f"Bearer {self.token_oficial}"}
        return {}

    def probar(self, operacion: Any, caso: Any) -> None:
        encabezados = self.encabezados(operacion)
        respuesta = caso.call(base_url=self.url, session=self.sesion_http, headers=encabezados)
        self.corrida.ejemplos += 1
        if respuesta.status_code >= 500:
            self.corrida.errores_servidor += 1
        try:
            caso.validate_response(
                respuesta,
                checks=CHECKS,
                excluded_checks=excluidos(operacion, caso, respuesta),
                headers=encabezados,
                transport_kwargs={"base_url": self.url, "session": self.sesion_http},
            )
        except FailureGroup as exc:
            for falla in exc.exceptions:
                mensaje = " ".join(str(getattr(falla, "message", "")).split())[:300]
                nombre = ",".join(getattr(falla, "checks", ()) or (type(falla).__name__,))
                clave = (operacion.label, caso_modo(caso), respuesta.status_code, nombre)
                self.corrida.hallazgos.setdefault(
                    clave,
                    Hallazgo(
                        operacion.label,
                        caso_modo(caso),
                        respuesta.status_code,
                        nombre,
                        f"{falla.title}: {mensaje}",
                        caso.as_curl_command(headers=encabezados, base_url=self.url),
                        respuesta.text[:300],
                    ),
                )

    def operacion(self, operacion: Any) -> None:
        inicio = time.monotonic()
        for modo in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(caso=operacion.as_strategy(generation_mode=modo))
            @settings(
                max_examples=EJEMPLOS,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def probar(caso: Any) -> None:
                self.probar(operacion, caso)

            try:
                probar()
            except Unsatisfiable:  # nothing to negate (an operation without inputs)
                assert modo is GenerationMode.NEGATIVE, operacion.label
        self.corrida.operaciones += 1
        self.corrida.segundos[operacion.label] = time.monotonic() - inicio


def correr(url: str, particular_nueva: Callable[[], str], token_oficial: str) -> Corrida:
    esquema = schemathesis.openapi.from_url(f"{url}/api/v1/openapi.json")
    # The sessions are real (the test's own): the fuzzer does not invent or drop credentials.
    esquema.config.generation.update(with_security_parameters=False)
    # NUL (U+0000) is refused in every text (buzon.config.lector), as the document says once,
    # in its description: no field's schema repeats it.
    esquema.config.generation.update(allow_x00=False)
    fuzzer = Fuzzer(url, particular_nueva, token_oficial)
    for resultado in esquema.get_all_operations():
        fuzzer.operacion(resultado.ok())  # type: ignore[union-attr]
    return fuzzer.corrida


@pytest.mark.django_db(transaction=True)
def test_schemathesis_sin_fallas(sesiones: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url, particular_nueva, token_oficial = sesiones
    inicio = time.monotonic()
    corrida = correr(url, particular_nueva, token_oficial)
    segundos = time.monotonic() - inicio
    with capsys.disabled():
        print(
            f"\nschemathesis: {corrida.operaciones} operaciones, {corrida.ejemplos} ejemplos, "
            f"{len(corrida.hallazgos)} fallas, {corrida.errores_servidor} errores del servidor, "
            f"{segundos:.0f} s"
        )
        lentas = sorted(corrida.segundos.items(), key=lambda par: -par[1])[:5]
        print("  más lentas: " + ", ".join(f"{o} {s:.0f} s" for o, s in lentas))
        for h in corrida.hallazgos.values():
            print(
                f"  {h.operacion} [{h.modo}] {h.estado} {h.checks}: {h.titulo}\n"
                f"    {h.curl[:600]}\n    -> {h.respuesta}"
            )
    assert corrida.operaciones > 0
    assert not corrida.hallazgos
    assert corrida.errores_servidor == 0
