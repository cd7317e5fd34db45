"""Declaring, importing and withdrawing días inhábiles: transactions, idempotence, audit trail."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from buzon.calendario.models import CambioCalendario, DiaInhabil
from buzon.calendario.selectors import calendario_para, exportar_calendario
from buzon.calendario.servicios import (
    do_declarar_dia_inhabil,
    do_importar_calendario,
    do_retirar_dia_inhabil,
)
from buzon.legal.calendario import Ambito, DiaInhabilDeclarado
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato_calendario import ErroresDeFormato, leer_documento
from tests.legal.ayudas import d

pytestmark = pytest.mark.django_db

OFICIAL = "GOCA741120HY0"
INSTANTE = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def declaracion(fecha: str = "2026-03-18", **ambito: frozenset[str]) -> DiaInhabilDeclarado:
    return DiaInhabilDeclarado(d(fecha), d(fecha), "DOF 2026-03-01", **ambito)


def test_declarar_escribe_bitacora_en_la_misma_transaccion() -> None:
    resultado = do_declarar_dia_inhabil(declaracion(), por=OFICIAL.lower(), instante=INSTANTE)
    assert resultado.nuevo
    cambio = CambioCalendario.objects.get()
    assert (cambio.accion, cambio.por, cambio.dia_id, cambio.instante) == (
        "declaracion",
        OFICIAL,
        resultado.dia.pk,
        INSTANTE,
    )
    assert cambio.detalle == {"fecha": "2026-03-18", "fuente": "DOF 2026-03-01"}


def test_declarar_dos_veces_no_duplica() -> None:
    primero = do_declarar_dia_inhabil(declaracion(), por=OFICIAL)
    segundo = do_declarar_dia_inhabil(declaracion(), por=OFICIAL)
    assert not segundo.nuevo and segundo.dia.pk == primero.dia.pk
    assert DiaInhabil.objects.count() == 1 and CambioCalendario.objects.count() == 1
    # Same dates, another scope: a different declaration.
    otro = do_declarar_dia_inhabil(declaracion(entidades=frozenset({"JAL"})), por=OFICIAL)
    assert otro.nuevo


def test_rfc_del_oficial_invalido_no_escribe_nada() -> None:
    with pytest.raises(ErrorLegal, match="no es un RFC válido") as error:
        do_declarar_dia_inhabil(declaracion(), por="nadie")
    assert error.value.campo == "por"
    assert not DiaInhabil.objects.exists()


def test_importar_es_todo_o_nada() -> None:
    documento = {
        "dias_inhabiles": [
            {"fecha": "2026-03-18", "fuente": "DOF"},
            {"desde": "2026-12-21", "hasta": "2026-12-20", "fuente": "DOF"},
            {"fecha": "2026-07-01", "entidades": ["ZZZ"], "fuente": "DOF"},
        ]
    }
    with pytest.raises(ErroresDeFormato) as error:
        do_importar_calendario(leer_documento(documento), por=OFICIAL)
    assert [e.campo for e in error.value.errores] == [
        "dias_inhabiles[1].hasta",
        "dias_inhabiles[2].entidades",
    ]
    assert not DiaInhabil.objects.exists()


def test_importar_falla_a_medias_y_revierte(monkeypatch: pytest.MonkeyPatch) -> None:
    from buzon.calendario import servicios as services

    original = services._crear
    llamadas = []

    def falla_en_la_segunda(*args: object, **kwargs: object) -> services.ResultadoDeclaracion:
        llamadas.append(1)
        if len(llamadas) == 2:
            raise RuntimeError("la base de datos se cayó")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "_crear", falla_en_la_segunda)
    with pytest.raises(RuntimeError):
        do_importar_calendario([declaracion("2026-03-18"), declaracion("2026-03-19")], por=OFICIAL)
    assert not DiaInhabil.objects.exists() and not CambioCalendario.objects.exists()


def test_importar_es_idempotente_y_exportar_es_su_inversa() -> None:
    documento = {
        "dias_inhabiles": [
            {"fecha": "2026-04-02", "fuente": "DOF A"},
            {"fecha": "2026-06-05", "subdelegaciones": ["Tijuana"], "fuente": "DOF C"},
            {
                "desde": "2026-12-21",
                "hasta": "2026-12-31",
                "entidades": ["CMX", "JAL"],
                "fuente": "DOF B",
            },
        ]
    }
    primera = do_importar_calendario(leer_documento(documento), por=OFICIAL)
    segunda = do_importar_calendario(leer_documento(documento), por=OFICIAL)
    assert [r.nuevo for r in primera] == [True, True, True]
    assert [r.nuevo for r in segunda] == [False, False, False]
    assert exportar_calendario() == documento


def test_retirar_conserva_el_registro_y_deja_de_aplicar() -> None:
    dia = do_declarar_dia_inhabil(declaracion("2026-03-18"), por=OFICIAL).dia
    assert not calendario_para().es_habil(d("2026-03-18"))
    do_retirar_dia_inhabil(dia.pk, por=OFICIAL, motivo="Fe de erratas DOF 2026-03-05")
    dia.refresh_from_db()
    assert dia.retirado_en is not None and dia.retirado_por == OFICIAL
    assert calendario_para().es_habil(d("2026-03-18"))  # the cached calendar saw the change
    assert list(CambioCalendario.objects.values_list("accion", flat=True)) == [
        "declaracion",
        "retiro",
    ]
    with pytest.raises(ErrorLegal, match="ya fue retirado"):
        do_retirar_dia_inhabil(dia.pk, por=OFICIAL, motivo="otra vez")
    with pytest.raises(ErrorLegal, match="No existe"):
        do_retirar_dia_inhabil(999, por=OFICIAL, motivo="x")
    with pytest.raises(ErrorLegal, match="motivo"):
        do_retirar_dia_inhabil(dia.pk, por=OFICIAL, motivo="  ")


def test_calendario_por_ambito() -> None:
    do_declarar_dia_inhabil(declaracion("2026-03-18", entidades=frozenset({"JAL"})), por=OFICIAL)
    assert calendario_para(Ambito("CMX")).es_habil(d("2026-03-18"))
    assert not calendario_para(Ambito("JAL")).es_habil(d("2026-03-18"))


def test_comando_calendario(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    archivo = tmp_path / "cal.json"
    archivo.write_text(
        json.dumps({"dias_inhabiles": [{"fecha": "2026-04-02", "fuente": "DOF A"}]}),
        encoding="utf-8",
    )
    call_command("calendario", "importar", str(archivo), "--por", OFICIAL)
    assert json.loads(capsys.readouterr().out) == {"nuevos": 1, "ya_existian": 0}
    call_command(
        "calendario",
        "declarar",
        "--desde",
        "2026-12-21",
        "--hasta",
        "2026-12-31",
        "--fuente",
        "DOF B",
        "--entidad",
        "cmx",
        "--por",
        OFICIAL,
    )
    declarado = json.loads(capsys.readouterr().out)
    assert declarado["nuevo"] and declarado["entidades"] == ["CMX"]
    call_command(
        "calendario", "retirar", str(declarado["id"]), "--motivo", "error", "--por", OFICIAL
    )
    capsys.readouterr()
    call_command("calendario", "exportar")
    assert json.loads(capsys.readouterr().out) == {
        "dias_inhabiles": [{"fecha": "2026-04-02", "fuente": "DOF A"}]
    }
    call_command("calendario", "listar", "--todos")
    assert len(json.loads(capsys.readouterr().out)) == 2
    call_command("calendario", "historial")
    assert [c["accion"] for c in json.loads(capsys.readouterr().out)] == [
        "declaracion",
        "declaracion",
        "retiro",
    ]
    with pytest.raises(CommandError, match="no es una fecha válida"):
        call_command(
            "calendario", "declarar", "--fecha", "2026-02-30", "--fuente", "x", "--por", OFICIAL
        )
    with pytest.raises(CommandError, match="No se pudo leer"):
        call_command("calendario", "importar", str(tmp_path / "no.json"), "--por", OFICIAL)


def test_demo_es_idempotente(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    call_command("demo")
    salida = capsys.readouterr().out
    assert "5 días inhábiles declarados nuevos" in salida
    assert "0 días inhábiles declarados nuevos, 5 ya existían" in salida


def test_errores_de_argumentos_de_los_comandos_en_espanol() -> None:
    with pytest.raises(CommandError, match="faltan argumentos obligatorios: --fuente, --por"):
        call_command("calendario", "declarar", "--fecha", "2026-01-01")
