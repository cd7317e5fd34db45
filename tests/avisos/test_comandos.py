"""`buzon avisos …`, the Celery path, the gunicorn hook and the email URL."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from buzon.avisos.backends import ErrorConfiguracion, conexion_correo
from buzon.avisos.models import Mensaje
from buzon.avisos.servicios import do_encolar
from tests.avisos.fixtures import PasarelaSMS, ServidorSMTP


def _llamar(*args: str) -> Any:
    salida = StringIO()
    call_command("avisos", *args, stdout=salida)
    return json.loads(salida.getvalue())


@pytest.mark.django_db
def test_comando_entregar_y_estado(smtp: ServidorSMTP, pasarela: PasarelaSMS) -> None:
    with transaction.atomic():
        do_encolar("correo", "ana@ejemplo.mx", "Asunto", "Texto del correo", "c1")
        do_encolar("sms", "5512345678", "", "Texto del SMS", "s1")
    assert _llamar("estado") == {"pendiente": 2, "enviando": 0, "enviado": 0, "muerto": 0}
    assert _llamar("entregar") == {"enviados": 2, "reintentos": 0, "muertos": 0, "liberados": 0}
    assert len(smtp.recibidos) == 1 and len(pasarela.recibidos) == 1
    assert _llamar("estado")["enviado"] == 2


@pytest.mark.django_db
def test_comando_reintentar_un_muerto(pasarela: PasarelaSMS) -> None:
    pasarela.estado = 400
    with transaction.atomic():
        mensaje = do_encolar("sms", "5512345678", "", "Texto del SMS", "s1")
    assert _llamar("entregar")["muertos"] == 1
    pasarela.estado = 200
    assert _llamar("reintentar", str(mensaje.pk)) == {"reintentar": 1}
    assert _llamar("entregar")["enviados"] == 1
    mensaje.refresh_from_db()
    assert (mensaje.estado, mensaje.intentos) == ("enviado", 2)


@pytest.mark.django_db(transaction=True)
def test_con_broker_la_entrega_es_una_tarea_de_celery(pasarela: PasarelaSMS, settings: Any) -> None:
    settings.BUZON_BROKER_URL = "memory://"
    from buzon.sistema import tareas

    tareas.app.conf.task_always_eager = True  # the task runs where .delay() is called
    try:
        with transaction.atomic():
            mensaje = do_encolar("sms", "5512345678", "", "Texto por Celery", "celery-1")
            assert pasarela.recibidos == []  # nothing before commit
        assert [c["text"] for _, c in pasarela.recibidos] == ["Texto por Celery"]
    finally:
        tareas.app.conf.task_always_eager = False
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.ENVIADO


def test_servir_inicia_el_hilo_solo_sin_broker(settings: Any) -> None:
    from buzon.sistema.trabajador import configurar_gunicorn

    settings.BUZON_BROKER_URL = ""
    config: dict[str, Any] = {}
    configurar_gunicorn(config)
    assert callable(config["post_worker_init"])
    settings.BUZON_BROKER_URL = "redis://127.0.0.1:6379/0"
    config = {}
    configurar_gunicorn(config)
    assert config == {}


def test_url_de_correo() -> None:
    smtp = conexion_correo("smtp://usuario:p%40ss@correo.example:2525?tls")
    assert (smtp.host, smtp.port, smtp.username, smtp.password) == (  # type: ignore[attr-defined]
        "correo.example",
        2525,
        "usuario",
        "p@ss",
    )
    assert smtp.use_tls and not smtp.use_ssl  # type: ignore[attr-defined]
    ssl = conexion_correo("smtp://correo.example?ssl")
    assert ssl.use_ssl and ssl.port == 465  # type: ignore[attr-defined]
    assert type(conexion_correo("console:completo")).__module__.endswith("console")
    assert type(conexion_correo("console:")).__name__ == "CorreoConsola"  # masked (issue 19)
    for mala in ("smtp://correo.example?tls&ssl", "http://correo.example", "smtp://"):
        with pytest.raises(ErrorConfiguracion):
            conexion_correo(mala)
