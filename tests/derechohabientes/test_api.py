"""The worker's API: who I am (linkage by the e.firma's CURP, each failure explained), the
constancias de semanas and de vigencia (sealed, verifiable, PDF), and isolation: another worker's
folio, a folio of the other kind and an employer's session are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from buzon.derechohabientes.models import Constancia
from buzon.derechohabientes.selectors import NO_ENCONTRADA
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.selectors import acuse_autentico
from buzon.legal.zonas import ZONA_CENTRO
from tests.actuaciones.fixtures import Cliente
from tests.cuentas.fixtures import Patron
from tests.derechohabientes.ayudas import (
    OTRO,
    REGISTRO_A,
    REGISTRO_B,
    TRABAJADOR,
    asegurado,
    movimientos,
    trabajador,
)
from tests.evidencia.test_pdf import correr, herramienta, nss_con_ac, pdfsig, texto_de

__all__ = ["nss_con_ac"]

pytestmark = pytest.mark.django_db


def hoy() -> date:
    return timezone.now().astimezone(ZONA_CENTRO).date()


def dia(desplazamiento: int) -> str:
    return (hoy() + timedelta(days=desplazamiento)).isoformat()


@pytest.fixture
def yo(hacer_patron: Callable[..., Patron], sello: CertificadoSello) -> Cliente:
    return Cliente(Client(), trabajador(hacer_patron))


@pytest.fixture
def otro(hacer_patron: Callable[..., Patron], sello: CertificadoSello) -> Cliente:
    return Cliente(Client(), trabajador(hacer_patron, OTRO))


@pytest.fixture
def empleador(patron_b: Patron, sello: CertificadoSello) -> Cliente:
    return Cliente(Client(), patron_b)  # persona moral H&E951128469


def _historia() -> None:
    """Two simultaneous employers: A from 2020-01-01 to 2020-12-31 with 2 ausentismo and 5
    incapacidad days; B from 2020-07-01, still vigente. Descontadas 10, reintegradas 4."""
    from buzon.derechohabientes.models import AjusteSemanas

    a = asegurado(1, TRABAJADOR[1])
    movimientos(
        a,
        REGISTRO_A,
        [
            ("08", "2020-01-01", "400.00"),
            ("07", "2020-06-01", "450.50"),
            ("11", "2020-03-02", "2"),
            ("12", "2020-04-01", "5"),
            ("02", "2020-12-31"),
        ],
    )
    movimientos(a, REGISTRO_B, [("08", "2020-07-01", "600.00")])
    ahora = timezone.now()
    for tipo, fecha, semanas in (
        ("descontadas", "2021-01-10", 10),
        ("reintegradas", "2022-01-10", 4),
    ):
        AjusteSemanas.objects.create(
            asegurado=a,
            tipo=tipo,
            fecha=date.fromisoformat(fecha),
            semanas=semanas,
            referencia=f"R-{tipo}",
            archivo_sha256="0" * 64,
            linea=1,
            importado_en=ahora,
        )


def test_quien_soy_vinculado(yo: Cliente) -> None:
    a = asegurado(1, TRABAJADOR[1])
    r = yo.get("/derechohabiente")
    assert r.status_code == 200, r.content
    assert r.json() == {
        "rfc": TRABAJADOR[0],
        "nombre": a.nombre,
        "curp": "BOXW************09",
        "nss": "*******" + a.nss[-4:],
        "vinculacion": "vinculado",
        "mensaje": None,
    }


def test_quien_soy_sin_nss_con_varios_y_persona_moral(yo: Cliente, empleador: Cliente) -> None:
    r = yo.get("/derechohabiente").json()
    assert r["vinculacion"] == "sin_asegurado" and r["nss"] is None
    assert "5.9" in r["mensaje"] and "Aclaración" in r["mensaje"]
    asegurado(1, TRABAJADOR[1])
    asegurado(2, TRABAJADOR[1])
    r = yo.get("/derechohabiente").json()
    assert r["vinculacion"] == "curp_con_varios_nss"
    assert "más de un número de seguridad social" in r["mensaje"]
    r = empleador.get("/derechohabiente").json()
    assert r["vinculacion"] == "sin_curp" and r["curp"] is None
    assert "persona moral" in r["mensaje"]


def test_constancia_de_semanas(yo: Cliente, tmp_path: Path) -> None:
    _historia()
    r = yo.post("/derechohabiente/semanas", {})
    assert r.status_code == 201, r.content
    c = r.json()
    # A: 366 days (2020 is leap) − 2 ausentismo; B: from 2020-07-01 through today.
    dias_b = (hoy() - date(2020, 7, 1)).days + 1
    union = (hoy() - date(2020, 1, 1)).days + 1 - 2
    assert [e["dias_reconocidos"] for e in c["empleos"]] == [364, dias_b]
    assert c["empleos"][0] | {"dias_reconocidos": 0} == {
        "registro_patronal": REGISTRO_A,
        "patron": "Aceros del Norte, S.A. de C.V.",
        "alta": "2020-01-01",
        "baja": "2020-12-31",
        "ultimo_sbc": "450.50",
        "dias_vigentes": 366,
        "dias_ausentismo": 2,
        "dias_incapacidad": 5,
        "dias_reconocidos": 0,
    }
    assert c["empleos"][1]["baja"] is None and c["empleos"][1]["registro_patronal"] == REGISTRO_B
    assert c["dias_reconocidos"] == union
    assert (c["semanas_cotizadas"], c["dias_restantes"]) == divmod(union, 7)
    assert c["dias_traslapados"] == 364 + dias_b - union
    assert (c["semanas_descontadas"], c["semanas_reintegradas"]) == (10, 4)
    assert c["semanas_netas"] == union // 7 - 6
    assert c["fecha_corte"] == hoy().isoformat()
    constancia = Constancia.objects.get(folio=c["folio"])
    acuse = Acuse.objects.get(folio=c["folio"])
    assert acuse.tipo == "semanas_cotizadas" and acuse.rfc == TRABAJADOR[0]
    assert acuse_autentico(acuse) and constancia.acuse_id == acuse.id
    assert acuse.datos["semanas_cotizadas"] == union // 7
    assert acuse.datos["nss"] == constancia.asegurado.nss
    assert c["verificacion"].endswith(f"/verificar/{c['folio']}?c={acuse.codigo_verificacion}")
    pdf = yo.get(f"/derechohabiente/semanas/{c['folio']}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    texto = texto_de(pdf.content, tmp_path)
    assert c["folio"] in texto and "Constancia de semanas cotizadas" in texto
    assert "Aceros del Norte" in texto and "450.50" in texto


def test_pdf_firmado_y_qr(yo: Cliente, nss_con_ac: Path, tmp_path: Path) -> None:
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_A, [("08", "2024-01-01", "500.00")])
    c = yo.post("/derechohabiente/vigencia", {}).json()
    pdf = yo.get(f"/derechohabiente/vigencia/{c['folio']}/pdf").content
    assert "Signature is Valid." in pdfsig(pdf, tmp_path, nss_con_ac)
    (tmp_path / "c.pdf").write_bytes(pdf)
    correr(herramienta("pdftoppm", "poppler-utils"), "-r", "200", "-png", "-f", "1", "-l", "1",
           "-singlefile", tmp_path / "c.pdf", tmp_path / "pagina")  # fmt: skip
    qr = correr(herramienta("zbarimg", "zbar-tools"), "--quiet", "--raw", tmp_path / "pagina.png")
    assert qr.stdout.splitlines() == [c["verificacion"]]


def _vigencia(cliente: Cliente) -> dict[str, Any]:
    r = cliente.post("/derechohabiente/vigencia", {})
    assert r.status_code == 201, r.content
    return dict(r.json())


@pytest.mark.parametrize(("dias", "estado"), [(55, "sin_vigencia"), (56, "conservada")])
def test_vigencia_tras_una_baja(yo: Cliente, dias: int, estado: str, tmp_path: Path) -> None:
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_A, [("08", dia(-10 - dias + 1), "500.00"), ("02", dia(-10))])
    v = _vigencia(yo)
    assert (v["estado"], v["dias_continuos"], v["ultima_baja"]) == (estado, dias, dia(-10))
    assert v["hasta"] == (dia(46) if estado == "conservada" else None)
    assert v["con_derecho"] is (estado == "conservada")
    assert v["registro_patronal"] == REGISTRO_A and v["patron"] == "Aceros del Norte, S.A. de C.V."
    assert "LSS 109" in v["motivo"]
    assert Acuse.objects.get(folio=v["folio"]).tipo == "vigencia_derechos"
    texto = " ".join(
        texto_de(yo.get(f"/derechohabiente/vigencia/{v['folio']}/pdf").content, tmp_path).split()
    )
    assert ("CONSERVACIÓN DE DERECHOS" if estado == "conservada" else "SIN VIGENCIA") in texto
    assert "LSS 109" in texto and v["folio"] in texto


def test_vigente_con_relacion_abierta(yo: Cliente) -> None:
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_B, [("08", dia(-3), "500.00")])
    v = _vigencia(yo)
    assert (v["estado"], v["hasta"], v["con_derecho"]) == ("vigente", None, True)


def test_movimientos_incongruentes_409(yo: Cliente) -> None:
    a = asegurado(1, TRABAJADOR[1])
    movimientos(a, REGISTRO_A, [("02", "2024-01-01")])
    for ruta in ("/derechohabiente/semanas", "/derechohabiente/vigencia"):
        r = yo.post(ruta, {})
        assert r.status_code == 409, r.content
        assert r.json()["error"] == "movimientos_por_aclarar"
        assert REGISTRO_A in r.json()["mensaje"] and "5.9" in r.json()["mensaje"]
    assert not Constancia.objects.exists() and not Acuse.objects.exists()


# ------------------------------------------------------------------ isolation


def test_otro_trabajador_no_ve_mi_constancia(yo: Cliente, otro: Cliente) -> None:
    asegurado(1, TRABAJADOR[1])
    asegurado(2, OTRO[1], "Luisa Pérez García")
    mia = yo.post("/derechohabiente/semanas", {}).json()["folio"]
    mia_v = yo.post("/derechohabiente/vigencia", {}).json()["folio"]
    suya = otro.post("/derechohabiente/semanas", {}).json()
    assert suya["nombre"] == "Luisa Pérez García"
    inexistente = "X" * len(mia)
    for ruta in (
        f"/derechohabiente/semanas/{mia}/pdf",
        f"/derechohabiente/vigencia/{mia_v}/pdf",
        f"/derechohabiente/semanas/{inexistente}/pdf",
    ):
        r = otro.get(ruta)
        assert r.status_code == 404, r.content
        assert r.json() == {"error": "no_encontrado", "mensaje": NO_ENCONTRADA, "campo": "folio"}
    # a folio of the other kind is not found under this one, even one's own
    assert yo.get(f"/derechohabiente/semanas/{mia_v}/pdf").status_code == 404
    assert yo.get(f"/derechohabiente/vigencia/{mia_v}/pdf").status_code == 200


def test_empleador_recibe_un_error_claro(yo: Cliente, empleador: Cliente) -> None:
    asegurado(1, TRABAJADOR[1])
    mia = yo.post("/derechohabiente/semanas", {}).json()["folio"]
    for r in (
        empleador.post("/derechohabiente/semanas", {}),
        empleador.post("/derechohabiente/vigencia", {}),
        empleador.get(f"/derechohabiente/semanas/{mia}/pdf"),
    ):
        assert r.status_code == 404, r.content
        assert r.json()["error"] == "sin_curp"
        assert "persona moral" in r.json()["mensaje"]


def test_sin_sesion_401() -> None:
    c = Client()
    assert c.get("/api/v1/derechohabiente").status_code == 401
    assert c.post("/api/v1/derechohabiente/semanas").status_code == 401


def test_las_respuestas_siguen_el_documento_openapi(yo: Cliente) -> None:
    """The 201 answers (which the fuzzer, with an unlinked particular, never reaches) carry
    exactly the documented properties, every required one."""
    _historia()
    documento = Client().get("/api/v1/openapi.json").json()
    esquemas = documento["components"]["schemas"]
    for ruta, nombre in (
        ("/derechohabiente/semanas", "ConstanciaSemanas"),
        ("/derechohabiente/vigencia", "ConstanciaVigencia"),
    ):
        respuesta = yo.post(ruta, {}).json()
        esquema = esquemas[nombre]
        assert set(respuesta) == set(esquema["properties"]), nombre
        assert set(esquema.get("required", [])) <= set(respuesta)
    empleo = esquemas["EmpleoDerechohabiente"]
    semanas = yo.post("/derechohabiente/semanas", {}).json()
    assert all(set(e) == set(empleo["properties"]) for e in semanas["empleos"])
    quien = yo.get("/derechohabiente").json()
    assert set(quien) == set(esquemas["QuienSoyDerechohabiente"]["properties"])
