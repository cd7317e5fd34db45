"""The API: officials write, send, approve (the fan-out runs), withdraw and watch progress; the
particular lists, reads (GET never writes; POST …/lectura marks read) and downloads; nobody
reaches a comunicado targeted elsewhere."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from buzon.comunicados.models import Comunicado, Destinatario
from buzon.oficina.models import NACIONAL
from tests.comunicados.ayudas import RFC_A, padron_basico
from tests.cuentas.fixtures import Patron
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba, sesion_particular

pytestmark = pytest.mark.django_db
BASE = "/api/v1/oficina/comunicados"


@pytest.fixture
def equipo(hacer_funcionario: Callable[..., Funcionario]) -> dict[str, Funcionario]:
    padron_basico()
    habilitar(RFC_A)
    return {
        "autor": hacer_funcionario("CONA800101AB1", "comunicador", NACIONAL),
        "jefe": hacer_funcionario("SUNA750505AB3", "supervisor", NACIONAL),
        "centro": hacer_funcionario("COCE800101AB2", "comunicador", "Centro"),
    }


def _post(f: Funcionario, ruta: str, cuerpo: dict[str, Any] | None = None) -> Any:
    return f.cliente.post(ruta, cuerpo or {}, content_type="application/json", **f.encabezados())


def publicar(equipo: dict[str, Funcionario], **extra: Any) -> dict[str, Any]:
    pdf = pdf_de_prueba("Guía de facilidades")
    cuerpo = {
        "titulo": "Facilidades 2027",
        "cuerpo": "# Facilidades\n\nPara **empresas** de la *Ciudad*.\n\n<script>alert(1)</script>",
        "formato": "markdown",
        "segmento": "entidades",
        "valores": ["CMX"],
        "adjuntos": [{"nombre": "guia.pdf", "contenido": base64.b64encode(pdf).decode()}],
        **extra,
    }
    creado = _post(equipo["autor"], BASE, cuerpo)
    assert creado.status_code == 201, creado.content
    pk = creado.json()["id"]
    assert creado.json()["estado"] == "borrador"
    assert _post(equipo["autor"], f"{BASE}/{pk}/envio").json()["estado"] == "por_aprobar"
    aprobado = _post(equipo["jefe"], f"{BASE}/{pk}/aprobacion")
    assert aprobado.status_code == 200, aprobado.content
    return dict(aprobado.json())


def test_recorrido_completo(equipo: dict[str, Funcionario], patron_a: Patron) -> None:
    c = publicar(equipo)
    assert c["estado"] == "publicado" and c["difusion"] == "terminada"
    assert (c["objetivo"], c["entregados"], c["leidos"], c["avisos"]) == (2, 2, 0, 2)
    assert [e["tipo"] for e in c["eventos"]][-2:] == ["difusion_iniciada", "difusion_terminada"]
    cliente, auth = sesion_particular(patron_a)
    lista = cliente.get("/api/v1/comunicados", **auth).json()
    assert lista["total"] == 1 and lista["sin_leer"] == 1
    assert lista["comunicados"][0]["efectos_legales"] is False
    assert "no tiene efectos legales" in lista["comunicados"][0]["leyenda"]
    detalle = cliente.get(f"/api/v1/comunicados/{c['id']}", **auth).json()
    assert detalle["leido"] is False and detalle["adjuntos"][0]["nombre"] == "guia.pdf"
    assert cliente.get("/api/v1/comunicados", **auth).json()["sin_leer"] == 1  # GET never writes
    leido = cliente.post(f"/api/v1/comunicados/{c['id']}/lectura", **auth).json()
    assert leido["leido"] is True
    assert cliente.get("/api/v1/comunicados", **auth).json()["sin_leer"] == 0
    pdf = cliente.get(f"/api/v1/comunicados/{c['id']}/adjuntos/1", **auth)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    progreso = equipo["jefe"].cliente.get(f"{BASE}/{c['id']}", **equipo["jefe"].encabezados())
    assert progreso.json()["leidos"] == 1
    retirado = _post(equipo["jefe"], f"{BASE}/{c['id']}/retiro", {"motivo": "Se corrige"})
    assert retirado.json()["estado"] == "retirado"
    visto = cliente.get(f"/api/v1/comunicados/{c['id']}", **auth).json()
    assert visto["estado"] == "retirado" and visto["cuerpo"] is None and visto["adjuntos"] == []
    assert cliente.get(f"/api/v1/comunicados/{c['id']}/adjuntos/1", **auth).status_code == 404


def test_ningun_particular_ve_comunicados_dirigidos_a_otros(
    equipo: dict[str, Funcionario], patron_a: Patron, patron_b: Patron
) -> None:
    c = publicar(equipo)  # CMX: A (and C), never B (JAL)
    cliente, auth = sesion_particular(patron_b)
    assert cliente.get("/api/v1/comunicados", **auth).json() == {
        "total": 0, "sin_leer": 0, "comunicados": []
    }  # fmt: skip
    ajeno = cliente.get(f"/api/v1/comunicados/{c['id']}", **auth)
    inexistente = cliente.get("/api/v1/comunicados/999999", **auth)
    assert ajeno.status_code == inexistente.status_code == 404
    assert ajeno.json() == inexistente.json()
    assert cliente.post(f"/api/v1/comunicados/{c['id']}/lectura", **auth).status_code == 404
    assert cliente.get(f"/api/v1/comunicados/{c['id']}/adjuntos/1", **auth).status_code == 404
    assert not Destinatario.objects.filter(rfc=patron_b.rfc).exists()
    # Officials' operations refuse a particular's session.
    assert cliente.get(BASE, **auth).status_code == 401


def test_un_comunicador_de_subdelegacion_no_ve_los_nacionales(
    equipo: dict[str, Funcionario],
) -> None:
    c = publicar(equipo)
    centro = equipo["centro"]
    assert centro.cliente.get(f"{BASE}/{c['id']}", **centro.encabezados()).status_code == 404
    assert centro.cliente.get(BASE, **centro.encabezados()).json()["comunicados"] == []
    assert _post(centro, f"{BASE}/{c['id']}/retiro", {"motivo": "x"}).status_code == 404
    fuera = _post(
        centro, BASE, {"titulo": "T", "cuerpo": "C", "segmento": "subdelegaciones",
                       "valores": ["Guadalajara"]},
    )  # fmt: skip
    assert fuera.status_code == 403 and fuera.json()["error"] == "fuera_de_su_subdelegacion"


def test_lista_con_errores_por_api(equipo: dict[str, Funcionario]) -> None:
    r = _post(
        equipo["autor"],
        BASE,
        {"titulo": "T", "cuerpo": "C", "segmento": "lista", "lista": f"{RFC_A}\nXX\nY0000000000\n"},
    )
    assert r.status_code == 400 and r.json()["error"] == "lista_invalida"
    assert [e["linea"] for e in r.json()["errores"]] == [2, 3]
    assert not Comunicado.objects.exists()


def test_estados_por_api(equipo: dict[str, Funcionario]) -> None:
    creado = _post(equipo["autor"], BASE, {"titulo": "T", "cuerpo": "C", "segmento": "todos"})
    pk = creado.json()["id"]
    assert _post(equipo["jefe"], f"{BASE}/{pk}/aprobacion").status_code == 409
    assert _post(equipo["jefe"], f"{BASE}/{pk}/envio").status_code == 403
    _post(equipo["autor"], f"{BASE}/{pk}/envio")
    devuelto = _post(equipo["jefe"], f"{BASE}/{pk}/devolucion", {"motivo": "Falta fecha"})
    assert devuelto.json()["estado"] == "borrador"
    assert devuelto.json()["eventos"][-1]["detalle"] == {"motivo": "Falta fecha"}
    sin_zona = _post(
        equipo["autor"], BASE,
        {"titulo": "T", "cuerpo": "C", "segmento": "todos", "vigente_hasta": "2030-01-01T00:00:00"},
    )  # fmt: skip
    assert sin_zona.status_code == 400 and sin_zona.json()["error"] == "vigencia_invalida"
    assert Client().get(BASE).status_code == 401


@pytest.mark.django_db
def test_un_id_fuera_de_rango_es_no_encontrado() -> None:
    """Schemathesis found it: an id beyond 64 bits overflowed SQLite (500); it is a 404."""
    from django.utils import timezone

    from buzon.comun.errores import ErrorBuzon
    from buzon.comunicados.selectors import access_destinatario

    for fuera in (2**63, 585956665152816937422553088, 0, -1):
        with pytest.raises(ErrorBuzon) as error:
            access_destinatario("XIQB891116QE4", fuera, timezone.now())
        assert error.value.estado == 404
