"""Filing actuaciones: a draft (datos and attachments checked, cadena handed out), its signature
with the e.firma of the session (acuse + filed, one transaction), and the sweep of expired drafts.

Attachments are stored content-addressed in the "actuaciones" space. A `Contenido` row per file is
the lock that orders a draft citing a file and the sweep removing it: both take it FOR UPDATE
before touching the file, so the sweep never deletes a file that a committed or committing
attachment row cites.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.actuaciones import anexos as reglas_anexos
from buzon.actuaciones import cadena as cadena_actuacion
from buzon.actuaciones import reglas_icsoe
from buzon.actuaciones.catalogo import declaracion_de, vigente
from buzon.actuaciones.errores import ErrorActuacion
from buzon.actuaciones.esquemas import Declaracion, canonico, validar_datos
from buzon.actuaciones.models import Actuacion, Anexo, Contenido
from buzon.actuaciones.selectors import VIGENCIA_BORRADOR, access_actuacion
from buzon.efirma import ErrorEfirma, cms_desacoplado, decodificar_firma, verificar_firma
from buzon.evidencia import almacen
from buzon.evidencia.cadena import Documento
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.legal.errores import ErrorLegal
from buzon.legal.plazos import recepcion_legal_actuacion
from buzon.legal.zonas import ZONA_CENTRO
from buzon.legal.zonas import zona as zona_legal

ESPACIO = "actuaciones"


@dataclass(frozen=True)
class AnexoEntrada:
    """An attachment as received: the name given and the decoded bytes."""

    nombre: str
    contenido: bytes


@dataclass(frozen=True)
class Presentacion:
    actuacion: Actuacion
    acuse: Acuse
    #: False when the actuación had been filed already (the same acuse is returned).
    nueva: bool = True


def habilitado(rfc: str, ahora: datetime) -> bool:
    """5.5: filing needs the mailbox enabled (one query)."""
    from buzon.habilitacion.selectors import HABILITADO, estado_por_rfc

    return estado_por_rfc(rfc, ahora) == HABILITADO


def _exigir_habilitacion(declaracion: Declaracion, rfc: str, ahora: datetime) -> None:
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


def _insertar_contenidos(tamanos: Mapping[str, int], ahora: datetime) -> set[str]:
    """INSERT the rows missing (ON CONFLICT DO NOTHING); the hashes this statement inserted, which
    this transaction holds locked (a concurrent insert of the same hash waits for it to end).

    Django's bulk_create with ignore_conflicts cannot say which rows it inserted, so this is one
    plain statement with RETURNING (PostgreSQL; SQLite since 3.35). A database without RETURNING
    gets bulk_create and an empty set: every row is then locked by the SELECT … FOR UPDATE."""
    conexion = transaction.get_connection()
    if not conexion.features.can_return_columns_from_insert:
        Contenido.objects.bulk_create(
            [Contenido(sha256=h, tamano=n, registrado=ahora) for h, n in sorted(tamanos.items())],
            ignore_conflicts=True,
        )
        return set()
    nombre = conexion.ops.quote_name
    por_nombre = {c.name: c for c in Contenido._meta.concrete_fields}
    campos = [por_nombre[c] for c in ("sha256", "tamano", "registrado")]
    columnas = ", ".join(nombre(c.column) for c in campos)
    clave = nombre(campos[0].column)
    filas = sorted(tamanos.items())
    # Identifiers from the model's metadata, quoted; every value is a bound parameter.
    sql = (
        f"INSERT INTO {nombre(Contenido._meta.db_table)} ({columnas}) VALUES "  # noqa: S608
        + ", ".join(["(%s, %s, %s)"] * len(filas))
        + f" ON CONFLICT ({clave}) DO NOTHING RETURNING {clave}"
    )
    parametros: list[Any] = []
    for huella, tamano in filas:
        for campo, valor in zip(campos, (huella, tamano, ahora), strict=True):
            parametros.append(campo.get_db_prep_save(valor, conexion))
    with conexion.cursor() as cursor:
        cursor.execute(sql, parametros)
        return {str(fila[0]) for fila in cursor.fetchall()}


def _bloquear_contenidos(tamanos: Mapping[str, int], ahora: datetime) -> None:
    """Hold every file's Contenido row FOR UPDATE until this transaction ends (created if new).

    Insert the missing rows: a row inserted here is locked by this transaction (one a concurrent
    draft is inserting makes this wait for it), so a new file costs this one statement. Rows that
    existed already are then locked with SELECT … FOR UPDATE; one the sweep deleted in between is
    inserted again on the next turn."""
    faltan = dict(tamanos)
    for _intento in range(5):
        insertados = _insertar_contenidos(faltan, ahora)
        faltan = {h: n for h, n in faltan.items() if h not in insertados}
        if not faltan:
            return
        bloqueados = set(
            Contenido.objects.select_for_update()
            .filter(sha256__in=sorted(faltan))
            .order_by("sha256")
            .values_list("sha256", flat=True)
        )
        faltan = {h: n for h, n in faltan.items() if h not in bloqueados}
        if not faltan:
            return
    raise RuntimeError(f"No se pudo reservar el contenido {sorted(faltan)}.")


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
    _exigir_habilitacion(declaracion, rfc, momento)
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
            _bloquear_contenidos({h: v.tamano for h, v in distintos.items()}, momento)
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


def _verificar(actuacion: Actuacion, certificado_der: bytes, firma: str, ahora: datetime) -> Any:
    from buzon.cuentas.servicios import politica

    try:
        bytes_firma = decodificar_firma(firma)
        resultado = verificar_firma(
            certificado_der,
            actuacion.cadena.encode("utf-8"),
            bytes_firma,
            instante=ahora,
            politica=politica(),
        )
    except ErrorEfirma as exc:
        raise ErrorActuacion(exc.codigo, exc.mensaje, "firma") from exc
    if resultado.certificado.rfc != actuacion.rfc:
        raise ErrorActuacion(
            "firma_invalida", "La firma no es de la e.firma con la que inició sesión.", "firma"
        )
    return resultado.certificado, bytes_firma


def _ya_presentada(actuacion: Actuacion) -> Presentacion:
    return Presentacion(actuacion, Acuse.objects.get(folio=actuacion.acuse), nueva=False)


class _NoSePresento(Exception):
    """Rolls the filing's transaction back: the draft changed under it (filed or expired)."""


def do_firmar(
    *,
    actuacion_id: int,
    rfc: str,
    certificado_der: bytes,
    firma: str,
    ahora: datetime | None = None,
) -> Presentacion:
    """6.2, 6.3: verify the e.firma signature over the cadena; in one transaction issue the acuse
    `actuacion` with the legal receipt (6.3 read in the domicile's zone, 5.8) and mark it filed.
    Signing a filed actuación again (with a valid signature) returns its acuse.

    The mark is a conditional UPDATE (still a draft, not expired) after the acuse: if another
    request filed it first, or it expired, this transaction rolls back, acuse included."""
    from buzon.calendario.selectors import calendario_para
    from buzon.padron.selectors import zona_y_ambito

    momento = ahora or timezone.now()
    actuacion = access_actuacion(rfc, actuacion_id)
    if actuacion.presentada is not None and actuacion.firma == firma.strip():
        return _ya_presentada(actuacion)
    certificado, bytes_firma = _verificar(actuacion, certificado_der, firma, momento)
    if actuacion.presentada is not None:
        return _ya_presentada(actuacion)
    if momento >= actuacion.expira:
        raise _vencido()
    _exigir_habilitacion(declaracion_de(actuacion.tramite), rfc, momento)
    registro = actuacion.registro_patronal
    nombre_zona, ambito = zona_y_ambito(rfc, registro)
    zona = zona_legal(nombre_zona)
    calendario = calendario_para(ambito)
    recepcion = recepcion_legal_actuacion(momento, calendario, zona)
    limite = (
        reglas_icsoe.fecha_limite_de(json.loads(actuacion.datos), calendario)
        if actuacion.tramite.clave == reglas_icsoe.CLAVE
        else None
    )
    # The attachments as the signed cadena names them (their rows were written from the same
    # list in the draft's transaction): no query.
    documentos = [Documento(n, h) for n, h in cadena_actuacion.anexos_de(actuacion.cadena)]
    firma_b64 = base64.b64encode(bytes_firma).decode("ascii")
    cms = cms_desacoplado(certificado, actuacion.cadena.encode("utf-8"), bytes_firma)
    try:
        with transaction.atomic():
            acuse = do_emitir_acuse(
                SolicitudAcuse(
                    tipo="actuacion",
                    rfc=rfc,
                    registro_patronal=registro or None,
                    documentos=documentos,
                    datos={
                        "actuacion": actuacion.pk,
                        "tramite": actuacion.tramite.clave,
                        "nombre_tramite": actuacion.tramite.nombre,
                        "version_tramite": actuacion.tramite.version,
                        "datos_sha256": cadena_actuacion.sha256_texto(actuacion.datos),
                        "recibida": momento.astimezone(ZONA_CENTRO).isoformat(),
                        "cadena_firmada": actuacion.cadena,
                        "no_certificado": certificado.no_certificado,
                        "firma": firma_b64,
                        # ICSOE: the period's due date (LSS 15 A, CFF 12) [I-34].
                        **({"fecha_limite": limite.isoformat()} if limite else {}),
                    },
                    instante_legal=recepcion,
                    zona_legal=zona.key,
                    emitido=momento,
                )
            )
            hechos = {
                "presentada": momento,
                "recepcion_legal": recepcion,
                "zona": zona.key,
                "entidad": ambito.entidad or "",
                "subdelegacion": ambito.subdelegacion or "",
                "acuse": acuse.folio,
                "firma": firma_b64,
                "no_certificado": certificado.no_certificado,
                "firma_cms": cms,
            }
            marcadas = Actuacion.objects.filter(
                pk=actuacion.pk, rfc=rfc, presentada__isnull=True, expira__gt=momento
            ).update(**hechos)
            if marcadas != 1:
                raise _NoSePresento
    except _NoSePresento:
        actual = access_actuacion(rfc, actuacion_id)
        if actual.presentada is not None:
            return _ya_presentada(actual)
        raise _vencido() from None
    for campo, valor in hechos.items():
        setattr(actuacion, campo, valor)
    return Presentacion(actuacion, acuse, nueva=True)


def _vencido() -> ErrorActuacion:
    return ErrorActuacion(
        "borrador_vencido",
        "Pasaron más de 24 horas sin firmar y esta actuación no se presentó: captúrela de nuevo.",
        "id",
        409,
    )


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
            _borrar_si_huerfano(huella)
    return total


def _borrar_si_huerfano(huella: str) -> None:
    with transaction.atomic():
        fila = Contenido.objects.select_for_update().filter(sha256=huella).first()
        if fila is None or Anexo.objects.filter(sha256=huella).exists():
            return
        almacen.borrar(huella, ESPACIO)
        fila.delete()
