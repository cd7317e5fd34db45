"""The targeting rules: each segment, a subdelegación's scope, and an uploaded list whose bad
rows are each named by line (nothing stored)."""

from __future__ import annotations

import pytest

from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.models import Comunicado, Destinatario, ObjetivoLista
from buzon.comunicados.servicios import do_crear_comunicado
from tests.comunicados.ayudas import (
    RFC_A,
    RFC_B,
    RFC_C,
    comunicador,
    datos,
    padron_basico,
    patron,
    publicar,
    supervisor,
)

pytestmark = pytest.mark.django_db


def destinatarios(c: Comunicado) -> set[str]:
    return set(Destinatario.objects.filter(comunicado=c).values_list("rfc", flat=True))


@pytest.fixture
def padron() -> None:
    padron_basico()
    patron("SINR800101AB5")  # no registros: only «todos» of a national comunicador reaches it


@pytest.mark.parametrize(
    ("segmento", "valores", "esperados"),
    [
        ("todos", [], {RFC_A, RFC_B, RFC_C, "SINR800101AB5"}),
        ("entidades", ["cmx"], {RFC_A, RFC_C}),
        ("entidades", ["JAL", "CMX"], {RFC_A, RFC_B, RFC_C}),
        ("subdelegaciones", ["Guadalajara"], {RFC_B, RFC_C}),
        ("modalidades", ["10"], {RFC_A, RFC_C}),
        ("modalidades", ["13", "40"], {RFC_B, RFC_C}),
    ],
)
def test_cada_segmento_nacional(
    padron: None, segmento: str, valores: list[str], esperados: set[str]
) -> None:
    c = publicar(comunicador(), supervisor(), datos(segmento, valores=valores))
    assert destinatarios(c) == esperados
    assert c.objetivo == c.entregados == len(esperados)


@pytest.mark.parametrize(
    ("segmento", "valores", "esperados"),
    [
        ("todos", [], {RFC_A, RFC_C}),
        ("entidades", ["JAL"], set()),  # Guadalajara's registros are outside Centro
        ("entidades", ["CMX"], {RFC_A, RFC_C}),
        ("modalidades", ["10"], {RFC_A}),  # C's modalidad 10 registro is in Guadalajara
        ("subdelegaciones", ["Centro"], {RFC_A, RFC_C}),
    ],
)
def test_un_comunicador_de_subdelegacion_solo_llega_a_la_suya(
    padron: None, segmento: str, valores: list[str], esperados: set[str]
) -> None:
    c = publicar(comunicador(False), supervisor(False), datos(segmento, valores=valores))
    assert destinatarios(c) == esperados


def test_no_puede_nombrar_otra_subdelegacion(padron: None) -> None:
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(False), datos("subdelegaciones", valores=["Guadalajara"]))
    assert exc.value.codigo == "fuera_de_su_subdelegacion" and exc.value.estado == 403
    assert not Comunicado.objects.exists()


@pytest.mark.parametrize(
    ("segmento", "valores", "codigo"),
    [
        ("entidades", ["XXX"], "valores_invalidos"),
        ("modalidades", ["1a"], "valores_invalidos"),
        ("entidades", [], "valores_invalidos"),
        ("todos", ["CMX"], "valores_invalidos"),
        ("planeta", [], "segmento_invalido"),
    ],
)
def test_valores_erroneos(padron: None, segmento: str, valores: list[str], codigo: str) -> None:
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos(segmento, valores=valores))
    assert exc.value.codigo == codigo


def test_lista_de_rfc_y_registros(padron: None) -> None:
    csv = f"rfc\n{RFC_A}\nY5412345109\n\n{RFC_A.lower()}\n"
    c = publicar(comunicador(), supervisor(), datos("lista", lista=csv))
    assert destinatarios(c) == {RFC_A, RFC_B}
    assert ObjetivoLista.objects.filter(comunicado=c).count() == 2  # the repeat counted once


def test_lista_con_filas_erroneas_nombra_cada_linea_y_no_guarda_nada(padron: None) -> None:
    csv = "\n".join(
        [
            "registro",
            RFC_A,  # 2: fine
            "NO-ES-NADA",  # 3: malformed
            "Y9999999999",  # 4: not in the padrón
            "Y5412345109",  # 5: fine for a national comunicador
            "AAA010101AAA",  # 6: well-formed RFC not in the padrón
        ]
    )
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos("lista", lista=csv))
    assert exc.value.codigo == "lista_invalida"
    assert [e["linea"] for e in exc.value.errores or []] == [3, 4, 6]
    mensajes = [str(e["mensaje"]) for e in exc.value.errores or []]
    assert mensajes[0].startswith("Línea 3: «NO-ES-NADA» no es un RFC")
    assert mensajes[1] == "Línea 4: el registro patronal Y9999999999 no está en el padrón."
    assert mensajes[2] == "Línea 6: el RFC AAA010101AAA no está en el padrón."
    assert not Comunicado.objects.exists() and not ObjetivoLista.objects.exists()


def test_lista_fuera_de_la_subdelegacion(padron: None) -> None:
    csv = f"{RFC_A}\n{RFC_B}\nY5412345111\n{RFC_C}\n"
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(False), datos("lista", lista=csv))
    assert [e["linea"] for e in exc.value.errores or []] == [2, 3]
    assert "no es de su subdelegación, «Centro»" in str((exc.value.errores or [])[0]["mensaje"])
    assert not ObjetivoLista.objects.exists()


def test_lista_vacia_o_sin_segmento(padron: None) -> None:
    with pytest.raises(ErrorComunicado, match="ningún RFC"):
        do_crear_comunicado(comunicador(), datos("lista", lista="rfc\n\n"))
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos("todos", lista=RFC_A))
    assert exc.value.codigo == "lista_sin_segmento"
