"""`buzon cliente verificar`: an acuse's sello checked offline against the published seal
certificates; every kind of alteration is caught and named in Spanish."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given
from hypothesis import strategies as st

from buzon.cliente.verificacion import AcuseInvalido, leer_cadena, verificar_acuse
from buzon.efirma import Certificado, firmar_b64, leer_certificado, leer_llave
from buzon.efirma.pki import AC, PASSWORD_PRUEBAS, emitir
from buzon.evidencia.cadena import RESERVADAS, Documento, construir
from buzon.legal.zonas import ZONA_CENTRO
from tests.cliente.conftest import Corrida, Stub

AHORA = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Sello:
    certificado: Certificado
    llave: rsa.RSAPrivateKey

    @property
    def numero(self) -> str:
        return self.certificado.no_certificado

    def publicado(self) -> dict[str, str]:
        """As GET /sello/certificados lists it."""
        return {
            "numero": self.numero,
            "pem": self.certificado.pem,
            "vigente_desde": self.certificado.valido_desde.astimezone(ZONA_CENTRO).isoformat(),
            "vigente_hasta": self.certificado.valido_hasta.astimezone(ZONA_CENTRO).isoformat(),
        }

    def acuse(self, emitido: datetime | None = None, **cambios: Any) -> dict[str, Any]:
        """A genuine acuse sealed with this seal (as the server's JSON shows it)."""
        instante = (emitido or AHORA - timedelta(days=1)).astimezone(ZONA_CENTRO)
        documentos = [Documento("resolucion.pdf", hashlib.sha256(b"pdf").hexdigest())]
        campos: dict[str, Any] = {
            "tipo": "notificacion",
            "folio": "2026-7K3M-9QXF-2HD5",
            "rfc": "H&E951128469",
            "registro_patronal": "Y5412345108",
            **cambios,
        }
        cadena = construir(
            **campos,
            emitido=instante,
            instante_legal=None,
            zona_legal=None,
            documentos=documentos,
            datos={"asunto": "Requerimiento | con barra, coma y \\", "plazo_dias": 3},
        )
        return {
            **campos,
            "emitido": instante.isoformat(),
            "instante_legal": None,
            "cadena_original": cadena,
            "sello": firmar_b64(self.llave, cadena.encode("utf-8")),
            "certificado_sello": self.numero,
            "verificacion": f"https://buzon.example/verificar/{campos['folio']}?c=X",
            "documentos": [{"nombre": d.nombre, "sha256": d.sha256} for d in documentos],
        }


def _sello(ac: AC, desde: datetime, hasta: datetime) -> Sello:
    cer, key = emitir(
        ac,
        rfc="IMS421231I45",
        nombre="INSTITUTO MEXICANO DEL SEGURO SOCIAL (SELLO DE PRUEBA)",
        representante=("XAXX010101000", "XEXX010101HNEXXXA4"),
        tipo="csd",
        desde=desde,
        hasta=hasta,
        registrar=False,
    )
    return Sello(leer_certificado(cer), leer_llave(key, PASSWORD_PRUEBAS))


@pytest.fixture(scope="module")
def sello(ac_pruebas: AC) -> Sello:
    return _sello(ac_pruebas, AHORA - timedelta(days=30), AHORA + timedelta(days=365))


@pytest.fixture(scope="module")
def otro_sello(ac_pruebas: AC) -> Sello:
    return _sello(ac_pruebas, AHORA - timedelta(days=30), AHORA + timedelta(days=365))


def _rechazo(acuse: dict[str, Any], certificados: list[dict[str, str]]) -> AcuseInvalido:
    with pytest.raises(AcuseInvalido) as error:
        verificar_acuse(acuse, certificados)
    return error.value


def test_acuse_genuino(sello: Sello) -> None:
    acuse = sello.acuse()
    veredicto = verificar_acuse(acuse, [sello.publicado()])
    assert veredicto["valido"] is True
    assert (veredicto["folio"], veredicto["tipo"], veredicto["rfc"]) == (
        "2026-7K3M-9QXF-2HD5",
        "notificacion",
        "H&E951128469",
    )
    assert veredicto["certificado_sello"] == sello.numero
    assert veredicto["documentos"] == acuse["documentos"]


def test_cadena_alterada(sello: Sello) -> None:
    acuse = sello.acuse()
    acuse["cadena_original"] = acuse["cadena_original"].replace("plazo_dias=3", "plazo_dias=30")
    error = _rechazo(acuse, [sello.publicado()])
    assert error.codigo == "sello_invalido"
    assert "la cadena o el sello fueron alterados" in error.mensaje


def test_cadena_reescrita_con_otro_rfc_y_el_json_a_juego(sello: Sello) -> None:
    acuse = sello.acuse()
    acuse["cadena_original"] = acuse["cadena_original"].replace("H&E951128469", "AAA010101AAA")
    acuse["rfc"] = "AAA010101AAA"
    assert _rechazo(acuse, [sello.publicado()]).codigo == "sello_invalido"


def test_sello_alterado(sello: Sello) -> None:
    acuse = sello.acuse()
    firma = bytearray(base64.b64decode(acuse["sello"]))
    firma[10] ^= 0x01
    acuse["sello"] = base64.b64encode(bytes(firma)).decode()
    assert _rechazo(acuse, [sello.publicado()]).codigo == "sello_invalido"
    acuse["sello"] = "esto no es base64!"
    error = _rechazo(acuse, [sello.publicado()])
    assert (error.codigo, error.mensaje) == (
        "sello_invalido",
        "El sello no está codificado en base64.",
    )


def test_sello_de_otro_certificado(sello: Sello, otro_sello: Sello) -> None:
    """Sealed by another key but claiming this certificate's number."""
    acuse = otro_sello.acuse()
    acuse["certificado_sello"] = sello.numero
    assert _rechazo(acuse, [sello.publicado(), otro_sello.publicado()]).codigo == "sello_invalido"


def test_certificado_sello_desconocido(sello: Sello, otro_sello: Sello) -> None:
    acuse = otro_sello.acuse()
    error = _rechazo(acuse, [sello.publicado()])
    assert error.codigo == "certificado_desconocido"
    assert otro_sello.numero in error.mensaje
    assert "no está entre los certificados publicados" in error.mensaje


def test_lista_que_presenta_un_certificado_con_otro_numero(sello: Sello, otro_sello: Sello) -> None:
    acuse = otro_sello.acuse()
    falso = {**sello.publicado(), "numero": otro_sello.numero}
    assert _rechazo(acuse, [falso]).codigo == "certificados_invalidos"


def test_emitido_fuera_de_la_vigencia_del_certificado(sello: Sello) -> None:
    antes = sello.acuse(emitido=sello.certificado.valido_desde - timedelta(seconds=1))
    error = _rechazo(antes, [sello.publicado()])
    assert error.codigo == "fuera_de_vigencia"
    assert "fuera de la vigencia del certificado de sello" in error.mensaje
    assert "(hora del centro de México)" in error.mensaje
    despues = sello.acuse(emitido=sello.certificado.valido_hasta + timedelta(days=1))
    assert _rechazo(despues, [sello.publicado()]).codigo == "fuera_de_vigencia"
    en_el_limite = sello.acuse(emitido=sello.certificado.valido_desde)
    assert verificar_acuse(en_el_limite, [sello.publicado()])["valido"] is True


@pytest.mark.parametrize(
    ("campo", "valor"),
    [
        ("folio", "2026-0000-0000-0000"),
        ("tipo", "terminos"),
        ("rfc", "XIQB891116QE4"),
        ("registro_patronal", "Z0000000000"),
        ("emitido", "2026-01-01T09:00:00-06:00"),
        ("documentos", [{"nombre": "resolucion.pdf", "sha256": "0" * 64}]),
    ],
)
def test_el_json_dice_algo_distinto_de_la_cadena_sellada(
    sello: Sello, campo: str, valor: Any
) -> None:
    acuse = sello.acuse()
    acuse[campo] = valor
    error = _rechazo(acuse, [sello.publicado()])
    assert error.codigo == "cadena_no_coincide"
    assert "el acuse fue alterado" in error.mensaje


def test_el_json_da_la_emision_al_milisegundo(sello: Sello) -> None:
    """The API's JSON writes 09:41:07.720 where the sealed cadena keeps 09:41:07.720353."""
    emitido = AHORA.replace(microsecond=720353) - timedelta(days=1)
    acuse = sello.acuse(emitido=emitido)
    al_milisegundo = emitido.replace(microsecond=720000).astimezone(ZONA_CENTRO)
    acuse["emitido"] = al_milisegundo.isoformat(timespec="milliseconds")
    assert verificar_acuse(acuse, [sello.publicado()])["valido"] is True
    acuse["emitido"] = (al_milisegundo + timedelta(milliseconds=1)).isoformat()
    assert _rechazo(acuse, [sello.publicado()]).codigo == "cadena_no_coincide"


def test_el_mismo_instante_en_otra_zona_es_el_mismo_emitido(sello: Sello) -> None:
    acuse = sello.acuse()
    acuse["emitido"] = datetime.fromisoformat(acuse["emitido"]).astimezone(UTC).isoformat()
    assert verificar_acuse(acuse, [sello.publicado()])["valido"] is True


@pytest.mark.parametrize(
    "cadena",
    [
        "BUZON-ACUSE-1|tipo=notificacion",
        "||BUZON-ACUSE-9|tipo=notificacion||",
        "||BUZON-ACUSE-1|folio=x|tipo=notificacion||",
        "||BUZON-ACUSE-1|tipo=a|folio=b|rfc=c|registro_patronal=|emitido=x|instante_legal=|"
        "zona_legal=|documentos=2|documento=a.pdf:00||",
        "||BUZON-ACUSE-1|tipo=a\\x||",
    ],
)
def test_cadena_mal_formada(sello: Sello, cadena: str) -> None:
    acuse = sello.acuse()
    acuse["cadena_original"] = cadena
    assert _rechazo(acuse, [sello.publicado()]).codigo == "acuse_mal_formado"


def test_falta_un_campo(sello: Sello) -> None:
    acuse = sello.acuse()
    del acuse["sello"]
    error = _rechazo(acuse, [sello.publicado()])
    assert (error.codigo, error.mensaje) == (
        "acuse_mal_formado",
        "Falta el campo «sello» del acuse. No es un acuse del Buzón íntegro.",
    )


_texto = st.text(st.characters(codec="utf-8"), max_size=12)
_clave = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(lambda c: c not in RESERVADAS)


@given(
    tipo=_texto,
    folio=_texto,
    rfc=_texto,
    registro=st.none() | _texto,
    documentos=st.lists(st.tuples(_texto.filter(bool), st.binary(max_size=8)), max_size=3),
    datos=st.dictionaries(_clave, _texto | st.lists(_texto, max_size=3), max_size=4),
)
def test_leer_cadena_deshace_lo_que_construye(
    tipo: str,
    folio: str,
    rfc: str,
    registro: str | None,
    documentos: list[tuple[str, bytes]],
    datos: dict[str, Any],
) -> None:
    """Whatever separators and escapes the values hold, the header reads back exactly."""
    lista = [Documento(nombre, hashlib.sha256(b).hexdigest()) for nombre, b in documentos]
    cadena = construir(
        tipo=tipo,
        folio=folio,
        rfc=rfc,
        registro_patronal=registro,
        emitido=AHORA,
        instante_legal=None,
        zona_legal=None,
        documentos=lista,
        datos=datos,
    )
    cabecera, leidos = leer_cadena(cadena)
    assert (cabecera["tipo"], cabecera["folio"], cabecera["rfc"]) == (tipo, folio, rfc)
    assert cabecera["registro_patronal"] == (registro or "")
    assert datetime.fromisoformat(cabecera["emitido"]) == AHORA
    assert leidos == [(d.nombre, d.sha256) for d in lista]


# ------------------------------------------------------------------ through the command


def _guardar(carpeta: Path, acuse: Any, certificados: list[dict[str, str]]) -> list[str]:
    (carpeta / "acuse.json").write_text(json.dumps(acuse, ensure_ascii=False), "utf-8")
    (carpeta / "certs.json").write_text(json.dumps({"certificados": certificados}), "utf-8")
    return ["verificar", "acuse.json", "--certificados", "certs.json"]


def test_verificar_genuino_sale_0(cli: Callable[..., Corrida], sello: Sello, entorno: Path) -> None:
    argumentos = _guardar(entorno, sello.acuse(), [sello.publicado()])
    humano = cli(*argumentos)
    assert humano.codigo == 0
    assert humano.salida.startswith("Acuse válido: sellado por el Instituto con el certificado")
    como_json = cli(*argumentos, "--json")
    assert como_json.codigo == 0
    assert como_json.json()["valido"] is True
    assert como_json.json()["certificados"] == "certs.json"


def test_verificar_la_respuesta_que_trae_el_acuse(
    cli: Callable[..., Corrida], sello: Sello, entorno: Path
) -> None:
    """What `abrir --json` or `presentar --json` printed can be checked as saved."""
    respuesta = {"notificada": "2026-03-20T10:02:00-06:00", "medio": "apertura"}
    argumentos = _guardar(entorno, {**respuesta, "acuse": sello.acuse()}, [sello.publicado()])
    assert cli(*argumentos).codigo == 0


def test_verificar_alterado_sale_1_con_la_razon(
    cli: Callable[..., Corrida], sello: Sello, entorno: Path
) -> None:
    acuse = sello.acuse()
    acuse["cadena_original"] = acuse["cadena_original"].replace("plazo_dias=3", "plazo_dias=4")
    argumentos = _guardar(entorno, acuse, [sello.publicado()])
    humano = cli(*argumentos)
    assert humano.codigo == 1
    assert humano.salida == ""
    assert "El acuse NO es válido: El sello no corresponde a la cadena original" in humano.errores
    como_json = cli(*argumentos, "--json")
    assert como_json.codigo == 1
    assert como_json.json()["valido"] is False
    assert como_json.json()["error"] == "sello_invalido"


def test_verificar_archivos_que_no_sirven(
    cli: Callable[..., Corrida], sello: Sello, entorno: Path
) -> None:
    assert cli("verificar", "no-existe.json", "--certificados", "x.json").codigo == 2
    _guardar(entorno, sello.acuse(), [sello.publicado()])
    (entorno / "certs.json").write_text('{"otra": "cosa"}', "utf-8")
    corrida = cli("verificar", "acuse.json", "--certificados", "certs.json", "--json")
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "certificados_invalidos"
    (entorno / "acuse.json").write_text("[]", "utf-8")
    assert cli("verificar", "acuse.json", "--certificados", "certs.json").codigo == 1


def test_certificados_se_descargan_para_verificar_sin_conexion(
    cli: Callable[..., Corrida], stub: Stub, sello: Sello, entorno: Path
) -> None:
    lista = {"certificados": [sello.publicado()]}
    stub.fijo("GET", "/sello/certificados", lista, sesion=False)
    descarga = cli("certificados", "--url", stub.url)
    assert descarga.codigo == 0, descarga.errores
    assert "1 certificado(s) del sello guardados en certificados-sello.json" in descarga.salida
    assert json.loads((entorno / "certificados-sello.json").read_text("utf-8")) == lista
    assert cli("certificados", "--url", stub.url).codigo == 2  # never overwritten…
    assert cli("certificados", "--url", stub.url, "--forzar").codigo == 0  # …unless asked
    (entorno / "acuse.json").write_text(json.dumps(sello.acuse()), "utf-8")
    stub.rutas.clear()  # offline from here on
    antes = len(stub.peticiones)
    corrida = cli("verificar", "acuse.json", "--certificados", "certificados-sello.json")
    assert corrida.codigo == 0, corrida.errores
    assert len(stub.peticiones) == antes


def test_sin_lista_guardada_la_consulta_al_buzon(
    cli: Callable[..., Corrida], stub: Stub, sello: Sello, entorno: Path
) -> None:
    stub.fijo("GET", "/sello/certificados", {"certificados": [sello.publicado()]}, sesion=False)
    (entorno / "acuse.json").write_text(json.dumps(sello.acuse()), "utf-8")
    corrida = cli("verificar", "acuse.json", "--url", stub.url, "--json")
    assert corrida.codigo == 0, corrida.errores
    assert corrida.json()["certificados"] == stub.url + "/api/v1/sello/certificados"
    assert "authorization" not in stub.peticiones[-1].cabeceras
