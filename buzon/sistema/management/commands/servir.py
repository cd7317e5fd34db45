"""`buzon servir [--puerto N]`: the production WSGI server (gunicorn) for this installation."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connections

from buzon.comun.cache import compartir_entre_procesos
from buzon.comun.comandos import ComandoBuzon


def _exigir_sello() -> None:
    """No serving without an active, valid seal: every acuse would fail (issue 11, 9)."""
    from buzon.config.salud import comprobar_sello

    try:
        sello = comprobar_sello()
    finally:
        # gunicorn forks its workers from this process: a connection opened here would be shared
        # by all of them (interleaved statements, lost savepoints). Close it before forking.
        connections.close_all()
    if not sello.listo:
        raise CommandError(
            f"No se puede servir el Buzón: {sello.detalle} Sin sello no se puede emitir ningún "
            "acuse. Ejecute «buzon migrate» si la base de datos es nueva, instale el sello con "
            "«buzon sello instalar --cer SELLO.cer --key SELLO.key» (en una demostración: "
            "«buzon sello demostracion» o «buzon demo») y vuelva a ejecutar «buzon servir»."
        )


#: gunicorn's access line without `%(r)s`/`%(q)s`/`%(f)s`: client, time, method, path, status.
FORMATO_ACCESO = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'


class Command(ComandoBuzon):
    help = "Sirve el Buzón con un servidor WSGI de producción (gunicorn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--puerto", type=int, default=8000, help="puerto TCP (omisión 8000)")
        parser.add_argument(
            "--direccion", default="127.0.0.1", help="dirección de escucha (omisión 127.0.0.1)"
        )
        parser.add_argument(
            "--trabajadores",
            type=int,
            default=int(os.environ.get("BUZON_TRABAJADORES", 2 * (os.cpu_count() or 1) + 1)),
            help="procesos de gunicorn (omisión: 2 × núcleos + 1)",
        )
        parser.add_argument(
            "--hilos",
            type=int,
            default=1,
            help=(
                "hilos por proceso (omisión 1: trabajador síncrono; más de 1: trabajador gthread, "
                "con conexiones persistentes)"
            ),
        )

    def handle(self, *args: Any, **opciones: Any) -> None:
        from gunicorn.app.base import BaseApplication

        puerto, direccion = opciones["puerto"], opciones["direccion"]
        if not 1 <= puerto <= 65535:
            raise CommandError(f"--puerto: {puerto} no es un puerto válido (1 a 65535).")
        if opciones["trabajadores"] < 1:
            raise CommandError("--trabajadores: debe ser al menos 1.")
        if opciones["hilos"] < 1:
            raise CommandError("--hilos: debe ser al menos 1.")
        _exigir_sello()
        if opciones["trabajadores"] > 1 and compartir_entre_procesos():
            # Each process would count its own login attempts (30 × workers): share the count.
            self.stdout.write(
                "Límites de intentos en la base de datos (BUZON_CACHE_URL=db://), compartidos "
                f"por los {opciones['trabajadores']} procesos; con Redis: BUZON_CACHE_URL=redis://…"
            )
        config = {
            "bind": f"[{direccion}]:{puerto}" if ":" in direccion else f"{direccion}:{puerto}",
            "workers": opciones["trabajadores"],
            "accesslog": "-",
            # The path only: query strings carry RFCs and verification codes, and so may the
            # referer; neither reaches the log (issue 19).
            "access_log_format": FORMATO_ACCESO,
            "errorlog": "-",
            "timeout": 60,
            "graceful_timeout": 20,
        }
        if opciones["hilos"] > 1:
            config.update(worker_class="gthread", threads=opciones["hilos"])
        # Avisos (buzon.avisos): without BUZON_BROKER_URL each worker process delivers the outbox
        # in a background thread (started by gunicorn's post_worker_init hook).
        from buzon.sistema.trabajador import configurar_gunicorn

        configurar_gunicorn(config)

        class Aplicacion(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for clave, valor in config.items():
                    self.cfg.set(clave, valor)

            def load(self) -> Any:
                from buzon.config.wsgi import application

                return application

        anfitrion = f"[{direccion}]" if ":" in direccion else direccion
        self.stdout.write(
            f"Buzón IMSS en http://{anfitrion}:{puerto}/  (API: http://{anfitrion}:{puerto}/api/v1/docs)"
        )
        self.stdout.flush()
        Aplicacion().run()
