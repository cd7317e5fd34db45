"""Convenios con dependencias (servicio web)."""
