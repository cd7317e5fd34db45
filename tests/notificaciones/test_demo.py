"""`buzon demo`: one notification in every state, made by the real services; idempotent; what its
guide tells a person to do works (log in with the printed e.firma files, verify the acuse)."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from buzon.avisos.models import Mensaje
from buzon.calendario.models import DiaInhabil
from buzon.cuotas.models import (
    Asegurado,
    CorridaEmision,
    Emision,
    EmisionTrabajador,
    Movimiento,
    PrimaRT,
)
from buzon.efirma import leer_llave
from buzon.efirma.pki import PASSWORD_PRUEBAS
from buzon.evidencia import sello as modulo_sello
from buzon.evidencia.models import Acuse, EntradaBitacora
from buzon.habilitacion.models import Buzon, Medio
from buzon.legal.opinion import evaluar
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Evento, Notificacion
from buzon.oficina.models import Oficial
from buzon.opinion.datos import insumos
from buzon.padron.models import RegistroPatronal
from buzon.sistema import demo
from buzon.sistema.demo import cuotas as demo_cuotas
from buzon.sistema.demo import opinion as demo_opinion
from tests.cuentas.fixtures import Patron, entrar
from tests.notificaciones.fixtures import entrar_oficial, habilitar

pytestmark = pytest.mark.django_db

ESTADOS = {
    "avisada": 1,
    "notificada": 2,
    "cancelada": 1,
    "en_estrados": 1,
    "requiere_notificacion_personal": 1,
}


@pytest.fixture
def instalacion(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """The demo writes keys, seal and documents: into a folder of its own, never into .buzon."""
    settings.DATA_DIR = tmp_path
    settings.BUZON_SELLO_DIR = str(tmp_path / "sello")
    settings.STORAGES = {
        **settings.STORAGES,
        "documentos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documentos")},
        },
    }
    modulo_sello._cargar.cache_clear()
    yield tmp_path
    modulo_sello._cargar.cache_clear()


def _conteos() -> dict[str, int]:
    modelos = (
        Notificacion, Evento, Acuse, EntradaBitacora, Mensaje, Oficial, Buzon, Medio, DiaInhabil,
        RegistroPatronal, Asegurado, Movimiento, PrimaRT, CorridaEmision, Emision,
        EmisionTrabajador,
    )  # fmt: skip
    return {m.__name__: m.objects.count() for m in modelos}


def _comprobar_estados() -> dict[str, Notificacion]:
    ahora = timezone.now()
    por_clave = {n.clave_idempotencia: n for n in Notificacion.objects.all()}
    assert set(por_clave) == set(demo.ESTADO_ESPERADO)
    assert Counter(situacion_de(n, ahora).estado for n in por_clave.values()) == ESTADOS
    for clave, estado in demo.ESTADO_ESPERADO.items():
        assert situacion_de(por_clave[clave], ahora).estado == estado, clave
    assert situacion_de(por_clave[demo.ABIERTA], ahora).medio == "apertura"
    assert situacion_de(por_clave[demo.VENCIDA], ahora).medio == "vencimiento"
    # Each notification made has exactly one acuse, of its kind; the cancellation has its own.
    tipos = {
        demo.ABIERTA: "notificacion",
        demo.VENCIDA: "notificacion_por_vencimiento",
    }
    for clave, tipo in tipos.items():
        n = por_clave[clave]
        assert list(Acuse.objects.filter(datos__notificacion=n.folio, tipo=tipo)) == [
            Acuse.objects.get(folio=n.acuse)
        ]
    cancelada = por_clave[demo.CANCELADA_CLAVE]
    assert Acuse.objects.get(folio=cancelada.acuse_cancelacion).tipo == "cancelacion_notificacion"
    assert cancelada.cancelada_por == demo.SUPERVISOR.rfc
    # Avisos went out at their instants to the enabled employer (constancia each), never to the
    # employer without a mailbox.
    for n in por_clave.values():
        assert bool(n.acuse_aviso) == (n.ruta == Notificacion.Ruta.BUZON)
        if n.ruta == Notificacion.Ruta.BUZON:
            assert n.aviso_enviado == n.aviso
    assert por_clave[demo.ESTRADOS].rfc == por_clave[demo.PERSONAL].rfc == demo.SIN_BUZON[0]
    return por_clave


def test_la_demo_crea_cada_estado_una_vez_y_no_duplica(
    instalacion: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo")
    primera = _conteos()
    call_command("demo")
    assert _conteos() == primera
    salida = capsys.readouterr().out
    assert "6 notificaciones nuevas, 0 ya existían" in salida
    assert "0 notificaciones nuevas, 6 ya existían" in salida
    _comprobar_estados()
    assert Oficial.objects.get(rfc=demo.SUPERVISOR.rfc).rol == "supervisor"
    for oficial in demo.CUENTAS:
        assert (instalacion / "pki" / "efirmas" / f"{oficial.rfc}.key").exists()
        assert f"{oficial.rfc}.cer" in salida


def _patron(carpeta: Path, rfc: str) -> Patron:
    llave = leer_llave((carpeta / f"{rfc}.key").read_bytes(), PASSWORD_PRUEBAS)
    return Patron(rfc, (carpeta / f"{rfc}.cer").read_bytes(), llave)


def test_lo_que_dice_la_guia_funciona(
    instalacion: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("demo")
    salida = capsys.readouterr().out
    por_clave = _comprobar_estados()
    efirmas = instalacion / "pki" / "efirmas"
    assert str(efirmas) in salida
    # The employer logs in with the printed files and sees its four notifications.
    cliente = Client()
    token = entrar(cliente, _patron(efirmas, demo.HABILITADO[0]))
    lista = cliente.get("/api/v1/notificaciones", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert lista["total"] == 4
    assert lista["pendientes"] == 1
    assert Counter(n["estado"] for n in lista["notificaciones"]) == {
        "pendiente": 1,
        "notificada": 2,
        "cancelada": 1,
    }
    # The acuse's verification URL the guide prints answers without a session.
    url = re.search(r"http://\S+/verificar/(\S+)", salida)
    assert url is not None
    pagina = Client().get("/verificar/" + url.group(1))
    assert pagina.status_code == 200
    assert por_clave[demo.ABIERTA].acuse in pagina.content.decode()
    # The public estrados board (page and API) lists the employer without a mailbox.
    estrados = Client().get("/api/v1/estrados").json()
    assert [e["folio"] for e in estrados] == [por_clave[demo.ESTRADOS].folio]
    assert "/estrados/" in salida
    assert por_clave[demo.ESTRADOS].folio in Client().get("/estrados/").content.decode()
    # Each official logs in with the printed files (perfil servidor_publico) and sees all six.
    for oficial in demo.OFICIALES:
        cliente = Client()
        token = entrar_oficial(cliente, _patron(efirmas, oficial.rfc))
        respuesta = cliente.get(
            "/api/v1/oficina/notificaciones", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert respuesta.status_code == 200, respuesta.content
        folios = {n["folio"]: n["estado"] for n in respuesta.json()["notificaciones"]}
        assert folios == {n.folio: demo.ESTADO_ESPERADO[clave] for clave, n in por_clave.items()}


def test_sin_estrados_mientras_no_terminan_los_180_dias(
    instalacion: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    settings.BUZON_ENTRADA_EN_VIGOR = (hoy - timedelta(days=40)).isoformat()
    call_command("demo")
    ahora = timezone.now()
    estados = {
        n.clave_idempotencia: situacion_de(n, ahora).estado for n in Notificacion.objects.all()
    }
    assert estados == {c: e for c, e in demo.ESTADO_ESPERADO.items() if c != demo.ESTRADOS}
    assert (
        "No se creó el estado en_estrados: aún no terminan los 180 días" in capsys.readouterr().out
    )


def test_la_demo_dice_en_espanol_cuando_un_estado_no_resulta(instalacion: Path) -> None:
    """An installation where the employer without a mailbox enabled it since: its notification
    inside the 180 days goes to its mailbox, so the demo stops and says which one and why."""
    habilitar(demo.SIN_BUZON[0], correo="contacto@herreria.example", celular="5598765432")
    with pytest.raises(
        CommandError,
        match=r"\(demo:personal\) quedó «notificada», no «requiere_notificacion_personal»",
    ):
        call_command("demo", stdout=io.StringIO())


@pytest.mark.parametrize(
    "instante",
    [
        datetime(2026, 3, 2, 8, 0, tzinfo=ZONA_CENTRO),  # Monday before the Buzón's hours
        datetime(2026, 11, 16, 12, 0, tzinfo=ZONA_CENTRO),  # a día inhábil (Revolution day)
        datetime(2026, 4, 5, 23, 0, tzinfo=ZONA_CENTRO),  # Sunday after the declared Holy Week
    ],
)
def test_los_estados_valen_a_cualquier_hora(instalacion: Path, instante: datetime) -> None:
    with time_machine.travel(instante, tick=False):
        call_command("demo", stdout=io.StringIO())
        _comprobar_estados()


def test_periodos_de_la_demo() -> None:
    """The last two complete months and the last complete bimester."""
    from datetime import date

    assert demo_cuotas.periodos(date(2026, 12, 3)) == ("2026-10", "2026-11", "2026-B5")
    assert demo_cuotas.periodos(date(2026, 3, 2)) == ("2026-01", "2026-02", "2026-B1")
    assert demo_cuotas.periodos(date(2026, 1, 15)) == ("2025-11", "2025-12", "2025-B6")
    assert demo_cuotas.periodos(date(2026, 2, 28)) == ("2025-12", "2026-01", "2025-B6")


def test_cuotas_de_la_demo_y_lo_que_dice_su_guia(
    instalacion: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Emisiones of three periods for both registros (zones general and zlfn), one worker por
    aclarar, the planted cotejo difference, the personal notification's citatorio, the aviso
    check: all through what the guide prints."""
    call_command("demo")
    salida = capsys.readouterr().out
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    periodos = demo_cuotas.periodos(hoy)
    rfc = demo.HABILITADO[0]
    emisiones = Emision.objects.filter(rfc=rfc)
    assert sorted(emisiones.values_list("periodo", "registro_patronal")) == sorted(
        (p, r) for p in periodos for r in (demo_cuotas.REGISTRO_GENERAL, demo_cuotas.REGISTRO_ZLFN)
    )
    assert dict(RegistroPatronal.objects.values_list("registro", "zona_salario")) == {
        demo_cuotas.REGISTRO_GENERAL: "general",
        demo_cuotas.REGISTRO_ZLFN: "zlfn",
        demo_opinion.REGISTRO_SIN_BUZON: "general",
    }
    # The opinión de cumplimiento: positiva (the convenio named, not negative), negativa.
    dictamenes = {
        rfc: evaluar(*datos) for rfc, datos in insumos([rfc, demo.SIN_BUZON[0]], hoy).items()
    }
    assert dictamenes[rfc].sentido == "positiva"
    assert any("261000102" in m for m in dictamenes[rfc].motivos)
    negativa = dictamenes[demo.SIN_BUZON[0]]
    assert negativa.sentido == "negativa"
    assert any("261000101" in m and "$18,450.30" in m for m in negativa.motivos)
    assert "/buzon/opinion/" in salida and "/opinion-publica/" in salida
    ultimo = emisiones.get(periodo=periodos[1], registro_patronal=demo_cuotas.REGISTRO_GENERAL)
    assert [p["nss"] for p in ultimo.por_aclarar] == [demo_cuotas.POR_ACLARAR.nss]
    assert ultimo.trabajadores == 4 and ultimo.total_patron > 0
    # The guide's links and files: the employer's emisión, its downloads, the cotejo sample.
    for ruta in ("/buzon/documentos/", f"/buzon/documentos/emisiones/{ultimo.pk}/",
                 "/oficina/emisiones/"):  # fmt: skip
        assert ruta in salida
    cotejo = instalacion / "demo" / f"cotejo-{periodos[1]}.csv"
    calcular = instalacion / "demo" / "movimientos-calcular.json"
    assert str(cotejo) in salida and str(calcular) in salida
    cliente = Client()
    token = entrar(cliente, _patron(instalacion / "pki" / "efirmas", rfc))
    with cotejo.open("rb") as archivo:
        respuesta = cliente.post(
            f"/api/v1/emisiones/{ultimo.pk}/cotejo",
            {"archivo": archivo},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert respuesta.status_code == 200, respuesta.content
    resultado = respuesta.json()
    # One worker differs, by 1.00 of riesgos de trabajo (and so of the employer's total).
    nss = demo_cuotas.DE_MUESTRA.nss
    assert sorted((d["nss"], d["columna"]) for d in resultado["diferencias"]) == [
        (nss, "riesgos_trabajo_patron"),
        (nss, "total_patron"),
    ], resultado
    assert resultado["coinciden"] == 3 and not resultado["errores"]
    # The personal notification: its citatorio is recorded, at past instants.
    personal = Notificacion.objects.get(clave_idempotencia=demo.PERSONAL)
    assert personal.citatorio_dejado is not None and personal.citatorio_cita is not None
    assert personal.citatorio_cita < timezone.now()
    assert f"/oficina/notificaciones/{personal.pk}/impresa.pdf" in salida
    # «¿Es auténtico este aviso?» with the folio the guide prints: the aviso was sent.
    url = re.search(r"http://\S+(/verificar/aviso/\?folio=\S+)", salida)
    assert url is not None
    pagina = Client().get(url.group(1)).content.decode()
    pendiente = Notificacion.objects.get(clave_idempotencia=demo.PENDIENTE)
    assert pendiente.folio in pagina and 'id="destinos"' in pagina
