"""The active seal per acuse: its key is loaded once per process (cached by the seal's number)
and the active one is read from the database for every acuse, so a rotation made by any process
seals the very next acuse."""

from __future__ import annotations

import pytest

from buzon.evidencia import sello as modulo_sello
from buzon.evidencia.models import Acuse, CertificadoSello
from buzon.evidencia.selectors import acuse_autentico
from buzon.evidencia.sello import crear_sello_de_demostracion
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse

pytestmark = pytest.mark.django_db


def _acuse() -> Acuse:
    return do_emitir_acuse(SolicitudAcuse(tipo="terminos", rfc="AAA010101AAA"))


def test_la_llave_se_carga_una_vez_y_la_rotacion_de_otro_proceso_vale_al_instante(
    sello: CertificadoSello, monkeypatch: pytest.MonkeyPatch
) -> None:
    primero = _acuse()
    assert primero.certificado_sello_id == sello.numero

    def sin_disco(*_: object) -> None:
        raise AssertionError("la llave del sello se volvió a leer del disco")

    with monkeypatch.context() as parche:
        parche.setattr(modulo_sello, "leer_llave", sin_disco)
        segundo = _acuse()  # sealed with the key cached for this seal's number
    assert segundo.certificado_sello_id == sello.numero and acuse_autentico(segundo)

    nuevo = crear_sello_de_demostracion()
    assert _acuse().certificado_sello_id == nuevo.numero
    # Another process re-activates the first seal (as `buzon sello instalar` with its files
    # would): nothing is cleared in this process, yet its next acuse uses the first seal.
    CertificadoSello.objects.filter(numero=nuevo.numero).update(activo=False)
    CertificadoSello.objects.filter(numero=sello.numero).update(activo=True)
    tercero = _acuse()
    assert tercero.certificado_sello_id == sello.numero and acuse_autentico(tercero)
    # And back to the new one.
    CertificadoSello.objects.filter(numero=sello.numero).update(activo=False)
    CertificadoSello.objects.filter(numero=nuevo.numero).update(activo=True)
    cuarto = _acuse()
    assert cuarto.certificado_sello_id == nuevo.numero and acuse_autentico(cuarto)
