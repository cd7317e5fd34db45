"""`buzon habilitacion importar-2020`: mailboxes enabled under the 2020 guidelines (5.4).

CSV (UTF-8): `rfc,nombre,correos,celular,habilitado_en` — correos separated by `;` (1 to 5),
celular 10 digits, habilitado_en an ISO date or instant (Zona Centro when without offset), before
the entry into force of the 2024 Lineamientos (an enabling on or after it is not a 2020 one). Each
row is its own transaction: a bad row is reported with its line and skipped, good rows are kept;
re-importing changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Buzon, Medio
from buzon.habilitacion.selectors import entrada_en_vigor, estado_medio
from buzon.habilitacion.servicios import normalizar_celular, normalizar_correo
from buzon.legal.errores import ErrorLegal
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO

ENCABEZADO = ["rfc", "nombre", "correos", "celular", "habilitado_en"]


@dataclass(frozen=True)
class Resultado:
    importados: int
    sin_cambios: int
    errores: list[str]


def _instante(valor: str) -> datetime:
    texto = valor.strip()
    try:
        if len(texto) == 10:
            return datetime.combine(date.fromisoformat(texto), time(0, 0), tzinfo=ZONA_CENTRO)
        instante = datetime.fromisoformat(texto)
    except ValueError as exc:
        raise ErrorHabilitacion(
            "fecha_invalida",
            f"«{valor}» no es una fecha AAAA-MM-DD ni un instante ISO 8601.",
            "habilitado_en",
        ) from exc
    return instante if instante.tzinfo else instante.replace(tzinfo=ZONA_CENTRO)


def _exigir_anterior_a_la_vigencia(habilitado: datetime) -> None:
    """5.4: only mailboxes enabled under the 2020 guidelines, i.e. before 00:00 Zona Centro of the
    day the 2024 Lineamientos entered into force (Acuerdo Sexto; `BUZON_ENTRADA_EN_VIGOR`)."""
    vigencia = entrada_en_vigor()
    if habilitado >= datetime.combine(vigencia, time(0, 0), tzinfo=ZONA_CENTRO):
        local = habilitado.astimezone(ZONA_CENTRO).date().isoformat()
        raise ErrorHabilitacion(
            "fecha_invalida",
            f"La fecha de habilitación ({local}) no es anterior a la entrada en vigor de los "
            f"Lineamientos de 2024 ({vigencia.isoformat()}): no es una habilitación conforme a los "
            "Lineamientos de 2020 (5.4). Corrija la fecha o quite la fila; ese particular habilita "
            "su buzón con los Lineamientos vigentes (5.1 a 5.3).",
            "habilitado_en",
        )


def _importar_fila(fila: dict[str, str]) -> bool:
    try:
        rfc = normalizar_rfc(fila["rfc"])
    except ErrorLegal as exc:
        raise ErrorHabilitacion("rfc_invalido", exc.mensaje, "rfc") from exc
    correos = [normalizar_correo(c) for c in fila["correos"].split(";") if c.strip()]
    if len(set(correos)) != len(correos):
        raise ErrorHabilitacion(
            "correos_invalidos", "Hay un correo repetido en la fila.", "correos"
        )
    if not 1 <= len(correos) <= 5:
        raise ErrorHabilitacion("correos_invalidos", "Indique de 1 a 5 correos.", "correos")
    celular = normalizar_celular(fila["celular"])
    habilitado = _instante(fila["habilitado_en"])
    if habilitado > timezone.now():
        raise ErrorHabilitacion(
            "fecha_invalida", "La fecha de habilitación es futura.", "habilitado_en"
        )
    _exigir_anterior_a_la_vigencia(habilitado)
    with transaction.atomic():
        buzon, _ = Buzon.objects.select_for_update().get_or_create(
            rfc=rfc, defaults={"nombre": fila["nombre"].strip(), "creado": timezone.now()}
        )
        if buzon.habilitado_2020_en is not None:
            return False
        buzon.habilitado_2020_en = habilitado
        if not buzon.fuente_habilitacion:
            buzon.fuente_habilitacion = Buzon.Fuente.LINEAMIENTOS_2020
        buzon.save(update_fields=("habilitado_2020_en", "fuente_habilitacion"))
        existentes = {
            (m.tipo, m.valor)
            for m in buzon.medios.all()
            if estado_medio(m, timezone.now()) != Medio.Estado.CANCELADO
        }
        for tipo, valor in [(Medio.Tipo.CORREO, c) for c in correos] + [
            (Medio.Tipo.CELULAR, celular)
        ]:
            if (tipo, valor) in existentes:
                continue
            Medio.objects.create(
                buzon=buzon,
                tipo=tipo,
                valor=valor,
                estado=Medio.Estado.CONFIRMADO,
                registrado_en=habilitado,
                expira=habilitado,
                confirmado_en=habilitado,
            )
    return True


def _filas(lineas: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    lector = csv.DictReader(lineas)
    if [c.strip().lstrip("\ufeff") for c in (lector.fieldnames or [])] != ENCABEZADO:
        raise ErrorHabilitacion(
            "encabezado_invalido",
            f"El encabezado debe ser exactamente: {','.join(ENCABEZADO)}.",
        )
    lector.fieldnames = ENCABEZADO
    for fila in lector:
        yield lector.line_num, {k: (v or "") for k, v in fila.items() if k is not None}


def importar_2020(lineas: Iterable[str]) -> Resultado:
    importados = sin_cambios = 0
    errores: list[str] = []
    for numero, fila in _filas(lineas):
        try:
            if _importar_fila(fila):
                importados += 1
            else:
                sin_cambios += 1
        except ErrorHabilitacion as exc:
            errores.append(f"línea {numero}, columna «{exc.campo or '-'}»: {exc.mensaje}")
        except IntegrityError:
            errores.append(
                f"línea {numero}: la fila choca con datos ya registrados (un medio de contacto "
                "repetido); revísela."
            )
    return Resultado(importados, sin_cambios, errores)
