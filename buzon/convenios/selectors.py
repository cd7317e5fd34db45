"""Reading convenios: `access_convenio` always raises when absent; the listing with its usage."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from buzon.convenios.errores import ErrorConvenio
from buzon.convenios.models import Convenio, CuotaDiaria, LlamadaConvenio
from buzon.convenios.servicios import hoy
from buzon.legal.zonas import ZONA_CENTRO


def access_convenio(pk: int | str) -> Convenio:
    """The convenio by id or client id; 404 `no_encontrado` otherwise."""
    consulta = Convenio.objects.all()
    fila = (
        consulta.filter(pk=int(pk)).first()
        if isinstance(pk, int) or str(pk).isdigit()
        else consulta.filter(cliente=str(pk)).first()
    )
    if fila is None:
        raise ErrorConvenio(
            "no_encontrado",
            f"No existe el convenio «{pk}»: revise el número o el identificador de cliente.",
            "convenio",
        )
    return fila


def convenios() -> QuerySet[Convenio]:
    return Convenio.objects.order_by("dependencia", "id").prefetch_related("certificados")


def como_json(c: Convenio, usadas: int | None = None) -> dict[str, Any]:
    if usadas is None:
        fila = CuotaDiaria.objects.filter(convenio=c, dia=hoy()).first()
        usadas = fila.usadas if fila is not None else 0
    return {
        "id": c.pk,
        "cliente": c.cliente,
        "dependencia": c.dependencia,
        "rfc": c.rfc,
        "fundamento": c.fundamento,
        "finalidad": c.finalidad,
        "vigente_desde": c.vigente_desde,
        "vigente_hasta": c.vigente_hasta,
        "alcance": c.alcance,
        "cuota_diaria": c.cuota_diaria,
        "usadas_hoy": usadas,
        "estado": c.estado,
        "revocado_en": c.revocado_en.astimezone(ZONA_CENTRO) if c.revocado_en else None,
        "motivo_revocacion": c.motivo_revocacion,
        "certificados": [
            {
                "no_certificado": k.no_certificado,
                "huella_sha256": k.huella_sha256,
                "valido_hasta": k.valido_hasta.astimezone(ZONA_CENTRO),
            }
            for k in c.certificados.all()
        ],
    }


def lista_json() -> list[dict[str, Any]]:
    usos = dict(CuotaDiaria.objects.filter(dia=hoy()).values_list("convenio_id", "usadas"))
    return [como_json(c, usos.get(c.pk, 0)) for c in convenios()]


def llamadas(convenio: Convenio, limite: int = 100) -> list[dict[str, Any]]:
    """The convenio's latest calls (the audit trail), newest first."""
    filas = LlamadaConvenio.objects.filter(convenio=convenio).order_by("-instante", "-id")[:limite]
    return [
        {
            "instante": f.instante.astimezone(ZONA_CENTRO),
            "operacion": f.operacion,
            "cantidad": f.cantidad,
            "rechazadas": f.rechazadas,
            "estado": f.estado,
            "error": f.error,
        }
        for f in filas
    ]
