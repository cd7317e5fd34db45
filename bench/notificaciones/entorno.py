"""The bench's set-up shared by its parts: the throwaway database, the constants, the context
and Django's environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/buzon_bench_notificaciones"
)

PROCESOS = 2
CHUNK = 500
RFC_OFICIAL = "GOMA800101AB6"


@dataclass
class Contexto:
    carpeta: Path
    ac: Any
    cert_der: bytes
    llave: rsa.RSAPrivateKey
    explicar: bool
    perfil: bool


def preparar_entorno(carpeta: Path) -> None:
    os.environ["DATABASE_URL"] = URL
    os.environ["BUZON_DATA_DIR"] = str(carpeta)
    os.environ["BUZON_SELLO_DIR"] = str(carpeta / "sello")
    os.environ["BUZON_CONFIANZA"] = str(carpeta / "ac")
    os.environ["BUZON_EMAIL_URL"] = "console:"
    os.environ["BUZON_SMS_URL"] = "console:"
    os.environ.pop("BUZON_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    import django

    django.setup()
