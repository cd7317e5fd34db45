"""Issuing approved acts in bulk as notifications (`notificaciones.emision.servicios
.emitir_varias`): the act's key of the catalogue, its PDF signed by the official's e.firma, by the
Buzón (the law's route) or, for an audit start, by personal notification (7.10) [I-125].
Idempotent: each act's Idempotency-Key is `fiscalizacion-acto-<id>`.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.fiscalizacion import pdf
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.models import Acto
from buzon.fiscalizacion.servicios import ROLES_QUE_OPERAN, anotar, exigir_oficial
from buzon.legal.notificacion import PERSONAL
from buzon.legal.riesgo import puntaje
from buzon.notificaciones.emision.servicios import Solicitud, emitir_varias
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

MAXIMO_POR_LLAMADA = 500


@dataclass(frozen=True)
class Firmado:
    acto: int
    firma: str


@dataclass(frozen=True)
class Emitido:
    acto: int
    notificacion: int | None = None
    folio: str = ""
    ruta: str = ""
    error: ErrorFiscalizacion | None = None


def clave_idempotencia(acto: Acto) -> str:
    return f"fiscalizacion-acto-{acto.pk}"


def asunto_de(acto: Acto) -> str:
    return f"{pdf.TITULOS.get(acto.tipo, acto.tipo)[:240]} — {acto.registro}"


def do_emitir_actos(
    oficial: Oficial | None,
    certificado_der: bytes,
    firmados: Sequence[Firmado],
    *,
    ahora: datetime | None = None,
) -> list[Emitido]:
    oficial = exigir_oficial(oficial, ROLES_QUE_OPERAN)
    if not 1 <= len(firmados) <= MAXIMO_POR_LLAMADA:
        raise ErrorFiscalizacion(
            "actos_invalidos",
            f"Envíe de 1 a {MAXIMO_POR_LLAMADA} actos firmados por llamada.",
            "actos",
        )
    momento = ahora or timezone.now()
    ids = [f.acto for f in firmados]
    actos = {
        a.pk: a
        for a in de_su_subdelegacion(oficial, Acto.objects.filter(id__in=ids)).select_related(
            "programa", "puntaje", "padre__puntaje"
        )
    }
    resultados: dict[int, Emitido] = {}
    solicitudes: list[tuple[Acto, Solicitud]] = []
    for f in firmados:
        acto = actos.get(f.acto)
        if acto is None or acto.estado == Acto.Estado.PROPUESTO:
            resultados[f.acto] = Emitido(
                f.acto,
                error=ErrorFiscalizacion(
                    "acto_no_aprobado",
                    f"El acto {f.acto} no existe en su subdelegación o no está aprobado.",
                    "actos",
                ),
            )
            continue
        datos = pdf.documento(acto)
        solicitudes.append(
            (
                acto,
                Solicitud(
                    clave=clave_idempotencia(acto),
                    rfc=acto.rfc,
                    tipo=acto.clave,
                    asunto=asunto_de(acto),
                    documento=base64.b64encode(datos).decode("ascii"),
                    firma=f.firma,
                    registro_patronal=acto.registro,
                    ruta=PERSONAL if acto.tipo == puntaje.AUDITORIA else "",
                ),
            )
        )
    if solicitudes:
        hechos = emitir_varias(oficial, certificado_der, [s for _, s in solicitudes], ahora=momento)
        with transaction.atomic():
            for (acto, _), r in zip(solicitudes, hechos, strict=True):
                if r.error is not None or r.notificacion is None:
                    error = r.error
                    resultados[acto.pk] = Emitido(
                        acto.pk,
                        error=ErrorFiscalizacion(
                            error.codigo if error else "no_emitido",
                            error.mensaje if error else "No se emitió.",
                            error.campo if error else "actos",
                        ),
                    )
                    continue
                n = r.notificacion
                if acto.notificacion_id is None:
                    Acto.objects.filter(pk=acto.pk, notificacion__isnull=True).update(
                        notificacion=n, estado=Acto.Estado.EMITIDO, emitido=n.creada
                    )
                    anotar(
                        "acto_fiscalizacion",
                        str(acto.pk),
                        {"estado": "emitido", "notificacion": n.folio, "por": oficial.rfc},
                        momento,
                    )
                resultados[acto.pk] = Emitido(acto.pk, n.pk, n.folio, n.ruta)
    return [resultados[i] for i in ids]
