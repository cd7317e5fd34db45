"""The selectors the apps above call: in force at an instant (signed, revoked, expired),
exigir_autorizacion's Spanish 403, publicadas set-based (a bounded number of queries however many
RFCs), and access_autorizacion always raising for another's id."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buzon.comun.errores import ErrorBuzon
from buzon.evidencia.models import CertificadoSello
from buzon.legal.zonas import ZONA_CENTRO
from buzon.terceros import selectors, servicios
from buzon.terceros.models import Autorizacion
from tests.cuentas.fixtures import Patron
from tests.terceros.fixtures import OTRO, TERCERO, TITULAR

pytestmark = pytest.mark.django_db


def _firmada(patron: Patron, tercero: str | None, alcance: str, **extra: object) -> Autorizacion:
    fila = servicios.do_crear_autorizacion(
        titular=patron.rfc,
        tercero=tercero,
        alcance=alcance,
        **extra,  # type: ignore[arg-type]
    )
    return servicios.do_firmar_autorizacion(
        titular=patron.rfc,
        autorizacion_id=fila.pk,
        certificado_der=patron.cer,
        firma=patron.firmar(fila.cadena.encode()),
    ).autorizacion


def test_en_vigor_en_cada_instante(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    patron = hacer_patron(TITULAR)
    antes = timezone.now()
    fila = servicios.do_crear_autorizacion(titular=TITULAR, tercero=TERCERO, alcance="opinion")
    assert selectors.estado_de(fila) == "por_firmar"
    assert not selectors.autorizado(TITULAR, TERCERO, "opinion")
    fila = _firmada(patron, OTRO, "opinion")
    assert fila.firmada is not None
    firmada = fila.firmada
    assert selectors.autorizado(TITULAR, OTRO, "opinion")
    assert selectors.autorizado(TITULAR.lower(), f" {OTRO.lower()} ", "opinion")
    assert not selectors.autorizado(TITULAR, OTRO, "opinion", en=antes)
    assert not selectors.autorizado(OTRO, TITULAR, "opinion")  # direction matters
    servicios.do_solicitar_revocacion(titular=TITULAR, autorizacion_id=fila.pk)
    fila.refresh_from_db()
    hecha = servicios.do_revocar(
        titular=TITULAR,
        autorizacion_id=fila.pk,
        certificado_der=patron.cer,
        firma=patron.firmar(fila.cadena_revocacion.encode()),
    )
    revocada = hecha.autorizacion.revocada
    assert revocada is not None
    assert not selectors.autorizado(TITULAR, OTRO, "opinion")
    # The past stays answerable: in force between the signature and the revocation.
    assert selectors.autorizado(TITULAR, OTRO, "opinion", en=firmada + (revocada - firmada) / 2)
    assert not selectors.autorizado(TITULAR, OTRO, "opinion", en=revocada)
    assert selectors.estado_de(hecha.autorizacion, firmada) == "vigente"
    assert selectors.estado_de(hecha.autorizacion, revocada) == "revocada"


def test_exigir_autorizacion_da_403_en_espanol(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    patron = hacer_patron(TITULAR)
    with pytest.raises(ErrorBuzon) as exc:
        selectors.exigir_autorizacion(TITULAR, TERCERO, "opinion")
    assert (exc.value.estado, exc.value.codigo) == (403, "no_autorizado")
    assert f"El RFC {TITULAR} no le ha autorizado a consultar" in exc.value.mensaje
    assert "revocada o venció" in exc.value.mensaje
    manana = timezone.now().astimezone(ZONA_CENTRO).date() + timedelta(days=1)
    _firmada(patron, TERCERO, "emisiones", vence=manana)
    selectors.exigir_autorizacion(TITULAR, TERCERO, "emisiones")
    with pytest.raises(ErrorBuzon, match="sus emisiones"):
        selectors.exigir_autorizacion(TITULAR, OTRO, "emisiones")
    fin = servicios.fin_del_dia(manana)
    assert selectors.autorizado(TITULAR, TERCERO, "emisiones", en=fin - timedelta(seconds=1))
    assert not selectors.autorizado(TITULAR, TERCERO, "emisiones", en=fin)


def test_publicadas_por_conjuntos(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    _firmada(hacer_patron(TITULAR), None, "publicacion")
    _firmada(hacer_patron(TERCERO), TITULAR, "opinion")  # not a publication
    ahora = timezone.now()
    # Many holders who published (rows as the service leaves them), and many who did not.
    Autorizacion.objects.bulk_create(
        Autorizacion(
            clave=f"{i:032x}",
            titular=f"AAA0101{i:05d}"[:12],
            tercero=selectors.INSTITUTO,
            alcance="publicacion",
            cadena="x",
            creada=ahora,
            firmada=ahora,
            revocada=ahora if i % 3 == 0 else None,
        )
        for i in range(1200)
    )
    pedidos = [f"AAA0101{i:05d}"[:12] for i in range(1200)] + [TITULAR, TERCERO, OTRO]
    pedidos += [f"BBB0101{i:05d}"[:12] for i in range(800)]
    with CaptureQueriesContext(connection) as consultas:
        salida = selectors.publicadas(pedidos)
    assert len(consultas.captured_queries) <= 5  # 2,003 distinct RFCs, 500 per query
    esperadas = {f"AAA0101{i:05d}"[:12] for i in range(1200) if i % 3} | {TITULAR}
    assert salida == esperadas
    assert selectors.publicadas([]) == set()
    assert selectors.publicacion_autorizada(TITULAR)
    assert not selectors.publicacion_autorizada(TERCERO)


def test_access_autorizacion_siempre_lanza_para_la_ajena(
    hacer_patron: Callable[..., Patron], sello: CertificadoSello
) -> None:
    fila = _firmada(hacer_patron(TITULAR), TERCERO, "opinion")
    assert selectors.access_autorizacion(TITULAR, fila.pk) == fila
    for rfc, ident in ((TERCERO, fila.pk), (OTRO, fila.pk), (TITULAR, fila.pk + 1000)):
        with pytest.raises(ErrorBuzon) as exc:
            selectors.access_autorizacion(rfc, ident)
        assert (exc.value.estado, exc.value.codigo, exc.value.campo) == (404, "no_encontrada", "id")
    assert list(selectors.recibidas(TERCERO)) == [fila]
    assert list(selectors.recibidas(TITULAR)) == []
    assert list(selectors.otorgadas(TERCERO)) == []
