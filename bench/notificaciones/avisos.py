"""Extra: aviso dispatch (`despacho.despachar_avisos`) for the due avisos, one process."""

from __future__ import annotations

import argparse
import time

from bench._arnes.cpu import Cpu, Maquina
from bench.notificaciones.entorno import Contexto
from bench.notificaciones.procesos import cpu_texto


def medir_avisos(ctx: Contexto, args: argparse.Namespace) -> None:
    from django.db import connection

    from buzon.avisos.models import Mensaje
    from buzon.notificaciones.entrega.despacho import despachar_avisos

    antes = Mensaje.objects.count()
    cpu, maquina = Cpu.ahora(), Maquina()
    inicio = time.perf_counter()
    enviados = despachar_avisos(limite=args.avisos)
    segundos = time.perf_counter() - inicio
    uso = cpu_texto(segundos, [Cpu.ahora().menos(cpu)], maquina.medir())
    mensajes = Mensaje.objects.count() - antes
    print(
        f"extra: avisos despachados (correo + SMS a la bandeja de salida, constancia de aviso "
        f"sellada), 1 proceso: {enviados:,} en {segundos:.1f} s = {enviados / segundos:,.0f}/s "
        f"({mensajes:,} mensajes encolados)\n    {uso}"
    )
    connection.close()
