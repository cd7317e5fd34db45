"""The notification pages without a browser: what the e.firma module would post, posted.

Employer pages (Mis notificaciones, detail, opening, document), officials' pages (login, issue,
list and filters, timeline, cancellation, personal notification, batches) and the public estrados
board; every page refuses another employer's or another subdelegación's notification with a 404.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from buzon.cuentas.navegador import COOKIE
from buzon.evidencia.models import Acuse
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.caras import vistas, vistas_lotes
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.emision.servicios import Solicitud, do_emitir_notificacion
from buzon.notificaciones.models import Evento, Lote, Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import avisar
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

# Friday 15 January 2027, 10:00 Zona Centro: inside the hours of a día hábil (the test
# certificates are valid from 30 days before today to a year after).
VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)


@pytest.fixture
def viernes() -> Iterator[None]:
    with time_machine.travel(VIERNES, tick=False):
        yield


def entrar(cliente: Client, patron: Patron, url: str = "/entrar/") -> None:
    """Log in through a login page, posting what efirma.js posts (the reto signed)."""
    pagina = cliente.get(url).content.decode()
    encontrado = re.search(r'data-cadena="([^"]+)"', pagina)
    assert encontrado is not None
    reto = html.unescape(encontrado.group(1))
    respuesta = cliente.post(
        url,
        {
            "reto": reto,
            "firma": patron.firmar(reto.encode()),
            "certificado": base64.b64encode(patron.cer).decode(),
        },
    )
    assert respuesta.status_code == 302, respuesta.content.decode()
    assert COOKIE in respuesta.cookies


def cliente_de(patron: Patron, url: str = "/entrar/") -> Client:
    cliente = Client()
    entrar(cliente, patron, url)
    return cliente


def oficina(funcionario: Funcionario) -> Client:
    return cliente_de(funcionario.patron, "/oficina/entrar/")


def emitir(funcionario: Funcionario, rfc: str, texto: str = "", clave: str = "") -> Notificacion:
    """Issue through the service, as the API or a page would, and deliver its aviso at once
    (the console providers accept it: from then on it is avisada, I-35)."""
    pdf = pdf_de_prueba(texto or f"Acto para {rfc}")
    resultado = do_emitir_notificacion(
        funcionario.oficial,
        funcionario.patron.cer,
        Solicitud(
            clave=clave or f"prueba:{rfc}:{texto}",
            rfc=rfc,
            tipo="7.1",
            asunto=f"Resolución determinante {texto}".strip(),
            documento=base64.b64encode(pdf).decode(),
            firma=funcionario.patron.firmar(pdf),
        ),
    )
    assert resultado.notificacion is not None
    avisar()
    resultado.notificacion.refresh_from_db()
    return resultado.notificacion


def texto(respuesta: Any) -> str:
    return str(respuesta.content.decode())


# -- the employer --------------------------------------------------------------------------------


@pytest.mark.usefixtures("viernes")
def test_mis_notificaciones_abrir_acuse_y_documento(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    n = emitir(notificador, patron_a.rfc)
    cliente = cliente_de(patron_a)

    buzon = texto(cliente.get("/buzon/"))
    assert re.search(r"<strong>1</strong> pendiente de abrir", buzon)
    assert 'href="/buzon/notificaciones/"' in buzon  # the navigation link

    lista = texto(cliente.get("/buzon/notificaciones/"))
    assert n.folio in lista
    assert "Resolución determinante" in lista
    assert 'data-estado="pendiente"' in lista
    assert "Tiene hasta el 20 de enero de 2027 para abrirla" in lista
    assert "21 de enero de 2027, 09:30:00 h" in lista

    detalle = texto(cliente.get(f"/buzon/notificaciones/{n.pk}/"))
    assert "Abrir notificación" in detalle
    assert "csrfmiddlewaretoken" in detalle
    assert "18 de enero de 2027, 19 de enero de 2027, 20 de enero de 2027" in detalle
    assert "Aviso: el documento quedó depositado en su buzón." in detalle
    assert 'id="documento"' not in detalle

    antes = cliente.get(f"/buzon/notificaciones/{n.pk}/documento")
    assert antes.status_code == 409
    assert "Abra primero la notificación" in texto(antes)
    assert 'role="alert"' in texto(antes)

    assert cliente.get(f"/buzon/notificaciones/{n.pk}/abrir/").status_code == 405
    abierta = cliente.post(f"/buzon/notificaciones/{n.pk}/abrir/")
    assert abierta.status_code == 302
    assert abierta["Location"] == f"/buzon/notificaciones/{n.pk}/?abierta=1"
    n.refresh_from_db()
    assert Acuse.objects.get(folio=n.acuse).tipo == "notificacion"

    despues = texto(cliente.get(abierta["Location"]))
    assert f"Se emitió su acuse con folio <strong>{n.acuse}</strong>" in despues
    assert f'href="/buzon/acuses/{n.acuse}/pdf"' in despues
    assert 'id="estado">notificada<' in despues
    assert "Usted abrió el documento." in despues
    assert "Notificación realizada al abrirla." in despues
    assert "Abrir notificación" not in despues
    pdf_acuse = cliente.get(f"/buzon/acuses/{n.acuse}/pdf")
    assert pdf_acuse.status_code == 200 and pdf_acuse.content.startswith(b"%PDF")

    documento = cliente.get(f"/buzon/notificaciones/{n.pk}/documento")
    assert documento.status_code == 200
    assert documento["Content-Type"] == "application/pdf"
    assert documento.content == pdf_de_prueba(f"Acto para {patron_a.rfc}")

    # Opening again shows the same acuse; the list now links it.
    assert cliente.post(f"/buzon/notificaciones/{n.pk}/abrir/").status_code == 302
    assert Acuse.objects.filter(tipo="notificacion").count() == 1
    lista = texto(cliente.get("/buzon/notificaciones/"))
    assert f'href="/buzon/acuses/{n.acuse}/pdf"' in lista
    assert "ninguna pendiente de abrir" in texto(cliente.get("/buzon/"))


@pytest.mark.usefixtures("viernes")
def test_la_notificacion_de_otro_patron_es_404(
    notificador: Funcionario, patron_a: Patron, patron_b: Patron
) -> None:
    habilitar(patron_a.rfc)
    n = emitir(notificador, patron_a.rfc)
    otro = cliente_de(patron_b)
    assert n.folio not in texto(otro.get("/buzon/notificaciones/"))
    for respuesta in (
        otro.get(f"/buzon/notificaciones/{n.pk}/"),
        otro.post(f"/buzon/notificaciones/{n.pk}/abrir/"),
        otro.get(f"/buzon/notificaciones/{n.pk}/documento"),
        otro.get("/buzon/notificaciones/999999/"),
    ):
        assert respuesta.status_code == 404
        assert "No existe esa notificación en su buzón." in texto(respuesta)
        assert n.folio not in texto(respuesta)
    n.refresh_from_db()
    assert n.abierta is None and not n.acuse


def test_sin_sesion_a_la_pagina_de_entrar(client: Client, patron_a: Patron) -> None:
    respuesta = client.get("/buzon/notificaciones/")
    assert respuesta.status_code == 302
    assert respuesta["Location"] == "/entrar/?siguiente=%2Fbuzon%2Fnotificaciones%2F"
    oficina_sin_sesion = client.get("/oficina/notificaciones/")
    assert oficina_sin_sesion.status_code == 302
    assert oficina_sin_sesion["Location"].startswith("/oficina/entrar/?siguiente=")
    # A particular's session opens no official page (and keeps its own).
    entrar(client, patron_a)
    assert client.get("/oficina/notificaciones/")["Location"].startswith("/oficina/entrar/")
    assert client.get("/buzon/notificaciones/").status_code == 200


def test_paginacion(
    monkeypatch: pytest.MonkeyPatch, notificador: Funcionario, patron_a: Patron
) -> None:
    monkeypatch.setattr(vistas, "POR_PAGINA", 2)
    habilitar(patron_a.rfc)
    with time_machine.travel(VIERNES, tick=False):
        folios = [emitir(notificador, patron_a.rfc, f"acto {i}").folio for i in range(3)]
        cliente = cliente_de(patron_a)
        primera = texto(cliente.get("/buzon/notificaciones/"))
        segunda = texto(cliente.get("/buzon/notificaciones/?pagina=2"))
    assert "Página 1 de 2" in primera and "Página siguiente" in primera
    assert "Página 2 de 2" in segunda and "Página anterior" in segunda
    en_primera = [f for f in folios if f in primera]
    en_segunda = [f for f in folios if f in segunda]
    assert len(en_primera) == 2 and len(en_segunda) == 1
    assert set(en_primera) | set(en_segunda) == set(folios)


# -- officials -----------------------------------------------------------------------------------


def test_solo_entran_servidores_publicos(client: Client, patron_a: Patron) -> None:
    pagina = texto(client.get("/oficina/entrar/"))
    reto = html.unescape(re.search(r'data-cadena="([^"]+)"', pagina).group(1))  # type: ignore[union-attr]
    respuesta = client.post(
        "/oficina/entrar/",
        {
            "reto": reto,
            "firma": patron_a.firmar(reto.encode()),
            "certificado": base64.b64encode(patron_a.cer).decode(),
        },
    )
    assert respuesta.status_code == 400
    assert "no está registrado como servidor público" in texto(respuesta)
    assert COOKIE not in respuesta.cookies


def _formulario_emision(cliente: Client) -> tuple[str, str]:
    pagina = texto(cliente.get("/oficina/notificaciones/nueva/"))
    clave = re.search(r'name="clave" value="([^"]+)"', pagina)
    assert clave is not None
    return pagina, clave.group(1)


def _post_emision(
    cliente: Client, funcionario: Funcionario, clave: str, pdf: bytes, **cambios: object
) -> Any:
    datos: dict[str, object] = {
        "clave": clave,
        "rfc": "XIQB891116QE4",
        "registro_patronal": "",
        "tipo": "7.1",
        "asunto": "Requerimiento de documentación",
        "documento": SimpleUploadedFile("acto.pdf", pdf, content_type="application/pdf"),
        "firma": funcionario.patron.firmar(pdf),
    }
    datos.update(cambios)
    return cliente.post("/oficina/notificaciones/nueva/", datos)


@pytest.mark.usefixtures("viernes")
def test_emitir_en_la_pagina_una_sola_vez(notificador: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    cliente = oficina(notificador)
    assert cliente.get("/oficina/")["Location"] == "/oficina/notificaciones/"
    pagina, clave = _formulario_emision(cliente)
    assert 'data-efirma-firmar="archivo"' in pagina
    assert 'enctype="multipart/form-data"' in pagina
    assert '<option value="7.1">' in pagina and '<option value="7.18">' in pagina
    assert '<label for="rfc">' in pagina and '<label for="documento">' in pagina
    assert "<script>" not in pagina  # no inline scripts: modules from /static/ only
    assert clave != _formulario_emision(cliente)[1]  # one key per form drawn

    pdf = pdf_de_prueba("Requerimiento")
    primera = _post_emision(cliente, notificador, clave, pdf)
    segunda = _post_emision(cliente, notificador, clave, pdf)  # a double submission
    assert primera.status_code == segunda.status_code == 302
    n = Notificacion.objects.get()
    destino = f"/oficina/notificaciones/{n.pk}/?hecho=emitida"
    assert primera["Location"] == segunda["Location"] == destino
    assert n.emisor == notificador.oficial.rfc and n.clave_idempotencia == clave
    # Dispatched at once, inside the hours; sent (accepted) when the outbox is delivered [I-35].
    assert n.aviso_despachado is not None and n.aviso_enviado is None
    avisar()
    n.refresh_from_db()
    assert n.aviso_enviado == n.aviso_despachado

    # The same form sent back with other data: refused, and a fresh form key to issue anew.
    otra = _post_emision(cliente, notificador, clave, pdf, asunto="Otro asunto")
    assert otra.status_code == 422
    assert "Este formulario ya emitió otra notificación" in texto(otra)
    assert clave not in texto(otra) and 'name="clave" value="pagina:' in texto(otra)
    assert Notificacion.objects.count() == 1

    detalle = texto(cliente.get(f"/oficina/notificaciones/{n.pk}/?hecho=emitida"))
    assert f"Notificación emitida con folio <strong>{n.folio}</strong>" in detalle
    assert 'data-estado="avisada"' in detalle
    for descripcion in (
        "Documento depositado por el servidor público",
        "Firma electrónica del servidor público verificada",
        "Vía de notificación determinada",
        "Aviso entregado a los proveedores de correo y SMS para su envío",
        "Aviso aceptado por el proveedor de un medio de contacto",
    ):
        assert descripcion in detalle
    assert "Cancelar notificación" not in detalle  # a notificador cannot cancel
    documento = cliente.get(f"/oficina/notificaciones/{n.pk}/documento")
    assert documento.status_code == 200 and documento.content == pdf

    lista = texto(cliente.get("/oficina/notificaciones/"))
    assert n.folio in lista and "Avisada" in lista
    assert n.folio in texto(cliente.get("/oficina/notificaciones/?estado=avisada"))
    assert n.folio not in texto(cliente.get("/oficina/notificaciones/?estado=cancelada"))
    assert n.folio in texto(cliente.get(f"/oficina/notificaciones/?rfc={patron_a.rfc.lower()}"))
    assert n.folio not in texto(cliente.get("/oficina/notificaciones/?rfc=H%26E951128469"))
    assert n.folio in texto(cliente.get(f"/oficina/notificaciones/?folio={n.folio}"))
    mal = cliente.get("/oficina/notificaciones/?estado=perdida")
    assert mal.status_code == 400
    assert "«perdida» no es un estado" in texto(mal) and 'role="alert"' in texto(mal)


@pytest.mark.usefixtures("viernes")
def test_errores_de_emision_en_espanol_junto_al_campo(
    notificador: Funcionario, patron_a: Patron
) -> None:
    cliente = oficina(notificador)
    _pagina, clave = _formulario_emision(cliente)
    pdf = pdf_de_prueba("Acto")
    casos: list[tuple[dict[str, object], str, str]] = [
        ({"firma": notificador.patron.firmar(b"otros bytes")}, "firma", "La firma no corresponde"),
        ({"rfc": "NO-ES-RFC"}, "rfc", "RFC"),
        ({"tipo": "9.9"}, "tipo", "no es un tipo de acto del catálogo"),
        ({"asunto": ""}, "asunto", "El asunto debe ser una sola línea"),
        (
            {
                "documento": SimpleUploadedFile("acto.pdf", b"no soy un pdf"),
                "firma": notificador.patron.firmar(b"no soy un pdf"),
            },
            "documento",
            "no es un PDF",
        ),
        ({"documento": ""}, "documento", "Elija el archivo PDF"),
    ]
    for cambios, campo, mensaje in casos:
        respuesta = _post_emision(cliente, notificador, clave, pdf, **cambios)
        cuerpo = texto(respuesta)
        assert respuesta.status_code in (400, 403), (campo, cuerpo)
        error = re.search(
            rf'<[a-z]+ class="error" role="alert" id="error-{campo}">([^<]*)<', cuerpo
        )
        assert error is not None, (campo, cuerpo)
        assert mensaje in html.unescape(error.group(1)), (campo, error.group(1))
        assert 'aria-invalid="true"' in cuerpo or campo == "firma"
        assert clave in cuerpo  # the same form, the same key, for the retry
    assert not Notificacion.objects.exists()


@pytest.mark.usefixtures("viernes")
def test_otra_subdelegacion_no_ve_nada(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
) -> None:
    habilitar(patron_a.rfc)
    n = emitir(notificador, patron_a.rfc)
    ajeno = hacer_funcionario("MAPJ700101AB2", "supervisor", "Norte")
    cliente = oficina(ajeno)
    assert n.folio not in texto(cliente.get("/oficina/notificaciones/"))
    for respuesta in (
        cliente.get(f"/oficina/notificaciones/{n.pk}/"),
        cliente.get(f"/oficina/notificaciones/{n.pk}/documento"),
        cliente.post(f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "ajeno"}),
        cliente.post(f"/oficina/notificaciones/{n.pk}/personal/", {"instante": "x"}),
    ):
        assert respuesta.status_code == 404
        assert "No existe esa notificación en su subdelegación." in texto(respuesta)
    n.refresh_from_db()
    assert n.cancelada is None


@pytest.mark.usefixtures("viernes")
def test_cancelar_solo_supervisores(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    n = emitir(notificador, patron_a.rfc)
    del_notificador = oficina(notificador).post(
        f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "error de captura", "confirmo": "1"}
    )
    assert del_notificador.status_code == 403
    assert "Solo un supervisor o administrador puede cancelar" in texto(del_notificador)

    cliente = oficina(supervisor)
    detalle = texto(cliente.get(f"/oficina/notificaciones/{n.pk}/"))
    assert "Cancelar notificación" in detalle and '<label for="motivo">' in detalle
    sin_motivo = cliente.post(
        f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "  ", "confirmo": "1"}
    )
    assert sin_motivo.status_code == 400
    assert "Escriba el motivo de la cancelación" in texto(sin_motivo)
    assert 'aria-invalid="true"' in texto(sin_motivo)
    hecha = cliente.post(
        f"/oficina/notificaciones/{n.pk}/cancelar/",
        {"motivo": "Error en el destinatario", "confirmo": "1"},
    )
    assert hecha.status_code == 302
    n.refresh_from_db()
    assert n.cancelada is not None and n.cancelada_por == supervisor.oficial.rfc
    pagina = texto(cliente.get(hecha["Location"]))
    assert f"Acuse de cancelación: <strong>{n.acuse_cancelacion}</strong>" in pagina
    assert 'data-estado="cancelada"' in pagina and "Error en el destinatario" in pagina
    assert "Cancelar notificación" not in pagina
    otra_vez = cliente.post(
        f"/oficina/notificaciones/{n.pk}/cancelar/", {"motivo": "de nuevo", "confirmo": "1"}
    )
    assert otra_vez.status_code == 409 and "ya estaba cancelada" in texto(otra_vez)


def test_notificacion_personal_con_acta_firmada(
    settings: Any, notificador: Funcionario, patron_b: Patron
) -> None:
    # Inside the 180 days after entry into force, an RFC without a mailbox goes personal (7.10).
    settings.BUZON_ENTRADA_EN_VIGOR = "2026-12-01"
    with time_machine.travel(VIERNES, tick=False):
        n = emitir(notificador, patron_b.rfc)
    assert n.ruta == Notificacion.Ruta.PERSONAL
    with time_machine.travel(datetime(2027, 1, 15, 12, 0, tzinfo=ZONA_CENTRO), tick=False):
        cliente = oficina(notificador)
        detalle = texto(cliente.get(f"/oficina/notificaciones/{n.pk}/"))
        assert 'data-estado="requiere_notificacion_personal"' in detalle
        assert "Registrar la notificación personal" in detalle
        assert 'max="2027-01-15T12:00"' in detalle
        acta = pdf_de_prueba("Acta de la diligencia")

        def registrar(instante: str, firma: str) -> Any:
            return cliente.post(
                f"/oficina/notificaciones/{n.pk}/personal/",
                {
                    "instante": instante,
                    "acta": SimpleUploadedFile("acta.pdf", acta, content_type="application/pdf"),
                    "firma": firma,
                    "con": "representante",
                    "nombre": "Luis Ramírez Soto",
                },
            )

        futura = registrar("2027-01-15T12:30", notificador.patron.firmar(acta))
        assert futura.status_code == 400
        assert "instante futuro" in texto(futura) and 'id="error-instante"' in texto(futura)
        basura = registrar("ayer", notificador.patron.firmar(acta))
        assert basura.status_code == 400 and "Escriba la fecha y la hora" in texto(basura)
        anterior = registrar("2027-01-15T09:45", notificador.patron.firmar(acta))
        assert anterior.status_code == 400 and "anterior a la emisión" in texto(anterior)
        mal_firmada = registrar("2027-01-15T11:30", notificador.patron.firmar(b"otra"))
        assert mal_firmada.status_code == 400 and "La firma no corresponde" in texto(mal_firmada)
        hecha = registrar("2027-01-15T11:30", notificador.patron.firmar(acta))
        assert hecha.status_code == 302, texto(hecha)
        n.refresh_from_db()
        assert n.personal_notificada == datetime(2027, 1, 15, 11, 30, tzinfo=ZONA_CENTRO)
        # CFF 135: made on Friday, it surte efectos on the next día hábil, Monday 18.
        assert (n.personal_surte_efectos, n.personal_con) == (date(2027, 1, 18), "representante")
        pagina = texto(cliente.get(hecha["Location"]))
        assert "Notificación personal registrada: surte efectos el 18 de enero de 2027" in pagina
        assert "Luis Ramírez Soto" in pagina and "su representante legal" in pagina
        assert 'data-estado="notificada"' in pagina
        assert Evento.objects.filter(notificacion=n, tipo="notificacion_personal").exists()


def _linea(funcionario: Funcionario, rfc: str, texto_pdf: str) -> dict[str, str]:
    pdf = pdf_de_prueba(texto_pdf)
    return {
        "rfc": rfc,
        "tipo": "7.1",
        "asunto": f"Lote: {texto_pdf}",
        "documento": base64.b64encode(pdf).decode(),
        "firma": funcionario.patron.firmar(pdf),
    }


@pytest.mark.usefixtures("viernes")
def test_lote_avance_y_errores_por_linea(
    notificador: Funcionario,
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    habilitar(patron_a.rfc)
    cliente = oficina(notificador)
    formulario = texto(cliente.get("/oficina/lotes/nuevo/"))
    assert 'enctype="multipart/form-data"' in formulario and '<label for="archivo">' in formulario
    lineas = [
        json.dumps(_linea(notificador, patron_a.rfc, "uno")),
        json.dumps(_linea(notificador, "NO-ES-RFC", "dos")),
        "esto no es json",
    ]
    contenido = ("\n".join(lineas) + "\n").encode()
    respuesta = cliente.post(
        "/oficina/lotes/nuevo/", {"archivo": SimpleUploadedFile("lote.jsonl", contenido)}
    )
    assert respuesta.status_code == 302
    lote = Lote.objects.get()
    assert respuesta["Location"] == f"/oficina/lotes/{lote.pk}/"
    antes = texto(cliente.get(respuesta["Location"]))
    assert 'data-estado="pendiente"' in antes and 'id="procesadas">0<' in antes
    assert f'data-avance="/oficina/lotes/{lote.pk}/avance"' in antes

    assert procesar_pendientes() == 1
    avance = cliente.get(f"/oficina/lotes/{lote.pk}/avance").json()
    assert avance == {
        "id": lote.pk,
        "estado": "terminado",
        "nombre_archivo": "lote.jsonl",
        "total": 3,
        "procesadas": 3,
        "correctas": 1,
        "con_error": 2,
    }
    pagina = texto(cliente.get(respuesta["Location"]))
    assert 'id="procesadas">3<' in pagina and 'id="correctas">1<' in pagina
    filas = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", pagina)
    assert [(linea, campo) for linea, campo, _ in filas] == [("2", "rfc"), ("3", "—")]
    assert "La línea no es JSON válido." in filas[1][2]
    assert Notificacion.objects.filter(lote=lote, rfc=patron_a.rfc).count() == 1

    ajeno = oficina(hacer_funcionario("MAPJ700101AB2", "supervisor", "Norte"))
    assert ajeno.get(f"/oficina/lotes/{lote.pk}/").status_code == 404
    assert ajeno.get(f"/oficina/lotes/{lote.pk}/avance").status_code == 404

    formato = cliente.post(
        "/oficina/lotes/nuevo/", {"archivo": SimpleUploadedFile("lote.txt", contenido)}
    )
    assert formato.status_code == 400
    assert "El lote debe ser un archivo .jsonl o .csv." in texto(formato)
    monkeypatch.setattr(vistas_lotes, "MAXIMO_LOTE", 100)
    grande = cliente.post(
        "/oficina/lotes/nuevo/", {"archivo": SimpleUploadedFile("lote.jsonl", contenido)}
    )
    assert grande.status_code == 413 and "pasa del máximo" in texto(grande)
    assert Lote.objects.count() == 1


# -- public estrados -----------------------------------------------------------------------------


def test_estrados_publicos_con_rfc_enmascarado(
    client: Client, notificador: Funcionario, patron_b: Patron
) -> None:
    # No mailbox and the 180 days long gone (in force 2024-08-06, late from 2025-02-05): estrados.
    n = emitir(notificador, patron_b.rfc, "Crédito fiscal")
    assert n.ruta == Notificacion.Ruta.ESTRADOS
    pagina = texto(client.get("/estrados/"))  # no session
    assert n.folio in pagina
    assert "H&amp;E******469" in pagina and "H&amp;E951128469" not in pagina
    assert "Resolución determinante Crédito fiscal" in pagina
    assert f'href="/api/v1/estrados/{n.folio}/documento"' in pagina
    documento = client.get(f"/api/v1/estrados/{n.folio}/documento")
    assert documento.status_code == 200
    assert documento.content == pdf_de_prueba("Crédito fiscal")
