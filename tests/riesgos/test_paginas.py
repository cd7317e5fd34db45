"""The pages «Riesgos de trabajo terminados» (10.3) and «Determinación de la prima» (10.4): every
number, F 2.2, a bad year next to its field, who need not file, an RFC without registros."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.cuotas.models import PrimaRT
from buzon.evidencia.models import CertificadoSello
from tests.cuentas.fixtures import Patron, entrar
from tests.riesgos.ayudas import REGISTRO, escenario, nss

pytestmark = pytest.mark.django_db


def navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


def test_terminados_y_determinacion_con_cada_numero(
    patron_a: Patron, sello: CertificadoSello, tmp_path: Path
) -> None:
    escenario(patron_a.rfc, tmp_path)
    c = navegador(patron_a)
    pagina = c.get("/riesgos/?anio=2025").content.decode()  # the first registro by default
    assert nss(1) in pagina and nss(3) not in pagina and nss(4) not in pagina
    assert 'id="S">50<' in pagina and 'id="D">0<' in pagina and "10.00 %" in pagina
    pagina = c.get(f"/riesgos/determinacion/?registro={REGISTRO}&anio=2025").content.decode()
    for texto in (
        'id="S">50<',
        'id="I">0.1<',
        'id="dias">3650<',
        'id="N">10.00000<',
        'id="F">2.3<',
        'id="V">28<',
        'id="M">0.005<',
        'id="prima-calculada">68.05068<',
        "[(50/365) + 28 × (0.1 + 0)] × (2.3/10.00000) + 0.005",
        "aumento máximo de un punto",
        "<strong>3.59840 %</strong>",
    ):
        assert texto in pagina, texto
    f22 = c.get(f"/riesgos/determinacion/?registro={REGISTRO}&anio=2025&sistema_seguridad=1")
    assert 'id="prima-calculada">65.11370<' in f22.content.decode()
    assert "acreditado por la STPS)" in f22.content.decode()


def test_anio_malo_se_explica(patron_a: Patron, sello: CertificadoSello, tmp_path: Path) -> None:
    escenario(patron_a.rfc, tmp_path)
    r = navegador(patron_a).get(f"/riesgos/determinacion/?registro={REGISTRO}&anio=20x5")
    assert r.status_code == 400 and "no es un año" in r.content.decode()
    assert 'aria-invalid="true"' in r.content.decode()


def test_sin_cambio_no_esta_obligado(
    patron_a: Patron, sello: CertificadoSello, tmp_path: Path
) -> None:
    escenario(patron_a.rfc, tmp_path, prima="15.00000")
    pagina = navegador(patron_a).get(f"/riesgos/determinacion/?registro={REGISTRO}&anio=2025")
    texto = pagina.content.decode()
    assert "máxima de 15.00000" in texto and 'id="sin-obligacion"' in texto
    assert "su prima no cambia" in texto
    assert PrimaRT.objects.get(vigente_desde=date(2025, 3, 1)).prima == Decimal("15.00000")


def test_sin_registros(patron_b: Patron) -> None:
    c = navegador(patron_b)
    assert 'id="sin-registros"' in c.get("/riesgos/").content.decode()
    assert 'id="sin-registros"' in c.get("/riesgos/determinacion/").content.decode()


def test_sin_sesion_va_a_entrar(client: Client) -> None:
    r = client.get("/riesgos/")
    assert r.status_code == 302 and "/entrar/" in r["Location"]
