"""The life of a notification at the service level, on the legal clock.

First the instants the law fixes, proved with time travel to the second (7.2, 7.4, 7.5): the
deemed instant at 09:30:00 of the fourth día hábil across weekends, statutory and declared días
inhábiles; the aviso of a notification issued outside the hours; an opening at night. Then the
avisos (7.3): every confirmed medio, and only those, without links. Last, a hypothesis state
machine drives issue / clock / open / sweep / cancel / calendar changes in any order and checks,
after every step, what must always hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from buzon.avisos.models import Mensaje
from buzon.avisos.validacion import enlace_en
from buzon.calendario.selectors import calendario_para
from buzon.calendario.servicios import do_declarar_dia_inhabil, do_retirar_dia_inhabil
from buzon.evidencia.models import Acuse
from buzon.habilitacion.models import Medio
from buzon.legal import plazos
from buzon.legal.calendario import DiaInhabilDeclarado
from buzon.legal.notificacion import (
    AVISADA,
    BUZON,
    CANCELADA,
    NOTIFICADA,
    POR_APERTURA,
    PROGRAMADA,
    notificada,
)
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.caras.presentacion import ESTADO_PARTICULAR
from buzon.notificaciones.entrega.barrido import TIPO_ACUSE, barrer_notificaciones, hecha
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.hechos import hechos_de, situacion_de
from buzon.notificaciones.models import Evento, Notificacion
from tests.cuentas.fixtures import Patron
from tests.habilitacion.fixtures import registrar_en_padron
from tests.notificaciones.ayudas import (
    TIPOS_NOTIFICACION,
    Oficina,
    Particular,
    acuses_de,
    avisar,
    texto,
    zc,
)
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

POR = "PELJ750505AB1"


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0  # tests log in again after every jump in time


def declarar(dia: date, instante: datetime, fuente: str = "DOF prueba") -> int:
    return int(
        do_declarar_dia_inhabil(
            DiaInhabilDeclarado(dia, dia, fuente), por=POR, instante=instante
        ).dia.pk
    )


# -- 7.4, 7.5: deemed at 09:30:00 of the fourth día hábil, not a second before -----------------


@pytest.mark.parametrize(
    ("emision", "declarados", "plazo", "vence"),
    [
        pytest.param(
            zc(2027, 1, 14, 10),
            [],
            ["2027-01-15", "2027-01-18", "2027-01-19"],
            zc(2027, 1, 20, 9, 30),
            id="fin-de-semana",
        ),
        pytest.param(
            zc(2027, 1, 28, 10),
            [],
            ["2027-01-29", "2027-02-02", "2027-02-03"],
            zc(2027, 2, 4, 9, 30),
            id="descanso-obligatorio-1-feb",
        ),
        pytest.param(
            zc(2027, 3, 1, 10),
            [date(2027, 3, 3)],
            ["2027-03-02", "2027-03-04", "2027-03-05"],
            zc(2027, 3, 8, 9, 30),
            id="dia-inhabil-declarado",
        ),
        pytest.param(
            zc(2027, 3, 11, 17, 59, 59),
            [],
            ["2027-03-12", "2027-03-16", "2027-03-17"],
            zc(2027, 3, 18, 9, 30),
            id="fin-de-semana-y-21-de-marzo",
        ),
    ],
)
def test_se_tiene_por_notificada_a_las_930_del_cuarto_dia_habil(
    notificador: Funcionario,
    patron_a: Patron,
    emision: datetime,
    declarados: list[date],
    plazo: list[str],
    vence: datetime,
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(emision, tick=False):
        for dia in declarados:
            declarar(dia, emision)
        respuesta = oficina.emitir(patron_a.rfc, "k-vence")
        assert respuesta.status_code == 201, respuesta.content
        # The providers accepted at once (emitir delivers): the aviso is now [I-35].
        cuerpo = oficina.detalle(respuesta.json()["id"]).json()
        assert (cuerpo["estado"], cuerpo["aviso"]) == ("avisada", texto(emision))
        assert cuerpo["vence"] == texto(vence)
        [item] = particular.lista()
        assert item["plazo_apertura"] == plazo
    n_id = cuerpo["id"]
    with time_machine.travel(vence - timedelta(seconds=1), tick=False):
        [item] = particular.lista()
        assert (item["estado"], item["notificada"], item["medio"]) == ("pendiente", None, None)
        assert particular.documento(n_id).json()["error"] == "no_abierta"
        assert oficina.detalle(n_id).json()["estado"] == AVISADA
        assert barrer_notificaciones() == 0
    with time_machine.travel(vence, tick=False):
        [item] = particular.lista()
        assert (item["estado"], item["notificada"], item["medio"]) == (
            "notificada",
            texto(vence),
            "vencimiento",
        )
        assert particular.documento(n_id).status_code == 200
        assert barrer_notificaciones() == 1
        assert barrer_notificaciones() == 0
    n = Notificacion.objects.get(pk=n_id)
    [acuse] = acuses_de(n, TIPOS_NOTIFICACION)
    assert acuse.tipo == "notificacion_por_vencimiento"
    assert acuse.instante_legal == vence
    assert (n.notificada, n.medio, n.acuse) == (vence, "vencimiento", acuse.folio)


# -- 7.2: avisos only inside the hours of a día hábil --------------------------------------------


@pytest.mark.parametrize(
    ("emision", "aviso"),
    [
        pytest.param(zc(2027, 1, 14, 18, 0, 1), zc(2027, 1, 15, 9, 30), id="jueves-18:00:01"),
        pytest.param(zc(2027, 1, 15, 18, 0, 1), zc(2027, 1, 18, 9, 30), id="viernes-18:00:01"),
        pytest.param(zc(2027, 1, 16, 11), zc(2027, 1, 18, 9, 30), id="sabado"),
        pytest.param(zc(2027, 1, 30, 11), zc(2027, 2, 2, 9, 30), id="sabado-antes-de-1-feb"),
        pytest.param(zc(2027, 1, 18, 5), zc(2027, 1, 18, 9, 30), id="lunes-de-madrugada"),
    ],
)
def test_emitida_fuera_de_horario_se_avisa_a_las_930_siguientes(
    notificador: Funcionario, patron_a: Patron, emision: datetime, aviso: datetime
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(emision, tick=False):
        cuerpo = oficina.emitir(patron_a.rfc, "k-aviso").json()
        assert (cuerpo["estado"], cuerpo["aviso_programado"]) == (PROGRAMADA, texto(aviso))
        assert (cuerpo["aviso"], cuerpo["vence"]) == (None, None)
        n = Notificacion.objects.get(pk=cuerpo["id"])
        assert n.acuse_aviso == "" and not Mensaje.objects.exists()
        # Not in the mailbox before its aviso: not listed, not found, cannot be opened.
        assert particular.lista() == []
        assert particular.get(f"/api/v1/notificaciones/{n.pk}").status_code == 404
        assert particular.abrir(n.pk).status_code == 404
    with time_machine.travel(aviso - timedelta(seconds=1), tick=False):
        assert avisar() == 0
        assert particular.lista() == []
    with time_machine.travel(aviso, tick=False):
        assert avisar() == 1
        assert avisar() == 0
        [item] = particular.lista()
        assert (item["estado"], item["aviso"]) == ("pendiente", texto(aviso))
        assert oficina.detalle(n.pk).json()["estado"] == AVISADA
    n.refresh_from_db()
    constancia = Acuse.objects.get(folio=n.acuse_aviso)
    assert (constancia.tipo, constancia.instante_legal) == ("constancia_aviso", aviso)
    assert Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:").count() == 2


def test_a_las_18_en_punto_aun_se_avisa(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    emision = zc(2027, 1, 14, 18)
    with time_machine.travel(emision, tick=False):
        oficina = Oficina(notificador)
        cuerpo = oficina.detalle(oficina.emitir(patron_a.rfc, "k-18").json()["id"]).json()
    assert (cuerpo["estado"], cuerpo["aviso"]) == (AVISADA, texto(emision))


# -- 7.2: an opening outside the hours is notified at 09:30 of the next día hábil --------------


LUNES_18 = zc(2027, 1, 18, 10)  # d1..d3 = 19, 20, 21 January; deemed at 09:30 of the 22nd
JUEVES_14 = zc(2027, 1, 14, 10)  # d1..d3 = 15, 18, 19 January; deemed at 09:30 of the 20th


@pytest.mark.parametrize(
    ("emision", "apertura", "notificada_en"),
    [
        pytest.param(LUNES_18, zc(2027, 1, 19, 20), zc(2027, 1, 20, 9, 30), id="martes-de-noche"),
        # 7.2 [I-29]: 07:00 of d2 (Wed 20) is an hora inhábil: 09:30 of the next día hábil, d3.
        pytest.param(LUNES_18, zc(2027, 1, 20, 7), zc(2027, 1, 21, 9, 30), id="de-madrugada"),
        # 08:15 of d1 (Tue 19): 09:30 of d2 (Wed 20), not of the same day.
        pytest.param(LUNES_18, zc(2027, 1, 19, 8, 15), zc(2027, 1, 20, 9, 30), id="0815-de-d1"),
        pytest.param(JUEVES_14, zc(2027, 1, 16, 11), zc(2027, 1, 18, 9, 30), id="sabado"),
        # On d3 at night: 09:30 of d4, the deemed instant too. The tie goes to the opening.
        pytest.param(
            LUNES_18, zc(2027, 1, 21, 19), zc(2027, 1, 22, 9, 30), id="noche-del-tercer-dia"
        ),
        # 08:15 of d3 (Thu 21): 09:30 of d4 (Fri 22), the deemed instant; the opening wins.
        pytest.param(LUNES_18, zc(2027, 1, 21, 8, 15), zc(2027, 1, 22, 9, 30), id="0815-de-d3"),
    ],
)
def test_abierta_de_noche_se_notifica_a_las_930_del_siguiente_dia_habil(
    notificador: Funcionario,
    supervisor: Funcionario,
    patron_a: Patron,
    emision: datetime,
    apertura: datetime,
    notificada_en: datetime,
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(emision, tick=False):
        n_id = oficina.emitir(patron_a.rfc, "k-noche").json()["id"]
        cuerpo = oficina.detalle(n_id).json()
    vence = datetime.fromisoformat(cuerpo["vence"])
    with time_machine.travel(apertura, tick=False):
        respuesta = particular.abrir(n_id)
        assert respuesta.status_code == 200, respuesta.content
        datos = respuesta.json()
        # The answer names an instant still ahead: that is when the law makes it.
        assert (datos["notificada"], datos["medio"]) == (texto(notificada_en), POR_APERTURA)
        assert datos["acuse"]["tipo"] == "notificacion"
        assert particular.abrir(n_id).json()["acuse"]["folio"] == datos["acuse"]["folio"]
        # Opened: the document is the particular's now, though the notification is not made yet.
        [item] = particular.lista()
        assert (item["estado"], item["medio"]) == ("pendiente", None)
        documento = particular.documento(n_id)
        assert documento.status_code == 200
        assert documento.content == pdf_de_prueba(f"Acto para {patron_a.rfc}")
        # Opened: it can no longer be cancelled.
        cancelacion = Oficina(supervisor).cancelar(n_id)
        assert (cancelacion.status_code, cancelacion.json()["error"]) == (409, "ya_notificada")
    with time_machine.travel(notificada_en - timedelta(seconds=1), tick=False):
        assert particular.lista()[0]["estado"] == "pendiente"
    with time_machine.travel(notificada_en, tick=False):
        [item] = particular.lista()
        assert (item["estado"], item["notificada"], item["medio"]) == (
            "notificada",
            texto(notificada_en),
            POR_APERTURA,
        )
    with time_machine.travel(vence + timedelta(days=3), tick=False):
        assert barrer_notificaciones() == 0
    n = Notificacion.objects.get(pk=n_id)
    [acuse] = acuses_de(n, TIPOS_NOTIFICACION)
    assert (acuse.folio, acuse.tipo, acuse.instante_legal) == (
        datos["acuse"]["folio"],
        "notificacion",
        notificada_en,
    )
    assert Evento.objects.filter(notificacion=n, tipo="abierta").count() == 1


def test_abierta_tras_el_vencimiento_queda_por_vencimiento(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(zc(2027, 1, 18, 10), tick=False):
        n_id = oficina.emitir(patron_a.rfc, "k-tarde").json()["id"]
    with time_machine.travel(zc(2027, 1, 22, 9, 30, 1), tick=False):
        datos = particular.abrir(n_id).json()
    assert (datos["notificada"], datos["medio"]) == (texto(zc(2027, 1, 22, 9, 30)), "vencimiento")
    assert datos["acuse"]["tipo"] == "notificacion_por_vencimiento"
    n = Notificacion.objects.get(pk=n_id)
    assert len(acuses_de(n, TIPOS_NOTIFICACION)) == 1


def test_abierta_en_el_instante_mismo_del_vencimiento_sigue_por_vencimiento(
    notificador: Funcionario, patron_a: Patron
) -> None:
    """At 09:30:00 of d4 the notification is already made by vencimiento: an opening at that very
    instant records the opening but never changes how it was made, whether the sweep ran first
    (its acuse says vencimiento) or not."""
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(LUNES_18, tick=False):
        primera = oficina.emitir(patron_a.rfc, "k-1").json()["id"]
        segunda = oficina.emitir(patron_a.rfc, "k-2", pdf_de_prueba("otro")).json()["id"]
    vence = zc(2027, 1, 22, 9, 30)
    with time_machine.travel(vence, tick=False):
        antes = {x["id"]: (x["estado"], x["medio"]) for x in particular.lista()}
        assert antes == {primera: ("notificada", "vencimiento"), segunda: antes[primera]}
        sin_barrido = particular.abrir(segunda).json()
        assert barrer_notificaciones() == 1
        tras_barrido = particular.abrir(primera).json()
        for datos in (sin_barrido, tras_barrido):
            assert (datos["medio"], datos["notificada"]) == ("vencimiento", texto(vence))
            assert datos["acuse"]["tipo"] == "notificacion_por_vencimiento"
        despues = {x["id"]: (x["estado"], x["medio"]) for x in particular.lista()}
        assert despues == antes
        for n_id in (primera, segunda):
            assert oficina.detalle(n_id).json()["medio"] == "vencimiento"
            n = Notificacion.objects.get(pk=n_id)
            assert n.abierta == vence and n.medio == "vencimiento"
            assert len(acuses_de(n, TIPOS_NOTIFICACION)) == 1


def test_abierta_a_las_0815_del_cuarto_dia_queda_por_vencimiento(
    notificador: Funcionario, patron_a: Patron
) -> None:
    """7.2 [I-29]: opened at 08:15 of d4 (Fri 22), the opening would notify at 09:30 of the next
    día hábil (Mon 25); the deemed instant, 09:30 of d4, comes first: made by vencimiento. The
    answer and its acuse say so at once, though 09:30 is still ahead."""
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(LUNES_18, tick=False):
        n_id = oficina.emitir(patron_a.rfc, "k-0815").json()["id"]
    vence = zc(2027, 1, 22, 9, 30)
    with time_machine.travel(zc(2027, 1, 22, 8, 15), tick=False):
        datos = particular.abrir(n_id).json()
        assert (datos["medio"], datos["notificada"]) == ("vencimiento", texto(vence))
        assert datos["acuse"]["tipo"] == "notificacion_por_vencimiento"
        assert particular.lista()[0]["estado"] == "pendiente"
    with time_machine.travel(vence, tick=False):
        assert barrer_notificaciones() == 0
        assert particular.lista()[0]["estado"] == "notificada"
    n = Notificacion.objects.get(pk=n_id)
    assert (n.apertura_legal, n.notificada, n.medio) == (
        zc(2027, 1, 25, 9, 30),
        vence,
        "vencimiento",
    )
    [acuse] = acuses_de(n, TIPOS_NOTIFICACION)
    assert (acuse.tipo, acuse.instante_legal) == ("notificacion_por_vencimiento", vence)


# -- 7.3: the aviso goes to every confirmed medio, and only to those, without links ------------


def test_el_aviso_va_a_cada_medio_confirmado_y_sin_enlaces(
    notificador: Funcionario, patron_a: Patron
) -> None:
    rfc, registro = patron_a.rfc, "Y5412345108"
    registrar_en_padron(rfc, registro)
    registrar_en_padron(rfc, "Y5499999108")
    buzon = habilitar(rfc, correo="contabilidad@empresa.mx", celular="5512345678")
    ahora = datetime.now(UTC)

    def medio(tipo: str, valor: str, estado: str, registro_patronal: str = "") -> None:
        Medio.objects.create(
            buzon=buzon,
            registro_patronal=registro_patronal,
            tipo=tipo,
            valor=valor,
            estado=estado,
            registrado_en=ahora,
            expira=ahora + timedelta(hours=72),
            confirmado_en=ahora if estado == Medio.Estado.CONFIRMADO else None,
        )

    medio("correo", "direccion@empresa.mx", Medio.Estado.CONFIRMADO)
    medio("correo", "planta@empresa.mx", Medio.Estado.CONFIRMADO, registro)
    medio("celular", "5587654321", Medio.Estado.CONFIRMADO, registro)
    medio("correo", "otra-planta@empresa.mx", Medio.Estado.CONFIRMADO, "Y5499999108")
    medio("correo", "sin-confirmar@empresa.mx", Medio.Estado.POR_CONFIRMAR)
    medio("correo", "cancelado@empresa.mx", Medio.Estado.CANCELADO)
    with time_machine.travel(zc(2027, 1, 18, 10), tick=False):
        respuesta = Oficina(notificador).emitir(rfc, "k-medios", registro_patronal=registro)
        assert respuesta.status_code == 201, respuesta.content
        assert sellar_constancias() == 1  # every medio accepted: sealed by the pass [I-35]
    n = Notificacion.objects.get(pk=respuesta.json()["id"])
    esperados = {
        "correo:contabilidad@empresa.mx",
        "correo:direccion@empresa.mx",
        "correo:planta@empresa.mx",
        "celular:5512345678",
        "celular:5587654321",
    }
    constancia = Acuse.objects.get(folio=n.acuse_aviso)
    assert constancia.tipo == "constancia_aviso"
    # Each line: "tipo valor: aceptado por el proveedor el <instant> (código …)".
    lineas = constancia.datos["medios"]
    assert {linea.split(": ", 1)[0].replace(" ", ":", 1) for linea in lineas} == esperados
    assert all(": aceptado por el proveedor el 2027-01-18T10:00:00-06:00" in x for x in lineas)
    assert constancia.datos["notificacion"] == n.folio
    mensajes = list(Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:"))
    assert {(m.canal, m.destino) for m in mensajes} == {
        ("correo", "contabilidad@empresa.mx"),
        ("correo", "direccion@empresa.mx"),
        ("correo", "planta@empresa.mx"),
        ("sms", "+525512345678"),
        ("sms", "+525587654321"),
    }
    for m in mensajes:
        assert enlace_en(m.asunto) is None and enlace_en(m.cuerpo) is None
        assert n.folio in m.cuerpo
    enviados = Evento.objects.filter(notificacion=n, tipo="aviso_enviado")
    assert {f"{e.datos['medio']}:{e.datos['valor']}" for e in enviados} == esperados
    # Dispatching again sends nothing and seals nothing more.
    with time_machine.travel(zc(2027, 1, 18, 11), tick=False):
        assert avisar() == 0
    assert Acuse.objects.filter(tipo="constancia_aviso").count() == 1


# -- the sweep's reading of the facts agrees with the pure rules --------------------------------


@given(
    st.sampled_from(["buzon", "estrados", "personal"]),
    st.datetimes(
        min_value=datetime(2026, 1, 1),  # noqa: DTZ001
        max_value=datetime(2028, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.timedeltas(min_value=timedelta(hours=1), max_value=timedelta(days=10)),
    st.none() | st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=12)),
)
def test_el_barrido_lee_los_hechos_como_las_reglas_puras(
    ruta: str, aviso: datetime, plazo: timedelta, tras: timedelta | None
) -> None:
    """`barrido.hecha` (what the acuse certifies) and `legal.notificacion` (what every read
    shows) are two readings of the same facts: they must never disagree."""
    otro = None if tras is None else aviso + tras
    n = Notificacion(
        ruta=ruta,
        aviso=aviso if ruta == BUZON else None,
        vence=aviso + plazo if ruta == BUZON else None,
        apertura_legal=otro if ruta == BUZON else None,
        estrados_notificada=aviso if ruta == "estrados" else None,
        personal_notificada=otro if ruta == "personal" else None,
    )
    assert hecha(n) == notificada(hechos_de(n), datetime(2100, 1, 1, tzinfo=UTC))


# -- the state machine ---------------------------------------------------------------------------

INICIOS = [zc(2027, 1, 11, 8), zc(2027, 1, 15, 17, 30), zc(2027, 1, 16, 12), zc(2027, 1, 29, 10)]
PASOS = [
    timedelta(seconds=1),
    timedelta(minutes=20),
    timedelta(hours=3),
    timedelta(hours=9),
    timedelta(days=1),
    timedelta(days=2),
]


class CicloDeNotificaciones(RuleBasedStateMachine):
    """Issue / advance the clock / open / sweep / cancel / declare or withdraw a día inhábil."""

    notificador: ClassVar[Funcionario]
    supervisor: ClassVar[Funcionario]
    patron: ClassVar[Patron]

    def __init__(self) -> None:
        super().__init__()
        self._transaccion = transaction.atomic()
        self._transaccion.__enter__()  # every example is rolled back in teardown
        self.ahora = INICIOS[0]
        self.oficina = Oficina(self.notificador)
        self.supervision = Oficina(self.supervisor)
        self.particular = Particular(self.patron)
        self.ids: list[int] = []
        self.pdfs: dict[int, bytes] = {}
        self.acuse_apertura: dict[int, str] = {}
        self.hecha_vista: dict[int, tuple[str, str | None]] = {}
        self.cancelada_vista: set[int] = set()
        self.eventos: dict[int, dict[str, tuple[str, str, Any]]] = {}
        self.dias: list[int] = []
        self.historia: dict[int, dict[datetime, str]] = {}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._transaccion.__exit__(None, None, None)

    def _reloj(self) -> Any:
        return time_machine.travel(self.ahora, tick=False)

    def _n(self, i: int) -> Notificacion:
        return Notificacion.objects.get(pk=self.ids[i % len(self.ids)])

    def _visible(self, n: Notificacion) -> bool:
        """7.3: the particular sees it from its aviso; one cancelled before it, never."""
        if n.aviso is None or n.aviso > self.ahora:
            return False
        return n.cancelada is None or n.cancelada >= n.aviso

    def _calendario(self) -> Any:
        return calendario_para()

    @initialize(inicio=st.sampled_from(INICIOS))
    def empezar(self, inicio: datetime) -> None:
        """Every run starts at one of a few instants (hábil, late Friday, Saturday…) with one
        notification issued; the rules add more."""
        self.ahora = inicio
        self.emitir()

    @precondition(lambda self: len(self.ids) < 3)
    @rule()
    def emitir(self) -> None:
        with self._reloj():
            pdf = pdf_de_prueba(f"Acto {len(self.ids)}")
            respuesta = self.oficina.emitir(self.patron.rfc, f"k-{len(self.ids)}", pdf)
            assert respuesta.status_code == 201, respuesta.content
            cuerpo = self.oficina.detalle(respuesta.json()["id"]).json()
            calendario = self._calendario()
            aviso = plazos.siguiente_instante_en_horario(self.ahora, calendario)
            assert cuerpo["aviso_programado"] == texto(aviso)
            if aviso == self.ahora:  # dispatched at issue, accepted at once: dated from now
                assert cuerpo["aviso"] == texto(aviso)
                vence = plazos.notificacion_por_vencimiento(aviso, calendario)
                assert cuerpo["vence"] == texto(vence)
                assert cuerpo["estado"] == AVISADA
            else:  # no aviso sent yet: no dates [I-35]
                assert (cuerpo["aviso"], cuerpo["vence"], cuerpo["estado"]) == (
                    None,
                    None,
                    PROGRAMADA,
                )
        self.ids.append(cuerpo["id"])
        self.pdfs[cuerpo["id"]] = pdf

    @rule(paso=st.sampled_from(PASOS))
    def avanzar(self, paso: timedelta) -> None:
        self.ahora += paso

    @precondition(lambda self: bool(self.ids))
    @rule(
        i=st.integers(0, 2),
        campo=st.sampled_from(["aviso", "vence", "apertura_legal"]),
        antes=st.sampled_from([timedelta(0), timedelta(seconds=1)]),
    )
    def avanzar_hasta(self, i: int, campo: str, antes: timedelta) -> None:
        """To exactly, or a second before, an instant that matters."""
        destino = getattr(self._n(i), campo)
        if destino is not None and destino - antes > self.ahora:
            self.ahora = destino - antes

    @precondition(lambda self: bool(self.ids))
    @rule(i=st.integers(0, 2))
    def abrir(self, i: int) -> None:
        n = self._n(i)
        with self._reloj():
            antes = situacion_de(n, self.ahora)
            respuesta = self.particular.abrir(n.pk)
            if not self._visible(n):
                # Not in the mailbox yet, or cancelled before its aviso: it does not exist for
                # the particular (no hint that it ever did).
                assert respuesta.status_code == 404, respuesta.content
                return
            if antes.estado == CANCELADA:
                assert (respuesta.status_code, respuesta.json()["error"]) == (409, "cancelada")
                return
            assert respuesta.status_code == 200, respuesta.content
            datos = respuesta.json()
            if n.pk in self.acuse_apertura:
                assert datos["acuse"]["folio"] == self.acuse_apertura[n.pk]
            elif antes.estado == NOTIFICADA:
                assert antes.notificada is not None
                assert (datos["medio"], datos["notificada"]) == (
                    "vencimiento",
                    texto(antes.notificada),
                )
            else:
                # 7.2 [I-29]: the earlier of the opening's legal instant and the deemed one (an
                # opening before 09:30 of d4 is placed on d5, so the deemed instant wins).
                legal = plazos.notificacion_por_apertura(self.ahora, self._calendario())
                assert n.vence is not None
                medio, instante = (
                    (POR_APERTURA, legal) if legal <= n.vence else ("vencimiento", n.vence)
                )
                assert (datos["medio"], datos["notificada"]) == (medio, texto(instante))
            self.acuse_apertura[n.pk] = datos["acuse"]["folio"]
            assert datos["acuse"]["tipo"] == TIPO_ACUSE[datos["medio"]]

    @rule()
    def barrer(self) -> None:
        with self._reloj():
            avisar()
            barrer_notificaciones()
            for n in Notificacion.objects.filter(pk__in=self.ids):
                if situacion_de(n, self.ahora).estado == NOTIFICADA:
                    assert len(acuses_de(n, TIPOS_NOTIFICACION)) == 1, n.folio
                if n.aviso is not None and n.aviso <= self.ahora and n.cancelada is None:
                    assert n.acuse_aviso, n.folio

    @precondition(lambda self: bool(self.ids))
    @rule(i=st.integers(0, 2))
    def cancelar(self, i: int) -> None:
        n = self._n(i)
        with self._reloj():
            antes = situacion_de(n, self.ahora).estado
            respuesta = self.supervision.cancelar(n.pk)
            if antes == CANCELADA:
                assert (respuesta.status_code, respuesta.json()["error"]) == (409, "ya_cancelada")
            elif antes == NOTIFICADA or n.abierta is not None:
                assert (respuesta.status_code, respuesta.json()["error"]) == (409, "ya_notificada")
            else:
                assert respuesta.status_code == 200, respuesta.content
                assert respuesta.json()["estado"] == CANCELADA

    @rule(desplazamiento=st.integers(-2, 6))
    def declarar_dia_inhabil(self, desplazamiento: int) -> None:
        dia = self.ahora.astimezone(ZONA_CENTRO).date() + timedelta(days=desplazamiento)
        with self._reloj():
            antes = {n.pk: n.vence for n in Notificacion.objects.filter(pk__in=self.ids)}
            dia_id = declarar(dia, self.ahora, f"DOF prueba {dia.isoformat()}")
            self._movidas_con_evento(antes, dia_id, "declaracion")
        if dia_id not in self.dias:
            self.dias.append(dia_id)

    @precondition(lambda self: bool(self.dias))
    @rule(i=st.integers(0, 5))
    def retirar_dia_inhabil(self, i: int) -> None:
        dia_id = self.dias.pop(i % len(self.dias))
        with self._reloj():
            antes = {n.pk: n.vence for n in Notificacion.objects.filter(pk__in=self.ids)}
            do_retirar_dia_inhabil(dia_id, por=POR, motivo="Fe de erratas", instante=self.ahora)
            self._movidas_con_evento(antes, dia_id, "retiro")

    def _movidas_con_evento(self, antes: dict[int, Any], dia_id: int, accion: str) -> None:
        for n in Notificacion.objects.filter(pk__in=self.ids):
            if n.vence != antes[n.pk]:
                assert Evento.objects.filter(
                    notificacion=n,
                    tipo="plazo_recalculado",
                    datos__motivo__dia=dia_id,
                    datos__motivo__accion=accion,
                ).exists(), n.folio

    # -- what must hold after every step ---------------------------------------------------------

    @invariant()
    def todo_es_coherente(self) -> None:
        if not self.ids:
            return
        with self._reloj():
            lista = {x["id"]: x for x in self.particular.lista()}
            calendario = self._calendario()
            for n in Notificacion.objects.filter(pk__in=self.ids).order_by("id"):
                self._revisar(n, lista, calendario)

    def _revisar(self, n: Notificacion, lista: dict[int, Any], calendario: Any) -> None:
        s = situacion_de(n, self.ahora)
        # The official's API shows the pure derivation.
        detalle = self.oficina.detalle(n.pk).json()
        assert (detalle["estado"], detalle["medio"]) == (s.estado, s.medio), n.folio
        assert detalle["notificada"] == (None if s.notificada is None else texto(s.notificada))
        # So does the particular's, once the aviso reached them.
        visible = self._visible(n)
        assert (n.pk in lista) == visible, n.folio
        documento = self.particular.documento(n.pk)
        if visible:
            assert lista[n.pk]["estado"] == ESTADO_PARTICULAR[s.estado]
            # The document: downloadable iff opened or made.
            if n.abierta is not None or s.estado == NOTIFICADA:
                assert documento.status_code == 200
                assert documento.content == self.pdfs[n.pk]
            else:
                assert (documento.status_code, documento.json()["error"]) == (409, "no_abierta")
        else:
            assert documento.status_code == 404
        # Acuses: one notification acuse at most, exactly one once materialised, none cancelled.
        propios = acuses_de(n, TIPOS_NOTIFICACION)
        if n.cancelada is not None:
            assert propios == [] and n.acuse == ""
            assert [a.tipo for a in acuses_de(n, frozenset({"cancelacion_notificacion"}))] == [
                "cancelacion_notificacion"
            ]
        elif n.acuse:
            [acuse] = propios
            assert (acuse.folio, acuse.tipo) == (n.acuse, TIPO_ACUSE[n.medio])
            assert (n.notificada, n.medio) == hecha(n)
            assert acuse.instante_legal == n.notificada
        else:
            assert propios == []
        if s.estado == NOTIFICADA and n.acuse:
            assert (n.notificada, n.medio) == (s.notificada, s.medio)
        # Monotone: made stays made (same instant, same means); cancelled stays cancelled.
        if n.pk in self.hecha_vista:
            assert s.estado == NOTIFICADA
            assert (texto(s.notificada) if s.notificada else None, s.medio) == self.hecha_vista[
                n.pk
            ]
        if n.pk in self.cancelada_vista:
            assert s.estado == CANCELADA
        if s.estado == NOTIFICADA:
            assert s.notificada is not None
            self.hecha_vista[n.pk] = (texto(s.notificada), s.medio)
        if s.estado == CANCELADA:
            self.cancelada_vista.add(n.pk)
        # Pending dates follow the calendar as it is now (recalculated on every change), except
        # that a change never places them in the past (then they stay where they were).
        if s.estado == PROGRAMADA:  # no aviso sent: no dates, only the schedule [I-35]
            assert n.aviso is None and n.vence is None and n.aviso_programado is not None
            programado = plazos.siguiente_instante_en_horario(n.creada, calendario)
            pendiente = n.aviso_despachado is None and n.aviso_programado > self.ahora
            if pendiente and programado > self.ahora:
                assert n.aviso_programado == programado
        if s.estado == AVISADA and n.abierta is None:
            assert n.aviso is not None and n.vence is not None and n.vence > self.ahora
            vence = plazos.notificacion_por_vencimiento(n.aviso, calendario)
            if vence > self.ahora:
                assert n.vence == vence
        # History is never rewritten: the state shown at any past instant is still the state
        # the facts give for that instant (a fact at the present instant may change the present).
        historia = self.historia.setdefault(n.pk, {})
        for instante, estado in historia.items():
            if instante < self.ahora:
                assert situacion_de(n, instante).estado == estado, (n.folio, instante, estado)
        historia[self.ahora] = s.estado
        # The timeline is append-only: ids never change, nothing is edited, the count only grows.
        eventos = {e["id"]: (e["tipo"], e["instante"], e["datos"]) for e in detalle["eventos"]}
        anteriores = self.eventos.get(n.pk, {})
        assert len(eventos) >= len(anteriores)
        for id_evento, contenido in anteriores.items():
            assert eventos.get(id_evento) == contenido, (n.folio, id_evento)
        self.eventos[n.pk] = eventos
        assert Evento.objects.filter(notificacion=n).count() == len(eventos)


def test_maquina_de_estados_del_ciclo(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc, en=datetime(2026, 11, 1, tzinfo=UTC))
    CicloDeNotificaciones.notificador = notificador
    CicloDeNotificaciones.supervisor = supervisor
    CicloDeNotificaciones.patron = patron_a
    run_state_machine_as_test(
        CicloDeNotificaciones,
        settings=settings(
            max_examples=30,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
