"""Adding texts and versions: idempotent by content, one evidence event each, only an
administrador, every bad upload refused naming its field; versions and the diff."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from buzon.evidencia.models import EntradaBitacora
from buzon.normatividad.analisis import PROEMIO
from buzon.normatividad.comparacion import comparar
from buzon.normatividad.errores import ErrorNormatividad
from buzon.normatividad.models import Articulo, Version
from buzon.normatividad.selectors import access_texto, vigente_en
from buzon.normatividad.servicios import (
    EVENTO,
    MAXIMO_BYTES,
    ResultadoAlta,
    do_agregar_version,
    leer_archivo,
)
from buzon.oficina.servicios import do_alta_oficial
from tests.normatividad.conftest import NOTIFICADOR, alta, texto_incluido

pytestmark = pytest.mark.django_db


def test_agrega_la_version_sus_articulos_y_su_evento(
    cff: ResultadoAlta, administrador: str
) -> None:
    v = cff.version
    contenido = texto_incluido("cff-extractos.txt")
    assert cff.nueva and v.numero == 1
    assert v.sha256 == hashlib.sha256(contenido.encode()).hexdigest()
    assert v.agregada_por == administrador
    assert v.vigente_desde == date(2021, 11, 13)  # the day after publication, when not given
    assert Articulo.objects.filter(version=v).count() == 10
    evento = EntradaBitacora.objects.get(tipo=EVENTO)
    assert evento.sujeto == "normatividad:cff"
    assert evento.datos["sha256"] == v.sha256
    assert evento.datos["version"] == 1 and evento.datos["por"] == administrador


def test_el_mismo_contenido_dos_veces_no_hace_nada(cff: ResultadoAlta, administrador: str) -> None:
    otra = do_agregar_version(
        alta(fuente_dof="otra fuente"), texto_incluido("cff-extractos.txt"), por=administrador
    )
    assert not otra.nueva
    assert otra.version.pk == cff.version.pk
    assert Version.objects.count() == 1
    assert EntradaBitacora.objects.filter(tipo=EVENTO).count() == 1
    # CRLF line ends or a BOM are the same content.
    crlf = "\ufeff" + texto_incluido("cff-extractos.txt").replace("\n", "\r\n")
    assert not do_agregar_version(alta(), crlf, por=administrador).nueva


def test_una_reforma_agrega_una_version_y_la_anterior_sigue(
    cff: ResultadoAlta, administrador: str
) -> None:
    original = texto_incluido("cff-extractos.txt")
    reformado = (
        original.replace("durante diez días", "durante quince días").split("**Artículo 138.-**")[0]
        + "**Artículo 139.** Texto reformado.\n\n**Artículo 139-A.** Artículo nuevo.\n"
    )
    nueva = do_agregar_version(
        alta(fecha_dof=date(2025, 3, 1), vigente_desde=date(2025, 3, 15)),
        reformado,
        por=administrador,
    )
    assert nueva.nueva and nueva.version.numero == 2
    texto = access_texto("cff")
    assert vigente_en(texto, date(2025, 3, 14)) == cff.version
    assert vigente_en(texto, date(2025, 3, 15)) == nueva.version
    assert vigente_en(texto, date(2021, 11, 12)) is None
    c = comparar(cff.version, nueva.version)
    assert [a.clave for a in c.agregados] == ["Artículo 139-A"]
    assert [a.clave for a in c.quitados] == ["Artículo 138"]
    cambiados = {x.clave: x for x in c.cambiados}
    assert set(cambiados) == {"Artículo 139"}
    tipos = {f.tipo for f in cambiados["Artículo 139"].fragmentos}
    assert tipos == {"igual", "quitado", "agregado"}
    assert c.iguales == 8  # the proemio and 12, 13, 17-K, 134–137
    # The old version is kept whole.
    assert Articulo.objects.filter(version=cff.version).count() == 10


def test_solo_un_administrador_activo(administrador: str) -> None:
    do_alta_oficial(
        rfc=NOTIFICADOR, nombre="Notificador", rol="notificador", subdelegacion="Centro"
    )
    for por in (NOTIFICADOR, "XAXX010101000"):
        with pytest.raises(ErrorNormatividad) as error:
            do_agregar_version(alta(), texto_incluido("cff-extractos.txt"), por=por)
        assert error.value.estado == 403 and error.value.codigo == "no_autorizado"
    assert Version.objects.count() == 0


CFF = "Artículo 1.- Texto.\n"


@pytest.mark.parametrize(
    ("cambios", "contenido", "campo", "codigo"),
    [
        ({"clave": "CFF"}, CFF, "clave", "campo_invalido"),
        ({"clave": "busqueda"}, CFF, "clave", "campo_invalido"),
        ({"clave": "-x"}, CFF, "clave", "campo_invalido"),
        ({"tipo": "circular"}, CFF, "tipo", "campo_invalido"),
        ({"nombre": "  "}, CFF, "nombre", "campo_invalido"),
        ({"nombre": "Ley\u202e oculta"}, CFF, "nombre", "campo_invalido"),
        ({"fuente_dof": ""}, CFF, "fuente", "campo_invalido"),
        ({"fecha_dof": date(1900, 1, 1)}, CFF, "dof", "campo_invalido"),
        ({"fecha_dof": date(2999, 1, 1)}, CFF, "dof", "campo_invalido"),
        ({"vigente_desde": date(2021, 1, 1)}, CFF, "vigor", "campo_invalido"),
        ({}, "", "archivo", "archivo_invalido"),
        ({}, "   \n\n", "archivo", "archivo_invalido"),
        ({}, "%PDF-1.7\x00\x01binario", "archivo", "archivo_invalido"),
        ({}, "Un párrafo sin artículos ni numerales.", "archivo", "sin_articulos"),
        ({}, "Artículo 1. " + "x" * MAXIMO_BYTES, "archivo", "archivo_invalido"),
    ],
)
def test_altas_invalidas(
    administrador: str, cambios: dict[str, object], contenido: str, campo: str, codigo: str
) -> None:
    with pytest.raises(ErrorNormatividad) as error:
        do_agregar_version(alta(**cambios), contenido, por=administrador)  # type: ignore[arg-type]
    assert (error.value.campo, error.value.codigo) == (campo, codigo)
    assert error.value.mensaje
    assert Version.objects.count() == 0
    assert not EntradaBitacora.objects.filter(tipo=EVENTO).exists()


def test_una_version_nueva_conserva_el_tipo(cff: ResultadoAlta, administrador: str) -> None:
    with pytest.raises(ErrorNormatividad) as error:
        do_agregar_version(alta(tipo="ley"), CFF, por=administrador)
    assert error.value.campo == "tipo"


@pytest.mark.parametrize(
    ("datos", "esperado"),
    [
        (b"\xef\xbb\xbfArt\xc3\xadculo 1.", "Artículo 1."),
        ("Artículo 1.".encode("latin-1"), None),
        (b"x" * (MAXIMO_BYTES + 1), None),
    ],
)
def test_leer_archivo(datos: bytes, esperado: str | None) -> None:
    if esperado is None:
        with pytest.raises(ErrorNormatividad) as error:
            leer_archivo(datos)
        assert error.value.campo == "archivo"
    else:
        assert leer_archivo(datos) == esperado


def test_proemio_del_texto(cff: ResultadoAlta) -> None:
    primero = Articulo.objects.filter(version=cff.version).order_by("orden").first()
    assert primero is not None and primero.clave == PROEMIO
