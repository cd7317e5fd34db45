"""Adding a text or a new version of it to the library (officials with role administrador).

`do_agregar_version` is the one write: it checks the fields and the content, splits the text into
its articles (`analisis.dividir`), stores the version and its articles, writes the embedded search
index (SQLite's FTS5 table; PostgreSQL's GIN index follows the rows by itself) and appends the
event `norma_agregada` to the evidence log, all in one transaction. The same content added again
to the same text changes nothing (idempotent by SHA-256).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from buzon.comun.texto import es_visible
from buzon.evidencia import bitacora
from buzon.legal.zonas import ZONA_CENTRO
from buzon.normatividad.analisis import PROEMIO, dividir, normalizar
from buzon.normatividad.errores import ErrorNormatividad
from buzon.normatividad.models import Articulo, Texto, Version
from buzon.oficina.models import Oficial

EVENTO = "norma_agregada"
#: The largest text accepted (UTF-8 bytes): a whole code is about 1.5 MB.
MAXIMO_BYTES = 3_000_000
PATRON_CLAVE = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"
LARGO_NOMBRE, LARGO_FUENTE = 300, 500
FECHA_MINIMA = date(1917, 1, 1)
#: Path segments of the pages and the API that a clave would hide.
RESERVADAS = frozenset({"buscar", "busqueda", "agregar", "oficina", "versiones"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Alta:
    """What an official asks to add (the command's and the page's fields)."""

    clave: str
    tipo: str
    nombre: str
    fecha_dof: date
    fuente_dof: str
    vigente_desde: date | None = None


@dataclass(frozen=True)
class ResultadoAlta:
    version: Version
    nueva: bool


def exigir_tamano(tamano: int) -> None:
    if tamano > MAXIMO_BYTES:
        raise ErrorNormatividad(
            "archivo_invalido",
            f"El archivo pesa más de {MAXIMO_BYTES} bytes, el máximo: suba solo el texto del "
            "ordenamiento, sin imágenes.",
            "archivo",
        )


def leer_archivo(datos: bytes) -> str:
    """The uploaded file as text: UTF-8 (a BOM is dropped), within the size limit."""
    exigir_tamano(len(datos))
    try:
        return datos.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ErrorNormatividad(
            "archivo_invalido",
            "El archivo no es texto UTF-8: guárdelo como «Texto sin formato (UTF-8)» y súbalo de "
            "nuevo.",
            "archivo",
        ) from exc


def _contenido(texto: str) -> str:
    contenido = texto.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    exigir_tamano(len(contenido.encode("utf-8")))
    if not contenido.strip():
        raise ErrorNormatividad("archivo_invalido", "El archivo está vacío.", "archivo")
    if _CONTROL.search(contenido):
        raise ErrorNormatividad(
            "archivo_invalido",
            "El archivo tiene caracteres de control (no es un texto legible, quizá un PDF o un "
            "documento de procesador de textos): súbalo como texto sin formato.",
            "archivo",
        )
    return contenido


def _linea(valor: str, campo: str, que: str, maximo: int) -> str:
    limpio = " ".join(valor.split())
    if not 3 <= len(limpio) <= maximo or not es_visible(limpio):
        raise ErrorNormatividad(
            "campo_invalido",
            f"{que} debe tener de 3 a {maximo} caracteres visibles, en una sola línea.",
            campo,
        )
    return limpio


def _revisar(alta: Alta) -> Alta:
    if not re.match(PATRON_CLAVE, alta.clave) or alta.clave in RESERVADAS:
        raise ErrorNormatividad(
            "campo_invalido",
            "La clave corta va en minúsculas, números y guiones, de 1 a 40 caracteres "
            "(por ejemplo «cff» o «lss»); no puede ser «" + "», «".join(sorted(RESERVADAS)) + "».",
            "clave",
        )
    if alta.tipo not in Texto.Tipo.values:
        raise ErrorNormatividad(
            "campo_invalido",
            "El tipo debe ser uno de: " + ", ".join(Texto.Tipo.values) + ".",
            "tipo",
        )
    hoy = timezone.now().astimezone(ZONA_CENTRO).date()
    if not FECHA_MINIMA <= alta.fecha_dof <= hoy + timedelta(days=1):
        raise ErrorNormatividad(
            "campo_invalido",
            "La fecha de publicación en el DOF debe ser una fecha real, de 1917 a hoy.",
            "dof",
        )
    vigor = alta.vigente_desde or alta.fecha_dof + timedelta(days=1)
    if not alta.fecha_dof <= vigor <= alta.fecha_dof + timedelta(days=3660):
        raise ErrorNormatividad(
            "campo_invalido",
            "La entrada en vigor debe ser el día de la publicación o posterior (hasta 10 años).",
            "vigor",
        )
    return Alta(
        alta.clave,
        alta.tipo,
        _linea(alta.nombre, "nombre", "El nombre", LARGO_NOMBRE),
        alta.fecha_dof,
        _linea(
            alta.fuente_dof, "fuente", "La fuente (referencia o dirección del DOF)", LARGO_FUENTE
        ),
        vigor,
    )


def _administrador(por: str) -> Oficial:
    oficial = Oficial.objects.filter(rfc=por.strip().upper(), activo=True).first()
    if oficial is None or oficial.rol != Oficial.Rol.ADMINISTRADOR:
        raise ErrorNormatividad(
            "no_autorizado",
            "Solo un servidor público activo con rol administrador puede agregar textos a la "
            "biblioteca de normatividad.",
            "por",
            403,
        )
    return oficial


def do_agregar_version(
    alta: Alta, contenido: str, *, por: str, instante: datetime | None = None
) -> ResultadoAlta:
    """Add `contenido` as a new version of the text `alta.clave` (creating the text the first
    time). Nothing changes when that text already has this very content."""
    alta = _revisar(alta)
    contenido = _contenido(contenido)
    oficial = _administrador(por)
    piezas = dividir(contenido)
    if not [p for p in piezas if p.clave != PROEMIO]:
        raise ErrorNormatividad(
            "sin_articulos",
            "No se encontró ningún artículo ni numeral («Artículo 1.», «1.», «Transitorios»): "
            "revise que sea el texto del ordenamiento.",
            "archivo",
        )
    sha = hashlib.sha256(contenido.encode("utf-8")).hexdigest()
    momento = instante or timezone.now()
    with transaction.atomic():
        texto, _ = Texto.objects.get_or_create(
            clave=alta.clave,
            defaults={"tipo": alta.tipo, "nombre": alta.nombre, "creado": momento},
        )
        texto = Texto.objects.select_for_update().get(pk=texto.pk)
        if texto.tipo != alta.tipo:
            raise ErrorNormatividad(
                "campo_invalido",
                f"El texto «{texto.clave}» ya existe con tipo «{texto.get_tipo_display()}»: "
                "una versión nueva conserva el tipo.",
                "tipo",
            )
        existente = Version.objects.filter(texto=texto, sha256=sha).first()
        if existente is not None:
            return ResultadoAlta(existente, False)
        ultimo = Version.objects.filter(texto=texto).aggregate(m=Max("numero"))["m"] or 0
        version = Version.objects.create(
            texto=texto,
            numero=ultimo + 1,
            fecha_dof=alta.fecha_dof,
            fuente_dof=alta.fuente_dof,
            vigente_desde=alta.vigente_desde or alta.fecha_dof,
            contenido=contenido,
            sha256=sha,
            agregada_por=oficial.rfc,
            agregada=momento,
        )
        articulos = Articulo.objects.bulk_create(
            Articulo(
                version=version,
                orden=p.orden,
                clave=p.clave,
                texto=p.texto,
                texto_normal=normalizar(p.texto),
            )
            for p in piezas
        )
        _indexar(articulos)
        bitacora.anotar(
            EVENTO,
            f"normatividad:{texto.clave}",
            {
                "clave": texto.clave,
                "version": version.numero,
                "sha256": sha,
                "fecha_dof": alta.fecha_dof.isoformat(),
                "vigente_desde": version.vigente_desde.isoformat(),
                "fuente_dof": alta.fuente_dof,
                "articulos": len(articulos),
                "por": oficial.rfc,
            },
            momento,
        )
    return ResultadoAlta(version, True)


def _indexar(articulos: list[Articulo]) -> None:
    """SQLite: the new articles into the FTS5 table (PostgreSQL's index needs nothing). A row
    left by a flushed test database under a reused id is replaced first."""
    if connection.vendor != "sqlite":
        return
    filas = [(a.pk, a.texto_normal) for a in articulos]
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM normatividad_fts WHERE rowid = %s", [(f[0],) for f in filas]
        )
        cursor.executemany("INSERT INTO normatividad_fts (rowid, texto) VALUES (%s, %s)", filas)
