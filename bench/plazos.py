"""bench/plazos: deemed notifications for 1,000,000 avisos (batch and single-call paths), and
`buzon plazos notificacion --lote` with 100,000 lines.

Targets (issue "Foundation and the legal clock"): batch ≥ 2,000,000/s on one core, single-call
≥ 200,000/s, --lote 100,000 lines < 5 s. Run: .venv/bin/python -m bench.plazos
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

from bench._arnes.informe import frente_al_objetivo, linea_de_maquina
from buzon.legal import plazos
from buzon.legal.calendario import Ambito, Calendario, DiaInhabilDeclarado
from buzon.legal.formato_calendario import escribir_documento

d = date.fromisoformat

N = 1_000_000
REPETICIONES = 3
T = TypeVar("T")
N_LOTE = 100_000

DECLARADOS = [
    DiaInhabilDeclarado(d("2026-04-02"), d("2026-04-03"), "DOF"),
    DiaInhabilDeclarado(d("2026-12-21"), d("2026-12-31"), "DOF"),
    DiaInhabilDeclarado(d("2026-09-14"), d("2026-09-14"), "DOF", entidades=frozenset({"JAL"})),
]


def _avisos(n: int) -> list[float]:
    aleatorio = random.Random(20261127)
    inicio = datetime(2025, 1, 1, tzinfo=UTC).timestamp()
    fin = datetime(2028, 12, 31, tzinfo=UTC).timestamp()
    return [aleatorio.uniform(inicio, fin) for _ in range(n)]


def _medir(nombre: str, n: int, funcion: Callable[[], list[T]], objetivo: float) -> list[T]:
    """Runs `funcion` REPETICIONES times; prints the median rate against the target."""
    tiempos = []
    resultado: list[T] = []
    for _ in range(REPETICIONES):
        inicio = time.perf_counter()
        resultado = funcion()
        tiempos.append(time.perf_counter() - inicio)
    segundos = statistics.median(tiempos)
    tasa = n / segundos
    print(
        f"{nombre:<44} {n:>9,} en {segundos:6.3f} s = {tasa:>11,.0f}/s "
        f"(mediana de {REPETICIONES}; {frente_al_objetivo(tasa, objetivo)})"
    )
    return resultado


def main() -> None:
    print(linea_de_maquina())
    print(f"Python {sys.version.split()[0]}, un núcleo")
    calendario = Calendario(DECLARADOS, Ambito("JAL"))
    avisos = _avisos(N)
    # Warm the tables once (what a long-running sweep process has already done).
    plazos.notificaciones_por_vencimiento_en_lote(avisos[:1000], calendario)
    resultado = _medir(
        "lote (notificaciones_por_vencimiento_en_lote)",
        N,
        lambda: plazos.notificaciones_por_vencimiento_en_lote(avisos, calendario),
        2_000_000,
    )
    como_datetime = [datetime.fromtimestamp(t, UTC) for t in avisos]
    vencimiento = plazos.notificacion_por_vencimiento
    unitario = _medir(
        "una llamada (notificacion_por_vencimiento)",
        N,
        lambda: [vencimiento(a, calendario) for a in como_datetime],
        200_000,
    )
    muestra = random.Random(1).sample(range(N), 1000)
    assert all(resultado[i] == int(unitario[i].timestamp()) for i in muestra)

    with tempfile.TemporaryDirectory() as carpeta:
        lote = Path(carpeta) / "avisos.jsonl"
        calendario_json = Path(carpeta) / "calendario.json"
        calendario_json.write_text(json.dumps(escribir_documento(DECLARADOS)), encoding="utf-8")
        zonas = ["America/Mexico_City", "America/Tijuana", "America/Cancun", "America/Hermosillo"]
        with lote.open("w", encoding="utf-8") as archivo:
            for i, t in enumerate(avisos[:N_LOTE]):
                aviso = datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")
                archivo.write(
                    json.dumps({"aviso": aviso, "tz": zonas[i % 4], "entidad": "JAL"}) + "\n"
                )
        buzon = Path(sys.executable).with_name("buzon")
        inicio = time.perf_counter()
        proceso = subprocess.run(
            [
                str(buzon),
                "plazos",
                "notificacion",
                "--lote",
                str(lote),
                "--calendario",
                str(calendario_json),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        segundos = time.perf_counter() - inicio
        lineas = proceso.stdout.count("\n")
        fallo = int(proceso.returncode != 0)
        print(
            f"{'buzon plazos notificacion --lote':<42} {lineas:>9,} líneas en {segundos:6.3f} s "
            f"({frente_al_objetivo(segundos, 5, ' s', '<', errores=fallo)}; "
            f"código de salida {proceso.returncode})"
        )


if __name__ == "__main__":
    main()
