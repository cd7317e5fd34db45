"""The fan-out: set-based chunks, courtesy avisos to enabled mailboxes only (link-free), quiet
hours in the recipient's zone (Tijuana, Cancún), idempotent under a crash; and the states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.avisos.models import Mensaje
from buzon.comunicados import difusion
from buzon.comunicados.errores import ErrorComunicado
from buzon.comunicados.models import Comunicado, Destinatario, EventoComunicado
from buzon.comunicados.selectors import estado_de
from buzon.comunicados.servicios import (
    do_aprobar,
    do_crear_comunicado,
    do_devolver,
    do_enviar_a_aprobacion,
    do_retirar,
)
from buzon.padron.models import Patron
from tests.comunicados.ayudas import (
    RFC_A,
    RFC_B,
    RFC_C,
    comunicador,
    datos,
    padron_basico,
    patron,
    publicar,
    supervisor,
)
from tests.notificaciones.fixtures import habilitar

pytestmark = pytest.mark.django_db

#: 05:30 UTC of a June day: 22:30 in Tijuana (UTC-7), 23:30 in Centro (UTC-6), 00:30 in
#: Cancún (UTC-5): quiet hours everywhere.
NOCHE = datetime(2026, 6, 15, 5, 30, tzinfo=UTC)
#: 14:30 UTC: 07:30 in Tijuana (still quiet), 08:30 in Centro, 09:30 in Cancún.
MANANA = datetime(2026, 6, 15, 14, 30, tzinfo=UTC)


@pytest.fixture
def tres() -> None:
    padron_basico()
    for rfc, celular in ((RFC_A, "5511111111"), (RFC_B, "6641111111"), (RFC_C, "9981111111")):
        habilitar(rfc, correo=f"{rfc.replace('&', 'y').lower()}@example.com", celular=celular)


def mensajes(c: Comunicado) -> dict[str, Mensaje]:
    return {m.clave: m for m in Mensaje.objects.filter(clave__startswith=f"comunicado-{c.pk}-")}


def test_avisos_de_cortesia_solo_a_buzones_habilitados(tres: None) -> None:
    patron("SINB800101AB6", [("Y5412345112", "CMX", "Centro", "10")])  # no mailbox
    c = publicar(comunicador(), supervisor(), datos())
    assert c.entregados == 4 and c.difusion == Comunicado.Difusion.TERMINADA
    claves = mensajes(c)
    assert set(claves) == {
        f"comunicado-{c.pk}-{rfc}-{canal}"
        for rfc in (RFC_A, RFC_B, RFC_C)
        for canal in ("correo", "sms")
    }
    assert c.avisos == 6
    correo = claves[f"comunicado-{c.pk}-{RFC_A}-correo"]
    assert (
        "Nuevas facilidades de pago" in correo.cuerpo
        and "no tiene efectos legales" in correo.cuerpo
    )
    assert "http" not in correo.cuerpo and "www" not in correo.cuerpo
    assert Destinatario.objects.filter(rfc="SINB800101AB6").exists()  # sees it, gets no aviso


@pytest.mark.parametrize(
    ("instante", "esperado"),
    [
        # 22:30 Tijuana → 08:00 of the next day there (PDT, UTC-7) = 15:00 UTC on the 15th;
        # 00:30 Cancún → 08:00 the same local day (UTC-5) = 13:00 UTC; 23:30 Centro → 14:00 UTC.
        (NOCHE, {RFC_B: datetime(2026, 6, 15, 15, 0, tzinfo=UTC),
                 RFC_C: datetime(2026, 6, 15, 13, 0, tzinfo=UTC),
                 RFC_A: datetime(2026, 6, 15, 14, 0, tzinfo=UTC)}),
        # 07:30 Tijuana → held until 08:00 there; Centro and Cancún are past 08:00: due now.
        (MANANA, {RFC_B: datetime(2026, 6, 15, 15, 0, tzinfo=UTC), RFC_C: MANANA, RFC_A: MANANA}),
    ],
)  # fmt: skip
def test_horas_de_silencio_por_zona(
    tres: None, instante: datetime, esperado: dict[str, Any]
) -> None:
    with time_machine.travel(instante, tick=False):
        c = publicar(comunicador(), supervisor(), datos())
    claves = mensajes(c)
    for rfc, cuando in esperado.items():
        assert claves[f"comunicado-{c.pk}-{rfc}-sms"].proximo_intento == cuando, rfc
        assert claves[f"comunicado-{c.pk}-{rfc}-correo"].proximo_intento == instante  # never held


def test_en_invierno_tijuana_es_utc_menos_8(tres: None) -> None:
    with time_machine.travel(datetime(2026, 1, 15, 5, 30, tzinfo=UTC), tick=False):
        c = publicar(comunicador(), supervisor(), datos())
    sms = mensajes(c)[f"comunicado-{c.pk}-{RFC_B}-sms"]
    assert sms.proximo_intento == datetime(2026, 1, 15, 16, 0, tzinfo=UTC)  # 08:00 PST


def test_un_lote_es_una_sentencia_sin_viajes_por_fila(tres: None) -> None:
    for n in range(40):
        patron(f"MAS{n + 100:03d}0101AB", [(f"Y77{n:08d}", "CMX", "Centro", "10")])
    c = publicar(comunicador(), supervisor(), datos(), difundir=False)
    difusion.do_iniciar_difusion(c.pk)
    with CaptureQueriesContext(connection) as consultas:
        difusion.do_difundir_lote(c.pk, lote=1000)
    inserciones = [
        q["sql"]
        for q in consultas.captured_queries
        if "comunicados_destinatario" in q["sql"] and q["sql"].startswith("INSERT")
    ]
    assert len(inserciones) == 1
    assert len(consultas.captured_queries) < 20  # not one per recipient (43 of them)
    assert Destinatario.objects.filter(comunicado=c).count() == 43


def test_caida_a_media_difusion_y_reanudacion_no_duplican_nada(
    tres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(30):
        rfc = f"CAI{n + 100:03d}0101AB"
        patron(rfc, [(f"Y88{n:08d}", "CMX", "Centro", "10")])
        habilitar(rfc, correo=f"c{n}@example.com", celular=f"55{n:08d}")
    c = publicar(comunicador(), supervisor(), datos(), difundir=False)
    difusion.do_iniciar_difusion(c.pk)
    ids = sorted(Patron.objects.values_list("id", flat=True))
    assert ids == list(range(ids[0], ids[0] + 33))
    lote = 11
    original = difusion._avisar
    llamadas = {"n": 0}

    def cae(*args: Any) -> int:
        llamadas["n"] += 1
        if llamadas["n"] == 2:
            raise RuntimeError("el proceso murió a media difusión")
        return original(*args)

    monkeypatch.setattr(difusion, "_avisar", cae)
    with pytest.raises(RuntimeError):
        difusion.difundir(c.pk, lote=lote)
    c.refresh_from_db()
    primero = Destinatario.objects.filter(comunicado=c).count()
    assert primero == 11 and c.entregados == primero  # the first chunk committed, the second not
    assert len(mensajes(c)) == 2 * primero
    monkeypatch.setattr(difusion, "_avisar", original)
    difusion.difundir(c.pk, lote=lote)
    c.refresh_from_db()
    assert c.difusion == Comunicado.Difusion.TERMINADA and c.entregados == 33
    assert len(mensajes(c)) == 66 == c.avisos
    # Even from the very start (the cursor lost), a re-run delivers nothing twice.
    Comunicado.objects.filter(pk=c.pk).update(cursor=0, difusion=Comunicado.Difusion.EN_CURSO)
    assert Patron.objects.filter(id__lte=0).count() == 0
    difusion.difundir(c.pk, lote=lote)
    assert Destinatario.objects.filter(comunicado=c).count() == 33
    assert len(mensajes(c)) == 66 and Mensaje.objects.count() == 66
    c.refresh_from_db()
    assert c.entregados == 33 and c.avisos == 66


def test_estados_y_linea_de_tiempo(tres: None) -> None:
    autor, jefe = comunicador(), supervisor()
    c = do_crear_comunicado(autor, datos())
    with pytest.raises(ErrorComunicado) as exc:
        do_aprobar(jefe, c.pk)  # a borrador is not approved
    assert exc.value.estado == 409
    with pytest.raises(ErrorComunicado) as exc:
        do_enviar_a_aprobacion(jefe, c.pk)  # only a comunicador sends
    assert exc.value.codigo == "sin_permiso"
    do_enviar_a_aprobacion(autor, c.pk)
    with pytest.raises(ErrorComunicado):
        do_aprobar(autor, c.pk)  # the author does not approve its own
    do_devolver(jefe, c.pk, "Falta la fecha del beneficio")
    do_enviar_a_aprobacion(autor, c.pk)
    assert not Destinatario.objects.exists()  # nothing goes out before approval
    do_aprobar(jefe, c.pk)
    difusion.despues_de_aprobar(c.pk)
    do_retirar(jefe, c.pk, "Información corregida")
    c.refresh_from_db()
    assert c.estado == Comunicado.Estado.RETIRADO and c.motivo_retiro == "Información corregida"
    tipos = list(EventoComunicado.objects.filter(comunicado=c).values_list("tipo", flat=True))
    assert tipos == [
        "creado", "enviado_a_aprobacion", "devuelto", "enviado_a_aprobacion", "aprobado",
        "difusion_iniciada", "difusion_terminada", "retirado",
    ]  # fmt: skip
    assert Destinatario.objects.filter(comunicado=c).count() == 3  # kept, marked withdrawn


def test_retirado_a_media_difusion_se_detiene(tres: None) -> None:
    c = publicar(comunicador(), supervisor(), datos(), difundir=False)
    difusion.do_iniciar_difusion(c.pk)
    do_retirar(supervisor(), c.pk, "Error en el texto")
    difusion.difundir(c.pk)
    assert not Destinatario.objects.filter(comunicado=c).exists() and not Mensaje.objects.exists()


def test_supervisor_de_otra_subdelegacion_no_lo_ve(tres: None) -> None:
    autor = comunicador()  # national
    c = do_crear_comunicado(autor, datos())
    do_enviar_a_aprobacion(autor, c.pk)
    with pytest.raises(ErrorComunicado) as exc:
        do_aprobar(supervisor(False), c.pk)
    assert exc.value.estado == 404


def test_vencido_por_vigencia_y_aviso_diferido(tres: None) -> None:
    with time_machine.travel(MANANA, tick=False):
        c = publicar(
            comunicador(),
            supervisor(),
            datos(
                vigente_desde=MANANA + timedelta(days=1),
                vigente_hasta=MANANA + timedelta(days=3),
            ),
        )
        assert estado_de(c, MANANA) == "publicado"
        correo = mensajes(c)[f"comunicado-{c.pk}-{RFC_A}-correo"]
        assert correo.proximo_intento == MANANA + timedelta(days=1)  # avisado when it begins
    assert estado_de(c, MANANA + timedelta(days=3)) == "vencido"
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos(vigente_hasta=datetime(2020, 1, 1, tzinfo=UTC)))
    assert exc.value.codigo == "vigencia_invalida"


def test_titulo_con_enlace_y_adjuntos(tres: None) -> None:
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos(titulo="Vea www.ejemplo.com"))
    assert exc.value.codigo == "titulo_con_enlace"
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(comunicador(), datos(adjuntos=[("x.pdf", b"<html>no</html>")]))
    assert exc.value.codigo == "adjunto_no_pdf"
    with pytest.raises(ErrorComunicado) as exc:
        do_crear_comunicado(
            comunicador(), datos(adjuntos=[("x.pdf", b"%PDF-1.7" + b"0" * (5 * 1024 * 1024))])
        )
    assert exc.value.codigo == "adjunto_grande"
    assert not Comunicado.objects.exists()


def test_una_difusion_grande_queda_para_el_proceso_de_fondo(
    tres: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr(difusion, "EN_LINEA", 2)  # three recipients: more than «small»
    c = publicar(comunicador(), supervisor(), datos())
    assert c.difusion == Comunicado.Difusion.EN_CURSO and c.objetivo == 3 and c.entregados == 0
    salida = StringIO()
    call_command("comunicados", "difundir", stdout=salida)
    assert "1 comunicado(s) difundido(s)." in salida.getvalue()
    c.refresh_from_db()
    assert c.difusion == Comunicado.Difusion.TERMINADA and c.entregados == 3
    call_command("comunicados", "difundir", "--id", str(c.pk), stdout=salida)
    assert "3 de 3 entregados, 6 avisos" in salida.getvalue()
