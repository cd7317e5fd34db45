"""Reading the emisiones: Mis documentos → Emisiones (the employer's own registros only, newest
first, keyset-free offset pages on the (rfc, -periodo_clave, -id) index), one emisión by id
(always raises for another's or a missing one), and the public verification by folio + code."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from django.db.models import QuerySet

from buzon.comun.errores import ErrorBuzon
from buzon.cuotas.emisiones import detalle
from buzon.cuotas.emisiones.generacion import huella_de
from buzon.cuotas.emisiones.modelos import Emision
from buzon.evidencia.folio import normalizar_folio
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.terceros.models import Alcance
from buzon.terceros.selectors import autorizado, exigir_autorizacion

POR_PAGINA = 50
MAXIMO_POR_PAGINA = 200
NO_ENCONTRADA = (
    "No tiene una emisión con ese número. Revise la lista de sus emisiones en Mis documentos."
)


def de_particular(rfc: str) -> QuerySet[Emision]:
    """The RFC's emisiones (the session's own RFC), newest period first."""
    return Emision.objects.filter(rfc=rfc).order_by("-periodo_clave", "-id")


def pagina(rfc: str, numero: int = 1, tamano: int = POR_PAGINA) -> tuple[list[Emision], bool]:
    """One page of `de_particular` and whether another follows (one query: tamano + 1 rows)."""
    if numero < 1:
        raise ErrorBuzon("pagina_invalida", "«pagina» empieza en 1.", "pagina")
    if not 1 <= tamano <= MAXIMO_POR_PAGINA:
        raise ErrorBuzon("tamano_invalido", f"«tamano» va de 1 a {MAXIMO_POR_PAGINA}.", "tamano")
    inicio = (numero - 1) * tamano
    filas = list(
        de_particular(rfc).defer("parametros", "por_aclarar")[inicio : inicio + tamano + 1]
    )
    return filas[:tamano], len(filas) > tamano


def access_emision(rfc: str, emision_id: int) -> Emision:
    """The emisión only if it belongs to `rfc`; raises 404 otherwise (another's is
    indistinguishable from a missing one)."""
    emision = Emision.objects.filter(pk=emision_id, rfc=rfc).first()
    if emision is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADA, "id", 404)
    return emision


def titular_consultable(rfc: str, titular: str | None) -> str:
    """Whose emisiones `rfc` (the session's) lists: its own, or those of `titular` when its
    holder authorises `rfc` now (relación 9.5, 9.6); 403 `no_autorizado` otherwise."""
    if titular is None or not titular.strip():
        return rfc
    try:
        pedido = normalizar_rfc(titular, "rfc")
    except ErrorLegal as exc:
        raise ErrorBuzon("rfc_invalido", exc.mensaje, "rfc") from exc
    if pedido != rfc:
        exigir_autorizacion(pedido, rfc, Alcance.EMISIONES)
    return pedido


def access_emision_consultable(rfc: str, emision_id: int) -> Emision:
    """The emisión if it is `rfc`'s own or its holder authorises `rfc` to read its emisiones
    now (9.5, 9.6); 404 otherwise, the same as `access_emision` (another's is never revealed)."""
    emision = Emision.objects.filter(pk=emision_id).first()
    if emision is None or (
        emision.rfc != rfc and not autorizado(emision.rfc, rfc, Alcance.EMISIONES)
    ):
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADA, "id", 404)
    return emision


def trabajadores_de(emision: Emision) -> list[detalle.Fila]:
    return list(detalle.leer(emision.pk, emision.periodo_clave, emision.tipo))


def integra(emision: Emision) -> bool:
    """The stored rows rebuild the huella the chunk's evidence-log entry covers."""
    filas = [f.como_trabajador(emision.registro_patronal) for f in trabajadores_de(emision)]
    return hmac.compare_digest(huella_de(emision, filas), emision.huella)


@dataclass(frozen=True)
class EmisionVerificada:
    folio: str
    tipo: str
    periodo: str
    registro_patronal: str
    rfc: str
    generada_iso: str
    trabajadores: int
    total: int
    #: SHA-256 of the emisión's canonical text (`generacion.huella_de`), just rebuilt.
    huella: str = ""


def emision_para_verificar(folio: str, codigo: str) -> EmisionVerificada | None:
    """The emisión when folio *and* code match and its rows are intact; None otherwise (no
    hint which). For the public verification page (L4)."""
    canonico = normalizar_folio(folio)
    if canonico is None:
        return None
    e = Emision.objects.filter(folio=canonico).first()
    esperado = e.codigo_verificacion if e is not None else "X" * 12
    if not hmac.compare_digest(esperado.encode(), codigo.strip().upper().encode()) or e is None:
        return None
    if not integra(e):
        return None
    return EmisionVerificada(
        e.folio,
        e.tipo,
        e.periodo,
        e.registro_patronal,
        e.rfc,
        e.generada.isoformat(),
        e.trabajadores,
        e.total_patron + e.total_obrero,
        e.huella,
    )
