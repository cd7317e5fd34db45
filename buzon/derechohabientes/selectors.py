"""Reading the worker's side of the ledger. `access_asegurado` links a session to its asegurado
by the CURP of the session's e.firma (issue 16) and always raises when it cannot."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.models import Sesion
from buzon.cuotas.models import Asegurado, Movimiento
from buzon.derechohabientes.models import AjusteSemanas, Constancia
from buzon.efirma import ErrorEfirma, leer_certificado
from buzon.evidencia.folio import normalizar_folio
from buzon.legal.cuotas.movimientos import Movimiento as MovimientoLegal
from buzon.legal.semanas import Ajuste

#: The way out named by every linkage failure (Lineamientos, numeral 5.9).
ACLARACION = (
    "Si cree que es un error, presente en Trámites la «Aclaración u orientación sobre el Buzón "
    "IMSS» (numeral 5.9 de los Lineamientos): la puede presentar aunque su buzón no esté "
    "habilitado, y el Instituto le responderá por este Buzón."
)

SIN_CURP = (
    "La e.firma con la que entró no tiene una CURP propia (es la de una persona moral, o el "
    "certificado no la trae): el Buzón relaciona a cada trabajador con su número de seguridad "
    "social por la CURP de su e.firma de persona física. Entre con su propia e.firma. " + ACLARACION
)
SIN_ASEGURADO = (
    "No encontramos un número de seguridad social (NSS) con la CURP de su e.firma en los registros "
    "de afiliación del Instituto: puede ser que ningún patrón le haya dado de alta todavía, o que "
    "su NSS esté registrado con otra CURP. " + ACLARACION
)
VARIOS_NSS = (
    "Su CURP aparece con más de un número de seguridad social (NSS) en los registros de afiliación "
    "del Instituto, y a una CURP solo le puede corresponder un NSS: no podemos saber cuál es el "
    "suyo hasta que se corrija. " + ACLARACION
)


def curp_de_sesion(sesion: Sesion) -> str | None:
    """The own CURP of the certificate that opened the session (None for a persona moral's,
    whose serialNumber holds only its representative's, or a certificate without one)."""
    try:
        certificado = leer_certificado(bytes(sesion.certificado_der))
    except ErrorEfirma:
        return None
    if certificado.persona != "fisica":
        return None
    curp = (certificado.curp or "").strip().upper()
    return curp if len(curp) == 18 else None


def access_asegurado(sesion: Sesion) -> Asegurado:
    """The worker of the logged-in session: the asegurado whose CURP is the session certificate's.

    Raises `ErrorBuzon` 404 `sin_curp` (no own CURP in the certificate), `sin_asegurado` (no NSS
    for that CURP) or `curp_con_varios_nss` (more than one: the law allows one), each naming the
    5.9 aclaración as the way out. One query on `asegurado_curp_idx`.
    """
    curp = curp_de_sesion(sesion)
    if curp is None:
        raise ErrorBuzon("sin_curp", SIN_CURP, None, 404)
    encontrados = list(Asegurado.objects.filter(curp=curp).order_by("nss")[:2])
    if not encontrados:
        raise ErrorBuzon("sin_asegurado", SIN_ASEGURADO, None, 404)
    if len(encontrados) > 1:
        raise ErrorBuzon("curp_con_varios_nss", VARIOS_NSS, None, 404)
    return encontrados[0]


# ------------------------------------------------------------ the worker's history


def vinculacion(sesion: Sesion) -> tuple[Asegurado | None, ErrorBuzon | None]:
    """`access_asegurado` as a state for «who I am»: the asegurado, or why there is none."""
    try:
        return access_asegurado(sesion), None
    except ErrorBuzon as exc:
        return None, exc


@dataclass(frozen=True)
class Historial:
    """One worker's ledger: their movements per registro (as the engine reads them), the
    employers' names, and the semanas descontadas/reintegradas."""

    movimientos: dict[str, list[MovimientoLegal]]
    patrones: dict[str, str]
    ajustes: list[Ajuste]


def historial_de(asegurado: Asegurado) -> Historial:
    """Two queries: every movement of the worker (index on asegurado) with its registro and the
    employer's name, and their adjustments."""
    filas = (
        Movimiento.objects.filter(asegurado=asegurado)
        .order_by("registro_id", "fecha", "tipo")
        .values_list(
            "registro__registro", "registro__patron__nombre", "tipo", "fecha", "sbc", "dias"
        )
    )
    movimientos: dict[str, list[MovimientoLegal]] = {}
    patrones: dict[str, str] = {}
    for registro, nombre, tipo, fecha, sbc, dias in filas:
        lista = movimientos.setdefault(registro, [])
        lista.append(MovimientoLegal(len(lista) + 1, tipo, fecha, sbc, dias))
        patrones[registro] = nombre
    ajustes = [
        Ajuste(t, f, s, r)
        for t, f, s, r in AjusteSemanas.objects.filter(asegurado=asegurado)
        .order_by("fecha", "tipo", "referencia")
        .values_list("tipo", "fecha", "semanas", "referencia")
    ]
    return Historial(movimientos, patrones, ajustes)


NO_ENCONTRADA = (
    "No tiene una constancia con ese folio. Revise el folio en la lista de sus constancias."
)


def access_constancia(sesion: Sesion, tipo: str, folio: str) -> Constancia:
    """The constancia `folio` of type `tipo` when it was issued to the session's worker. Always
    raises otherwise (another's folio and a missing one are the same 404)."""
    asegurado = access_asegurado(sesion)
    canonico = normalizar_folio(folio)
    constancia = None
    if canonico is not None:
        constancia = (
            Constancia.objects.filter(folio=canonico, tipo=tipo, asegurado=asegurado)
            .select_related("acuse")
            .first()
        )
    if constancia is None:
        raise ErrorBuzon("no_encontrado", NO_ENCONTRADA, "folio", 404)
    return constancia


def constancias_de(asegurado: Asegurado, tipo: str) -> QuerySet[Constancia]:
    return Constancia.objects.filter(asegurado=asegurado, tipo=tipo).order_by("-emitida", "-id")
