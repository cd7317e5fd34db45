"""Demo data for notifications (`buzon demo`): two officials with e.firma files, one employer's
mailbox enabled, and one notification in every state, each made by the real services.

Past states are made by calling the services at past instants (`ahora=`), chosen from today's
calendar so that the derived state holds today: the pending notification was issued on the last
día hábil (its deemed instant is days ahead), the opened one was opened inside its three días
hábiles, the deemed one's fourth día hábil has passed and the sweep materialised its acuse, the
cancelled one was cancelled by the supervisor an hour after its aviso. The employer without an
enabled mailbox has one notification issued inside the 180 days of the Transitorio (personal
route: it requires personal notification, 7.10) and one issued on the last día hábil, after them
(estrados, 7.8; skipped, and reported, while those 180 days have not ended).
Never on a production installation: the officials' keys are test keys written to the data folder.

Idempotent: each notification has a fixed idempotency key; what exists is never made again and
every follow-up step runs only while its fact is missing.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from buzon.avisos.entrega import entregar_todo
from buzon.efirma import Certificado, firmar_b64, leer_certificado, leer_llave, pki
from buzon.habilitacion.importacion import importar_2020
from buzon.habilitacion.selectors import entrada_en_vigor
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.formato import fecha_legible
from buzon.legal.notificacion import (
    AVISADA,
    CANCELADA,
    EN_ESTRADOS,
    NOTIFICADA,
    REQUIERE_PERSONAL,
)
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.ciclo.cancelacion import do_cancelar
from buzon.notificaciones.emision import catalogo, ruteo
from buzon.notificaciones.emision.servicios import Solicitud, emitir_varias
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial
from buzon.oficina.servicios import do_alta_oficial

SUBDELEGACION = "Centro"


@dataclass(frozen=True)
class OficialDemo:
    rfc: str
    nombre: str
    curp: str
    rol: str
    cargo: str


NOTIFICADOR = OficialDemo(
    "GOMA800101AB6", "ANA GOMEZ MARTINEZ", "GOMA800101MDFMRN05", "notificador", "Notificadora"
)
SUPERVISOR = OficialDemo(
    "PELJ750505AB1", "JUAN PEREZ LOPEZ", "PELJ750505HDFRPN00", "supervisor", "Supervisor"
)
OFICIALES = (NOTIFICADOR, SUPERVISOR)

#: The demo employers (RFCs of SAT's public test files; `buzon demo` issues their e.firmas): one
#: whose mailbox is enabled (under the 2020 guidelines, 5.4), with its contact means, and one that
#: never enabled it.
HABILITADO = ("XIQB891116QE4", "BERENICE XIMO QUEZADA")
MEDIOS_HABILITADO = ("berenice.ximo@example.com", "5512345678")
HABILITADO_EN = date(2021, 3, 15)
SIN_BUZON = ("H&E951128469", "HERRERIA & ELECTRICOS SA DE CV")

#: What each demo notification shows, by its idempotency key.
PENDIENTE = "demo:pendiente"
ABIERTA = "demo:abierta"
VENCIDA = "demo:vencida"
CANCELADA_CLAVE = "demo:cancelada"
PERSONAL = "demo:personal"
ESTRADOS = "demo:estrados"
#: Each act's subject is its name in the relación de trámites (Acuerdo ACDO.AS2.HCT.230724/
#: 261.P.DIR, DOF 5-08-2024, numeral 7), as the catalogue loads it.
ASUNTOS = {
    "7.1": "Resolución de Determinación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.2": "Resolución de Rectificación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.3": "Multa derivada de la Rectificación de la Prima en el Seguro de Riesgos de Trabajo",
    "7.4": (
        "Resolución para cubrir la Prima Media, conforme al artículo 72, último párrafo, de la "
        "Ley del Seguro Social"
    ),
    "7.6": "Oficio de requerimiento de información faltante en el trámite",
    "7.8": "Invitación para revisar la correcta clasificación de las empresas",
}
#: Transitorio Segundo: 7.5–7.18 are offered once the Institute announces it. The demo records one
#: announcement for all of them, from the entry into force, so that every act can be shown.
ANUNCIO_DEMO = (
    "Anuncio de demostración registrado por «buzon demo»: todos los actos de la relación se "
    "ofrecen desde la entrada en vigor (no es un anuncio del Instituto)."
)
ESTADO_ESPERADO = {
    PENDIENTE: AVISADA,
    ABIERTA: NOTIFICADA,
    VENCIDA: NOTIFICADA,
    CANCELADA_CLAVE: CANCELADA,
    PERSONAL: REQUIERE_PERSONAL,
    ESTRADOS: EN_ESTRADOS,
}


class ErrorDemo(RuntimeError):
    """The demo data could not be made; the message says why, in Spanish."""


@dataclass(frozen=True)
class Escenario:
    clave: str
    rfc: str
    nombre: str
    tipo: str
    asunto: str
    oficio: str
    emitida: datetime


@dataclass
class Resultado:
    """What the demo made (or found): notifications by key, credentials, what was skipped."""

    notificaciones: dict[str, Notificacion] = field(default_factory=dict)
    credenciales: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    omitidas: list[str] = field(default_factory=list)
    nuevas: int = 0


# -- instants ---------------------------------------------------------------------------------


def _habil_anterior(dia: date, calendario: Calendario) -> date:
    dia -= timedelta(days=1)
    while not calendario.es_habil(dia):
        dia -= timedelta(days=1)
    return dia


def _habiles_antes(dia: date, cuantos: int, calendario: Calendario) -> date:
    for _ in range(cuantos):
        dia = _habil_anterior(dia, calendario)
    return dia


def ultimo_dia_habil(ahora: datetime, calendario: Calendario) -> date:
    """The latest día hábil whose 10:00 (Zona Centro) is not after `ahora`."""
    hoy = ahora.astimezone(ZONA_CENTRO).date()
    if calendario.es_habil(hoy) and plazos.a_las(hoy, time(10, 0)) <= ahora:
        return hoy
    return _habil_anterior(hoy, calendario)


def _a_las(dia: date, hora: int, minuto: int = 0) -> datetime:
    return plazos.a_las(dia, time(hora, minuto))


# -- officials and documents ---------------------------------------------------------------------


def _credencial(
    ac: pki.AC, carpeta: Path, oficial: OficialDemo, desde: datetime
) -> tuple[Certificado, Path, Path]:
    """The official's e.firma files, issued when missing or not valid from `desde` until now."""
    ruta_cer, ruta_key = carpeta / f"{oficial.rfc}.cer", carpeta / f"{oficial.rfc}.key"
    ahora = timezone.now()
    if ruta_cer.exists() and ruta_key.exists():
        certificado = leer_certificado(ruta_cer.read_bytes())
        if certificado.valido_desde <= desde and ahora < certificado.valido_hasta:
            return certificado, ruta_cer, ruta_key
    cer, key = pki.emitir(
        ac,
        rfc=oficial.rfc,
        nombre=oficial.nombre,
        curp=oficial.curp,
        desde=desde,
        hasta=ahora + timedelta(days=4 * 365),
    )
    pki.escribir_credencial(carpeta, oficial.rfc, cer, key)
    return leer_certificado(cer), ruta_cer, ruta_key


def _alta(oficial: OficialDemo) -> Oficial:
    actual = Oficial.objects.filter(rfc=oficial.rfc).first()
    nombre = oficial.nombre.title()
    if (
        actual is not None
        and actual.activo
        and actual.rol == oficial.rol
        and actual.subdelegacion == SUBDELEGACION
    ):
        return actual
    return do_alta_oficial(
        rfc=oficial.rfc, nombre=nombre, rol=oficial.rol, subdelegacion=SUBDELEGACION
    ).oficial


def oficio_pdf(e: Escenario, firmante: OficialDemo) -> bytes:
    """The act notified: a one-page "Oficio" (ReportLab, the same bytes on every run)."""
    from reportlab.lib.pagesizes import letter  # type: ignore[import-untyped]
    from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, pagesize=letter, invariant=True)
    lienzo.setTitle(f"Oficio {e.oficio}")
    lienzo.setAuthor("Instituto Mexicano del Seguro Social (demostración)")
    y = 730.0

    def linea(texto: str, fuente: str = "Helvetica", tamano: int = 11, salto: int = 16) -> None:
        nonlocal y
        lienzo.setFont(fuente, tamano)
        lienzo.drawString(72, y, texto)
        y -= salto

    linea("INSTITUTO MEXICANO DEL SEGURO SOCIAL", "Helvetica-Bold", 13)
    linea(f"Subdelegación {SUBDELEGACION} · Documento de demostración, sin validez", salto=28)
    linea(f"Oficio núm. {e.oficio}", "Helvetica-Bold")
    linea(
        f"Ciudad de México, a {fecha_legible(e.emitida.astimezone(ZONA_CENTRO).date())}", salto=28
    )
    linea(e.nombre, "Helvetica-Bold")
    linea(f"RFC: {e.rfc}", salto=28)
    linea(f"Asunto: {e.asunto}", "Helvetica-Bold", salto=24)
    for texto in (
        "Con fundamento en los artículos 251 de la Ley del Seguro Social, 134, fracción I, y",
        "139 del Código Fiscal de la Federación, y en los Lineamientos del Buzón IMSS, se le",
        "notifica el presente acto por medio de su Buzón IMSS.",
        "",
        "Este documento fue generado por «buzon demo» para mostrar el ciclo de una",
        "notificación; no produce efecto jurídico alguno.",
    ):
        linea(texto)
    y -= 28
    linea(firmante.nombre.title(), "Helvetica-Bold")
    linea(f"{firmante.cargo}, Subdelegación {SUBDELEGACION}")
    linea("Firmado con e.firma (firma electrónica avanzada)", "Helvetica-Oblique", 9)
    lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


# -- the demo ---------------------------------------------------------------------------------


def _escenario(
    clave: str, patron: tuple[str, str], tipo: str, asunto: str, numero: int, emitida: datetime
) -> Escenario:
    anio = emitida.astimezone(ZONA_CENTRO).year
    oficio = f"09-CEN-{anio}-{numero:04d}"
    return Escenario(clave, patron[0], patron[1], tipo, asunto, oficio, emitida)


def escenarios(ahora: datetime, calendario: Calendario) -> tuple[list[Escenario], list[str]]:
    """The notifications to make, with the instants that give each its state today."""
    hoy = ultimo_dia_habil(ahora, calendario)
    omitidas: list[str] = []
    lista = [
        _escenario(
            PENDIENTE, HABILITADO, "7.1", ASUNTOS["7.1"], 101, _a_las(hoy, 10),
        ),
        _escenario(
            CANCELADA_CLAVE, HABILITADO, "7.6", ASUNTOS["7.6"], 102,
            _a_las(_habil_anterior(hoy, calendario), 10),
        ),
        _escenario(
            ABIERTA, HABILITADO, "7.2", ASUNTOS["7.2"], 103,
            _a_las(_habiles_antes(hoy, 6, calendario), 10),
        ),
        _escenario(
            VENCIDA, HABILITADO, "7.3", ASUNTOS["7.3"], 104,
            _a_las(_habiles_antes(hoy, 12, calendario), 10),
        ),
    ]  # fmt: skip
    from buzon.calendario.selectors import calendario_para

    limite = plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())
    # Inside the 180 days (a month after the entry into force, or today if that is still ahead).
    personal = min(
        _a_las(calendario.habil_o_siguiente(entrada_en_vigor() + timedelta(days=30)), 10),
        _a_las(hoy, 10),
    )
    assert personal < limite
    lista.append(
        _escenario(
            PERSONAL, SIN_BUZON, "7.4", ASUNTOS["7.4"], 105, personal
        )
    )  # fmt: skip
    if _a_las(hoy, 10) >= limite:
        lista.append(
            _escenario(
                ESTRADOS, SIN_BUZON, "7.8", ASUNTOS["7.8"], 106, _a_las(hoy, 10),
            )
        )  # fmt: skip
    else:
        omitidas.append(
            "en_estrados: aún no terminan los 180 días para habilitar el buzón (Transitorio "
            f"Primero); terminan el {fecha_legible(limite.date())}."
        )
    return lista, omitidas


def _emitir(
    e: Escenario, oficial: Oficial, demo: OficialDemo, cert: Certificado, llave_der: bytes
) -> Notificacion:
    documento = oficio_pdf(e, demo)
    firma = firmar_b64(leer_llave(llave_der, pki.PASSWORD_PRUEBAS), documento)
    solicitud = Solicitud(
        clave=e.clave,
        rfc=e.rfc,
        tipo=e.tipo,
        asunto=e.asunto,
        documento=base64.b64encode(documento).decode("ascii"),
        firma=firma,
    )
    resultado = emitir_varias(oficial, cert.der, [solicitud], ahora=e.emitida)[0]
    if resultado.error is not None or resultado.notificacion is None:
        mensaje = resultado.error.mensaje if resultado.error else "sin resultado"
        raise ErrorDemo(f"No se pudo emitir la notificación de demostración {e.clave}: {mensaje}")
    return resultado.notificacion


def _anunciar_todos() -> None:
    """The demo's announcement for every act not offered since the entry into force (what is
    already offered is left as it is, so a second run records nothing)."""
    catalogo.asegurar_catalogo()
    vigor = entrada_en_vigor()
    for clave, acto in catalogo.disponibilidades().items():
        if acto.desde is None or acto.desde > vigor:
            catalogo.do_registrar_disponibilidad(clave, vigor, ANUNCIO_DEMO, SUPERVISOR.rfc)


def _avisar(n: Notificacion, programado: datetime) -> None:
    """The real path, at the planned (past) instant: dispatch, the providers' acceptance (the
    console backends accept at once) and the constancia; the dates come from the acceptance."""
    despachar_avisos(ahora=programado, ids=[n.pk])
    entregar_todo(ahora=programado)
    sellar_constancias(ahora=programado)
    n.refresh_from_db()


def cargar(
    carpeta_efirmas: Path, ac: pki.AC, avisar: Callable[[str], None] = lambda _: None
) -> Resultado:
    """Make the notifications demo (idempotent); `avisar` receives progress lines."""
    ahora = timezone.now()
    calendario = ruteo.calendario_de("", "")
    lista, omitidas = escenarios(ahora, calendario)
    resultado = Resultado(omitidas=omitidas)
    desde = min(e.emitida for e in lista) - timedelta(days=1)
    oficiales, certificados, llaves = {}, {}, {}
    for demo in OFICIALES:
        cert, ruta_cer, ruta_key = _credencial(ac, carpeta_efirmas, demo, desde.astimezone(UTC))
        oficiales[demo.rol], certificados[demo.rol] = _alta(demo), cert
        llaves[demo.rol] = ruta_key.read_bytes()
        resultado.credenciales[demo.rol] = (ruta_cer, ruta_key)
    (rfc_a, nombre_a), (correo, celular) = HABILITADO, MEDIOS_HABILITADO
    importacion = importar_2020(
        [
            "rfc,nombre,correos,celular,habilitado_en\n",
            f"{rfc_a},{nombre_a},{correo},{celular},{HABILITADO_EN.isoformat()}\n",
        ]
    )
    if importacion.errores:
        raise ErrorDemo(f"No se pudo habilitar el buzón de {rfc_a}: {importacion.errores[0]}")
    _anunciar_todos()
    notificador = oficiales["notificador"]
    for e in lista:
        n = Notificacion.objects.filter(emisor=notificador.rfc, clave_idempotencia=e.clave).first()
        if n is None:
            n = _emitir(
                e, notificador, NOTIFICADOR, certificados["notificador"], llaves["notificador"]
            )
            resultado.nuevas += 1
        if n.ruta == Notificacion.Ruta.BUZON and n.aviso_programado is not None:
            _avisar(n, n.aviso_programado)
        if e.clave == ABIERTA and n.abierta is None and n.aviso is not None:
            primer_dia = plazos.plazo_apertura(n.aviso, calendario)[0]
            do_abrir(n.pk, n.rfc, ahora=_a_las(primer_dia, 11, 15))
        if e.clave == CANCELADA_CLAVE and n.cancelada is None and n.aviso is not None:
            do_cancelar(
                oficiales["supervisor"],
                n.pk,
                "El requerimiento se emitió al patrón equivocado; se emitirá al correcto.",
                ahora=n.aviso + timedelta(hours=3),
            )
        resultado.notificaciones[e.clave] = n
    barrer_notificaciones(ahora=ahora)
    for clave, n in resultado.notificaciones.items():
        n.refresh_from_db()
        estado = situacion_de(n, timezone.now()).estado
        if estado != ESTADO_ESPERADO[clave]:
            raise ErrorDemo(
                f"La notificación de demostración {n.folio} ({clave}) quedó «{estado}», no "
                f"«{ESTADO_ESPERADO[clave]}»."
            )
    avisar(
        f"Demostración: {resultado.nuevas} notificaciones nuevas, "
        f"{len(resultado.notificaciones) - resultado.nuevas} ya existían."
    )
    return resultado
