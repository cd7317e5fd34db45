"""The public verification page: scan the QR, or type folio and code; compare a file's hash."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from buzon.comun import acceso
from buzon.comun.limites import ip_de, permitir
from buzon.verificacion.selectors import LIMITE_POR_MINUTO, verificar

#: Largest file accepted for the no-JavaScript hash comparison (the page hashes in the browser).
MAXIMO_ARCHIVO = 20 * 1024 * 1024


@acceso.publico
def verificar_acuse(request: HttpRequest, folio: str = "") -> HttpResponse:
    folio = folio or request.GET.get("folio", "").strip()
    codigo = request.GET.get("c", "").strip()
    contexto: dict[str, object] = {"folio": folio, "codigo": codigo}
    if not folio:
        return render(request, "verificacion/verificar.html", contexto)
    if not permitir(f"verificacion:{ip_de(request)}", LIMITE_POR_MINUTO, 60):
        contexto["error"] = (
            "Hizo demasiadas consultas en poco tiempo: espere un minuto y reintente."
        )
        return render(request, "verificacion/verificar.html", contexto, status=429)
    resultado = verificar(folio, codigo)
    contexto["resultado"] = resultado
    if request.method == "POST" and resultado.valido:
        archivo = request.FILES.get("archivo")
        if archivo is None:
            contexto["error_archivo"] = "Elija el archivo que quiere comparar."
        elif archivo.size is None or archivo.size > MAXIMO_ARCHIVO:
            contexto["error_archivo"] = "El archivo pasa de 20 MB: no se puede comparar aquí."
        else:
            digesto = hashlib.sha256()
            for trozo in archivo.chunks():
                digesto.update(trozo)
            contexto["sha_archivo"] = digesto.hexdigest()
            contexto["coincide"] = any(
                sha == contexto["sha_archivo"] for _, sha in resultado.documentos
            )
    return render(request, "verificacion/verificar.html", contexto)
