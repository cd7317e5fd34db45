"""The outbox end to end: real SMTP and HTTP providers, retries, leases, concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connections, transaction
from django.utils import timezone

from buzon.avisos import plantillas
from buzon.avisos.entrega import entregar_pendientes, espera
from buzon.avisos.models import Intento, Mensaje
from buzon.avisos.reclamo import reclamar
from buzon.avisos.servicios import ErrorTransaccion, do_encolar
from buzon.avisos.validacion import ErrorAviso, enlace_en
from tests.avisos.fixtures import PasarelaSMS, ServidorSMTP

RFC = "PEMJ800101AB1"
CELULAR = "5512345678"


def _correo(clave: str = "codigo-1", destino: str = "ana@ejemplo.mx") -> Mensaje:
    texto = plantillas.correo_codigo("Ana Pérez", RFC, "482913")
    with transaction.atomic():
        return do_encolar("correo", destino, texto.asunto, texto.cuerpo, clave)


def _sms(clave: str = "sms-1", codigo: str = "482913") -> Mensaje:
    with transaction.atomic():
        return do_encolar("sms", CELULAR, "", plantillas.sms_codigo("Ana", RFC, codigo), clave)


def _intentos(mensaje: Mensaje) -> list[tuple[int, str, int | None]]:
    return list(
        Intento.objects.filter(mensaje=mensaje).values_list("numero", "resultado", "codigo")
    )


@pytest.mark.django_db
def test_el_correo_llega_al_servidor_smtp_real(smtp: ServidorSMTP, settings: Any) -> None:
    settings.BUZON_EMAIL_REMITENTE = "Buzón IMSS <avisos@imss.example>"
    mensaje = _correo()
    resumen = entregar_pendientes()
    assert (resumen.enviados, resumen.reintentos, resumen.muertos) == (1, 0, 0)
    assert len(smtp.recibidos) == 1
    remitente, destinatarios, correo = smtp.recibidos[0]
    assert remitente == "avisos@imss.example"
    assert destinatarios == ["ana@ejemplo.mx"]
    # (the folded encoded-word header may decode with the folding space in front)
    assert correo["Subject"].strip() == "Buzón IMSS: su código de confirmación (PEM*******AB1)"
    assert correo["Message-ID"] == f"<buzon-aviso-{mensaje.pk}-{mensaje.huella[:12]}@imss.example>"
    assert correo["Auto-Submitted"] == "auto-generated"
    assert not correo.is_multipart()  # no attachment, no HTML part
    assert correo.get_content_type() == "text/plain"
    cuerpo = correo.get_content()
    assert "482913" in cuerpo and "PEM*******AB1" in cuerpo and RFC not in cuerpo
    assert enlace_en(cuerpo) is None and "href" not in cuerpo
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.ENVIADO and mensaje.enviado is not None
    assert mensaje.reclamado_por == "" and mensaje.reclamado_hasta is None
    intento = Intento.objects.get(mensaje=mensaje)
    assert (intento.numero, intento.resultado, intento.codigo) == (1, "enviado", 250)
    # Nothing due is left: a second pass sends nothing again.
    assert entregar_pendientes().reclamados == 0
    assert len(smtp.recibidos) == 1


@pytest.mark.django_db
def test_el_sms_llega_a_la_pasarela_http(pasarela: PasarelaSMS) -> None:
    mensaje = _sms()
    assert mensaje.destino == "+525512345678"
    assert entregar_pendientes().enviados == 1
    encabezados, cuerpo = pasarela.recibidos[0]
    assert cuerpo == {"to": "+525512345678", "text": mensaje.cuerpo}
    assert encabezados["authorization"] == "Bearer secreto-de-prueba"
    assert encabezados["idempotency-key"] == f"buzon-aviso-{mensaje.pk}-{mensaje.huella[:12]}"
    assert encabezados["content-type"].startswith("application/json")
    intento = Intento.objects.get(mensaje=mensaje)
    assert (intento.resultado, intento.codigo) == ("enviado", 202)
    assert intento.respuesta == pasarela.respuesta


@pytest.mark.django_db
def test_reintentos_con_espera_y_luego_muerto(pasarela: PasarelaSMS, settings: Any) -> None:
    settings.BUZON_AVISOS_INTENTOS = 4
    pasarela.estado, pasarela.respuesta = 503, "pasarela saturada"
    inicio = timezone.now().replace(microsecond=0)
    with time_machine.travel(inicio, tick=False) as viaje:
        mensaje = _sms()
        esperas = []
        for numero in range(1, 5):
            assert entregar_pendientes().reclamados == 1
            mensaje.refresh_from_db()
            assert mensaje.intentos == numero
            if numero < 4:
                assert mensaje.estado == Mensaje.Estado.PENDIENTE
                esperas.append(mensaje.proximo_intento - timezone.now())
                # Not due a second earlier: nothing is claimed.
                viaje.shift(esperas[-1] - timedelta(seconds=1))
                assert entregar_pendientes().reclamados == 0
                viaje.shift(timedelta(seconds=1))
        assert esperas == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25)]
        assert mensaje.estado == Mensaje.Estado.MUERTO
        assert mensaje.ultimo_error == "pasarela saturada"
        viaje.shift(timedelta(days=7))
        assert entregar_pendientes().reclamados == 0
    assert _intentos(mensaje) == [(n, "fallido", 503) for n in range(1, 5)]
    assert all(
        r == "pasarela saturada"
        for r in Intento.objects.filter(mensaje=mensaje).values_list("respuesta", flat=True)
    )
    assert len(pasarela.recibidos) == 4


def test_la_espera_crece_y_tiene_tope() -> None:
    assert [espera(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 5, 25, 125)]
    assert espera(5) == espera(50) == timedelta(hours=6)


@pytest.mark.django_db
def test_rechazo_definitivo_de_la_pasarela(pasarela: PasarelaSMS) -> None:
    pasarela.estado, pasarela.respuesta = 422, '{"error": "numero_invalido"}'
    mensaje = _sms()
    assert entregar_pendientes().muertos == 1
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.MUERTO
    assert _intentos(mensaje) == [(1, "rechazado", 422)]
    assert Intento.objects.get(mensaje=mensaje).respuesta == '{"error": "numero_invalido"}'


@pytest.mark.django_db
def test_el_servidor_smtp_rechaza_al_destinatario(smtp: ServidorSMTP) -> None:
    smtp.rechazar_destinatario = "550 5.1.1 buzon inexistente"
    mensaje = _correo()
    assert entregar_pendientes().muertos == 1
    intento = Intento.objects.get(mensaje=mensaje)
    assert (intento.resultado, intento.codigo) == ("rechazado", 550)
    assert "buzon inexistente" in intento.respuesta


@pytest.mark.django_db
def test_error_temporal_smtp_se_reintenta(smtp: ServidorSMTP) -> None:
    smtp.responder_datos = "451 4.3.0 intente mas tarde"
    mensaje = _correo()
    assert entregar_pendientes().reintentos == 1
    intento = Intento.objects.get(mensaje=mensaje)
    assert (intento.resultado, intento.codigo) == ("fallido", 451)
    assert "intente mas tarde" in intento.respuesta
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.PENDIENTE


@pytest.mark.django_db
def test_sin_servidor_smtp_se_registra_y_reintenta(settings: Any) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        settings.BUZON_EMAIL_URL = f"smtp://127.0.0.1:{s.getsockname()[1]}"
    mensajes = [_correo("a"), _correo("b", "beto@ejemplo.mx")]
    assert entregar_pendientes().reintentos == 2
    for mensaje in mensajes:
        intento = Intento.objects.get(mensaje=mensaje)
        assert intento.resultado == "fallido" and intento.codigo is None
        assert "Sin conexión al servidor de correo" in intento.respuesta


@pytest.mark.django_db
def test_idempotencia_por_clave() -> None:
    primero = _correo("clave-x")
    segundo = _correo("clave-x")
    assert primero.pk == segundo.pk
    assert Mensaje.objects.count() == 1
    with pytest.raises(ErrorAviso) as error, transaction.atomic():
        do_encolar("correo", "otra@ejemplo.mx", "Asunto", "Otro texto", "clave-x")
    assert error.value.campo == "clave"
    assert "contenido distinto" in error.value.mensaje
    assert Mensaje.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asunto", "cuerpo", "campo"),
    [
        ("Aviso", "Entre a https://buzon-falso.example para ver", "cuerpo"),
        ("Aviso", "Consulte buzon.imss.gob.mx", "cuerpo"),
        ("Aviso", "Vaya a www.imss", "cuerpo"),
        ("Vea http://x", "Texto", "asunto"),
    ],
)
def test_mensajes_con_enlaces_se_rechazan(asunto: str, cuerpo: str, campo: str) -> None:
    with pytest.raises(ErrorAviso) as error, transaction.atomic():
        do_encolar("correo", "ana@ejemplo.mx", asunto, cuerpo, "k")
    assert error.value.campo == campo
    assert "no llevan enlaces" in error.value.mensaje
    assert not Mensaje.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("canal", "destino", "asunto", "campo"),
    [
        ("correo", "ana@", "Asunto", "destino"),
        ("sms", "12345", "", "destino"),
        ("sms", CELULAR, "Un asunto", "asunto"),
        ("correo", "ana@ejemplo.mx", "", "asunto"),
        ("fax", "ana@ejemplo.mx", "", "canal"),
    ],
)
def test_destinos_invalidos(canal: str, destino: str, asunto: str, campo: str) -> None:
    with pytest.raises(ErrorAviso) as error, transaction.atomic():
        do_encolar(canal, destino, asunto, "Texto", "k")
    assert error.value.campo == campo


@pytest.mark.django_db(transaction=True)
def test_fuera_de_una_transaccion_se_rechaza() -> None:
    with pytest.raises(ErrorTransaccion):
        do_encolar("sms", CELULAR, "", "Texto", "k")
    assert not Mensaje.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_una_transaccion_revertida_no_envia_nada(pasarela: PasarelaSMS) -> None:
    from buzon.sistema import trabajador

    def hecho_que_falla() -> None:
        with transaction.atomic():
            _sms()
            raise RuntimeError("el hecho falló")

    trabajador._despertador.clear()
    with pytest.raises(RuntimeError):
        hecho_que_falla()
    assert not trabajador._despertador.is_set()
    assert not Mensaje.objects.exists()
    assert entregar_pendientes().reclamados == 0
    assert pasarela.recibidos == []


@pytest.mark.django_db(transaction=True)
def test_al_confirmar_se_despierta_la_entrega_en_proceso(pasarela: PasarelaSMS) -> None:
    from buzon.sistema import trabajador

    detener = threading.Event()
    hilo = threading.Thread(target=trabajador.bucle, args=(3600, detener), daemon=True)
    hilo.start()
    try:
        # The first pass runs at once (nothing to send); then the thread sleeps for an hour
        # unless woken. A wake-up during that first pass is kept (the event stays set).
        mensaje = _sms()  # commits: on_commit wakes the thread, whose interval is an hour
        limite = timezone.now() + timedelta(seconds=10)
        while not pasarela.recibidos and timezone.now() < limite:
            threading.Event().wait(0.05)
        assert [c["text"] for _, c in pasarela.recibidos] == [mensaje.cuerpo]
    finally:
        detener.set()
        trabajador.despertar()
        hilo.join(10)
    assert not hilo.is_alive()
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.ENVIADO


@pytest.mark.django_db
def test_un_arriendo_vencido_se_reclama_de_nuevo(pasarela: PasarelaSMS, settings: Any) -> None:
    inicio = timezone.now()
    with time_machine.travel(inicio, tick=False) as viaje:
        mensaje = _sms()
        reclamados, _, _ = reclamar(10, "trabajador-que-se-cae")  # claimed, then it "dies"
        assert [m.pk for m in reclamados] == [mensaje.pk]
        assert entregar_pendientes().reclamados == 0  # still leased
        viaje.shift(timedelta(minutes=5, seconds=1))
        assert entregar_pendientes().enviados == 1
    assert _intentos(mensaje) == [(1, "abandonado", None), (2, "enviado", 202)]
    assert len(pasarela.recibidos) == 1


@pytest.mark.django_db
def test_el_ultimo_intento_abandonado_es_muerto(pasarela: PasarelaSMS, settings: Any) -> None:
    settings.BUZON_AVISOS_INTENTOS = 1
    inicio = timezone.now()
    with time_machine.travel(inicio, tick=False) as viaje:
        mensaje = _sms()
        reclamar(10, "trabajador-que-se-cae")
        viaje.shift(timedelta(minutes=6))
        resumen = entregar_pendientes()
    assert (resumen.reclamados, resumen.muertos) == (0, 1)
    mensaje.refresh_from_db()
    assert mensaje.estado == Mensaje.Estado.MUERTO
    assert _intentos(mensaje) == [(1, "abandonado", None)]
    assert pasarela.recibidos == []


@pytest.mark.django_db
def test_sin_tiempo_de_arriendo_no_se_envia_y_se_libera(
    pasarela: PasarelaSMS, settings: Any
) -> None:
    settings.BUZON_AVISOS_TIMEOUT = 200  # margin 405 s > the 5-minute lease: too risky to send
    mensaje = _sms()
    resumen = entregar_pendientes()
    assert (resumen.reclamados, resumen.enviados, resumen.liberados) == (1, 0, 1)
    mensaje.refresh_from_db()
    assert (mensaje.estado, mensaje.intentos, mensaje.reclamado_por) == ("pendiente", 0, "")
    assert not Intento.objects.exists()
    assert pasarela.recibidos == []


@pytest.mark.django_db(transaction=True)
def test_dos_trabajadores_nunca_envian_lo_mismo(pasarela: PasarelaSMS) -> None:
    total = 60
    with transaction.atomic():
        for i in range(total):
            do_encolar("sms", CELULAR, "", f"Mensaje de prueba numero {i}", f"lote-{i}")
    errores: list[BaseException] = []
    salida = threading.Barrier(4)

    def trabajar() -> None:
        try:
            salida.wait()
            while entregar_pendientes(limite=3).reclamados:
                pass
        except BaseException as error:  # reported below
            errores.append(error)
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=trabajar) for _ in range(4)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(60)
    assert errores == []
    textos = [c["text"] for _, c in pasarela.recibidos]
    assert len(textos) == total
    assert sorted(textos) == sorted(f"Mensaje de prueba numero {i}" for i in range(total))
    assert Mensaje.objects.filter(estado="enviado", intentos=1).count() == total
    assert Intento.objects.filter(resultado="enviado").count() == total
    assert Intento.objects.count() == total


@pytest.mark.django_db(transaction=True)
def test_una_respuesta_malformada_de_la_pasarela_cuenta_como_intento(settings: Any) -> None:
    """A gateway that answers garbage after receiving the request: one failed attempt, recorded
    and retried later; never released as untried and resent on every pass."""
    import socket

    servidor = socket.socket()
    servidor.bind(("127.0.0.1", 0))
    servidor.listen(5)
    recibidos: list[bytes] = []

    def atender() -> None:
        while True:
            try:
                conexion, _ = servidor.accept()
            except OSError:
                return
            with conexion:
                recibidos.append(conexion.recv(65536))
                conexion.sendall(b"GARBAGE\r\n\r\n")

    threading.Thread(target=atender, daemon=True).start()
    settings.BUZON_SMS_URL = f"http://127.0.0.1:{servidor.getsockname()[1]}/v1/sms"
    try:
        mensaje = _sms()
        entregar_pendientes()
        entregar_pendientes()  # not due again yet: nothing is resent
    finally:
        servidor.close()
    mensaje.refresh_from_db()
    assert len(recibidos) == 1
    assert mensaje.estado == Mensaje.Estado.PENDIENTE
    assert mensaje.intentos == 1
    assert mensaje.proximo_intento > timezone.now()
    assert [(n, r) for n, r, _ in _intentos(mensaje)] == [(1, "fallido")]


@pytest.mark.django_db
def test_un_sms_retenido_no_sale_antes_de_su_hora(pasarela: PasarelaSMS) -> None:
    """Quiet hours (issue 15): `no_antes` holds the message; the pass that runs before that
    instant sends nothing, the one after sends it."""
    ahora = timezone.now()
    manana = ahora + timedelta(hours=9)
    with transaction.atomic():
        mensaje = do_encolar("sms", CELULAR, "", "Tiene un comunicado.", "sms-r", no_antes=manana)
    assert mensaje.proximo_intento == manana
    assert entregar_pendientes().reclamados == 0 and pasarela.recibidos == []
    with time_machine.travel(manana + timedelta(seconds=1)):
        assert entregar_pendientes().enviados == 1
    assert len(pasarela.recibidos) == 1
