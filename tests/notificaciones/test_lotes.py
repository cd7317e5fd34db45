"""Bulk issuing from JSONL and CSV batches: every bad line reported with its number, field and
message, the good ones issued; an interrupted batch resumes without issuing anything twice."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from buzon.notificaciones.emision import lotes
from buzon.notificaciones.emision.lotes import procesar_pendientes
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.models import Lote, Notificacion
from tests.cuentas.fixtures import Patron
from tests.notificaciones.ayudas import Oficina, zc
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def linea(
    funcionario: Funcionario,
    rfc: str,
    texto: str,
    firmante: Funcionario | None = None,
    **extra: Any,
) -> dict[str, Any]:
    pdf = pdf_de_prueba(texto)
    return {
        "rfc": rfc,
        "tipo": "7.1",
        "asunto": f"Resolución {texto}",
        "documento": base64.b64encode(pdf).decode(),
        "firma": (firmante or funcionario).patron.firmar(pdf),
        **extra,
    }


def subir(oficina: Oficina, nombre: str, contenido: bytes) -> Any:
    return oficina.post(
        "/api/v1/oficina/lotes",
        {"nombre_archivo": nombre, "contenido": base64.b64encode(contenido).decode()},
    )


def ver(oficina: Oficina, lote_id: int) -> dict[str, Any]:
    respuesta = oficina.get(f"/api/v1/oficina/lotes/{lote_id}")
    assert respuesta.status_code == 200, respuesta.content
    return dict(respuesta.json())


def test_lote_jsonl_con_lineas_buenas_y_malas(
    notificador: Funcionario, supervisor: Funcionario, patron_a: Patron, patron_b: Patron
) -> None:
    habilitar(patron_a.rfc)
    habilitar(patron_b.rfc, correo="b@empresa.mx", celular="5598765432")
    oficina = Oficina(notificador)
    a, b = patron_a.rfc, patron_b.rfc
    sin_asunto = linea(notificador, a, "sin asunto")
    del sin_asunto["asunto"]
    repetida = json.dumps(linea(notificador, b, "dos", clave="clave-dos"))
    renglones = [
        json.dumps(linea(notificador, a, "uno")),  # 1 good
        '{"rfc": "' + a + '", "tipo": ',  # 2 not JSON
        json.dumps(sin_asunto),  # 3 a field missing
        json.dumps(linea(notificador, "NO ES RFC", "tres")),  # 4 bad RFC
        json.dumps(linea(notificador, a, "cuatro", firmante=supervisor)),  # 5 bad signature
        json.dumps(linea(notificador, a, "cinco", tipo="7.99")),  # 6 unknown tipo
        repetida,  # 7 good, with its own key
        json.dumps(linea(notificador, a, "otro", clave="clave-dos")),  # 8 same key, other body
        "",  # 9 blank: not a line
        repetida,  # 10 the very same line again: answered like a retry, issued once
        json.dumps(linea(notificador, a, "seis", prioridad="alta")),  # 11 unknown field
    ]
    contenido = "\n".join(renglones).encode()
    with time_machine.travel(LUNES, tick=False):
        creado = subir(oficina, "enero.jsonl", contenido)
        assert creado.status_code == 201, creado.content
        lote = creado.json()
        assert (lote["estado"], lote["total"], lote["procesadas"]) == ("pendiente", 10, 0)
        assert procesar_pendientes() == 1
        assert procesar_pendientes() == 0
        final = ver(oficina, lote["id"])
    assert (final["estado"], final["total"], final["procesadas"]) == ("terminado", 10, 10)
    assert (final["correctas"], final["con_error"]) == (3, 7)
    errores = {e["linea"]: (e["error"], e["campo"]) for e in final["errores"]}
    assert errores == {
        2: ("linea_invalida", None),
        3: ("linea_incompleta", "asunto"),
        4: ("dato_invalido", "rfc"),
        5: ("firma_invalida", "firma"),
        6: ("tipo_invalido", "tipo"),
        8: ("idempotencia_conflicto", "Idempotency-Key"),
        11: ("campo_desconocido", "prioridad"),
    }
    assert all(e["mensaje"] for e in final["errores"])
    emitidas = Notificacion.objects.filter(lote_id=lote["id"]).order_by("id")
    assert [(n.rfc, n.asunto) for n in emitidas] == [(a, "Resolución uno"), (b, "Resolución dos")]
    with time_machine.travel(LUNES, tick=False):
        assert despachar_avisos() == 2


def test_lote_csv(notificador: Funcionario, supervisor: Funcionario, patron_a: Patron) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    a = patron_a.rfc
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(["rfc", "registro_patronal", "tipo", "asunto", "documento", "firma"])
    filas = [
        linea(notificador, a, "uno"),  # line 2 good
        {**linea(notificador, a, "dos"), "asunto": ""},  # 3 missing
        linea(notificador, "XXXX", "tres"),  # 4 bad RFC
        linea(notificador, a, "cuatro", firmante=supervisor),  # 5 bad signature
        linea(notificador, a, "cinco", tipo="7.0"),  # 6 unknown tipo
        linea(notificador, a, "seis"),  # 7 good
    ]
    for fila in filas:
        escritor.writerow(
            [fila["rfc"], "", fila["tipo"], fila["asunto"], fila["documento"], fila["firma"]]
        )
    salida.write("a,b,c,d,e,f,g\n")  # 8: more columns than the header
    with time_machine.travel(LUNES, tick=False):
        creado = subir(oficina, "ENERO.CSV", salida.getvalue().encode("utf-8-sig"))
        assert creado.status_code == 201, creado.content
        procesar_pendientes()
        final = ver(oficina, creado.json()["id"])
    assert (final["total"], final["correctas"], final["con_error"]) == (7, 2, 5)
    assert {e["linea"]: (e["error"], e["campo"]) for e in final["errores"]} == {
        3: ("linea_incompleta", "asunto"),
        4: ("dato_invalido", "rfc"),
        5: ("firma_invalida", "firma"),
        6: ("tipo_invalido", "tipo"),
        8: ("linea_invalida", None),
    }
    assert Notificacion.objects.filter(lote_id=final["id"]).count() == 2


@pytest.mark.parametrize(
    ("nombre", "contenido", "error"),
    [
        pytest.param(
            "lote.jsonl", '{"rfc": "Año"}'.encode("latin-1"), "archivo_invalido", id="latin1"
        ),
        pytest.param("lote.csv", b"rfc,tipo\n", "encabezado_invalido", id="csv-sin-columnas"),
        pytest.param("lote.jsonl", b"\n\n", "lote_vacio", id="vacio"),
        pytest.param("lote.xlsx", b"PK\x03\x04", "formato_invalido", id="formato"),
    ],
)
def test_archivos_que_no_son_un_lote(
    notificador: Funcionario, nombre: str, contenido: bytes, error: str
) -> None:
    with time_machine.travel(LUNES, tick=False):
        respuesta = subir(Oficina(notificador), nombre, contenido)
    assert (respuesta.status_code, respuesta.json()["error"]) == (400, error)
    assert not Lote.objects.exists()


def test_un_lote_interrumpido_se_reanuda_sin_duplicar(
    notificador: Funcionario, patron_a: Patron, monkeypatch: pytest.MonkeyPatch
) -> None:
    habilitar(patron_a.rfc)
    oficina = Oficina(notificador)
    renglones = [json.dumps(linea(notificador, patron_a.rfc, f"n{i}")) for i in range(5)]
    renglones.insert(2, "no es json")
    monkeypatch.setattr(lotes, "CHUNK", 2)
    avanzar = lotes._avanzar
    llamadas = []

    def avanzar_y_caer(*args: Any) -> Lote:
        llamadas.append(args)
        if len(llamadas) == 2:
            # The worker dies after the second chunk was issued, before its progress is saved.
            raise RuntimeError("el trabajador se cayó")
        return avanzar(*args)

    monkeypatch.setattr(lotes, "_avanzar", avanzar_y_caer)
    with time_machine.travel(LUNES, tick=False) as viaje:
        lote_id = subir(oficina, "lote.jsonl", "\n".join(renglones).encode()).json()["id"]
        with pytest.raises(RuntimeError):
            procesar_pendientes()
        a_medias = ver(oficina, lote_id)
        assert (a_medias["estado"], a_medias["total"], a_medias["procesadas"]) == (
            "procesando",
            6,
            2,
        )
        assert a_medias["correctas"] == 2 and a_medias["errores"] == []
        assert Notificacion.objects.count() == 3  # chunks 1 and 2 were committed
        # Still claimed by the fallen worker: nobody takes it until the claim is abandoned.
        assert procesar_pendientes() == 0
        viaje.shift(lotes.ABANDONO + timedelta(seconds=1))
        assert procesar_pendientes() == 1
        final = ver(oficina, lote_id)
    assert (final["estado"], final["procesadas"], final["correctas"], final["con_error"]) == (
        "terminado",
        6,
        5,
        1,
    )
    assert [e["linea"] for e in final["errores"]] == [3]
    emitidas = Notificacion.objects.filter(lote_id=lote_id)
    assert emitidas.count() == 5
    assert sorted(n.asunto for n in emitidas) == [f"Resolución n{i}" for i in range(5)]
    # Reprocessing the whole batch from the start issues nothing more either.
    Lote.objects.filter(pk=lote_id).update(
        estado=Lote.Estado.PENDIENTE, procesadas=0, correctas=0, errores=[]
    )
    with time_machine.travel(LUNES + timedelta(hours=1), tick=False):
        assert procesar_pendientes() == 1
        assert ver(oficina, lote_id)["correctas"] == 5
    assert Notificacion.objects.count() == 5


def test_los_lotes_son_de_su_subdelegacion(
    notificador: Funcionario, hacer_funcionario: Any, patron_a: Patron
) -> None:
    norte = Oficina(hacer_funcionario("LOPA700101AB2", "supervisor", "Norte"))
    with time_machine.travel(LUNES, tick=False):
        contenido = json.dumps(linea(notificador, patron_a.rfc, "uno")).encode()
        lote_id = subir(Oficina(notificador), "lote.jsonl", contenido).json()["id"]
        respuesta = norte.get(f"/api/v1/oficina/lotes/{lote_id}")
    assert (respuesta.status_code, respuesta.json()["error"]) == (404, "no_encontrado")
