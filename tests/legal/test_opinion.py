"""The sentido of the opinión de cumplimiento (buzon.legal.opinion) [I-65]: every branch as a
table, the reasons, the errors, and the two properties of the issue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import (
    SENTIDOS,
    SITUACIONES_CREDITO,
    SITUACIONES_REGISTRO,
    CreditoOpinion,
    Dictamen,
    ErrorOpinion,
    RegistroOpinion,
    evaluar,
    pesos,
)

A, B = "Y5412345108", "Y5412345109"


def reg(
    situacion: str = "vigente", trabajadores: int = 3, modalidad: str = "10", registro: str = A
):
    return RegistroOpinion(registro, modalidad, situacion, trabajadores)


def cred(situacion: str, importe: str = "1234.56", credito: str = "123456789", registro: str = A):
    return CreditoOpinion(credito, registro, situacion, Decimal(importe), "Cuotas COP", "2026-03")


TABLA = [
    # (caso, registros, creditos, sentido)
    ("sin registros", [], [], "sin_opinion"),
    ("sin registros, con crédito exigible", [], [cred("exigible")], "sin_opinion"),
    ("vigente con trabajadores", [reg()], [], "positiva"),
    ("suspendido con trabajadores", [reg("suspendido")], [], "positiva"),
    ("vigente sin trabajadores", [reg(trabajadores=0)], [], "sin_opinion"),
    ("vigente con exigible", [reg()], [cred("exigible")], "negativa"),
    ("suspendido con exigible", [reg("suspendido", 0)], [cred("exigible")], "negativa"),
    ("baja sin créditos", [reg("baja", 0)], [], "sin_opinion"),
    ("baja con trabajadores en el ledger", [reg("baja", 4)], [], "sin_opinion"),
    ("baja con exigible", [reg("baja", 0)], [cred("exigible")], "negativa"),
    ("modalidad 32 no cuenta", [reg(modalidad="32")], [], "sin_opinion"),
    ("modalidad 33 no cuenta", [reg(modalidad="33")], [], "sin_opinion"),
    ("modalidad 40 no cuenta", [reg(modalidad="40")], [], "sin_opinion"),
    (
        "40 sin contar y 13 con trabajadores",
        [reg(modalidad="40"), reg(modalidad="13", registro=B)],
        [],
        "positiva",
    ),
    (
        "un registro de baja y otro vigente con trabajadores",
        [reg("baja", 0), reg(registro=B)],
        [],
        "positiva",
    ),
    ("convenio no hace negativa", [reg()], [cred("convenio")], "positiva"),
    ("garantizado no hace negativa", [reg()], [cred("garantizado")], "positiva"),
    ("impugnado no hace negativa", [reg()], [cred("impugnado")], "positiva"),
    ("pagado no cuenta", [reg()], [cred("pagado")], "positiva"),
    ("cancelado no cuenta", [reg()], [cred("cancelado")], "positiva"),
    ("convenio con todo de baja", [reg("baja", 0)], [cred("convenio")], "sin_opinion"),
    (
        "exigible de otro registro del RFC",
        [reg(), reg("baja", 0, registro=B)],
        [cred("exigible", registro=B)],
        "negativa",
    ),
]


@pytest.mark.parametrize(
    ("registros", "creditos", "sentido"), [t[1:] for t in TABLA], ids=[t[0] for t in TABLA]
)
def test_tabla_de_la_decision(registros, creditos, sentido) -> None:
    dictamen = evaluar(registros, creditos)
    assert dictamen.sentido == sentido
    assert dictamen.sentido in SENTIDOS and dictamen.motivos


def test_sin_registros_dice_que_no_es_patron() -> None:
    (motivo,) = evaluar([], []).motivos
    assert "no se encuentra registrado como patrón" in motivo


def test_negativa_nombra_registro_credito_e_importe() -> None:
    dictamen = evaluar(
        [reg(registro=B), reg()],
        [cred("exigible", "1234567.891", "9", B), cred("exigible", "0.5", "7"), cred("convenio")],
    )
    assert dictamen == Dictamen(
        "negativa",
        (
            f"Registro patronal {A}, modalidad 10: vigente, con 3 trabajadores vigentes.",
            f"Registro patronal {B}, modalidad 10: vigente, con 3 trabajadores vigentes.",
            f"Tiene el crédito fiscal 7 (Cuotas COP, 2026-03) del registro patronal {A}, exigible "
            "por $0.50: páguelo o solicite un convenio de pago a plazos o garantícelo ante el IMSS "
            "para que deje de impedir la opinión positiva.",
            f"Tiene el crédito fiscal 9 (Cuotas COP, 2026-03) del registro patronal {B}, exigible "
            "por $1,234,567.89: páguelo o solicite un convenio de pago a plazos o garantícelo ante "
            "el IMSS para que deje de impedir la opinión positiva.",
            f"El crédito fiscal 123456789 (Cuotas COP, 2026-03) del registro patronal {A}, por "
            "$1,234.56, tiene convenio de pago a plazos al corriente: no hace negativa la opinión.",
            "Opinión negativa: 2 créditos fiscales exigibles por un total de $1,234,568.39.",
        ),
    )


def test_voluntarios_se_explican_y_positiva_cuenta() -> None:
    dictamen = evaluar([reg(modalidad="40", trabajadores=1), reg(registro=B, trabajadores=1)], [])
    assert dictamen.sentido == "positiva"
    assert "1 trabajador que no se cuentan (la modalidad 40" in dictamen.motivos[0]
    assert dictamen.motivos[-1].endswith("tiene 1 trabajador vigentes.")


def test_pesos() -> None:
    assert pesos(Decimal("1234.56")) == "$1,234.56"
    assert pesos(Decimal("0.005")) == "$0.01"
    assert pesos(Decimal("1000000")) == "$1,000,000.00"


@pytest.mark.parametrize(
    ("registros", "creditos", "campo"),
    [
        ([reg("activo")], [], "situacion"),
        ([reg(modalidad="1")], [], "modalidad"),
        ([reg(modalidad="A0")], [], "modalidad"),
        ([reg(trabajadores=-1)], [], "trabajadores"),
        ([RegistroOpinion(A, "10", "vigente", True)], [], "trabajadores"),
        ([RegistroOpinion(" ", "10", "vigente", 1)], [], "registro"),
        ([reg()], [cred("vencido")], "situacion"),
        ([reg()], [cred("exigible", "-1")], "importe"),
        ([reg()], [CreditoOpinion("1", A, "exigible", Decimal("NaN"))], "importe"),
        ([reg()], [CreditoOpinion("", A, "exigible", Decimal(1))], "credito"),
    ],
)
def test_valores_desconocidos(registros, creditos, campo) -> None:
    with pytest.raises(ErrorOpinion) as error:
        evaluar(registros, creditos)
    assert isinstance(error.value, ErrorLegal) and error.value.campo == campo
    assert error.value.mensaje


# --- properties ----------------------------------------------------------------------------------

registros_st = st.lists(
    st.builds(
        RegistroOpinion,
        st.sampled_from([A, B, "Y5412345100"]),
        st.sampled_from(["10", "13", "32", "33", "40"]),
        st.sampled_from(SITUACIONES_REGISTRO),
        st.integers(0, 5),
    ),
    max_size=4,
)
creditos_st = st.lists(
    st.builds(
        CreditoOpinion,
        st.text("0123456789", min_size=1, max_size=3),
        st.sampled_from([A, B]),
        st.sampled_from(SITUACIONES_CREDITO),
        st.decimals("0.01", "99999.99", places=2),
    ),
    max_size=5,
)


@given(registros_st, creditos_st, st.decimals("0.01", "99999.99", places=2))
def test_agregar_un_exigible_nunca_mejora(registros, creditos, importe) -> None:
    """The answer with one more exigible credit is negativa, or the same as before (there is
    nothing to improve from: no registro at all) [I-65]."""
    antes = evaluar(registros, creditos)
    despues = evaluar(registros, [*creditos, CreditoOpinion("NUEVO", A, "exigible", importe)])
    assert despues.sentido == "negativa" or despues.sentido == antes.sentido
    assert despues.sentido == ("negativa" if registros else "sin_opinion")


@given(registros_st, creditos_st, st.data())
def test_pagar_un_exigible_nunca_empeora(registros, creditos, data) -> None:
    """Paying (or cancelling) an exigible credit gives the same answer, unless it was negativa."""
    exigibles = [i for i, c in enumerate(creditos) if c.situacion == "exigible"]
    antes = evaluar(registros, creditos)
    if not exigibles:
        return
    i = data.draw(st.sampled_from(exigibles))
    c = creditos[i]
    pagados = [*creditos[:i], CreditoOpinion(c.credito, c.registro, "pagado", c.importe)]
    despues = evaluar(registros, [*pagados, *creditos[i + 1 :]])
    assert antes.sentido == "negativa" or despues.sentido == antes.sentido
    if len(exigibles) > 1 and registros:
        assert despues.sentido == "negativa"


@given(registros_st, creditos_st, st.randoms())
def test_el_orden_de_la_entrada_no_cambia_nada(registros, creditos, azar) -> None:
    otra_r, otra_c = list(registros), list(creditos)
    azar.shuffle(otra_r)
    azar.shuffle(otra_c)
    assert evaluar(otra_r, otra_c) == evaluar(registros, creditos)
