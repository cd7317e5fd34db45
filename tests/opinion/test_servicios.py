"""The bulk service: one opinión per RFC, each sealed as an acuse, logged in the evidence log and
recorded as a consultation, with a number of queries that does not grow with the RFCs; the
consultant's address never stored in clear; the validity rule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.comun.errores import ErrorBuzon
from buzon.evidencia.models import Acuse, CertificadoSello, EntradaBitacora
from buzon.evidencia.servicios import cadena_de
from buzon.opinion.consultante import Consultante, ip_enmascarada, ip_huella
from buzon.opinion.models import Consulta, Opinion
from buzon.opinion.servicios import do_emitir_opinion, do_emitir_opiniones, vigente_hasta
from tests.opinion.ayudas import TITULAR, importar_padron, titular_con_trabajadores
from tests.padron.ayudas import registro, rfc_moral

pytestmark = pytest.mark.django_db


def _consultas(rfcs: list[str]) -> int:
    with CaptureQueriesContext(connection) as capturadas:
        do_emitir_opiniones(rfcs, consultante=Consultante("convenio", convenio=7, motivo="x"))
    return len(capturadas.captured_queries)


def test_muchas_opiniones_en_un_numero_fijo_de_consultas(
    tmp_path: Path, sello: CertificadoSello
) -> None:
    rfcs = [rfc_moral(n) for n in range(120)]
    importar_padron(tmp_path, [(r, registro(n), "10", "vigente") for n, r in enumerate(rfcs)])
    pocas, muchas = _consultas(rfcs[:3]), _consultas(rfcs)
    # No per-RFC round trip: 40 times the RFCs add at most the inserts SQLite splits in batches
    # (its bound-parameter limit), one per table written (acuses, log, opiniones, consultas).
    assert pocas <= muchas <= pocas + 4, (pocas, muchas)
    assert Opinion.objects.count() == Acuse.objects.count() == Consulta.objects.count() == 123


def test_cada_opinion_es_un_acuse_sellado_y_anotado(
    tmp_path: Path, sello: CertificadoSello
) -> None:
    titular_con_trabajadores(tmp_path)
    antes = EntradaBitacora.objects.count()
    rfcs = [TITULAR, "XAXX010101000", TITULAR.lower()]
    opiniones = do_emitir_opiniones(
        rfcs,
        consultante=Consultante("convenio", convenio=42, motivo="Licitación", ip="198.51.100.7"),
    )
    assert [o.rfc for o in opiniones] == [TITULAR, "XAXX010101000", TITULAR]
    assert [o.sentido for o in opiniones] == ["positiva", "sin_opinion", "positiva"]
    assert EntradaBitacora.objects.count() == antes + 3
    for o in opiniones:
        guardada = Opinion.objects.select_related("acuse").get(folio=o.folio)
        assert guardada.acuse.folio == o.folio
        assert cadena_de(guardada.acuse) == guardada.acuse.cadena_original
        assert guardada.acuse.datos["motivos"] == guardada.motivos
        consulta = Consulta.objects.get(opinion=guardada)
        assert (consulta.tipo, consulta.convenio, consulta.motivo) == ("convenio", 42, "Licitación")
        assert consulta.ip_enmascarada == "198.51.100.0/24"
        assert consulta.ip_huella == ip_huella("198.51.100.7") != "198.51.100.7"
    assert EntradaBitacora.objects.filter(sujeto=opiniones[0].folio, tipo="acuse_emitido").exists()


def test_rfcs_invalidos_o_demasiados(sello: CertificadoSello) -> None:
    publico = Consultante("publico")
    with pytest.raises(ErrorBuzon) as malo:
        do_emitir_opiniones([TITULAR, "NO-ES-RFC"], consultante=publico)
    assert malo.value.campo == "rfcs[1]" and malo.value.estado == 400
    with pytest.raises(ErrorBuzon) as vacio:
        do_emitir_opiniones([], consultante=publico)
    assert vacio.value.codigo == "rfcs_vacio"
    with pytest.raises(ErrorBuzon) as muchos:
        do_emitir_opiniones(["XAXX010101000"] * 1001, consultante=publico)
    assert muchos.value.codigo == "demasiados_rfcs" and "1000" in muchos.value.mensaje
    assert not Opinion.objects.exists()


def test_el_consultante_se_valida() -> None:
    with pytest.raises(ValueError, match="necesita su RFC"):
        Consultante("tercero")
    with pytest.raises(ValueError, match="id del convenio"):
        Consultante("convenio")
    with pytest.raises(ValueError, match="desconocido"):
        Consultante("desconocido")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ip", "red"),
    [
        ("203.0.113.45", "203.0.113.0/24"),
        ("2001:db8:1:2::5", "2001:db8:1::/48"),
        ("no-es-ip", ""),
        (None, ""),
    ],
)
def test_la_ip_se_guarda_como_red(ip: str | None, red: str) -> None:
    assert ip_enmascarada(ip) == red


def test_vigencia_el_dia_de_emision_o_los_dias_del_ajuste(settings: Any) -> None:
    # 23:30 UTC on 3 Dec is 17:30 Zona Centro on 3 Dec; 06:30 UTC on 4 Dec is 00:30 on 4 Dec.
    assert vigente_hasta(datetime(2026, 12, 3, 23, 30, tzinfo=UTC)) == date(2026, 12, 3)
    assert vigente_hasta(datetime(2026, 12, 4, 6, 30, tzinfo=UTC)) == date(2026, 12, 4)
    settings.BUZON_OPINION_VIGENCIA_DIAS = 30
    assert vigente_hasta(datetime(2026, 12, 3, 23, 30, tzinfo=UTC)) == date(2027, 1, 2)


def test_una_opinion_del_titular(tmp_path: Path, sello: CertificadoSello) -> None:
    titular_con_trabajadores(tmp_path)
    opinion = do_emitir_opinion(TITULAR, consultante=Consultante("titular", rfc=TITULAR))
    assert opinion.sentido == "positiva" and opinion.consultante_rfc == ""
    assert Consulta.objects.get(opinion=opinion).consultante_rfc == TITULAR
