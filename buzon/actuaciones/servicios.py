"""Filing actuaciones, the draft: datos and attachments checked, the files stored and the cadena
handed out (6.1, 6.2); and the sweep of expired drafts. Its signature is `firma.do_firmar`; the
files and their locks, `contenidos`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.actuaciones import anexos as reglas_anexos
from buzon.actuaciones import cadena as cadena_actuacion
from buzon.actuaciones import contenidos, reglas_icsoe
from buzon.actuaciones.catalogo import declaracion_de, vigente
from buzon.actuaciones.contenidos import ESPACIO
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.esquemas import Declaracion
from buzon.actuaciones.models import Actuacion, Anexo
from buzon.actuaciones.selectors import VIGENCIA_BORRADOR
from buzon.actuaciones.validacion import canonico, validar_datos
from buzon.evidencia import almacen
from buzon.legal.errores import ErrorLegal
from buzon.legal.zonas import ZONA_CENTRO


@dataclass(frozen=True)
class AnexoEntrada:
    """An attachment as received: the name given and the decoded bytes."""

    nombre: str
    contenido: bytes


def habilitado(rfc: str, ahora: datetime) -> bool:
    """5.5: filing needs the mailbox enabled (one query)."""
    from buzon.habilitacion.selectors import HABILITADO, estado_por_rfc

    return estado_por_rfc(rfc, ahora) == HABILITADO


def exigir_habilitacion(declaracion: Declaracion, rfc: str, ahora: datetime) -> None:
    if declaracion.requiere_habilitacion and not habilitado(rfc, ahora):
        raise ErrorActuacion(
            "buzon_no_habilitado",
            "Para presentar este trámite su buzón debe estar habilitado (numeral 5.5): confirme "
            "sus medios de contacto y firme los términos y condiciones. Si no puede hacerlo, "
            "presente el trámite «Aclaración u orientación sobre el Buzón IMSS».",
            "tramite",
            409,
        )


def _registro(declaracion: Declaracion, rfc: str, registro_patronal: str | None) -> str:
    from buzon.padron.filas import normalizar_registro
    from buzon.padron.selectors import registros_de

    valor = (registro_patronal or "").strip()
    if declaracion.promovente == "rfc":
        if valor:
            raise ErrorActuacion(
                "registro_no_aplica",
                "Este trámite se presenta por RFC: no indique un registro patronal.",
                "registro_patronal",
            )
        return ""
    if not valor:
        if declaracion.promovente == "registro_patronal":
            raise ErrorActuacion(
                "registro_requerido",
                "Indique el registro patronal por el que presenta este trámite.",
                "registro_patronal",
            )
        return ""
    propios = registros_de(rfc)
    try:
        registro = normalizar_registro(valor)
    except ValueError:
        registro = valor
    if registro not in propios:
        raise ErrorActuacion(
            "registro_desconocido",
            f"El registro patronal «{valor}» no pertenece a su RFC en el padrón del Instituto"
            + (f" (los suyos: {', '.join(propios)})." if propios else "."),
            "registro_patronal",
        )
    return registro


def _requerimiento(
    declaracion: Declaracion, rfc: str, datos: Mapping[str, Any], ahora: datetime
) -> int | None:
    """7.6: the answered requirement is a notification to this RFC, of an act that is a
    requirement, already notified. Returns its id."""
    if declaracion.requerimiento is None:
        return None
    from buzon.notificaciones.hechos import situacion_de
    from buzon.notificaciones.models import Notificacion, TipoActo

    campo = f"datos.{declaracion.requerimiento}"
    folio = str(datos[declaracion.requerimiento]).strip().upper()
    n = Notificacion.objects.filter(folio=folio, rfc=rfc).first()
    visible = n is not None and (
        n.ruta != Notificacion.Ruta.BUZON or (n.aviso is not None and n.aviso <= ahora)
    )
    if n is None or not visible:
        raise ErrorActuacion(
            "requerimiento_desconocido",
            f"No tiene una notificación con el folio «{folio}». Cópielo de Mis notificaciones.",
            campo,
        )
    if not TipoActo.objects.filter(clave=n.tipo, es_requerimiento=True).exists():
        raise ErrorActuacion(
            "no_es_requerimiento",
            f"La notificación {folio} no es un requerimiento: este trámite solo contesta "
            "requerimientos.",
            campo,
        )
    if situacion_de(n, ahora).estado != "notificada":
        raise ErrorActuacion(
            "requerimiento_no_notificado",
            f"El requerimiento {folio} aún no está notificado: ábralo en Mis notificaciones "
            "y después contéstelo.",
            campo,
            409,
        )
    return n.pk


def revisar_anexos(
    declaracion: Declaracion, entradas: Sequence[AnexoEntrada]
) -> list[reglas_anexos.AnexoValido]:
    """Every attachment by its content; ErrorActuacion names the first one at fault."""
    try:
        reglas_anexos.revisar_cantidad(len(entradas), declaracion.anexos)
        validos = [
            reglas_anexos.revisar_anexo(e.nombre, e.contenido, declaracion.anexos, f"anexos[{i}]")
            for i, e in enumerate(entradas)
        ]
        reglas_anexos.revisar_nombres_distintos(validos)
    except reglas_anexos.ErrorAnexo as exc:
        raise ErrorActuacion(exc.codigo, exc.mensaje, exc.campo) from exc
    return validos


def revisar_tablas(
    declaracion: Declaracion,
    datos: Mapping[str, Any],
    validos: Sequence[reglas_anexos.AnexoValido],
) -> None:
    """The rows of the CSV attachment, by the trámite's table rules: exactly one CSV, every row
    valid; ErrorActuacion lists every bad row (line, column, message) and nothing is stored."""
    if declaracion.anexos.tabla is None:
        return
    tablas = [(i, v) for i, v in enumerate(validos) if v.tipo_mime == reglas_anexos.CSV]
    if len(tablas) != 1:
        raise ErrorActuacion(
            "anexo_tabla_faltante" if not tablas else "anexos_de_mas",
            "Adjunte un solo archivo CSV con la relación de trabajadores (columnas "
            f"{','.join(reglas_icsoe.COLUMNAS)}).",
            "anexos",
        )
    indice, tabla = tablas[0]
    contratos = [str(c.get("numero", "")) for c in datos.get("contratos", [])]
    try:
        reglas_icsoe.leer_trabajadores(tabla.contenido, contratos)
    except reglas_icsoe.ErrorTabla as exc:
        raise ErrorActuacion(
            "anexo_filas_invalidas",
            exc.mensaje,
            f"anexos[{indice}].contenido",
            errores=[e.como_json() for e in exc.errores],
        ) from exc


def do_crear_borrador(
    *,
    rfc: str,
    nombre: str,
    tramite: str,
    datos: Any,
    anexos: Sequence[AnexoEntrada],
    registro_patronal: str | None = None,
    ahora: datetime | None = None,
) -> Actuacion:
    """Check everything, store the attachments, create the draft with its cadena (6.1, 6.2)."""
    momento = ahora or timezone.now()
    fila = vigente(tramite)
    if fila is None:
        raise ErrorActuacion(
            "tramite_desconocido",
            f"No existe el trámite «{tramite}». Consulte el catálogo de trámites.",
            "tramite",
        )
    declaracion = declaracion_de(fila)
    exigir_habilitacion(declaracion, rfc, momento)
    registro = _registro(declaracion, rfc, registro_patronal)
    normalizados, errores = validar_datos(declaracion.esquema, datos)
    if errores:
        primero = errores[0]
        campo = f"datos.{primero.campo}" if primero.campo else "datos"
        raise ErrorActuacion(primero.codigo, primero.mensaje, campo)
    if declaracion.clave == reglas_icsoe.CLAVE:
        try:
            reglas_icsoe.revisar_vigencias(normalizados)
        except ErrorLegal as exc:
            raise ErrorActuacion("vigencia_invalida", exc.mensaje, f"datos.{exc.campo}") from exc
    notificacion = _requerimiento(declaracion, rfc, normalizados, momento)
    validos = revisar_anexos(declaracion, anexos)
    revisar_tablas(declaracion, normalizados, validos)
    datos_canonicos = canonico(normalizados)
    cadena = cadena_actuacion.construir(
        borrador=secrets.token_hex(16),
        rfc=rfc,
        registro_patronal=registro,
        tramite=fila.clave,
        version=fila.version,
        creada=momento.astimezone(ZONA_CENTRO),
        datos_canonicos=datos_canonicos,
        anexos=[(v.nombre, v.sha256) for v in validos],
    )
    with transaction.atomic():
        distintos = {v.sha256: v for v in validos}
        if distintos:
            contenidos.bloquear({h: v.tamano for h, v in distintos.items()}, momento)
            for anexo in distintos.values():
                almacen.guardar(anexo.contenido, ESPACIO)
            almacen.sincronizar(distintos, ESPACIO)
        actuacion = Actuacion.objects.create(
            rfc=rfc,
            nombre=nombre,
            registro_patronal=registro,
            tramite=fila,
            datos=datos_canonicos,
            cadena=cadena,
            creada=momento,
            expira=momento + VIGENCIA_BORRADOR,
            notificacion=notificacion,
        )
        Anexo.objects.bulk_create(
            [
                Anexo(
                    actuacion=actuacion,
                    orden=i,
                    nombre=v.nombre,
                    tipo_mime=v.tipo_mime,
                    tamano=v.tamano,
                    sha256=v.sha256,
                )
                for i, v in enumerate(validos)
            ]
        )
    return actuacion


def barrer_borradores(ahora: datetime | None = None, lote: int = 500) -> int:
    """Remove drafts past their expiry (never filed) and the files no other attachment cites.

    Rows first (drafts being signed right now are skipped: they are locked), then each file
    under its Contenido lock, checked again for citations, deleted before that lock is released.
    A rolled-back deletion may leave a Contenido row without its file: a later draft with the
    same content writes the file again (almacen.guardar), so nothing is lost."""
    momento = ahora or timezone.now()
    total = 0
    while True:
        with transaction.atomic():
            vencidas = list(
                Actuacion.objects.select_for_update(skip_locked=True)
                .filter(presentada__isnull=True, expira__lte=momento)
                .order_by("expira", "id")
                .values_list("pk", flat=True)[:lote]
            )
            if not vencidas:
                break
            huellas = set(
                Anexo.objects.filter(actuacion_id__in=vencidas).values_list("sha256", flat=True)
            )
            Anexo.objects.filter(actuacion_id__in=vencidas).delete()
            Actuacion.objects.filter(pk__in=vencidas, presentada__isnull=True).delete()
        total += len(vencidas)
        for huella in sorted(huellas):
            contenidos.borrar_si_huerfano(huella)
    return total
