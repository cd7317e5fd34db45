"""`buzon cobranza importar F.csv`: rows checked and named, idempotent, a later row updates with
history, batches without per-row queries, the evidence log, file-level errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buzon.cobranza.archivo import ErrorArchivo
from buzon.cobranza.models import ArchivoCobranza, CambioCredito, Credito
from buzon.cobranza.selectors import historia_de
from buzon.cobranza.servicios import do_importar_creditos
from buzon.evidencia.models import EntradaBitacora
from buzon.evidencia.verificacion import verificar_bitacora
from tests.cobranza.ayudas import ENCABEZADO, OTRO_RFC, RFC, correr, credito, escribir
from tests.cuotas.ayudas import padron

pytestmark = pytest.mark.django_db


def estado() -> dict[str, tuple[str, Decimal]]:
    return {c: (s, i) for c, s, i in Credito.objects.values_list("credito", "situacion", "importe")}


def test_importa_y_es_idempotente(tmp_path: Path) -> None:
    ruta = escribir(
        tmp_path,
        [
            credito("1"),
            credito("2", "convenio", "10"),
            credito("3", "PAGADO", "0.5", periodo="2026-b2", concepto="  RCV   bimestral "),
            credito("1"),  # the same row twice: written once
        ],
    )
    codigo, resumen, errores = correr("importar", str(ruta))
    assert codigo == 0, errores
    assert resumen == {
        "archivo_sha256": resumen["archivo_sha256"],
        "filas_leidas": 4,
        "filas_importadas": 4,
        "filas_con_error": 0,
        "creditos_creados": 3,
        "creditos_actualizados": 0,
        "creditos_sin_cambios": 0,
    }
    assert estado() == {
        "1": ("exigible", Decimal("1234.56")),
        "2": ("convenio", Decimal("10.00")),
        "3": ("pagado", Decimal("0.50")),
    }
    tres = Credito.objects.get(credito="3")
    assert (tres.periodo, tres.concepto, tres.linea) == ("2026-B2", "RCV bimestral", 4)
    assert CambioCredito.objects.count() == 3
    assert EntradaBitacora.objects.filter(tipo="creditos_importados").count() == 1
    entradas = EntradaBitacora.objects.count()
    codigo, otra_vez, _ = correr("importar", str(ruta))
    assert codigo == 0
    assert (otra_vez["creditos_creados"], otra_vez["creditos_actualizados"]) == (0, 0)
    assert otra_vez["creditos_sin_cambios"] == 3 and otra_vez["filas_importadas"] == 4
    assert CambioCredito.objects.count() == 3 and ArchivoCobranza.objects.count() == 1
    assert EntradaBitacora.objects.count() == entradas
    assert verificar_bitacora().integra


def test_una_fila_posterior_actualiza_y_guarda_la_historia(tmp_path: Path) -> None:
    primero = escribir(tmp_path, [credito("1"), credito("2")], nombre="enero.csv")
    do_importar_creditos(primero)
    despues = escribir(
        tmp_path,
        [credito("1", "pagado"), credito("2"), credito("3", "impugnado", "99.99")],
        nombre="febrero.csv",
    )
    resultado = do_importar_creditos(despues, por="IMSS010101AAA")
    assert (resultado.creditos_creados, resultado.creditos_actualizados) == (1, 1)
    assert resultado.creditos_sin_cambios == 1
    historia = historia_de("1")
    assert [(h.situacion_anterior, h.situacion, h.archivo.nombre, h.linea) for h in historia] == [
        ("", "exigible", "enero.csv", 2),
        ("exigible", "pagado", "febrero.csv", 2),
    ]
    assert historia[0].importe_anterior is None and historia[1].importe_anterior == Decimal(
        "1234.56"
    )
    assert ArchivoCobranza.objects.get(nombre="febrero.csv").importado_por == "IMSS010101AAA"
    eventos = list(EntradaBitacora.objects.filter(tipo="creditos_importados").order_by("secuencia"))
    assert [e.datos["archivo"] for e in eventos] == ["enero.csv", "febrero.csv"]
    assert eventos[-1].datos["creados"] == 1 and eventos[-1].datos["actualizados"] == 1
    assert historia_de("no-existe") == []


def test_errores_por_fila_en_espanol(tmp_path: Path) -> None:
    padron()  # REGISTRO belongs to RFC in the padrón
    do_importar_creditos(escribir(tmp_path, [credito("9")], nombre="antes.csv"))
    filas = [
        credito("1"),  # 2: good
        credito("2", "vencido"),  # 3
        credito("3", importe="1,234.00"),  # 4
        credito("4", importe="0"),  # 5
        credito("5", periodo="2026-13", rfc="XYZ"),  # 6: two fields
        credito("6", rfc=OTRO_RFC),  # 7: registro of another RFC in the padrón
        credito("9", rfc=OTRO_RFC, registro="Y5412345100"),  # 8: credit of another RFC
        credito("7"),  # 9 and 10: same credit, different importe
        credito("7", importe="1.00"),
        ("a", "b"),  # 11: wrong count
        credito("", situacion="exigible"),  # 12
        credito("8", registro="Y5412345109"),  # 13: another registro of the padrón's RFC
    ]
    codigo, resumen, errores = correr("importar", str(escribir(tmp_path, filas)))
    assert codigo == 1
    assert resumen["filas_leidas"] == 12 and resumen["filas_con_error"] == 10
    assert resumen["creditos_creados"] == 2  # 1 and 8
    lineas = errores[:-1]
    assert lineas[0].startswith("línea 3, campo «situacion»: «vencido» no es una situación")
    assert lineas[1].startswith("línea 4, campo «importe»: «1,234.00» no es un importe")
    assert lineas[2].startswith("línea 5, campo «importe»: el importe debe ser mayor que cero")
    assert lineas[3].startswith("línea 6, campo «rfc»")
    assert lineas[4].startswith("línea 6, campo «periodo»: «2026-13» no es un periodo")
    assert lineas[5].startswith("línea 7, campo «registro_patronal»: el registro patronal")
    assert "pertenece en el padrón al RFC AÑB800101AB1" in lineas[5]
    assert lineas[6].startswith("línea 8, campo «rfc»: el crédito 9 ya está registrado")
    assert lineas[7].startswith("línea 9, campo «credito»: el crédito 7 aparece en las líneas 9 y")
    assert "con distinto importe" in lineas[7]
    assert lineas[8].startswith("línea 10, campo «credito»")
    assert lineas[9].startswith("línea 11: la fila tiene 2 valores y se esperan 7")
    assert lineas[10].startswith("línea 12, campo «credito»: falta el número del crédito")
    assert errores[-1].startswith("10 de 12 filas tienen errores")
    assert set(estado()) == {"1", "8", "9"}


@pytest.mark.parametrize(
    ("contenido", "texto"),
    [
        (b"", "está vacío"),
        (b"rfc;credito\r\n", "separadas por «;»"),
        (b"rfc,registro_patronal,credito\r\n", "faltan las columnas concepto, periodo"),
        ((ENCABEZADO + "\r\n" + "A\xf1B").encode("latin-1"), "no está en UTF-8 (línea 2"),
        ((ENCABEZADO + '\r\n"AÑB').encode(), "no es un CSV válido"),
    ],
)
def test_archivo_invalido_no_guarda_nada(tmp_path: Path, contenido: bytes, texto: str) -> None:
    ruta = tmp_path / "malo.csv"
    ruta.write_bytes(contenido)
    codigo, _, errores = correr("importar", str(ruta))
    assert codigo == 2 and texto in "\n".join(errores)
    assert not Credito.objects.exists()
    with pytest.raises(ErrorArchivo):
        do_importar_creditos(tmp_path / "no-existe.csv")


def test_lotes_sin_consultas_por_fila(tmp_path: Path) -> None:
    def filas(n: int, situacion: str) -> list[tuple[str, ...]]:
        return [credito(str(i), situacion, rfc=RFC, registro=f"Y{i:010d}") for i in range(n)]

    do_importar_creditos(escribir(tmp_path, filas(10, "exigible"), nombre="a.csv"), lote=100)
    with CaptureQueriesContext(connection) as pocas:
        do_importar_creditos(escribir(tmp_path, filas(10, "pagado"), nombre="b.csv"), lote=100)
    with CaptureQueriesContext(connection) as muchas:
        do_importar_creditos(escribir(tmp_path, filas(200, "convenio"), nombre="c.csv"), lote=100)
    # Two batches cost about twice one batch, whatever the number of rows.
    assert len(muchas) <= 2 * len(pocas) + 2
    assert Credito.objects.filter(situacion="convenio").count() == 200
    assert CambioCredito.objects.count() == 10 + 10 + 200
