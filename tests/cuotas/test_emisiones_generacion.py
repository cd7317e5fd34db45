"""Emisiones: generation set-based, resumable and idempotent; totals; downloads; cotejo; access
on every route; the courtesy aviso (issue 13 §4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buzon.avisos.models import Mensaje
from buzon.cuotas.emisiones import generacion, selectors
from buzon.cuotas.emisiones.modelos import BloqueEmision, CorridaEmision, Emision
from buzon.cuotas.models import ArchivoAfiliacion, Asegurado, Movimiento, PrimaRT
from buzon.evidencia.models import EntradaBitacora
from buzon.habilitacion.models import Buzon, Medio
from buzon.legal.nss import digito_nss
from buzon.padron.models import Patron, RegistroPatronal
from buzon.sistema import trabajo
from tests.cuentas.fixtures import entrar

pytestmark = pytest.mark.django_db

RFC_A = "XIQB891116QE4"
RFC_B = "H&E951128469"


def nss(n: int) -> str:
    diez = f"{n:010d}"
    return diez + digito_nss(diez)


def _archivo() -> ArchivoAfiliacion:
    ahora = timezone.now()
    return ArchivoAfiliacion.objects.get_or_create(
        sha256="0" * 64, defaults={"tipo": "movimientos", "nombre": "t.csv", "importado_en": ahora}
    )[0]


def patron(rfc: str) -> Patron:
    ahora = timezone.now()
    return Patron.objects.get_or_create(
        rfc=rfc, defaults={"nombre": f"Patrón {rfc}", "creado_en": ahora, "importado_en": ahora}
    )[0]


def registro(
    rfc: str, clave: str, trabajadores: list[tuple[str, list[tuple[Any, ...]]]]
) -> RegistroPatronal:
    ahora = timezone.now()
    r = RegistroPatronal.objects.create(
        registro=clave,
        patron=patron(rfc),
        entidad="CMX",
        subdelegacion="01",
        creado_en=ahora,
        importado_en=ahora,
    )
    archivo = _archivo()
    PrimaRT.objects.create(
        registro=r,
        vigente_desde=date(2026, 3, 1),
        prima=Decimal("0.54355"),
        archivo=archivo,
        linea=1,
    )
    for numero, movs in trabajadores:
        a = Asegurado.objects.create(
            nss=numero,
            curp="XIQB891116MGRMZR05",
            nombre=f"Trabajador {numero}",
            creado_en=ahora,
            importado_en=ahora,
        )
        for i, (tipo, fecha, sbc, dias) in enumerate(movs, start=1):
            Movimiento.objects.create(
                registro=r,
                asegurado=a,
                tipo=tipo,
                fecha=fecha,
                sbc=sbc,
                dias=dias,
                archivo=archivo,
                linea=i,
            )
    return r


ALTA_500 = [("08", date(2026, 1, 1), Decimal("500.00"), None)]


@pytest.fixture
def ledger() -> None:
    registro(
        RFC_A,
        "Y5412345108",
        [(nss(1), ALTA_500), (nss(2), [("08", date(2026, 4, 10), Decimal("800.00"), None)])],
    )
    registro(
        RFC_A, "Y5412345109", [(nss(3), ALTA_500), (nss(4), [("02", date(2026, 4, 3), None, None)])]
    )
    registro(RFC_B, "Z0000000001", [(nss(5), ALTA_500)])


def test_vector_de_la_issue_y_totales(ledger: None) -> None:
    corrida = generacion.generar("2026-04")
    assert corrida.estado == CorridaEmision.Estado.TERMINADA
    e = Emision.objects.get(registro_patronal="Y5412345108")
    filas = {f.nss: f for f in selectors.trabajadores_de(e)}
    uno = filas[nss(1)].importes
    assert uno["cuota_fija_patron"] == 71794
    assert (uno["excedente_patron"], uno["excedente_obrero"]) == (4886, 1777)
    assert (uno["prestaciones_dinero_patron"], uno["prestaciones_dinero_obrero"]) == (10500, 3750)
    assert uno["riesgos_trabajo_patron"] == 8153
    assert uno["guarderias_patron"] == 15000
    for concepto, (p, o) in e.totales.items():
        assert p == sum(f.importes.get(f"{concepto}_patron", 0) for f in filas.values())
        assert o == sum(f.importes.get(f"{concepto}_obrero", 0) for f in filas.values())
    assert e.total_patron == sum(f.total_patron for f in filas.values())
    assert selectors.integra(e)


def test_movimientos_por_aclarar_no_se_pierden(ledger: None) -> None:
    generacion.generar("2026-04")
    e = Emision.objects.get(registro_patronal="Y5412345109")
    assert [a["nss"] for a in e.por_aclarar] == [nss(4)]
    assert e.trabajadores == 1


def test_idempotente_y_reanudable(ledger: None, monkeypatch: pytest.MonkeyPatch) -> None:
    original = generacion._hacer
    llamadas = {"n": 0}

    def falla_en_el_segundo(*args: Any) -> None:
        llamadas["n"] += 1
        original(*args)
        if llamadas["n"] == 2:
            raise RuntimeError("caída simulada a mitad del bloque")

    monkeypatch.setattr(generacion, "_hacer", falla_en_el_segundo)
    with pytest.raises(RuntimeError):
        generacion.generar("2026-04", tamano=1)
    assert Emision.objects.count() == 1  # the second chunk rolled back whole
    assert BloqueEmision.objects.filter(hecho=True).count() == 1
    monkeypatch.setattr(generacion, "_hacer", original)
    corrida = generacion.generar("2026-04", tamano=1)
    assert corrida.estado == CorridaEmision.Estado.TERMINADA
    assert Emision.objects.count() == 3
    antes = list(Emision.objects.order_by("id").values_list("folio", "huella"))
    mensajes = Mensaje.objects.count()
    generacion.generar("2026-04")
    assert list(Emision.objects.order_by("id").values_list("folio", "huella")) == antes
    assert Mensaje.objects.count() == mensajes
    assert EntradaBitacora.objects.filter(tipo="emisiones_publicadas").count() == 3


def test_consultas_por_bloque_no_crecen_con_los_registros() -> None:
    def consultas_de_un_bloque(periodo: str) -> int:
        corrida = generacion.do_planear(periodo, tamano=1000)
        with CaptureQueriesContext(connection) as consultas:
            assert generacion.do_generar_bloque(corrida)
        assert not generacion.do_generar_bloque(corrida)
        return len(consultas)

    for i in range(3):
        registro(RFC_A, f"A{i:010d}", [(nss(100 + i), ALTA_500)])
    pocos = consultas_de_un_bloque("2026-04")
    for i in range(30):
        registro(RFC_B, f"B{i:010d}", [(nss(200 + i), ALTA_500), (nss(300 + i), ALTA_500)])
    muchos = consultas_de_un_bloque("2026-05")
    assert Emision.objects.filter(periodo="2026-05").count() == 33
    assert muchos == pocos


def test_aviso_de_cortesia_sin_enlace(ledger: None) -> None:
    ahora = timezone.now()
    b = Buzon.objects.create(rfc=RFC_A, creado=ahora)
    for tipo, valor in (("correo", "conta@ejemplo.mx"), ("celular", "5512345678")):
        Medio.objects.create(
            buzon=b, tipo=tipo, valor=valor, estado="confirmado", registrado_en=ahora, expira=ahora
        )
    generacion.generar("2026-04")
    mensajes = list(Mensaje.objects.all())
    assert sorted(m.canal for m in mensajes) == ["correo", "sms"]  # one per medio, not per registro
    for m in mensajes:
        assert "http" not in m.cuerpo.lower() and "www" not in m.cuerpo.lower()
        assert "informativo" in m.cuerpo


def _cliente(patron: Any) -> Client:
    c = Client()
    c.defaults["HTTP_AUTHORIZATION"] = f"Bearer {entrar(c, patron)}"
    return c


def test_descargas_cotejo_y_acceso(ledger: None, patron_a: Any, patron_b: Any, sello: Any) -> None:
    generacion.generar("2026-04")
    a, b = _cliente(patron_a), _cliente(patron_b)
    lista = a.get("/api/v1/emisiones").json()
    assert [e["registro_patronal"] for e in lista["emisiones"]] == ["Y5412345109", "Y5412345108"]
    propia = Emision.objects.get(registro_patronal="Y5412345108")
    ruta = f"/api/v1/emisiones/{propia.pk}"
    detalle = a.get(ruta).json()
    assert detalle["totales"]["cuota_fija"]["patron"] != "0.00"
    csv = a.get(ruta + "/csv").getvalue().decode()
    assert csv.splitlines()[0].startswith("nss,nombre,dias_cotizados")
    assert nss(1) in csv
    pdf = a.get(ruta + "/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # cotejo: the Institute's own CSV with one planted difference
    lineas = csv.splitlines()
    plantado = [lineas[0]] + [x.replace(",717.94,", ",700.00,") for x in lineas[1:]]
    archivo = ("\r\n".join(plantado) + "\r\n").encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = a.post(ruta + "/cotejo", {"archivo": SimpleUploadedFile("mio.csv", archivo, "text/csv")})
    assert r.status_code == 200, r.content
    cuerpo = r.json()
    assert {
        (d["nss"], d["columna"], d["instituto"], d["patron"]) for d in cuerpo["diferencias"]
    } >= {(nss(1), "cuota_fija_patron", "717.94", "700.00")}
    malo = a.post(
        ruta + "/cotejo", {"archivo": SimpleUploadedFile("x.csv", b"\x00\x01PK", "text/csv")}
    )
    assert malo.status_code == 400 and malo.json()["campo"] == "archivo"
    # cross-employer: every route answers the same 404
    for metodo, sufijo in (("get", ""), ("get", "/pdf"), ("get", "/csv"), ("post", "/cotejo")):
        if metodo == "get":
            respuesta = b.get(ruta + sufijo)
        else:
            respuesta = b.post(
                ruta + sufijo, {"archivo": SimpleUploadedFile("m.csv", archivo, "text/csv")}
            )
        assert respuesta.status_code == 404, (sufijo, respuesta.content)
        assert respuesta.json()["error"] == "no_encontrado"
    assert all(
        e["registro_patronal"] == "Z0000000001"
        for e in b.get("/api/v1/emisiones").json()["emisiones"]
    )


def test_oficina_requiere_administrador(
    ledger: None, hacer_funcionario: Callable[..., Any]
) -> None:
    notificador = hacer_funcionario("GOCA741120HY0", rol="notificador")
    r = notificador.cliente.post(
        "/api/v1/oficina/emisiones",
        {"periodo": "2026-04"},
        content_type="application/json",
        **notificador.encabezados(),
    )
    assert r.status_code == 403
    admin = hacer_funcionario("MEBE850101AB4", rol="administrador")
    r = admin.cliente.post(
        "/api/v1/oficina/emisiones",
        {"periodo": "2026-04"},
        content_type="application/json",
        **admin.encabezados(),
    )
    assert r.status_code == 202, r.content
    assert r.json()["estado"] == "en_curso" and not Emision.objects.exists()
    trabajo.una_pasada()
    assert Emision.objects.count() == 3
    r = admin.cliente.post(
        "/api/v1/oficina/emisiones",
        {"periodo": "2026-13"},
        content_type="application/json",
        **admin.encabezados(),
    )
    assert r.status_code == 400 and r.json()["campo"] == "periodo"
