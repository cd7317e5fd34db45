"""The particular's pages of *Mis documentos → Emisiones*: the list (newest first, paginated,
filtered by registro patronal and period), one emisión (totals per concept, workers, parameters,
movimientos por aclarar, PDF and CSV downloads) and its *cotejo* (a form: the employer's CSV
against the emisión, worker by worker; nothing is stored).

Thin: the emisión loads through `selectors.access_emision_consultable` (another's is a 404 unless
its holder authorised the session's RFC, 9.5/9.6; `?rfc=TITULAR` lists that holder's), the
downloads and the comparison are the API's own functions (`presentacion`, `archivos.cotejar`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from buzon.comun.errores import ErrorBuzon
from buzon.cuentas.navegador import requiere_particular, sesion_actual
from buzon.cuotas.emisiones import archivos, fuentes, generacion, presentacion, selectors
from buzon.cuotas.emisiones.archivos import MAXIMO_COTEJO, Cotejo
from buzon.cuotas.emisiones.modelos import Emision, columnas_de
from buzon.cuotas.emisiones.pdf import NOMBRES
from buzon.legal.formato import instante_legible
from buzon.padron.selectors import registros_de

POR_PAGINA = 25

#: The parameters an emisión keeps (`motor.parametros_usados`), in words.
PARAMETROS = {
    "version_tablas": "Versión de las tablas de tasas",
    "zona_salario": "Zona del salario mínimo",
    "uma_inicio": "UMA el primer día del periodo (pesos)",
    "uma_fin": "UMA el último día del periodo (pesos)",
    "salario_minimo_inicio": "Salario mínimo el primer día del periodo (pesos)",
    "salario_minimo_fin": "Salario mínimo el último día del periodo (pesos)",
    "prima_rt": "Prima de riesgos de trabajo (%)",
    "error": "Parámetros no disponibles",
}
ZONAS = {"general": "general", "zlfn": "Zona Libre de la Frontera Norte"}
TIPOS = {"EMA": "Mensual (EMA)", "EBA": "Bimestral (EBA)"}
PARTES = {"patron": "patrón", "obrero": "obrero"}
COLUMNAS_TOTAL = {"total_patron": "Total patrón", "total_obrero": "Total obrero"}


def etiqueta_columna(columna: str) -> str:
    """`excedente_obrero` → «Excedente de 3 UMA (LSS 106-II), obrero»; totals too."""
    if columna in COLUMNAS_TOTAL:
        return COLUMNAS_TOTAL[columna]
    concepto, _, parte = columna.rpartition("_")
    return f"{NOMBRES.get(concepto, concepto)}, {PARTES.get(parte, parte)}"


def _numero_de_pagina(request: HttpRequest) -> int:
    texto = request.GET.get("pagina", "1")
    return int(texto) if texto.isdigit() and 0 < int(texto) < 100_000 else 1


def filtradas(rfc: str, registro: str, periodo: str) -> QuerySet[Emision]:
    """The RFC's emisiones (`selectors.de_particular`), narrowed by registro and period."""
    consulta = selectors.de_particular(rfc)
    if registro:
        consulta = consulta.filter(registro_patronal=registro)
    if periodo:
        consulta = consulta.filter(periodo=periodo)
    return consulta


@requiere_particular
@require_GET
def mis_documentos(request: HttpRequest) -> HttpResponse:
    sesion = sesion_actual(request)
    # ?rfc=TITULAR: a holder's who authorised the session's RFC (9.5, 9.6); 403 otherwise.
    titular = selectors.titular_consultable(sesion.rfc, request.GET.get("rfc"))
    registros = registros_de(titular)
    registro = request.GET.get("registro", "").strip().upper()
    periodo = request.GET.get("periodo", "").strip().upper()
    errores: dict[str, str] = {}
    if registro and registro not in registros:
        errores["registro"] = (
            f"El registro patronal {registro} no es suyo: elija uno de la lista o «Todos»."
        )
    if periodo:
        try:
            periodo = generacion.leer(periodo).clave
        except ErrorBuzon as exc:
            errores["periodo"] = f"Periodo: {exc.mensaje}"
    pagina = _numero_de_pagina(request)
    filas: list[Emision] = []
    hay_mas = False
    if not errores:
        inicio = (pagina - 1) * POR_PAGINA
        consulta = filtradas(titular, registro, periodo).defer("parametros", "por_aclarar")
        filas = list(consulta[inicio : inicio + POR_PAGINA + 1])
        hay_mas = len(filas) > POR_PAGINA
        filas = filas[:POR_PAGINA]
    otro = titular if titular != sesion.rfc else ""
    base = urlencode(
        {k: v for k, v in (("rfc", otro), ("registro", registro), ("periodo", periodo)) if v}
    )
    contexto = {
        "sesion": sesion,
        "emisiones": [
            presentacion.resumen(e)
            | {"tipo_legible": TIPOS[e.tipo], "generada_legible": instante_legible(e.generada)}
            for e in filas
        ],
        "registros": registros,
        "registro": registro,
        "periodo": periodo,
        "errores": errores,
        "filtrado": bool(registro or periodo),
        "pagina": pagina,
        "anterior": pagina - 1 if pagina > 1 else None,
        "siguiente": pagina + 1 if hay_mas else None,
        "consulta_base": base,
    }
    return render(request, "cuotas/mis_documentos.html", contexto, status=400 if errores else 200)


def _contexto(e: Emision) -> dict[str, Any]:
    filas = selectors.trabajadores_de(e)
    datos = presentacion.detalle(e, filas, fuentes.nombres_de([f.nss for f in filas]))
    columnas = [c for _, _, c in columnas_de(e.tipo)]
    return {
        "emision": e,
        "datos": datos,
        "tipo_legible": TIPOS[e.tipo],
        "generada_legible": instante_legible(e.generada),
        "totales": [{"concepto": NOMBRES.get(c, c), **v} for c, v in datos["totales"].items()],
        "columnas": [(c, etiqueta_columna(c)) for c in columnas],
        "trabajadores": [
            t | {"importes_lista": [t["importes"][c] for c in columnas]}
            for t in datos["trabajadores_detalle"]
        ],
        "parametros": [
            (
                PARAMETROS.get(k, k),
                ZONAS.get(str(v), str(v)) if k == "zona_salario" else str(v) or "—",
            )
            for k, v in e.parametros.items()
        ],
        "encabezado_cotejo": ",".join(["nss", *columnas, "total_patron", "total_obrero"]),
        "ejemplo_columna": columnas[0],
        "maximo_cotejo": MAXIMO_COTEJO // (1024 * 1024),
    }


def _resultado(c: Cotejo) -> dict[str, Any]:
    """The cotejo for the page: differences grouped by worker, with labels and sums."""
    por_nss: dict[str, list[dict[str, object]]] = {}
    for d in c.diferencias:
        por_nss.setdefault(str(d["nss"]), []).append(
            d | {"etiqueta": etiqueta_columna(str(d["columna"]))}
        )
    suma = sum((Decimal(str(d["diferencia"])) for d in c.diferencias), Decimal(0))
    return {
        "coinciden": c.coinciden,
        "con_diferencias": len(por_nss),
        "diferencias": [{"nss": n, "columnas": cols} for n, cols in sorted(por_nss.items())],
        "suma_diferencias": f"{suma:.2f}",
        "solo_en_archivo": c.solo_en_archivo,
        "solo_en_emision": c.solo_en_emision,
        "errores": c.errores,
    }


@requiere_particular
@require_http_methods(["GET", "POST"])
def emision(request: HttpRequest, emision_id: int) -> HttpResponse:
    """GET: the emisión. POST: the same page with the cotejo's result (nothing is stored)."""
    sesion = sesion_actual(request)
    e = selectors.access_emision_consultable(sesion.rfc, emision_id)
    contexto = _contexto(e) | {"sesion": sesion}
    estado = 200
    if request.method == "POST":
        archivo = request.FILES.get("archivo")
        try:
            if archivo is None:
                raise ErrorBuzon(
                    "archivo_faltante", "Elija el CSV con sus importes por trabajador.", "archivo"
                )
            if archivo.size is None or archivo.size > MAXIMO_COTEJO:
                raise ErrorBuzon(
                    "archivo_grande",
                    "El archivo pasa de 5 MB: envíe solo NSS e importes.",
                    "archivo",
                )
            filas = selectors.trabajadores_de(e)
            contexto["cotejo"] = _resultado(archivos.cotejar(e, filas, archivo.read()))
        except ErrorBuzon as exc:
            contexto["error_cotejo"] = exc.mensaje
            estado = 400
    return render(request, "cuotas/emision.html", contexto, status=estado)


@requiere_particular
@require_GET
def emision_pdf(request: HttpRequest, emision_id: int) -> HttpResponse:
    e = selectors.access_emision_consultable(sesion_actual(request).rfc, emision_id)
    return presentacion.respuesta_pdf(e)


@requiere_particular
@require_GET
def emision_csv(request: HttpRequest, emision_id: int) -> HttpResponse:
    """The worker detail, as the API's `/csv` (one registro's workers fit in memory)."""
    e = selectors.access_emision_consultable(sesion_actual(request).rfc, emision_id)
    filas = selectors.trabajadores_de(e)
    texto = "".join(archivos.csv_de(e, filas, fuentes.nombres_de([f.nss for f in filas])))
    respuesta = HttpResponse(texto.encode(), content_type="text/csv; charset=utf-8")
    nombre = presentacion.nombre_archivo(e, "csv")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
