"""`buzon servir` refuses to start without an active, valid seal, saying what to run."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from buzon.evidencia.models import CertificadoSello


@pytest.mark.django_db
def test_servir_sin_sello_se_niega_y_dice_que_ejecutar() -> None:
    assert not CertificadoSello.objects.exists()
    with pytest.raises(CommandError) as error:
        call_command("servir", "--puerto", "1")
    mensaje = str(error.value)
    assert "No se puede servir el Buzón" in mensaje
    assert "buzon sello instalar" in mensaje and "buzon migrate" in mensaje


@pytest.mark.django_db
def test_servir_con_sello_vencido_se_niega(
    sello: CertificadoSello, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    futuro = timezone.now() + timedelta(days=365 * 30)
    monkeypatch.setattr("django.utils.timezone.now", lambda: futuro)
    with pytest.raises(CommandError, match="no está vigente"):
        call_command("servir", "--puerto", "1")


@pytest.mark.django_db(transaction=True)
def test_la_comprobacion_del_sello_no_deja_una_conexion_para_los_trabajadores(
    sello: CertificadoSello,
) -> None:
    """gunicorn forks its workers after the check: a connection left open in the master would be
    shared by every worker (interleaved statements, lost savepoints under load)."""
    from django.db import connection

    from buzon.sistema.management.commands.servir import _exigir_sello

    connection.ensure_connection()
    _exigir_sello()
    assert connection.connection is None
