"""A complete filing stays cheap in SQL (issue 7: the statements are counted, so one added by
accident shows up here) and its acuse names exactly the attachments that were filed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.actuaciones.models import Anexo
from buzon.evidencia.models import Acuse
from tests.actuaciones.fixtures import (
    ICSOE,
    Cliente,
    anexo,
    anexo_csv,
    anexos_icsoe,
    csv_trabajadores,
    pdf,
    trabajadores,
)

pytestmark = pytest.mark.django_db(transaction=True)

#: Draft: session, trámite, mailbox state (one query), the Contenido rows (one INSERT …
#: RETURNING for all the files; a new row is locked by it), the actuación, its attachments.
SENTENCIAS_BORRADOR = 6
#: Signature: session, actuación, mailbox state, padrón (zone and ámbito), calendar, active seal,
#: SAVEPOINT, acuse, evidence-log head, log entry, head update, RELEASE, the filing's UPDATE.
SENTENCIAS_FIRMA = 13


def _sentencias(contexto: CaptureQueriesContext) -> list[str]:
    """The statements run, without BEGIN/COMMIT (SQLite's backend runs them as statements,
    PostgreSQL's driver does not show them)."""
    return [
        q["sql"]
        for q in contexto.captured_queries
        if not q["sql"].upper().startswith(("BEGIN", "COMMIT"))
    ]


def _legibles(sentencias: list[str]) -> str:
    return "\n".join(s[:90] for s in sentencias)


def test_una_actuacion_completa_en_pocas_sentencias(habilitado: Callable[..., Cliente]) -> None:
    cliente = habilitado()
    cliente.presentar("icsoe", ICSOE, anexos_icsoe())  # first use: trámites loaded, caches filled
    otra_relacion = csv_trabajadores(trabajadores(3, desde=10))  # new files: none stored yet
    archivos = [
        anexo_csv(datos=otra_relacion),
        anexo("a.pdf", pdf("Otro contrato")),
        anexo("b.pdf", pdf("Y otro")),
    ]
    with CaptureQueriesContext(connection) as borrador:
        creada = cliente.crear("icsoe", ICSOE, archivos)
    assert creada.status_code == 201, creada.content
    with CaptureQueriesContext(connection) as firma:
        firmada = cliente.firmar(creada.json()["id"], creada.json()["cadena"])
    assert firmada.status_code == 201, firmada.content
    assert len(_sentencias(borrador)) == SENTENCIAS_BORRADOR, _legibles(_sentencias(borrador))
    assert len(_sentencias(firma)) == SENTENCIAS_FIRMA, _legibles(_sentencias(firma))
    # The same files again: the existing Contenido rows are locked with one more statement.
    with CaptureQueriesContext(connection) as repetido:
        otra = cliente.crear("icsoe", ICSOE, archivos)
    assert otra.status_code == 201, otra.content
    assert len(_sentencias(repetido)) == SENTENCIAS_BORRADOR + 1, _legibles(_sentencias(repetido))
    bloqueo = [s for s in _sentencias(repetido) if "actuaciones_contenido" in s]
    assert len(bloqueo) == 2
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in bloqueo[1]


def test_el_acuse_nombra_los_anexos_presentados(habilitado: Callable[..., Cliente]) -> None:
    """Names with the cadena's separator, its escape and a colon, in the order given."""
    cliente = habilitado()
    nombres = ["b|c:d.pdf", "uno: dos.pdf", "z.pdf", "relación|julio: agosto.csv"]
    archivos = [anexo(n, pdf(f"contrato {i}")) for i, n in enumerate(nombres[:3])]
    archivos.append(anexo_csv(nombres[3]))
    hecha = cliente.presentar("icsoe", ICSOE, archivos)
    acuse = Acuse.objects.get(folio=hecha["acuse"]["folio"])
    filas = list(
        Anexo.objects.filter(actuacion_id=hecha["id"])
        .order_by("orden")
        .values_list("nombre", "sha256")
    )
    assert [n for n, _ in filas] == nombres
    assert [(d["nombre"], d["sha256"]) for d in acuse.documentos] == filas
