"""Recording a prima de riesgos de trabajo that the employer determined and filed (LSS 74): the
`riesgos` app calls this inside the transaction that files the actuación, so the prima for the
period opening on 1 March is in the ledger the next EMA reads (`selectors.primas_vigentes`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from buzon.cuotas.errores import ErrorAfiliacion
from buzon.cuotas.filas import PRIMA_MAXIMA, PRIMA_MINIMA
from buzon.cuotas.models import PrimaRT
from buzon.padron.models import RegistroPatronal


def do_registrar_prima_determinada(
    *, registro_patronal: str, vigente_desde: date, prima: Decimal, actuacion_id: int
) -> PrimaRT:
    """Store the determined prima of `registro_patronal` (canonical) for the period opening on
    `vigente_desde` (a 1 March), naming the actuación that filed it. The same determination again
    returns its row; a different prima already stored for that period is refused (409): a
    correction is not a determination [I-57]."""
    if (vigente_desde.month, vigente_desde.day) != (3, 1):
        raise ErrorAfiliacion(
            "vigencia_invalida",
            "La prima de riesgos de trabajo se determina para el periodo que inicia el 1 de marzo.",
            "vigente_desde",
        )
    if not PRIMA_MINIMA <= prima <= PRIMA_MAXIMA or prima.as_tuple().exponent < -5:  # type: ignore[operator]
        raise ErrorAfiliacion(
            "prima_invalida",
            "La prima debe ser un porcentaje entre 0.50000 y 15.00000 con cinco decimales "
            "(LSS 74).",
            "prima",
        )
    with transaction.atomic():
        registro = RegistroPatronal.objects.filter(registro=registro_patronal).first()
        if registro is None:
            raise ErrorAfiliacion(
                "registro_desconocido",
                f"El registro patronal {registro_patronal} no está en el padrón.",
                "registro_patronal",
                404,
            )
        previa = (
            PrimaRT.objects.select_for_update()
            .filter(registro=registro, vigente_desde=vigente_desde)
            .first()
        )
        if previa is not None:
            if previa.prima == prima and previa.determinacion in (None, actuacion_id):
                return previa
            raise ErrorAfiliacion(
                "prima_ya_registrada",
                f"El registro {registro_patronal} ya tiene registrada la prima {previa.prima} "
                f"vigente desde el {vigente_desde.isoformat()}: aclare con su subdelegación "
                "antes de presentar otra determinación.",
                "prima",
                409,
            )
        return PrimaRT.objects.create(
            registro=registro, vigente_desde=vigente_desde, prima=prima, determinacion=actuacion_id
        )
