"""The reminders' sweep: 3 días hábiles before an obligation and 1 before a notification is
deemed (16 September skipped), quiet hours in Tijuana and Cancún, preferences, and idempotency:
run twice, a crash in the middle, a record lost by a concurrent sweep."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core.management import call_command

from buzon.avisos import servicios as avisos
from buzon.avisos.models import Mensaje
from buzon.eventos import recordatorios
from buzon.eventos.models import Preferencias, Recordatorio
from buzon.eventos.recordatorios import do_enviar_recordatorios
from tests.eventos import ayudas as a

pytestmark = pytest.mark.django_db


def instante(texto: str) -> datetime:
    return datetime.fromisoformat(texto)


def _sin_enlaces() -> None:
    for m in Mensaje.objects.all():
        assert "http" not in m.cuerpo and "www." not in m.cuerpo


def test_obligaciones_tres_dias_habiles_antes() -> None:
    """Dues of Thu 17 Sep 2026: 16 Sep is inhábil, so 3 días hábiles before is Fri the 11th."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    assert do_enviar_recordatorios(instante("2026-09-10T12:00:00-06:00")).recordatorios == 0
    r = do_enviar_recordatorios(instante("2026-09-11T12:00:00-06:00"))
    assert (r.revisados, r.recordatorios, r.mensajes) == (1, 2, 4)
    registros = Recordatorio.objects.order_by("titulo")
    assert [(x.clase, x.anticipacion, x.fecha_evento.isoformat()) for x in registros] == [
        ("obligacion", 3, "2026-09-17"),
        ("obligacion", 3, "2026-09-17"),
    ]
    correo = Mensaje.objects.filter(canal="correo").order_by("asunto").first()
    assert correo is not None
    assert correo.asunto.startswith("Recordatorio del Buzón IMSS: Cuotas")
    assert "Fundamento: LSS art. 39" in correo.cuerpo
    assert "17 de septiembre de 2026" in correo.cuerpo
    assert a.REGISTRO_A in correo.cuerpo
    _sin_enlaces()
    # The same day again, and the next: nothing new.
    assert do_enviar_recordatorios(instante("2026-09-11T18:00:00-06:00")).mensajes == 0
    assert do_enviar_recordatorios(instante("2026-09-14T12:00:00-06:00")).mensajes == 0
    assert Mensaje.objects.count() == 4


def test_notificacion_un_dia_habil_antes_de_tenerse_por_notificada() -> None:
    """Aviso Fri 11 Sep: deemed 09:30 of Fri the 18th; 1 día hábil before: Thu the 17th (its last
    day to open), not Tue the 15th."""
    a.patron(a.RFC_A, [])
    a.notificacion(a.RFC_A, "N-1", instante("2026-09-11T10:00:00-06:00"))
    assert do_enviar_recordatorios(instante("2026-09-15T12:00:00-06:00")).recordatorios == 0
    r = do_enviar_recordatorios(instante("2026-09-17T10:00:00-06:00"))
    assert r.recordatorios == 1
    sms = Mensaje.objects.get(canal="sms")
    assert "N-1" in sms.cuerpo and "Asunto privado" not in sms.cuerpo
    # Opened before the sweep of another particular: no reminder for an opened one.
    a.patron(a.RFC_B, [])
    a.notificacion(
        a.RFC_B,
        "N-2",
        instante("2026-09-11T10:00:00-06:00"),
        abierta=instante("2026-09-14T10:00:00-06:00"),
    )
    assert do_enviar_recordatorios(instante("2026-09-17T11:00:00-06:00")).recordatorios == 0


@pytest.fixture
def dos_zonas() -> None:
    a.patron(
        "TIJ800101AB1", [("Y5412345111", "BCN", "Tijuana")], "America/Tijuana", celular="6641234567"
    )
    a.patron(
        "CAN800101AB2", [("Y5412345112", "ROO", "Cancún")], "America/Cancun", celular="9981234567"
    )


def _sms_de(celular: str) -> list[Mensaje]:
    return [m for m in Mensaje.objects.filter(canal="sms") if m.destino.endswith(celular)]


@pytest.mark.usefixtures("dos_zonas")
def test_silencio_de_manana_en_tijuana() -> None:
    """13:30 UTC on Fri 11 Sep 2026: 08:30 in Cancún (sent now), 06:30 in Tijuana (held until
    08:00 of Tijuana, 15:00 UTC). Email is never held."""
    ahora = instante("2026-09-11T13:30:00+00:00")
    do_enviar_recordatorios(ahora)
    cancun, tijuana = _sms_de("9981234567"), _sms_de("6641234567")
    assert len(cancun) == len(tijuana) == 2
    assert {m.proximo_intento for m in cancun} == {ahora}
    assert {m.proximo_intento for m in tijuana} == {instante("2026-09-11T15:00:00+00:00")}
    assert {m.proximo_intento for m in Mensaje.objects.filter(canal="correo")} == {ahora}


@pytest.mark.usefixtures("dos_zonas")
def test_silencio_de_noche_en_cancun() -> None:
    """02:30 UTC on Sat 12 Sep: 19:30 of Friday in Tijuana (sent), 21:30 in Cancún (held until
    08:00 of Saturday in Cancún, 13:00 UTC)."""
    ahora = instante("2026-09-12T02:30:00+00:00")
    do_enviar_recordatorios(ahora)
    cancun, tijuana = _sms_de("9981234567"), _sms_de("6641234567")
    assert {m.proximo_intento for m in tijuana} == {ahora}
    assert {m.proximo_intento for m in cancun} == {instante("2026-09-12T13:00:00+00:00")}


def test_preferencias_apagan_y_eligen_medio() -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "CMX", "Centro")])
    ahora = instante("2026-09-11T12:00:00-06:00")
    Preferencias.objects.create(rfc=a.RFC_A, recordar_obligaciones=False, actualizado=ahora)
    Preferencias.objects.create(rfc=a.RFC_B, por_sms=False, dias_obligaciones=5, actualizado=ahora)
    # B asked 5 días hábiles: due since Wed the 9th; on the 11th it is still due (late, not lost).
    r = do_enviar_recordatorios(ahora)
    assert r.recordatorios == 2
    assert set(Recordatorio.objects.values_list("rfc", "anticipacion")) == {(a.RFC_B, 5)}
    assert set(Mensaje.objects.values_list("canal", flat=True)) == {"correo"}


def test_sin_medios_confirmados_no_hay_recordatorio() -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")], habilitado=False)
    assert do_enviar_recordatorios(instante("2026-09-11T12:00:00-06:00")).revisados == 0
    assert Mensaje.objects.count() == 0


def test_caida_a_media_pasada_y_reintento(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of one particular: the second chunk fails inside its transaction; the first stays
    committed, the second leaves nothing; the next run completes it, nothing twice."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    a.patron(a.RFC_B, [(a.REGISTRO_B, "CMX", "Centro")])
    ahora = instante("2026-09-11T12:00:00-06:00")
    original = avisos.do_encolar_varios
    llamadas: list[int] = []

    def falla_la_segunda(pedidos: Any, momento: Any = None) -> int:
        llamadas.append(1)
        if len(llamadas) == 2:
            raise RuntimeError("se cayó el proceso")
        return original(pedidos, momento)

    monkeypatch.setattr(recordatorios, "do_encolar_varios", falla_la_segunda)
    with pytest.raises(RuntimeError):
        do_enviar_recordatorios(ahora, bloque=1)
    assert set(Recordatorio.objects.values_list("rfc", flat=True)) == {a.RFC_B}  # H&E < XIQ
    assert Mensaje.objects.count() == 4
    monkeypatch.setattr(recordatorios, "do_encolar_varios", original)
    r = do_enviar_recordatorios(ahora, bloque=1)
    assert r.recordatorios == 2
    assert Recordatorio.objects.count() == 4
    assert Mensaje.objects.count() == 8
    assert Mensaje.objects.values("clave").distinct().count() == 8


def test_un_barrido_concurrente_que_no_vio_el_registro_no_duplica_mensajes() -> None:
    """The outbox keys are deterministic: a sweep that missed the other's record (it had not
    committed) queues the same keys, and the outbox keeps one message per key."""
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    ahora = instante("2026-09-11T12:00:00-06:00")
    do_enviar_recordatorios(ahora)
    Recordatorio.objects.all().delete()
    do_enviar_recordatorios(instante("2026-09-11T12:05:00-06:00"))
    assert Mensaje.objects.count() == 4
    assert Recordatorio.objects.count() == 2


def test_comando_recordar(capsys: pytest.CaptureFixture[str]) -> None:
    a.patron(a.RFC_A, [(a.REGISTRO_A, "CMX", "Centro")])
    call_command("eventos", "recordar", "--ahora", "2026-09-11T12:00:00-06:00")
    assert '"recordatorios": 2' in capsys.readouterr().out
    call_command("eventos", "recordar", "--ahora", "2026-09-11T12:00:00-06:00")
    assert '"mensajes": 0' in capsys.readouterr().out
