"""What the indicators read, from the ledger, the créditos and the imports (set-based), and the
imports and the command themselves."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from buzon.fiscalizacion import datos, importacion
from buzon.fiscalizacion.models import PlantillaExterna, Reclamo
from buzon.legal.riesgo.ajustes import Ajustes
from tests.cuotas import ayudas as cuotas
from tests.fiscalizacion import ayudas
from tests.opinion import ayudas as opinion

pytestmark = pytest.mark.django_db

RFC_A, RFC_B = "XIQB891116QE4", "H&E951128469"
R1, R2, R3, R4 = "Y5412345108", "Y5412345109", "Y5412345110", "Y5412345111"
CORTE = date(2026, 3, 31)


def _csv(tmp_path: Path, nombre: str, texto: str) -> Path:
    ruta = tmp_path / nombre
    ruta.write_text(texto, encoding="utf-8")
    return ruta


def _ledger(tmp_path: Path) -> None:
    opinion.importar_padron(
        tmp_path,
        [(RFC_A, r, "10", "vigente") for r in (R1, R2, R3)] + [(RFC_B, R4, "10", "vigente")],
    )
    for r in (R1, R2, R3):  # worker 1 vigente at three registros at once
        ayudas.altas(tmp_path, r, ["500.00"], desde=1, fecha="2026-01-05")
    # R4: 5 high SBC 27 days before a claim; 6 one centavo below 10 minimum wages; 7 claims
    # after the cut-off; 9 left in February
    ayudas.altas(tmp_path, R4, ["3150.40", "3150.39", "5000.00"], desde=5, fecha="2026-01-05")
    ayudas.altas(tmp_path, R4, ["315.04"], desde=9, fecha="2026-01-05")
    ruta = cuotas.escribir(
        tmp_path, [cuotas.movimiento("02", "2026-02-01", "", registro=R4, n=9)], nombre="baja.csv"
    )
    from buzon.cuotas.servicios import do_importar_movimientos

    errores: list[object] = []
    do_importar_movimientos(ruta, al_error=errores.append)
    assert errores == []
    reclamos = (
        "nss,tipo,fecha\n"
        f"{cuotas.nss(5)},pension,2026-02-01\n"
        f"{cuotas.nss(6)},subsidio,2026-02-01\n"
        f"{cuotas.nss(7)},pension,2026-06-01\n"
    )
    assert importacion.importar_reclamos(_csv(tmp_path, "r.csv", reclamos)).errores == []
    plantilla = f"rfc,trabajadores,fuente\n{RFC_A},10,CFDI de nómina SAT 2026-03\n"
    assert importacion.importar_plantilla(_csv(tmp_path, "p.csv", plantilla)).errores == []
    opinion.importar_creditos(
        tmp_path,
        [
            (RFC_B, R4, f"C{m}", "Cuotas obrero-patronales", f"2026-0{m}", "5000.00", "exigible")
            for m in (1, 2, 3)
        ]
        + [(RFC_B, R4, "C9", "Multa", "", "1.00", "pagado")],
        "creditos.csv",
    )


def test_columnas_del_padron(tmp_path: Path) -> None:
    _ledger(tmp_path)
    padron, c, sectores = datos.columnas(CORTE, Ajustes())
    assert padron.registros == [R1, R2, R3, R4] and sectores == [""]
    col = {campo: [int(x) for x in v] for campo, v in c.valores.items()}
    assert col["trabajadores"] == [1, 1, 1, 3]  # worker 9 left in February
    assert col["multiples"] == [1, 1, 1, 0]
    assert col["altas_previas"] == [0, 0, 0, 1]
    assert col["periodos_sin_pago"] == [0, 0, 0, 3]
    assert col["adeudo_centavos"] == [0, 0, 0, 1_500_000]
    assert col["reportados_rfc"] == [3, 3, 3, 3]
    assert col["externos_rfc"] == [10, 10, 10, -1]
    assert col["en_minimo"] == [0, 0, 0, 0]
    # the baja moved the minimum-wage worker out; with a cut-off before it, it is counted
    _, antes, _ = datos.columnas(date(2026, 1, 31), Ajustes())
    assert [int(x) for x in antes.valores["en_minimo"]] == [0, 0, 0, 1]
    assert [int(x) for x in antes.valores["en_banda"]] == [0, 0, 0, 1]


def test_las_importaciones_refutan_toda_la_linea_mala(tmp_path: Path) -> None:
    malo = _csv(tmp_path, "m.csv", "rfc,trabajadores,fuente\nNOESRFC,3,X\nXIQB891116QE4,-1,X\n")
    resumen = importacion.importar_plantilla(malo)
    assert resumen.filas_importadas == 0 and len(resumen.errores) == 2
    assert "línea 3, campo «trabajadores»" in resumen.errores[1]
    assert not PlantillaExterna.objects.exists()
    with pytest.raises(importacion.ErrorArchivo):
        importacion.importar_reclamos(_csv(tmp_path, "e.csv", "nss,fecha\n"))
    actividades = _csv(
        tmp_path,
        "a.csv",
        "registro_patronal,actividad,clase_declarada,clase_actividad\nY5412345108,841,VI,I\n",
    )
    assert "clase_declarada" in importacion.importar_actividades(actividades).errores[0]


def test_el_comando(tmp_path: Path) -> None:
    _ledger(tmp_path)
    salida = io.StringIO()
    call_command("fiscalizacion", "programar", "--periodo", "2026-T1", stdout=salida)
    assert '"registros": 4' in salida.getvalue() and '"nuevo": true' in salida.getvalue()
    otra = io.StringIO()
    call_command("fiscalizacion", "programar", "--periodo", "2026-T1", stdout=otra)
    assert '"nuevo": false' in otra.getvalue()
    with pytest.raises(SystemExit) as salida_mala:
        call_command("fiscalizacion", "programar", "--periodo", "2026-13", stderr=io.StringIO())
    assert salida_mala.value.code == 2
    with pytest.raises(SystemExit) as filas_malas:
        call_command(
            "fiscalizacion",
            "importar-reclamos",
            str(_csv(tmp_path, "x.csv", "nss,tipo,fecha\n123,pension,2026-01-01\n")),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert filas_malas.value.code == 1
    assert Reclamo.objects.count() == 3


def test_demo(tmp_path: Path) -> None:
    from buzon.sistema.demo.comun import Resultado
    from buzon.sistema.demo.cuotas import cargar_cuotas
    from buzon.sistema.demo.fiscalizacion import cargar_fiscalizacion, trimestre_anterior

    assert trimestre_anterior(date(2027, 1, 18)) == "2026-T4"
    assert trimestre_anterior(date(2026, 4, 1)) == "2026-T1"
    from django.utils import timezone

    from buzon.legal.zonas import ZONA_CENTRO

    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    cargar_cuotas(tmp_path, hoy, Resultado())
    demo = cargar_fiscalizacion(tmp_path, hoy)
    assert demo == cargar_fiscalizacion(tmp_path, hoy)  # idempotent
    assert demo["tipo_demo"] == "invitacion_clasificacion", demo


def test_los_ajustes_son_configuracion(tmp_path: Path, settings: object) -> None:
    import json as json_

    from buzon.fiscalizacion.errores import ErrorFiscalizacion
    from buzon.fiscalizacion.servicios import ajustes_vigentes, do_programar

    _ledger(tmp_path)
    settings.BUZON_FISCALIZACION_AJUSTES = {"plantilla_peso": 0}  # type: ignore[attr-defined]
    assert ajustes_vigentes().plantilla_peso == 0
    programa = do_programar("2026-T1").programa
    assert json_.loads(programa.ajustes)["plantilla_peso"] == 0
    assert programa.ajustes_huella != Ajustes().huella()
    settings.BUZON_FISCALIZACION_AJUSTES = {"no_existe": 1}  # type: ignore[attr-defined]
    with pytest.raises(ErrorFiscalizacion) as error:
        ajustes_vigentes()
    assert error.value.estado == 503 and error.value.campo == "no_existe"


@pytest.mark.django_db
def test_asegurar_el_catalogo_trae_8_1_y_8_2_y_no_toca_los_demas() -> None:
    """Fiscalización relies on the shipped catalogue (`asegurar_catalogo`): on a flushed table it
    loads 8.1 and 8.2 with the rest; on a loaded one it changes nothing."""
    from buzon.notificaciones.emision.catalogo import asegurar_catalogo
    from buzon.notificaciones.models import DisponibilidadActo, TipoActo

    antes = {t.clave: (t.fuente, t.version, t.activo) for t in TipoActo.objects.all()}
    asegurar_catalogo()
    assert {t.clave: (t.fuente, t.version, t.activo) for t in TipoActo.objects.all()} == antes
    DisponibilidadActo.objects.all().delete()
    TipoActo.objects.all().delete()
    asegurar_catalogo()
    activos = set(TipoActo.objects.filter(activo=True).values_list("clave", flat=True))
    assert {"8.1", "8.2"} <= activos
    assert TipoActo.objects.get(clave="8.2").es_requerimiento


@pytest.mark.django_db
def test_los_actos_de_fiscalizacion_vienen_en_el_catalogo_que_se_instala() -> None:
    """The keys fiscalización issues its audit acts with (the start, `puntaje.CLAVES`, and the
    requerimiento inside it) are the 8.x acts of the shipped catalogue (notificaciones 0011,
    datos/actos.json), installed as shipped: an import of that file never deactivates them."""
    from buzon.fiscalizacion.servicios import CLAVE_REQUERIMIENTO_AUDITORIA
    from buzon.legal.riesgo import puntaje
    from buzon.notificaciones.emision import catalogo
    from buzon.notificaciones.models import TipoActo

    enviados = {
        (a["clave"], a["nombre"], a["es_requerimiento"])
        for a in catalogo.leer_documento(catalogo.catalogo_base()).actos
        if a["clave"].startswith("8.")
    }
    assert {(c, r) for c, _, r in enviados} == {
        (puntaje.CLAVES[puntaje.AUDITORIA], False),
        (CLAVE_REQUERIMIENTO_AUDITORIA, True),
    }
    instalados = {
        (t.clave, t.nombre, t.es_requerimiento)
        for t in TipoActo.objects.filter(clave__startswith="8.", activo=True)
    }
    assert instalados == enviados
