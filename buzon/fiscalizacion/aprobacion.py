"""The supervisor's approval of a programme (all or part) with the e.firma over a cadena naming
the programme and every act approved (I-125), certified by the acuse `programa_fiscalizacion`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from buzon.efirma import ErrorEfirma, decodificar_firma, verificar_firma
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.models import Acto, Aprobacion, Programa
from buzon.fiscalizacion.servicios import ROLES_QUE_APRUEBAN, exigir_oficial
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion


def cadena_de_aprobacion(programa: Programa, rfc: str, ids: Sequence[int]) -> str:
    """What the supervisor signs: the programme (period, ranking's huella) and each act."""
    actos = ",".join(str(i) for i in sorted(ids))
    return (
        f"||programa_fiscalizacion|{programa.periodo}|{programa.huella}|{rfc}|{len(ids)}|{actos}||"
    )


def actos_aprobables(oficial: Oficial, programa: Programa, ids: Sequence[int] | None) -> list[int]:
    """The acts of `programa` the official may approve now: proposed, in their subdelegación
    (all of them when `ids` is None). An id outside that set is an error naming it."""
    consulta = de_su_subdelegacion(
        oficial, Acto.objects.filter(programa=programa, padre=None, estado=Acto.Estado.PROPUESTO)
    )
    if ids is None:
        return sorted(consulta.values_list("id", flat=True))
    pedidos = sorted(set(ids))
    encontrados = set(consulta.filter(id__in=pedidos).values_list("id", flat=True))
    faltan = [i for i in pedidos if i not in encontrados]
    if faltan:
        raise ErrorFiscalizacion(
            "actos_invalidos",
            f"Los actos {', '.join(map(str, faltan[:20]))} no son actos propuestos de este "
            "programa en su subdelegación (ya aprobados, de otra subdelegación o inexistentes).",
            "actos",
        )
    if not pedidos:
        raise ErrorFiscalizacion("actos_invalidos", "Elija al menos un acto.", "actos")
    return pedidos


def do_aprobar(
    oficial: Oficial | None,
    programa: Programa,
    certificado_der: bytes,
    firma: str,
    ids: Sequence[int] | None,
    *,
    ahora: datetime | None = None,
) -> Aprobacion:
    """The supervisor's e.firma over `cadena_de_aprobacion`: the acts become approved and the
    acuse `programa_fiscalizacion` certifies it, in one transaction."""
    from buzon.cuentas.servicios import politica

    oficial = exigir_oficial(oficial, ROLES_QUE_APRUEBAN)
    momento = ahora or timezone.now()
    with transaction.atomic():
        elegidos = actos_aprobables(oficial, programa, ids)
        if not elegidos:
            raise ErrorFiscalizacion(
                "sin_actos",
                "No quedan actos propuestos por aprobar en su subdelegación.",
                None,
                409,
            )
        cadena = cadena_de_aprobacion(programa, oficial.rfc, elegidos)
        try:
            resultado = verificar_firma(
                certificado_der,
                cadena.encode("utf-8"),
                decodificar_firma(firma),
                instante=momento,
                politica=politica(),
            )
        except ErrorEfirma as exc:
            raise ErrorFiscalizacion(exc.codigo, exc.mensaje, "firma") from exc
        if resultado.certificado.rfc != oficial.rfc:
            raise ErrorFiscalizacion(
                "firma_invalida", "La e.firma no es la del servidor público que aprueba.", "firma"
            )
        bloqueados = list(
            Acto.objects.select_for_update()
            .filter(id__in=elegidos, estado=Acto.Estado.PROPUESTO)
            .values_list("id", flat=True)
        )
        if len(bloqueados) != len(elegidos):
            raise ErrorFiscalizacion(
                "actos_invalidos",
                "Otro supervisor aprobó parte de estos actos: reintente.",
                "actos",
            )
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo="programa_fiscalizacion",
                rfc=oficial.rfc,
                datos={
                    "programa": programa.periodo,
                    "huella": programa.huella,
                    "actos": len(elegidos),
                    "actos_sha256": hashlib.sha256(cadena.encode()).hexdigest(),
                    "subdelegacion": oficial.subdelegacion,
                },
                instante_legal=momento,
                emitido=momento,
            )
        )
        aprobacion = Aprobacion.objects.create(
            programa=programa,
            por=oficial.rfc,
            instante=momento,
            cadena=cadena,
            firma=firma.strip(),
            no_certificado=resultado.certificado.no_certificado,
            acuse=acuse.folio,
            cuantos=len(elegidos),
        )
        Acto.objects.filter(id__in=elegidos).update(
            estado=Acto.Estado.APROBADO, aprobacion=aprobacion
        )
    return aprobacion
