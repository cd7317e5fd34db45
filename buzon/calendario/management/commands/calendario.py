"""`buzon calendario`: the officials' management of declared días inhábiles (with audit trail).

buzon calendario listar [--todos]
buzon calendario declarar (--fecha D | --desde D --hasta D) --fuente TEXTO [--entidad E ...]
                          [--subdelegacion S ...] --por RFC
buzon calendario retirar ID --motivo TEXTO --por RFC
buzon calendario importar ARCHIVO.json --por RFC
buzon calendario exportar [--salida ARCHIVO.json]
buzon calendario historial
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from buzon.calendario.models import CambioCalendario, DiaInhabil
from buzon.calendario.selectors import exportar_calendario
from buzon.calendario.servicios import (
    do_declarar_dia_inhabil,
    do_importar_calendario,
    do_retirar_dia_inhabil,
)
from buzon.comun.comandos import ComandoBuzon
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato_calendario import entrada_a_declaracion, leer_texto


def _dia_a_json(dia: DiaInhabil) -> dict[str, Any]:
    return {
        "id": dia.pk,
        "desde": dia.desde.isoformat(),
        "hasta": dia.hasta.isoformat(),
        "entidades": dia.entidades,
        "subdelegaciones": dia.subdelegaciones,
        "fuente": dia.fuente,
        "declarado_por": dia.declarado_por,
        "declarado_en": dia.declarado_en.isoformat(),
        "retirado_por": dia.retirado_por or None,
        "retirado_en": dia.retirado_en.isoformat() if dia.retirado_en else None,
        "motivo_retiro": dia.motivo_retiro or None,
    }


class Command(ComandoBuzon):
    help = "Administra los días inhábiles declarados (con bitácora de cambios)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="accion", required=True)
        listar = sub.add_parser("listar", help="días declarados vigentes (JSON)")
        listar.add_argument("--todos", action="store_true", help="incluir los retirados")
        declarar = sub.add_parser("declarar", help="declarar un día o periodo inhábil")
        declarar.add_argument("--fecha")
        declarar.add_argument("--desde")
        declarar.add_argument("--hasta")
        declarar.add_argument("--fuente", required=True)
        declarar.add_argument("--entidad", action="append", default=[])
        declarar.add_argument("--subdelegacion", action="append", default=[])
        declarar.add_argument("--por", required=True, help="RFC del servidor público")
        retirar = sub.add_parser("retirar", help="retirar una declaración (queda en la bitácora)")
        retirar.add_argument("id", type=int)
        retirar.add_argument("--motivo", required=True)
        retirar.add_argument("--por", required=True)
        importar = sub.add_parser("importar", help="importar un archivo JSON (todo o nada)")
        importar.add_argument("archivo")
        importar.add_argument("--por", required=True)
        exportar = sub.add_parser("exportar", help="exportar los días vigentes en formato JSON")
        exportar.add_argument("--salida")
        sub.add_parser("historial", help="la bitácora de cambios (JSON)")

    def handle(self, *args: Any, **op: Any) -> None:
        try:
            getattr(self, f"_{op['accion']}")(op)
        except ErrorLegal as exc:
            raise CommandError(exc.mensaje) from exc

    def _json(self, valor: Any) -> None:
        self.stdout.write(json.dumps(valor, ensure_ascii=False, indent=2))

    def _listar(self, op: dict[str, Any]) -> None:
        dias = DiaInhabil.objects.order_by("desde", "id")
        if not op["todos"]:
            dias = dias.filter(retirado_en__isnull=True)
        self._json([_dia_a_json(d) for d in dias])

    def _declarar(self, op: dict[str, Any]) -> None:
        entrada: dict[str, Any] = {"fuente": op["fuente"]}
        for clave in ("fecha", "desde", "hasta"):
            if op[clave] is not None:
                entrada[clave] = op[clave]
        if op["entidad"]:
            entrada["entidades"] = [e.upper() for e in op["entidad"]]
        if op["subdelegacion"]:
            entrada["subdelegaciones"] = op["subdelegacion"]
        declaracion = entrada_a_declaracion(entrada, "declaración")
        resultado = do_declarar_dia_inhabil(declaracion, por=op["por"])
        self._json({"nuevo": resultado.nuevo, **_dia_a_json(resultado.dia)})

    def _retirar(self, op: dict[str, Any]) -> None:
        dia = do_retirar_dia_inhabil(op["id"], por=op["por"], motivo=op["motivo"])
        self._json(_dia_a_json(dia))

    def _importar(self, op: dict[str, Any]) -> None:
        ruta = Path(op["archivo"])
        try:
            texto = ruta.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"No se pudo leer «{ruta}» ({exc.strerror}).") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"«{ruta}» no está en UTF-8.") from exc
        resultados = do_importar_calendario(leer_texto(texto), por=op["por"])
        nuevos = sum(r.nuevo for r in resultados)
        self._json({"nuevos": nuevos, "ya_existian": len(resultados) - nuevos})

    def _exportar(self, op: dict[str, Any]) -> None:
        documento = json.dumps(exportar_calendario(), ensure_ascii=False, indent=2) + "\n"
        if op["salida"]:
            Path(op["salida"]).write_text(documento, encoding="utf-8")
        else:
            self.stdout.write(documento, ending="")

    def _historial(self, op: dict[str, Any]) -> None:
        self._json(
            [
                {
                    "instante": c.instante.isoformat(),
                    "accion": c.accion,
                    "dia": c.dia_id,
                    "por": c.por,
                    "fuente": c.fuente,
                    "detalle": c.detalle,
                }
                for c in CambioCalendario.objects.order_by("id")
            ]
        )
