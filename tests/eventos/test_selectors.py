"""A particular's events for a range: obligations per ámbito of its registros (with the declared
días inhábiles of each), the ICSOE and the dictamen only for whom they concern, the pending
notifications' last day to open (notificaciones' own plazo) and a requerimiento's deadline."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.calendario.servicios import do_declarar_dia_inhabil
from buzon.eventos.models import PlazoRequerimiento, Preferencias
from buzon.eventos.selectors import eventos_de, eventos_de_varios
from buzon.evidencia.models import EntradaBitacora
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.notificaciones.caras.presentacion import Calendarios, plazo_de
from buzon.oficina.servicios import do_alta_oficial
from tests.eventos import ayudas as a

pytestmark = pytest.mark.django_db

AHORA = datetime.fromisoformat("2026-09-07T12:00:00-06:00")
SEPTIEMBRE = (date(2026, 9, 1), date(2026, 9, 30))


def _claves(eventos: list, clase: str = "obligacion") -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(e.clave, e.fecha.isoformat()) for e in eventos if e.clase == clase]


def test_obligaciones_de_septiembre_con_su_fundamento() -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    eventos = eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA)
    assert _claves(eventos) == [
        ("cuotas_mensuales", "2026-09-17"),
        ("cuotas_bimestrales", "2026-09-17"),
    ]
    assert eventos[0].fundamento == "LSS art. 39"
    assert eventos[0].registros == (a.REGISTRO_A,)
    assert "17 de septiembre de 2026" in eventos[0].detalle


def test_un_dia_declarado_para_una_entidad_mueve_solo_sus_registros() -> None:
    """17 Sep 2026 declared inhábil for JAL: the JAL registro's dues move to the 18th; the CMX
    one stays; the same event keeps its UID."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro"), (a.REGISTRO_A2, "JAL", "Guadalajara")])
    antes = {(e.clave, e.registros): e.uid for e in eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA)}
    do_declarar_dia_inhabil(
        DiaInhabilDeclarado(
            date(2026, 9, 17), date(2026, 9, 17), "DOF de prueba", frozenset({"JAL"})
        ),
        por="GOMA800101AB6",
    )
    eventos = eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA)
    mensuales = {e.registros: e for e in eventos if e.clave == "cuotas_mensuales"}
    assert mensuales[(a.REGISTRO_A,)].fecha == date(2026, 9, 17)
    jal = mensuales[(a.REGISTRO_A2,)]
    assert jal.fecha == date(2026, 9, 18)
    assert jal.fundamento == "LSS art. 39; CFF art. 12, penúltimo párrafo"
    assert "declarado inhábil: DOF de prueba" in jal.detalle
    assert jal.uid == antes[("cuotas_mensuales", (a.REGISTRO_A2,))]
    assert len(set(antes.values())) == 4


def test_registro_dado_de_baja_no_genera_cuotas() -> None:
    p = a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    p.registros.update(situacion="baja")
    assert eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA) == []


def test_icsoe_solo_para_quien_presta_servicios_especializados() -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    assert "icsoe" not in dict(_claves(eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA)))
    Preferencias.objects.create(
        rfc=a.RFC_A, presta_servicios_especializados=True, actualizado=AHORA
    )
    icsoe = [e for e in eventos_de(a.RFC_A, *SEPTIEMBRE, AHORA) if e.clave == "icsoe"]
    assert [(e.fecha, e.fundamento) for e in icsoe] == [(date(2026, 9, 17), "LSS art. 15 A")]


def test_dictamen_con_300_trabajadores_del_libro_de_afiliacion(tmp_path: Path) -> None:
    """LSS 16: 300 workers in force all of 2025 (altas in December 2024): aviso by 30 April
    and dictamen by 30 September 2026; 299 do not oblige."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "CMX", "Centro")])
    a.altas(tmp_path, a.REGISTRO_A, 300, "2024-12-02")
    a.altas(tmp_path, a.REGISTRO_B, 299, "2024-12-02")
    varios = eventos_de_varios([a.RFC_A, a.RFC_B], date(2026, 4, 1), date(2026, 9, 30), AHORA)
    dictamen_a = [(e.clave, e.fecha) for e in varios[a.RFC_A] if "dictamen" in e.clave]
    assert dictamen_a == [
        ("aviso_dictamen", date(2026, 4, 30)),
        ("dictamen", date(2026, 9, 30)),
    ]
    assert not [e for e in varios[a.RFC_B] if "dictamen" in e.clave]


def test_ultimo_dia_para_abrir_una_notificacion_pendiente() -> None:
    """Aviso Fri 11 Sep 2026: días 14, 15 and 17 (16 Sep inhábil); deemed 09:30 of the 18th.
    The last day to open is notificaciones' own plazo (the third día hábil)."""
    a.patron(a.RFC_A, [])
    n = a.notificacion(a.RFC_A, "N-1", datetime.fromisoformat("2026-09-11T10:00:00-06:00"))
    abierta = a.notificacion(
        a.RFC_A,
        "N-2",
        datetime.fromisoformat("2026-09-11T10:00:00-06:00"),
        abierta=datetime.fromisoformat("2026-09-11T11:00:00-06:00"),
    )
    a.notificacion(a.RFC_B, "N-3", datetime.fromisoformat("2026-09-11T10:00:00-06:00"))
    eventos = eventos_de(a.RFC_A, *SEPTIEMBRE, datetime.fromisoformat("2026-09-14T10:00-06:00"))
    assert [(e.folio, e.fecha) for e in eventos if e.clase == "notificacion"] == [
        ("N-1", date(2026, 9, 17))
    ]
    plazo = plazo_de(n, Calendarios())
    assert plazo is not None and plazo[2] == date(2026, 9, 17)
    evento = next(e for e in eventos if e.folio == "N-1")
    assert "18 de septiembre de 2026, 09:30:00 h" in evento.detalle
    assert "Asunto privado" not in evento.detalle + evento.titulo
    assert abierta.folio not in {e.folio for e in eventos}


def test_plazo_de_un_requerimiento_desde_que_surte_efectos() -> None:
    """7.6 is a requerimiento: opened Mon 14 Sep 2026 at 10:00, surte efectos Tue 15; 5 días
    hábiles: 17, 18, 21, 22, 23 (16 Sep inhábil)."""
    a.patron(a.RFC_A, [])
    n = a.notificacion(
        a.RFC_A,
        "R-1",
        datetime.fromisoformat("2026-09-11T10:00:00-06:00"),
        tipo="7.6",
        abierta=datetime.fromisoformat("2026-09-14T10:00:00-06:00"),
    )
    oficial = do_alta_oficial(
        rfc="GOMA800101AB6", nombre="Servidor", rol="notificador", subdelegacion="Centro"
    ).oficial
    from buzon.eventos.servicios import do_registrar_plazo

    do_registrar_plazo(oficial, n.pk, 5, "Oficio, punto tercero", AHORA)
    eventos = eventos_de(a.RFC_A, *SEPTIEMBRE, datetime.fromisoformat("2026-09-15T10:00-06:00"))
    requerimientos = [e for e in eventos if e.clase == "requerimiento"]
    assert [(e.folio, e.fecha) for e in requerimientos] == [("R-1", date(2026, 9, 23))]
    assert "surtió efectos el 15 de septiembre de 2026" in requerimientos[0].detalle
    assert requerimientos[0].fundamento == "CFF arts. 12 y 135; Oficio, punto tercero"
    assert PlazoRequerimiento.objects.count() == 1
    [entrada] = EntradaBitacora.objects.filter(tipo="plazo_requerimiento_registrado")
    assert (entrada.sujeto, entrada.datos["dias_habiles"], entrada.datos["registrado_por"]) == (
        "R-1",
        5,
        "GOMA800101AB6",
    )
    # Another RFC never sees it.
    assert eventos_de(a.RFC_B, *SEPTIEMBRE, AHORA) == []


def test_consultas_en_conjunto_no_por_fila(tmp_path: Path) -> None:
    """Many particulars with several registros each: the same few queries (set-based)."""
    for i in range(3):
        rfc = f"XAXX0101{i:02d}AB{i}"
        a.patron(rfc, [(f"Y54123451{i}0", "CMX", "Centro"), (f"Y54123451{i}1", "JAL", "Zapopan")])
    with CaptureQueriesContext(connection) as pocas:
        eventos_de_varios(["XAXX010100AB0"], *SEPTIEMBRE, AHORA)
    with CaptureQueriesContext(connection) as muchas:
        todos = eventos_de_varios(
            ["XAXX010100AB0", "XAXX010101AB1", "XAXX010102AB2"], *SEPTIEMBRE, AHORA
        )
    assert len(muchas.captured_queries) == len(pocas.captured_queries)
    assert all(len(v) == 4 for v in todos.values())


def test_icsoe_coincide_con_la_regla_de_actuaciones() -> None:
    """The calendar's ICSOE due date is the one the filing's acuse seals (actuaciones'
    reglas_icsoe, I-34, I-36), for every cuatrimestre of ten years and a declared day."""
    from buzon.actuaciones import reglas_icsoe
    from buzon.legal import obligaciones
    from buzon.legal.calendario import Ambito, Calendario

    calendario = Calendario(
        [DiaInhabilDeclarado(date(2027, 5, 17), date(2027, 5, 18), "DOF", frozenset({"JAL"}))],
        Ambito("JAL", None),
    )
    for anio in range(2024, 2034):
        for nombre, *_ in obligaciones.CUATRIMESTRES:
            assert obligaciones.icsoe(anio, nombre, calendario).fecha == (
                reglas_icsoe.fecha_limite_habil(anio, nombre, calendario)
            )
