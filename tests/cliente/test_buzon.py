"""Notifications, documents, acuses, trámites and actuaciones against a stub answering exactly
the contract's shapes (the real endpoints: test_extremo_a_extremo.py)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cliente.conftest import Corrida, Efirma, Peticion, Respuesta, Stub, respuesta_json
from tests.cliente.test_sesiones import _sin_secretos

ACUSE = {
    "folio": "2026-7K3M-9QXF-2HD5",
    "tipo": "notificacion",
    "rfc": "XIQB891116QE4",
    "emitido": "2026-03-20T09:41:07-06:00",
    "cadena_original": "||BUZON-ACUSE-1|tipo=notificacion|folio=2026-7K3M-9QXF-2HD5|...||",
    "sello": "c2VsbG8=",
    "certificado_sello": "30001000000500003416",
    "verificacion": "https://buzon.example/verificar/2026-7K3M-9QXF-2HD5?c=ABCDEFGHJKMN",
}
NOTIFICACIONES = {
    "notificaciones": [
        {
            "id": 41,
            "folio": "2026-AB12-CD34-EF5G",
            "tipo": "7.1",
            "asunto": "Requerimiento de información (cuotas obrero-patronales)",
            "estado": "pendiente",
            "aviso": "2026-03-20T09:30:00-06:00",
            "plazo_apertura": ["2026-03-23", "2026-03-24", "2026-03-25"],
            "notificada": None,
            "medio": None,
        },
        {
            "id": 40,
            "folio": "2026-ZZ12-CD34-EF5H",
            "tipo": "7.3",
            "asunto": "Resolución",
            "estado": "notificada",
            "aviso": "2026-03-02T10:00:00-06:00",
            "plazo_apertura": ["2026-03-03", "2026-03-04", "2026-03-05"],
            "notificada": "2026-03-06T09:30:00-06:00",
            "medio": "vencimiento",
        },
    ]
}
#: Every byte value, CR/LF pairs and a NUL: a text-mode or re-encoding bug would show.
DOCUMENTO = b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n" + bytes(range(256)) * 40 + b"\n%%EOF\r\n"


@pytest.fixture
def sesion_a(cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma) -> Efirma:
    assert cli("entrar", *efirma_a.argumentos, "--url", stub.url).codigo == 0
    return efirma_a


def test_notificaciones_json_y_tabla(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma
) -> None:
    stub.fijo("GET", "/notificaciones", NOTIFICACIONES)
    como_json = cli("notificaciones", "--json")
    assert como_json.codigo == 0
    assert como_json.json() == NOTIFICACIONES
    tabla = cli("notificaciones")
    assert tabla.codigo == 0
    lineas = tabla.salida.splitlines()
    assert lineas[0] == "Notificaciones de XIQB891116QE4"
    assert lineas[1].split() == [
        "ID",
        "Folio",
        "Tipo",
        "Asunto",
        "Estado",
        "Plazo",
        "para",
        "abrir",
        "Notificada",
        "Medio",
    ]
    assert "23/03/2026, 24/03/2026, 25/03/2026" in lineas[3]
    assert "pendiente" in lineas[3]
    assert "06/03/2026 09:30 (-06:00)" in lineas[4]
    assert "por vencimiento del plazo" in lineas[4]
    # columns are aligned: every row starts its «Estado» at the same place
    inicio = lineas[1].index("Estado")
    assert lineas[3][inicio:].startswith("pendiente")
    assert lineas[4][inicio:].startswith("notificada")


def test_notificaciones_por_paginas(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma
) -> None:
    pagina = {**NOTIFICACIONES, "total": 7, "pendientes": 1}
    stub.fijo("GET", "/notificaciones", pagina)
    primera = cli("notificaciones")
    assert stub.peticiones[-1].ruta == "/api/v1/notificaciones"
    assert "Se muestran 1 a 2 de 7; vea las siguientes con --desde 2." in primera.salida
    segunda = cli("notificaciones", "--limite", "2", "--desde", "4")
    assert stub.peticiones[-1].ruta == "/api/v1/notificaciones?limite=2&desde=4"
    assert "Se muestran 5 a 6 de 7; vea las siguientes con --desde 6." in segunda.salida
    assert "Se muestran" not in cli("notificaciones", "--desde", "5").salida
    assert cli("notificaciones", "--limite", "0").codigo == 2


def test_sin_notificaciones(cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma) -> None:
    stub.fijo("GET", "/notificaciones", {"notificaciones": []})
    assert "No tiene notificaciones." in cli("notificaciones").salida


def test_abrir_devuelve_el_acuse(cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma) -> None:
    respuesta = {"notificada": "2026-03-20T10:02:00-06:00", "medio": "apertura", "acuse": ACUSE}
    stub.fijo("POST", "/notificaciones/41/apertura", respuesta)
    corrida = cli("abrir", "41", "--json")
    assert corrida.codigo == 0
    assert corrida.json() == respuesta
    assert stub.peticiones[-1].cabeceras["authorization"].startswith("Bearer token-")
    humano = cli("abrir", "41")
    assert "Notificación 41 abierta." in humano.salida
    assert "20/03/2026 10:02 (-06:00) (por apertura)" in humano.salida
    assert "2026-7K3M-9QXF-2HD5" in humano.salida


def test_el_id_no_puede_salirse_de_la_ruta(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma
) -> None:
    corrida = cli("abrir", "../../sesiones", "--json")
    assert corrida.codigo == 1
    assert stub.peticiones[-1].ruta == "/api/v1/notificaciones/..%2F..%2Fsesiones/apertura"


def _documento(contenido: bytes) -> Callable[[Peticion], Respuesta]:
    return lambda _p: (200, "application/pdf", contenido)


def test_descargar_es_exacto_y_no_reemplaza(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    stub.responder("GET", "/notificaciones/41/documento", _documento(DOCUMENTO))
    corrida = cli("descargar", "41", "--json")
    assert corrida.codigo == 0, corrida.errores
    destino = entorno / "notificacion-41.pdf"
    assert destino.read_bytes() == DOCUMENTO
    assert corrida.json() == {
        "archivo": "notificacion-41.pdf",
        "bytes": len(DOCUMENTO),
        "sha256": hashlib.sha256(DOCUMENTO).hexdigest(),
    }
    assert stat.S_IMODE(destino.stat().st_mode) == 0o600
    # a second download never replaces the file, and asks nothing of the server
    stub.responder("GET", "/notificaciones/41/documento", _documento(b"%PDF-otro"))
    antes = len(stub.peticiones)
    otra = cli("descargar", "41")
    assert otra.codigo == 2
    assert "ya existe: no se reemplaza" in otra.errores
    assert "--forzar" in otra.errores
    assert destino.read_bytes() == DOCUMENTO
    assert len(stub.peticiones) == antes
    # --forzar replaces it
    assert cli("descargar", "41", "--forzar").codigo == 0
    assert destino.read_bytes() == b"%PDF-otro"
    # -o elsewhere
    assert cli("descargar", "41", "-o", "copia.pdf").codigo == 0
    assert (entorno / "copia.pdf").read_bytes() == b"%PDF-otro"
    assert sorted(os.listdir(entorno)) == ["copia.pdf", "notificacion-41.pdf"]  # no temporaries


def test_descargar_antes_de_abrir_no_deja_archivo(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    error = {
        "error": "no_abierta",
        "mensaje": "Abra primero la notificación: el documento se entrega al abrirla.",
        "campo": None,
    }
    stub.fijo("GET", "/notificaciones/41/documento", error, 409)
    corrida = cli("descargar", "41", "--json")
    assert corrida.codigo == 1
    assert corrida.json() == error  # the server's body, as it came
    assert "[no_abierta]" in corrida.errores
    assert os.listdir(entorno) == []


def test_descargar_una_pagina_html_no_es_un_documento(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    stub.responder("GET", "/notificaciones/41/documento", lambda _p: (200, "text/html", b"<html>"))
    corrida = cli("descargar", "41")
    assert corrida.codigo == 1
    assert "Se esperaba un documento" in corrida.errores
    assert os.listdir(entorno) == []


def test_acuses_acuse_y_pdf(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    stub.fijo("GET", "/acuses", {"acuses": [ACUSE]})
    crudo = json.dumps(ACUSE, indent=2).encode("utf-8")
    stub.responder(
        "GET", "/acuses/2026-7K3M-9QXF-2HD5", lambda _p: (200, "application/json", crudo)
    )
    stub.responder("GET", "/acuses/2026-7K3M-9QXF-2HD5/pdf", _documento(DOCUMENTO))
    assert cli("acuses", "--json").json() == {"acuses": [ACUSE]}
    lista = cli("acuses").salida
    assert "2026-7K3M-9QXF-2HD5  notificacion  20/03/2026 09:41 (-06:00)" in lista
    assert cli("acuse", "2026-7K3M-9QXF-2HD5", "--json").json() == ACUSE
    ficha = cli("acuse", "2026-7K3M-9QXF-2HD5").salida
    assert "Certificado del sello: 30001000000500003416" in ficha
    assert "Cadena original:       ||BUZON-ACUSE-1|" in ficha
    guardado = cli("acuse", "2026-7K3M-9QXF-2HD5", "-o", "acuse.json")
    assert guardado.codigo == 0
    assert (entorno / "acuse.json").read_bytes() == crudo  # the server's exact bytes
    assert cli("acuse", "2026-7K3M-9QXF-2HD5", "-o", "acuse.json").codigo == 2
    assert cli("acuse", "2026-7K3M-9QXF-2HD5", "--pdf").codigo == 0
    assert (entorno / "acuse-2026-7K3M-9QXF-2HD5.pdf").read_bytes() == DOCUMENTO
    repetido = cli("acuse", "2026-7K3M-9QXF-2HD5", "--pdf", "--json")
    assert repetido.codigo == 2
    assert repetido.json()["error"] == "argumento_invalido"


def test_tramites_y_actuaciones(cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma) -> None:
    tramites = {
        "tramites": [
            {
                "clave": "5.9",
                "nombre": "Aclaración u orientación sobre el Buzón IMSS",
                "esquema": {"type": "object"},
                "anexos": {"maximo": 5},
            }
        ]
    }
    actuaciones = {
        "actuaciones": [
            {"id": 7, "tramite": "5.9", "estado": "presentada", "acuse": ACUSE},
            {"id": 8, "tramite": "5.9", "estado": "por_firmar", "acuse": None},
        ]
    }
    stub.fijo("GET", "/tramites", tramites)
    stub.fijo("GET", "/actuaciones", actuaciones)
    assert cli("tramites", "--json").json() == tramites
    assert "5.9    Aclaración u orientación sobre el Buzón IMSS" in cli("tramites").salida
    assert cli("actuaciones", "--json").json() == actuaciones
    filas = cli("actuaciones").salida.splitlines()
    assert filas[3].split() == ["7", "5.9", "presentada", "2026-7K3M-9QXF-2HD5"]
    assert filas[4].split() == ["8", "5.9", "por_firmar", "—"]


class Ventanilla:
    """The contract's filing endpoints: checks the signature over the cadena it handed out."""

    CADENA = "||BUZON-ACTUACION-1|tramite=5.9|rfc=XIQB891116QE4|anexo=escrito.pdf:{sha}||"

    def __init__(self, stub: Stub, efirma: Efirma) -> None:
        self.stub, self.efirma = stub, efirma
        self.cadena = ""
        self.recibida: dict[str, Any] = {}
        stub.fijo("GET", "/tramites", {"tramites": [{"clave": "5.9", "nombre": "Aclaración"}]})
        stub.responder("POST", "/actuaciones", self.crear)
        stub.responder("POST", "/actuaciones/7/firma", self.firmar)

    def crear(self, peticion: Peticion) -> Respuesta:
        self.recibida = peticion.json()
        anexo = base64.b64decode(self.recibida["anexos"][0]["contenido"])
        self.cadena = self.CADENA.format(sha=hashlib.sha256(anexo).hexdigest())
        return respuesta_json({"id": 7, "cadena": self.cadena}, 201)

    def firmar(self, peticion: Peticion) -> Respuesta:
        if peticion.json() != {"firma": self.efirma.patron.firmar(self.cadena.encode())}:
            return respuesta_json({"error": "firma_invalida", "mensaje": "No corresponde."}, 400)
        return respuesta_json(
            {
                "acuse": {**ACUSE, "tipo": "actuacion"},
                "recepcion_legal": "2026-03-20T10:15:00-06:00",
            },
            201,
        )


def _archivos(entorno: Path) -> list[str]:
    (entorno / "datos.json").write_text(
        json.dumps({"asunto": "Aclaración", "descripcion": "Texto con «acentos» y ñ"}), "utf-8"
    )
    (entorno / "escrito.pdf").write_bytes(DOCUMENTO)
    (entorno / "nota.txt").write_bytes(b"solo texto\n")
    return ["--datos", "datos.json", "--anexo", "escrito.pdf", "--anexo", "nota.txt"]


def test_presentar_firma_la_cadena_aqui(
    cli: Callable[..., Corrida], stub: Stub, efirma_a: Efirma, entorno: Path
) -> None:
    ventanilla = Ventanilla(stub, efirma_a)
    corrida = cli(
        "presentar",
        "--tramite",
        "5.9",
        *_archivos(entorno),
        *efirma_a.argumentos,
        "--url",
        stub.url,
    )
    assert corrida.codigo == 0, corrida.errores
    assert "Actuación 7 presentada y firmada por XIQB891116QE4" in corrida.salida
    assert "Recepción legal: 20/03/2026 10:15 (-06:00)" in corrida.salida
    # no stored session: it logged in first with the same e.firma, then filed
    assert [(p.metodo, p.ruta) for p in stub.peticiones] == [
        ("POST", "/api/v1/sesiones/reto"),
        ("POST", "/api/v1/sesiones"),
        ("GET", "/api/v1/tramites"),
        ("POST", "/api/v1/actuaciones"),
        ("POST", "/api/v1/actuaciones/7/firma"),
    ]
    assert ventanilla.recibida == {  # no registro_patronal unless given
        "tramite": "5.9",
        "datos": {"asunto": "Aclaración", "descripcion": "Texto con «acentos» y ñ"},
        "anexos": [
            {
                "nombre": "escrito.pdf",
                "tipo_mime": "application/pdf",
                "contenido": base64.b64encode(DOCUMENTO).decode(),
            },
            {
                "nombre": "nota.txt",
                "tipo_mime": "application/octet-stream",
                "contenido": base64.b64encode(b"solo texto\n").decode(),
            },
        ],
    }
    _sin_secretos(stub, efirma_a)
    assert cli("sesiones", "--json").json()["sesiones"][0]["rfc"] == "XIQB891116QE4"


def test_presentar_con_json_da_el_acuse(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    ventanilla = Ventanilla(stub, sesion_a)
    corrida = cli(
        "--json",
        "presentar",
        "--tramite",
        "5.9",
        *_archivos(entorno),
        *sesion_a.argumentos,
        "--registro-patronal",
        "Y5412345108",
    )
    assert corrida.codigo == 0, corrida.errores
    assert ventanilla.recibida["registro_patronal"] == "Y5412345108"
    assert corrida.json() == {
        "id": 7,
        "acuse": {**ACUSE, "tipo": "actuacion"},
        "recepcion_legal": "2026-03-20T10:15:00-06:00",
    }
    # the stored session was used: no second login
    assert sum(p.ruta == "/api/v1/sesiones" for p in stub.peticiones) == 1


def test_presentar_renueva_una_sesion_vencida_con_la_misma_efirma(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    Ventanilla(stub, sesion_a)
    stub.tokens.clear()
    corrida = cli("presentar", "--tramite", "5.9", *_archivos(entorno), *sesion_a.argumentos)
    assert corrida.codigo == 0, corrida.errores
    assert "Abriendo sesión para XIQB891116QE4" in corrida.errores
    assert sum(p.ruta == "/api/v1/sesiones" for p in stub.peticiones) == 2
    _sin_secretos(stub, sesion_a)


def test_presentar_un_tramite_que_no_existe(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    Ventanilla(stub, sesion_a)
    corrida = cli(
        "--json", "presentar", "--tramite", "9.99", *_archivos(entorno), *sesion_a.argumentos
    )
    assert corrida.codigo == 1
    assert corrida.json()["error"] == "tramite_desconocido"
    assert "Trámites disponibles: 5.9" in corrida.errores
    assert not [p for p in stub.peticiones if p.ruta == "/api/v1/actuaciones"]


def test_presentar_datos_rechazados_por_el_servidor(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    Ventanilla(stub, sesion_a)
    rechazo = {
        "error": "solicitud_invalida",
        "mensaje": "El campo «datos.descripcion» es obligatorio.",
        "campo": "datos.descripcion",
    }
    stub.fijo("POST", "/actuaciones", rechazo, 400)
    corrida = cli(
        "--json", "presentar", "--tramite", "5.9", *_archivos(entorno), *sesion_a.argumentos
    )
    assert corrida.codigo == 1
    assert corrida.json() == rechazo
    assert "El campo «datos.descripcion» es obligatorio. (campo: datos.descripcion)" in (
        corrida.errores
    )
    assert not [p for p in stub.peticiones if p.ruta.endswith("/firma")]


def test_presentar_con_otro_rfc_o_datos_malos(
    cli: Callable[..., Corrida], stub: Stub, sesion_a: Efirma, entorno: Path
) -> None:
    argumentos = ["presentar", "--tramite", "5.9", *_archivos(entorno), *sesion_a.argumentos]
    otro = cli(*argumentos, "--rfc", "H&E951128469")
    assert otro.codigo == 2
    assert "El certificado es de XIQB891116QE4, no de H&E951128469" in otro.errores
    (entorno / "datos.json").write_text("[1, 2", "utf-8")
    malo = cli(*argumentos)
    assert malo.codigo == 2
    assert "no es JSON válido" in malo.errores
    (entorno / "datos.json").write_text("[1, 2]", "utf-8")
    assert "debe contener un objeto JSON" in cli(*argumentos).errores
    sin_anexo = cli("presentar", "--tramite", "5.9", "--datos", "x.json", "--anexo", "no.pdf")
    assert sin_anexo.codigo == 2
    assert "faltan argumentos obligatorios: --cer, --key" in sin_anexo.errores
    assert len([p for p in stub.peticiones if p.ruta == "/api/v1/tramites"]) == 0
