"""PURE. What the report says in Spanish: amounts, the alerts' sentences and the courtesy email
(no link, ever: the outbox refuses them, and the Institute never sends one)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from buzon.legal.formato import MESES, fecha_legible

TITULOS = {
    "alta": "Un patrón lo registró",
    "baja": "Un patrón lo dio de baja",
    "salario": "Bajó su salario base de cotización",
}


def pesos(centavos: int | None) -> str:
    """12345678 → «$123,456.78»; None or negative → «—»."""
    if centavos is None or centavos < 0:
        return "—"
    enteros, resto = divmod(centavos, 100)
    return f"${enteros:,}.{resto:02d}"


def mes_legible(periodo: str) -> str:
    """«2026-04» → «abril de 2026»."""
    return f"{MESES[int(periodo[5:]) - 1]} de {periodo[:4]}"


def alerta(tipo: str, registro: str, fecha: date, sbc_anterior: int | None, sbc: int | None) -> str:
    if tipo == "alta":
        return (
            f"El patrón con registro patronal {registro} lo dio de alta el {fecha_legible(fecha)}. "
            "Si no trabaja para él, denúncielo desde su reporte."
        )
    if tipo == "baja":
        return (
            f"El patrón con registro patronal {registro} lo dio de baja el {fecha_legible(fecha)}. "
            "Si sigue trabajando para él, denúncielo desde su reporte."
        )
    return (
        f"Su salario base de cotización en el registro patronal {registro} bajó de "
        f"{pesos(sbc_anterior)} a {pesos(sbc)} diarios. Si su salario no bajó, denúncielo desde "
        "su reporte."
    )


def asunto(periodo: str) -> str:
    return f"Buzón IMSS: su Reporte Personalizado de Cotización de {mes_legible(periodo)}"


def cuerpo_correo(
    periodo: str,
    nss: str,
    renglones: Sequence[tuple[str, int, int]],
    alertas: Sequence[str],
) -> str:
    """renglones: (registro, días cotizados, SBC en centavos). The patrón's name is not in the
    email: a name the padrón holds may look like a domain, which the outbox refuses."""
    lineas = [
        f"NSS terminado en {nss[-4:]}: su Reporte Personalizado de Cotización de "
        f"{mes_legible(periodo)} está en su Buzón IMSS.",
    ]
    if renglones:
        for registro, dias, sbc in renglones:
            lineas.append(
                f"- Registro patronal {registro}: {dias} días cotizados, salario base de "
                f"cotización {pesos(sbc)} diarios."
            )
    else:
        lineas.append("Ningún patrón reportó al IMSS días cotizados para usted en ese mes.")
    lineas += [f"- {a}" for a in alertas]
    lineas.append(
        "Si algo no corresponde, denúncielo desde su reporte: su identidad nunca se muestra al "
        "patrón. Aviso informativo: el IMSS nunca le envía enlaces ni le pide su e.firma."
    )
    return "\n".join(lineas)
