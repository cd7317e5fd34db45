"""`buzon plazos`: outputs, --lote, --calendario, and Spanish errors with the right exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from buzon.cli import plazos as cli

BUZON = str(Path(sys.executable).with_name("buzon"))


def correr(*args: str, entrada: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `buzon plazos` on a data folder of its own: never the suite's database."""
    with tempfile.TemporaryDirectory() as datos:
        entorno = {**os.environ, "BUZON_DATA_DIR": datos}
        entorno.pop("DATABASE_URL", None)
        return subprocess.run(
            [BUZON, "plazos", *args],
            capture_output=True,
            text=True,
            input=entrada,
            check=False,
            env=entorno,
        )


@pytest.fixture
def calendario(tmp_path: Path) -> str:
    ruta = tmp_path / "calendario.json"
    ruta.write_text(
        json.dumps(
            {
                "dias_inhabiles": [
                    {"fecha": "2026-03-18", "entidades": ["JAL"], "fuente": "DOF prueba"},
                    {"desde": "2026-03-23", "hasta": "2026-03-24", "fuente": "DOF nacional"},
                ]
            }
        ),
        encoding="utf-8",
    )
    return str(ruta)


def test_notificacion_salida_completa(calendario: str) -> None:
    proceso = correr(
        "notificacion",
        "--aviso",
        "2026-03-13T10:00",
        "--tz",
        "America/Tijuana",
        "--calendario",
        calendario,
    )
    assert proceso.returncode == 0, proceso.stderr
    assert json.loads(proceso.stdout) == {
        "plazo_apertura": ["2026-03-17", "2026-03-18", "2026-03-19"],
        "notificada_por_vencimiento": "2026-03-20T09:30:00-06:00",
        "notificada": "2026-03-20T09:30:00-06:00",
        "notificada_domicilio": "2026-03-20T08:30:00-07:00",
        "medio": "vencimiento",
    }


def test_notificacion_con_entidad_y_apertura(calendario: str) -> None:
    proceso = correr(
        "notificacion",
        "--aviso",
        "2026-03-13T10:00:00-06:00",
        "--apertura",
        "2026-03-19T19:00:00-06:00",
        "--entidad",
        "JAL",
        "--calendario",
        calendario,
    )
    salida = json.loads(proceso.stdout)
    # JAL: 18 March declared, so the three days are 17, 19, 20; 23-24 declared nationally.
    assert salida["plazo_apertura"] == ["2026-03-17", "2026-03-19", "2026-03-20"]
    assert salida["notificada_por_vencimiento"] == "2026-03-25T09:30:00-06:00"
    assert salida["notificada"] == "2026-03-20T09:30:00-06:00"
    assert salida["medio"] == "apertura"


def test_actuacion_estrados_y_medios(calendario: str) -> None:
    actuacion = json.loads(
        correr(
            "actuacion",
            "--recibida",
            "2026-03-13T23:30:00-06:00",
            "--tz",
            "America/Cancun",
            "--calendario",
            calendario,
        ).stdout
    )
    assert actuacion == {
        "recibida": "2026-03-13T23:30:00-06:00",
        "recepcion_legal": "2026-03-17T00:00:00-05:00",
    }
    estrados = json.loads(
        correr("estrados", "--publicada", "2026-03-13", "--calendario", calendario).stdout
    )
    # CFF 139 [I-28]: Mon 16 statutory, 23-24 declared nationally (18 is JAL only): 17, 18, 19,
    # 20 (4), 25, 26, 27 (7), 30, 31 (9), 1 April (10); the 11th is 2 April. Two days later than
    # without 23-24 (30 and 31 March).
    assert estrados == {
        "inicio_publicacion": "2026-03-17",
        "fin_publicacion": "2026-04-01",
        "notificada": "2026-04-02",
    }
    medios = json.loads(correr("medios", "--enviado", "2026-03-13T10:00:00Z").stdout)
    assert medios == {"expira": "2026-03-16T04:00:00-06:00"}


def test_lote_en_orden_con_lineas_malas(tmp_path: Path, calendario: str) -> None:
    lote = tmp_path / "avisos.jsonl"
    lote.write_text(
        "\n".join(
            [
                json.dumps({"aviso": "2026-03-13T10:00"}),
                "esto no es json",
                json.dumps({"aviso": "2026-03-13T10:00", "tz": "America/Cancun"}),
                json.dumps({"aviso": "2026-02-30T10:00"}),
                json.dumps({"aviso": "2026-03-13T10:00", "entidad": "XX"}),
                json.dumps({"aviso": "2026-03-13T10:00", "avizo": "x"}),
                json.dumps(["no", "objeto"]),
                json.dumps({"aviso": "2026-03-13T10:00", "apertura": "2026-03-12T10:00"}),
                json.dumps({"aviso": "2026-03-13T10:00", "entidad": "JAL"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    proceso = correr("notificacion", "--lote", str(lote), "--calendario", calendario)
    assert proceso.returncode == 1
    lineas = [json.loads(x) for x in proceso.stdout.splitlines()]
    assert len(lineas) == 9
    assert lineas[0]["notificada"] == "2026-03-20T09:30:00-06:00"
    assert lineas[1] == {"linea": 2, "error": lineas[1]["error"]}
    assert "JSON" in lineas[1]["error"]
    assert lineas[2]["notificada_domicilio"] == "2026-03-20T10:30:00-05:00"
    assert lineas[3]["linea"] == 4 and "2026-02-30" in lineas[3]["error"]
    assert lineas[4]["linea"] == 5 and "entidad" in lineas[4]["error"]
    assert lineas[5]["linea"] == 6 and "avizo" in lineas[5]["error"]
    assert lineas[6]["linea"] == 7
    assert lineas[7]["linea"] == 8 and "anterior al aviso" in lineas[7]["error"]
    assert lineas[8]["plazo_apertura"] == ["2026-03-17", "2026-03-19", "2026-03-20"]


def test_lote_desde_stdin_y_opciones_por_omision(calendario: str) -> None:
    entrada = json.dumps({"recibida": "2026-03-14T00:30:00-06:00"}) + "\n"
    proceso = correr(
        "actuacion",
        "--lote",
        "-",
        "--tz",
        "America/Tijuana",
        "--calendario",
        calendario,
        entrada=entrada,
    )
    assert proceso.returncode == 0
    assert json.loads(proceso.stdout)["recepcion_legal"] == "2026-03-13T23:30:00-07:00"


@pytest.mark.parametrize(
    ("args", "mensaje"),
    [
        (["notificacion"], "indique --aviso o --lote"),
        (["notificacion", "--aviso", "ayer"], "--aviso: «ayer» no es un instante válido"),
        (["notificacion", "--aviso", "2026-03-13T10:00", "--tz", "Marte/Olimpo"], "--tz"),
        (["notificacion", "--aviso", "2026-03-13T10:00", "--tz", "../../etc/passwd"], "--tz"),
        (["notificacion", "--aviso", "2026-03-13T10:00", "--entidad", "DF"], "--entidad"),
        (["notificacion", "--aviso", "2022-04-03T02:30"], "no existió en la Zona Centro"),
        (["notificacion", "--aviso", "2022-10-30T01:30"], "ocurrió dos veces"),
        (
            ["notificacion", "--aviso", "2026-03-13T10:00", "--apertura", "2026-03-12T10:00"],
            "--apertura: La apertura es anterior al aviso",
        ),
        (["notificacion", "--aviso", "2026-03-13", "--lote", "x.jsonl"], "no puede usarse junto"),
        (
            ["notificacion", "--aviso", "2026-03-13", "--calendario", "/no/existe.json"],
            "--calendario: no se pudo leer",
        ),
        (["notificacion", "--aviso", "2026-03-13", "--bogus"], "argumentos no reconocidos"),
        (["estrados", "--publicada", "13/03/2026"], "--publicada"),
        (["medios"], "faltan argumentos obligatorios: --enviado"),
        (["habilitacion", "--entrada-en-vigor", "6/8/2024"], "--entrada-en-vigor: «6/8/2024»"),
        (["actuacion", "--lote", "/no/existe.jsonl", "--calendario", "/dev/null"], "--calendario"),
    ],
)
def test_errores_de_argumentos_en_espanol(args: list[str], mensaje: str) -> None:
    proceso = correr(*args)
    assert proceso.returncode == 2, proceso.stdout
    assert mensaje in proceso.stderr
    assert proceso.stdout == ""


def test_habilitacion_del_transitorio_primero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Transitorio Primero, CFF 12 [I-30]: 6 Aug 2024 counted as the first of the 180 días
    naturales gives Sat 1 Feb 2025; Sun 2 and Mon 3 (first Monday of February) are inhábiles, so
    the last day is Tue 4 Feb and estrados may be used from Wed 5 Feb 00:00 Zona Centro."""
    vacio = tmp_path / "vacio.json"
    vacio.write_text('{"dias_inhabiles": []}', encoding="utf-8")
    monkeypatch.delenv("BUZON_ENTRADA_EN_VIGOR", raising=False)
    assert cli.main(["habilitacion", "--calendario", str(vacio)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "entrada_en_vigor": "2024-08-06",
        "ultimo_dia_anunciado": "2025-02-01",
        "ultimo_dia": "2025-02-04",
        "estrados_desde": "2025-02-05T00:00:00-06:00",
    }
    # The installation's entry into force, when configured; a national declaration on 4 Feb
    # extends the last day once more, one for Jalisco only does not (national calendar).
    declarado = tmp_path / "declarado.json"
    declarado.write_text(
        json.dumps(
            {
                "dias_inhabiles": [
                    {"fecha": "2025-02-04", "fuente": "DOF prueba"},
                    {"fecha": "2025-02-05", "entidades": ["JAL"], "fuente": "DOF prueba"},
                ]
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("BUZON_ENTRADA_EN_VIGOR", "2024-08-06")
    assert cli.main(["habilitacion", "--calendario", str(declarado)]) == 0
    salida = json.loads(capsys.readouterr().out)
    assert (salida["ultimo_dia"], salida["estrados_desde"]) == (
        "2025-02-05",
        "2025-02-06T00:00:00-06:00",
    )
    # An explicit date wins: 8 Nov 2024 + 179 days is Tue 6 May 2025, a día hábil.
    proceso = correr("habilitacion", "--entrada-en-vigor", "2024-11-08", "--calendario", str(vacio))
    assert proceso.returncode == 0, proceso.stderr
    assert json.loads(proceso.stdout) == {
        "entrada_en_vigor": "2024-11-08",
        "ultimo_dia_anunciado": "2025-05-06",
        "ultimo_dia": "2025-05-06",
        "estrados_desde": "2025-05-07T00:00:00-06:00",
    }
    monkeypatch.setenv("BUZON_ENTRADA_EN_VIGOR", "agosto")
    with pytest.raises(SystemExit) as salida_mala:
        cli.main(["habilitacion", "--calendario", str(vacio)])
    assert salida_mala.value.code == 2
    assert "BUZON_ENTRADA_EN_VIGOR: «agosto» no es una fecha válida" in capsys.readouterr().err


def test_calendario_mal_formado_nombra_la_entrada(tmp_path: Path) -> None:
    ruta = tmp_path / "mal.json"
    ruta.write_text('{"dias_inhabiles": [{"fecha": "2026-03-18"}]}', encoding="utf-8")
    proceso = correr("estrados", "--publicada", "2026-03-13", "--calendario", str(ruta))
    assert proceso.returncode == 2
    assert "dias_inhabiles[0]: falta «fuente»" in proceso.stderr


@pytest.mark.django_db
def test_sin_calendario_usa_los_dias_guardados(capsys: pytest.CaptureFixture[str]) -> None:
    from buzon.calendario.servicios import do_declarar_dia_inhabil
    from buzon.legal.calendario import DiaInhabilDeclarado
    from tests.legal.ayudas import d

    do_declarar_dia_inhabil(
        DiaInhabilDeclarado(d("2026-03-17"), d("2026-03-17"), "DOF prueba"), por="XAXX010101000"
    )
    assert cli.main(["notificacion", "--aviso", "2026-03-13T10:00"]) == 0
    salida = json.loads(capsys.readouterr().out)
    assert salida["plazo_apertura"] == ["2026-03-18", "2026-03-19", "2026-03-20"]


def test_sin_base_de_datos_lo_dice_en_espanol() -> None:
    proceso = correr("estrados", "--publicada", "2026-03-13")
    assert proceso.returncode == 1
    assert "ejecute «buzon migrate» o indique --calendario" in proceso.stderr


def test_lote_con_bytes_invalidos_y_json_anidado(tmp_path: Path, calendario: str) -> None:
    lote = tmp_path / "raro.jsonl"
    lote.write_bytes(
        b'{"aviso": "2026-03-13T10:00"}\n{"aviso": "2026-03-13T10:00", "tz": "\xe9"}\n'
        + b"[" * 100_000
        + b'\n{"aviso": "9999-12-31T23:00:00-06:00"}\n{"aviso": "2026-03-13T10:00"}\n'
    )
    proceso = correr("notificacion", "--lote", str(lote), "--calendario", calendario)
    assert proceso.returncode == 1
    lineas = [json.loads(x) for x in proceso.stdout.splitlines()]
    assert len(lineas) == 5
    assert lineas[0]["notificada"] == lineas[4]["notificada"] == "2026-03-20T09:30:00-06:00"
    assert lineas[1] == {"linea": 2, "error": "La línea no está en UTF-8."}
    assert lineas[2]["linea"] == 3 and "anidado" in lineas[2]["error"]
    assert lineas[3]["linea"] == 4 and "fuera del intervalo" in lineas[3]["error"]


@pytest.mark.parametrize(
    "args",
    [
        ["notificacion", "--aviso", "9999-12-31T23:00:00-06:00"],
        ["notificacion", "--aviso", "0001-01-01T00:00:00+05:00"],
        ["actuacion", "--recibida", "9999-12-31T20:00-06:00", "--tz", "America/Tijuana"],
        ["medios", "--enviado", "9999-12-30T10:00-06:00"],
    ],
)
def test_instantes_en_los_extremos_del_calendario(args: list[str], calendario: str) -> None:
    extra = [] if args[0] == "medios" else ["--calendario", calendario]
    proceso = correr(*args, *extra)
    assert proceso.returncode == 2
    assert "fuera del intervalo" in proceso.stderr
    assert "Traceback" not in proceso.stderr
