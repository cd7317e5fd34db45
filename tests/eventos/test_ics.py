"""The .ics feed: RFC 5545 structure checked by a small parser written here (CRLF, folding at 75
octets, escaping, all-day VEVENTs, stable UIDs, VALARM), and the token: shown once, only its
SHA-256 stored, revocable and re-creatable by a POST, 404 for any unknown or revoked one, and a
GET that writes nothing."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from buzon.eventos import ics
from buzon.eventos.models import TokenCalendario
from buzon.eventos.selectors import Evento
from tests.cuentas.fixtures import Patron
from tests.eventos import ayudas as a
from tests.notificaciones.fixtures import sesion_particular

AHORA = datetime.fromisoformat("2026-09-07T12:00:00-06:00")


def desdoblar(texto: bytes) -> list[str]:
    """Validate the physical lines (CRLF, ≤ 75 octets) and unfold them (RFC 5545 3.1)."""
    assert texto.endswith(b"\r\n")
    fisicas = texto.split(b"\r\n")[:-1]
    for linea in fisicas:
        assert len(linea) <= 75, linea
        assert b"\n" not in linea and b"\r" not in linea
    logicas: list[str] = []
    for linea in fisicas:
        if linea.startswith(b" "):
            logicas[-1] += linea[1:].decode("utf-8")
        else:
            logicas.append(linea.decode("utf-8"))
    return logicas


def componentes(lineas: list[str]) -> list[dict[str, list[str]]]:
    """The VEVENTs as {property: [values]}, checking BEGIN/END nesting."""
    pila: list[str] = []
    eventos: list[dict[str, list[str]]] = []
    for linea in lineas:
        nombre, _, valor = linea.partition(":")
        if nombre == "BEGIN":
            pila.append(valor)
            if valor == "VEVENT":
                eventos.append({})
        elif nombre == "END":
            assert pila.pop() == valor
        elif pila and pila[-1] == "VEVENT":
            eventos[-1].setdefault(nombre, []).append(valor)
        elif pila and pila[-1] == "VALARM":
            eventos[-1].setdefault("VALARM:" + nombre, []).append(valor)
    assert pila == []
    return eventos


def desescapar(valor: str) -> str:
    salida, i = "", 0
    while i < len(valor):
        if valor[i] == "\\":
            siguiente = valor[i + 1]
            salida += "\n" if siguiente in "nN" else siguiente
            i += 2
        else:
            assert valor[i] not in ";,", valor  # unescaped separators are not TEXT
            salida += valor[i]
            i += 1
    return salida


def test_documento_valido_con_doblado_y_escapes() -> None:
    largo = "Título con acentos ñ, punto y coma; barra \\ y " + "é" * 60
    evento = Evento(
        uid="abc@eventos.buzon.imss.gob.mx",
        clase="obligacion",
        clave="cuotas_mensuales",
        fecha=date(2026, 9, 17),
        titulo=largo,
        fundamento="LSS art. 39",
        detalle="Primera línea\nsegunda, con coma",
        registros=("Y5412345108",),
    )
    texto = ics.documento(
        [evento], AHORA, {evento.uid: datetime(2026, 9, 11, 15, tzinfo=AHORA.tzinfo)}
    )
    lineas = desdoblar(texto)
    assert lineas[0] == "BEGIN:VCALENDAR" and lineas[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lineas and any(x.startswith("PRODID:") for x in lineas)
    [vevento] = componentes(lineas)
    assert vevento["UID"] == ["abc@eventos.buzon.imss.gob.mx"]
    assert vevento["DTSTAMP"] == ["20260907T180000Z"]
    assert vevento["DTSTART;VALUE=DATE"] == ["20260917"]
    assert vevento["DTEND;VALUE=DATE"] == ["20260918"]
    assert desescapar(vevento["SUMMARY"][0]) == largo
    descripcion = desescapar(vevento["DESCRIPTION"][0])
    assert descripcion.startswith("Fundamento: LSS art. 39.\nPrimera línea\nsegunda, con coma")
    assert vevento["VALARM:ACTION"] == ["DISPLAY"]
    assert vevento["VALARM:TRIGGER;VALUE=DATE-TIME"] == ["20260911T210000Z"]
    # Folding never splits a UTF-8 character (each physical line decodes on its own).
    for fisica in texto.split(b"\r\n"):
        fisica.decode("utf-8")


def test_doblar_exactamente_en_75_octetos() -> None:
    linea = "X" * 75
    assert ics.doblar(linea) == linea + "\r\n"
    doblada = ics.doblar("X" * 76)
    assert doblada == "X" * 75 + "\r\n X\r\n"


@pytest.mark.django_db
def test_token_ciclo_de_vida_y_404(patron_a: Patron) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    cliente, auth = sesion_particular(patron_a)
    creado = cliente.post("/api/v1/eventos/ics/token", **auth)
    assert creado.status_code == 201
    token, url = creado.json()["token"], creado.json()["url"]
    assert url.endswith(f"/calendario-de-eventos/{token}.ics")
    fila = TokenCalendario.objects.get()
    assert fila.huella == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(TokenCalendario.objects.values_list()[0])

    publico = Client()
    with CaptureQueriesContext(connection) as consultas:
        feed = publico.get(f"/calendario-de-eventos/{token}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Cache-Control"] == "private, no-store"
    escrituras = [
        q["sql"]
        for q in consultas.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert escrituras == []  # GET never writes
    eventos = componentes(desdoblar(feed.content))
    assert eventos and all("DTSTART;VALUE=DATE" in e for e in eventos)
    assert a.RFC_A not in feed.content.decode() and "Patrón" not in feed.content.decode()
    # The UIDs are stable between two downloads.
    otra = componentes(desdoblar(publico.get(f"/calendario-de-eventos/{token}.ics").content))
    assert [e["UID"] for e in eventos] == [e["UID"] for e in otra]

    # Re-created: the old one is 404 at once; the new one works.
    nuevo = cliente.post("/api/v1/eventos/ics/token", **auth).json()["token"]
    assert publico.get(f"/calendario-de-eventos/{token}.ics").status_code == 404
    assert publico.get(f"/calendario-de-eventos/{nuevo}.ics").status_code == 200
    # Revoked: 404, exactly like an unknown one.
    assert cliente.delete("/api/v1/eventos/ics/token", **auth).status_code == 204
    revocado = publico.get(f"/calendario-de-eventos/{nuevo}.ics")
    desconocido = publico.get("/calendario-de-eventos/no-existe-este-token.ics")
    assert revocado.status_code == desconocido.status_code == 404
    assert TokenCalendario.objects.filter(revocado__isnull=True).count() == 0


@pytest.mark.django_db
def test_el_feed_de_uno_no_muestra_eventos_del_otro(patron_a: Patron, patron_b: Patron) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "JAL", "Guadalajara")])
    cliente_a, auth_a = sesion_particular(patron_a)
    cliente_b, auth_b = sesion_particular(patron_b)
    token_a = cliente_a.post("/api/v1/eventos/ics/token", **auth_a).json()["token"]
    token_b = cliente_b.post("/api/v1/eventos/ics/token", **auth_b).json()["token"]
    feed_a = Client().get(f"/calendario-de-eventos/{token_a}.ics").content.decode()
    feed_b = Client().get(f"/calendario-de-eventos/{token_b}.ics").content.decode()
    assert a.REGISTRO_A in feed_a and a.REGISTRO_B not in feed_a
    assert a.REGISTRO_B in feed_b and a.REGISTRO_A not in feed_b
    # B revoking its own leaves A's working.
    cliente_b.delete("/api/v1/eventos/ics/token", **auth_b)
    assert Client().get(f"/calendario-de-eventos/{token_a}.ics").status_code == 200
