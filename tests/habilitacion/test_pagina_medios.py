"""The medios page while a medio is being replaced (5.6, I-33): the old confirmed one is not offered
again in the form, but listed apart as in force until the new one is confirmed."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import CertificadoSello
from buzon.habilitacion import servicios
from buzon.habilitacion.models import Medio
from tests.cuentas.fixtures import Patron, entrar
from tests.habilitacion.fixtures import codigos  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

VIEJO, NUEVO = "uno@empresa.mx", "nuevo@empresa.mx"
CELULAR, CEL_NUEVO = "5512345678", "5587654321"


def _correos_del_formulario(pagina: str) -> list[str]:
    return [v for v in re.findall(r'name="correo" value="([^"]*)"', pagina) if v]


def _apartado(pagina: str) -> str:
    """The section listing the medios being replaced."""
    inicio = pagina.index('id="en-reemplazo"')
    return pagina[inicio : pagina.index("</section>", inicio)]


def test_el_medio_en_reemplazo_no_se_ofrece_de_nuevo(
    patron_a: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],  # noqa: F811
) -> None:
    rfc = patron_a.rfc
    servicios.do_registrar_medios(rfc, correos=[VIEJO], celular=CELULAR)
    for valor in (VIEJO, CELULAR):
        servicios.do_confirmar_medio(rfc, valor, codigos[valor])
    navegador = Client()
    navegador.cookies[COOKIE] = entrar(Client(), patron_a)
    antes = html.unescape(navegador.get("/buzon/medios/").content.decode())
    assert _correos_del_formulario(antes) == [VIEJO]
    assert f'name="celular" value="{CELULAR}"' in antes
    assert 'id="en-reemplazo"' not in antes

    # both replaced by medios still to confirm: the old ones stay in force meanwhile
    servicios.do_registrar_medios(rfc, correos=[NUEVO], celular=CEL_NUEVO)
    for valor in (VIEJO, CELULAR):
        medio = Medio.objects.get(valor=valor)
        assert medio.estado == Medio.Estado.CONFIRMADO, valor
        assert medio.reemplazo_solicitado_en is not None, valor
    respuesta = navegador.get("/buzon/medios/")
    assert respuesta.status_code == 200
    pagina = html.unescape(respuesta.content.decode())
    assert _correos_del_formulario(pagina) == [NUEVO]
    assert f'name="celular" value="{CEL_NUEVO}"' in pagina
    apartado = _apartado(pagina)
    for tipo, viejo, nuevo in (
        ("Correo electrónico", VIEJO, NUEVO),
        ("Teléfono celular", CELULAR, CEL_NUEVO),
    ):
        assert (
            f"{tipo} {viejo}: <strong>vigente hasta que confirme el nuevo</strong> "
            f"({nuevo}, por confirmar)."
        ) in apartado

    servicios.do_confirmar_medio(rfc, NUEVO, codigos[NUEVO])  # the old email is retired
    despues = html.unescape(navegador.get("/buzon/medios/").content.decode())
    apartado = _apartado(despues)
    assert VIEJO not in despues and CELULAR in apartado
    assert _correos_del_formulario(despues) == [NUEVO]
    servicios.do_confirmar_medio(rfc, CEL_NUEVO, codigos[CEL_NUEVO])
    final = html.unescape(navegador.get("/buzon/medios/").content.decode())
    assert 'id="en-reemplazo"' not in final and CELULAR not in final
