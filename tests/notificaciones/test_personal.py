"""The personal route through the API (7.10; CFF 13, 134-I, 135–137): chosen at issue or later,
the citatorio and its PDF, the diligencia with the signed acta and its acuse, the representación
impresa, and who may reach each operation. Dates are hand-counted (January 2027: Thu 14, Fri 15,
Sat 16, Sun 17, Mon 18, Tue 19, Wed 20, Thu 21; Monday 1 February is inhábil, CFF 12)."""

from __future__ import annotations

import base64
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client

from buzon.avisos.models import Mensaje
from buzon.evidencia import almacen
from buzon.evidencia.models import EntradaBitacora
from buzon.legal.rfc import enmascarar_rfc
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.impresion import cadena_documento, url_verificacion_documento
from buzon.notificaciones.models import Evento, Notificacion
from tests.cuentas.fixtures import Patron
from tests.evidencia.test_pdf import correr, herramienta, sin_espacios
from tests.notificaciones.ayudas import (
    TIPOS_NOTIFICACION,
    Oficina,
    Particular,
    acuses_de,
    texto,
    zc,
)
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba
from tests.notificaciones.test_paginas import _formulario_emision, _post_emision
from tests.notificaciones.test_paginas import oficina as pagina_oficina
from tests.notificaciones.test_paginas import texto as pagina_texto

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)
SIN_BUZON = "MAPE800101AB1"
RUTA = "/api/v1/oficina/notificaciones"


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def _emitir(oficina: Oficina, rfc: str, clave: str, **extra: Any) -> dict[str, Any]:
    respuesta = oficina.emitir(rfc, clave, **extra)
    assert respuesta.status_code == 201, respuesta.content
    return dict(respuesta.json())


def _acta(
    funcionario: Funcionario,
    instante: str,
    con: str = "interesado",
    nombre: str = "María Pérez López",
    **extra: Any,
) -> dict[str, Any]:
    pdf = pdf_de_prueba(f"Acta {instante}")
    return {
        "instante": instante,
        "acta": base64.b64encode(pdf).decode(),
        "firma": funcionario.patron.firmar(pdf),
        "con": con,
        "nombre": nombre,
        **extra,
    }


def _error(respuesta: Any) -> tuple[int, str]:
    return respuesta.status_code, respuesta.json()["error"]


def _tipos(n_id: int) -> set[str]:
    return set(Evento.objects.filter(notificacion_id=n_id).values_list("tipo", flat=True))


def _texto_pdf(pdf: bytes, carpeta: Path) -> str:
    ruta = carpeta / "x.pdf"
    ruta.write_bytes(pdf)
    return correr(herramienta("pdftotext", "poppler-utils"), "-layout", ruta, "-").stdout


# -- choosing the route --------------------------------------------------------------------------


def test_via_personal_al_emitir(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)  # an enabled mailbox: the official still may go in person (7.10)
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        mala = oficina.emitir(patron_a.rfc, "k-mala", ruta="estrados")
        assert (*_error(mala), mala.json()["campo"]) == (400, "ruta_invalida", "ruta")
        cuerpo = _emitir(oficina, patron_a.rfc, "k", ruta="personal")
        assert (cuerpo["ruta"], cuerpo["estado"]) == ("personal", "requiere_notificacion_personal")
        # Idempotency: the same body answers the same; without `ruta` it is another request.
        assert _emitir(oficina, patron_a.rfc, "k", ruta="personal")["id"] == cuerpo["id"]
        otra = oficina.emitir(patron_a.rfc, "k")
        assert _error(otra) == (422, "idempotencia_conflicto")
        n = Notificacion.objects.get(pk=cuerpo["id"])
        assert (n.personal_elegida, n.personal_elegida_por) == (LUNES, notificador.oficial.rfc)
        assert len(n.codigo_verificacion) == 20 and n.codigo_verificacion.isalnum()
        enrutada = Evento.objects.get(notificacion=n, tipo="enrutada")
        assert "elegida por el servidor público" in enrutada.datos["motivo"]
        # No aviso for it, and it is not in the particular's Buzón.
        assert not Mensaje.objects.filter(clave__contains=n.folio).exists()
        assert Particular(patron_a).lista() == []
        detalle = oficina.detalle(n.pk).json()
        assert detalle["personal_elegida"] == texto(LUNES) and detalle["citatorio"] is None


def test_elegir_despues_antes_de_notificarse(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, patron_a.rfc, "k")["id"]
        assert Notificacion.objects.get(pk=n_id).ruta == "buzon"
        vacio = oficina.post(f"{RUTA}/{n_id}/via-personal", {"motivo": "  "})
        assert _error(vacio) == (400, "motivo_invalido")
        hecha = oficina.post(f"{RUTA}/{n_id}/via-personal", {"motivo": "Entrega con el oficio"})
        assert hecha.status_code == 200, hecha.content
        datos = hecha.json()
        assert (datos["ruta"], datos["estado"]) == ("personal", "requiere_notificacion_personal")
        assert datos["personal_motivo"] == "Entrega con el oficio"
        assert _error(oficina.post(f"{RUTA}/{n_id}/via-personal", {"motivo": "x"})) == (
            409,
            "ya_personal",
        )
    folio = Notificacion.objects.get(pk=n_id).folio
    evento = Evento.objects.get(notificacion_id=n_id, tipo="via_personal")
    assert evento.datos["ruta_anterior"] == "buzon"
    assert EntradaBitacora.objects.filter(tipo="notificacion_via_personal", sujeto=folio).exists()
    # Never deemed, whatever time passes; only a diligencia notifies it now.
    with time_machine.travel(zc(2027, 2, 15, 10), tick=False):
        assert barrer_notificaciones() == 0
        assert oficina.detalle(n_id).json()["estado"] == "requiere_notificacion_personal"
        assert Particular(patron_a).lista() == []
    assert not acuses_de(Notificacion.objects.get(pk=n_id), TIPOS_NOTIFICACION)


def test_no_se_elige_si_ya_se_hizo_o_se_cancelo(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    oficina, publico = Oficina(notificador), Client()
    with time_machine.travel(LUNES, tick=False):
        abierta = _emitir(oficina, patron_a.rfc, "k-abierta")["id"]
        cancelada = _emitir(oficina, patron_a.rfc, "k-cancelada")["id"]
        estrados = _emitir(oficina, SIN_BUZON, "k-estrados")["id"]  # after the 180 days
        publicada = _emitir(oficina, SIN_BUZON, "k-publicada")["id"]
        assert Notificacion.objects.get(pk=estrados).ruta == "estrados"
        # Opened by the particular (its facts as the opening stores them).
        Notificacion.objects.filter(pk=abierta).update(
            aviso=LUNES, vence=zc(2027, 1, 22, 9, 30), abierta=LUNES, apertura_legal=LUNES
        )
        assert Oficina(supervisor).cancelar(cancelada).status_code == 200
        motivo = {"motivo": "Se notificará en el domicilio"}
        assert _error(oficina.post(f"{RUTA}/{abierta}/via-personal", motivo)) == (
            409,
            "ya_notificada",
        )
        assert _error(oficina.post(f"{RUTA}/{cancelada}/via-personal", motivo)) == (
            409,
            "cancelada",
        )
    # Still on the board (10 días hábiles from Tue 19; Mon 1 Feb inhábil): may go personal, and
    # leaves the board at once.
    with time_machine.travel(zc(2027, 1, 20, 10), tick=False):
        folio = Notificacion.objects.get(pk=publicada).folio
        assert folio in [e["folio"] for e in publico.get("/api/v1/estrados").json()]
        assert oficina.post(f"{RUTA}/{publicada}/via-personal", motivo).status_code == 200
        assert folio not in [e["folio"] for e in publico.get("/api/v1/estrados").json()]
    # Made by estrados at 00:00 of Wed 3 Feb (the eleventh día hábil): too late.
    with time_machine.travel(zc(2027, 2, 3, 10), tick=False):
        respuesta = oficina.post(f"{RUTA}/{estrados}/via-personal", motivo)
        assert _error(respuesta) == (409, "ya_notificada")
        assert "por estrados" in respuesta.json()["mensaje"]


# -- the citatorio and the diligencia -------------------------------------------------------------


def test_citatorio_y_diligencia_con_un_vecino(
    notificador: Funcionario, patron_a: Patron, tmp_path: Path
) -> None:
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, patron_a.rfc, "k", ruta="personal")["id"]
    citatorio, diligencia = f"{RUTA}/{n_id}/citatorio", f"{RUTA}/{n_id}/notificacion-personal"
    with time_machine.travel(zc(2027, 1, 19, 16), tick=False):
        sin_citatorio = oficina.post(
            diligencia, _acta(notificador, "2027-01-19T12:00:00-06:00", "tercero")
        )
        assert _error(sin_citatorio) == (400, "requiere_citatorio")
        assert oficina.get(f"{citatorio}/pdf").status_code == 404
        domingo = oficina.post(
            citatorio,
            {
                "dejado": "2027-01-19T12:00:00-06:00",
                "cita": "2027-01-24T10:00:00-06:00",
                "con": "X",
            },
        )
        assert (*_error(domingo), domingo.json()["campo"]) == (400, "cita_invalida", "cita")
        temprano = oficina.post(
            citatorio,
            {
                "dejado": "2027-01-19T07:00:00-06:00",
                "cita": "2027-01-20T10:00:00-06:00",
                "con": "X",
            },
        )
        assert _error(temprano) == (400, "hora_inhabil")
        nadie = {"dejado": "2027-01-19T12:00:00-06:00", "cita": "2027-01-20T10:00:00-06:00"}
        assert _error(oficina.post(citatorio, nadie)) == (400, "con_invalido")
        hecho = oficina.post(citatorio, {**nadie, "fijado": True})
        assert hecho.status_code == 200, hecho.content
        assert hecho.json()["citatorio"] == {
            "dejado": "2027-01-19T12:00:00-06:00",
            "cita": "2027-01-20T10:00:00-06:00",
            "con": None,
            "fijado_en_acceso": True,
            "notificador": notificador.oficial.rfc,
        }
        otro = oficina.post(citatorio, {**nadie, "dejado": "2027-01-19T13:00:00-06:00", "con": "Y"})
        assert _error(otro) == (409, "citatorio_vigente")
        pdf = oficina.get(f"{citatorio}/pdf")
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        impreso = sin_espacios(_texto_pdf(pdf.content, tmp_path))
        folio = Notificacion.objects.get(pk=n_id).folio
        assert folio in impreso and sin_espacios("20 de enero de 2027, 10:00:00 h") in impreso
        assert sin_espacios("se fijó en el acceso principal") in impreso
    with time_machine.travel(zc(2027, 1, 20, 12), tick=False):
        antes = oficina.post(diligencia, _acta(notificador, "2027-01-20T09:59:00-06:00", "vecino"))
        assert _error(antes) == (400, "fuera_de_la_cita")
        cuerpo = _acta(
            notificador, "2027-01-20T10:05:00-06:00", "vecino", "Ana Ruiz Soto", nego_firma=True
        )
        respuesta = oficina.post(diligencia, cuerpo)
        assert respuesta.status_code == 200, respuesta.content
        datos = respuesta.json()
        assert (datos["estado"], datos["medio"], datos["notificada"]) == (
            "notificada",
            "personal",
            texto(zc(2027, 1, 20, 10, 5)),
        )
        assert datos["diligencia"]["surte_efectos"] == "2027-01-21"  # Wed → Thu (CFF 135)
        assert (datos["diligencia"]["con"], datos["diligencia"]["se_nego_a_firmar"]) == (
            "vecino",
            True,
        )
        assert _error(oficina.post(diligencia, cuerpo)) == (409, "ya_notificada")
    n = Notificacion.objects.get(pk=n_id)
    [acuse] = acuses_de(n, TIPOS_NOTIFICACION)
    assert (acuse.tipo, acuse.instante_legal) == ("notificacion_personal", zc(2027, 1, 20, 10, 5))
    assert {
        k: acuse.datos[k]
        for k in ("con_quien", "persona", "se_nego_a_firmar", "surte_efectos", "acta_sha256")
    } == {
        "con_quien": "vecino",
        "persona": "Ana Ruiz Soto",
        "se_nego_a_firmar": True,
        "surte_efectos": "2027-01-21",
        "acta_sha256": n.personal_documento_sha256,
    }
    assert acuse.datos["citatorio_dejado"] == "2027-01-19T12:00:00-06:00"
    assert acuse.datos["citatorio_cita"] == "2027-01-20T10:00:00-06:00"
    assert acuse.datos["citatorio_con"] == "fijado en el acceso principal"
    assert n.personal_documento_sha256 in acuse.cadena_original
    assert [d["sha256"] for d in acuse.documentos] == [
        n.documento_sha256,
        n.personal_documento_sha256,
    ]
    assert {"citatorio", "notificacion_personal", "notificada"} <= _tipos(n_id)
    assert EntradaBitacora.objects.filter(tipo="citatorio_dejado", sujeto=n.folio).exists()
    assert EntradaBitacora.objects.filter(tipo="diligencia_registrada", sujeto=n.folio).exists()


def test_diligencia_en_dias_y_horas_habiles(notificador: Funcionario, patron_a: Patron) -> None:
    oficina = Oficina(notificador)
    with time_machine.travel(zc(2027, 1, 14, 10), tick=False):  # Thursday
        n_id = _emitir(oficina, patron_a.rfc, "k", ruta="personal")["id"]
    ruta = f"{RUTA}/{n_id}/notificacion-personal"
    with time_machine.travel(zc(2027, 1, 16, 12), tick=False):  # Saturday
        sabado = oficina.post(ruta, _acta(notificador, "2027-01-16T10:00:00-06:00"))
        assert _error(sabado) == (400, "dia_inhabil") and "sábado" in sabado.json()["mensaje"]
        temprano = oficina.post(ruta, _acta(notificador, "2027-01-15T07:29:00-06:00"))
        assert (*_error(temprano), temprano.json()["campo"]) == (400, "hora_inhabil", "instante")
        tarde = oficina.post(ruta, _acta(notificador, "2027-01-15T18:00:01-06:00"))
        assert _error(tarde) == (400, "hora_inhabil")
        sin_nombre = oficina.post(ruta, _acta(notificador, "2027-01-15T17:59:00-06:00", nombre=""))
        assert _error(sin_nombre) == (400, "nombre_invalido")
        assert Notificacion.objects.get(pk=n_id).personal_notificada is None
        hecha = oficina.post(ruta, _acta(notificador, "2027-01-15T17:59:00-06:00"))
        assert hecha.status_code == 200, hecha.content
        # Friday 17:59 → surte efectos on Monday 18 (CFF 135); made at the diligencia.
        assert hecha.json()["notificada"] == texto(zc(2027, 1, 15, 17, 59))
        assert hecha.json()["diligencia"]["surte_efectos"] == "2027-01-18"
    n = Notificacion.objects.get(pk=n_id)
    assert (n.personal_notificada, str(n.personal_surte_efectos)) == (
        zc(2027, 1, 15, 17, 59),
        "2027-01-18",
    )


# -- the representación impresa -------------------------------------------------------------------


def test_representacion_impresa(
    notificador: Funcionario,
    supervisor: Funcionario,
    patron_a: Patron,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.BUZON_URL_PUBLICA = "https://buzon.imss.gob.mx/"
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(oficina, patron_a.rfc, "k-personal", ruta="personal")["id"]
        buzon = _emitir(oficina, patron_a.rfc, "k-buzon")["id"]
        respuesta = oficina.get(f"{RUTA}/{n_id}/impresa")
        assert respuesta.status_code == 200, respuesta.content
        assert respuesta["Content-Type"] == "application/pdf"
        assert _error(oficina.get(f"{RUTA}/{buzon}/impresa")) == (409, "no_requiere_personal")
    n = Notificacion.objects.get(pk=n_id)
    documento = almacen.leer(n.documento_sha256)
    assert respuesta.content[: len(documento)] == documento  # the signed bytes, unchanged
    assert len(respuesta.content) > len(documento)
    url = url_verificacion_documento(n)
    assert url == f"https://buzon.imss.gob.mx/verificar/{n.folio}?c={n.codigo_verificacion}"
    assert cadena_documento(n) == (
        f"||1|{n.folio}|{n.rfc}|7.1|{n.documento_sha256}|{n.firmante_serie}|"
        "2027-01-18T10:00:00-06:00||"
    )
    impreso = sin_espacios(_texto_pdf(respuesta.content, tmp_path))
    for dato in (n.folio, n.codigo_verificacion, n.documento_sha256, sin_espacios(url)):
        assert dato in impreso
    final = impreso.split(sin_espacios("Representación impresa de documento notificado"), 1)[1]
    assert n.rfc not in final and enmascarar_rfc(n.rfc) in final  # masked on the last page
    with time_machine.travel(zc(2027, 1, 19, 10), tick=False):
        assert Oficina(supervisor).cancelar(n_id).status_code == 200
        assert _error(oficina.get(f"{RUTA}/{n_id}/impresa")) == (409, "cancelada")


def test_codigos_de_verificacion_para_las_ya_emitidas(
    notificador: Funcionario, patron_a: Patron
) -> None:
    oficina = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        ids = [_emitir(oficina, patron_a.rfc, f"k-{i}", ruta="personal")["id"] for i in range(3)]
    Notificacion.objects.filter(pk__in=ids[:2]).update(codigo_verificacion="")
    conservado = Notificacion.objects.get(pk=ids[2]).codigo_verificacion
    migracion = importlib.import_module("buzon.notificaciones.migrations.0008_personal")
    migracion.llenar_codigos(apps, None)
    codigos = dict(Notificacion.objects.filter(pk__in=ids).values_list("id", "codigo_verificacion"))
    assert codigos[ids[2]] == conservado
    assert all(len(c) == 20 for c in codigos.values()) and len(set(codigos.values())) == 3


# -- who may ------------------------------------------------------------------------------------


def test_solo_su_subdelegacion_y_solo_oficiales(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
) -> None:
    habilitar(patron_a.rfc)
    centro = Oficina(notificador)
    norte = Oficina(hacer_funcionario("LOPA700101AB2", "supervisor", "Norte"))
    particular = Particular(patron_a)
    with time_machine.travel(LUNES, tick=False):
        n_id = _emitir(centro, patron_a.rfc, "k", ruta="personal")["id"]
        buzon = _emitir(centro, patron_a.rfc, "k-buzon")["id"]
    with time_machine.travel(zc(2027, 1, 19, 16), tick=False):
        citatorio = {"dejado": "2027-01-19T12:00:00-06:00", "cita": "2027-01-20T10:00:00-06:00"}
        assert centro.post(f"{RUTA}/{n_id}/citatorio", {**citatorio, "con": "X"}).status_code == 200
        operaciones: list[tuple[str, str, dict[str, Any] | None]] = [
            ("post", f"{RUTA}/{buzon}/via-personal", {"motivo": "En el domicilio"}),
            ("post", f"{RUTA}/{n_id}/citatorio", {**citatorio, "con": "Y"}),
            ("get", f"{RUTA}/{n_id}/citatorio/pdf", None),
            ("get", f"{RUTA}/{n_id}/impresa", None),
            (
                "post",
                f"{RUTA}/{n_id}/notificacion-personal",
                _acta(norte.funcionario, "2027-01-19T12:30:00-06:00"),
            ),
        ]
        for metodo, ruta, cuerpo in operaciones:
            for sesion, esperado in ((norte, 404), (particular, 401)):
                respuesta = sesion.get(ruta) if metodo == "get" else sesion.post(ruta, cuerpo)
                assert respuesta.status_code == esperado, (ruta, respuesta.content)
            anonimo = Client().get(ruta) if metodo == "get" else Client().post(ruta, cuerpo)
            assert anonimo.status_code == 401, ruta
    assert Notificacion.objects.get(pk=buzon).ruta == "buzon"
    assert Notificacion.objects.get(pk=n_id).personal_notificada is None


# -- the pages ---------------------------------------------------------------------------------


def test_paginas_de_la_via_personal(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        cliente = pagina_oficina(notificador)
        _pagina, clave = _formulario_emision(cliente)
        assert 'name="ruta" value="personal"' in _pagina
        emitida = _post_emision(
            cliente, notificador, clave, pdf_de_prueba("Oficio"), ruta="personal"
        )
        assert emitida.status_code == 302
        elegida = Notificacion.objects.get(clave_idempotencia=clave)
        assert (elegida.ruta, elegida.personal_elegida) == ("personal", LUNES)
        n_id = _emitir(Oficina(notificador), patron_a.rfc, "k")["id"]
        detalle = pagina_texto(cliente.get(f"/oficina/notificaciones/{n_id}/"))
        assert "Notificar personalmente" in detalle and 'id="impresa"' not in detalle
        hecha = cliente.post(
            f"/oficina/notificaciones/{n_id}/via-personal/", {"motivo_personal": "En domicilio"}
        )
        assert hecha.status_code == 302 and hecha["Location"].endswith("?hecho=via_personal")
        pagina = pagina_texto(cliente.get(hecha["Location"]))
        assert "Imprimir representación impresa" in pagina and "Registrar un citatorio" in pagina
        assert 'id="elegir-personal"' not in pagina and 'id="via-personal"' in pagina
        impresa = cliente.get(f"/oficina/notificaciones/{n_id}/impresa.pdf")
        assert impresa.status_code == 200 and impresa["Content-Type"] == "application/pdf"
        documento = almacen.leer(Notificacion.objects.get(pk=n_id).documento_sha256)
        assert impresa.content.startswith(documento)
    with time_machine.travel(zc(2027, 1, 19, 16), tick=False):
        cliente = pagina_oficina(notificador)
        ruta = f"/oficina/notificaciones/{n_id}/citatorio/"
        # datetime-local values: the wall clock of the domicile (here Zona Centro).
        domingo = cliente.post(
            ruta, {"dejado": "2027-01-19T12:00", "cita": "2027-01-24T10:00", "con_citatorio": "P"}
        )
        assert domingo.status_code == 400
        assert 'id="error-cita"' in pagina_texto(domingo)
        assert "día hábil siguiente" in pagina_texto(domingo)
        hecho = cliente.post(
            ruta, {"dejado": "2027-01-19T12:00", "cita": "2027-01-20T10:00", "con_citatorio": "P"}
        )
        assert hecho.status_code == 302, pagina_texto(hecho)
        pagina = pagina_texto(cliente.get(hecho["Location"]))
        assert "Citatorio registrado para el 20 de enero de 2027, 10:00:00 h" in pagina
        assert 'id="citatorio-pdf"' in pagina
        pdf = cliente.get(f"/oficina/notificaciones/{n_id}/citatorio.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
