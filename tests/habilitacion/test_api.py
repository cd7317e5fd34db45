"""The enablement API end to end: medios, codes, 72 hours, terms, and one employer never
touching another's mailbox."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.habilitacion.models import Buzon
from tests.cuentas.fixtures import Patron, entrar
from tests.habilitacion.fixtures import registrar_en_padron

pytestmark = pytest.mark.django_db


def _json(respuesta: Any) -> dict[str, Any]:
    return dict(respuesta.json())


class Cliente:
    def __init__(self, client: Client, patron: Patron) -> None:
        self.client, self.patron = client, patron
        self.cabecera = {"Authorization": f"Bearer {entrar(client, patron)}"}

    def get(self, ruta: str) -> Any:
        return self.client.get(ruta, headers=self.cabecera)

    def enviar(self, metodo: str, ruta: str, datos: dict[str, Any]) -> Any:
        return getattr(self.client, metodo)(
            ruta, datos, content_type="application/json", headers=self.cabecera
        )


def _habilitar(c: Cliente, codigos: dict[str, str]) -> dict[str, Any]:
    r = c.enviar(
        "put", "/api/v1/buzon/medios", {"correos": ["uno@empresa.mx"], "celular": "5512345678"}
    )
    assert r.status_code == 200, r.content
    for valor in ("uno@empresa.mx", "5512345678"):
        r = c.enviar(
            "post", "/api/v1/buzon/medios/confirmacion", {"valor": valor, "codigo": codigos[valor]}
        )
        assert r.status_code == 200, r.content
    terminos = _json(c.get("/api/v1/buzon/terminos"))
    r = c.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": terminos["version"], "firma": c.patron.firmar(terminos["cadena"].encode())},
    )
    assert r.status_code == 201, r.content
    return _json(r)


def test_de_sin_medios_a_habilitado(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    c = Cliente(client, patron_a)
    inicial = _json(c.get("/api/v1/buzon"))
    assert (inicial["rfc"], inicial["estado"], inicial["medios"]) == (
        "XIQB891116QE4",
        "sin_medios",
        [],
    )
    r = c.enviar(
        "put",
        "/api/v1/buzon/medios",
        {"correos": ["uno@empresa.mx", "dos@empresa.mx"], "celular": "55 1234 5678"},
    )
    cuerpo = _json(r)
    assert cuerpo["estado"] == "por_confirmar"
    assert cuerpo["acuse"]["tipo"] == "registro_medios"
    assert {m["valor"] for m in cuerpo["medios"]} == {
        "uno@empresa.mx",
        "dos@empresa.mx",
        "5512345678",
    }
    assert all(m["estado"] == "por_confirmar" and m["expira"] for m in cuerpo["medios"])
    assert set(codigos) == {"uno@empresa.mx", "dos@empresa.mx", "5512345678"}
    assert all(len(v) == 6 and v.isdigit() for v in codigos.values())
    r = c.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "uno@empresa.mx", "codigo": codigos["uno@empresa.mx"]},
    )
    assert _json(r)["estado"] == "por_confirmar"  # the mobile is still missing (5.6)
    r = c.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "5512345678", "codigo": codigos["5512345678"]},
    )
    assert _json(r)["estado"] == "por_aceptar_terminos"
    terminos = _json(c.get("/api/v1/buzon/terminos"))
    assert terminos["cadena"].startswith("||BUZON-TERMINOS-1|rfc=XIQB891116QE4|version=1|sha256=")
    mala = c.enviar(
        "post", "/api/v1/buzon/terminos", {"version": "1", "firma": c.patron.firmar(b"otra cosa")}
    )
    assert (mala.status_code, _json(mala)["error"]) == (400, "firma_invalida")
    r = c.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": "1", "firma": c.patron.firmar(terminos["cadena"].encode())},
    )
    assert r.status_code == 201
    cuerpo = _json(r)
    assert cuerpo["estado"] == "habilitado"
    assert cuerpo["acuse"]["tipo"] == "terminos"
    assert terminos["cadena"].replace("|", "\\|") in cuerpo["acuse"]["cadena_original"]
    assert _json(c.get("/api/v1/buzon"))["estado"] == "habilitado"


def test_la_firma_de_los_terminos_queda_en_cms_verificable(
    client: Client,
    patron_a: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],
    tmp_path: Path,
) -> None:
    _habilitar(Cliente(client, patron_a), codigos)
    buzon = Buzon.objects.get(rfc="XIQB891116QE4")
    from buzon.habilitacion.terminos import cadena_terminos

    (tmp_path / "firma.der").write_bytes(bytes(buzon.firma_terminos_cms or b""))
    (tmp_path / "cadena.txt").write_bytes(cadena_terminos(buzon.rfc, buzon.terminos).encode())  # type: ignore[arg-type]
    proceso = subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-content",
            tmp_path / "cadena.txt",
            "-inform",
            "DER",
            "-in",
            tmp_path / "firma.der",
            "-noverify",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proceso.returncode == 0, proceso.stderr


def test_codigos_incorrectos_reenvio_y_72_horas(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    inicio = datetime.now(UTC)
    with time_machine.travel(inicio, tick=False):
        c = Cliente(client, patron_a)
        c.enviar(
            "put", "/api/v1/buzon/medios", {"correos": ["uno@empresa.mx"], "celular": "5512345678"}
        )
        bueno = codigos["uno@empresa.mx"]
        malo = f"{(int(bueno) + 1) % 1_000_000:06d}"
        errores = [
            _json(
                c.enviar(
                    "post",
                    "/api/v1/buzon/medios/confirmacion",
                    {"valor": "uno@empresa.mx", "codigo": malo},
                )
            )["error"]
            for _ in range(5)
        ]
        assert errores == ["codigo_invalido"] * 4 + ["intentos_agotados"]
        r = c.enviar(
            "post",
            "/api/v1/buzon/medios/confirmacion",
            {"valor": "uno@empresa.mx", "codigo": bueno},
        )
        assert _json(r)["error"] == "intentos_agotados"  # the code is void even if right now
        r = c.enviar("post", "/api/v1/buzon/medios/reenvio", {"valor": "uno@empresa.mx"})
        assert (r.status_code, _json(r)["error"]) == (429, "espere")
    with time_machine.travel(inicio + timedelta(seconds=61), tick=False):
        c.cabecera = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
        assert (
            c.enviar(
                "post", "/api/v1/buzon/medios/reenvio", {"valor": "uno@empresa.mx"}
            ).status_code
            == 200
        )
        r = c.enviar(
            "post",
            "/api/v1/buzon/medios/confirmacion",
            {"valor": "uno@empresa.mx", "codigo": codigos["uno@empresa.mx"]},
        )
        assert r.status_code == 200
    with time_machine.travel(inicio + timedelta(hours=72), tick=False):
        c.cabecera = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
        r = c.enviar(
            "post",
            "/api/v1/buzon/medios/confirmacion",
            {"valor": "5512345678", "codigo": codigos["5512345678"]},
        )
        assert _json(r)["error"] == "codigo_vencido"
        cuerpo = _json(c.get("/api/v1/buzon"))
        assert [m["valor"] for m in cuerpo["medios"]] == ["uno@empresa.mx"]  # the mobile lapsed
        assert cuerpo["estado"] == "por_confirmar"


def test_reemplazar_el_ultimo_correo_confirmado_no_deshabilita(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    """5.6 [I-33]: the replaced email stays in force until the new one is confirmed."""
    c = Cliente(client, patron_a)
    _habilitar(c, codigos)
    r = c.enviar(
        "put", "/api/v1/buzon/medios", {"correos": ["nuevo@empresa.mx"], "celular": "5512345678"}
    )
    cuerpo = _json(r)
    assert cuerpo["estado"] == "habilitado"
    assert {(m["valor"], m["estado"]) for m in cuerpo["medios"]} == {
        ("uno@empresa.mx", "confirmado"),
        ("nuevo@empresa.mx", "por_confirmar"),
        ("5512345678", "confirmado"),
    }
    c.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "nuevo@empresa.mx", "codigo": codigos["nuevo@empresa.mx"]},
    )
    cuerpo = _json(c.get("/api/v1/buzon"))
    assert cuerpo["estado"] == "habilitado"
    assert "uno@empresa.mx" not in {m["valor"] for m in cuerpo["medios"]}  # retired now
    # The first registration, the replacement, and the medios in force once it took effect.
    assert Acuse.objects.filter(tipo="registro_medios", rfc="XIQB891116QE4").count() == 3


@pytest.mark.parametrize(
    ("datos", "campo"),
    [
        ({"correos": [], "celular": "5512345678"}, "correos"),
        ({"correos": ["a@b.mx"] * 2, "celular": "5512345678"}, "correos"),
        ({"correos": [f"{i}@b.mx" for i in range(6)], "celular": "5512345678"}, "correos"),
        ({"correos": ["no es correo"], "celular": "5512345678"}, "correos"),
        ({"correos": ["a@b.mx"], "celular": "123"}, "celular"),
        ({"correos": ["a@b.mx"]}, "celular"),
    ],
)
def test_medios_invalidos_no_escriben_nada(
    client: Client, patron_a: Patron, sello: CertificadoSello, datos: dict[str, Any], campo: str
) -> None:
    c = Cliente(client, patron_a)
    r = c.enviar("put", "/api/v1/buzon/medios", datos)
    assert r.status_code == 400
    assert _json(r)["campo"] == campo and _json(r)["mensaje"]
    assert not Acuse.objects.exists()


def test_terminos_antes_de_los_medios(
    client: Client, patron_a: Patron, sello: CertificadoSello
) -> None:
    c = Cliente(client, patron_a)
    terminos = _json(c.get("/api/v1/buzon/terminos"))
    r = c.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": "1", "firma": c.patron.firmar(terminos["cadena"].encode())},
    )
    assert (r.status_code, _json(r)["error"]) == (409, "medios_incompletos")
    r = c.enviar("post", "/api/v1/buzon/terminos", {"version": "0", "firma": "AA=="})
    assert _json(r)["error"] == "version_invalida"


def test_un_patron_no_toca_el_buzon_de_otro(
    client: Client,
    patron_a: Patron,
    patron_b: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],
) -> None:
    a = Cliente(client, patron_a)
    a.enviar("put", "/api/v1/buzon/medios", {"correos": ["a@empresa.mx"], "celular": "5512345678"})
    b = Cliente(client, patron_b)
    assert _json(b.get("/api/v1/buzon"))["medios"] == []
    r = b.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "a@empresa.mx", "codigo": codigos["a@empresa.mx"]},
    )
    assert _json(r)["error"] == "medio_desconocido"
    r = b.enviar("post", "/api/v1/buzon/medios/reenvio", {"valor": "a@empresa.mx"})
    assert _json(r)["error"] == "medio_desconocido"
    # B's terms cadena names B's RFC; a signature over it by A's key is refused in B's session.
    cadena_b = _json(b.get("/api/v1/buzon/terminos"))["cadena"]
    assert "rfc=H&E951128469" in cadena_b
    r = b.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": "1", "firma": a.patron.firmar(cadena_b.encode())},
    )
    assert r.status_code in (400, 409)
    assert _json(r)["error"] in {"firma_invalida", "medios_incompletos"}
    assert _json(a.get("/api/v1/buzon"))["medios"][0]["estado"] == "por_confirmar"
    for ruta in ("/api/v1/buzon", "/api/v1/buzon/terminos"):
        assert client.get(ruta).status_code == 401
    assert (
        client.put("/api/v1/buzon/medios", {}, content_type="application/json").status_code == 401
    )


def test_registro_patronal_ajeno(client: Client, patron_a: Patron, sello: CertificadoSello) -> None:
    c = Cliente(client, patron_a)
    r = c.enviar(
        "put", "/api/v1/buzon/medios", {"correos": ["a@b.mx"], "registro_patronal": "Y5412345108"}
    )
    assert (r.status_code, _json(r)["error"]) == (400, "registro_desconocido")


def test_limites_contra_el_abuso_de_codigos(
    client: Client,
    patron_a: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from buzon.habilitacion import servicios

    monkeypatch.setattr(servicios, "CODIGOS_POR_DESTINO_AL_DIA", 3)
    c = Cliente(client, patron_a)
    estados = []
    for i in range(8):
        celular = "5512345678" if i % 2 == 0 else "5587654321"
        datos = {"correos": ["a@empresa.mx"], "celular": celular}
        r = c.enviar("put", "/api/v1/buzon/medios", datos)
        estados.append((r.status_code, r.json().get("error")))
    # Re-registering a medio to get fresh codes stops at the limit of codes for that number.
    assert estados[:6] == [(200, None)] * 6
    assert estados[6] == (429, "demasiados_codigos")
    monkeypatch.setattr(servicios, "REGISTROS_POR_HORA", 8)
    r = c.enviar(
        "put", "/api/v1/buzon/medios", {"correos": ["b@empresa.mx"], "celular": "5599999999"}
    )
    assert (r.status_code, r.json()["error"]) == (429, "demasiados_registros")


def test_terminos_no_se_firman_dos_veces(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    c = Cliente(client, patron_a)
    primera = _habilitar(c, codigos)
    aceptados_en = Buzon.objects.get(rfc=patron_a.rfc).terminos_aceptados_en
    terminos = _json(c.get("/api/v1/buzon/terminos"))
    r = c.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": terminos["version"], "firma": c.patron.firmar(terminos["cadena"].encode())},
    )
    assert (r.status_code, _json(r)["error"]) == (409, "terminos_ya_aceptados")
    assert Buzon.objects.get(rfc=patron_a.rfc).terminos_aceptados_en == aceptados_en
    assert primera["estado"] == "habilitado"


def test_errores_de_autenticacion_y_de_cuerpo_con_forma_del_contrato(client: Client) -> None:
    sin = client.get("/api/v1/buzon")
    assert sin.status_code == 401
    assert sin.json()["error"] == "sesion_requerida" and "e.firma" in sin.json()["mensaje"]
    raro = client.get("/api/v1/buzon", headers={"Authorization": "Bearer tókén"})
    assert raro.status_code == 401
    roto = client.post("/api/v1/sesiones", "{no es json", content_type="application/json")
    assert roto.status_code == 400
    assert roto.json()["error"] == "solicitud_invalida"


def test_la_firma_de_otro_patron_no_acepta_mis_terminos(
    client: Client,
    patron_a: Patron,
    patron_b: Patron,
    sello: CertificadoSello,
    codigos: dict[str, str],
) -> None:
    b = Cliente(client, patron_b)
    b.enviar("put", "/api/v1/buzon/medios", {"correos": ["b@b.mx"], "celular": "5511111111"})
    for valor in ("b@b.mx", "5511111111"):
        b.enviar(
            "post", "/api/v1/buzon/medios/confirmacion", {"valor": valor, "codigo": codigos[valor]}
        )
    cadena = _json(b.get("/api/v1/buzon/terminos"))["cadena"]
    r = b.enviar(
        "post",
        "/api/v1/buzon/terminos",
        {"version": "1", "firma": patron_a.firmar(cadena.encode())},
    )
    assert (r.status_code, _json(r)["error"]) == (400, "firma_invalida")
    assert _json(b.get("/api/v1/buzon"))["estado"] == "por_aceptar_terminos"


def test_mismo_correo_en_el_rfc_y_en_un_registro_patronal(
    client: Client, patron_a: Patron, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    registrar_en_padron(patron_a.rfc)
    c = Cliente(client, patron_a)
    c.enviar(
        "put",
        "/api/v1/buzon/medios",
        {"correos": ["uno@empresa.mx"], "registro_patronal": "Y5412345108"},
    )
    codigo_registro = codigos["uno@empresa.mx"]
    r = c.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "uno@empresa.mx", "codigo": codigo_registro, "registro_patronal": "Y5412345108"},
    )
    assert r.status_code == 200
    c.enviar(
        "put", "/api/v1/buzon/medios", {"correos": ["Uno@Empresa.MX"], "celular": "5512345678"}
    )
    r = c.enviar(
        "post",
        "/api/v1/buzon/medios/confirmacion",
        {"valor": "Uno@Empresa.MX", "codigo": codigos["Uno@empresa.mx"]},
    )
    assert r.status_code == 200, r.content
    rfc = [
        m for m in _json(r)["medios"] if m["registro_patronal"] is None and m["tipo"] == "correo"
    ]
    assert [(m["valor"], m["estado"]) for m in rfc] == [("Uno@empresa.mx", "confirmado")]
