from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from buzon.efirma import (
    AlmacenRetos,
    AlmacenRetosMemoria,
    Confianza,
    ErrorEfirma,
    Politica,
    firmar,
    generar_reto,
    leer_certificado,
    leer_llave,
    verificar_reto,
)
from buzon.efirma.pki import AC
from buzon.efirma.reto import comprobar, interpretar

from .conftest import AHORA, PASSWORD_SAT, Emisor


def _codigo(accion: object) -> str:
    assert callable(accion)
    with pytest.raises(ErrorEfirma) as error:
        accion()
    return error.value.codigo


def test_reto_tiene_al_menos_128_bits_y_no_se_repite() -> None:
    retos = {generar_reto("sesion", ahora=AHORA).valor for _ in range(1000)}
    assert len(retos) == 1000
    azar = next(iter(retos)).rsplit("|", 1)[1]
    assert len(base64.urlsafe_b64decode(azar + "=")) * 8 >= 128


def test_formato_y_vigencia() -> None:
    reto = generar_reto("sesion", ahora=AHORA)
    assert reto.expira == AHORA + timedelta(minutes=5)
    assert reto.valor.startswith("buzon-reto|v1|sesion|2026-03-20T15:35:00Z|")
    assert interpretar(reto.valor) == reto
    with pytest.raises(ValueError, match="5 minutos"):
        generar_reto("sesion", ahora=AHORA, vigencia=timedelta(minutes=5, seconds=1))
    with pytest.raises(ValueError, match="zona"):
        generar_reto("sesion", ahora=AHORA.replace(tzinfo=None))
    with pytest.raises(ValueError, match="propósito"):
        generar_reto("Sesión|x", ahora=AHORA)


def test_un_solo_uso() -> None:
    almacen: AlmacenRetos = AlmacenRetosMemoria()
    reto = generar_reto("sesion", ahora=AHORA)
    almacen.guardar(reto)
    assert almacen.consumir(reto.valor, proposito="sesion", ahora=AHORA) == reto
    assert (
        _codigo(lambda: almacen.consumir(reto.valor, proposito="sesion", ahora=AHORA))
        == "reto_invalido"
    )


def test_ligado_a_su_proposito() -> None:
    almacen = AlmacenRetosMemoria()
    reto = generar_reto("terminos", ahora=AHORA)
    almacen.guardar(reto)
    with pytest.raises(ErrorEfirma, match="otro propósito"):
        almacen.consumir(reto.valor, proposito="sesion", ahora=AHORA)
    # and a failed attempt burns it: a reto is never tried twice
    assert (
        _codigo(lambda: almacen.consumir(reto.valor, proposito="terminos", ahora=AHORA))
        == "reto_invalido"
    )


def test_vence() -> None:
    almacen = AlmacenRetosMemoria()
    reto = generar_reto("sesion", ahora=AHORA, vigencia=timedelta(minutes=2))
    almacen.guardar(reto)
    with pytest.raises(ErrorEfirma, match="venció"):
        almacen.consumir(reto.valor, proposito="sesion", ahora=AHORA + timedelta(minutes=2))
    comprobar(reto, proposito="sesion", ahora=AHORA + timedelta(seconds=119))


def test_desconocido_o_ajeno() -> None:
    almacen = AlmacenRetosMemoria()
    assert (
        _codigo(lambda: almacen.consumir("x", proposito="sesion", ahora=AHORA)) == "reto_invalido"
    )
    assert _codigo(lambda: interpretar("buzon-reto|v1|sesion|ayer|abc")) == "reto_invalido"


def test_inicio_de_sesion_completo(credencial: Emisor, ac: AC) -> None:
    """verificar_reto: reto consumed first (even on failure), then signature, then certificate."""
    cer, key = credencial()
    llave = leer_llave(key, PASSWORD_SAT)
    politica = Politica(confianza=Confianza([leer_certificado(ac.der)]))
    almacen = AlmacenRetosMemoria()
    ahora = AHORA

    def firmado(proposito: str = "sesion") -> tuple[str, bytes]:
        reto = generar_reto(proposito, ahora=ahora)
        almacen.guardar(reto)
        return reto.valor, firmar(llave, reto.valor.encode("utf-8"))

    def verificar(reto: str, firma: bytes) -> str:
        try:
            verificar_reto(
                almacen, reto=reto, certificado=cer, firma=firma, proposito="sesion",
                instante=ahora, politica=politica,
            )  # fmt: skip
        except ErrorEfirma as error:
            return error.codigo
        return "ok"

    reto, firma = firmado()
    assert verificar(reto, firma) == "ok"
    assert verificar(reto, firma) == "reto_invalido"  # single use
    otro, _ = firmado()
    assert verificar(otro, firma) == "firma_invalida"  # signature of another reto
    assert verificar(otro, firmar(llave, otro.encode())) == "reto_invalido"  # burnt by the failure
    ajeno, firma_ajena = firmado("terminos")
    assert verificar(ajeno, firma_ajena) == "reto_invalido"
