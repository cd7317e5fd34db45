"""Issuing notifications: one (`do_emitir_notificacion`, the API) or many at once (`emitir_varias`,
bulk batches). Each is verified (document, signature, signer's role), stored content-addressed,
routed (ruteo.py), and recorded with its timeline and an evidence-log entry, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from buzon.comun.texto import es_visible, linea_invalida
from buzon.efirma import Certificado, ErrorEfirma, decodificar_firma, leer_certificado
from buzon.efirma.firma import exigir_firma
from buzon.efirma.validacion import comprobar_certificado
from buzon.evidencia import almacen
from buzon.evidencia.bitacora import Evento as EventoBitacora
from buzon.evidencia.bitacora import anotar_varios
from buzon.evidencia.copia import insertar
from buzon.evidencia.folio import aleatorio, nuevo_folio
from buzon.habilitacion.selectors import estados_de
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.errores import ErrorLegal
from buzon.legal.notificacion import BUZON, ESTRADOS, PERSONAL
from buzon.legal.rfc import normalizar_rfc
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.emision import catalogo, ruteo
from buzon.notificaciones.emision.documento import decodificar, exigir_pdf
from buzon.notificaciones.emision.respuesta import exigir_actuacion_respondible
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.eventos import Hecho, registrar_de_nuevas
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial
from buzon.padron.filas import normalizar_registro
from buzon.padron.selectors import ambitos_de, nombres_de, zonas_de

ROLES_QUE_EMITEN = frozenset({"notificador", "supervisor", "administrador"})


@dataclass(frozen=True)
class Solicitud:
    """One notification to issue, as the official sent it (documento in base64)."""

    clave: str
    rfc: str
    tipo: str
    asunto: str
    documento: str
    firma: str
    registro_patronal: str = ""
    en_respuesta_a: int | None = None
    #: "" (the law decides, ruteo.py) or "personal": the official chooses it (7.10) [I-47].
    ruta: str = ""


@dataclass(frozen=True)
class Resultado:
    clave: str
    notificacion: Notificacion | None = None
    nueva: bool = False
    error: ErrorNotificacion | None = None


@dataclass
class _Valida:
    solicitud: Solicitud
    rfc: str
    registro: str
    datos: bytes
    sha256: str
    huella: str


def huella_solicitud(s: Solicitud, rfc: str, registro: str, sha256: str) -> str:
    """What "the same body" means for Idempotency-Key: the canonical request, document by hash."""
    partes = [rfc, registro, s.tipo, s.asunto, sha256, s.firma.strip(), s.en_respuesta_a]
    canonica = json.dumps(
        partes + ([s.ruta] if s.ruta else []),  # only when chosen: older keys keep their huella
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonica.encode("utf-8")).hexdigest()


def exigir_emisor(oficial: Oficial | None) -> Oficial:
    if oficial is None or not oficial.activo or oficial.rol not in ROLES_QUE_EMITEN:
        raise ErrorNotificacion(
            "sin_permiso",
            "Solo un servidor público registrado y activo, con rol de notificador, supervisor o "
            "administrador, puede emitir notificaciones (buzon oficina alta).",
            None,
            403,
        )
    return oficial


class Verificador:
    """Checks officials' signatures; the certificate is checked once per run (bulk batches)."""

    def __init__(self, oficial: Oficial, certificado_der: bytes, ahora: datetime) -> None:
        from buzon.cuentas.servicios import politica

        self.oficial = oficial
        try:
            self.certificado: Certificado = leer_certificado(certificado_der)
            comprobar_certificado(self.certificado, instante=ahora, politica=politica())
        except ErrorEfirma as exc:
            raise ErrorNotificacion(exc.codigo, exc.mensaje, "firma", 401) from exc
        if self.certificado.rfc != oficial.rfc:
            raise ErrorNotificacion(
                "firma_invalida",
                "La e.firma no es la del servidor público que emite.",
                "firma",
                403,
            )

    def verificar(self, datos: bytes, firma: str) -> None:
        try:
            exigir_firma(self.certificado, datos, decodificar_firma(firma))
        except ErrorEfirma as exc:
            raise ErrorNotificacion(
                "firma_invalida",
                "La firma no corresponde al documento con la e.firma de la sesión: firme los "
                "bytes exactos del PDF (RSA PKCS#1 v1.5 con SHA-256, en base64).",
                "firma",
            ) from exc


def _validar(s: Solicitud, verificador: Verificador, tipos: catalogo.Disponibles) -> _Valida:
    if not s.clave.strip() or len(s.clave) > 200:
        raise ErrorNotificacion(
            "clave_idempotencia_invalida",
            "Envíe el encabezado Idempotency-Key (1 a 200 caracteres) para poder reintentar "
            "sin duplicar la notificación.",
            "Idempotency-Key",
        )
    try:
        rfc = normalizar_rfc(s.rfc, "rfc")
        registro = normalizar_registro(s.registro_patronal) if s.registro_patronal.strip() else ""
    except ErrorLegal as exc:
        raise ErrorNotificacion("dato_invalido", exc.mensaje, exc.campo or "rfc") from exc
    tipos.exigir(s.tipo)  # in the catalogue, and offered at this instant (Transitorio Segundo)
    ruteo.exigir_ruta_elegible(s.ruta)
    asunto = s.asunto.strip()
    if not asunto or len(asunto) > 300 or not es_visible(asunto, espacios_unicode=True):
        raise ErrorNotificacion("asunto_invalido", linea_invalida("El asunto", 300), "asunto")
    datos = decodificar(s.documento, "documento")
    exigir_pdf(datos, int(settings.BUZON_MAXIMO_DOCUMENTO))
    verificador.verificar(datos, s.firma)
    sha256 = almacen.sha256_de(datos)
    return _Valida(s, rfc, registro, datos, sha256, huella_solicitud(s, rfc, registro, sha256))


def _registros_ajenos(validas: list[_Valida]) -> set[tuple[str, str]]:
    from buzon.padron.models import RegistroPatronal

    pedidos = {(v.rfc, v.registro) for v in validas if v.registro}
    if not pedidos:
        return set()
    propios = set(
        RegistroPatronal.objects.filter(registro__in={r for _, r in pedidos}).values_list(
            "patron__rfc", "registro"
        )
    )
    return pedidos - propios


def emitir_varias(
    oficial: Oficial,
    certificado_der: bytes,
    solicitudes: Sequence[Solicitud],
    *,
    ahora: datetime | None = None,
    lote_id: int | None = None,
) -> list[Resultado]:
    """Issue many notifications in one transaction; a bad one is reported, never stops the rest.

    The same Idempotency-Key with the same request returns the notification already issued; with
    another request it is refused (`idempotencia_conflicto`, 422).
    """
    exigir_emisor(oficial)
    momento = ahora or timezone.now()
    verificador = Verificador(oficial, certificado_der, momento)
    resultados: dict[int, Resultado] = {}
    validas: dict[int, _Valida] = {}
    tipos = catalogo.disponibles(momento)
    for i, s in enumerate(solicitudes):
        try:
            validas[i] = _validar(s, verificador, tipos)
        except ErrorNotificacion as exc:
            resultados[i] = Resultado(s.clave, error=exc)
    ajenos = _registros_ajenos(list(validas.values()))
    for i, v in list(validas.items()):
        if (v.rfc, v.registro) in ajenos:
            resultados[i] = Resultado(
                v.solicitud.clave,
                error=ErrorNotificacion(
                    "registro_desconocido",
                    f"El registro patronal «{v.registro}» no pertenece al RFC {v.rfc} "
                    "en el padrón.",
                    "registro_patronal",
                ),
            )
            del validas[i]
    # A concurrent request with the same key may commit between our read and our insert: the
    # unique constraint refuses ours, and the retry finds theirs (same answer, or a conflict).
    for intento in range(2):
        try:
            resultados.update(_en_transaccion(verificador, validas, momento, lote_id))
            break
        except IntegrityError:
            if intento:
                raise
    # A duplicate key inside one batch answers like a retry: the notification of its first line.
    for i, r in resultados.items():
        if r.notificacion is None and r.error is None:
            resultados[i] = Resultado(r.clave, notificacion=_por_clave(oficial, r.clave))
    return [resultados[i] for i in range(len(solicitudes))]


def _en_transaccion(
    verificador: Verificador, validas: dict[int, _Valida], momento: datetime, lote_id: int | None
) -> dict[int, Resultado]:
    resultados: dict[int, Resultado] = {}
    with transaction.atomic():
        existentes = {
            n.clave_idempotencia: n
            for n in Notificacion.objects.select_for_update().filter(
                emisor=verificador.oficial.rfc,
                clave_idempotencia__in=[v.solicitud.clave for v in validas.values()],
            )
        }
        nuevas: dict[int, _Valida] = {}
        vistas: dict[str, str] = {}
        for i, v in validas.items():
            previa = existentes.get(v.solicitud.clave)
            huella_previa = (
                previa.huella_solicitud if previa is not None else vistas.get(v.solicitud.clave)
            )
            if huella_previa is None:
                nuevas[i] = v
                vistas[v.solicitud.clave] = v.huella
            elif huella_previa != v.huella:
                resultados[i] = Resultado(
                    v.solicitud.clave,
                    error=ErrorNotificacion(
                        "idempotencia_conflicto",
                        f"La clave de idempotencia «{v.solicitud.clave}» ya se usó con otra "
                        "solicitud: use una clave nueva para una notificación nueva.",
                        "Idempotency-Key",
                        422,
                    ),
                )
            else:
                resultados[i] = Resultado(v.solicitud.clave, notificacion=previa)
        creadas = _crear(verificador, list(nuevas.values()), momento, lote_id)
        for (i, _v), notificacion in zip(nuevas.items(), creadas, strict=True):
            resultados[i] = Resultado(notificacion.clave_idempotencia, notificacion, nueva=True)
    return resultados


def _por_clave(oficial: Oficial, clave: str) -> Notificacion | None:
    return Notificacion.objects.filter(emisor=oficial.rfc, clave_idempotencia=clave).first()


def _crear(
    verificador: Verificador, validas: list[_Valida], ahora: datetime, lote_id: int | None
) -> list[Notificacion]:
    if not validas:
        return []
    oficial, certificado = verificador.oficial, verificador.certificado
    for v in validas:
        almacen.guardar(v.datos)
    almacen.sincronizar({v.sha256 for v in validas})
    rfcs = sorted({v.rfc for v in validas})
    estados = estados_de(rfcs, ahora)
    ambitos = ambitos_de([(v.rfc, v.registro) for v in validas])
    zonas, nombres = zonas_de(rfcs), nombres_de(rfcs)
    notificaciones, motivos = [], []
    calendarios: dict[tuple[str, str], Calendario] = {}
    for v in validas:
        ambito = ambitos[(v.rfc, v.registro)]
        clave = (ambito.entidad or "", ambito.subdelegacion or "")
        if clave not in calendarios:
            calendarios[clave] = ruteo.calendario_de(*clave)
        calendario = calendarios[clave]
        buzon_estado = estados.get(v.rfc)
        decision = ruteo.decidir_pedida(v.solicitud.ruta, buzon_estado, ahora, calendario)
        elegida = v.solicitud.ruta == PERSONAL
        motivos.append(decision.motivo)
        notificaciones.append(
            Notificacion(
                folio=nuevo_folio(ahora.astimezone(ZONA_CENTRO).year),
                rfc=v.rfc,
                registro_patronal=v.registro,
                nombre=nombres.get(v.rfc) or (buzon_estado[0].nombre if buzon_estado else ""),
                tipo=v.solicitud.tipo,
                asunto=v.solicitud.asunto.strip(),
                documento_sha256=v.sha256,
                documento_tamano=len(v.datos),
                firma=v.solicitud.firma.strip(),
                firmante_rfc=certificado.rfc,
                firmante_certificado=certificado.der,
                firmante_serie=certificado.no_certificado,
                emisor=oficial.rfc,
                subdelegacion=oficial.subdelegacion,
                entidad=ambito.entidad or "",
                subdelegacion_patron=ambito.subdelegacion or "",
                zona=zonas[v.rfc],
                creada=ahora,
                ruta=decision.ruta,
                aviso_programado=decision.aviso_programado,
                estrados_publicada=decision.estrados_publicada,
                estrados_fin=decision.estrados_fin,
                estrados_notificada=decision.estrados_notificada,
                personal_elegida=ahora if elegida else None,
                personal_elegida_por=oficial.rfc if elegida else "",
                personal_motivo=decision.motivo if elegida else "",
                codigo_verificacion=aleatorio(20),  # 100 bits from the OS's CSPRNG
                clave_idempotencia=v.solicitud.clave,
                huella_solicitud=v.huella,
                lote_id=lote_id,
                en_respuesta_a=v.solicitud.en_respuesta_a,
                conservar_hasta=plazos.conservar_hasta(ahora),
            )
        )
    insertar(Notificacion, notificaciones, "folio")
    hechos = []
    for n, motivo in zip(notificaciones, motivos, strict=True):
        hechos += hechos_iniciales(n, motivo)
    registrar_de_nuevas(hechos)
    anotar_varios(
        [
            EventoBitacora(
                "notificacion_emitida",
                n.folio,
                {
                    "rfc": n.rfc,
                    "tipo": n.tipo,
                    "documento_sha256": n.documento_sha256,
                    "firmante": n.firmante_rfc,
                    "ruta": n.ruta,
                },
                ahora,
            )
            for n in notificaciones
        ]
    )
    return notificaciones


def hechos_iniciales(n: Notificacion, motivo: str) -> list[tuple[Notificacion, Hecho]]:
    hechos = [
        Hecho("creada", n.creada, {"emisor": n.emisor, "documento_sha256": n.documento_sha256}),
        Hecho(
            "firma_verificada", n.creada, {"firmante": n.firmante_rfc, "serie": n.firmante_serie}
        ),
        Hecho("enrutada", n.creada, {"ruta": n.ruta, "motivo": motivo}),
    ]
    if n.ruta == BUZON:
        assert n.aviso_programado is not None  # its dates come from the aviso sent [I-35]
        hechos.append(
            Hecho("aviso_programado", n.creada, {"programado": n.aviso_programado.isoformat()})
        )
    elif n.ruta == ESTRADOS:
        assert n.estrados_publicada is not None and n.estrados_fin is not None
        assert n.estrados_notificada is not None
        hechos.append(
            Hecho(
                "estrados_publicada",
                n.creada,
                {
                    "publicada": n.estrados_publicada.isoformat(),
                    "fin_publicacion": n.estrados_fin.isoformat(),
                    "notificada": n.estrados_notificada.isoformat(),
                },
            )
        )
    return [(n, h) for h in hechos]


def do_emitir_notificacion(
    oficial: Oficial | None, certificado_der: bytes, solicitud: Solicitud
) -> Resultado:
    """The single issue (API and page): raises the error instead of reporting it."""
    if solicitud.en_respuesta_a is not None:
        exigir_actuacion_respondible(solicitud.en_respuesta_a, solicitud.rfc)
    resultado = emitir_varias(exigir_emisor(oficial), certificado_der, [solicitud])[0]
    if resultado.error is not None:
        raise resultado.error
    return resultado
