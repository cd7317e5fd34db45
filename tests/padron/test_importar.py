"""`buzon padron importar`: upserts, idempotence, per-row errors, batches, atomicity."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from buzon.padron.archivo import ErrorArchivo
from buzon.padron.models import Patron, RegistroPatronal
from buzon.padron.servicios import ErrorImportacion, do_importar_padron
from tests.padron.ayudas import RFC_AMP, RFC_ENE, RFC_FISICA, escribir, fila, registro, rfc_moral

pytestmark = pytest.mark.django_db


def importar(ruta: Path, *extra: str) -> tuple[int, dict[str, int], list[str]]:
    """Run the command as an integrator would: (exit status, summary, error lines)."""
    salida, errores = io.StringIO(), io.StringIO()
    codigo = 0
    try:
        call_command("padron", "importar", str(ruta), *extra, stdout=salida, stderr=errores)
    except CommandError as exc:
        codigo = exc.returncode
        errores.write(f"{exc}\n")
    texto = salida.getvalue().strip()
    return codigo, (json.loads(texto) if texto else {}), errores.getvalue().splitlines()


def estado() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    patrones = list(
        Patron.objects.order_by("rfc").values_list(
            "rfc", "nombre", "zona_horaria", "creado_en", "importado_en"
        )
    )
    registros = list(
        RegistroPatronal.objects.order_by("registro").values_list(
            "registro", "patron__rfc", "entidad", "subdelegacion", "creado_en", "importado_en"
        )
    )
    return patrones, registros


BUENO = [
    fila(),
    fila(registro="Y5412345109", entidad="MEX", subdelegacion="Naucalpan"),
    fila(
        rfc=RFC_AMP,
        nombre="A&B Servicios",
        registro="B1234567890",
        entidad="BCN",
        subdelegacion="Tijuana",
        zona="America/Tijuana",
    ),
    fila(
        rfc=RFC_FISICA,
        nombre="Carlos Gómez Ñúñez",
        registro="00000000017",
        entidad="ROO",
        subdelegacion="Cancún",
        zona="America/Cancun",
    ),
]


def test_importa_rfcs_con_enie_y_ampersand_y_bom(tmp_path: Path) -> None:
    codigo, resumen, errores = importar(escribir(tmp_path, BUENO, bom=True))
    assert (codigo, errores) == (0, [])
    assert resumen == {
        "filas_leidas": 4,
        "filas_importadas": 4,
        "filas_con_error": 0,
        "patrones_creados": 3,
        "patrones_actualizados": 0,
        "registros_creados": 4,
        "registros_actualizados": 0,
    }
    patrones, registros = estado()
    assert [p[:3] for p in patrones] == [
        (RFC_AMP, "A&B Servicios", "America/Tijuana"),
        (RFC_ENE, "Ñandú & Cía, S.A. de C.V.", "America/Mexico_City"),
        (RFC_FISICA, "Carlos Gómez Ñúñez", "America/Cancun"),
    ]
    assert [r[:4] for r in registros] == [
        ("00000000017", RFC_FISICA, "ROO", "Cancún"),
        ("B1234567890", RFC_AMP, "BCN", "Tijuana"),
        ("Y5412345108", RFC_ENE, "CMX", "01"),
        ("Y5412345109", RFC_ENE, "MEX", "Naucalpan"),
    ]


def test_reimportar_no_cambia_nada(tmp_path: Path) -> None:
    ruta = escribir(tmp_path, BUENO)
    do_importar_padron(ruta, instante=datetime(2026, 1, 1, tzinfo=UTC))
    antes = estado()
    codigo, resumen, errores = importar(ruta)
    assert (codigo, errores) == (0, [])
    assert resumen["filas_importadas"] == 4
    assert resumen["patrones_creados"] + resumen["patrones_actualizados"] == 0
    assert resumen["registros_creados"] + resumen["registros_actualizados"] == 0
    assert estado() == antes  # timestamps included


def test_cambios_actualizan_y_conservan_la_creacion(tmp_path: Path) -> None:
    primero = datetime(2026, 1, 1, tzinfo=UTC)
    segundo = datetime(2026, 2, 1, tzinfo=UTC)
    do_importar_padron(escribir(tmp_path, BUENO), instante=primero)
    cambiado = [
        fila(nombre="Ñandú Nuevo", zona="America/Monterrey"),
        fila(
            nombre="Ñandú Nuevo",
            zona="America/Monterrey",
            registro="Y5412345109",
            entidad="MEX",
            subdelegacion="Naucalpan",
        ),
        fila(
            rfc=RFC_AMP,
            nombre="A&B Servicios",
            registro="B1234567890",
            entidad="BCS",
            subdelegacion="La Paz",
            zona="Mexico/BajaSur",
        ),
        BUENO[3],
        fila(
            rfc=RFC_FISICA,
            nombre="Carlos Gómez Ñúñez",
            registro="00000000025",
            entidad="YUC",
            subdelegacion="Mérida",
            zona="America/Cancun",
        ),
    ]
    resultado = do_importar_padron(escribir(tmp_path, cambiado, nombre="2.csv"), instante=segundo)
    assert resultado.resumen() == {
        "filas_leidas": 5,
        "filas_importadas": 5,
        "filas_con_error": 0,
        "patrones_creados": 0,
        "patrones_actualizados": 2,  # Ñ: name and zone; &: zone (alias stored canonical)
        "registros_creados": 1,
        "registros_actualizados": 1,
    }
    patrones = {p[0]: p[1:] for p in estado()[0]}
    assert patrones[RFC_ENE] == ("Ñandú Nuevo", "America/Monterrey", primero, segundo)
    assert patrones[RFC_AMP] == ("A&B Servicios", "America/Mazatlan", primero, segundo)
    assert patrones[RFC_FISICA][2:] == (primero, primero)  # unchanged: not touched
    registros = {r[0]: r[1:] for r in estado()[1]}
    assert registros["B1234567890"] == (RFC_AMP, "BCS", "La Paz", primero, segundo)
    assert registros["Y5412345108"][3:] == (primero, primero)
    assert registros["00000000025"] == (RFC_FISICA, "YUC", "Mérida", segundo, segundo)


def test_cada_tipo_de_error_una_linea_y_las_buenas_se_guardan(tmp_path: Path) -> None:
    do_importar_padron(
        escribir(
            tmp_path,
            [fila(rfc=RFC_FISICA, nombre="Dueño", registro="Z0000000001")],
            nombre="0.csv",
        )
    )
    filas = [
        fila(),  # 2 good
        fila(rfc="XAXX01010100"),  # 3 bad RFC (11 characters)
        fila(registro="Y541234510X"),  # 4 bad registro
        fila(entidad="QRO"),  # 5 unknown entidad (Querétaro is QUE)
        fila(zona="America/Ciudad_Gotica"),  # 6 unknown zone
        fila(zona="America/New_York"),  # 7 zone outside Mexico
        fila(nombre="   "),  # 8 empty name
        fila(rfc=RFC_AMP, nombre="A&B", registro="B0000000001", entidad="JAL"),  # 9 ┐ conflicting
        fila(rfc=RFC_AMP, nombre="A&B", registro="B0000000001", entidad="COL"),  # 10 ┘ registro
        fila(rfc=rfc_moral(1), nombre="Uno", registro="C0000000001"),  # 11 ┐ RFC with two
        fila(rfc=rfc_moral(1), nombre="Uno SA", registro="C0000000002"),  # 12 ┘ names
        fila(rfc=rfc_moral(2), nombre="Dos", registro="C0000000003"),  # 13 ┐ RFC with two
        fila(rfc=rfc_moral(2), nombre="Dos", registro="C0000000004", zona="America/Merida"),  # 14
        fila(registro="Z0000000001"),  # 15 registro of another RFC in the database
        fila(subdelegacion=""),  # 16 empty subdelegación
        fila()[:4],  # 17 missing columns
        fila(registro="Y5412345108"),  # 18 same registro, same data as line 2: fine
        fila(rfc=RFC_AMP, nombre="A&B", registro="B0000000002", entidad="JAL"),  # 19 good
    ]
    codigo, resumen, errores = importar(escribir(tmp_path, filas))
    assert codigo == 1
    assert resumen["filas_leidas"] == 18
    assert resumen["filas_con_error"] == 15 and resumen["filas_importadas"] == 3
    assert (resumen["patrones_creados"], resumen["registros_creados"]) == (2, 2)
    lineas, final = errores[:-1], errores[-1]
    assert [int(e.split(",")[0].removeprefix("línea ")) for e in lineas] == [*range(3, 18)]
    esperado = {
        3: ("rfc", "no es un RFC válido"),
        4: ("registro_patronal", "no es un registro patronal válido"),
        5: ("entidad", "no es una entidad federativa"),
        6: ("zona_horaria", "no es una zona horaria IANA"),
        7: ("zona_horaria", "no es una zona horaria de México"),
        8: ("nombre", "falta el nombre"),
        9: ("registro_patronal", "aparece en las líneas 9 y 10 con distinto entidad"),
        10: ("registro_patronal", "aparece en las líneas 9 y 10 con distinto entidad"),
        11: ("nombre", "aparece en las líneas 11 y 12 con distinto nombre"),
        12: ("nombre", "aparece en las líneas 11 y 12 con distinto nombre"),
        13: ("zona_horaria", "aparece en las líneas 13 y 14 con distinto zona horaria"),
        14: ("zona_horaria", "aparece en las líneas 13 y 14 con distinto zona horaria"),
        15: ("registro_patronal", f"ya pertenece en el padrón al RFC {RFC_FISICA}"),
        16: ("subdelegacion", "falta la subdelegación"),
        17: ("columnas", "la fila tiene 4 valores y se esperan 6"),
    }
    for linea, texto in zip(range(3, 18), lineas, strict=True):
        col, frase = esperado[linea]
        prefijo = (
            f"línea {linea}, columna «{col}»: "
            if col != "columnas"
            else f"línea {linea}, columnas: "
        )
        assert texto.startswith(prefijo), texto
        assert frase in texto, texto
    assert "15 de 18 filas tienen errores" in final and "las demás quedaron guardadas" in final
    assert sorted(RegistroPatronal.objects.values_list("registro", "patron__rfc")) == [
        ("B0000000002", RFC_AMP),
        ("Y5412345108", RFC_ENE),
        ("Z0000000001", RFC_FISICA),
    ]
    # Nothing of the refused RFCs was written.
    assert not Patron.objects.filter(rfc__in=[rfc_moral(1), rfc_moral(2)]).exists()


def test_conflicto_en_todo_el_archivo_rechaza_tambien_la_primera_fila(tmp_path: Path) -> None:
    filas = [fila(registro=registro(i)) for i in range(5)] + [
        fila(registro=registro(0), subdelegacion="02")
    ]
    codigo, resumen, errores = importar(escribir(tmp_path, filas), "--lote", "2")
    assert codigo == 1 and resumen["filas_con_error"] == 2
    assert errores[0].startswith(
        "línea 2, columna «registro_patronal»: el registro patronal Y0000000000 aparece en las "
        "líneas 2 y 7 con distinto subdelegación"
    )
    assert not RegistroPatronal.objects.filter(registro=registro(0)).exists()
    assert RegistroPatronal.objects.count() == 4


def test_lotes_con_errores_en_varios_lotes(tmp_path: Path) -> None:
    do_importar_padron(
        escribir(
            tmp_path, [fila(rfc=RFC_FISICA, nombre="Otro", registro=registro(25))], nombre="0.csv"
        )
    )
    filas = []
    for i in range(40):
        rfc = rfc_moral(i // 4)  # four registros per employer, spread over batches of 7
        filas.append(fila(rfc=rfc, nombre=f"Patrón {i // 4}", registro=registro(i)))
    filas[3] = fila(registro="malo")  # batch 1 (lines 2-8)
    filas[17] = fila(rfc=rfc_moral(4), nombre="Patrón 4", entidad="ZZZ", registro=registro(17))
    filas[25] = fila(rfc=rfc_moral(6), nombre="Patrón 6", registro=registro(25))  # taken
    filas[38] = fila(rfc="nada", registro=registro(38))  # last batch
    codigo, resumen, errores = importar(escribir(tmp_path, filas), "--lote", "7")
    assert codigo == 1
    assert [e.split(",")[0] for e in errores[:-1]] == [
        "línea 5",
        "línea 19",
        "línea 27",
        "línea 40",
    ]
    assert resumen == {
        "filas_leidas": 40,
        "filas_importadas": 36,
        "filas_con_error": 4,
        "patrones_creados": 10,
        "patrones_actualizados": 0,
        "registros_creados": 36,
        "registros_actualizados": 0,
    }
    assert RegistroPatronal.objects.count() == 37
    # Re-importing the same file: the same errors, nothing new written.
    antes = estado()
    codigo, resumen, errores_2 = importar(escribir(tmp_path, filas), "--lote", "7")
    assert codigo == 1 and errores_2 == errores
    assert resumen["patrones_creados"] + resumen["registros_creados"] == 0
    assert estado() == antes


def test_encabezado_o_codificacion_malos_no_escriben_nada(tmp_path: Path) -> None:
    filas = [fila(registro=registro(i)) for i in range(20)]
    ruta = escribir(tmp_path, filas)
    # A bad byte on the very last line: the first 19 rows are not written either.
    ruta.write_bytes(ruta.read_bytes()[:-3] + b"\xe9\r\n")
    codigo, resumen, errores = importar(ruta, "--lote", "5")
    assert codigo == 2 and resumen == {}
    assert "no está en UTF-8 (línea 21" in errores[-1]
    assert not Patron.objects.exists() and not RegistroPatronal.objects.exists()
    codigo, _, errores = importar(escribir(tmp_path, filas, encabezado="rfc,nombre"))
    assert codigo == 2 and "faltan las columnas registro_patronal" in errores[-1]
    assert not Patron.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_un_lote_que_falla_no_deja_nada_a_medias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filas = [fila(rfc=rfc_moral(i), nombre=f"P{i}", registro=registro(i)) for i in range(12)]
    gestor = RegistroPatronal.objects
    original = gestor.bulk_create
    llamadas = []

    def falla_en_el_segundo(objs: Any, **kwargs: Any) -> Any:
        llamadas.append(len(objs))
        creados = original(objs, **kwargs)  # really written, inside the batch's transaction
        if len(llamadas) == 2:
            raise IntegrityError("falla simulada de la base de datos")
        return creados

    monkeypatch.setattr(gestor, "bulk_create", falla_en_el_segundo)
    with pytest.raises(ErrorImportacion) as error:
        do_importar_padron(escribir(tmp_path, filas), lote=5)
    assert "líneas 7 a 11" in error.value.mensaje and "vuelva a importar" in error.value.mensaje
    assert error.value.resultado.registros_creados == 5
    # Batch 1 kept whole; batch 2 (patrones and registros) rolled back whole; batch 3 not run.
    assert sorted(Patron.objects.values_list("rfc", flat=True)) == sorted(
        rfc_moral(i) for i in range(5)
    )
    assert RegistroPatronal.objects.count() == 5
    monkeypatch.undo()
    resultado = do_importar_padron(escribir(tmp_path, filas), lote=5)
    assert (resultado.patrones_creados, resultado.registros_creados) == (7, 7)
    assert RegistroPatronal.objects.count() == 12


def test_el_comando_informa_la_falla_de_la_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def falla(*args: Any, **kwargs: Any) -> Any:
        raise IntegrityError("sin espacio")

    monkeypatch.setattr(Patron.objects, "bulk_create", falla)
    codigo, resumen, errores = importar(escribir(tmp_path, [*BUENO, fila(entidad="X")]))
    assert codigo == 1 and resumen["patrones_creados"] == 0
    assert errores[0].startswith("línea 6, columna «entidad»")  # known row errors still shown
    assert "La base de datos falló al guardar el lote de las líneas 2 a 5" in errores[-1]
    assert not Patron.objects.exists()


def test_servicio_rechaza_archivo_y_lote_invalido(tmp_path: Path) -> None:
    with pytest.raises(ErrorArchivo):
        do_importar_padron(tmp_path / "nada.csv")
    with pytest.raises(ValueError, match="lote"):
        do_importar_padron(escribir(tmp_path, BUENO), lote=0)
    with pytest.raises(CommandError, match="lote"):
        call_command("padron", "importar", "x.csv", "--lote", "0")
