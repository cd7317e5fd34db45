"""`buzon notificaciones catalogo listar|importar F.json | lote F.jsonl|F.csv --certificado C.cer
| despachar | depurar`."""

from __future__ import annotations

import json
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
from buzon.notificaciones.models import Lote, TipoActo
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
        cat = sub.add_parser("catalogo", help="catálogo de actos notificables (7.1–7.18)")
        cat_sub = cat.add_subparsers(dest="operacion", required=True)
        cat_sub.add_parser("listar", help="los actos vigentes (JSON)")
        importar = cat_sub.add_parser("importar", help="carga un catálogo (JSON, todo o nada)")
        importar.add_argument("archivo")
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
        actos = list(
            TipoActo.objects.order_by("id").values(
                "clave", "nombre", "fuente", "es_requerimiento", "activo", "version"
            )
        )
        self.stdout.write(json.dumps({"actos": actos}, ensure_ascii=False))

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
