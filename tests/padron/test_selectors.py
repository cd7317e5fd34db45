"""What the rest of the project reads from the register (and the defaults for the unknown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from buzon.legal.calendario import Ambito
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.padron.selectors import (
    ambito_de,
    ambitos_de,
    patron_de,
    registros_de,
    zona_de,
    zona_y_ambito,
    zonas_de,
)
from buzon.padron.servicios import do_importar_padron
from tests.padron.ayudas import RFC_AMP, RFC_ENE, RFC_FISICA, escribir, fila

pytestmark = pytest.mark.django_db

DESCONOCIDO = "XAXX010101000"


@pytest.fixture
def padron(tmp_path: Path) -> None:
    resultado = do_importar_padron(
        escribir(
            tmp_path,
            [
                # Ñ: two registros in different entidades and subdelegaciones.
                fila(registro="Y5412345108", entidad="CMX", subdelegacion="01"),
                fila(registro="Y5412345109", entidad="JAL", subdelegacion="02"),
                # &: two registros, same entidad, different subdelegación; Tijuana (alias).
                fila(
                    rfc=RFC_AMP,
                    nombre="A&B",
                    registro="B0000000001",
                    entidad="BCN",
                    subdelegacion="Tijuana",
                    zona="Mexico/BajaNorte",
                ),
                fila(
                    rfc=RFC_AMP,
                    nombre="A&B",
                    registro="B0000000002",
                    entidad="BCN",
                    subdelegacion="Mexicali",
                    zona="Mexico/BajaNorte",
                ),
                # Física: one registro.
                fila(
                    rfc=RFC_FISICA,
                    nombre="Carlos",
                    registro="C0000000001",
                    entidad="ROO",
                    subdelegacion="Cancún",
                    zona="America/Cancun",
                ),
            ],
        )
    )
    assert resultado.filas_con_error == 0


@pytest.mark.usefixtures("padron")
def test_patron_de() -> None:
    patron = patron_de(" añb800101ab1 ")
    assert patron is not None and (patron.rfc, patron.nombre) == (RFC_ENE, fila()[1])
    assert patron_de(DESCONOCIDO) is None
    assert patron_de("no es un rfc") is None


@pytest.mark.usefixtures("padron")
def test_zona_de() -> None:
    assert zona_de(RFC_AMP) is zona("America/Tijuana")
    assert zona_de(RFC_FISICA).key == "America/Cancun"
    assert zona_de(RFC_ENE) is ZONA_CENTRO
    # Employers outside the register still have a mailbox, in Zona Centro.
    assert zona_de(DESCONOCIDO) is ZONA_CENTRO
    assert zona_de("basura") is ZONA_CENTRO


@pytest.mark.usefixtures("padron")
def test_registros_de() -> None:
    assert registros_de(RFC_ENE.lower()) == ["Y5412345108", "Y5412345109"]
    assert registros_de(RFC_FISICA) == ["C0000000001"]
    assert registros_de(DESCONOCIDO) == []


@pytest.mark.usefixtures("padron")
def test_ambito_de_un_registro() -> None:
    assert ambito_de(RFC_ENE, "Y5412345109") == Ambito("JAL", "02")
    assert ambito_de(RFC_ENE, "y54-12345-10-8") == Ambito("CMX", "01")
    assert ambito_de(RFC_AMP, "B0000000002") == Ambito("BCN", "Mexicali")


@pytest.mark.usefixtures("padron")
def test_ambito_de_un_rfc_es_lo_comun_a_sus_registros() -> None:
    assert ambito_de(RFC_FISICA) == Ambito("ROO", "Cancún")
    assert ambito_de(RFC_AMP) == Ambito("BCN", None)  # same entidad, two subdelegaciones
    assert ambito_de(RFC_ENE) == Ambito(None, None)  # nothing shared
    assert ambito_de(DESCONOCIDO) == Ambito()
    assert ambito_de("basura", "Y5412345108") == Ambito()


@pytest.mark.usefixtures("padron")
def test_ambito_con_registro_ajeno_o_desconocido_es_el_del_rfc() -> None:
    # A registro of another RFC never lends its ámbito.
    assert ambito_de(RFC_FISICA, "Y5412345109") == Ambito("ROO", "Cancún")
    assert ambito_de(RFC_AMP, "Z9999999999") == Ambito("BCN", None)
    assert ambito_de(RFC_AMP, "malo") == Ambito("BCN", None)
    assert ambito_de(DESCONOCIDO, "Y5412345108") == Ambito()


@pytest.mark.usefixtures("padron")
def test_zona_y_ambito_en_una_consulta_como_zonas_y_ambitos(
    django_assert_num_queries: Any,
) -> None:
    """The filing's one-query read answers what zonas_de + ambitos_de answer, for own, foreign,
    unknown and no registro, and for an RFC outside the register."""
    registros = ["", "Y5412345108", "Y5412345109", "B0000000002", "C0000000001", "Z9999999999"]
    for rfc in (RFC_ENE, RFC_AMP, RFC_FISICA, DESCONOCIDO):
        for registro in registros:
            with django_assert_num_queries(1):
                obtenido = zona_y_ambito(rfc, registro)
            esperado = (zonas_de([rfc])[rfc], ambitos_de([(rfc, registro)])[(rfc, registro)])
            assert obtenido == esperado, (rfc, registro)
    zona_amp, ambito_amp = zona_y_ambito(RFC_AMP, "B0000000002")
    assert zona(zona_amp) is zona("America/Tijuana") and ambito_amp == Ambito("BCN", "Mexicali")
    assert zona_y_ambito(DESCONOCIDO, "") == (ZONA_CENTRO.key, Ambito())
