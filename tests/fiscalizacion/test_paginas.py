"""The programme's page: a supervisor approves with the e.firma signed in the browser over the
cadena the page shows (here signed as efirma.js would); a notificador sees no form."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from buzon.fiscalizacion.models import Acto
from buzon.fiscalizacion.servicios import do_programar
from tests.cuentas.fixtures import Patron
from tests.fiscalizacion import ayudas
from tests.fiscalizacion.test_recorrido import LUNES, _datos
from tests.notificaciones.fixtures import Funcionario
from tests.notificaciones.test_paginas import cliente_de

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def test_aprobar_en_la_pagina(
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
    patron_b: Patron,
    tmp_path: Path,
) -> None:
    supervisor = hacer_funcionario("PELJ750505AB1", "supervisor", "01")
    notificador = hacer_funcionario("GOMA800101AB6", "notificador", "01")
    _datos(tmp_path, patron_a, patron_b)
    with time_machine.travel(LUNES, tick=False):
        programa = do_programar(ayudas.PERIODO).programa
        ruta = f"/oficina/fiscalizacion/programas/{programa.pk}/"
        assert (
            'id="aprobar"'
            not in cliente_de(notificador.patron, "/oficina/entrar/").get(ruta).content.decode()
        )
        cliente = cliente_de(supervisor.patron, "/oficina/entrar/")
        pagina = cliente.get(ruta).content.decode()
        cadena = html.unescape(re.search(r'data-cadena="([^"]+)"', pagina).group(1))  # type: ignore[union-attr]
        actos = re.search(r'name="actos" value="([^"]*)"', pagina).group(1)  # type: ignore[union-attr]
        assert programa.huella in cadena and len(actos.split(",")) == 2
        mala = cliente.post(
            f"{ruta}aprobar", {"actos": actos, "firma": supervisor.patron.firmar(b"otra cosa")}
        )
        assert mala.status_code == 400 and 'id="error"' in mala.content.decode()
        assert set(Acto.objects.values_list("estado", flat=True)) == {"propuesto"}
        hecha = cliente.post(
            f"{ruta}aprobar", {"actos": actos, "firma": supervisor.patron.firmar(cadena.encode())}
        )
        assert hecha.status_code == 302 and "?aprobacion=" in hecha["Location"]
        assert set(Acto.objects.values_list("estado", flat=True)) == {"aprobado"}
        despues = cliente.get(hecha["Location"]).content.decode()
        assert 'id="aprobado"' in despues and 'id="aprobar"' not in despues
