"""Throwaway PostgreSQL databases for the benchmarks (created before, dropped after)."""

from __future__ import annotations

from urllib.parse import urlparse


def base_de_datos(url: str, accion: str) -> None:
    """accion "crear": drop it if left over, then create it; "borrar": drop it."""
    import psycopg

    partes = urlparse(url)
    nombre = partes.path.lstrip("/")
    admin = partes._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conexion:
        conexion.execute(f'DROP DATABASE IF EXISTS "{nombre}"')
        if accion == "crear":
            conexion.execute(f'CREATE DATABASE "{nombre}"')
