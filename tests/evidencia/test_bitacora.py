"""The evidence log: appends chain, checkpoints seal, and every tampering is found and named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from buzon.evidencia import bitacora
from buzon.evidencia.bitacora import ErrorBitacora, anotar, calcular_hash
from buzon.evidencia.models import Acuse, CertificadoSello, EntradaBitacora
from buzon.evidencia.puntos import do_punto_de_control
from buzon.evidencia.verificacion import verificar_bitacora

pytestmark = pytest.mark.django_db


def _llenar(n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            anotar("aviso_enviado", f"RFC{i:04d}", {"n": i, "medios": ["correo"]})


def _sql(sentencia: str, *parametros: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sentencia, parametros)


def test_la_cadena_enlaza_cada_entrada_con_la_anterior() -> None:
    _llenar(5)
    entradas = list(EntradaBitacora.objects.order_by("secuencia"))
    assert [e.secuencia for e in entradas] == [1, 2, 3, 4, 5]
    assert entradas[0].hash_anterior == "0" * 64
    for anterior, actual in pairwise(entradas):
        assert actual.hash_anterior == anterior.hash
        assert actual.hash == calcular_hash(
            anterior.hash,
            actual.secuencia,
            actual.instante,
            actual.tipo,
            actual.sujeto,
            actual.datos,
        )
    assert verificar_bitacora().integra


@pytest.mark.django_db(transaction=True)
def test_solo_dentro_de_la_transaccion_del_hecho() -> None:
    with pytest.raises(ErrorBitacora, match="dentro de la transacción"):
        anotar("aviso_enviado", "X")
    assert not EntradaBitacora.objects.exists()


def test_solo_tipos_conocidos_y_valores_estables() -> None:
    with transaction.atomic(), pytest.raises(ErrorBitacora, match="desconocido"):
        anotar("aviso_envaido", "X")
    with transaction.atomic(), pytest.raises(ErrorBitacora, match="float"):
        anotar("aviso_enviado", "X", {"monto": 1.5})


def test_editar_una_entrada_se_detecta() -> None:
    _llenar(6)
    _sql("UPDATE evidencia_entradabitacora SET sujeto = %s WHERE secuencia = 4", "OTRO")
    resultado = verificar_bitacora()
    assert not resultado.integra
    assert resultado.secuencia == 4
    assert "modificada" in (resultado.problema or "")


def test_editar_y_recalcular_su_hash_se_detecta_en_la_siguiente() -> None:
    _llenar(6)
    entrada = EntradaBitacora.objects.get(secuencia=3)
    nuevo = calcular_hash(
        entrada.hash_anterior, 3, entrada.instante, entrada.tipo, "FALSO", entrada.datos
    )
    _sql(
        "UPDATE evidencia_entradabitacora SET sujeto = %s, hash = %s WHERE secuencia = 3",
        "FALSO",
        nuevo,
    )
    resultado = verificar_bitacora()
    assert (resultado.integra, resultado.secuencia) == (False, 4)
    assert "no sigue a la 3" in (resultado.problema or "")


def test_borrar_una_entrada_se_detecta() -> None:
    _llenar(6)
    _sql("DELETE FROM evidencia_entradabitacora WHERE secuencia = 2")
    resultado = verificar_bitacora()
    assert (resultado.integra, resultado.secuencia) == (False, 2)
    assert "Falta la entrada 2" in (resultado.problema or "")


def test_borrar_el_final_se_detecta_por_la_cabeza() -> None:
    _llenar(6)
    _sql("DELETE FROM evidencia_entradabitacora WHERE secuencia >= 5")
    resultado = verificar_bitacora()
    assert (resultado.integra, resultado.secuencia) == (False, 5)
    assert "Faltan las entradas 5 a 6" in (resultado.problema or "")


def test_reordenar_se_detecta() -> None:
    _llenar(6)
    _sql("UPDATE evidencia_entradabitacora SET secuencia = -3 WHERE secuencia = 3")
    _sql("UPDATE evidencia_entradabitacora SET secuencia = 3 WHERE secuencia = 4")
    _sql("UPDATE evidencia_entradabitacora SET secuencia = 4 WHERE secuencia = -3")
    resultado = verificar_bitacora()
    assert (resultado.integra, resultado.secuencia) == (False, 3)


def test_puntos_de_control_sellados_detectan_reescrituras(sello: CertificadoSello) -> None:
    _llenar(9)
    punto = do_punto_de_control()
    assert punto.tamano == 9 + 1  # the seal's own installation was entry 1
    assert do_punto_de_control().pk == punto.pk  # idempotent
    assert verificar_bitacora().puntos_de_control == 1
    # Rewrite the whole chain from entry 5 consistently: only the sealed checkpoint can tell.
    entradas = list(EntradaBitacora.objects.order_by("secuencia"))
    anterior = entradas[3].hash
    for entrada in entradas[4:]:
        sujeto = entrada.sujeto + "X" if entrada.secuencia == 5 else entrada.sujeto
        nuevo = calcular_hash(
            anterior, entrada.secuencia, entrada.instante, entrada.tipo, sujeto, entrada.datos
        )
        _sql(
            "UPDATE evidencia_entradabitacora SET sujeto = %s, hash_anterior = %s, hash = %s "
            "WHERE secuencia = %s",
            sujeto,
            anterior,
            nuevo,
            entrada.secuencia,
        )
        anterior = nuevo
    _sql("UPDATE evidencia_cabezabitacora SET hash = %s WHERE id = 1", anterior)
    resultado = verificar_bitacora()
    assert not resultado.integra
    assert "no son las que selló el punto de control" in (resultado.problema or "")


def test_sello_del_punto_de_control_alterado(sello: CertificadoSello) -> None:
    _llenar(3)
    punto = do_punto_de_control()
    _sql(
        "UPDATE evidencia_puntodecontrol SET sello = %s WHERE id = %s",
        "A" + punto.sello[1:] if punto.sello[0] != "A" else "B" + punto.sello[1:],
        punto.pk,
    )
    resultado = verificar_bitacora()
    assert "sello del punto de control" in (resultado.problema or "")


def test_comando_verificar(capsys: pytest.CaptureFixture[str]) -> None:
    _llenar(3)
    call_command("evidencia", "verificar")
    assert json.loads(capsys.readouterr().out) == {
        "integra": True,
        "entradas": 3,
        "puntos_de_control": 0,
    }
    _sql("UPDATE evidencia_entradabitacora SET datos = %s WHERE secuencia = 2", '{"n": 99}')
    with pytest.raises(CommandError, match="La entrada 2 fue modificada"):
        call_command("evidencia", "verificar")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles y disparadores de PostgreSQL")
def test_el_rol_de_la_aplicacion_no_puede_modificar_ni_borrar(acuse: Acuse) -> None:
    _llenar(2)
    do_punto_de_control()
    _sql("CREATE ROLE buzon_app_prueba NOLOGIN NOSUPERUSER")
    _sql(
        "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public "
        "TO buzon_app_prueba"
    )
    _sql("SET ROLE buzon_app_prueba")
    try:
        for sentencia in (
            "UPDATE evidencia_entradabitacora SET sujeto = 'X' WHERE secuencia = 1",
            "DELETE FROM evidencia_entradabitacora WHERE secuencia = 1",
            "TRUNCATE evidencia_entradabitacora CASCADE",
            "UPDATE evidencia_puntodecontrol SET tamano = 1",
            "DELETE FROM evidencia_acuse",
            "UPDATE evidencia_acuse SET rfc = 'XAXX010101000'",
        ):
            with pytest.raises(DatabaseError, match="solo agregar"), transaction.atomic():
                _sql(sentencia)
        with transaction.atomic():
            anotar("aviso_enviado", "PERMITIDO")  # appending is still allowed
    finally:
        _sql("RESET ROLE")
    assert verificar_bitacora().integra


def test_instantes_con_microsegundos_sobreviven_a_la_base() -> None:
    with transaction.atomic():
        anotar("aviso_enviado", "X", {}, datetime(2026, 3, 20, 15, 30, 0, 123456, tzinfo=UTC))
    assert verificar_bitacora().integra


def test_sin_cabeza_con_entradas_no_se_agrega_nada() -> None:
    _llenar(2)
    _sql("DELETE FROM evidencia_cabezabitacora")
    with pytest.raises(ErrorBitacora, match="Falta la cabeza"), transaction.atomic():
        anotar("aviso_enviado", "X")
    assert EntradaBitacora.objects.count() == 2


def test_una_cabeza_que_otro_escritor_acaba_de_crear_no_es_una_falta(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first read of the head finds none, and a concurrent first writer commits its head with
    its first entry before the entries are looked at: the log is healthy, the append goes on."""
    _llenar(2)
    leer = bitacora._cabeza
    lecturas: list[object] = []

    def primera_vacia() -> object:
        lecturas.append(None)
        return None if len(lecturas) == 1 else leer()

    monkeypatch.setattr(bitacora, "_cabeza", primera_vacia)
    with transaction.atomic():
        anotar("aviso_enviado", "X")
    assert len(lecturas) == 2
    assert EntradaBitacora.objects.count() == 3
    assert verificar_bitacora().integra


def test_bitacora_vacia_sin_cabeza_la_crea() -> None:
    _sql("DELETE FROM evidencia_cabezabitacora")
    with transaction.atomic():
        anotar("aviso_enviado", "X")
    assert verificar_bitacora().integra


def test_borrar_un_acuse_o_un_punto_de_control_o_la_cabeza_se_detecta(acuse: Acuse) -> None:
    _llenar(2)
    do_punto_de_control()
    assert verificar_bitacora().integra
    _sql("DELETE FROM evidencia_acuse WHERE folio = %s", acuse.folio)
    resultado = verificar_bitacora()
    assert not resultado.integra
    assert f"El acuse {acuse.folio}" in (resultado.problema or "")


def test_borrar_el_punto_de_control_se_detecta(sello: CertificadoSello) -> None:
    _llenar(2)
    do_punto_de_control()
    _sql("DELETE FROM evidencia_puntodecontrol")
    resultado = verificar_bitacora()
    assert not resultado.integra
    assert "fue eliminado" in (resultado.problema or "")


def test_sin_cabeza_y_sello_ilegible_se_reportan(sello: CertificadoSello) -> None:
    _llenar(2)
    punto = do_punto_de_control()
    _sql("UPDATE evidencia_puntodecontrol SET sello = %s WHERE id = %s", "abc", punto.pk)
    assert "sello del punto de control" in (verificar_bitacora().problema or "")
    _sql("DELETE FROM evidencia_cabezabitacora")
    assert "Falta la cabeza" in (verificar_bitacora().problema or "")


@pytest.mark.django_db(transaction=True)
def test_escritores_concurrentes_no_bifurcan_la_cadena() -> None:
    """Several threads appending at once (each its own connection and transactions): one chain,
    no gap, no duplicate, verified intact."""
    import threading

    errores: list[BaseException] = []

    def escribir(hilo: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    anotar("aviso_enviado", f"H{hilo}-{i}", {"hilo": hilo, "i": i})
        except BaseException as exc:
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=escribir, args=(n,)) for n in range(4)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(60)
    assert errores == []
    assert sorted(EntradaBitacora.objects.values_list("secuencia", flat=True)) == list(range(1, 61))
    assert verificar_bitacora().integra
