"""One row of the employers' register (pure: no Django import): its columns, the rules of each
field (registro patronal, entidad, IANA zone of Mexico) and `validar_fila`, which names every
column at fault. The file as a whole is read by `buzon.padron.archivo`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

from buzon.legal.calendario import ENTIDADES
from buzon.legal.errores import ErrorLegal
from buzon.legal.opinion import MODALIDAD_GENERAL, SITUACIONES_REGISTRO
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import zona

COLUMNAS = ("rfc", "nombre", "registro_patronal", "entidad", "subdelegacion", "zona_horaria")
ENCABEZADO = ",".join(COLUMNAS)
#: Columns a file may add after (or among) COLUMNAS; files without them keep working.
COLUMNAS_OPCIONALES = ("zona_salario", "modalidad", "situacion")
#: The minimum-wage zone of a registro patronal: the general one or the Zona Libre de la Frontera
#: Norte (decrees of the minimum wages; docs/padron.md). A new registro without the column: general.
ZONAS_SALARIO = ("general", "zlfn")
ZONA_SALARIO_GENERAL = "general"
#: The modalidad de aseguramiento (two digits) and the situación of a registro patronal (issue 14,
#: the opinión de cumplimiento [I-65]); a new registro without the columns: 10 and vigente.
SITUACION_VIGENTE = "vigente"
SITUACIONES = SITUACIONES_REGISTRO
LARGO_NOMBRE = 300
LARGO_SUBDELEGACION = 100
#: 11 characters as IMSS writes them: a letter or digit, then 10 digits (e.g. Y5412345108).
#: No check digit is verified: IMSS publishes no algorithm for it.
PATRON_REGISTRO = r"^[A-Z0-9][0-9]{10}\Z"
_REGISTRO = re.compile(PATRON_REGISTRO)

#: The IANA zones that cover Mexico (tzdata's zone1970.tab, country MX).
ZONAS_DE_MEXICO: frozenset[str] = frozenset(
    {
        "America/Mexico_City",
        "America/Cancun",
        "America/Merida",
        "America/Monterrey",
        "America/Matamoros",
        "America/Chihuahua",
        "America/Ciudad_Juarez",
        "America/Ojinaga",
        "America/Mazatlan",
        "America/Bahia_Banderas",
        "America/Hermosillo",
        "America/Tijuana",
    }
)


def _enlaces_de_tzdata() -> dict[str, str]:
    """alias -> zone, from the `L zone alias` lines of the pinned tzdata's tzdata.zi."""
    texto = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("ascii")
    enlaces = {}
    for renglon in texto.splitlines():
        partes = renglon.split()
        if len(partes) == 3 and partes[0] == "L":
            enlaces[partes[2]] = partes[1]
    return enlaces


def _zonas_admitidas() -> dict[str, str]:
    """lower-case name -> canonical zone: the 12 Mexican zones and their aliases in tzdata."""
    admitidas = {z.lower(): z for z in ZONAS_DE_MEXICO}
    for alias, destino in _enlaces_de_tzdata().items():
        if destino in ZONAS_DE_MEXICO:
            admitidas[alias.lower()] = destino
    return admitidas


_ZONAS_ADMITIDAS = _zonas_admitidas()


@dataclass(frozen=True, slots=True)
class FilaPadron:
    linea: int
    rfc: str
    nombre: str
    registro: str
    entidad: str
    subdelegacion: str
    zona_horaria: str
    #: None when the file has no `zona_salario` column (the stored zone is kept).
    zona_salario: str | None = None
    #: None when the file has no `modalidad` / `situacion` column (the stored value is kept).
    modalidad: str | None = None
    situacion: str | None = None


# --- one value at a time ---------------------------------------------------------------------


def normalizar_registro(valor: str) -> str:
    """The registro patronal in canonical form (upper case, without spaces or dashes)."""
    limpio = valor.strip().upper().replace(" ", "").replace("-", "")
    if not limpio:
        raise ErrorLegal(
            "falta el registro patronal: escríbalo con sus 11 caracteres (por ejemplo "
            "Y5412345108).",
            "registro_patronal",
        )
    if not _REGISTRO.match(limpio):
        raise ErrorLegal(
            f"«{valor.strip()}» no es un registro patronal válido: debe tener 11 caracteres, una "
            "letra o un dígito seguido de 10 dígitos (por ejemplo Y5412345108); corríjalo.",
            "registro_patronal",
        )
    return limpio


def normalizar_entidad(valor: str) -> str:
    limpio = valor.strip().upper().removeprefix("MX-")
    if limpio in ENTIDADES:
        return limpio
    if not limpio:
        mensaje = (
            "falta la entidad federativa: escriba su clave ISO 3166-2:MX sin «MX-» "
            "(por ejemplo CMX)."
        )
    elif limpio == "DIF":
        mensaje = "«DIF» es la clave anterior de la Ciudad de México: escriba CMX."
    else:
        mensaje = (
            f"«{valor.strip()}» no es una entidad federativa: use la clave ISO 3166-2:MX sin «MX-» "
            "(por ejemplo CMX, JAL, NLE)."
        )
    raise ErrorLegal(mensaje, "entidad")


def normalizar_zona(valor: str) -> str:
    """The canonical Mexican IANA zone for `valor` (case-insensitive; tzdata aliases accepted)."""
    limpio = valor.strip()
    canonica = _ZONAS_ADMITIDAS.get(limpio.lower())
    if canonica is not None:
        zona(canonica)  # ErrorLegal if the pinned tzdata lacked it
        return canonica
    if not limpio:
        raise ErrorLegal(
            "falta la zona horaria del domicilio fiscal: escriba America/Mexico_City si está en "
            "Zona Centro.",
            "zona_horaria",
        )
    try:
        zona(limpio)
    except ErrorLegal as exc:
        raise ErrorLegal(
            f"«{limpio}» no es una zona horaria IANA: escriba la del domicilio fiscal, por ejemplo "
            "America/Mexico_City (Zona Centro), America/Cancun o America/Tijuana.",
            "zona_horaria",
        ) from exc
    raise ErrorLegal(
        f"«{limpio}» no es una zona horaria de México: escriba la del domicilio fiscal, por "
        "ejemplo America/Mexico_City (Zona Centro), America/Cancun o America/Tijuana.",
        "zona_horaria",
    )


def normalizar_zona_salario(valor: str) -> str:
    """`general` or `zlfn` (any case); an empty cell is the general zone."""
    limpio = valor.strip().lower()
    if not limpio:
        return ZONA_SALARIO_GENERAL
    if limpio in ZONAS_SALARIO:
        return limpio
    raise ErrorLegal(
        f"«{valor.strip()}» no es una zona de salario mínimo: escriba general, o zlfn si el "
        "registro está en la Zona Libre de la Frontera Norte (vacío es general).",
        "zona_salario",
    )


def normalizar_modalidad(valor: str) -> str:
    """Two digits (`10`, `13`, `40`…); `7` is `07`; an empty cell is modalidad 10."""
    limpio = valor.strip()
    if not limpio:
        return MODALIDAD_GENERAL
    if limpio.isascii() and limpio.isdigit() and len(limpio) <= 2:
        return limpio.zfill(2)
    raise ErrorLegal(
        f"«{limpio}» no es una modalidad de aseguramiento: escriba sus dos dígitos (por ejemplo "
        "10; vacío es 10).",
        "modalidad",
    )


def normalizar_situacion(valor: str) -> str:
    """`vigente`, `baja` or `suspendido` (any case); an empty cell is vigente."""
    limpio = valor.strip().lower()
    if not limpio:
        return SITUACION_VIGENTE
    if limpio in SITUACIONES:
        return limpio
    raise ErrorLegal(
        f"«{valor.strip()}» no es una situación del registro patronal: escriba vigente, baja o "
        "suspendido (vacío es vigente).",
        "situacion",
    )


def _texto(valor: str, campo: str, largo: int, falta: str) -> str:
    limpio = valor.strip()
    if not limpio:
        raise ErrorLegal(falta, campo)
    if len(limpio) > largo:
        raise ErrorLegal(
            f"tiene {len(limpio)} caracteres y el máximo es {largo}: abrévielo.",
            campo,
        )
    return limpio


def validar_fila(linea: int, celdas: Mapping[str, str]) -> FilaPadron:
    """One row of the file, normalised; ErrorFila naming every column at fault."""
    problemas: list[tuple[str, str]] = []

    def tomar(columna: str, funcion: Callable[[str], str]) -> str:
        try:
            return funcion(celdas[columna])
        except ErrorLegal as exc:
            problemas.append((columna, exc.mensaje))
            return ""

    def rfc(valor: str) -> str:
        if not valor.strip():
            raise ErrorLegal(
                "falta el RFC del patrón: escríbalo (12 o 13 caracteres, por ejemplo "
                "XAXX010101000).",
                "rfc",
            )
        return normalizar_rfc(valor)

    fila = FilaPadron(
        linea=linea,
        rfc=tomar("rfc", rfc),
        nombre=tomar(
            "nombre",
            lambda v: _texto(
                v,
                "nombre",
                LARGO_NOMBRE,
                "falta el nombre o razón social del patrón: escríbalo como aparece ante el SAT.",
            ),
        ),
        registro=tomar("registro_patronal", normalizar_registro),
        entidad=tomar("entidad", normalizar_entidad),
        subdelegacion=tomar(
            "subdelegacion",
            lambda v: _texto(
                v,
                "subdelegacion",
                LARGO_SUBDELEGACION,
                "falta la subdelegación del IMSS a la que pertenece el registro patronal: "
                "escríbala.",
            ),
        ),
        zona_horaria=tomar("zona_horaria", normalizar_zona),
        zona_salario=(
            tomar("zona_salario", normalizar_zona_salario) if "zona_salario" in celdas else None
        ),
        modalidad=tomar("modalidad", normalizar_modalidad) if "modalidad" in celdas else None,
        situacion=tomar("situacion", normalizar_situacion) if "situacion" in celdas else None,
    )
    if problemas:
        raise ErrorFila(linea, problemas)
    return fila


class ErrorFila(ValueError):
    """A bad row: every (column, message) at fault."""

    def __init__(self, linea: int, problemas: list[tuple[str, str]]) -> None:
        self.linea = linea
        self.problemas = problemas
        super().__init__(formatear_error(linea, self.texto))

    @property
    def texto(self) -> str:
        return "; ".join(f"columna «{c}»: {m.rstrip('.')}" for c, m in self.problemas) + "."


def formatear_error(linea: int, texto: str) -> str:
    return f"línea {linea}, {texto}"
