"""The framework's own ceiling, measured on the same server in the same run (issue 18).

`GET /api/v1/vivo` is a bare django-ninja operation: our middleware, ninja's routing and a
JSON answer, with no database, no crypto and no template. The same clients in the same closed loop
against the same gunicorn workers give the number of requests per second the stack itself can
answer on this machine now; a login takes two requests (reto, sesión) and a filing several, so the
ceiling *per operation* is that rate divided by the requests each operation makes. The issue's
rule: meet the absolute target, or, when the ceiling measured in the same run makes it
impossible, reach ≥ 60 % of that ceiling — the line says which applies.
"""

from __future__ import annotations

import http.client
from dataclasses import dataclass

from bench._arnes.carga import Carga, Resultado, ciclo_cerrado

RUTA = "/api/v1/vivo"
FRACCION = 0.60


class _Vivo:
    """One client process asking the liveness operation over one keep-alive connection."""

    def __init__(self, puerto: int) -> None:
        self.puerto = puerto
        self.conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)

    def calentar(self) -> None:
        for _ in range(3):
            self.operar()

    def operar(self) -> None:
        self.conexion.request("GET", RUTA)
        respuesta = self.conexion.getresponse()
        cuerpo = respuesta.read()
        if respuesta.status != 200:
            raise RuntimeError(f"{RUTA}: {respuesta.status} {cuerpo[:200]!r}")

    def reponer(self) -> None:
        self.conexion.close()
        self.conexion = http.client.HTTPConnection("127.0.0.1", self.puerto, timeout=30)

    def cerrar(self) -> None:
        self.conexion.close()


def medir_techo(puerto: int, carga: Carga, maestro: int, url: str) -> Resultado:
    """The closed loop of `carga` against `GET /api/v1/vivo` on the running server."""

    def fabrica(_indice: int) -> _Vivo:
        return _Vivo(puerto)

    return ciclo_cerrado(fabrica, carga, maestro, url)


@dataclass(frozen=True)
class Comparacion:
    tasa: float  # operations per second measured
    techo_peticiones: float  # bare requests per second, same server, same run
    peticiones_por_operacion: int
    objetivo: float

    @property
    def techo(self) -> float:
        """Operations per second the framework alone would allow."""
        return self.techo_peticiones / self.peticiones_por_operacion

    @property
    def proporcion(self) -> float:
        return self.tasa / self.techo if self.techo > 0 else 0.0

    @property
    def objetivo_posible(self) -> bool:
        return self.techo >= self.objetivo

    def linea(self, singular: str) -> str:
        base = (
            f"    techo del marco (GET {RUTA}, mismo servidor, misma corrida): "
            f"{self.techo_peticiones:,.0f} peticiones/s ÷ {self.peticiones_por_operacion} "
            f"por {singular} = {self.techo:,.0f} {singular}s/s; medido {self.tasa:,.0f}/s = "
            f"{self.proporcion:.0%} del techo"
        )
        if self.objetivo_posible:
            estado = "cumple" if self.tasa >= self.objetivo else "NO CUMPLE"
            return f"{base}; el techo permite el objetivo {self.objetivo:,.0f}/s: {estado}"
        estado = "cumple" if self.proporcion >= FRACCION else "NO CUMPLE"
        return (
            f"{base}; el techo ({self.techo:,.0f}/s) hace imposible {self.objetivo:,.0f}/s: "
            f"rige ≥ {FRACCION:.0%} del techo: {estado}"
        )
