"""The inputs, prepared before anything is timed: valid RFCs, distinct real PDFs signed by the
official, enabled mailboxes in bulk, the issuing requests; the notifications' table."""

from __future__ import annotations

import base64
import io
import multiprocessing
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench.notificaciones.entorno import PROCESOS

#: The fixed-width field of the PDF that varies per document (same length: offsets stay valid).
MARCA = b"000000000000"
HABILITADOS = 0.9

# Set before forking (firmar_documentos): the children inherit it (copy-on-write), nothing is
# pickled.
_LLAVE: rsa.RSAPrivateKey | None = None


def rfcs_validos(cantidad: int, semilla: int) -> list[str]:
    """`cantidad` distinct valid RFCs of personas físicas (check digit by python-stdnum)."""
    from stdnum.exceptions import ValidationError
    from stdnum.mx import rfc as stdnum_rfc

    letras = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    homoclave = "123456789ABCDEFGHIJKLMNPQRSTUV"
    resultado: list[str] = []
    n = semilla * 10_000_000
    while len(resultado) < cantidad:
        nombre = "".join(letras[(n // 26**i) % 26] for i in range(4))
        dia = datetime(1950, 1, 1, tzinfo=UTC) + timedelta(days=(n // 26**4) % 20_000)
        base = f"{nombre}{dia:%y%m%d}{homoclave[n % 30]}{homoclave[(n // 30) % 30]}"
        candidato = base + stdnum_rfc.calc_check_digit(base)
        n += 1
        try:
            stdnum_rfc.validate(candidato, validate_check_digits=True)
        except ValidationError:
            continue
        resultado.append(candidato)
    return resultado


def pdf_base() -> bytes:
    """One real page (ReportLab, uncompressed) with a fixed-width number field, `MARCA`."""
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, invariant=True, pageCompression=0)
    lienzo.setFont("Helvetica-Bold", 14)
    lienzo.drawString(72, 740, "INSTITUTO MEXICANO DEL SEGURO SOCIAL")
    lienzo.setFont("Helvetica", 11)
    lienzo.drawString(72, 715, f"Oficio núm. {MARCA.decode()}")
    lienzo.drawString(72, 695, "Asunto: resolución determinante de cuotas obrero patronales.")
    lienzo.drawString(72, 675, "Documento generado para medir el rendimiento del Buzón.")
    lienzo.save()
    datos = salida.getvalue()
    if datos.count(MARCA) != 1:
        raise RuntimeError("bench/notificaciones: el campo variable del PDF no es único")
    return datos


def pdf_numero(base: bytes, numero: int) -> bytes:
    return base.replace(MARCA, f"{numero:012d}".encode("ascii"))


def _firmar_rango(argumentos: tuple[bytes, int, int]) -> list[str]:
    base, desde, hasta = argumentos
    assert _LLAVE is not None
    return [
        base64.b64encode(
            _LLAVE.sign(pdf_numero(base, i), padding.PKCS1v15(), hashes.SHA256())
        ).decode()
        for i in range(desde, hasta)
    ]


def firmar_documentos(llave: rsa.RSAPrivateKey, base: bytes, desde: int, hasta: int) -> list[str]:
    """The official signs each PDF (two processes: this is the official's cost, not timed)."""
    global _LLAVE
    _LLAVE = llave  # set before forking: the children inherit it, nothing is pickled
    pasos = [(base, a, min(a + 5000, hasta)) for a in range(desde, hasta, 5000)]
    with multiprocessing.get_context("fork").Pool(PROCESOS) as grupo:
        partes = grupo.map(_firmar_rango, pasos)
    return [firma for parte in partes for firma in parte]


def copiar(tabla: str, columnas: Sequence[str], filas: Sequence[Sequence[object]]) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia,
    ):
        for fila in filas:
            copia.write_row(fila)


def habilitar_en_bloque(rfcs: Sequence[str], momento: datetime) -> None:
    """Enabled mailboxes (5.4, 5.6) as tests/notificaciones/fixtures.habilitar makes them, in bulk:
    a Buzon with accepted terms and two confirmed medios each."""
    from django.db import transaction

    from buzon.evidencia.copia import insertar
    from buzon.habilitacion.models import Buzon, Medio

    with transaction.atomic():
        buzones = [
            Buzon(
                rfc=r,
                nombre=f"PATRON {r}",
                creado=momento,
                terminos_aceptados_en=momento,
                fuente_habilitacion=Buzon.Fuente.TERMINOS,
            )
            for r in rfcs
        ]
        insertar(Buzon, buzones, "rfc")
        filas = []
        for b in buzones:
            for tipo, valor in (
                (Medio.Tipo.CORREO, f"{b.rfc.lower()}@example.com"),
                (Medio.Tipo.CELULAR, f"55{b.pk % 100_000_000:08d}"),
            ):
                filas.append(
                    [b.pk, "", tipo, valor, Medio.Estado.CONFIRMADO, momento,
                     momento + timedelta(hours=72), "", None, 1, 0, momento, None, ""]
                )  # fmt: skip
        copiar(
            Medio._meta.db_table,
            [
                "buzon_id", "registro_patronal", "tipo", "valor", "estado", "registrado_en",
                "expira", "codigo_hash", "codigo_enviado_en", "envios", "intentos_fallidos",
                "confirmado_en", "cancelado_en", "motivo_cancelacion",
            ],
            filas,
        )  # fmt: skip
    # A production database has statistics for its mailboxes; right after a bulk COPY it has
    # none, and the planner then scans every confirmed medio per chunk (the inputs, not timed).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Buzon._meta.db_table}")
        cursor.execute(f"ANALYZE {Medio._meta.db_table}")


def solicitudes(
    base: bytes, firmas: list[str], desde: int, rfcs: list[str], prefijo: str
) -> list[Any]:
    from buzon.notificaciones.emision.servicios import Solicitud

    return [
        Solicitud(
            clave=f"{prefijo}:{i}",
            rfc=rfcs[i % len(rfcs)],
            tipo="7.1",
            asunto=f"Resolución determinante núm. {desde + i}",
            documento=base64.b64encode(pdf_numero(base, desde + i)).decode(),
            firma=firma,
        )
        for i, firma in enumerate(firmas)
    ]


def tabla_notificaciones() -> str:
    from buzon.notificaciones.models import Notificacion

    return Notificacion._meta.db_table


def columnas_notificaciones() -> list[str]:
    from buzon.notificaciones.models import Notificacion

    return [c.column for c in Notificacion._meta.concrete_fields if not c.primary_key]
