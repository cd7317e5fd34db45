"""The pre-computed determination from the ledger and the riesgos (10.4), its API, isolation, the
filing as a signed actuación that records the prima, and the next EMA using it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from buzon.actuaciones.models import Actuacion
from buzon.cuentas.navegador import COOKIE
from buzon.cuotas.emisiones import generacion
from buzon.cuotas.emisiones.modelos import Emision
from buzon.cuotas.models import Movimiento, PrimaRT
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.riesgos import selectors
from buzon.riesgos.models import ClaseRiesgo, RiesgoTerminado
from tests.actuaciones.fixtures import Cliente, en_padron, habilitar
from tests.cuentas.fixtures import Patron, entrar
from tests.riesgos.ayudas import (
    OTRO,
    REGISTRO,
    csv_riesgos,
    escenario,
    importar,
    nss,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def navegador(patron: Patron) -> Client:
    cliente = Client()
    cliente.cookies[COOKIE] = entrar(Client(), patron)
    return cliente


@pytest.fixture
def listo(tmp_path: Path, patron_a: Patron, sello: CertificadoSello) -> Patron:
    escenario(patron_a.rfc, tmp_path)
    habilitar(patron_a.rfc)
    return patron_a


def test_el_calculo_con_cada_numero(listo: Patron) -> None:
    c = selectors.calculo(selectors.access_registro(listo.rfc, REGISTRO), 2025)
    assert (
        c.casos.casos,
        c.casos.dias_subsidiados,
        c.casos.incapacidades,
        c.casos.defunciones,
    ) == (
        2,
        50,
        Decimal("0.1"),
        0,
    )
    assert (c.exposicion.dias_cotizados, c.exposicion.trabajadores) == (3650, 10)
    assert c.anterior.prima == Decimal("2.59840") and c.anterior.origen == "registrada"
    assert c.determinacion is not None
    assert str(c.determinacion.prima_calculada) == "68.05068"
    assert str(c.determinacion.prima) == "3.59840" and c.determinacion.limite == "incremento"
    assert c.vigencia == (date(2026, 3, 1), date(2027, 2, 28))


def test_los_dias_cotizados_descuentan_ausentismos_incapacidades_y_bajas(listo: Patron) -> None:
    r = selectors.access_registro(listo.rfc, REGISTRO)
    a = Movimiento.objects.filter(registro=r).order_by("linea")
    base = {"registro": r, "archivo": a[0].archivo, "linea": 99}
    Movimiento.objects.create(
        **base, asegurado=a[0].asegurado, tipo="12", fecha=date(2025, 3, 3), dias=5
    )
    Movimiento.objects.create(
        **base, asegurado=a[1].asegurado, tipo="11", fecha=date(2025, 3, 3), dias=2
    )
    Movimiento.objects.create(**base, asegurado=a[2].asegurado, tipo="02", fecha=date(2025, 1, 10))
    # 3650 - 5 - 2 - (365 - 10)
    assert selectors.exposicion(r, 2025).dias_cotizados == 3650 - 5 - 2 - 355


def test_api_terminados_y_determinacion(client: Client, listo: Patron) -> None:
    api = Cliente(client, listo)
    r = api.get(f"/riesgos/terminados?registro_patronal={REGISTRO}&anio=2025")
    assert r.status_code == 200, r.content
    cuerpo = r.json()
    assert [x["nss"] for x in cuerpo["riesgos"]] == [nss(1), nss(2)]  # trayecto and 2024 absent
    assert cuerpo["riesgos"][0]["porcentaje_incapacidad"] == "10.00"
    d = api.get(f"/riesgos/determinacion?registro_patronal={REGISTRO}&anio=2025").json()
    assert {k: d[k] for k in ("S", "I", "D", "dias_cotizados", "N", "F", "V", "M")} == {
        "S": 50,
        "I": "0.1",
        "D": 0,
        "dias_cotizados": 3650,
        "N": "10.00000",
        "F": "2.3",
        "V": 28,
        "M": "0.005",
    }
    assert (d["prima_calculada"], d["prima"], d["limite"]) == ("68.05068", "3.59840", "incremento")
    assert d["prima_anterior"] == "2.59840" and d["debe_presentar"] is True
    assert d["vigencia"] == {"desde": "2026-03-01", "hasta": "2027-02-28"}
    f22 = api.get(
        f"/riesgos/determinacion?registro_patronal={REGISTRO}&anio=2025&sistema_seguridad=true"
    ).json()
    assert f22["F"] == "2.2" and f22["prima_calculada"] == "65.11370"
    assert (
        api.get(f"/riesgos/determinacion?registro_patronal={REGISTRO}&anio=1999").status_code == 400
    )


def test_un_patron_nunca_ve_los_riesgos_de_otro(
    client: Client, listo: Patron, patron_b: Patron, tmp_path: Path
) -> None:
    en_padron(patron_b.rfc, OTRO)
    otro = Cliente(Client(), patron_b)
    for ruta in ("terminados", "determinacion"):
        ajena = otro.get(f"/riesgos/{ruta}?registro_patronal={REGISTRO}&anio=2025")
        inexistente = otro.get(f"/riesgos/{ruta}?registro_patronal=A0000000009&anio=2025")
        assert ajena.status_code == inexistente.status_code == 404
        assert ajena.json() == inexistente.json()
        assert nss(1) not in ajena.content.decode()
    b = navegador(patron_b)
    for ruta in ("/riesgos/", "/riesgos/determinacion/"):
        pagina = b.get(f"{ruta}?registro={REGISTRO}&anio=2025")
        assert pagina.status_code == 404 and nss(1) not in pagina.content.decode()
    assert (
        b.post(
            "/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"}
        ).status_code
        == 404
    )
    # Another's draft of this trámite, by id, is a 404 on every page of it.
    a = navegador(listo)
    hecha = a.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    actuacion = Actuacion.objects.get()
    assert hecha["Location"] == f"/riesgos/determinacion/{actuacion.pk}/"
    assert b.get(f"/riesgos/determinacion/{actuacion.pk}/").status_code == 404
    assert (
        b.post(f"/riesgos/determinacion/{actuacion.pk}/firmar/", {"firma": "x"}).status_code == 404
    )
    assert b.post(f"/riesgos/determinacion/{actuacion.pk}/registrar/").status_code == 404


def _preparar_y_firmar(patron: Patron, cliente: Client | None = None, **extra: str) -> Any:
    c = cliente or navegador(patron)
    hecha = c.post(
        "/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025", **extra}
    )
    assert hecha.status_code == 302, hecha.content.decode()[:2000]
    actuacion = Actuacion.objects.order_by("-pk").first()
    assert actuacion is not None
    firma = patron.firmar(actuacion.cadena.encode())
    return c.post(f"/riesgos/determinacion/{actuacion.pk}/firmar/", {"firma": firma}), actuacion


def test_presentar_registra_la_prima_y_la_siguiente_ema_la_usa(listo: Patron) -> None:
    c = navegador(listo)
    respuesta, actuacion = _preparar_y_firmar(listo, c)
    assert respuesta.status_code == 302
    actuacion.refresh_from_db()
    assert actuacion.presentada is not None and actuacion.acuse
    assert (
        respuesta["Location"] == f"/riesgos/determinacion/{actuacion.pk}/?acuse={actuacion.acuse}"
    )
    assert Acuse.objects.filter(folio=actuacion.acuse).exists()
    prima = PrimaRT.objects.get(vigente_desde=date(2026, 3, 1))
    assert prima.prima == Decimal("3.59840") and prima.determinacion == actuacion.pk
    assert prima.archivo is None
    pagina = c.get(respuesta["Location"]).content.decode()
    assert actuacion.acuse in pagina and 'id="prima-registrada"' in pagina
    # Signing again returns the same acuse and records nothing twice.
    otra = c.post(
        f"/riesgos/determinacion/{actuacion.pk}/firmar/",
        {"firma": listo.firmar(actuacion.cadena.encode())},
    )
    assert (
        otra.status_code == 302
        and PrimaRT.objects.filter(vigente_desde=date(2026, 3, 1)).count() == 1
    )
    # The EMA of March 2026 uses the new prima; February's still the previous one.
    generacion.generar("2026-03")
    generacion.generar("2026-02")
    marzo = Emision.objects.get(registro_patronal=REGISTRO, periodo="2026-03")
    febrero = Emision.objects.get(registro_patronal=REGISTRO, periodo="2026-02")
    assert Decimal(str(marzo.parametros["prima_rt"])) == Decimal("3.59840"), marzo.parametros
    assert Decimal(str(febrero.parametros["prima_rt"])) == Decimal("2.59840")
    assert marzo.totales["riesgos_trabajo"][0] > febrero.totales["riesgos_trabajo"][0]


def test_firma_mala_no_registra_nada(listo: Patron) -> None:
    c = navegador(listo)
    c.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    actuacion = Actuacion.objects.get()
    mala = c.post(
        f"/riesgos/determinacion/{actuacion.pk}/firmar/",
        {"firma": listo.firmar(b"otra cadena")},
    )
    assert mala.status_code == 400
    assert not PrimaRT.objects.filter(vigente_desde=date(2026, 3, 1)).exists()
    actuacion.refresh_from_db()
    assert actuacion.presentada is None


def test_datos_desactualizados_no_se_presentan(listo: Patron, tmp_path: Path) -> None:
    c = navegador(listo)
    c.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    actuacion = Actuacion.objects.get()
    importar(csv_riesgos(tmp_path, [f"{REGISTRO},{nss(7)},accidente,2025-08-01,3,0,no"], "n.csv"))
    r = c.post(
        f"/riesgos/determinacion/{actuacion.pk}/firmar/",
        {"firma": listo.firmar(actuacion.cadena.encode())},
    )
    assert r.status_code == 409 and "ya no coinciden" in r.content.decode()
    actuacion.refresh_from_db()
    assert actuacion.presentada is None
    assert not PrimaRT.objects.filter(vigente_desde=date(2026, 3, 1)).exists()


def test_firmada_en_la_pagina_de_actuaciones_registra_su_prima(listo: Patron) -> None:
    """`actuaciones.firma.al_presentar`: signed on the generic page, the determination records
    its prima in the filing's transaction; «Registrar» afterwards changes nothing."""
    c = navegador(listo)
    c.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    actuacion = Actuacion.objects.get()
    antes = c.post(f"/riesgos/determinacion/{actuacion.pk}/registrar/")
    assert antes.status_code == 409
    r = c.post(
        f"/actuaciones/{actuacion.pk}/firmar/", {"firma": listo.firmar(actuacion.cadena.encode())}
    )
    assert r.status_code == 302
    assert PrimaRT.objects.get(vigente_desde=date(2026, 3, 1)).determinacion == actuacion.pk
    pagina = c.get(f"/riesgos/determinacion/{actuacion.pk}/").content.decode()
    assert 'id="registrar-boton"' not in pagina
    assert c.post(f"/riesgos/determinacion/{actuacion.pk}/registrar/").status_code == 302
    assert PrimaRT.objects.filter(vigente_desde=date(2026, 3, 1)).count() == 1


def test_desactualizada_en_la_pagina_de_actuaciones_no_se_presenta(
    listo: Patron, tmp_path: Path
) -> None:
    """The generic page refuses stale numbers as the riesgos page does: nothing filed, no prima,
    the reason in Spanish on the page."""
    c = navegador(listo)
    c.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    actuacion = Actuacion.objects.get()
    importar(csv_riesgos(tmp_path, [f"{REGISTRO},{nss(7)},accidente,2025-08-01,3,0,no"], "n.csv"))
    r = c.post(
        f"/actuaciones/{actuacion.pk}/firmar/", {"firma": listo.firmar(actuacion.cadena.encode())}
    )
    assert r.status_code == 409 and "ya no coinciden" in r.content.decode()
    actuacion.refresh_from_db()
    assert actuacion.presentada is None and not actuacion.acuse
    assert not PrimaRT.objects.filter(vigente_desde=date(2026, 3, 1)).exists()
    assert not Acuse.objects.filter(tipo="actuacion").exists()


def test_registro_nuevo_paga_la_prima_media_de_su_clase(
    patron_a: Patron, sello: CertificadoSello, tmp_path: Path
) -> None:
    escenario(patron_a.rfc, tmp_path, prima=None)
    habilitar(patron_a.rfc)
    c = navegador(patron_a)
    sin_clase = c.post("/riesgos/determinacion/preparar/", {"registro": REGISTRO, "anio": "2025"})
    assert sin_clase.status_code == 409 and "clase de riesgo" in sin_clase.content.decode()
    ruta = tmp_path / "clases.csv"
    ruta.write_text(f"registro_patronal,clase\n{REGISTRO},III\n", encoding="utf-8")
    assert importar(ruta, "clases")[0] == 0
    assert ClaseRiesgo.objects.get().clase == "III"
    c2 = selectors.calculo(selectors.access_registro(patron_a.rfc, REGISTRO), 2025)
    assert c2.anterior.prima == Decimal("2.59840") and c2.anterior.origen == "media"
    respuesta, _ = _preparar_y_firmar(patron_a, c)
    assert respuesta.status_code == 302
    assert PrimaRT.objects.get(vigente_desde=date(2026, 3, 1)).prima == Decimal("3.59840")


def test_sin_dias_cotizados_no_hay_determinacion(
    patron_a: Patron, sello: CertificadoSello, tmp_path: Path
) -> None:
    escenario(patron_a.rfc, tmp_path, trabajadores=0)
    c = selectors.calculo(selectors.access_registro(patron_a.rfc, REGISTRO), 2025)
    assert c.determinacion is None and "N = 0" in c.impedimento
    assert RiesgoTerminado.objects.count() == 3
