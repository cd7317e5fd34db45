"""Mailboxes enabled under the 2020 guidelines (5.4), the late list (Transitorio Primero, 7.8),
and contact means per registro patronal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from buzon.evidencia.models import CertificadoSello
from buzon.habilitacion.models import Buzon
from buzon.habilitacion.selectors import estado_de, no_habilitados_en_plazo
from buzon.padron.models import Patron
from tests.cuentas.fixtures import Patron as PatronPrueba
from tests.cuentas.fixtures import entrar
from tests.habilitacion.fixtures import registrar_en_padron

pytestmark = pytest.mark.django_db


def _csv(tmp_path: Path, filas: list[str]) -> str:
    ruta = tmp_path / "h2020.csv"
    ruta.write_text("rfc,nombre,correos,celular,habilitado_en\n" + "\n".join(filas) + "\n", "utf-8")
    return str(ruta)


def test_importar_2020(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ruta = _csv(
        tmp_path,
        [
            "AAA010101AAA,Empresa A,a@a.mx;b@a.mx,5512345678,2021-03-01",
            "H&E951128469,Herrería,h@h.mx,55 8765 4321,2022-01-15T10:00:00",
            "NO-ES-RFC,X,x@x.mx,5512345678,2021-01-01",
            "XIQB891116QE4,Y,no-es-correo,5512345678,2021-01-01",
            "XIQB891116QE4,Y,y@y.mx,5512345678,2099-01-01",
        ],
    )
    with pytest.raises(CommandError, match="3 filas con error") as error:
        call_command("habilitacion", "importar-2020", ruta)
    assert error.value.returncode == 1
    salida = capsys.readouterr()
    assert json.loads(salida.out) == {"importados": 2, "sin_cambios": 0, "con_error": 3}
    assert "línea 4, columna «rfc»" in salida.err
    assert "línea 5, columna «correos»" in salida.err
    assert "línea 6, columna «habilitado_en»: La fecha de habilitación es futura." in salida.err
    buzon = Buzon.objects.get(rfc="AAA010101AAA")
    assert buzon.fuente_habilitacion == "lineamientos_2020"
    assert estado_de(buzon, datetime.now(UTC)) == "habilitado"
    assert sorted(buzon.medios.values_list("valor", flat=True)) == [
        "5512345678",
        "a@a.mx",
        "b@a.mx",
    ]
    with pytest.raises(CommandError):
        call_command("habilitacion", "importar-2020", ruta)
    assert json.loads(capsys.readouterr().out)["sin_cambios"] == 2  # idempotent


def test_importar_2020_encabezado_equivocado(tmp_path: Path) -> None:
    ruta = tmp_path / "mal.csv"
    ruta.write_text("rfc,correo\nAAA010101AAA,a@a.mx\n", "utf-8")
    with pytest.raises(CommandError, match="El encabezado debe ser exactamente") as error:
        call_command("habilitacion", "importar-2020", str(ruta))
    assert error.value.returncode == 2
    assert not Buzon.objects.exists()


def test_importar_2020_rechaza_habilitaciones_desde_la_entrada_en_vigor(
    settings: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 5.4: a 2020 enabling is one made before the 2024 Lineamientos took force (6 Aug 2024).
    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"  # type: ignore[attr-defined]
    ruta = _csv(
        tmp_path,
        [
            "AAA010101AAA,A,a@a.mx,5512345678,2024-08-05T23:59:59",  # last instant before: kept
            "BBB010101BBB,B,b@b.mx,5512345678,2024-08-06",  # the day of entry: refused
            "CCC010101CCC,C,c@c.mx,5512345678,2024-08-06T05:59:59Z",  # 23:59:59 of the 5th ZC
            "XIQB891116QE4,D,d@d.mx,5512345678,2025-03-01T10:00:00",  # after: refused
        ],
    )
    with pytest.raises(CommandError, match="2 filas con error"):
        call_command("habilitacion", "importar-2020", ruta)
    salida = capsys.readouterr()
    assert json.loads(salida.out) == {"importados": 2, "sin_cambios": 0, "con_error": 2}
    errores = salida.err.splitlines()
    assert errores[0] == (
        "línea 3, columna «habilitado_en»: La fecha de habilitación (2024-08-06) no es anterior "
        "a la entrada en vigor de los Lineamientos de 2024 (2024-08-06): no es una habilitación "
        "conforme a los Lineamientos de 2020 (5.4). Corrija la fecha o quite la fila; ese "
        "particular habilita su buzón con los Lineamientos vigentes (5.1 a 5.3)."
    )
    assert errores[1].startswith("línea 5, columna «habilitado_en»: La fecha de habilitación (2025")
    assert sorted(Buzon.objects.values_list("rfc", flat=True)) == ["AAA010101AAA", "CCC010101CCC"]


def test_extemporaneos(
    settings: object, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # In force 6 Aug 2024; the 180th día natural is Sat 1 Feb 2025, Sun 2 and Mon 3 (first Monday
    # of February, CFF 12) are inhábiles, so the last day is Tue 4 Feb; late from 5 Feb 00:00 ZC.
    settings.BUZON_ENTRADA_EN_VIGOR = "2024-08-06"  # type: ignore[attr-defined]
    ahora = datetime.now(UTC)
    for rfc in ("AAA010101AAA", "BBB010101BBB", "CCC010101CCC"):
        Patron.objects.create(rfc=rfc, nombre=rfc, creado_en=ahora, importado_en=ahora)
    ruta = _csv(tmp_path, ["AAA010101AAA,A,a@a.mx,5512345678,2021-03-01"])
    call_command("habilitacion", "importar-2020", ruta)
    capsys.readouterr()
    # 4 Feb 2025 23:59:59 Zona Centro (UTC-6) is 05:59:59 UTC of the 5th: still in time.
    with time_machine.travel(datetime(2025, 2, 5, 5, 59, 59, tzinfo=UTC), tick=False):
        assert list(no_habilitados_en_plazo(datetime.now(UTC))) == []
    with time_machine.travel(datetime(2025, 2, 5, 6, 0, tzinfo=UTC), tick=False):
        tarde = [p.rfc for p in no_habilitados_en_plazo(datetime.now(UTC))]
        assert tarde == ["BBB010101BBB", "CCC010101CCC"]
    call_command("habilitacion", "extemporaneos")
    salida = json.loads(capsys.readouterr().out)
    assert salida["extemporaneos_desde"] == "2025-02-05T00:00:00-06:00"
    assert [p["rfc"] for p in salida["patrones"]] == ["BBB010101BBB", "CCC010101CCC"]


def test_medios_de_un_registro_patronal(
    client: Client, patron_a: PatronPrueba, sello: CertificadoSello, codigos: dict[str, str]
) -> None:
    registrar_en_padron(patron_a.rfc)
    cabecera = {"Authorization": f"Bearer {entrar(client, patron_a)}"}
    respuesta = client.put(
        "/api/v1/buzon/medios",
        {"correos": ["planta@empresa.mx"], "registro_patronal": "y5412345108"},
        content_type="application/json",
        headers=cabecera,
    )
    assert respuesta.status_code == 200, respuesta.content
    cuerpo = respuesta.json()
    assert cuerpo["registros_patronales"] == ["Y5412345108"]
    assert cuerpo["medios"] == [
        {
            "tipo": "correo",
            "valor": "planta@empresa.mx",
            "estado": "por_confirmar",
            "expira": cuerpo["medios"][0]["expira"],
            "registro_patronal": "Y5412345108",
        }
    ]
    assert cuerpo["estado"] == "sin_medios"  # registro-level medios do not enable the RFC
    assert cuerpo["acuse"]["registro_patronal"] == "Y5412345108"
    assert "planta@empresa.mx" in codigos
