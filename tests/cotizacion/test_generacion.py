"""The monthly generation: per worker and registro the days and the SBC, the alerts in the same
pass, the courtesy email through the outbox, idempotency, and the bulk path equal to the Decimal
reference over what the database holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buzon.avisos.models import Mensaje
from buzon.comun.errores import ErrorBuzon
from buzon.cotizacion import reglas
from buzon.cotizacion.generacion import do_generar_reportes
from buzon.cotizacion.models import Alerta, GeneracionReporte, Renglon, Reporte, Suscripcion
from buzon.cuotas.models import Movimiento
from buzon.evidencia.models import EntradaBitacora
from tests.actuaciones.fixtures import curp, habilitar, nss
from tests.cotizacion.ayudas import (
    CURP_A,
    CURP_B,
    NSS_A,
    NSS_B,
    OTRO_REGISTRO,
    REGISTRO,
    RFC_A,
    RFC_B,
    asegurado,
    mov,
    registros,
    suscribir,
)

pytestmark = pytest.mark.django_db
AHORA = datetime(2026, 5, 3, 12, tzinfo=UTC)


@pytest.fixture
def libro() -> tuple[object, object]:
    """A: at REGISTRO since 2025 (SBC lowered in April, 3 ausentismo days, an incapacidad) and
    registered at OTRO_REGISTRO on 16 April; B: given baja on 10 April."""
    registros()
    a = asegurado(NSS_A, CURP_A)
    b = asegurado(NSS_B, CURP_B)
    mov(a, "08", "2025-06-01", "600.00")
    mov(a, "07", "2026-04-20", "550.00")
    mov(a, "11", "2026-04-06", dias=3)
    mov(a, "12", "2026-04-13", dias=4)
    mov(a, "08", "2026-04-16", "400.00", registro=OTRO_REGISTRO)
    mov(b, "08", "2024-02-01", "350.00")
    mov(b, "02", "2026-04-10")
    suscribir(a, RFC_A)
    suscribir(b, RFC_B)
    habilitar(RFC_A)
    return a, b


def _renglones() -> dict[tuple[str, str], tuple[int, int, bool]]:
    return {
        (r.asegurado.nss, r.registro.registro): (r.dias, r.sbc, r.vigente_al_cierre)
        for r in Renglon.objects.select_related("asegurado", "registro")
    }


def test_dias_sbc_y_alertas_del_mes(libro: tuple[object, object]) -> None:
    resumen = do_generar_reportes("2026-04", ahora=AHORA)
    assert (resumen.reportes, resumen.renglones, resumen.alertas, resumen.correos) == (2, 3, 3, 1)
    assert _renglones() == {
        (NSS_A, REGISTRO): (27, 55000, True),  # 30 − 3 ausentismo; incapacidad counted
        (NSS_A, OTRO_REGISTRO): (15, 40000, True),  # alta on the 16th
        (NSS_B, REGISTRO): (10, 35000, False),  # baja on the 10th, that day counted
    }
    alertas = {
        (x.asegurado.nss, x.registro.registro, x.tipo): (x.fecha, x.sbc_anterior, x.sbc)
        for x in Alerta.objects.select_related("asegurado", "registro")
    }
    assert alertas == {
        (NSS_A, OTRO_REGISTRO, "alta"): (date(2026, 4, 16), None, None),
        (NSS_A, REGISTRO, "salario"): (date(2026, 4, 30), 60000, 55000),
        (NSS_B, REGISTRO, "baja"): (date(2026, 4, 10), None, None),
    }
    # The email: only A has an enabled mailbox; no link, the figures in it.
    correo = Mensaje.objects.get()
    assert correo.clave == f"rpc-2026-04-{NSS_A}"
    assert "27 días cotizados" in correo.cuerpo and "$550.00" in correo.cuerpo
    assert "bajó de $600.00 a $550.00" in correo.cuerpo
    assert NSS_A not in correo.cuerpo  # only its last four digits
    assert Reporte.objects.get(asegurado__nss=NSS_B).correo == ""


def test_volver_a_generar_no_reemplaza_ni_reenvia(libro: tuple[object, object]) -> None:
    do_generar_reportes("2026-04", ahora=AHORA)
    antes = (_renglones(), list(Reporte.objects.values_list("asegurado_id", "generado")))
    Movimiento.objects.filter(tipo="07").update(sbc=Decimal("1.00"))  # the ledger changed since
    otra = do_generar_reportes("2026-04", ahora=datetime(2026, 5, 20, tzinfo=UTC))
    assert (otra.reportes, otra.renglones, otra.alertas, otra.correos) == (0, 0, 0, 0)
    assert (_renglones(), list(Reporte.objects.values_list("asegurado_id", "generado"))) == antes
    assert Mensaje.objects.count() == 1
    gen = GeneracionReporte.objects.get(periodo=202604)
    assert (gen.corridas, gen.reportes, gen.correos) == (2, 2, 1)
    # The evidence log has the chunk that wrote them, and nothing for the run that wrote nothing.
    [entrada] = EntradaBitacora.objects.filter(tipo="reportes_cotizacion_generados")
    assert entrada.sujeto == "rpc-2026-04" and entrada.instante == AHORA
    assert (entrada.datos["reportes"], entrada.datos["correos"]) == (2, 1)


def test_quien_se_suscribe_despues_recibe_el_suyo(libro: tuple[object, object]) -> None:
    do_generar_reportes("2026-04", ahora=AHORA)
    c = asegurado(nss("0190850003"), curp("GARC800101HDFRRN0"))
    mov(c, "08", "2026-01-05", "300.00")
    suscribir(c, "GARC800101AB1")
    otra = do_generar_reportes("2026-04", ahora=AHORA)
    assert (otra.reportes, otra.renglones) == (1, 1)
    assert Reporte.objects.count() == 3


def test_cancelada_no_recibe(libro: tuple[object, object]) -> None:
    Suscripcion.objects.filter(rfc=RFC_A).update(cancelada_en=AHORA)
    resumen = do_generar_reportes("2026-04", ahora=AHORA)
    assert resumen.reportes == 1 and not Mensaje.objects.exists()


def test_lotes_pequenos_dan_lo_mismo(libro: tuple[object, object]) -> None:
    do_generar_reportes("2026-04", ahora=AHORA, lote=1)
    assert len(_renglones()) == 3 and Alerta.objects.count() == 3


def test_masivo_igual_a_la_referencia_decimal(libro: tuple[object, object]) -> None:
    """Every stored row equals `reglas.mes_de` over the worker-registro's movements in the
    database (Decimal, day by day)."""
    do_generar_reportes("2026-04", ahora=AHORA)
    inicio, fin = reglas.leer_periodo("2026-04")
    pares = set(Movimiento.objects.values_list("asegurado_id", "registro_id"))
    assert pares
    for aseg, reg in pares:
        movs = [
            reglas.Movimiento(t, f, s, d)
            for t, f, s, d in Movimiento.objects.filter(
                asegurado_id=aseg, registro_id=reg
            ).values_list("tipo", "fecha", "sbc", "dias")
        ]
        ref = reglas.mes_de(movs, inicio, fin)
        fila = Renglon.objects.filter(periodo=202604, asegurado_id=aseg, registro_id=reg).first()
        if ref.vigentes == 0:
            assert fila is None
            continue
        assert fila is not None and ref.sbc is not None
        assert (fila.dias, fila.vigentes, Decimal(fila.sbc) / 100, fila.vigente_al_cierre) == (
            ref.dias,
            ref.vigentes,
            ref.sbc,
            ref.vigente_al_cierre,
        )


def test_periodo_invalido_o_no_cerrado() -> None:
    with pytest.raises(ErrorBuzon) as exc:
        do_generar_reportes("2026-13", ahora=AHORA)
    assert exc.value.codigo == "periodo_invalido"
    with pytest.raises(ErrorBuzon) as exc:
        do_generar_reportes("2026-05", ahora=AHORA)
    assert exc.value.codigo == "periodo_no_cerrado"
    assert not GeneracionReporte.objects.exists()


def test_el_comando(libro: tuple[object, object], capsys: pytest.CaptureFixture[str]) -> None:
    call_command("cotizacion", "generar", "--periodo", "2026-04")
    assert '"reportes": 2' in capsys.readouterr().out
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("cotizacion", "generar", "--periodo", "abril")


def test_en_partes_para_varios_procesos(libro: tuple[object, object]) -> None:
    primera = do_generar_reportes("2026-04", ahora=AHORA, lote=1, parte=0, partes=2)
    assert primera.reportes == 1
    segunda = do_generar_reportes("2026-04", ahora=AHORA, lote=1, parte=1, partes=2)
    assert segunda.reportes == 1 and len(_renglones()) == 3
    with pytest.raises(ErrorBuzon):
        do_generar_reportes("2026-04", ahora=AHORA, parte=2, partes=2)


def test_la_demo(libro: tuple[object, object]) -> None:
    from buzon.sistema.demo.cotizacion import cargar_cotizacion, periodos

    Suscripcion.objects.all().delete()
    hecho = cargar_cotizacion(date(2026, 5, 3), NSS_A, RFC_A)
    assert list(hecho) == list(periodos(date(2026, 5, 3))) == ["2026-03", "2026-04"]
    assert hecho["2026-04"]["reportes"] == 1
    otra = cargar_cotizacion(date(2026, 5, 3), NSS_A, RFC_A)
    assert otra["2026-04"]["reportes"] == 0
