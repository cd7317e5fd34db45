"""The official's side of notifications, through the API: routing (7.3, 7.8, 7.10, CFF 139),
the personal notification, cancellation, idempotency, and who may see and do what.

No employer ever reaches another's notification, and no official reaches one outside their
subdelegación: every endpoint answers 404, as if it did not exist.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.avisos.models import Mensaje
from buzon.evidencia.models import Acuse
from buzon.habilitacion.models import Buzon, Medio
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.notificaciones.caras import api, api_oficina, api_personal
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.models import Evento, Notificacion
from buzon.oficina.models import Oficial
from tests.cuentas.fixtures import Patron, entrar
from tests.notificaciones.ayudas import (
    TIPOS_NOTIFICACION,
    Oficina,
    Particular,
    acuses_de,
    texto,
    zc,
)
from tests.notificaciones.fixtures import (
    Funcionario,
    entrar_oficial,
    habilitar,
    pdf_de_prueba,
)

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)  # a día hábil, inside the hours; deemed at 09:30 of Friday 22nd
SIN_BUZON = "MAPE800101AB1"  # an employer who never opened the Buzón


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def _emitir(oficina: Oficina, rfc: str, clave: str, **extra: Any) -> dict[str, Any]:
    respuesta = oficina.emitir(rfc, clave, **extra)
    assert respuesta.status_code == 201, respuesta.content
    return dict(respuesta.json())


def _tipos_de_eventos(n_id: int) -> list[str]:
    return list(Evento.objects.filter(notificacion_id=n_id).values_list("tipo", flat=True))


# -- routing --------------------------------------------------------------------------------------


def test_habilitado_el_sabado_queda_programada_para_el_lunes(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(zc(2027, 1, 16, 12), tick=False):
        cuerpo = _emitir(Oficina(notificador), patron_a.rfc, "k")
    assert (cuerpo["ruta"], cuerpo["estado"], cuerpo["aviso_programado"]) == (
        "buzon",
        "programada",
        texto(zc(2027, 1, 18, 9, 30)),
    )
    # No aviso sent, no dates (7.3 [I-35]): they come from the providers' acceptance on Monday.
    assert (cuerpo["aviso"], cuerpo["vence"]) == (None, None)


def _sin_terminos(rfc: str) -> None:
    """A mailbox whose medios are confirmed but whose terms were never accepted."""
    habilitar(rfc)
    Buzon.objects.filter(rfc=rfc).update(terminos_aceptados_en=None, fuente_habilitacion="")


def _medios_cancelados(rfc: str) -> None:
    """Enabled once; every medio then lapsed (5.6): the Buzón cannot warn the particular."""
    habilitar(rfc)
    Medio.objects.filter(buzon__rfc=rfc).update(
        estado=Medio.Estado.CANCELADO, cancelado_en=LUNES - timedelta(days=2)
    )


def _celular_sin_confirmar(rfc: str) -> None:
    """Enabled once; the mobile was replaced and the new one is still unconfirmed."""
    buzon = habilitar(rfc)
    Medio.objects.filter(buzon=buzon, tipo=Medio.Tipo.CELULAR).update(estado=Medio.Estado.CANCELADO)
    Medio.objects.create(
        buzon=buzon,
        tipo=Medio.Tipo.CELULAR,
        valor="5511112222",
        estado=Medio.Estado.POR_CONFIRMAR,
        registrado_en=LUNES - timedelta(hours=1),
        expira=LUNES + timedelta(hours=71),
    )


@pytest.mark.parametrize(
    ("preparar", "motivo"),
    [
        pytest.param(lambda rfc: None, "plazo de 180 días", id="sin-buzon"),
        pytest.param(_sin_terminos, "plazo de 180 días", id="sin-aceptar-terminos"),
        pytest.param(_medios_cancelados, "medios de contacto sin vigencia", id="medios-vencidos"),
        pytest.param(
            _celular_sin_confirmar, "medios de contacto sin vigencia", id="celular-por-confirmar"
        ),
    ],
)
def test_a_estrados_con_las_fechas_del_cff_139(
    notificador: Funcionario, preparar: Callable[[str], None], motivo: str
) -> None:
    preparar(SIN_BUZON)
    oficina = Oficina(notificador)
    publico = Client()
    with time_machine.travel(LUNES, tick=False):
        cuerpo = _emitir(oficina, SIN_BUZON, "k-estrados")
        # CFF 139 (ten días, the eleventh the notification date) [I-28]: published Mon 18 Jan;
        # 19-22 (4), 25-29 (9), Mon 1 Feb statutory, Tue 2 Feb (10); notified at 00:00 of the
        # eleventh, Wed 3 February.
        assert (cuerpo["ruta"], cuerpo["estado"], cuerpo["aviso"]) == (
            "estrados",
            "en_estrados",
            None,
        )
        assert (cuerpo["estrados_publicada"], cuerpo["estrados_fin"]) == (
            "2027-01-18",
            "2027-02-02",
        )
        n = Notificacion.objects.get(pk=cuerpo["id"])
        assert n.estrados_notificada == zc(2027, 2, 3)
        [enrutada] = Evento.objects.filter(notificacion=n, tipo="enrutada")
        assert motivo in enrutada.datos["motivo"]
        assert not Mensaje.objects.exists() and n.acuse_aviso == ""
        tablero = publico.get("/api/v1/estrados").json()
        assert [(e["folio"], e["publicada"], e["fin_publicacion"]) for e in tablero] == [
            (n.folio, "2027-01-18", "2027-02-02")
        ]
        assert tablero[0]["notificada"] == texto(zc(2027, 2, 3))
        assert tablero[0]["rfc"] != SIN_BUZON and tablero[0]["rfc"].startswith(SIN_BUZON[:3])
        documento = publico.get(tablero[0]["documento"])
        assert documento.status_code == 200
        assert documento.content == pdf_de_prueba(f"Acto para {SIN_BUZON}")
    with time_machine.travel(zc(2027, 2, 2, 23, 59, 59), tick=False):
        assert [e["folio"] for e in publico.get("/api/v1/estrados").json()] == [n.folio]
        assert oficina.detalle(n.pk).json()["estado"] == "en_estrados"
        assert barrer_notificaciones() == 0
    with time_machine.travel(zc(2027, 2, 3), tick=False):
        assert publico.get("/api/v1/estrados").json() == []
        fuera = publico.get(f"/api/v1/estrados/{n.folio}/documento")
        assert (fuera.status_code, fuera.json()["error"]) == (404, "no_publicada")
        detalle = oficina.detalle(n.pk).json()
        assert (detalle["estado"], detalle["medio"], detalle["notificada"]) == (
            "notificada",
            "estrados",
            texto(zc(2027, 2, 3)),
        )
        assert barrer_notificaciones() == 1
    [acuse] = acuses_de(n, TIPOS_NOTIFICACION)
    assert (acuse.tipo, acuse.instante_legal) == ("notificacion_estrados", zc(2027, 2, 3))


def test_estrados_desconocidos_no_se_descargan(notificador: Funcionario) -> None:
    respuesta = Client().get("/api/v1/estrados/2027-AAAA-BBBB-CCCDD/documento")
    assert respuesta.status_code == 404


def test_dentro_de_los_180_dias_requiere_notificacion_personal(
    notificador: Funcionario, settings: Any
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"
    # [I-30] 1 Dec 2026 is the first of the 180 días naturales: 31 + 31 + 28 + 31 + 30 + 29 (May)
    # = 180, Sat 29 May 2027; Sun 30 inhábil, Mon 31 May the last day; late from 1 June 00:00.
    tarde = plazos.habilitacion_extemporanea_desde(date(2026, 12, 1), Calendario())
    assert tarde == zc(2027, 6, 1)
    oficina = Oficina(notificador)
    with time_machine.travel(tarde - timedelta(seconds=1), tick=False):
        ultima = _emitir(oficina, SIN_BUZON, "k-en-plazo")
        assert (ultima["ruta"], ultima["estado"]) == ("personal", "requiere_notificacion_personal")
    with time_machine.travel(tarde, tick=False):
        assert _emitir(oficina, SIN_BUZON, "k-tarde")["estado"] == "en_estrados"


def _acta(funcionario: Funcionario, instante: str, texto_acta: str = "Acta") -> dict[str, Any]:
    pdf = pdf_de_prueba(texto_acta)
    return {
        "instante": instante,
        "acta": base64.b64encode(pdf).decode(),
        "firma": funcionario.patron.firmar(pdf),
        "con": "interesado",
        "nombre": "María Pérez López",
    }


def test_notificacion_personal_con_acta_firmada(
    notificador: Funcionario, supervisor: Funcionario, settings: Any
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, SIN_BUZON, "k-personal")["id"]
        assert oficina.detalle(n_id).json()["estado"] == "requiere_notificacion_personal"
    ruta = f"/api/v1/oficina/notificaciones/{n_id}/notificacion-personal"
    diligencia = zc(2027, 1, 19, 12, 15)
    with time_machine.travel(zc(2027, 1, 19, 16), tick=False):
        futuro = oficina.post(ruta, _acta(notificador, "2027-01-19T17:00:00-06:00"))
        assert (futuro.status_code, futuro.json()["error"]) == (400, "instante_invalido")
        sin_zona = oficina.post(ruta, _acta(notificador, "2027-01-19T12:15:00"))
        assert (sin_zona.status_code, sin_zona.json()["error"]) == (400, "instante_invalido")
        antes = oficina.post(ruta, _acta(notificador, "2027-01-18T09:00:00-06:00"))
        assert (antes.status_code, antes.json()["campo"]) == (400, "instante")
        ajena = _acta(notificador, "2027-01-19T12:15:00-06:00")
        ajena["firma"] = supervisor.patron.firmar(pdf_de_prueba("Acta"))
        mala = oficina.post(ruta, ajena)
        assert (mala.status_code, mala.json()["error"]) == (400, "firma_invalida")
        assert Notificacion.objects.get(pk=n_id).personal_notificada is None
        respuesta = oficina.post(ruta, _acta(notificador, "2027-01-19T12:15:00-06:00"))
        assert respuesta.status_code == 200, respuesta.content
        datos = respuesta.json()
        assert (datos["estado"], datos["medio"], datos["notificada"]) == (
            "notificada",
            "personal",
            texto(diligencia),
        )
        otra_vez = oficina.post(ruta, _acta(notificador, "2027-01-19T12:15:00-06:00"))
        assert (otra_vez.status_code, otra_vez.json()["error"]) == (409, "ya_notificada")
    acuse = Acuse.objects.get(folio=datos["acuse"])
    assert (acuse.tipo, acuse.instante_legal) == ("notificacion_personal", diligencia)
    assert {"notificacion_personal", "notificada"} <= set(_tipos_de_eventos(n_id))
    n = Notificacion.objects.get(pk=n_id)
    assert n.personal_documento_sha256 and len(acuses_de(n, TIPOS_NOTIFICACION)) == 1


def test_la_via_personal_solo_para_su_ruta(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, patron_a.rfc, "k")["id"]
        respuesta = oficina.post(
            f"/api/v1/oficina/notificaciones/{n_id}/notificacion-personal",
            _acta(notificador, "2027-01-18T10:00:00-06:00"),
        )
    assert (respuesta.status_code, respuesta.json()["error"]) == (409, "no_requiere_personal")


# -- cancellation (supervisors, before the notification is made) ------------------------------


def test_cancelada_antes_de_notificarse(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, supervision, particular = (
        Oficina(notificador),
        Oficina(supervisor),
        Particular(patron_a),
    )
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, patron_a.rfc, "k")["id"]
    with time_machine.travel(zc(2027, 1, 19, 11), tick=False):
        propia = oficina.cancelar(n_id)
        assert (propia.status_code, propia.json()["error"]) == (403, "sin_permiso")
        vacia = supervision.cancelar(n_id, "   ")
        assert (vacia.status_code, vacia.json()["error"]) == (400, "motivo_invalido")
        respuesta = supervision.cancelar(n_id, "El crédito se pagó antes de notificarse")
        assert respuesta.status_code == 200, respuesta.content
        datos = respuesta.json()
        assert datos["estado"] == "cancelada"
        assert datos["motivo_cancelacion"] == "El crédito se pagó antes de notificarse"
        assert [e["tipo"] for e in datos["eventos"]][-1] == "cancelada"
        [item] = particular.lista()
        assert (item["estado"], item["medio"]) == ("cancelada", None)
        abrir = particular.abrir(n_id)
        assert (abrir.status_code, abrir.json()["error"]) == (409, "cancelada")
        assert particular.documento(n_id).status_code == 409
        otra = supervision.cancelar(n_id)
        assert (otra.status_code, otra.json()["error"]) == (409, "ya_cancelada")
    with time_machine.travel(zc(2027, 1, 25, 10), tick=False):
        assert barrer_notificaciones() == 0
        assert particular.lista()[0]["estado"] == "cancelada"
        assert oficina.detalle(n_id).json()["estado"] == "cancelada"
    n = Notificacion.objects.get(pk=n_id)
    assert acuses_de(n, TIPOS_NOTIFICACION) == []
    acuse = Acuse.objects.get(folio=datos["acuse_cancelacion"])
    assert (acuse.tipo, acuse.rfc, acuse.datos["notificacion"]) == (
        "cancelacion_notificacion",
        patron_a.rfc,
        n.folio,
    )


def test_cancelada_antes_de_su_aviso_nunca_llega_al_particular(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, particular = Oficina(notificador), Particular(patron_a)
    with time_machine.travel(zc(2027, 1, 16, 12), tick=False):  # Saturday: aviso on Monday
        n_id = _emitir(oficina, patron_a.rfc, "k")["id"]
        assert Oficina(supervisor).cancelar(n_id).status_code == 200
    with time_machine.travel(LUNES, tick=False):
        assert despachar_avisos() == 0
        assert not Mensaje.objects.exists()
        assert particular.lista() == []
        for respuesta in (
            particular.get(f"/api/v1/notificaciones/{n_id}"),
            particular.abrir(n_id),
            particular.documento(n_id),
        ):
            assert (respuesta.status_code, respuesta.json()["error"]) == (404, "no_encontrada")


def test_no_se_cancela_una_notificacion_ya_hecha(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(Oficina(notificador), patron_a.rfc, "k")["id"]
    # Deemed at 09:30 of the 22nd: refused from that instant, with or without a sweep.
    with time_machine.travel(zc(2027, 1, 22, 9, 30), tick=False):
        respuesta = Oficina(supervisor).cancelar(n_id)
        assert (respuesta.status_code, respuesta.json()["error"]) == (409, "ya_notificada")
    assert Notificacion.objects.get(pk=n_id).cancelada is None
    assert not Acuse.objects.filter(tipo="cancelacion_notificacion").exists()


def test_cancelar_en_estrados_o_por_via_personal(
    notificador: Funcionario, supervisor: Funcionario, settings: Any
) -> None:
    oficina, supervision, publico = Oficina(notificador), Oficina(supervisor), Client()
    with time_machine.travel(LUNES, tick=False):
        estrados = _emitir(oficina, SIN_BUZON, "k-estrados")["id"]
        settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"
        personal = _emitir(oficina, SIN_BUZON, "k-personal")["id"]
        folio = Notificacion.objects.get(pk=estrados).folio
        assert [e["folio"] for e in publico.get("/api/v1/estrados").json()] == [folio]
    with time_machine.travel(zc(2027, 1, 20, 10), tick=False):
        for n_id in (estrados, personal):
            assert supervision.cancelar(n_id).json()["estado"] == "cancelada"
        # Off the public board at once, and its document with it.
        assert publico.get("/api/v1/estrados").json() == []
        assert publico.get(f"/api/v1/estrados/{folio}/documento").status_code == 404
        acta = oficina.post(
            f"/api/v1/oficina/notificaciones/{personal}/notificacion-personal",
            _acta(notificador, "2027-01-20T09:00:00-06:00"),
        )
        assert (acta.status_code, acta.json()["error"]) == (409, "cancelada")
    with time_machine.travel(zc(2027, 2, 10), tick=False):
        assert barrer_notificaciones() == 0
        assert oficina.detalle(estrados).json()["estado"] == "cancelada"
    assert not Acuse.objects.filter(tipo__in=TIPOS_NOTIFICACION).exists()


# -- idempotency ----------------------------------------------------------------------------------


def test_idempotencia_por_oficial(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
) -> None:
    habilitar(patron_a.rfc)
    otro = Oficina(hacer_funcionario("LOPA700101AB2", "notificador"))
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        pdf = pdf_de_prueba("uno")
        # Retried before any provider answered: the very same answer (afterwards the same
        # notification, in the state it then has).
        primera = oficina.emitir(patron_a.rfc, "misma-clave", pdf, entregar=False)
        repetida = oficina.emitir(patron_a.rfc, "misma-clave", pdf)
        assert primera.status_code == repetida.status_code == 201
        assert primera.json() == repetida.json()
        tras_aviso = oficina.emitir(patron_a.rfc, "misma-clave", pdf)
        assert (tras_aviso.json()["id"], tras_aviso.json()["estado"]) == (
            primera.json()["id"],
            "avisada",
        )
        conflicto = oficina.emitir(patron_a.rfc, "misma-clave", pdf_de_prueba("dos"))
        assert conflicto.status_code == 422
        assert (conflicto.json()["error"], conflicto.json()["campo"]) == (
            "idempotencia_conflicto",
            "Idempotency-Key",
        )
        otro_asunto = oficina.emitir(patron_a.rfc, "misma-clave", pdf, asunto="Otro asunto")
        assert otro_asunto.json()["error"] == "idempotencia_conflicto"
        # Keys are per official: another official's same key is another notification.
        ajena = otro.emitir(patron_a.rfc, "misma-clave", pdf_de_prueba("dos"))
        assert ajena.status_code == 201
        assert ajena.json()["id"] != primera.json()["id"]
        sin_clave = oficina.post(
            "/api/v1/oficina/notificaciones", notificador.solicitud(patron_a.rfc)
        )
        assert (sin_clave.status_code, sin_clave.json()["error"]) == (
            400,
            "clave_idempotencia_invalida",
        )
    assert Notificacion.objects.count() == 2
    # The retry sent no second aviso.
    folio = primera.json()["folio"]
    assert Mensaje.objects.filter(clave__startswith=f"aviso:{folio}:").count() == 2
    with time_machine.travel(LUNES, tick=False):
        assert sellar_constancias() == 2  # one per notification, sealed by the pass [I-35]
        assert sellar_constancias() == 0
    assert Acuse.objects.filter(tipo="constancia_aviso", datos__notificacion=folio).count() == 1


def test_solicitudes_invalidas_nombran_el_campo(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    casos: list[tuple[dict[str, Any], int, str, str]] = [
        ({"rfc": "NO-ES-RFC"}, 400, "dato_invalido", "rfc"),
        ({"tipo": "7.99"}, 400, "tipo_invalido", "tipo"),
        ({"asunto": "dos\nlíneas"}, 400, "asunto_invalido", "asunto"),
        ({"documento": "no es base64!"}, 400, "documento_invalido", "documento"),
        (
            {"documento": base64.b64encode(b"GIF89a no soy un PDF").decode()},
            400,
            "documento_invalido",
            "documento",
        ),
        ({"firma": base64.b64encode(b"x" * 256).decode()}, 400, "firma_invalida", "firma"),
        ({"registro_patronal": "Y5412345108"}, 400, "registro_desconocido", "registro_patronal"),
    ]
    with time_machine.travel(LUNES, tick=False):
        for i, (cambio, estado, error, campo) in enumerate(casos):
            cuerpo = {**notificador.solicitud(patron_a.rfc), **cambio}
            respuesta = oficina.post(
                "/api/v1/oficina/notificaciones", cuerpo, {"Idempotency-Key": f"k{i}"}
            )
            assert (respuesta.status_code, respuesta.json()["error"]) == (estado, error), cambio
            assert respuesta.json()["campo"] == campo
            assert respuesta.json()["mensaje"]
    assert not Notificacion.objects.exists()


# -- who may see and do what --------------------------------------------------------------------

#: Every operation of the notifications API, by (method, path) as the routers declare them: a new
#: one must be added here (and to the access tests below) or this test fails.
OPERACIONES = {
    ("GET", "/notificaciones"),
    ("GET", "/notificaciones/{notificacion_id}"),
    ("POST", "/notificaciones/{notificacion_id}/apertura"),
    ("GET", "/notificaciones/{notificacion_id}/documento"),
    ("GET", "/estrados"),
    ("GET", "/estrados/{folio}/documento"),
    ("POST", "/oficina/notificaciones"),
    ("GET", "/oficina/notificaciones"),
    ("GET", "/oficina/notificaciones/{notificacion_id}"),
    ("GET", "/oficina/notificaciones/{notificacion_id}/documento"),
    ("POST", "/oficina/notificaciones/{notificacion_id}/cancelacion"),
    ("POST", "/oficina/notificaciones/{notificacion_id}/notificacion-personal"),
    ("POST", "/oficina/notificaciones/{notificacion_id}/via-personal"),
    ("POST", "/oficina/notificaciones/{notificacion_id}/citatorio"),
    ("GET", "/oficina/notificaciones/{notificacion_id}/citatorio/pdf"),
    ("GET", "/oficina/notificaciones/{notificacion_id}/impresa"),
    ("POST", "/oficina/notificaciones/{notificacion_id}/retencion"),
    ("POST", "/oficina/lotes"),
    ("GET", "/oficina/lotes/{lote_id}"),
    ("GET", "/oficina/catalogo"),
}


def test_la_lista_de_operaciones_esta_completa() -> None:
    declaradas = {
        (metodo, ruta)
        for router in (api.router, api_oficina.router, api_personal.router)
        for ruta, vista in router.path_operations.items()
        for operacion in vista.operations
        for metodo in operacion.methods
    }
    assert declaradas == OPERACIONES


def test_un_patron_nunca_ve_las_notificaciones_de_otro(
    notificador: Funcionario, patron_a: Patron, patron_b: Patron
) -> None:
    habilitar(patron_a.rfc)
    habilitar(patron_b.rfc, correo="b@empresa.mx", celular="5598765432")
    oficina, a, b = Oficina(notificador), Particular(patron_a), Particular(patron_b)
    with time_machine.travel(LUNES, tick=False):
        de_a = _emitir(oficina, patron_a.rfc, "k-a")["id"]
        de_b = _emitir(oficina, patron_b.rfc, "k-b")["id"]
        assert [x["id"] for x in a.lista()] == [de_a]
        assert [x["id"] for x in b.lista()] == [de_b]
        for ajeno in (
            b.get(f"/api/v1/notificaciones/{de_a}"),
            b.abrir(de_a),
            b.documento(de_a),
        ):
            assert (ajeno.status_code, ajeno.json()["error"]) == (404, "no_encontrada")
        assert a.abrir(de_a).status_code == 200
        # Opened by its owner: still nothing for the other one.
        assert b.documento(de_a).status_code == 404
        assert b.abrir(de_a).status_code == 404
    with time_machine.travel(zc(2027, 1, 25, 10), tick=False):
        assert barrer_notificaciones() == 1
        for ajeno in (b.get(f"/api/v1/notificaciones/{de_a}"), b.documento(de_a)):
            assert ajeno.status_code == 404
        assert [x["id"] for x in b.lista()] == [de_b]
        assert de_a not in [x["id"] for x in b.lista()]
        # The acuses too: the other's are not in one's list and cannot be fetched.
        acuse_a = Notificacion.objects.get(pk=de_a).acuse
        assert acuse_a not in [x["folio"] for x in b.get("/api/v1/acuses").json()["acuses"]]
        assert b.get(f"/api/v1/acuses/{acuse_a}").status_code == 404


def test_ninguna_oficina_ve_las_de_otra_subdelegacion(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
    settings: Any,
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"  # SIN_BUZON goes the personal way
    habilitar(patron_a.rfc)
    centro = Oficina(notificador)
    norte = [
        (Oficina(hacer_funcionario("LOPA700101AB2", "supervisor", "Norte")), 404),
        # A notificador may not cancel or hold anywhere: 403 for their role, whatever the id.
        (Oficina(hacer_funcionario("SARM690202CD3", "notificador", "Norte")), 403),
    ]
    administrador = Oficina(hacer_funcionario("ADMI800303EF4", "administrador", "Sur"))
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(centro, patron_a.rfc, "k")["id"]
        personal_id = _emitir(centro, SIN_BUZON, "k-personal")["id"]
        lote = centro.post(
            "/api/v1/oficina/lotes",
            {
                "nombre_archivo": "lote.jsonl",
                "contenido": base64.b64encode(b'{"rfc": "XIQB891116QE4"}\n').decode(),
            },
        )
        assert lote.status_code == 201, lote.content
        lote_id = lote.json()["id"]
        for oficina, por_rol in norte:
            assert oficina.get("/api/v1/oficina/notificaciones").json()["notificaciones"] == []
            filtrada = oficina.get(f"/api/v1/oficina/notificaciones?rfc={patron_a.rfc}")
            assert filtrada.json()["notificaciones"] == []
            respuestas = [
                (oficina.detalle(n_id), 404),
                (oficina.get(f"/api/v1/oficina/notificaciones/{n_id}/documento"), 404),
                (oficina.cancelar(n_id), por_rol),
                (
                    oficina.post(
                        f"/api/v1/oficina/notificaciones/{personal_id}/notificacion-personal",
                        _acta(oficina.funcionario, "2027-01-18T10:00:00-06:00"),
                    ),
                    404,
                ),
                (
                    oficina.post(
                        f"/api/v1/oficina/notificaciones/{n_id}/retencion",
                        {"retener": True, "motivo": "Juicio de nulidad"},
                    ),
                    por_rol,
                ),
                (oficina.get(f"/api/v1/oficina/lotes/{lote_id}"), 404),
            ]
            for respuesta, esperado in respuestas:
                assert respuesta.status_code == esperado, respuesta.content
        # An administrador sees every subdelegación.
        assert administrador.detalle(n_id).status_code == 200
        assert administrador.get(f"/api/v1/oficina/lotes/{lote_id}").status_code == 200
    n = Notificacion.objects.get(pk=n_id)
    assert (n.cancelada, n.retencion_legal) == (None, False)
    assert Notificacion.objects.get(pk=personal_id).personal_notificada is None


def test_perfiles_y_sesiones(
    notificador: Funcionario,
    hacer_patron: Callable[..., Patron],
    patron_a: Patron,
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(Oficina(notificador), patron_a.rfc, "k")["id"]
        particular = Particular(patron_a)
        # A particular's session opens no /oficina operation.
        for respuesta in (
            particular.get("/api/v1/oficina/notificaciones"),
            particular.get(f"/api/v1/oficina/notificaciones/{n_id}"),
            particular.get(f"/api/v1/oficina/notificaciones/{n_id}/documento"),
            particular.post("/api/v1/oficina/notificaciones", notificador.solicitud(patron_a.rfc)),
            particular.post(f"/api/v1/oficina/notificaciones/{n_id}/cancelacion", {"motivo": "x"}),
            particular.get("/api/v1/oficina/lotes/1"),
            particular.get("/api/v1/oficina/catalogo"),
        ):
            assert respuesta.status_code == 401
        # An official's session opens no particular operation.
        oficina = Oficina(notificador)
        for respuesta in (
            oficina.get("/api/v1/notificaciones"),
            oficina.get(f"/api/v1/notificaciones/{n_id}/documento"),
            oficina.post(f"/api/v1/notificaciones/{n_id}/apertura"),
        ):
            assert respuesta.status_code == 401
        # Without a session at all.
        assert Client().get(f"/api/v1/oficina/notificaciones/{n_id}").status_code == 401
        # A valid e.firma of someone who is not a registered official: refused at login.
        intruso = hacer_patron("NOOF800101AB1")
        reto = Client().post("/api/v1/sesiones/reto").json()["reto"]
        entrada = Client().post(
            "/api/v1/sesiones",
            {
                "certificado": base64.b64encode(intruso.cer).decode(),
                "reto": reto,
                "firma": intruso.firmar(reto.encode()),
                "perfil": "servidor_publico",
            },
            content_type="application/json",
        )
        assert (entrada.status_code, entrada.json()["error"]) == (403, "perfil_no_autorizado")
        # It can still enter as a particular (its own mailbox), never as an official.
        assert entrar(Client(), intruso)
        # An official deactivated after logging in loses access at once.
        token = entrar_oficial(Client(), notificador.patron)
        Oficial.objects.filter(rfc=notificador.oficial.rfc).update(activo=False)
        despues = Client().get(
            f"/api/v1/oficina/notificaciones/{n_id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert (despues.status_code, despues.json()["error"]) == (403, "sin_permiso")
        reto = Client().post("/api/v1/sesiones/reto").json()["reto"]
        inactivo = Client().post(
            "/api/v1/sesiones",
            {
                "certificado": base64.b64encode(notificador.patron.cer).decode(),
                "reto": reto,
                "firma": notificador.patron.firmar(reto.encode()),
                "perfil": "servidor_publico",
            },
            content_type="application/json",
        )
        assert inactivo.status_code == 403
