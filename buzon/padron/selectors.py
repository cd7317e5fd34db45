"""Reading the employers' register. Unknown employers get the defaults the contract promises:
Zona Centro, the national ámbito, no registros (they still get a mailbox: RFC from the certificate).
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from buzon.comun.errores import ErrorBuzon, desde_legal
from buzon.legal.calendario import Ambito
from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import RegistroOpinion
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.padron.filas import normalizar_registro
from buzon.padron.models import Patron, RegistroPatronal


def _rfc(rfc: str) -> str | None:
    """The canonical RFC, or None when it cannot be one (so it is in no register)."""
    try:
        return normalizar_rfc(rfc)
    except ErrorLegal:
        return None


def patron_de(rfc: str) -> Patron | None:
    """The employer with this RFC in the register, or None."""
    clave = _rfc(rfc)
    if clave is None:
        return None
    return Patron.objects.filter(rfc=clave).first()


def zona_de(rfc: str) -> ZoneInfo:
    """The time zone of the employer's fiscal domicile; Zona Centro when the register lacks it."""
    clave = _rfc(rfc)
    if clave is None:
        return ZONA_CENTRO
    nombre = Patron.objects.filter(rfc=clave).values_list("zona_horaria", flat=True).first()
    return ZONA_CENTRO if nombre is None else zona(nombre)


def registros_de(rfc: str) -> list[str]:
    """The employer's registros patronales, sorted; [] when it is not in the register."""
    clave = _rfc(rfc)
    if clave is None:
        return []
    return list(
        RegistroPatronal.objects.filter(patron__rfc=clave)
        .order_by("registro")
        .values_list("registro", flat=True)
    )


def ambito_de(rfc: str, registro_patronal: str | None = None) -> Ambito:
    """The ámbito (entidad, subdelegación) for the calendar of declared días inhábiles.

    With a registro of this RFC: that registro's entidad and subdelegación. Otherwise (no registro
    given, or one the register does not list under this RFC): the entidad shared by all the RFC's
    registros, else None, and likewise the subdelegación; Ambito() for an unknown RFC. See
    docs/padron.md, "Ámbito de un RFC".
    """
    clave = _rfc(rfc)
    if clave is None:
        return Ambito()
    registros = RegistroPatronal.objects.filter(patron__rfc=clave)
    if registro_patronal is not None:
        try:
            registro = normalizar_registro(registro_patronal)
        except ErrorLegal:
            registro = None
        if registro is not None:
            propio = registros.filter(registro=registro).values("entidad", "subdelegacion").first()
            if propio is not None:
                return Ambito(propio["entidad"], propio["subdelegacion"])
    entidades = set(registros.values_list("entidad", flat=True).distinct())
    subdelegaciones = set(registros.values_list("subdelegacion", flat=True).distinct())
    return Ambito(
        entidades.pop() if len(entidades) == 1 else None,
        subdelegaciones.pop() if len(subdelegaciones) == 1 else None,
    )


def _ambito_entre(propias: list[tuple[str, str, str]], registro: str) -> Ambito:
    """The ámbito of `registro` among an RFC's (registro, entidad, subdelegación) rows: that
    registro's when listed, else what all of them share (see `ambito_de`)."""
    propio = next((f for f in propias if registro and f[0] == registro), None)
    if propio is not None:
        return Ambito(propio[1], propio[2])
    entidades = {f[1] for f in propias}
    subdelegaciones = {f[2] for f in propias}
    return Ambito(
        entidades.pop() if len(entidades) == 1 else None,
        subdelegaciones.pop() if len(subdelegaciones) == 1 else None,
    )


def ambitos_de(pares: list[tuple[str, str]]) -> dict[tuple[str, str], Ambito]:
    """`ambito_de` for many (rfc, registro_patronal or "") pairs in one query (bulk issuing).

    RFCs must already be canonical (normalizar_rfc)."""
    filas: dict[str, list[tuple[str, str, str]]] = {}
    for registro, rfc, entidad, subdelegacion in RegistroPatronal.objects.filter(
        patron__rfc__in={rfc for rfc, _ in pares}
    ).values_list("registro", "patron__rfc", "entidad", "subdelegacion"):
        filas.setdefault(rfc, []).append((registro, entidad, subdelegacion))
    return {(rfc, registro): _ambito_entre(filas.get(rfc, []), registro) for rfc, registro in pares}


def zona_y_ambito(rfc: str, registro_patronal: str) -> tuple[str, Ambito]:
    """`zonas_de([rfc])[rfc]` and `ambitos_de([(rfc, registro_patronal)])[…]` in one query (the
    employer LEFT JOINed to its registros). The RFC must already be canonical."""
    filas = list(
        Patron.objects.filter(rfc=rfc)
        .order_by()
        .values_list(
            "zona_horaria",
            "registros__registro",
            "registros__entidad",
            "registros__subdelegacion",
        )
    )
    zona_horaria = (filas[0][0] if filas else None) or ZONA_CENTRO.key
    propias = [(r, e, s) for _, r, e, s in filas if r is not None]
    return zona_horaria, _ambito_entre(propias, registro_patronal)


def zonas_de(rfcs: list[str]) -> dict[str, str]:
    """The IANA zone name of each RFC's domicile in one query; Zona Centro when not registered."""
    conocidas = dict(Patron.objects.filter(rfc__in=rfcs).values_list("rfc", "zona_horaria"))
    return {rfc: conocidas.get(rfc) or ZONA_CENTRO.key for rfc in rfcs}


def zonas_salario_de(registros: list[str]) -> dict[str, str]:
    """The minimum-wage zone (`general` or `zlfn`) of each registro in one query; registros must
    be canonical (normalizar_registro); those not in the register are absent from the answer."""
    return dict(
        RegistroPatronal.objects.filter(registro__in=registros).values_list(
            "registro", "zona_salario"
        )
    )


def zona_salario_de(registro_patronal: str) -> str:
    """The minimum-wage zone of one registro; ErrorBuzon 404 when the register lacks it (a zone
    is never guessed: the contributions depend on it)."""
    try:
        registro = normalizar_registro(registro_patronal)
    except ErrorLegal as exc:
        raise desde_legal("registro_invalido", exc) from exc
    zona_salario = zonas_salario_de([registro]).get(registro)
    if zona_salario is None:
        raise ErrorBuzon(
            "registro_desconocido",
            f"El registro patronal {registro} no está en el padrón: impórtelo con buzon padron "
            "importar antes de consultar su zona de salario mínimo.",
            "registro_patronal",
            404,
        )
    return zona_salario


def nombres_de(rfcs: list[str]) -> dict[str, str]:
    return dict(Patron.objects.filter(rfc__in=rfcs).values_list("rfc", "nombre"))


#: RFCs per query of the set-based selectors (each is one bound parameter).
BLOQUE_RFCS = 1_000


def registros_para_opinion(rfcs: Sequence[str]) -> dict[str, list[RegistroOpinion]]:
    """Every RFC's registros patronales with their modalidad and situación, sorted by registro,
    one query per `BLOQUE_RFCS` RFCs (the unique index on `Patron.rfc`, then the registros' index
    on `patron_id`). RFCs must be canonical (normalizar_rfc); one the register lacks maps to []
    (the opinión's "no se encuentra registrado como patrón"). `trabajadores` is 0 here: the
    caller fills it from the afiliación ledger (`cuotas.vigentes.trabajadores_vigentes`)."""
    salida: dict[str, list[RegistroOpinion]] = {rfc: [] for rfc in rfcs}
    lista = sorted(salida)
    for i in range(0, len(lista), BLOQUE_RFCS):
        filas = (
            RegistroPatronal.objects.filter(patron__rfc__in=lista[i : i + BLOQUE_RFCS])
            .order_by("registro")
            .values_list("patron__rfc", "registro", "modalidad", "situacion")
        )
        for rfc, registro, modalidad, situacion in filas:
            salida[rfc].append(RegistroOpinion(registro, modalidad, situacion, 0))
    return salida
