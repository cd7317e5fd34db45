"""5.6 [I-33]: replacing an email or the mobile is updating the medios, not failing to update
them. The old confirmed medio stays in force (the buzón route, the avisos) until its replacement
is confirmed, and simply stays when the replacement's 72 hours lapse. Hand-set instants on the
legal clock: Monday 1 March 2027, 10:00 Zona Centro, a día hábil inside the hours of 7.2.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from buzon.avisos.models import Mensaje
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.habilitacion.models import Medio
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, Particular, zc
from tests.notificaciones.fixtures import Funcionario

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 3, 1, 10)
VIEJO, NUEVO = "uno@empresa.mx", "nuevo@empresa.mx"
CEL_VIEJO, CEL_NUEVO = "5512345678", "5587654321"


class Titular(Particular):
    def put(self, ruta: str, datos: dict[str, Any]) -> Any:
        return self.cliente.put(
            ruta, datos, content_type="application/json", headers=self.encabezados()
        )

    def medios(self, correos: list[str], celular: str) -> dict[str, Any]:
        r = self.put("/api/v1/buzon/medios", {"correos": correos, "celular": celular})
        assert r.status_code == 200, r.content
        return dict(r.json())

    def confirmar(self, valor: str, codigos: dict[str, str]) -> None:
        r = self.post(
            "/api/v1/buzon/medios/confirmacion", {"valor": valor, "codigo": codigos[valor]}
        )
        assert r.status_code == 200, r.content

    def buzon(self) -> dict[str, Any]:
        return dict(self.get("/api/v1/buzon").json())


def _estados(medios: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(m["valor"], m["estado"]) for m in medios}


def _habilitado(patron: Patron, codigos: dict[str, str]) -> Titular:
    """The particular with VIEJO and CEL_VIEJO confirmed and the terms signed, on LUNES."""
    titular = Titular(patron)
    with time_machine.travel(LUNES, tick=False):
        _habilitar(titular, codigos)
    return titular


def _habilitar(titular: Titular, codigos: dict[str, str]) -> None:
    titular.medios([VIEJO], CEL_VIEJO)
    titular.confirmar(VIEJO, codigos)
    titular.confirmar(CEL_VIEJO, codigos)
    terminos = titular.get("/api/v1/buzon/terminos").json()
    firma = titular.patron.firmar(terminos["cadena"].encode())
    r = titular.post("/api/v1/buzon/terminos", {"version": terminos["version"], "firma": firma})
    assert r.status_code == 201, r.content


def _avisos_de(oficina: Oficina, rfc: str, clave: str) -> tuple[str, set[tuple[str, str]]]:
    """Issue a notification now, dispatch its aviso; (route, {(canal, destino)} it went to)."""
    r = oficina.emitir(rfc, clave)
    assert r.status_code == 201, r.content
    n = Notificacion.objects.get(pk=r.json()["id"])
    if n.ruta == Notificacion.Ruta.BUZON:
        assert n.aviso_programado is not None  # the dispatch schedule (7.2) [I-35]
        with time_machine.travel(n.aviso_programado, tick=False):
            despachar_avisos()
    enviados = Mensaje.objects.filter(clave__startswith=f"aviso:{n.folio}:")
    return str(n.ruta), {(m.canal, m.destino) for m in enviados}


def _sms(celular: str) -> tuple[str, str]:
    return ("sms", f"+52{celular}")


#: Where an aviso goes while nothing has replaced the old medios.
LOS_VIEJOS = {("correo", VIEJO), _sms(CEL_VIEJO)}


@pytest.mark.parametrize(
    ("correos", "celular", "confirmar", "horas", "esperados"),
    [
        pytest.param([NUEVO], CEL_VIEJO, [], 1, LOS_VIEJOS, id="correo-sin-confirmar"),
        pytest.param(
            [NUEVO],
            CEL_VIEJO,
            [NUEVO],
            1,
            {("correo", NUEVO), _sms(CEL_VIEJO)},
            id="correo-confirmado",
        ),
        pytest.param([NUEVO], CEL_VIEJO, [], 73, LOS_VIEJOS, id="correo-vencido"),
        pytest.param(
            [VIEJO],
            CEL_NUEVO,
            [CEL_NUEVO],
            1,
            {("correo", VIEJO), _sms(CEL_NUEVO)},
            id="celular-confirmado",
        ),
        pytest.param([VIEJO], CEL_NUEVO, [], 73, LOS_VIEJOS, id="celular-vencido"),
        pytest.param([NUEVO], CEL_NUEVO, [], 73, LOS_VIEJOS, id="ambos-vencidos"),
        pytest.param([NUEVO], CEL_NUEVO, [], 71, LOS_VIEJOS, id="ambos-por-confirmar"),
    ],
)
def test_reemplazar_un_medio_no_pierde_la_ruta_del_buzon(
    notificador: Funcionario,
    patron_a: Patron,
    codigos: dict[str, str],
    correos: list[str],
    celular: str,
    confirmar: list[str],
    horas: int,
    esperados: set[tuple[str, str]],
) -> None:
    titular, oficina = Titular(patron_a), Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        _habilitar(titular, codigos)
    with time_machine.travel(LUNES + timedelta(minutes=5), tick=False):
        cuerpo = titular.medios(correos, celular)
        assert cuerpo["estado"] == "habilitado"  # updating, not failing to update (5.6)
        # Before confirmation a notification goes to the buzón, its aviso to the old medios.
        assert _avisos_de(oficina, patron_a.rfc, "k-antes") == ("buzon", LOS_VIEJOS)
        for valor in confirmar:
            titular.confirmar(valor, codigos)
    with time_machine.travel(LUNES + timedelta(hours=horas), tick=False):
        assert titular.buzon()["estado"] == "habilitado"
        assert _avisos_de(oficina, patron_a.rfc, "k-despues") == ("buzon", esperados)


def test_el_viejo_se_retira_al_confirmar_el_nuevo_con_su_acuse(
    patron_a: Patron, codigos: dict[str, str], sello: CertificadoSello
) -> None:
    titular = _habilitado(patron_a, codigos)
    with time_machine.travel(LUNES + timedelta(minutes=5), tick=False):
        cuerpo = titular.medios([NUEVO], CEL_VIEJO)
        assert _estados(cuerpo["medios"]) == {
            (VIEJO, "confirmado"),
            (NUEVO, "por_confirmar"),
            (CEL_VIEJO, "confirmado"),
        }
        registro = Acuse.objects.get(folio=cuerpo["acuse"]["folio"])
        assert registro.datos["correos"] == [NUEVO]
        assert registro.datos["vigentes_hasta_confirmar_reemplazo"] == [VIEJO]
        viejo = Medio.objects.get(valor=VIEJO)
        assert viejo.reemplazo_solicitado_en == LUNES + timedelta(minutes=5)
    confirmacion = LUNES + timedelta(hours=2)
    with time_machine.travel(confirmacion, tick=False):
        titular.confirmar(NUEVO, codigos)
        assert _estados(titular.buzon()["medios"]) == {
            (NUEVO, "confirmado"),
            (CEL_VIEJO, "confirmado"),
        }
    viejo.refresh_from_db()
    assert (viejo.estado, viejo.motivo_cancelacion, viejo.cancelado_en) == (
        Medio.Estado.CANCELADO,
        "reemplazado",
        confirmacion,
    )
    ultimo = Acuse.objects.filter(tipo="registro_medios", rfc=patron_a.rfc).latest("id")
    assert ultimo.emitido == confirmacion
    assert dict(ultimo.datos) == {
        "correos": [NUEVO],
        "celular": CEL_VIEJO,
        "confirmado": NUEVO,
        "reemplazados": [VIEJO],
    }


def test_el_vencido_no_retira_al_viejo_y_un_reemplazo_posterior_si(
    patron_a: Patron, codigos: dict[str, str], sello: CertificadoSello
) -> None:
    titular = Titular(patron_a)
    with time_machine.travel(LUNES, tick=False):
        _habilitar(titular, codigos)
        titular.medios([NUEVO], CEL_VIEJO)
    with time_machine.travel(LUNES + timedelta(hours=72), tick=False):
        # 5.2: the replacement is cancelled at its 72-hour mark; the old one simply stays.
        assert _estados(titular.buzon()["medios"]) == {
            (VIEJO, "confirmado"),
            (CEL_VIEJO, "confirmado"),
        }
        r = titular.post("/api/v1/buzon/medios/confirmacion", {"valor": NUEVO, "codigo": "000000"})
        assert r.json()["error"] == "codigo_vencido"
        assert Medio.objects.get(valor=VIEJO).estado == Medio.Estado.CONFIRMADO
        titular.medios(["otro@empresa.mx"], CEL_VIEJO)
        titular.confirmar("otro@empresa.mx", codigos)
        assert [m["valor"] for m in titular.buzon()["medios"]] == [CEL_VIEJO, "otro@empresa.mx"]


def test_volver_a_nombrar_el_viejo_lo_conserva(
    patron_a: Patron, codigos: dict[str, str], sello: CertificadoSello
) -> None:
    titular = Titular(patron_a)
    with time_machine.travel(LUNES, tick=False):
        _habilitar(titular, codigos)
        titular.medios([NUEVO], CEL_VIEJO)
        titular.medios([VIEJO, NUEVO], CEL_VIEJO)  # changed their mind: keeps both
        assert Medio.objects.get(valor=VIEJO).reemplazo_solicitado_en is None
        titular.confirmar(NUEVO, codigos)
        estados = _estados(titular.buzon()["medios"])
        assert estados == {(VIEJO, "confirmado"), (NUEVO, "confirmado"), (CEL_VIEJO, "confirmado")}


def test_quitar_un_correo_cuando_otro_confirmado_queda_lo_retira_ya(
    patron_a: Patron, codigos: dict[str, str], sello: CertificadoSello
) -> None:
    titular = Titular(patron_a)
    with time_machine.travel(LUNES, tick=False):
        _habilitar(titular, codigos)
        titular.medios([VIEJO, NUEVO], CEL_VIEJO)
        titular.confirmar(NUEVO, codigos)
        cuerpo = titular.medios([NUEVO, "tercero@empresa.mx"], CEL_VIEJO)
        # A confirmed email remains in the list: nothing is being replaced, VIEJO goes now.
        assert VIEJO not in {m["valor"] for m in cuerpo["medios"]}
        assert Medio.objects.get(valor=VIEJO).motivo_cancelacion == "retirado"
        assert (
            "vigentes_hasta_confirmar_reemplazo"
            not in Acuse.objects.get(folio=cuerpo["acuse"]["folio"]).datos
        )


def test_sin_medios_confirmados_la_ruta_de_respaldo_sigue_igual(
    notificador: Funcionario, patron_a: Patron, codigos: dict[str, str]
) -> None:
    """A particular with nothing confirmed was never updating anything: after the 180 days it is
    notified by estrados, as before (Transitorio Primero, 7.8)."""
    titular, oficina = Titular(patron_a), Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        titular.medios([VIEJO], CEL_VIEJO)
        assert titular.buzon()["estado"] == "por_confirmar"
        assert _avisos_de(oficina, patron_a.rfc, "k-sin") == ("estrados", set())
