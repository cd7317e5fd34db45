"""The guide's lines for the services of issues 15–17 (`servicios`): what to open, as whom."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from buzon.sistema.demo import comun as demo
from buzon.sistema.demo.comun import Resultado
from buzon.sistema.demo.derechohabientes import RFC_TRABAJADOR


def _de(r: Resultado, servicio: str) -> dict[str, Any]:
    valor = r.servicios.get(servicio)
    return valor if isinstance(valor, dict) else {}


def lineas(r: Resultado, base: str) -> list[str]:
    eventos = _de(r, "eventos")
    fiscalizacion = _de(r, "fiscalizacion")
    lineas = [
        "  4. Servicios del buzón (numeral 8; relación 2–5, 7, 8, 10):",
        f"     Mis comunicados (como {demo.HABILITADO[0]}): {base}"
        f"{reverse('comunicados:mis_comunicados')} — uno sin leer; «Leer» lo marca leído. "
        "No tiene efectos legales y va aparte de Mis notificaciones.",
        f"       El supervisor aprueba el que está por aprobar en {base}"
        f"{reverse('comunicados:oficina_lista')}; la comunicadora "
        f"{demo.COMUNICADORA.rfc} escribe nuevos.",
        f"     Mis documentos: {base}{reverse('documentos:mis_documentos')} (emisiones, "
        "opiniones, acuses, constancias, documentos notificados); guías y formatos para todos: "
        f"{base}{reverse('documentos:publicos')}",
        f"     Normatividad (sin entrar): {base}{reverse('normatividad:indice')} — busque "
        "«días inhábiles» o «estrados»; cada resultado muestra su artículo.",
    ]
    if eventos:
        lineas.append(
            f"     Calendario de eventos: {base}{eventos.get('calendario', '')} (cuotas el 17, "
            "ICSOE, prima de riesgos en febrero, el último día para abrir cada notificación); "
            f"en su aplicación de calendario: {base}{eventos.get('ics', '')}"
        )
    lineas += [
        f"     Riesgos de trabajo y determinación de la prima (10.3, 10.4): {base}"
        f"{reverse('riesgos:terminados')}; compruebe la fórmula: .venv/bin/buzon prima-rt "
        "calcular --S 38 --I 0.10 --D 0 --N 238.3 (3.30296)",
        f"  5. Trabajador: entre con {RFC_TRABAJADOR}.cer y .key (su CURP lo vincula a su NSS): "
        f"{base}{reverse('derechohabientes:inicio')}",
        f"     Constancia de semanas cotizadas: {base}{reverse('derechohabientes:semanas')}; "
        f"vigencia de derechos: {base}{reverse('derechohabientes:vigencia')}",
        f"     Reporte de cotización y denuncia: {base}{reverse('cotizacion:inicio')} — el "
        "patrón nunca ve quién denunció.",
    ]
    if fiscalizacion.get("url"):
        lineas.append(
            f"  6. Fiscalización (como supervisor): programa {fiscalizacion.get('periodo')} en "
            f"{base}{fiscalizacion['url']}; apruébelo firmando con su e.firma. Tablero: "
            f"{base}{reverse('fiscalizacion:tablero')}"
        )
    return lineas
