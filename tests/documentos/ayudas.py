"""Documents of every kind for one RFC, made through each owning app's own service where one
exists (acuses, notifications and their opening) and as rows where the real path needs a whole
ledger (emisiones: a generation run; opiniones: the padrón and créditos; actuaciones: a signed
filing). Each returns what identifies it in *Mis documentos* (folio or id)."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from buzon.actuaciones.models import Actuacion, Tramite
from buzon.cuotas.emisiones.modelos import BloqueEmision, CorridaEmision, Emision
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.habilitacion.models import Buzon
from buzon.legal.zonas import ZONA_CENTRO
from buzon.opinion.models import Opinion
from tests.notificaciones.fixtures import Funcionario, habilitar
from tests.notificaciones.fixtures import sesion_particular as sesion_api

#: Friday 15 January 2027, 10:00 Zona Centro: a día hábil, inside hours (test certificates are
#: valid from 30 days before today to a year after).
VIERNES = datetime(2027, 1, 15, 10, 0, tzinfo=ZONA_CENTRO)
RFC_A = "XIQB891116QE4"
RFC_B = "H&E951128469"


def pdf(texto: str = "Guía de prueba") -> bytes:
    salida = io.BytesIO()
    lienzo = canvas.Canvas(salida, invariant=True)
    lienzo.drawString(72, 720, texto)
    lienzo.save()
    return salida.getvalue()


def acuse(rfc: str, tipo: str = "semanas_cotizadas", emitido: datetime | None = None) -> Acuse:
    with transaction.atomic():
        return do_emitir_acuse(
            SolicitudAcuse(tipo=tipo, rfc=rfc, datos={"prueba": "documentos"}, emitido=emitido)
        )


def _corrida(periodo: str, tipo: str) -> BloqueEmision:
    corrida, _ = CorridaEmision.objects.get_or_create(
        periodo=periodo, defaults={"tipo": tipo, "iniciada": timezone.now()}
    )
    bloque, _ = BloqueEmision.objects.get_or_create(
        corrida=corrida, numero=1, defaults={"desde": "A0000000000", "hasta": "Z9999999999"}
    )
    return bloque


def emision(
    rfc: str,
    registro: str,
    periodo: str = "2026-12",
    generada: datetime | None = None,
) -> Emision:
    tipo = "EBA" if "-B" in periodo else "EMA"
    anio, resto = periodo.split("-")
    clave = int(anio) * 100 + (20 + int(resto[1:]) if tipo == "EBA" else int(resto))
    return Emision.objects.create(
        registro_patronal=registro,
        rfc=rfc,
        periodo=periodo,
        periodo_clave=clave,
        tipo=tipo,
        folio=f"EM-{secrets.token_hex(6).upper()}",
        codigo_verificacion=secrets.token_hex(6).upper(),
        generada=generada or timezone.now(),
        bloque=_corrida(periodo, tipo),
        trabajadores=1,
        totales={},
        total_patron=100,
        total_obrero=50,
        parametros={},
        huella="0" * 64,
    )


def opinion(rfc: str, *, tercero: str = "", emitida: datetime | None = None) -> Opinion:
    instante = emitida or timezone.now()
    sello = acuse(rfc, "opinion_cumplimiento", instante)
    return Opinion.objects.create(
        folio=sello.folio,
        rfc=rfc,
        sentido="positiva",
        motivos=[],
        emitida=instante,
        vigente_hasta=instante.astimezone(ZONA_CENTRO).date(),
        acuse=sello,
        consultante_tipo="tercero" if tercero else "titular",
        consultante_rfc=tercero or rfc,
    )


def actuacion(rfc: str, presentada: datetime | None = None) -> Actuacion:
    instante = presentada or timezone.now()
    tramite, _ = Tramite.objects.get_or_create(
        clave="prueba-documentos",
        version="1",
        defaults={
            "nombre": "Trámite de prueba",
            "declaracion": "{}",
            "huella": "0" * 64,
            "espera_respuesta": False,
            "vigente": False,
            "importado_en": instante,
        },
    )
    sello = acuse(rfc, "actuacion", instante)
    return Actuacion.objects.create(
        rfc=rfc,
        tramite=tramite,
        datos="{}",
        cadena="",
        creada=instante,
        expira=instante + timedelta(days=1),
        presentada=instante,
        recepcion_legal=instante,
        acuse=sello.folio,
    )


@dataclass
class Notificadas:
    abierta: int
    sin_abrir: int


def notificaciones(notificador: Funcionario, patron: object, clave: str) -> Notificadas:
    """Two notifications to the patron's RFC, at VIERNES: one opened (its document is listed),
    one not opened yet (not listed: the particular may not download it)."""
    rfc = patron.rfc  # type: ignore[attr-defined]
    if not Buzon.objects.filter(rfc=rfc).exists():
        habilitar(rfc)
    una = notificador.emitir(rfc, f"{clave}-1")
    otra = notificador.emitir(rfc, f"{clave}-2")
    assert una.status_code == otra.status_code == 201, (una.content, otra.content)
    cliente, auth = sesion_api(patron)  # type: ignore[arg-type]
    abierta = cliente.post(f"/api/v1/notificaciones/{una.json()['id']}/apertura", **auth)
    assert abierta.status_code == 200, abierta.content
    return Notificadas(una.json()["id"], otra.json()["id"])
