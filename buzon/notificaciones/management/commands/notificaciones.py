"""`buzon notificaciones catalogo listar|importar F.json|disponibilidad --clave 7.8 --desde D
--anuncio TEXTO --por RFC | lote F.jsonl|F.csv --certificado C.cer | despachar | depurar`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.comun.comandos import ComandoBuzon
from buzon.efirma import ErrorEfirma, leer_certificado
from buzon.legal.errores import ErrorLegal
from buzon.notificaciones.ciclo.conservacion import depurar
from buzon.notificaciones.emision import catalogo
from buzon.notificaciones.emision.lotes import do_crear_lote, procesar_pendientes
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Lote
from buzon.oficina.servicios import oficial_activo


def _leer(ruta: str) -> bytes:
    try:
        return Path(ruta).read_bytes()
    except OSError as exc:
        raise CommandError(f"No se pudo leer «{ruta}» ({exc.strerror}).", returncode=2) from exc


class Command(ComandoBuzon):
    help = "Notificaciones: catálogo de actos, lotes, avisos pendientes y conservación."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        cat = sub.add_parser(
            "catalogo", help="catálogo de actos notificables (relación de trámites, numeral 7)"
        )
        cat_sub = cat.add_subparsers(dest="operacion", required=True)
        cat_sub.add_parser("listar", help="los actos vigentes y su disponibilidad (JSON)")
        importar = cat_sub.add_parser("importar", help="carga un catálogo (JSON, todo o nada)")
        importar.add_argument("archivo")
        disponible = cat_sub.add_parser(
            "disponibilidad",
            help="registra el anuncio del Instituto que ofrece un acto (Transitorio Segundo)",
        )
        disponible.add_argument("--clave", required=True, help="numeral del acto, p. ej. 7.8")
        disponible.add_argument("--desde", required=True, help="fecha AAAA-MM-DD del anuncio")
        disponible.add_argument(
            "--anuncio", required=True, help="el anuncio: medio, fecha y dirección, si la tiene"
        )
        disponible.add_argument("--por", required=True, help="RFC del servidor público")
        lote = sub.add_parser("lote", help="emite un lote JSONL o CSV de notificaciones firmadas")
        lote.add_argument("archivo")
        lote.add_argument(
            "--certificado", required=True, help="certificado (.cer) del servidor público firmante"
        )
        sub.add_parser("despachar", help="envía los avisos cuyo instante ya llegó")
        sub.add_parser("depurar", help="elimina documentos con plazo de conservación vencido")

    def handle(self, *args: Any, **op: Any) -> None:
        getattr(self, "_" + op["accion"])(op)

    def _catalogo(self, op: dict[str, Any]) -> None:
        if op["operacion"] == "importar":
            try:
                texto = _leer(op["archivo"]).decode("utf-8-sig")
                cuantos = catalogo.do_importar_catalogo(texto)
            except UnicodeDecodeError as exc:
                raise CommandError("El catálogo debe estar en UTF-8.", returncode=2) from exc
            except ErrorLegal as exc:
                raise CommandError(f"{exc.campo}: {exc.mensaje}", returncode=2) from exc
            self.stdout.write(json.dumps({"actos": cuantos}))
            return
        catalogo.asegurar_catalogo()
        if op["operacion"] == "disponibilidad":
            self._disponibilidad(op)
            return
        self.stdout.write(json.dumps({"actos": catalogo.listado()}, ensure_ascii=False))

    def _disponibilidad(self, op: dict[str, Any]) -> None:
        try:
            desde = date.fromisoformat(op["desde"])
        except ValueError as exc:
            raise CommandError(
                f"--desde: «{op['desde']}» no es una fecha AAAA-MM-DD.", returncode=2
            ) from exc
        try:
            registro = catalogo.do_registrar_disponibilidad(
                op["clave"], desde, op["anuncio"], op["por"]
            )
        except ErrorNotificacion as exc:
            raise CommandError(f"--{exc.campo}: {exc.mensaje}", returncode=2) from exc
        d = registro.disponibilidad
        self.stdout.write(
            json.dumps(
                {
                    "clave": op["clave"].strip(),
                    "nuevo": registro.nuevo,
                    "desde": desde.isoformat(),
                    "anuncio": d.anuncio,
                    "registrado_por": d.registrado_por,
                    "registrado": d.registrado.isoformat(),
                },
                ensure_ascii=False,
            )
        )

    def _lote(self, op: dict[str, Any]) -> None:
        certificado = _leer(op["certificado"])
        try:
            rfc = leer_certificado(certificado).rfc
        except ErrorEfirma as exc:
            raise CommandError(f"certificado: {exc.mensaje}", returncode=2) from exc
        try:
            lote = do_crear_lote(
                oficial_activo(rfc), certificado, Path(op["archivo"]).name, _leer(op["archivo"])
            )
        except ErrorNotificacion as exc:
            raise CommandError(exc.mensaje, returncode=2) from exc
        procesar_pendientes()
        lote = Lote.objects.get(pk=lote.pk)
        self.stdout.write(
            json.dumps(
                {
                    "lote": lote.pk,
                    "total": lote.total,
                    "correctas": lote.correctas,
                    "con_error": lote.procesadas - lote.correctas,
                    "errores": lote.errores,
                },
                ensure_ascii=False,
            )
        )
        if lote.procesadas != lote.correctas:
            raise CommandError(
                f"{lote.procesadas - lote.correctas} líneas con error (las demás se emitieron).",
                returncode=1,
            )

    def _despachar(self, op: dict[str, Any]) -> None:
        self.stdout.write(json.dumps({"avisos_enviados": despachar_avisos()}))

    def _depurar(self, op: dict[str, Any]) -> None:
        self.stdout.write(json.dumps({"documentos_depurados": depurar()}))
