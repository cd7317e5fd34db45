"""Writing comunicados: the comunicador writes and sends for approval, a supervisor approves or
returns it, either withdraws it (kept, marked); the particular marks it read. Each state change
is one `do_*` in one transaction with its timeline event (`EventoComunicado`). The fan-out of an
approved comunicado is `difusion`'s.

Comunicados have no legal effect (numeral 8 informs, it notifies nothing): their events are the
comunicado's own timeline, not the evidence log of legal facts [I-100].
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from buzon.avisos.validacion import ErrorAviso, exigir_sin_enlaces
from buzon.comun.texto import es_visible, linea_invalida
from buzon.comunicados import objetivo
from buzon.comunicados.errores import NO_ENCONTRADO_OFICINA, ErrorComunicado
from buzon.comunicados.models import (
    Adjunto,
    Comunicado,
    Destinatario,
    EventoComunicado,
    ObjetivoLista,
)
from buzon.oficina.models import Oficial
from buzon.oficina.selectors import de_su_subdelegacion

LARGO_TITULO = 200
LARGO_CUERPO = 20_000
LARGO_MOTIVO = 300
MAXIMO_ADJUNTOS = 5
#: Each attachment's limit (a PDF the particular downloads).
MAXIMO_ADJUNTO = 5 * 1024 * 1024
Estado = Comunicado.Estado


@dataclass(frozen=True)
class DatosComunicado:
    titulo: str
    cuerpo: str
    segmento: str
    formato: str = Comunicado.Formato.TEXTO
    valores: Sequence[str] = ()
    #: The uploaded CSV of RFCs or registros (segment `lista`).
    lista: str = ""
    vigente_desde: datetime | None = None
    vigente_hasta: datetime | None = None
    #: (file name, content) of each PDF.
    adjuntos: Sequence[tuple[str, bytes]] = field(default_factory=tuple)


def evento(c: Comunicado, tipo: str, por: str, ahora: datetime, **detalle: Any) -> None:
    EventoComunicado.objects.create(
        comunicado=c, tipo=tipo, instante=ahora, por=por, detalle=detalle
    )


def _exigir_rol(oficial: Oficial, *roles: str) -> None:
    if oficial.rol not in roles:
        nombres = " o ".join(roles)
        raise ErrorComunicado(
            "sin_permiso",
            f"Esta acción corresponde a un servidor público con rol {nombres}.",
            None,
            403,
        )


def _titulo(titulo: str) -> str:
    limpio = " ".join(titulo.split())
    if not limpio or len(limpio) > LARGO_TITULO or not es_visible(limpio):
        raise ErrorComunicado(
            "titulo_invalido", linea_invalida("El título", LARGO_TITULO), "titulo"
        )
    try:
        exigir_sin_enlaces(limpio, "título")  # the title travels in the courtesy email
    except ErrorAviso as exc:
        raise ErrorComunicado("titulo_con_enlace", exc.mensaje, "titulo") from exc
    return limpio


def _cuerpo(cuerpo: str) -> str:
    texto = cuerpo.replace("\r\n", "\n").strip()
    if not texto or len(texto) > LARGO_CUERPO:
        raise ErrorComunicado(
            "cuerpo_invalido",
            f"El texto del comunicado es obligatorio y admite hasta {LARGO_CUERPO:,} caracteres.",
            "cuerpo",
        )
    if not all(es_visible(linea, espacios_unicode=True) for linea in texto.split("\n")):
        raise ErrorComunicado(
            "cuerpo_invalido",
            "El texto tiene caracteres de control o invisibles: escríbalo de nuevo.",
            "cuerpo",
        )
    return texto


def _adjuntos(adjuntos: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    if len(adjuntos) > MAXIMO_ADJUNTOS:
        raise ErrorComunicado(
            "demasiados_adjuntos", f"Se admiten hasta {MAXIMO_ADJUNTOS} PDF.", "adjuntos"
        )
    revisados = []
    for i, (nombre, contenido) in enumerate(adjuntos, start=1):
        nombre = " ".join(str(nombre).split())[:120] or f"adjunto-{i}.pdf"
        if not es_visible(nombre):
            nombre = f"adjunto-{i}.pdf"
        if not contenido.startswith(b"%PDF-"):
            raise ErrorComunicado(
                "adjunto_no_pdf",
                f"El adjunto {i} («{nombre}») no es un PDF: adjunte solo documentos PDF.",
                "adjuntos",
            )
        if len(contenido) > MAXIMO_ADJUNTO:
            raise ErrorComunicado(
                "adjunto_grande",
                f"El adjunto {i} («{nombre}») pesa {len(contenido):,} bytes; el límite es "
                f"{MAXIMO_ADJUNTO:,}.",
                "adjuntos",
            )
        revisados.append((nombre, contenido))
    return revisados


def do_crear_comunicado(oficial: Oficial, datos: DatosComunicado) -> Comunicado:
    """A borrador by a comunicador, targeted within its scope, with its list and attachments."""
    _exigir_rol(oficial, Oficial.Rol.COMUNICADOR)
    titulo, cuerpo = _titulo(datos.titulo), _cuerpo(datos.cuerpo)
    if datos.formato not in Comunicado.Formato.values:
        raise ErrorComunicado("formato_invalido", "El formato es «texto» o «markdown».", "formato")
    valores = objetivo.valores_del_segmento(datos.segmento, datos.valores, oficial.subdelegacion)
    ahora = timezone.now()
    desde = datos.vigente_desde or ahora
    if datos.vigente_hasta is not None and datos.vigente_hasta <= max(desde, ahora):
        raise ErrorComunicado(
            "vigencia_invalida",
            "El fin de la vigencia debe ser posterior a su inicio y al momento actual.",
            "vigente_hasta",
        )
    filas: list[objetivo.FilaLista] = []
    if datos.segmento == Comunicado.Segmento.LISTA:
        filas = objetivo.leer_lista(datos.lista, oficial.subdelegacion)
    elif datos.lista.strip():
        raise ErrorComunicado(
            "lista_sin_segmento", "Una lista solo va con el segmento «lista».", "lista"
        )
    adjuntos = _adjuntos(datos.adjuntos)
    with transaction.atomic():
        c = Comunicado.objects.create(
            titulo=titulo,
            cuerpo=cuerpo,
            formato=datos.formato,
            subdelegacion=oficial.subdelegacion,
            autor_rfc=oficial.rfc,
            vigente_desde=desde,
            vigente_hasta=datos.vigente_hasta,
            segmento=datos.segmento,
            valores=valores,
            creado_en=ahora,
        )
        ObjetivoLista.objects.bulk_create(
            [ObjetivoLista(comunicado=c, tipo=f.tipo, valor=f.valor, linea=f.linea) for f in filas],
            batch_size=5000,
        )
        Adjunto.objects.bulk_create(
            [
                Adjunto(
                    comunicado=c,
                    numero=i,
                    nombre=nombre,
                    contenido=contenido,
                    tamano=len(contenido),
                    sha256=hashlib.sha256(contenido).hexdigest(),
                )
                for i, (nombre, contenido) in enumerate(adjuntos, start=1)
            ]
        )
        evento(
            c, "creado", oficial.rfc, ahora, segmento=c.segmento, valores=valores, lista=len(filas)
        )
    return c


def _bloquear(oficial: Oficial, comunicado_id: int) -> Comunicado:
    """The comunicado in the official's scope, locked for the change (404 otherwise)."""
    consulta = de_su_subdelegacion(oficial, Comunicado.objects.select_for_update())
    c = consulta.filter(pk=comunicado_id).first()
    if c is None:
        raise ErrorComunicado("no_encontrado", NO_ENCONTRADO_OFICINA, "comunicado", 404)
    return c


def _exigir_estado(c: Comunicado, *estados: str) -> None:
    if c.estado not in estados:
        raise ErrorComunicado(
            "estado_invalido",
            f"El comunicado está «{c.get_estado_display()}»; esta acción no le corresponde.",
            "estado",
            409,
        )


def do_enviar_a_aprobacion(oficial: Oficial, comunicado_id: int) -> Comunicado:
    _exigir_rol(oficial, Oficial.Rol.COMUNICADOR)
    with transaction.atomic():
        c = _bloquear(oficial, comunicado_id)
        _exigir_estado(c, Estado.BORRADOR)
        ahora = timezone.now()
        c.estado, c.enviado_en = Estado.POR_APROBAR, ahora
        c.save(update_fields=["estado", "enviado_en"])
        evento(c, "enviado_a_aprobacion", oficial.rfc, ahora)
    return c


def _motivo(motivo: str) -> str:
    limpio = " ".join(motivo.split())
    if not limpio or len(limpio) > LARGO_MOTIVO or not es_visible(limpio):
        raise ErrorComunicado(
            "motivo_invalido", linea_invalida("El motivo", LARGO_MOTIVO), "motivo"
        )
    return limpio


def do_devolver(oficial: Oficial, comunicado_id: int, motivo: str) -> Comunicado:
    """The supervisor returns it to the comunicador (borrador again), saying why."""
    _exigir_rol(oficial, Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR)
    limpio = _motivo(motivo)
    with transaction.atomic():
        c = _bloquear(oficial, comunicado_id)
        _exigir_estado(c, Estado.POR_APROBAR)
        ahora = timezone.now()
        c.estado = Estado.BORRADOR
        c.save(update_fields=["estado"])
        evento(c, "devuelto", oficial.rfc, ahora, motivo=limpio)
    return c


def do_aprobar(oficial: Oficial, comunicado_id: int) -> Comunicado:
    """A supervisor approves it: it is published and its fan-out may start (`difusion`)."""
    _exigir_rol(oficial, Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR)
    with transaction.atomic():
        c = _bloquear(oficial, comunicado_id)
        _exigir_estado(c, Estado.POR_APROBAR)
        ahora = timezone.now()
        if c.vigente_hasta is not None and c.vigente_hasta <= ahora:
            raise ErrorComunicado(
                "vencido",
                "Su vigencia ya terminó: devuélvalo para que se escriba de nuevo.",
                "vigente_hasta",
                409,
            )
        c.estado, c.aprobado_por, c.aprobado_en = Estado.PUBLICADO, oficial.rfc, ahora
        c.save(update_fields=["estado", "aprobado_por", "aprobado_en"])
        evento(c, "aprobado", oficial.rfc, ahora)
    return c


def do_retirar(oficial: Oficial, comunicado_id: int, motivo: str) -> Comunicado:
    """Withdrawn: kept and marked; particulars see the mark instead of the text."""
    _exigir_rol(oficial, Oficial.Rol.COMUNICADOR, Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR)
    limpio = _motivo(motivo)
    with transaction.atomic():
        c = _bloquear(oficial, comunicado_id)
        _exigir_estado(c, Estado.BORRADOR, Estado.POR_APROBAR, Estado.PUBLICADO)
        ahora = timezone.now()
        c.estado, c.retirado_por, c.retirado_en = Estado.RETIRADO, oficial.rfc, ahora
        c.motivo_retiro = limpio
        c.save(update_fields=["estado", "retirado_por", "retirado_en", "motivo_retiro"])
        evento(c, "retirado", oficial.rfc, ahora, motivo=limpio)
    return c


def do_marcar_leido(destinatario: Destinatario) -> Destinatario:
    """The particular opened it (a POST): read from now on; a second time changes nothing."""
    with transaction.atomic():
        if destinatario.leido_en is None:
            ahora = timezone.now()
            Destinatario.objects.filter(pk=destinatario.pk, leido_en__isnull=True).update(
                leido_en=ahora
            )
            destinatario.refresh_from_db(fields=["leido_en"])
    return destinatario
