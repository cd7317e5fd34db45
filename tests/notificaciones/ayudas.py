"""Small helpers shared by the notification tests (the fixtures are in fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from buzon.avisos.entrega import entregar_todo
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.entrega.barrido import TIPO_ACUSE
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron, entrar
from tests.notificaciones.fixtures import Funcionario, entrar_oficial

#: The acuse types that certify a notification made (one per notification, never more).
TIPOS_NOTIFICACION = frozenset(TIPO_ACUSE.values())


def zc(anio: int, mes: int, dia: int, hora: int = 0, minuto: int = 0, segundo: int = 0) -> datetime:
    """An instant written as the law reads it: Zona Centro wall-clock time."""
    return datetime(anio, mes, dia, hora, minuto, segundo, tzinfo=ZONA_CENTRO)


def avisar(ahora: datetime | None = None) -> int:
    """The aviso's real path: dispatch what is due, the providers accept (console backends: at
    once), the constancia is sealed. Returns how many notifications were dispatched."""
    despachadas = despachar_avisos(ahora)
    entregar_todo(ahora=ahora)
    sellar_constancias(ahora)
    return despachadas


def texto(instante: datetime) -> str:
    """How the API writes an instant (Zona Centro, ISO 8601 with offset)."""
    return instante.astimezone(ZONA_CENTRO).isoformat()


def acuses_de(n: Notificacion, tipos: frozenset[str] | None = None) -> list[Acuse]:
    """The acuses that name this notification (by folio in their data), optionally by type."""
    consulta = Acuse.objects.filter(datos__notificacion=n.folio)
    if tipos is not None:
        consulta = consulta.filter(tipo__in=tipos)
    return list(consulta.order_by("id"))


class Sesion:
    """A bearer session reused while it is fresh (sessions end after 15 idle minutes, and tests
    travel in time): a new login when the clock moved on or went back."""

    def __init__(self, entrar: Callable[[Client], str]) -> None:
        self._entrar = entrar
        self.cliente = Client()
        self._token: str | None = None
        self._usada: datetime | None = None

    def olvidar(self) -> None:
        self._token = self._usada = None

    def encabezados(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        ahora = timezone.now()
        if (
            self._token is None
            or self._usada is None
            or not (timedelta(0) <= ahora - self._usada < timedelta(minutes=10))
        ):
            self._token = self._entrar(self.cliente)
        self._usada = ahora
        return {"Authorization": f"Bearer {self._token}", **(extra or {})}

    def get(self, ruta: str, encabezados: dict[str, str] | None = None) -> Any:
        return self.cliente.get(ruta, headers=self.encabezados(encabezados))

    def post(
        self,
        ruta: str,
        datos: dict[str, Any] | None = None,
        encabezados: dict[str, str] | None = None,
    ) -> Any:
        return self.cliente.post(
            ruta,
            datos or {},
            content_type="application/json",
            headers=self.encabezados(encabezados),
        )


class Particular(Sesion):
    """The employer using the API."""

    def __init__(self, patron: Patron) -> None:
        super().__init__(lambda cliente: entrar(cliente, patron))
        self.patron = patron

    def lista(self) -> list[dict[str, Any]]:
        respuesta = self.get("/api/v1/notificaciones")
        assert respuesta.status_code == 200, respuesta.content
        return list(respuesta.json()["notificaciones"])

    def abrir(self, n_id: int) -> Any:
        return self.post(f"/api/v1/notificaciones/{n_id}/apertura")

    def documento(self, n_id: int) -> Any:
        return self.get(f"/api/v1/notificaciones/{n_id}/documento")


class Oficina(Sesion):
    """An official using the /oficina API with their e.firma."""

    def __init__(self, funcionario: Funcionario) -> None:
        super().__init__(lambda cliente: entrar_oficial(cliente, funcionario.patron))
        self.funcionario = funcionario

    def emitir(
        self, rfc: str, clave: str, pdf: bytes | None = None, *, entregar: bool = True, **extra: Any
    ) -> Any:
        """Issue; then (`entregar`) the outbox is delivered now, as the delivery thread of
        `buzon servir` does after the commit (the console providers accept at once): the answer
        says `programada`, and from the acceptance the notification is `avisada` [I-35]."""
        respuesta = self.post(
            "/api/v1/oficina/notificaciones",
            self.funcionario.solicitud(rfc, pdf, **extra),
            {"Idempotency-Key": clave},
        )
        if entregar:
            entregar_todo()
        return respuesta

    def detalle(self, n_id: int) -> Any:
        return self.get(f"/api/v1/oficina/notificaciones/{n_id}")

    def cancelar(self, n_id: int, motivo: str = "Error en el documento") -> Any:
        return self.post(f"/api/v1/oficina/notificaciones/{n_id}/cancelacion", {"motivo": motivo})
