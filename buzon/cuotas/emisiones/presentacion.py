"""How an emisión is shown by the API and the pages: amounts in pesos with two decimals, and the
PDF and CSV responses (shared by both faces)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse

from buzon.cuotas.emisiones import archivos, fuentes, pdf, selectors
from buzon.cuotas.emisiones.archivos import pesos
from buzon.cuotas.emisiones.detalle import Fila
from buzon.cuotas.emisiones.modelos import CorridaEmision, Emision, columnas_de
from buzon.evidencia.sello import sellador_activo
from buzon.legal.zonas import ZONA_CENTRO


def url_verificacion(e: Emision) -> str:
    base = str(getattr(settings, "BUZON_URL_PUBLICA", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}/verificar/{e.folio}?c={e.codigo_verificacion}"


def resumen(e: Emision) -> dict[str, Any]:
    return {
        "id": e.pk,
        "folio": e.folio,
        "tipo": e.tipo,
        "periodo": e.periodo,
        "registro_patronal": e.registro_patronal,
        "generada": e.generada.astimezone(ZONA_CENTRO).isoformat(),
        "trabajadores": e.trabajadores,
        "por_aclarar": len(e.por_aclarar) if "por_aclarar" in e.__dict__ else 0,
        "total_patron": pesos(e.total_patron),
        "total_obrero": pesos(e.total_obrero),
        "total": pesos(e.total_patron + e.total_obrero),
    }


def fila(f: Fila, nombre: str, tipo: str) -> dict[str, Any]:
    return {
        "nss": f.nss,
        "nombre": nombre,
        "dias": {
            "cotizados": f.cotizados,
            "ausentismos": f.ausentismos,
            "incapacidades": f.incapacidades,
        },
        "sbc": pesos(f.sbc),
        "importes": {c: pesos(f.importes.get(c, 0)) for _, _, c in columnas_de(tipo)},
        "total_patron": pesos(f.total_patron),
        "total_obrero": pesos(f.total_obrero),
    }


def detalle(e: Emision, filas: list[Fila], nombres: dict[str, str]) -> dict[str, Any]:
    return {
        **resumen(e),
        "por_aclarar": len(e.por_aclarar),
        "rfc": e.rfc,
        "codigo_verificacion": e.codigo_verificacion,
        "totales": {
            c: {"patron": pesos(p), "obrero": pesos(o), "total": pesos(p + o)}
            for c, (p, o) in e.totales.items()
        },
        "parametros": e.parametros,
        "movimientos_por_aclarar": e.por_aclarar,
        "trabajadores_detalle": [fila(f, nombres.get(f.nss, ""), e.tipo) for f in filas],
    }


def corrida(c: CorridaEmision) -> dict[str, Any]:
    return {
        "periodo": c.periodo,
        "tipo": c.tipo,
        "estado": c.estado,
        "bloques": c.bloques,
        "bloques_hechos": c.bloques_hechos,
        "registros": c.registros,
        "emisiones": c.emisiones,
        "trabajadores": c.trabajadores,
        "por_aclarar": c.por_aclarar,
    }


def nombre_archivo(e: Emision, extension: str) -> str:
    return f"emision-{e.tipo}-{e.periodo}-{e.registro_patronal}.{extension}"


def respuesta_pdf(e: Emision) -> HttpResponse:
    filas = selectors.trabajadores_de(e)
    nombres = fuentes.nombres_de([f.nss for f in filas])
    contenido = pdf.pdf_emision(e, filas, nombres, url_verificacion(e), sellador_activo())
    respuesta = HttpResponse(contenido, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre_archivo(e, "pdf")}"'
    return respuesta


def respuesta_csv(e: Emision) -> StreamingHttpResponse:
    filas = selectors.trabajadores_de(e)
    nombres = fuentes.nombres_de([f.nss for f in filas])
    respuesta = StreamingHttpResponse(
        archivos.csv_de(e, filas, nombres), content_type="text/csv; charset=utf-8"
    )
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre_archivo(e, "csv")}"'
    return respuesta
