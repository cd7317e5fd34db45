"""Hypothesis state machine over the enablement rules (5.1, 5.2, 5.6, 5.3), against a model.

Codes are captured at the outbox seam (habilitacion.mensajes.codigo); the clock is frozen and
moved by the machine, so the 72-hour rule is exercised from stored instants.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from buzon.evidencia.models import CertificadoSello
from buzon.habilitacion import mensajes, servicios
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Buzon, Medio
from buzon.habilitacion.selectors import estado_de, estado_por_rfc

RFC = "XIQB891116QE4"
CORREOS = ["a@empresa.mx", "b@empresa.mx", "c@empresa.mx"]
CELULARES = ["5512345678", "5587654321"]


class Enablement(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # From now on (the test seal is valid from an hour ago), moved forward by the machine.
        self.reloj = time_machine.travel(datetime.now(UTC).replace(microsecond=0), tick=False)
        self.viaje = self.reloj.start()
        self.codigos: dict[str, str] = {}
        # Model: valor -> [estado, registrado]
        self.medios: dict[str, list[object]] = {}
        self.terminos = False
        self.fallos: dict[str, int] = {}
        #: Confirmed medios kept in force until a medio of their type is confirmed (5.6).
        self.reemplazados: set[str] = set()
        Medio.objects.all().delete()
        Buzon.objects.all().delete()

    def ahora(self) -> datetime:
        return datetime.now(UTC)

    def teardown(self) -> None:
        self.reloj.stop()

    def _vencer(self) -> None:
        for datos in self.medios.values():
            if datos[0] == "por_confirmar" and self.ahora() >= datos[1] + timedelta(hours=72):  # type: ignore[operator]
                datos[0] = "cancelado"

    @rule(
        correos=st.lists(st.sampled_from(CORREOS), min_size=1, max_size=3, unique=True),
        celular=st.sampled_from(CELULARES),
    )
    def registrar(self, correos: list[str], celular: str) -> None:
        self._vencer()
        servicios.do_registrar_medios(RFC, correos=correos, celular=celular, nombre="X")
        deseados = set(correos) | {celular}

        def tipo(valor: str) -> bool:
            return "@" in valor

        # 5.6 [I-33]: a confirmed medio dropped while its type keeps no confirmed one in the list
        # but names one still to confirm is being replaced: it stays confirmed meanwhile.
        quedan = {tipo(v) for v in deseados if self.medios.get(v, [""])[0] == "confirmado"}
        pendientes = {
            tipo(v) for v in deseados if self.medios.get(v, ["cancelado"])[0] != "confirmado"
        }
        for valor, datos in self.medios.items():
            if valor in deseados:
                self.reemplazados.discard(valor)
            elif (
                datos[0] == "confirmado" and tipo(valor) not in quedan and tipo(valor) in pendientes
            ):
                self.reemplazados.add(valor)
            elif datos[0] != "cancelado":
                datos[0] = "cancelado"
                self.reemplazados.discard(valor)
        for valor in deseados:
            if valor not in self.medios or self.medios[valor][0] == "cancelado":
                self.medios[valor] = ["por_confirmar", self.ahora()]
                self.fallos[valor] = 0

    @rule(data=st.data())
    def confirmar(self, data: st.DataObject) -> None:
        self._vencer()
        pendientes = sorted(v for v, d in self.medios.items() if d[0] == "por_confirmar")
        if not pendientes:
            return
        valor = data.draw(st.sampled_from(pendientes))
        if self.fallos[valor] >= 5:
            with pytest.raises(ErrorHabilitacion, match="5 intentos"):
                servicios.do_confirmar_medio(RFC, valor, self.codigos[valor])
            return
        servicios.do_confirmar_medio(RFC, valor, self.codigos[valor])
        self.medios[valor][0] = "confirmado"
        for viejo in [v for v in self.reemplazados if ("@" in v) == ("@" in valor)]:
            self.medios[viejo][0] = "cancelado"
            self.reemplazados.discard(viejo)

    @rule(data=st.data())
    def codigo_equivocado(self, data: st.DataObject) -> None:
        self._vencer()
        pendientes = sorted(v for v, d in self.medios.items() if d[0] == "por_confirmar")
        if not pendientes:
            return
        valor = data.draw(st.sampled_from(pendientes))
        malo = f"{(int(self.codigos[valor]) + 1) % 1_000_000:06d}"
        with pytest.raises(ErrorHabilitacion) as error:
            servicios.do_confirmar_medio(RFC, valor, malo)
        self.fallos[valor] += 1
        esperado = "codigo_invalido" if self.fallos[valor] < 5 else "intentos_agotados"
        assert error.value.codigo == esperado

    @rule(horas=st.integers(min_value=1, max_value=80))
    def pasa_el_tiempo(self, horas: int) -> None:
        self.viaje.shift(timedelta(hours=horas))
        self._vencer()

    @precondition(lambda self: not self.terminos)
    @rule()
    def aceptar_terminos(self) -> None:
        self._vencer()
        confirmados = {v for v, d in self.medios.items() if d[0] == "confirmado"}
        completos = any("@" in v for v in confirmados) and any("@" not in v for v in confirmados)
        buzon = Buzon.objects.filter(rfc=RFC).first()
        if buzon is None:
            assert estado_por_rfc(RFC, self.ahora()) is None
            return
        if completos:
            # The signature itself is covered by the API tests; here only the rule matters.
            Buzon.objects.filter(pk=buzon.pk).update(terminos_aceptados_en=self.ahora())
            self.terminos = True

    @rule()
    def barrer(self) -> None:
        servicios.barrer_medios()
        servicios.barrer_medios()  # idempotent

    @invariant()
    def estado_como_el_modelo(self) -> None:
        self._vencer()
        buzon = Buzon.objects.filter(rfc=RFC).first()
        if buzon is None:
            assert estado_por_rfc(RFC, self.ahora()) is None
            return
        vigentes = {v: d for v, d in self.medios.items() if d[0] != "cancelado"}
        confirmados = {v for v, d in vigentes.items() if d[0] == "confirmado"}
        if not vigentes:
            esperado = "sin_medios"
        elif not (any("@" in v for v in confirmados) and any("@" not in v for v in confirmados)):
            esperado = "por_confirmar"
        elif self.terminos:
            esperado = "habilitado"
        else:
            esperado = "por_aceptar_terminos"
        assert estado_de(buzon, self.ahora()) == esperado
        assert estado_por_rfc(RFC, self.ahora()) == esperado  # the one-query path


@pytest.mark.django_db
def test_maquina_de_habilitacion(monkeypatch: pytest.MonkeyPatch, sello: CertificadoSello) -> None:
    capturados: dict[str, str] = {}

    def capturar(**datos: object) -> None:
        capturados[str(datos["destino"]).removeprefix("+52")] = str(datos["codigo"])

    monkeypatch.setattr(mensajes, "codigo", capturar)
    # The anti-flooding limits are tested on their own; here only the enablement rules count.
    monkeypatch.setattr(servicios, "permitir", lambda *_: True)

    class Maquina(Enablement):
        def __init__(self) -> None:
            super().__init__()
            self.codigos = capturados

    Maquina.TestCase.settings = settings(
        max_examples=40,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Maquina.TestCase().runTest()


@pytest.mark.django_db
def test_estado_por_rfc_solo_cuenta_los_medios_del_rfc() -> None:
    """5.6: medios registered for a registro patronal do not enable the mailbox; a stored
    cancellation and an expired code do not count (the same answers as estado_de)."""
    ahora = datetime.now(UTC)
    assert estado_por_rfc(RFC, ahora) is None
    buzon = Buzon.objects.create(rfc=RFC, creado=ahora, terminos_aceptados_en=ahora)

    def medio(
        tipo: str, valor: str, estado: str, registro: str = "", vence: timedelta | None = None
    ) -> None:
        Medio.objects.create(
            buzon=buzon,
            registro_patronal=registro,
            tipo=tipo,
            valor=valor,
            estado=estado,
            registrado_en=ahora - timedelta(hours=1),
            expira=ahora + (timedelta(hours=71) if vence is None else vence),
        )

    def ambos() -> str | None:
        assert estado_por_rfc(RFC, ahora) == estado_de(buzon, ahora)
        return estado_por_rfc(RFC, ahora)

    assert ambos() == "sin_medios"
    medio("correo", "r@empresa.mx", "confirmado", "Y5412345108")
    medio("celular", "5511111111", "confirmado", "Y5412345108")
    assert ambos() == "sin_medios"
    medio("correo", "a@empresa.mx", "cancelado")
    assert ambos() == "sin_medios"
    medio("correo", "b@empresa.mx", "confirmado")
    medio("celular", "5522222222", "por_confirmar", vence=-timedelta(seconds=1))
    assert ambos() == "por_confirmar"
    medio("celular", "5533333333", "confirmado")
    assert ambos() == "habilitado"
    Buzon.objects.filter(pk=buzon.pk).update(terminos_aceptados_en=None)
    buzon.refresh_from_db()
    assert ambos() == "por_aceptar_terminos"
    Buzon.objects.filter(pk=buzon.pk).update(habilitado_2020_en=ahora)
    buzon.refresh_from_db()
    assert ambos() == "habilitado"
