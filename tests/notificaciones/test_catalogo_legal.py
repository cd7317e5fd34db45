"""The catalogue of acts (relación de trámites, numeral 7; Transitorio Segundo) [I-43]: the legal
names and requirements, keys of acts published later, and availability: 7.1–7.4 from the entry
into force, the rest from the Institute's announcement, refused before it (API, batch, page)."""

from __future__ import annotations

import base64
import importlib
import io
import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from buzon.evidencia.models import EntradaBitacora
from buzon.legal.errores import ErrorLegal
from buzon.notificaciones.emision import catalogo
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.models import DisponibilidadActo, Notificacion, TipoActo
from buzon.sistema import demo
from tests.actuaciones.fixtures import Cliente, anexo, requerimiento
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, zc
from tests.notificaciones.fixtures import RFC_SUPERVISOR, Funcionario, habilitar, pdf_de_prueba
from tests.notificaciones.test_paginas import oficina

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)  # a día hábil, inside the hours
ANUNCIO = "Comunicado del IMSS en www.imss.gob.mx/buzonimss del 12 de enero de 2027"
#: Copied by hand from the DOF text (not from actos.json), so a wrong copy there fails here.
LEGALES = {
    "7.1": "Resolución de Determinación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.6": "Oficio de requerimiento de información faltante en el trámite",
    "7.8": "Invitación para revisar la correcta clasificación de las empresas",
    "7.12": (
        "Oficio artículo 182 del Reglamento de la Ley del Seguro Social en materia de Afiliación, "
        "Clasificación de Empresas, Recaudación y Fiscalización (a contrario sensu) en materia de "
        "clasificación de empresas"
    ),
    "7.17": (
        "Artículo 17 de la Ley del Seguro Social a patrones con probables inscripciones "
        "improcedentes"
    ),
    "7.18": "Carta Invitación a patrones con concentración salarial",
}
MIGRACION = importlib.import_module("buzon.notificaciones.migrations.0009_disponibilidad")
#: 8.1 and 8.2 (relación 8) and the source naming numerales 7 and 8.
MIGRACION_8 = importlib.import_module("buzon.notificaciones.migrations.0011_actos_de_fiscalizacion")


def _anunciar(clave: str, desde: date, anuncio: str = ANUNCIO, por: str = RFC_SUPERVISOR) -> Any:
    salida = io.StringIO()
    call_command(
        "notificaciones",
        "catalogo",
        "disponibilidad",
        "--clave",
        clave,
        "--desde",
        desde.isoformat(),
        "--anuncio",
        anuncio,
        "--por",
        por,
        stdout=salida,
    )
    return json.loads(salida.getvalue())


def _documento(*actos: dict[str, Any]) -> str:
    return json.dumps({"version": "2027-01-01", "fuente": "DOF", "actos": list(actos)})


# --- names, requirements, keys ---------------------------------------------------------------


def test_los_actos_llevan_su_nombre_legal_y_su_fuente() -> None:
    actos = {t.clave: t for t in TipoActo.objects.all()}
    assert list(actos) == [*(f"7.{n}" for n in range(1, 19)), "8.1", "8.2"]
    for clave, nombre in LEGALES.items():
        assert actos[clave].nombre == nombre
    assert not any("numeral" in t.nombre or t.nombre.endswith(".") for t in actos.values())
    assert all("DOF 5-08-2024" in t.fuente for t in actos.values())
    assert all("ACDO.AS2.HCT.230724/261.P.DIR" in t.fuente for t in actos.values())
    assert {c for c, t in actos.items() if t.es_requerimiento} == {"7.6", "7.9", "7.17", "8.2"}
    assert {t.version for t in actos.values()} == {MIGRACION_8.VERSION}
    assert {t.fuente for t in actos.values()} == {MIGRACION_8.FUENTE}
    # the migration's frozen copy and the shipped file agree, act by act
    documento = catalogo.leer_documento(catalogo.catalogo_base())
    assert [(a["clave"], a["nombre"], a["es_requerimiento"]) for a in documento.actos] == [
        (clave, nombre, req) for clave, nombre, req, _ in (*MIGRACION.ACTOS, *MIGRACION_8.ACTOS)
    ]
    assert documento.desde_vigor == {c for c, *_, vigor in MIGRACION.ACTOS if vigor}
    assert documento.desde_vigor == {"7.1", "7.2", "7.3", "7.4"}
    assert (documento.fuente, documento.version) == (MIGRACION_8.FUENTE, MIGRACION_8.VERSION)
    assert catalogo.ANUNCIO_VIGOR == MIGRACION.ANUNCIO_VIGOR


def test_la_migracion_sustituye_los_nombres_descriptivos_y_respeta_un_catalogo_importado() -> None:
    from django.apps import apps

    TipoActo.objects.filter(clave__in=["7.8", "7.9"]).update(
        nombre="Acto administrativo notificable", version="2024-08-05", es_requerimiento=False
    )
    TipoActo.objects.filter(clave="7.10").update(nombre="Nombre importado", version="2027-03-01")
    DisponibilidadActo.objects.filter(tipo__clave="7.2").delete()
    MIGRACION.nombres_legales(apps, None)
    actos = {t.clave: t for t in TipoActo.objects.all()}
    assert actos["7.8"].nombre == LEGALES["7.8"] and actos["7.8"].version == MIGRACION.VERSION
    assert actos["7.9"].es_requerimiento
    assert (actos["7.10"].nombre, actos["7.10"].version) == ("Nombre importado", "2027-03-01")
    por_ley = DisponibilidadActo.objects.filter(desde__isnull=True)
    assert sorted(por_ley.values_list("tipo__clave", flat=True)) == ["7.1", "7.2", "7.3", "7.4"]
    MIGRACION.nombres_legales(apps, None)  # again: nothing new
    assert DisponibilidadActo.objects.count() == 4


@pytest.mark.parametrize("clave", ["7.19", "8.3", "10.1", "9.10", "10.1.2"])
def test_el_catalogo_admite_actos_publicados_despues(clave: str) -> None:
    base = catalogo.leer_documento(catalogo.catalogo_base()).actos
    texto = _documento(*base, {"clave": clave, "nombre": f"Acto nuevo {clave}"})
    assert catalogo.do_importar_catalogo(texto) == 21
    nuevo = catalogo.disponibilidades()[clave]
    # Transitorio Segundo: «así como aquellos que con posterioridad sean implementados»
    assert (nuevo.desde, nuevo.por_entrada_en_vigor) == (None, False)


@pytest.mark.parametrize(
    ("acto", "campo"),
    [
        ({"clave": "7.0", "nombre": "x"}, "actos[1].clave"),
        ({"clave": "07.1", "nombre": "x"}, "actos[1].clave"),
        ({"clave": "7", "nombre": "x"}, "actos[1].clave"),
        ({"clave": "7.1a", "nombre": "x"}, "actos[1].clave"),
        ({"clave": "7.1.1.1", "nombre": "x"}, "actos[1].clave"),
        ({"clave": "100.1", "nombre": "x"}, "actos[1].clave"),
        ({"clave": 7.1, "nombre": "x"}, "actos[1].clave"),
        ({"clave": "7.6", "nombre": "x", "es_requerimiento": "sí"}, "actos[1].es_requerimiento"),
        (
            {"clave": "7.1", "nombre": "x", "desde_la_entrada_en_vigor": 1},
            "actos[1].desde_la_entrada_en_vigor",
        ),
    ],
)
def test_claves_y_banderas_invalidas_nombran_el_campo(acto: dict[str, Any], campo: str) -> None:
    with pytest.raises(ErrorLegal) as error:
        catalogo.leer_documento(_documento(acto))
    assert error.value.campo == campo
    assert TipoActo.objects.count() == 20


# --- availability ----------------------------------------------------------------------------


def test_de_inicio_solo_7_1_a_7_4_estan_disponibles(settings: Any) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"
    actos = catalogo.disponibilidades()
    disponibles = {c: a.desde for c, a in actos.items() if a.desde is not None}
    assert disponibles == dict.fromkeys(["7.1", "7.2", "7.3", "7.4"], date(2024, 8, 6))
    assert all(actos[c].por_entrada_en_vigor for c in disponibles)


def test_emitir_un_acto_no_anunciado_se_rechaza_con_422(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    api = Oficina(notificador)
    with time_machine.travel(LUNES, tick=False):
        respuesta = api.emitir(patron_a.rfc, "c-7.8", tipo="7.8")
        assert respuesta.status_code == 422, respuesta.content
        cuerpo = respuesta.json()
        assert (cuerpo["error"], cuerpo["campo"]) == ("acto_no_disponible", "tipo")
        assert "7.8" in cuerpo["mensaje"] and LEGALES["7.8"] in cuerpo["mensaje"]
        assert "Transitorio Segundo" in cuerpo["mensaje"]
        assert not Notificacion.objects.exists()
        # announced for tomorrow: still refused today, and the message says from when
        _anunciar("7.8", date(2027, 1, 19))
        respuesta = api.emitir(patron_a.rfc, "c-7.8", tipo="7.8")
        assert respuesta.status_code == 422
        assert "desde el 19 de enero de 2027" in respuesta.json()["mensaje"]
        assert ANUNCIO in respuesta.json()["mensaje"]
        # corrected to today (00:00 Zona Centro): issued
        _anunciar("7.8", date(2027, 1, 18))
        respuesta = api.emitir(patron_a.rfc, "c-7.8", tipo="7.8")
        assert respuesta.status_code == 201, respuesta.content
    assert Notificacion.objects.get().tipo == "7.8"


def test_7_1_no_se_emite_antes_de_la_entrada_en_vigor(
    notificador: Funcionario, patron_a: Patron, settings: Any
) -> None:
    habilitar(patron_a.rfc)
    settings.BUZON_ENTRADA_EN_VIGOR = "2027-01-19"
    with time_machine.travel(LUNES, tick=False):
        respuesta = Oficina(notificador).emitir(patron_a.rfc, "antes")
    assert respuesta.status_code == 422
    cuerpo = respuesta.json()
    assert (cuerpo["error"], cuerpo["campo"]) == ("acto_no_disponible", "tipo")
    assert "desde el 19 de enero de 2027 (la entrada en vigor" in cuerpo["mensaje"]


def test_un_tipo_fuera_del_catalogo_sigue_siendo_tipo_invalido(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        respuesta = Oficina(notificador).emitir(patron_a.rfc, "c-7.19", tipo="7.19")
    assert respuesta.status_code == 400
    assert (respuesta.json()["error"], respuesta.json()["campo"]) == ("tipo_invalido", "tipo")


def test_en_un_lote_la_linea_del_acto_no_anunciado_tiene_su_error(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    api = Oficina(notificador)
    renglones = []
    for texto, tipo in (("uno", "7.1"), ("dos", "7.15"), ("tres", "7.4")):
        pdf = pdf_de_prueba(texto)
        renglones.append(
            json.dumps(
                {
                    "rfc": patron_a.rfc,
                    "tipo": tipo,
                    "asunto": f"Acto {texto}",
                    "documento": base64.b64encode(pdf).decode(),
                    "firma": notificador.patron.firmar(pdf),
                }
            )
        )
    contenido = base64.b64encode("\n".join(renglones).encode()).decode()
    with time_machine.travel(LUNES, tick=False):
        creado = api.post(
            "/api/v1/oficina/lotes", {"nombre_archivo": "enero.jsonl", "contenido": contenido}
        )
        assert creado.status_code == 201, creado.content
        procesar_pendientes()
        final = api.get(f"/api/v1/oficina/lotes/{creado.json()['id']}").json()
    assert (final["correctas"], final["con_error"]) == (2, 1)
    [error] = final["errores"]
    assert (error["linea"], error["error"], error["campo"]) == (2, "acto_no_disponible", "tipo")
    assert "7.15" in error["mensaje"]
    assert sorted(Notificacion.objects.values_list("tipo", flat=True)) == ["7.1", "7.4"]


def test_la_pagina_de_emision_dice_por_que_no_se_emite(
    notificador: Funcionario, patron_a: Patron
) -> None:
    habilitar(patron_a.rfc)
    with time_machine.travel(LUNES, tick=False):
        cliente = oficina(notificador)
        pagina = cliente.get("/oficina/notificaciones/nueva/").content.decode()
        clave = pagina.split('name="clave" value="', 1)[1].split('"', 1)[0]
        pdf = pdf_de_prueba("Invitación")
        respuesta = cliente.post(
            "/oficina/notificaciones/nueva/",
            {
                "clave": clave,
                "rfc": patron_a.rfc,
                "registro_patronal": "",
                "tipo": "7.8",
                "asunto": LEGALES["7.8"],
                "documento": SimpleUploadedFile("acto.pdf", pdf, content_type="application/pdf"),
                "firma": notificador.patron.firmar(pdf),
            },
        )
    assert respuesta.status_code == 422
    assert "aún no se ofrece en el Buzón IMSS" in respuesta.content.decode()
    assert not Notificacion.objects.exists()


# --- recording an announcement -------------------------------------------------------------------


def test_registrar_un_anuncio_deja_registro_y_bitacora(settings: Any) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"
    primera = _anunciar("7.8", date(2027, 1, 15), f"  {ANUNCIO}\n")
    assert primera["nuevo"] is True
    assert (primera["desde"], primera["anuncio"]) == ("2027-01-15", ANUNCIO)
    assert primera["registrado_por"] == RFC_SUPERVISOR
    [entrada] = EntradaBitacora.objects.filter(tipo="catalogo_disponibilidad")
    assert entrada.sujeto == "7.8"
    assert entrada.datos["desde"] == "2027-01-15" and entrada.datos["por"] == RFC_SUPERVISOR
    assert entrada.datos["anuncio"] == ANUNCIO and entrada.datos["nombre"] == LEGALES["7.8"]
    # the same announcement again records nothing
    assert _anunciar("7.8", date(2027, 1, 15))["nuevo"] is False
    assert EntradaBitacora.objects.filter(tipo="catalogo_disponibilidad").count() == 1
    # a correction is a new record; the latest is the act's availability
    _anunciar("7.8", date(2027, 2, 1))
    assert DisponibilidadActo.objects.filter(tipo__clave="7.8").count() == 2
    assert catalogo.disponibilidades()["7.8"].desde == date(2027, 2, 1)
    salida = io.StringIO()
    call_command("notificaciones", "catalogo", "listar", stdout=salida)
    listados = {a["clave"]: a for a in json.loads(salida.getvalue())["actos"]}
    assert listados["7.8"]["disponibilidad"]["desde"] == "2027-02-01"
    assert listados["7.8"]["nombre"] == LEGALES["7.8"]
    assert listados["7.1"]["disponibilidad"]["desde"] == "2024-08-06"
    assert listados["7.1"]["disponibilidad"]["por_entrada_en_vigor"] is True
    assert listados["7.9"]["disponibilidad"]["desde"] is None


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (("7.99", "2027-01-15", ANUNCIO, RFC_SUPERVISOR), "no es un acto del catálogo vigente"),
        (("7.1", "2027-01-15", ANUNCIO, RFC_SUPERVISOR), "no hay anuncio que registrar"),
        (("7.8", "2024-08-05", ANUNCIO, RFC_SUPERVISOR), "anterior a la entrada en vigor"),
        (("7.8", "15/01/2027", ANUNCIO, RFC_SUPERVISOR), "no es una fecha AAAA-MM-DD"),
        (("7.8", "2027-01-15", "   anuncio ", RFC_SUPERVISOR), "de 10 a 500 caracteres"),
        (("7.8", "2027-01-15", ANUNCIO, "NO-ES-RFC"), "--por"),
    ],
)
def test_anuncios_que_no_se_registran(
    argumentos: tuple[str, str, str, str], mensaje: str, settings: Any
) -> None:
    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"
    clave, desde, anuncio, por = argumentos
    with pytest.raises(CommandError, match=mensaje):
        call_command(
            "notificaciones",
            "catalogo",
            "disponibilidad",
            *("--clave", clave, "--desde", desde, "--anuncio", anuncio, "--por", por),
            stdout=io.StringIO(),
        )
    assert DisponibilidadActo.objects.count() == 4
    assert not EntradaBitacora.objects.filter(tipo="catalogo_disponibilidad").exists()


def test_leer_el_catalogo_nunca_escribe(notificador: Funcionario) -> None:
    """GET never writes: not even on an empty catalogue (a restored database)."""
    api = Oficina(notificador)
    assert [a["clave"] for a in api.get("/api/v1/oficina/catalogo").json()][:2] == ["7.1", "7.2"]
    DisponibilidadActo.objects.all().delete()
    TipoActo.objects.all().delete()
    assert api.get("/api/v1/oficina/catalogo").json() == []
    assert catalogo.disponibilidades() == {}
    assert TipoActo.objects.count() == DisponibilidadActo.objects.count() == 0
    catalogo.asegurar_catalogo()  # a write (issuing, the command) loads it with 7.1–7.4 offered
    assert DisponibilidadActo.objects.filter(desde__isnull=True).count() == 4


# --- answering requirements; the demo ------------------------------------------------------------


@pytest.mark.parametrize("tipo", ["7.6", "7.9", "7.17"])
def test_cada_requerimiento_se_contesta_con_el_tramite(habilitado: Any, tipo: str) -> None:
    c: Cliente = habilitado()
    n = requerimiento(c.patron.rfc, tipo=tipo)
    datos = {"folio_requerimiento": n.folio, "manifestacion": "Anexo lo requerido."}
    hecha = c.presentar("respuesta-requerimiento", datos, [anexo()])
    from buzon.actuaciones.models import Actuacion

    assert Actuacion.objects.get(pk=hecha["id"]).notificacion == n.pk


def test_un_acto_que_no_es_requerimiento_no_se_contesta(habilitado: Any) -> None:
    c: Cliente = habilitado()
    n = requerimiento(c.patron.rfc, tipo="7.8")
    datos = {"folio_requerimiento": n.folio, "manifestacion": "Contesto."}
    respuesta = c.crear("respuesta-requerimiento", datos, [anexo()])
    assert respuesta.status_code == 400
    assert respuesta.json()["error"] == "no_es_requerimiento"


def test_la_demo_usa_los_nombres_de_la_relacion_y_anuncia_todos_los_actos(
    settings: Any,
) -> None:
    from django.utils import timezone

    from buzon.notificaciones.emision import ruteo

    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"
    lista, _ = demo.escenarios(timezone.now(), ruteo.calendario_de("", ""))
    nombres = dict(TipoActo.objects.values_list("clave", "nombre"))
    assert {e.clave: e.asunto for e in lista} == {e.clave: nombres[e.tipo] for e in lista}
    assert len({e.tipo for e in lista}) == len(lista)  # each demo notification shows another act
    assert "Cédula de liquidación de capitales constitutivos" not in {e.asunto for e in lista}
    demo._anunciar_todos()
    actos = catalogo.disponibilidades()
    assert {a.desde for a in actos.values()} == {date(2024, 8, 6)}
    anunciados = EntradaBitacora.objects.filter(tipo="catalogo_disponibilidad")
    assert sorted(
        anunciados.values_list("sujeto", flat=True), key=lambda c: tuple(map(int, c.split(".")))
    ) == [*(f"7.{n}" for n in range(5, 19)), "8.1", "8.2"]
    demo._anunciar_todos()  # idempotent
    assert anunciados.count() == 16
