"""What the opinión reads of the créditos: set-based, one query per chunk of RFCs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.cobranza import selectors
from buzon.cobranza.selectors import creditos_de, exigible_de
from buzon.cobranza.servicios import do_importar_creditos
from buzon.legal.opinion import CreditoOpinion
from tests.cobranza.ayudas import OTRO_RFC, RFC, credito, escribir

pytestmark = pytest.mark.django_db

B = "Y5412345109"


def test_creditos_de_y_exigible_de(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    filas = [
        credito("3", registro=B),
        credito("1", "exigible", "10.10"),
        credito("2", "pagado"),
        credito("4", "cancelado"),
        credito("5", "impugnado", "7", concepto="Multa", periodo=""),
        credito("6", "exigible", "0.01", rfc=OTRO_RFC, registro="Y5412345100"),
    ]
    do_importar_creditos(escribir(tmp_path, filas))
    monkeypatch.setattr(selectors, "BLOQUE_RFCS", 2)
    nadie = "XAXX010101000"
    with CaptureQueriesContext(connection) as consultas:
        salida = creditos_de([RFC, nadie, OTRO_RFC])
    assert len(consultas) == 2
    concepto = "Cuotas obrero-patronales"
    assert salida == {
        RFC: [
            CreditoOpinion("1", "Y5412345108", "exigible", Decimal("10.10"), concepto, "2026-03"),
            CreditoOpinion("5", "Y5412345108", "impugnado", Decimal("7.00"), "Multa", ""),
            CreditoOpinion("3", B, "exigible", Decimal("1234.56"), concepto, "2026-03"),
        ],
        nadie: [],
        OTRO_RFC: [
            CreditoOpinion("6", "Y5412345100", "exigible", Decimal("0.01"), concepto, "2026-03")
        ],
    }
    with CaptureQueriesContext(connection) as consultas:
        totales = exigible_de([RFC, nadie, OTRO_RFC])
    assert len(consultas) == 2
    assert totales == {RFC: (2, Decimal("1244.66")), OTRO_RFC: (1, Decimal("0.01"))}
    assert creditos_de([]) == {} and exigible_de([]) == {}
