"""Data the calendar stands on, stored as its owners store it: the padrón (employers and their
registros), enabled mailboxes, notifications (with their deemed instant computed by
`legal.plazos`, as the issuing service does) and altas in the afiliación ledger."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from pathlib import Path

from buzon.calendario.selectors import calendario_para
from buzon.cuotas.servicios import do_importar_movimientos
from buzon.legal import plazos
from buzon.legal.calendario import Ambito
from buzon.notificaciones.models import Notificacion
from buzon.padron.models import Patron, RegistroPatronal
from tests.cuotas import ayudas as cuotas
from tests.notificaciones.fixtures import habilitar

RFC_A = "XIQB891116QE4"
RFC_B = "H&E951128469"
REGISTRO_A = "Y5412345108"
REGISTRO_A2 = "Y5412345109"
REGISTRO_B = "Y5412345110"


def patron(
    rfc: str,
    registros: list[tuple[str, str, str]],
    zona: str = "America/Mexico_City",
    *,
    habilitado: bool = True,
    celular: str = "5512345678",
) -> Patron:
    """An employer with registros (registro, entidad, subdelegación) and, by default, an enabled
    mailbox (confirmed email and mobile)."""
    ahora = datetime.fromisoformat("2026-01-01T00:00:00+00:00")
    p = Patron.objects.create(
        rfc=rfc, nombre=f"Patrón {rfc}", zona_horaria=zona, creado_en=ahora, importado_en=ahora
    )
    for registro, entidad, subdelegacion in registros:
        RegistroPatronal.objects.create(
            registro=registro,
            patron=p,
            entidad=entidad,
            subdelegacion=subdelegacion,
            creado_en=ahora,
            importado_en=ahora,
        )
    if habilitado:
        habilitar(
            rfc, correo=f"{rfc.lower().replace('&', 'y')}@example.com", celular=celular, en=ahora
        )
    return p


def notificacion(
    rfc: str,
    folio: str,
    aviso: datetime,
    *,
    tipo: str = "7.1",
    ruta: str = "buzon",
    abierta: datetime | None = None,
) -> Notificacion:
    """A buzón notification whose aviso was sent at `aviso` (deemed per 7.4/7.5)."""
    calendario = calendario_para(Ambito("CMX", "Centro"))
    vence = plazos.notificacion_por_vencimiento(aviso, calendario)
    return Notificacion.objects.create(
        folio=folio,
        rfc=rfc,
        tipo=tipo,
        asunto=f"Asunto privado de {rfc}",
        documento_sha256=hashlib.sha256(folio.encode()).hexdigest(),
        documento_tamano=100,
        firma="x",
        firmante_rfc="GOMA800101AB6",
        firmante_certificado=b"x",
        firmante_serie="1",
        emisor="GOMA800101AB6",
        subdelegacion="Centro",
        entidad="CMX",
        subdelegacion_patron="Centro",
        zona="America/Mexico_City",
        creada=aviso - timedelta(minutes=5),
        ruta=ruta,
        aviso=aviso,
        aviso_enviado=aviso,
        vence=vence,
        abierta=abierta,
        apertura_legal=abierta and plazos.notificacion_por_apertura(abierta, calendario),
        clave_idempotencia=folio,
        huella_solicitud=hashlib.sha256(folio.encode()).hexdigest(),
        conservar_hasta=date(2031, 12, 31),
    )


def altas(carpeta: Path, registro: str, trabajadores: int, fecha: str) -> None:
    """`trabajadores` altas (08) on `fecha` in `registro`, through the ledger's import."""
    ruta = cuotas.escribir(
        carpeta,
        [
            cuotas.movimiento("08", fecha, registro=registro, n=n)
            for n in range(1, trabajadores + 1)
        ],
        nombre=f"altas-{registro}.csv",
    )
    errores: list[object] = []
    do_importar_movimientos(ruta, al_error=errores.append)
    assert errores == []
