"""Helpers for the authorisations' tests: logged-in API clients granting, signing, revoking."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.actuaciones.fixtures import Cliente
from tests.cuentas.fixtures import Patron

TITULAR = "XIQB891116QE4"
TERCERO = "H&E951128469"
OTRO = "XOJI740919U48"


def cliente(patron: Patron) -> Cliente:
    return Cliente(Client(), patron)


def otorgar(c: Cliente, tercero: str | None, alcance: str = "opinion", **extra: Any) -> Any:
    cuerpo: dict[str, Any] = {"alcance": alcance, **extra}
    if tercero is not None:
        cuerpo["tercero"] = tercero
    creada = c.post("/autorizaciones", cuerpo)
    assert creada.status_code == 201, creada.content
    firmada = c.post(
        f"/autorizaciones/{creada.json()['id']}/firma",
        {"firma": c.patron.firmar(creada.json()["cadena"].encode())},
    )
    assert firmada.status_code == 201, firmada.content
    return {"id": creada.json()["id"], **firmada.json()}


def revocar(c: Cliente, autorizacion_id: int) -> Any:
    pedida = c.post(f"/autorizaciones/{autorizacion_id}/revocacion", {})
    assert pedida.status_code == 200, pedida.content
    hecha = c.post(
        f"/autorizaciones/{autorizacion_id}/revocacion",
        {"firma": c.patron.firmar(pedida.json()["cadena"].encode())},
    )
    assert hecha.status_code == 201, hecha.content
    return hecha.json()
