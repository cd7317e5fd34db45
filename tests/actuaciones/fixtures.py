"""Fixtures for actuaciones: enabled employers in the padrón, logged-in API clients, officials,
notified requirements, and attachments (valid and hostile) built byte by byte."""

from __future__ import annotations

import base64
import io
import secrets
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from buzon.evidencia.models import CertificadoSello
from tests.cuentas.fixtures import Patron, entrar

API = "/api/v1"

# --- Attachments ---------------------------------------------------------------------------------


def pdf(texto: str = "Contrato de prueba", relleno: int = 0, extra_trailer: str = "") -> bytes:
    """A small, well-formed PDF (one page, correct xref) of about `relleno` bytes more."""
    contenido = f"BT /F1 12 Tf 72 720 Td ({texto}) Tj ET".encode("latin-1")
    objetos = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> "
        b">> >>",
        b"<< /Length %d >>\nstream\n" % len(contenido) + contenido + b"\nendstream",
    ]
    if relleno:
        datos = secrets.token_hex(relleno // 2).encode("ascii")
        objetos.append(b"<< /Length %d >>\nstream\n" % len(datos) + datos + b"\nendstream")
    salida = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    desplazamientos = []
    for numero, cuerpo in enumerate(objetos, start=1):
        desplazamientos.append(len(salida))
        salida += b"%d 0 obj\n" % numero + cuerpo + b"\nendobj\n"
    xref = len(salida)
    salida += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objetos) + 1)
    for d in desplazamientos:
        salida += b"%010d 00000 n \n" % d
    salida += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objetos) + 1,
        extra_trailer.encode("ascii"),
        xref,
    )
    return bytes(salida)


def pdf_cifrado() -> bytes:
    """A PDF whose trailer names an /Encrypt dictionary (password-protected)."""
    return pdf(extra_trailer="/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -4 >> ")


def png() -> bytes:
    def trozo(tipo: bytes, datos: bytes) -> bytes:
        crc = zlib.crc32(tipo + datos) & 0xFFFFFFFF
        return struct.pack(">I", len(datos)) + tipo + datos + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + trozo(b"IHDR", ihdr)
        + trozo(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + trozo(b"IEND", b"")
    )


def zip_bomba() -> bytes:
    """A docx-like ZIP whose one member inflates 10 MB of zeros from a few KB."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (10 * 1024 * 1024))
    return salida.getvalue()


def b64(datos: bytes) -> str:
    return base64.b64encode(datos).decode("ascii")


def anexo(nombre: str = "contrato.pdf", datos: bytes | None = None) -> dict[str, str]:
    return {
        "nombre": nombre,
        "tipo_mime": "application/pdf",
        "contenido": b64(pdf() if datos is None else datos),
    }


# --- The ICSOE (LSS 15 A) -------------------------------------------------------------------------

#: Version 2024-08-05 (before issue 11): filings stored under it must keep validating and rendering.
ICSOE_2024: dict[str, Any] = {
    "ejercicio": 2026,
    "cuatrimestre": "septiembre-diciembre",
    "registro_stps": "AR12345/2021",
    "contratos": [
        {
            "rfc_contratante": "H&E951128469",
            "nombre_contratante": "HERRERIA & ELECTRICOS SA DE CV",
            "objeto": "Mantenimiento especializado de subestaciones eléctricas",
            "fecha_inicio": "2026-09-01",
            "trabajadores": 12,
        }
    ],
}

#: The vigente version (2026-12-03): provider and beneficiary as LSS 15 A lists them.
ICSOE: dict[str, Any] = {
    "ejercicio": 2026,
    "cuatrimestre": "septiembre-diciembre",
    "prestador": {
        "nombre": "SERVICIOS ESPECIALIZADOS DEL NORTE SA DE CV",
        "rfc": "SEN100101AB3",
        "domicilio": "Av. Reforma 100, Col. Juárez, Cuauhtémoc, 06600, Ciudad de México",
        "correo": "contacto@senorte.mx",
        "telefono": "5511112222",
    },
    "contratos": [
        {
            "numero": "C-2026-014",
            "rfc_beneficiario": "H&E951128469",
            "nombre_beneficiario": "HERRERIA & ELECTRICOS SA DE CV",
            "domicilio_beneficiario": "Calle Hidalgo 5, Centro, 64000, Monterrey, N.L.",
            "correo_beneficiario": "compras@herreria.mx",
            "telefono_beneficiario": "8183334444",
            "objeto": "Mantenimiento especializado de subestaciones eléctricas",
            "fecha_inicio": "2026-09-01",
            "fecha_fin": "2026-12-31",
            "registro_stps": "AR12345/2021",
        }
    ],
}

_ALFABETO_CURP = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ"


def curp(diecisiete: str) -> str:
    """The CURP with its check digit (RENAPO: the 17 characters weighted 18…2 over the
    alphabet 0-9A-N&O-Z, then 10 minus the sum mod 10), computed here, not by the code tested."""
    suma = sum(_ALFABETO_CURP.index(c) * (18 - i) for i, c in enumerate(diecisiete))
    return diecisiete + str((10 - suma % 10) % 10)


def nss(diez: str) -> str:
    """The NSS with its check digit (Luhn over the ten digits, python-stdnum's)."""
    from stdnum import luhn

    return diez + luhn.calc_check_digit(diez)


def trabajadores(cuantos: int = 2, contrato: str = "C-2026-014", desde: int = 0) -> list[list[str]]:
    """Rows of valid workers (distinct CURPs and NSS), numbered from `desde`."""
    filas = []
    for i in range(desde, desde + cuantos):
        nacimiento = f"{80 + i // 336 % 20:02d}{1 + i // 28 % 12:02d}{1 + i % 28:02d}"
        filas.append(
            [
                contrato,
                f"TRABAJADOR {i}",
                curp(f"GARC{nacimiento}HDFRRN0"),
                nss(f"0190{85 + i // 10_000 % 10:02d}{i % 10_000:04d}"),
                f"{450 + i % 100}.75",
            ]
        )
    return filas


def csv_trabajadores(filas: list[list[str]] | None = None) -> bytes:
    """The workers' CSV (header + rows, RFC 4180 quoting) as an employer's program writes it."""
    import csv

    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow(["contrato", "nombre", "curp", "nss", "salario_base_cotizacion"])
    escritor.writerows(trabajadores() if filas is None else filas)
    return salida.getvalue().encode("utf-8")


def anexo_csv(nombre: str = "trabajadores.csv", datos: bytes | None = None) -> dict[str, str]:
    return {
        "nombre": nombre,
        "tipo_mime": "text/csv",
        "contenido": b64(csv_trabajadores() if datos is None else datos),
    }


def anexos_icsoe(*otros: dict[str, str], csv: bytes | None = None) -> list[dict[str, str]]:
    """What the ICSOE requires: the workers' CSV and the STPS registration in PDF, then `otros`."""
    return [anexo_csv(datos=csv), anexo("registro-stps.pdf", pdf("Registro REPSE")), *otros]


ACLARACION: dict[str, Any] = {
    "motivo": "Inconsistencia en registros patronales",
    "descripcion": "El registro Y5412345108 no aparece en mi buzón.",
}

# --- Employers and officials ---------------------------------------------------------------------


def en_padron(
    rfc: str,
    registro: str = "Y5412345108",
    *,
    zona: str = "America/Mexico_City",
    entidad: str = "CMX",
    subdelegacion: str = "Centro",
) -> None:
    """The employer in the padrón with one registro, its domicile's zone and its ámbito."""
    from buzon.padron.models import Patron as FilaPadron
    from buzon.padron.models import RegistroPatronal

    ahora = datetime.now(UTC)
    fila, _ = FilaPadron.objects.update_or_create(
        rfc=rfc,
        defaults={"nombre": rfc, "zona_horaria": zona, "importado_en": ahora},
        create_defaults={
            "nombre": rfc,
            "zona_horaria": zona,
            "creado_en": ahora,
            "importado_en": ahora,
        },
    )
    RegistroPatronal.objects.update_or_create(
        registro=registro,
        defaults={"patron": fila, "entidad": entidad, "subdelegacion": subdelegacion},
        create_defaults={
            "patron": fila,
            "entidad": entidad,
            "subdelegacion": subdelegacion,
            "creado_en": ahora,
            "importado_en": ahora,
        },
    )


def habilitar(rfc: str, nombre: str = "") -> None:
    """The mailbox enabled (5.6 medios confirmed, 5.3 terms signed), as the enablement flow
    leaves it (tests/habilitacion proves that flow)."""
    from buzon.habilitacion.models import Buzon, Medio
    from buzon.habilitacion.selectors import terminos_vigentes

    ahora = datetime.now(UTC)
    buzon, _ = Buzon.objects.get_or_create(rfc=rfc, defaults={"nombre": nombre, "creado": ahora})
    buzon.terminos = terminos_vigentes()
    buzon.terminos_aceptados_en = ahora
    buzon.save(update_fields=("terminos", "terminos_aceptados_en"))
    for tipo, valor in (("correo", f"contacto{len(rfc)}@empresa.mx"), ("celular", "5512345678")):
        Medio.objects.get_or_create(
            buzon=buzon,
            tipo=tipo,
            valor=valor,
            defaults={
                "estado": "confirmado",
                "registrado_en": ahora,
                "expira": ahora + timedelta(hours=72),
                "confirmado_en": ahora,
            },
        )


class Cliente:
    """A logged-in API client of one e.firma."""

    def __init__(self, client: Client, patron: Patron, perfil: str = "particular") -> None:
        self.client, self.patron = client, patron
        self.cabecera = {"Authorization": f"Bearer {self._entrar(perfil)}"}

    def _entrar(self, perfil: str) -> str:
        if perfil == "particular":
            return entrar(self.client, self.patron)
        reto = self.client.post(f"{API}/sesiones/reto").json()["reto"]
        respuesta = self.client.post(
            f"{API}/sesiones",
            {
                "certificado": b64(self.patron.cer),
                "reto": reto,
                "firma": self.patron.firmar(reto.encode()),
                "perfil": perfil,
            },
            content_type="application/json",
        )
        assert respuesta.status_code == 201, respuesta.content
        return str(respuesta.json()["token"])

    def get(self, ruta: str) -> Any:
        return self.client.get(API + ruta, headers=self.cabecera)

    def post(self, ruta: str, datos: dict[str, Any]) -> Any:
        return self.client.post(
            API + ruta, datos, content_type="application/json", headers=self.cabecera
        )

    def crear(self, tramite: str, datos: dict[str, Any], anexos: list[Any] | None = None) -> Any:
        return self.post(
            "/actuaciones", {"tramite": tramite, "datos": datos, "anexos": anexos or []}
        )

    def firmar(self, actuacion_id: int, cadena: str) -> Any:
        return self.post(
            f"/actuaciones/{actuacion_id}/firma", {"firma": self.patron.firmar(cadena.encode())}
        )

    def presentar(
        self, tramite: str, datos: dict[str, Any], anexos: list[Any] | None = None
    ) -> dict[str, Any]:
        creada = self.crear(tramite, datos, anexos)
        assert creada.status_code == 201, creada.content
        firmada = self.firmar(creada.json()["id"], creada.json()["cadena"])
        assert firmada.status_code == 201, firmada.content
        return {"id": creada.json()["id"], **firmada.json()}


@pytest.fixture
def habilitado(client: Client, patron_a: Patron, sello: CertificadoSello) -> Callable[..., Cliente]:
    """patron_a, in the padrón (zone and ámbito as given) with its mailbox enabled, logged in."""

    def hacer(**padron: Any) -> Cliente:
        en_padron(patron_a.rfc, **padron)
        habilitar(patron_a.rfc)
        return Cliente(client, patron_a)

    return hacer


@pytest.fixture
def hacer_oficial(hacer_patron: Callable[..., Patron]) -> Callable[..., Cliente]:
    def hacer(
        rfc: str = "XOJI740919U48", rol: str = "notificador", subdelegacion: str = "Centro"
    ) -> Cliente:
        from buzon.oficina.servicios import do_alta_oficial

        do_alta_oficial(rfc=rfc, nombre=f"OFICIAL {rfc}", rol=rol, subdelegacion=subdelegacion)
        return Cliente(Client(), hacer_patron(rfc), "servidor_publico")

    return hacer


def requerimiento(
    rfc: str, *, notificada: bool = True, tipo: str = "7.6", folio: str | None = None
) -> Any:
    """A notification of act `tipo` to `rfc` through the buzón: already notified (its deemed
    instant passed) or only avisada."""
    from buzon.notificaciones.emision.catalogo import asegurar_catalogo
    from buzon.notificaciones.models import Notificacion

    asegurar_catalogo()
    ahora = datetime.now(UTC)
    aviso = ahora - timedelta(days=10 if notificada else 0, hours=1)
    return Notificacion.objects.create(
        folio=folio or f"2026-{secrets.token_hex(2).upper()}-REQ{secrets.randbelow(10)}-PRUE",
        rfc=rfc,
        tipo=tipo,
        asunto="Requerimiento de información",
        documento_sha256="b" * 64,
        documento_tamano=100,
        firma="x",
        firmante_rfc="XOJI740919U48",
        firmante_certificado=b"",
        firmante_serie="1",
        emisor="XOJI740919U48",
        subdelegacion="Centro",
        zona="America/Mexico_City",
        creada=aviso,
        ruta="buzon",
        aviso=aviso,
        vence=aviso + timedelta(days=5) if notificada else ahora + timedelta(days=5),
        clave_idempotencia=secrets.token_hex(8),
        huella_solicitud="c" * 64,
        conservar_hasta=(ahora + timedelta(days=1900)).date(),
    )
