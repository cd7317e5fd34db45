"""A calendar change moves what is still pending, and only that (7.2, CFF 12).

Declaring a día inhábil inside a pending notification's three days moves its deemed instant one
día hábil later, with a `plazo_recalculado` event naming the declaration; withdrawing it moves it
back. A notification already made, or opened, never moves. A declaration scoped to an entidad or a
subdelegación only moves the notifications of employers there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from buzon.calendario.servicios import do_declarar_dia_inhabil, do_retirar_dia_inhabil
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.notificaciones.models import Evento, Notificacion
from buzon.padron.models import Patron as PatronPadron
from buzon.padron.models import RegistroPatronal
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, Particular, avisar, texto, zc
from tests.notificaciones.fixtures import Funcionario, habilitar

pytestmark = pytest.mark.django_db

POR = "PELJ750505AB1"
LUNES = zc(2027, 1, 18, 10)  # d1..d3 = 19, 20, 21 January; deemed at 09:30 of Friday 22nd
VENCE = zc(2027, 1, 22, 9, 30)
MIERCOLES = date(2027, 1, 20)


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def en_padron(rfc: str, registro: str, entidad: str, subdelegacion: str) -> None:
    ahora = datetime.now(UTC)
    patron, _ = PatronPadron.objects.get_or_create(
        rfc=rfc, defaults={"nombre": rfc, "creado_en": ahora, "importado_en": ahora}
    )
    RegistroPatronal.objects.create(
        registro=registro,
        patron=patron,
        entidad=entidad,
        subdelegacion=subdelegacion,
        creado_en=ahora,
        importado_en=ahora,
    )


def declarar(dia: date, fuente: str = "DOF 15/01/2027", **ambito: frozenset[str]) -> int:
    return int(
        do_declarar_dia_inhabil(DiaInhabilDeclarado(dia, dia, fuente, **ambito), por=POR).dia.pk
    )


def recalculos(n_id: int) -> list[dict[str, Any]]:
    return [
        e.datos
        for e in Evento.objects.filter(notificacion_id=n_id, tipo="plazo_recalculado").order_by(
            "registrado", "instante"
        )
    ]


def vence(n_id: int) -> datetime | None:
    return Notificacion.objects.get(pk=n_id).vence


def test_declarar_y_retirar_un_dia_inhabil_mueve_lo_pendiente(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(LUNES, tick=False):
        n_id = oficina.emitir(patron_a.rfc, "k").json()["id"]
    with time_machine.travel(zc(2027, 1, 19, 12), tick=False):
        dia_id = declarar(MIERCOLES)
        assert vence(n_id) == zc(2027, 1, 25, 9, 30)
        [evento] = recalculos(n_id)
        assert evento["motivo"] == {
            "accion": "declaracion",
            "dia": dia_id,
            "desde": "2027-01-20",
            "hasta": "2027-01-20",
            "fuente": "DOF 15/01/2027",
        }
        assert datetime.fromisoformat(evento["antes"]["vence"]) == VENCE
        assert datetime.fromisoformat(evento["despues"]["vence"]) == zc(2027, 1, 25, 9, 30)
        [item] = particular.lista()
        assert item["plazo_apertura"] == ["2027-01-19", "2027-01-21", "2027-01-22"]
        assert item["vence"] == texto(zc(2027, 1, 25, 9, 30))
        detalle = oficina.detalle(n_id).json()
        assert [e["tipo"] for e in detalle["eventos"]][-1] == "plazo_recalculado"
        # Declaring the same again changes nothing and records nothing.
        assert declarar(MIERCOLES) == dia_id
        assert len(recalculos(n_id)) == 1
    with time_machine.travel(zc(2027, 1, 21, 12), tick=False):
        do_retirar_dia_inhabil(dia_id, por=POR, motivo="Fe de erratas DOF 21/01/2027")
        assert vence(n_id) == VENCE
        retiro = recalculos(n_id)[-1]
        assert retiro["motivo"]["accion"] == "retiro" and retiro["motivo"]["dia"] == dia_id
        assert particular.lista()[0]["plazo_apertura"] == ["2027-01-19", "2027-01-20", "2027-01-21"]
    with time_machine.travel(VENCE, tick=False):
        [item] = particular.lista()
        assert (item["estado"], item["notificada"]) == ("notificada", texto(VENCE))


def test_lo_ya_notificado_o_abierto_no_se_mueve(
    notificador: Funcionario, patron_a: Patron, patron_b: Patron
) -> None:
    habilitar(patron_a.rfc)
    habilitar(patron_b.rfc, correo="b@empresa.mx", celular="5598765432")
    oficina = Oficina(notificador)
    with time_machine.travel(zc(2027, 1, 11, 10), tick=False):
        hecha = oficina.emitir(patron_a.rfc, "k-hecha").json()["id"]  # deemed 15 Jan 09:30
    with time_machine.travel(LUNES, tick=False):
        abierta = oficina.emitir(patron_b.rfc, "k-abierta").json()["id"]
        assert Particular(patron_b).abrir(abierta).status_code == 200
        antes = {i: Notificacion.objects.get(pk=i) for i in (hecha, abierta)}
        declarar(date(2027, 1, 14), "DOF retroactivo")  # inside the made one's three days
        declarar(MIERCOLES)  # inside the opened one's three days
        for i, previa in antes.items():
            ahora = Notificacion.objects.get(pk=i)
            assert (ahora.aviso, ahora.vence, ahora.apertura_legal) == (
                previa.aviso,
                previa.vence,
                previa.apertura_legal,
            )
            assert recalculos(i) == []
        assert oficina.detalle(hecha).json()["notificada"] == texto(zc(2027, 1, 15, 9, 30))
        assert oficina.detalle(abierta).json()["notificada"] == texto(LUNES)


def test_un_aviso_programado_se_mueve_con_el_calendario(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    with time_machine.travel(zc(2027, 1, 16, 12), tick=False):  # Saturday: aviso on Monday
        n_id = oficina.emitir(patron_a.rfc, "k").json()["id"]
        declarar(date(2027, 1, 18))
        n = Notificacion.objects.get(pk=n_id)
        # Only the schedule moves; no dates exist before the aviso is sent [I-35].
        assert (n.aviso_programado, n.aviso, n.vence) == (zc(2027, 1, 19, 9, 30), None, None)
        despues = recalculos(n_id)[0]["despues"]
        assert datetime.fromisoformat(despues["aviso_programado"]) == zc(2027, 1, 19, 9, 30)
    with time_machine.travel(zc(2027, 1, 18, 9, 30), tick=False):
        assert avisar() == 0
        assert Particular(patron_a).lista() == []
    with time_machine.travel(zc(2027, 1, 19, 9, 30), tick=False):
        assert avisar() == 1
        n.refresh_from_db()
        # Sent Tue 19 (Mon 18 declared inhábil): d1..d3 = 20, 21, 22; deemed Mon 25 09:30.
        assert (n.aviso, n.vence) == (zc(2027, 1, 19, 9, 30), zc(2027, 1, 25, 9, 30))


def test_los_estrados_se_recalculan(notificador: Funcionario) -> None:
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = oficina.emitir("MAPE800101AB1", "k").json()["id"]
        # CFF 139 [I-28], published Mon 18 Jan: 19-22 (4), 25-29 (9), Mon 1 Feb statutory,
        # Tue 2 (10); notified on the eleventh, Wed 3 Feb.
        assert Notificacion.objects.get(pk=n_id).estrados_notificada == zc(2027, 2, 3)
        dia_id = declarar(date(2027, 1, 27))
        # With Wed 27 Jan declared: 19-22 (4), 25, 26 (6), 28, 29 (8), 2 Feb (9), 3 Feb (10);
        # the eleventh is Thu 4 Feb.
        n = Notificacion.objects.get(pk=n_id)
        assert (n.estrados_fin, n.estrados_notificada) == (date(2027, 2, 3), zc(2027, 2, 4))
        assert recalculos(n_id)[0]["motivo"]["accion"] == "declaracion"
    # Withdrawn on the 3rd at noon: the 3rd at 00:00 is past, so it stays on the 4th.
    with time_machine.travel(zc(2027, 2, 3, 12), tick=False):
        do_retirar_dia_inhabil(dia_id, por=POR, motivo="Fe de erratas")
        n = Notificacion.objects.get(pk=n_id)
        assert (n.estrados_fin, n.estrados_notificada) == (date(2027, 2, 3), zc(2027, 2, 4))
        assert len(recalculos(n_id)) == 1
        assert oficina.detalle(n_id).json()["estado"] == "en_estrados"


def test_una_declaracion_local_solo_mueve_las_de_su_ambito(
    notificador: Funcionario, hacer_patron: Any
) -> None:
    jalisco, centro, sin_padron = "JAGU800101AB1", "CEMX800101AB1", "NAPA800101AB1"
    en_padron(jalisco, "A1112345108", "JAL", "Guadalajara")
    en_padron(centro, "B2212345108", "CMX", "Centro")
    for i, rfc in enumerate((jalisco, centro, sin_padron)):
        habilitar(rfc, correo=f"p{i}@empresa.mx", celular=f"55{i}0000000")
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        ids = {
            rfc: oficina.emitir(rfc, f"k-{rfc}").json()["id"]
            for rfc in (jalisco, centro, sin_padron)
        }
        declarar(MIERCOLES, "Periódico Oficial de Jalisco", entidades=frozenset({"JAL"}))
        assert {rfc: vence(i) for rfc, i in ids.items()} == {
            jalisco: zc(2027, 1, 25, 9, 30),
            centro: VENCE,
            sin_padron: VENCE,
        }
        declarar(MIERCOLES, "Acuerdo de la subdelegación", subdelegaciones=frozenset({"centro"}))
        assert {rfc: vence(i) for rfc, i in ids.items()} == {
            jalisco: zc(2027, 1, 25, 9, 30),
            centro: zc(2027, 1, 25, 9, 30),
            sin_padron: VENCE,
        }
        assert [len(recalculos(ids[r])) for r in (jalisco, centro, sin_padron)] == [1, 1, 0]
        declarar(MIERCOLES, "DOF nacional")
        assert vence(ids[sin_padron]) == zc(2027, 1, 25, 9, 30)
        assert [len(recalculos(ids[r])) for r in (jalisco, centro, sin_padron)] == [1, 1, 1]


def test_retirar_un_dia_no_notifica_hacia_atras(
    notificador: Funcionario, patron_a: Patron, patron_b: Patron
) -> None:
    """A withdrawal never makes a notification notified, nor avisada, at an instant already
    past: at that instant everyone was told it was pending (or not there yet), and that stays
    true. What the withdrawal would place in the past stays where it was."""
    habilitar(patron_a.rfc)
    habilitar(patron_b.rfc, correo="b@empresa.mx", celular="5598765432")
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        avisada = oficina.emitir(patron_a.rfc, "k-avisada").json()["id"]
        dia_id = declarar(MIERCOLES)
        assert vence(avisada) == zc(2027, 1, 25, 9, 30)
    with time_machine.travel(zc(2027, 1, 22, 9, 30), tick=False):
        # Without the declaration it would be notified now; with it, it is still pending.
        assert Oficina(notificador).detalle(avisada).json()["estado"] == "avisada"
    with time_machine.travel(zc(2027, 1, 22, 12), tick=False):
        do_retirar_dia_inhabil(dia_id, por=POR, motivo="Fe de erratas")
        assert vence(avisada) == zc(2027, 1, 25, 9, 30)
        assert oficina.detalle(avisada).json()["estado"] == "avisada"
        # What the particular is shown agrees with the deemed instant kept in place: it was told
        # it had until Friday 22nd, and it still is (not Thursday 21st, as from the aviso now):
        # the three días hábiles before the deemed day, the 20th being hábil again.
        mostrada = Particular(patron_a).lista()[0]
        assert mostrada["plazo_apertura"] == ["2027-01-20", "2027-01-21", "2027-01-22"]
        assert mostrada["notificada"] is None
    # The aviso of one still programada: never placed before the withdrawal either.
    with time_machine.travel(zc(2027, 1, 23, 12), tick=False):  # Saturday: aviso Monday 25th
        programada = oficina.emitir(patron_b.rfc, "k-programada").json()["id"]
        lunes_25 = declarar(date(2027, 1, 25))
        assert Notificacion.objects.get(pk=programada).aviso_programado == zc(2027, 1, 26, 9, 30)
    with time_machine.travel(zc(2027, 1, 25, 11), tick=False):
        assert Particular(patron_b).lista() == []
        do_retirar_dia_inhabil(lunes_25, por=POR, motivo="Fe de erratas")
        n = Notificacion.objects.get(pk=programada)
        # Not at 09:30 of the 25th, already past: from now on (inside the hours).
        assert n.aviso_programado == zc(2027, 1, 25, 11)
        assert avisar() == 1
        n.refresh_from_db()
        assert (n.aviso, n.vence) == (zc(2027, 1, 25, 11), zc(2027, 1, 29, 9, 30))
        assert Particular(patron_b).lista()[0]["aviso"] == texto(zc(2027, 1, 25, 11))
