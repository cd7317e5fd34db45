"""`calendario_para` reuses a built calendar only while the declarations in force are the same
rows with the same content, as the current transaction sees them."""

from __future__ import annotations

import pytest
from django.db import transaction

from buzon.calendario.models import DiaInhabil
from buzon.calendario.selectors import calendario_para, declaraciones_vigentes
from buzon.calendario.servicios import do_declarar_dia_inhabil
from buzon.legal.calendario import Ambito, Calendario
from tests.calendario.test_servicios import OFICIAL, declaracion
from tests.legal.ayudas import d

pytestmark = pytest.mark.django_db


def test_el_calendario_sigue_a_lo_que_la_transaccion_ve() -> None:
    antes = calendario_para()
    assert calendario_para() is antes  # nothing changed: reused
    with transaction.atomic():
        do_declarar_dia_inhabil(declaracion("2026-03-18"), por=OFICIAL)
        assert not calendario_para().es_habil(d("2026-03-18"))
        transaction.set_rollback(True)
    assert calendario_para().es_habil(d("2026-03-18"))  # the rolled-back one left nothing


def test_una_fila_cambiada_da_otro_calendario() -> None:
    """Even a row edited in place (the services never do; an operator might)."""
    dia = do_declarar_dia_inhabil(declaracion("2026-03-18"), por=OFICIAL).dia
    assert not calendario_para().es_habil(d("2026-03-18"))
    DiaInhabil.objects.filter(pk=dia.pk).update(desde=d("2026-03-19"), hasta=d("2026-03-19"))
    calendario = calendario_para()
    assert calendario.es_habil(d("2026-03-18")) and not calendario.es_habil(d("2026-03-19"))
    DiaInhabil.objects.filter(pk=dia.pk).update(entidades=["JAL"])
    assert calendario_para(Ambito("CMX")).es_habil(d("2026-03-19"))
    assert not calendario_para(Ambito("JAL")).es_habil(d("2026-03-19"))


def test_el_mismo_calendario_que_con_las_declaraciones_vigentes() -> None:
    do_declarar_dia_inhabil(declaracion("2026-03-18"), por=OFICIAL)
    do_declarar_dia_inhabil(declaracion("2026-05-04", entidades=frozenset({"JAL"})), por=OFICIAL)
    for ambito in (Ambito(), Ambito("JAL"), Ambito("CMX", "Centro")):
        esperado = Calendario(declaraciones_vigentes(), ambito)
        assert calendario_para(ambito).declarados == esperado.declarados
