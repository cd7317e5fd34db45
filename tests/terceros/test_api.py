"""The authorisations API end to end (relación 9.1, 9.3, 9.6): grant, sign, list, received by the
third party, signed revocation, expiry by date with no sweep, refusals naming their field, and no
particular ever reaching another's authorisation."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from buzon.cuentas.servicios import politica
from buzon.efirma import verificar_firma
from buzon.evidencia.models import Acuse, CertificadoSello, EntradaBitacora
from buzon.evidencia.servicios import cadena_de
from buzon.legal.zonas import ZONA_CENTRO
from buzon.terceros import selectors
from buzon.terceros.models import Autorizacion, EventoAutorizacion
from tests.cuentas.fixtures import Patron
from tests.terceros.fixtures import OTRO, TERCERO, TITULAR, cliente, otorgar, revocar

pytestmark = pytest.mark.django_db


def _hoy() -> date:
    return datetime.now(UTC).astimezone(ZONA_CENTRO).date()


def _error(respuesta: object) -> tuple[int, str, str | None]:
    cuerpo = respuesta.json()  # type: ignore[attr-defined]
    return respuesta.status_code, cuerpo["error"], cuerpo.get("campo")  # type: ignore[attr-defined]


def test_el_flujo_completo_otorgar_firmar_recibir_revocar(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    titular, tercero = cliente(hacer_patron(TITULAR)), cliente(hacer_patron(TERCERO))
    creada = titular.post("/autorizaciones", {"tercero": "h&e951128469", "alcance": "opinion"})
    assert creada.status_code == 201, creada.content
    cuerpo = creada.json()
    assert set(cuerpo) >= {"id", "cadena"} and cuerpo["estado"] == "por_firmar"
    assert cuerpo["cadena"].startswith("||BUZON-AUTORIZACION-1|")
    assert f"|titular={TITULAR}|tercero={TERCERO}|alcance=opinion|vence=|" in cuerpo["cadena"]
    # Captured but not signed: not in force, not received.
    assert not selectors.autorizado(TITULAR, TERCERO, "opinion")
    assert tercero.get("/autorizaciones/recibidas").json() == {"autorizaciones": []}
    listada = titular.get("/autorizaciones").json()["autorizaciones"]
    assert [(a["id"], a["estado"]) for a in listada] == [(cuerpo["id"], "por_firmar")]

    firma = titular.patron.firmar(cuerpo["cadena"].encode())
    firmada = titular.post(f"/autorizaciones/{cuerpo['id']}/firma", {"firma": firma})
    assert firmada.status_code == 201, firmada.content
    acuse_json = firmada.json()["acuse"]
    assert firmada.json()["estado"] == "vigente"
    assert acuse_json["tipo"] == "autorizacion_tercero" and acuse_json["rfc"] == TITULAR
    acuse = Acuse.objects.get(folio=acuse_json["folio"])
    assert cadena_de(acuse) == acuse.cadena_original
    assert acuse.datos["cadena_firmada"] == cuerpo["cadena"]
    assert acuse.datos["tercero"] == TERCERO and acuse.datos["alcance"] == "opinion"
    assert EntradaBitacora.objects.filter(tipo="acuse_emitido", sujeto=acuse.folio).exists()
    # Signing again with a valid signature gives the same acuse (no second one).
    otra_vez = titular.post(f"/autorizaciones/{cuerpo['id']}/firma", {"firma": firma})
    assert otra_vez.status_code == 201 and otra_vez.json()["acuse"]["folio"] == acuse.folio
    assert Acuse.objects.filter(tipo="autorizacion_tercero").count() == 1

    assert selectors.autorizado(TITULAR, TERCERO, "opinion")
    assert not selectors.autorizado(TITULAR, TERCERO, "emisiones")
    lista = titular.get("/autorizaciones").json()["autorizaciones"]
    assert lista[0]["estado"] == "vigente" and lista[0]["acuse"] == acuse.folio
    assert lista[0]["tercero"] == TERCERO and lista[0]["vence"] is None
    recibidas = tercero.get("/autorizaciones/recibidas").json()["autorizaciones"]
    assert [(r["titular"], r["alcance"], r["estado"]) for r in recibidas] == [
        (TITULAR, "opinion", "vigente")
    ]
    # The holder itself received nothing.
    assert titular.get("/autorizaciones/recibidas").json() == {"autorizaciones": []}

    # Revocation, signed: first its cadena (the same until signed), then the signature.
    pedida = titular.post(f"/autorizaciones/{cuerpo['id']}/revocacion", {})
    assert pedida.status_code == 200, pedida.content
    texto = pedida.json()["cadena"]
    assert (
        texto.startswith("||BUZON-REVOCACION-1|") and f"acuse_autorizacion={acuse.folio}" in texto
    )
    assert titular.post(f"/autorizaciones/{cuerpo['id']}/revocacion", {}).json()["cadena"] == texto
    assert selectors.autorizado(TITULAR, TERCERO, "opinion")  # asking is not revoking
    hecha = titular.post(
        f"/autorizaciones/{cuerpo['id']}/revocacion",
        {"firma": titular.patron.firmar(texto.encode())},
    )
    assert hecha.status_code == 201, hecha.content
    assert hecha.json()["estado"] == "revocada"
    assert hecha.json()["acuse"]["tipo"] == "revocacion_autorizacion"
    revocacion = Acuse.objects.get(folio=hecha.json()["acuse"]["folio"])
    assert revocacion.datos["acuse_autorizacion"] == acuse.folio
    assert revocacion.datos["cadena_firmada"] == texto

    assert not selectors.autorizado(TITULAR, TERCERO, "opinion")
    assert tercero.get("/autorizaciones/recibidas").json() == {"autorizaciones": []}
    todas = tercero.get("/autorizaciones/recibidas?todas=1").json()["autorizaciones"]
    assert [r["estado"] for r in todas] == ["revocada"]
    fila = titular.get("/autorizaciones").json()["autorizaciones"][0]
    assert fila["estado"] == "revocada" and fila["acuse_revocacion"] == revocacion.folio
    # Revoking again: refused, and the same signature returns the same acuse.
    assert _error(titular.post(f"/autorizaciones/{cuerpo['id']}/revocacion", {})) == (
        409,
        "ya_revocada",
        "id",
    )
    eventos = EventoAutorizacion.objects.filter(autorizacion_id=cuerpo["id"])
    assert [e.tipo for e in eventos] == ["creada", "firmada", "revocacion_solicitada", "revocada"]
    # The stored CMS signature verifies over the signed cadena with the holder's certificate.
    a = Autorizacion.objects.get(pk=cuerpo["id"])
    assert a.firma_cms and a.firma_revocacion_cms
    assert (
        verificar_firma(
            titular.patron.cer,
            a.cadena.encode(),
            base64.b64decode(acuse.datos["firma"]),
            instante=datetime.now(UTC),
            politica=politica(),
        ).certificado.rfc
        == TITULAR
    )

    # A new grant after the revocation is allowed again.
    nueva = otorgar(titular, TERCERO)
    assert nueva["estado"] == "vigente" and selectors.autorizado(TITULAR, TERCERO, "opinion")


def test_errores_claros_que_nombran_su_campo(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    titular = cliente(hacer_patron(TITULAR))
    ayer, hoy = _hoy() - timedelta(days=1), _hoy()
    casos = [
        ({"tercero": "NO-ES-RFC", "alcance": "opinion"}, "tercero_invalido", "tercero"),
        ({"tercero": TITULAR, "alcance": "opinion"}, "tercero_invalido", "tercero"),
        ({"alcance": "opinion"}, "tercero_invalido", "tercero"),
        ({"tercero": TERCERO, "alcance": "todo"}, "alcance_invalido", "alcance"),
        (
            {"tercero": TERCERO, "alcance": "opinion", "vence": ayer.isoformat()},
            "vence_invalido",
            "vence",
        ),
        (
            {"tercero": TERCERO, "alcance": "opinion", "vence": hoy.isoformat()},
            "vence_invalido",
            "vence",
        ),
        (
            {"tercero": TERCERO, "alcance": "opinion", "vence": "31/12/2030"},
            "vence_invalido",
            "vence",
        ),
        ({"tercero": TERCERO, "alcance": "publicacion"}, "tercero_invalido", "tercero"),
    ]
    for cuerpo, codigo, campo in casos:
        respuesta = titular.post("/autorizaciones", cuerpo)
        assert _error(respuesta) == (400, codigo, campo), (cuerpo, respuesta.content)
        assert respuesta.json()["mensaje"]
    assert not Autorizacion.objects.exists()
    assert _error(titular.get("/autorizaciones?alcance=todo")) == (
        400,
        "alcance_invalido",
        "alcance",
    )
    assert titular.get("/autorizaciones?alcance=").json() == {"autorizaciones": []}

    creada = titular.post("/autorizaciones", {"tercero": TERCERO, "alcance": "opinion"}).json()
    ruta = f"/autorizaciones/{creada['id']}/firma"
    # A signature over other bytes, with another key, or not base64 at all: 4xx naming `firma`.
    otra = cliente(hacer_patron(OTRO))
    for firma in (
        titular.patron.firmar(b"otra cadena"),
        otra.patron.firmar(creada["cadena"].encode()),
        "esto no es base64",
    ):
        status, _codigo, campo_firma = _error(titular.post(ruta, {"firma": firma}))
        assert 400 <= status < 500 and campo_firma == "firma", firma
    assert Autorizacion.objects.get().firmada is None
    assert not Acuse.objects.exists()
    # The revocation of an unsigned grant: nothing to revoke.
    assert _error(titular.post(f"/autorizaciones/{creada['id']}/revocacion", {})) == (
        409,
        "no_firmada",
        "id",
    )
    # Signing a revocation never asked for.
    otorgar(titular, OTRO)
    vigente = Autorizacion.objects.get(tercero=OTRO)
    sin_pedir = titular.post(
        f"/autorizaciones/{vigente.pk}/revocacion", {"firma": titular.patron.firmar(b"x")}
    )
    assert _error(sin_pedir) == (409, "revocacion_no_solicitada", "firma")
    # A second grant while one is in force: refused (revoke it first).
    repetida = titular.post("/autorizaciones", {"tercero": OTRO, "alcance": "opinion"})
    assert _error(repetida) == (409, "ya_autorizado", "tercero")


def test_vence_por_fecha_sin_barrido(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    patron_titular, patron_tercero = hacer_patron(TITULAR), hacer_patron(TERCERO)
    titular = cliente(patron_titular)
    manana = _hoy() + timedelta(days=1)
    hecha = otorgar(titular, TERCERO, vence=manana.isoformat())
    assert hecha["estado"] == "vigente"
    fila = Autorizacion.objects.get(pk=hecha["id"])
    # In force through the whole day `vence` (Zona Centro), not a microsecond after it.
    fin = datetime.combine(manana + timedelta(days=1), datetime.min.time(), tzinfo=ZONA_CENTRO)
    assert fila.vence_en == fin
    assert selectors.autorizado(TITULAR, TERCERO, "opinion", en=fin - timedelta(microseconds=1))
    assert not selectors.autorizado(TITULAR, TERCERO, "opinion", en=fin)
    assert selectors.estado_de(fila, fin) == "vencida"
    with time_machine.travel(fin + timedelta(minutes=1), tick=True):
        # No sweep ran: the stored date alone makes it expired, for the API and the selectors.
        assert not selectors.autorizado(TITULAR, TERCERO, "opinion")
        titular_despues, tercero_despues = cliente(patron_titular), cliente(patron_tercero)
        assert titular_despues.get("/autorizaciones").json()["autorizaciones"][0]["estado"] == (
            "vencida"
        )
        assert tercero_despues.get("/autorizaciones/recibidas").json()["autorizaciones"] == []
        todas = tercero_despues.get("/autorizaciones/recibidas?todas=1").json()
        assert [r["estado"] for r in todas["autorizaciones"]] == ["vencida"]
        assert (
            _error(titular_despues.post(f"/autorizaciones/{hecha['id']}/revocacion", {}))[1]
            == "autorizacion_vencida"
        )
        # Expired, a new grant to the same third party may be given.
        assert otorgar(titular_despues, TERCERO)["estado"] == "vigente"
    assert Autorizacion.objects.get(pk=hecha["id"]).revocada is None  # nothing was written


def test_otro_particular_recibe_404_en_toda_ruta_con_id(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    titular, ajeno = cliente(hacer_patron(TITULAR)), cliente(hacer_patron(OTRO))
    por_firmar = titular.post(
        "/autorizaciones", {"tercero": TERCERO, "alcance": "emisiones"}
    ).json()
    vigente = otorgar(titular, TERCERO)
    pedida = titular.post(f"/autorizaciones/{vigente['id']}/revocacion", {}).json()
    for ident, texto in (
        (por_firmar["id"], por_firmar["cadena"]),
        (vigente["id"], pedida["cadena"]),
    ):
        firma = ajeno.patron.firmar(texto.encode())
        for ruta, cuerpo in (
            (f"/autorizaciones/{ident}/firma", {"firma": firma}),
            (f"/autorizaciones/{ident}/revocacion", {}),
            (f"/autorizaciones/{ident}/revocacion", {"firma": firma}),
        ):
            respuesta = ajeno.post(ruta, cuerpo)
            assert _error(respuesta) == (404, "no_encontrada", "id"), (ruta, respuesta.content)
    # A missing id answers exactly the same.
    assert (
        ajeno.post("/autorizaciones/999999/firma", {"firma": "x"}).json()
        == ajeno.post(f"/autorizaciones/{vigente['id']}/firma", {"firma": "x"}).json()
    )
    assert ajeno.get("/autorizaciones").json() == {"autorizaciones": []}
    assert ajeno.get("/autorizaciones/recibidas?todas=1").json() == {"autorizaciones": []}
    assert selectors.autorizado(TITULAR, TERCERO, "opinion")
    # Without a session: 401.
    from django.test import Client

    assert Client().get("/api/v1/autorizaciones").status_code == 401


def test_publicacion_se_otorga_al_instituto_y_no_es_de_terceros(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    titular = cliente(hacer_patron(TITULAR))
    assert not selectors.publicacion_autorizada(TITULAR)
    hecha = otorgar(titular, None, "publicacion")
    assert hecha["acuse"]["tipo"] == "autorizacion_tercero"
    fila = Autorizacion.objects.get(pk=hecha["id"])
    assert fila.tercero == selectors.INSTITUTO
    assert selectors.publicacion_autorizada(TITULAR)
    assert selectors.publicadas([TITULAR.lower(), TERCERO]) == {TITULAR}
    # The Institute's RFC may be named explicitly too; another's is refused (tested above).
    assert _error(
        titular.post("/autorizaciones", {"tercero": selectors.INSTITUTO, "alcance": "publicacion"})
    ) == (409, "ya_autorizado", "tercero")
    revocar(titular, hecha["id"])
    assert not selectors.publicacion_autorizada(TITULAR)
    assert selectors.publicadas([TITULAR]) == set()
