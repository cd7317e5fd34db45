"""The public verification pages: scan the QR (or type folio and code) of an acuse or of a
notified document and compare a file's hash; and «¿Es auténtico este aviso?» by the folio an email
or SMS quoted. One rate limit per IP for all of them (and the API)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from buzon.comun import acceso
from buzon.comun.limites import ip_de, permitir
from buzon.verificacion.selectors import (
    LIMITE_POR_MINUTO,
    NO_ENCONTRADO,
    VerificacionDocumento,
    VerificacionEmision,
    consultar,
    verificar_aviso,
)

#: Largest file accepted for the no-JavaScript hash comparison (the page hashes in the browser).
MAXIMO_ARCHIVO = 20 * 1024 * 1024
DEMASIADAS = "Hizo demasiadas consultas en poco tiempo: espere un minuto y reintente."


def _permitido(request: HttpRequest) -> bool:
    return permitir(f"verificacion:{ip_de(request)}", LIMITE_POR_MINUTO, 60)


@acceso.publico
def verificar_acuse(request: HttpRequest, folio: str = "") -> HttpResponse:
    folio = folio or request.GET.get("folio", "").strip()
    codigo = request.GET.get("c", "").strip()
    contexto: dict[str, object] = {"folio": folio, "codigo": codigo, "no_encontrado": NO_ENCONTRADO}
    if not folio:
        return render(request, "verificacion/verificar.html", contexto)
    if not _permitido(request):
        contexto["error"] = DEMASIADAS
        return render(request, "verificacion/verificar.html", contexto, status=429)
    resultado = consultar(folio, codigo, timezone.now())
    contexto["resultado"] = resultado
    # An emisión's huella is of its data, not of a file: there is no file to compare.
    comparable = not isinstance(resultado, VerificacionEmision)
    if request.method == "POST" and resultado.valido and comparable:
        assert not isinstance(resultado, VerificacionEmision)
        archivo = request.FILES.get("archivo")
        if archivo is None:
            contexto["error_archivo"] = "Elija el archivo que quiere comparar."
        elif archivo.size is None or archivo.size > MAXIMO_ARCHIVO:
            contexto["error_archivo"] = "El archivo pasa de 20 MB: no se puede comparar aquí."
        else:
            prefijo = 0
            if isinstance(resultado, VerificacionDocumento):
                prefijo = resultado.documento_tamano
            completo, inicio = _huellas(archivo.chunks(), prefijo)
            contexto["sha_archivo"] = completo
            conocidas = {sha for _, sha in resultado.documentos}
            contexto["coincide"] = completo in conocidas
            contexto["contiene"] = inicio is not None and inicio in conocidas
    return render(request, "verificacion/verificar.html", contexto)


def _huellas(trozos: Iterable[bytes], prefijo: int) -> tuple[str, str | None]:
    """SHA-256 of the whole stream, and of its first `prefijo` bytes when it is longer than that
    (a representación impresa begins with the signed document); one pass, nothing kept."""
    completo, inicio = hashlib.sha256(), hashlib.sha256()
    leidos = 0
    for trozo in trozos:
        completo.update(trozo)
        if leidos < prefijo:
            inicio.update(trozo[: prefijo - leidos])
        leidos += len(trozo)
    return completo.hexdigest(), inicio.hexdigest() if 0 < prefijo < leidos else None


@acceso.publico
def verificar_aviso_recibido(request: HttpRequest) -> HttpResponse:
    """«¿Es auténtico este aviso?»: the folio an email or SMS quoted (GET form: nothing is
    written)."""
    folio = request.GET.get("folio", "").strip()
    contexto: dict[str, object] = {"folio": folio}
    if not folio:
        return render(request, "verificacion/aviso.html", contexto)
    if not _permitido(request):
        contexto["error"] = DEMASIADAS
        return render(request, "verificacion/aviso.html", contexto, status=429)
    contexto["resultado"] = verificar_aviso(folio)
    return render(request, "verificacion/aviso.html", contexto)
