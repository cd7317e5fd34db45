"""The actuaciones API end to end: catalogue, draft, signature, acuse, idempotency, the mailbox
requirement (5.5) and its 5.9 exception, answering a notified requirement (7.6), hostile
attachments, and no employer ever reaching another's filing."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.actuaciones.selectors import actuacion_para_respuesta
from buzon.evidencia import almacen
from buzon.evidencia.models import Acuse, CertificadoSello, EntradaBitacora
from buzon.evidencia.servicios import cadena_de
from tests.actuaciones.fixtures import (
    ACLARACION,
    ICSOE,
    Cliente,
    anexo,
    anexo_csv,
    anexos_icsoe,
    b64,
    csv_trabajadores,
    en_padron,
    habilitar,
    pdf,
    pdf_cifrado,
    png,
    requerimiento,
    zip_bomba,
)
from tests.cuentas.fixtures import Patron

pytestmark = pytest.mark.django_db


def _error(respuesta: Any) -> tuple[int, str, str | None]:
    cuerpo = respuesta.json()
    return respuesta.status_code, cuerpo["error"], cuerpo.get("campo")


def test_el_catalogo_trae_los_tramites_con_su_esquema(
    habilitado: Callable[..., Cliente],
) -> None:
    c = habilitado()
    tramites = {t["clave"]: t for t in c.get("/tramites").json()["tramites"]}
    assert {"aclaracion-buzon", "aclaracion-cobranza", "respuesta-requerimiento", "icsoe"} <= set(
        tramites
    )
    assert tramites["aclaracion-buzon"]["nombre"] == "Aclaración u orientación sobre el Buzón IMSS"
    assert tramites["aclaracion-buzon"]["requiere_habilitacion"] is False
    icsoe = tramites["icsoe"]
    assert (
        icsoe["esquema"]["properties"]["contratos"]["items"]["properties"]["rfc_beneficiario"][
            "format"
        ]
        == "rfc"
    )
    assert icsoe["version"] == "2026-12-03"
    assert icsoe["anexos"]["tipos"] == ["application/pdf", "text/csv"]
    assert icsoe["anexos"]["tabla"] == "icsoe-trabajadores"
    assert "tabla" not in tramites["aclaracion-buzon"]["anexos"]
    assert icsoe["espera_respuesta"] is False


def test_presentar_da_acuse_con_recepcion_legal_y_documentos(
    habilitado: Callable[..., Cliente], sello: CertificadoSello, tmp_path: Path
) -> None:
    c = habilitado()
    contenido = pdf("Contrato ICSOE")
    tabla = csv_trabajadores()
    creada = c.crear("icsoe", ICSOE, [anexo_csv(datos=tabla), anexo("contrato.pdf", contenido)])
    assert creada.status_code == 201, creada.content
    cuerpo = creada.json()
    cadena = cuerpo["cadena"]
    sha = hashlib.sha256(contenido).hexdigest()
    sha_csv = hashlib.sha256(tabla).hexdigest()
    canonico = json.dumps(ICSOE, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert re.match(
        rf"^\|\|BUZON-ACTUACION-1\|borrador=[0-9a-f]{{32}}\|rfc={c.patron.rfc}\|", cadena
    )
    assert "|tramite=icsoe|version=2026-12-03|" in cadena
    assert f"|datos={canonico}|" in cadena
    assert f"|datos_sha256={hashlib.sha256(canonico.encode()).hexdigest()}|" in cadena
    assert cadena.endswith(f"|anexos=2|anexo=trabajadores.csv:{sha_csv}|anexo=contrato.pdf:{sha}||")
    assert c.get("/actuaciones").json()["actuaciones"][0]["estado"] == "borrador"

    firmada = c.firmar(cuerpo["id"], cadena)
    assert firmada.status_code == 201, firmada.content
    acuse = firmada.json()["acuse"]
    assert acuse["tipo"] == "actuacion"
    assert acuse["rfc"] == c.patron.rfc
    assert acuse["documentos"] == [
        {"nombre": "trabajadores.csv", "sha256": sha_csv},
        {"nombre": "contrato.pdf", "sha256": sha},
    ]
    guardado = Acuse.objects.get(folio=acuse["folio"])
    assert cadena_de(guardado) == acuse["cadena_original"]
    assert "cadena_firmada=" in acuse["cadena_original"]
    # the period's due date, sealed: 17 Jan 2027 is a Sunday, so Monday 18 (LSS 15 A, CFF 12)
    assert guardado.datos["fecha_limite"] == "2027-01-18"
    assert "|fecha_limite=2027-01-18|" in acuse["cadena_original"]
    assert EntradaBitacora.objects.filter(sujeto=acuse["folio"], tipo="acuse_emitido").exists()
    assert firmada.json()["recepcion_legal"]
    lista = c.get("/actuaciones").json()["actuaciones"]
    assert [(a["id"], a["tramite"], a["estado"], a["acuse"]) for a in lista] == [
        (cuerpo["id"], "icsoe", "presentada", acuse["folio"])
    ]
    # the attachment is stored content-addressed and served byte for byte to its owner
    assert almacen.leer(sha, "actuaciones") == contenido
    descarga = c.get(f"/actuaciones/{cuerpo['id']}/anexos/1")
    assert descarga.status_code == 200
    assert descarga.content == contenido
    assert descarga["Content-Type"] == "application/pdf"
    assert descarga["Content-Disposition"].startswith("attachment")
    relacion = c.get(f"/actuaciones/{cuerpo['id']}/anexos/0")
    assert (relacion.content, relacion["Content-Type"]) == (tabla, "text/csv")
    detalle = c.get(f"/actuaciones/{cuerpo['id']}").json()
    assert detalle["datos"] == ICSOE
    assert detalle["fecha_limite"] == "2027-01-18"
    assert detalle["acuse"]["folio"] == acuse["folio"]
    # the particular's signature is kept as a detached CMS that openssl verifies over the cadena
    fila = Actuacion.objects.get(pk=cuerpo["id"])
    (tmp_path / "firma.der").write_bytes(bytes(fila.firma_cms or b""))
    (tmp_path / "cadena.txt").write_bytes(cadena.encode())
    verificacion = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-noverify",
            "-inform",
            "DER",
            "-in",
            tmp_path / "firma.der",
            "-content",
            tmp_path / "cadena.txt",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        check=False,
    )
    assert verificacion.returncode == 0, verificacion.stderr


def test_firmar_dos_veces_da_el_mismo_acuse(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    creada = c.crear("aclaracion-buzon", ACLARACION).json()
    primera = c.firmar(creada["id"], creada["cadena"])
    segunda = c.firmar(creada["id"], creada["cadena"])
    assert primera.status_code == segunda.status_code == 201
    assert primera.json()["acuse"]["folio"] == segunda.json()["acuse"]["folio"]
    assert primera.json()["recepcion_legal"] == segunda.json()["recepcion_legal"]
    assert Acuse.objects.filter(tipo="actuacion").count() == 1
    # and a bad signature on a filed actuación is still refused, not answered with the acuse
    mala = c.post(f"/actuaciones/{creada['id']}/firma", {"firma": c.patron.firmar(b"otra cadena")})
    assert _error(mala) == (400, "firma_invalida", "firma")


def test_firma_de_otra_cadena_o_de_otra_efirma_se_rechaza(
    habilitado: Callable[..., Cliente], hacer_patron: Callable[..., Patron]
) -> None:
    c = habilitado()
    creada = c.crear("aclaracion-buzon", ACLARACION).json()
    mala = c.post(f"/actuaciones/{creada['id']}/firma", {"firma": c.patron.firmar(b"x")})
    assert _error(mala) == (400, "firma_invalida", "firma")
    otro = hacer_patron("XOJI740919U48")
    ajena = c.post(
        f"/actuaciones/{creada['id']}/firma", {"firma": otro.firmar(creada["cadena"].encode())}
    )
    assert _error(ajena) == (400, "firma_invalida", "firma")
    assert Actuacion.objects.get(pk=creada["id"]).presentada is None
    assert not Acuse.objects.filter(tipo="actuacion").exists()


def test_sin_buzon_habilitado_solo_la_aclaracion_5_9(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    en_padron(patron_a.rfc)
    c = Cliente(client, patron_a)  # logged in, mailbox never enabled (stuck)
    negada = c.crear("icsoe", ICSOE)
    assert _error(negada) == (409, "buzon_no_habilitado", "tramite")
    assert "5.5" in negada.json()["mensaje"]
    hecha = c.presentar("aclaracion-buzon", ACLARACION)
    assert hecha["acuse"]["tipo"] == "actuacion"


def test_la_habilitacion_se_revisa_tambien_al_firmar(habilitado: Callable[..., Cliente]) -> None:
    from buzon.habilitacion.models import Medio

    c = habilitado()
    creada = c.crear("icsoe", ICSOE, anexos_icsoe()).json()
    Medio.objects.filter(buzon__rfc=c.patron.rfc, tipo="celular").update(estado="cancelado")
    negada = c.firmar(creada["id"], creada["cadena"])
    assert _error(negada) == (409, "buzon_no_habilitado", "tramite")
    assert Actuacion.objects.get(pk=creada["id"]).presentada is None


@pytest.mark.parametrize(
    ("datos", "campo", "codigo"),
    [
        ({**ICSOE, "ejercicio": "dos mil"}, "datos.ejercicio", "tipo_invalido"),
        (
            {k: v for k, v in ICSOE.items() if k != "cuatrimestre"},
            "datos.cuatrimestre",
            "requerido",
        ),
        ({**ICSOE, "cuatrimestre": "verano"}, "datos.cuatrimestre", "opcion_invalida"),
        ({**ICSOE, "contratos": []}, "datos.contratos", "faltan_elementos"),
        (
            {**ICSOE, "contratos": [{**ICSOE["contratos"][0], "rfc_beneficiario": "NO-ES-RFC"}]},
            "datos.contratos[0].rfc_beneficiario",
            "formato_invalido",
        ),
        (
            {**ICSOE, "contratos": [{**ICSOE["contratos"][0], "fecha_inicio": "2026-02-30"}]},
            "datos.contratos[0].fecha_inicio",
            "formato_invalido",
        ),
        ({**ICSOE, "ejercicio": 2020}, "datos.ejercicio", "fuera_de_rango"),
        (
            {**ICSOE, "prestador": {k: v for k, v in ICSOE["prestador"].items() if k != "correo"}},
            "datos.prestador.correo",
            "requerido",
        ),
        (
            {**ICSOE, "contratos": [{**ICSOE["contratos"][0], "fecha_fin": "2026-08-31"}]},
            "datos.contratos[0].fecha_fin",
            "vigencia_invalida",
        ),
        ({**ICSOE, "sobra": 1}, "datos.sobra", "dato_desconocido"),
    ],
)
def test_datos_invalidos_nombran_el_campo(
    habilitado: Callable[..., Cliente], datos: dict[str, Any], campo: str, codigo: str
) -> None:
    c = habilitado()
    respuesta = c.crear("icsoe", datos, anexos_icsoe())
    assert _error(respuesta) == (400, codigo, campo)
    assert respuesta.json()["mensaje"]
    assert not Actuacion.objects.exists()


def test_los_rfc_de_las_contrapartes_se_guardan_normalizados(
    habilitado: Callable[..., Cliente],
) -> None:
    c = habilitado()
    contrato = {**ICSOE["contratos"][0], "rfc_beneficiario": " h&e-951128-469 "}
    prestador = {**ICSOE["prestador"], "rfc": "sen-100101-ab3"}
    datos = {**ICSOE, "prestador": prestador, "contratos": [contrato]}
    creada = c.crear("icsoe", datos, anexos_icsoe()).json()
    assert '"rfc_beneficiario":"H&E951128469"' in creada["cadena"]
    assert '"rfc":"SEN100101AB3"' in creada["cadena"]


def test_tramite_desconocido(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    assert _error(c.crear("no-existe", {})) == (400, "tramite_desconocido", "tramite")


def test_registro_patronal_del_promovente(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado(registro="Y5412345108")
    datos = {"concepto": "Multas", "periodo": "2026-02", "motivo": "Ya pagada."}
    sin_registro = c.crear("aclaracion-cobranza", datos, [anexo()])
    assert _error(sin_registro) == (400, "registro_requerido", "registro_patronal")
    ajeno = c.post(
        "/actuaciones",
        {
            "tramite": "aclaracion-cobranza",
            "datos": datos,
            "anexos": [anexo()],
            "registro_patronal": "Z9999999999",
        },
    )
    assert _error(ajeno) == (400, "registro_desconocido", "registro_patronal")
    propio = c.post(
        "/actuaciones",
        {
            "tramite": "aclaracion-cobranza",
            "datos": datos,
            "anexos": [anexo()],
            "registro_patronal": "y5412345108",
        },
    )
    assert propio.status_code == 201, propio.content
    assert "|registro_patronal=Y5412345108|" in propio.json()["cadena"]
    firmada = c.firmar(propio.json()["id"], propio.json()["cadena"])
    assert firmada.json()["acuse"]["registro_patronal"] == "Y5412345108"
    sin_anexos = c.post(
        "/actuaciones",
        {"tramite": "aclaracion-cobranza", "datos": datos, "registro_patronal": "Y5412345108"},
    )
    assert _error(sin_anexos) == (400, "anexos_faltantes", "anexos")


# --- Hostile attachments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("archivo", "codigo", "campo"),
    [
        (
            anexo("grande.pdf", pdf(relleno=10 * 1024 * 1024 + 10)),
            "anexo_demasiado_grande",
            "contenido",
        ),
        (anexo("foto.pdf", png()), "anexo_tipo_no_permitido", "contenido"),
        (anexo("texto.pdf", b"Hola: esto no es un PDF"), "anexo_tipo_no_permitido", "contenido"),
        (anexo("pagina.csv", b"<html>a,b</html>"), "anexo_tipo_no_permitido", "contenido"),
        (anexo("nulos.csv", b"a,b\x00\n"), "anexo_tipo_no_permitido", "contenido"),
        (anexo("tabla.pdf", csv_trabajadores()), "anexo_extension", "nombre"),
        (anexo("bomba.pdf", zip_bomba()), "anexo_tipo_no_permitido", "contenido"),
        (anexo("cifrado.pdf", pdf_cifrado()), "anexo_cifrado", "contenido"),
        (anexo("roto.pdf", pdf()[:-40]), "anexo_danado", "contenido"),
        (anexo("vacio.pdf", b""), "anexo_vacio", "contenido"),
        (anexo("../x.pdf"), "anexo_nombre_invalido", "nombre"),
        (anexo("a/b.pdf"), "anexo_nombre_invalido", "nombre"),
        (anexo("a\\b.pdf"), "anexo_nombre_invalido", "nombre"),
        # U+0000 is refused in any text of any request, before the filing (config.lector).
        (anexo("nulo\x00.pdf"), "caracter_no_permitido", "nombre"),
        (anexo("salto\n.pdf"), "anexo_nombre_invalido", "nombre"),
        (anexo("fdp.\u202etxt.pdf"), "anexo_nombre_invalido", "nombre"),
        (anexo("contrato.exe"), "anexo_extension", "nombre"),
        (
            {"nombre": "x.pdf", "tipo_mime": "application/pdf", "contenido": "no*es*base64"},
            "anexo_base64",
            "contenido",
        ),
    ],
)
def test_anexos_hostiles_se_rechazan_nombrando_el_campo(
    habilitado: Callable[..., Cliente], archivo: dict[str, str], codigo: str, campo: str
) -> None:
    c = habilitado()
    anexos = [anexo("uno.pdf"), anexo("dos.pdf", pdf("dos")), archivo]
    respuesta = c.crear("icsoe", ICSOE, anexos)
    assert _error(respuesta) == (400, codigo, f"anexos[2].{campo}")
    assert respuesta.json()["mensaje"]
    assert not Actuacion.objects.exists()


def test_el_tipo_declarado_no_cuenta(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    disfrazado = {"nombre": "foto.png", "tipo_mime": "image/png", "contenido": b64(pdf())}
    assert _error(c.crear("icsoe", ICSOE, anexos_icsoe(disfrazado)))[1] == "anexo_extension"
    imagen = {"nombre": "captura.png", "tipo_mime": "application/pdf", "contenido": b64(png())}
    creada = c.crear("aclaracion-buzon", ACLARACION, [imagen])
    assert creada.status_code == 201, creada.content
    assert c.get(f"/actuaciones/{creada.json()['id']}").json()["anexos"][0]["tipo_mime"] == (
        "image/png"
    )


def test_demasiados_anexos_y_nombres_repetidos(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    muchos = [anexo(f"a{i}.pdf", pdf(str(i))) for i in range(11)]
    assert _error(c.crear("icsoe", ICSOE, muchos)) == (400, "anexos_de_mas", "anexos")
    repetidos = [anexo("a.pdf"), anexo("A.PDF", pdf("otro"))]
    assert _error(c.crear("icsoe", ICSOE, repetidos)) == (
        400,
        "anexo_nombre_repetido",
        "anexos[1].nombre",
    )


# --- Respuesta a requerimiento (7.6) -------------------------------------------------------------


def test_respuesta_a_un_requerimiento_notificado(habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    n = requerimiento(c.patron.rfc)
    datos = {"folio_requerimiento": n.folio.lower(), "manifestacion": "Anexo lo requerido."}
    hecha = c.presentar("respuesta-requerimiento", datos, [anexo()])
    assert Actuacion.objects.get(pk=hecha["id"]).notificacion == n.pk


def test_respuesta_a_requerimiento_rechazos(
    habilitado: Callable[..., Cliente], patron_b: Patron
) -> None:
    c = habilitado()
    campo = "datos.folio_requerimiento"

    def intentar(folio: str) -> tuple[int, str, str | None]:
        datos = {"folio_requerimiento": folio, "manifestacion": "Contesto."}
        return _error(c.crear("respuesta-requerimiento", datos, [anexo()]))

    assert intentar("2026-NOEX-ISTE-0000") == (400, "requerimiento_desconocido", campo)
    ajeno = requerimiento(patron_b.rfc)
    assert intentar(ajeno.folio) == (400, "requerimiento_desconocido", campo)
    no_requerimiento = requerimiento(c.patron.rfc, tipo="7.1")
    assert intentar(no_requerimiento.folio) == (400, "no_es_requerimiento", campo)
    pendiente = requerimiento(c.patron.rfc, notificada=False)
    assert intentar(pendiente.folio) == (409, "requerimiento_no_notificado", campo)
    assert not Actuacion.objects.exists()


# --- Officials -----------------------------------------------------------------------------------


def test_oficiales_ven_las_de_su_subdelegacion_y_la_respuesta_la_marca(
    client: Client,
    hacer_patron: Callable[..., Patron],
    habilitado: Callable[..., Cliente],
    hacer_oficial: Callable[..., Cliente],
    sello: CertificadoSello,
) -> None:
    from buzon.notificaciones.models import Notificacion

    c = habilitado(subdelegacion="Tijuana", entidad="BCN", zona="America/Tijuana")
    aclaracion = c.presentar("aclaracion-buzon", ACLARACION)
    icsoe = c.presentar("icsoe", ICSOE, anexos_icsoe())
    borrador = c.crear("aclaracion-buzon", ACLARACION).json()
    otro = hacer_patron("MOHR730517UF8")
    en_padron(otro.rfc, "Z1234567890", subdelegacion="Centro")
    habilitar(otro.rfc)
    ajena = Cliente(Client(), otro).presentar("aclaracion-buzon", ACLARACION)

    tijuana = hacer_oficial("XOJI740919U48", "notificador", "Tijuana")
    vistas = tijuana.get("/oficina/actuaciones").json()["actuaciones"]
    assert {a["id"] for a in vistas} == {aclaracion["id"], icsoe["id"]}
    assert all(a["subdelegacion"] == "Tijuana" and a["rfc"] == c.patron.rfc for a in vistas)
    solo_icsoe = tijuana.get("/oficina/actuaciones?tramite=icsoe").json()["actuaciones"]
    assert [a["id"] for a in solo_icsoe] == [icsoe["id"]]
    for ajeno in (ajena["id"], borrador["id"]):
        assert _error(tijuana.get(f"/oficina/actuaciones/{ajeno}"))[:2] == (404, "no_encontrada")
        assert tijuana.get(f"/oficina/actuaciones/{ajeno}/anexos/0").status_code == 404
    detalle = tijuana.get(f"/oficina/actuaciones/{aclaracion['id']}").json()
    assert detalle["estado"] == "presentada" and detalle["datos"] == ACLARACION

    administrador = hacer_oficial("GODE561231GR8", "administrador", "Oficinas centrales")
    todas = administrador.get("/oficina/actuaciones").json()["actuaciones"]
    assert {a["id"] for a in todas} == {aclaracion["id"], icsoe["id"], ajena["id"]}

    # the answer: a notification linked to the filing (issued by the notifications module)
    assert actuacion_para_respuesta(aclaracion["id"], c.patron.rfc) is not None
    assert actuacion_para_respuesta(icsoe["id"], c.patron.rfc) is None  # expects no answer
    assert actuacion_para_respuesta(borrador["id"], c.patron.rfc) is None  # not filed
    assert actuacion_para_respuesta(aclaracion["id"], otro.rfc) is None  # another RFC's
    respuesta = requerimiento(c.patron.rfc, tipo="7.1")
    Notificacion.objects.filter(pk=respuesta.pk).update(en_respuesta_a=aclaracion["id"])
    respondidas = tijuana.get("/oficina/actuaciones?estado=respondida").json()["actuaciones"]
    assert [a["id"] for a in respondidas] == [aclaracion["id"]]
    presentadas = tijuana.get("/oficina/actuaciones?estado=presentada").json()["actuaciones"]
    assert [a["id"] for a in presentadas] == [icsoe["id"]]
    propias = {a["id"]: a["estado"] for a in c.get("/actuaciones").json()["actuaciones"]}
    assert propias[aclaracion["id"]] == "respondida"
    Notificacion.objects.filter(pk=respuesta.pk).update(cancelada=respuesta.creada)
    assert c.get(f"/actuaciones/{aclaracion['id']}").json()["estado"] == "presentada"
    mal = tijuana.get("/oficina/actuaciones?estado=borrador")
    assert _error(mal) == (400, "estado_invalido", "estado")


def test_un_oficial_dado_de_baja_no_ve_nada(
    habilitado: Callable[..., Cliente], hacer_oficial: Callable[..., Cliente]
) -> None:
    from buzon.oficina.models import Oficial

    c = habilitado()
    hecha = c.presentar("aclaracion-buzon", ACLARACION)
    oficial = hacer_oficial()
    assert oficial.get(f"/oficina/actuaciones/{hecha['id']}").status_code == 200
    Oficial.objects.filter(rfc=oficial.patron.rfc).update(activo=False)
    for ruta in ("/oficina/actuaciones", f"/oficina/actuaciones/{hecha['id']}"):
        assert _error(oficial.get(ruta)) == (403, "no_autorizado", None)


def test_un_particular_no_entra_a_la_oficina_ni_un_oficial_a_lo_particular(
    habilitado: Callable[..., Cliente], hacer_oficial: Callable[..., Cliente]
) -> None:
    c = habilitado()
    hecha = c.presentar("aclaracion-buzon", ACLARACION)
    assert c.get("/oficina/actuaciones").status_code == 401
    assert c.get(f"/oficina/actuaciones/{hecha['id']}").status_code == 401
    oficial = hacer_oficial()
    assert oficial.get("/actuaciones").status_code == 401
    assert oficial.get(f"/actuaciones/{hecha['id']}").status_code == 401
    assert oficial.post("/actuaciones", {"tramite": "icsoe", "datos": {}}).status_code == 401


# --- No cross-employer access --------------------------------------------------------------------


def test_ningun_patron_alcanza_la_actuacion_de_otro(
    client: Client, habilitado: Callable[..., Cliente], patron_b: Patron
) -> None:
    a = habilitado()
    hecha = a.presentar("icsoe", ICSOE, anexos_icsoe())
    borrador = a.crear("aclaracion-buzon", ACLARACION).json()
    en_padron(patron_b.rfc, "Z1234567890")
    habilitar(patron_b.rfc)
    b = Cliente(Client(), patron_b)
    for actuacion_id in (hecha["id"], borrador["id"]):
        for ruta in (f"/actuaciones/{actuacion_id}", f"/actuaciones/{actuacion_id}/anexos/0"):
            assert _error(b.get(ruta))[:2] == (404, "no_encontrada"), ruta
        intento = b.post(
            f"/actuaciones/{actuacion_id}/firma",
            {"firma": patron_b.firmar(borrador["cadena"].encode())},
        )
        assert _error(intento)[:2] == (404, "no_encontrada")
    assert b.get("/actuaciones").json()["actuaciones"] == []
    assert b.get(f"/acuses/{hecha['acuse']['folio']}").status_code == 404
    assert Actuacion.objects.get(pk=borrador["id"]).presentada is None
    # the owner still sees both, unchanged
    assert {x["id"] for x in a.get("/actuaciones").json()["actuaciones"]} == {
        hecha["id"],
        borrador["id"],
    }


def test_sin_sesion_todo_es_401(client: Client) -> None:
    for metodo, ruta in (
        ("get", "/api/v1/tramites"),
        ("get", "/api/v1/actuaciones"),
        ("post", "/api/v1/actuaciones"),
        ("get", "/api/v1/actuaciones/1"),
        ("post", "/api/v1/actuaciones/1/firma"),
        ("get", "/api/v1/actuaciones/1/anexos/0"),
        ("get", "/api/v1/oficina/actuaciones"),
        ("get", "/api/v1/oficina/actuaciones/1"),
        ("get", "/api/v1/oficina/actuaciones/1/anexos/0"),
    ):
        respuesta = getattr(client, metodo)(ruta, content_type="application/json")
        assert respuesta.status_code == 401, ruta
        assert respuesta.json()["error"] == "sesion_requerida"


def test_el_acuse_verifica_publicamente(client: Client, habilitado: Callable[..., Cliente]) -> None:
    c = habilitado()
    contenido = pdf("verificable")
    hecha = c.presentar("icsoe", ICSOE, anexos_icsoe(anexo("c.pdf", contenido)))
    acuse = Acuse.objects.get(folio=hecha["acuse"]["folio"])
    publica = client.get(
        f"/api/v1/verificacion/{acuse.folio}", {"c": acuse.codigo_verificacion}
    ).json()
    assert publica["valido"] is True
    assert publica["tipo"] == "actuacion"
    assert base64.b64decode(acuse.sello)
