"""Opinión de cumplimiento (32-D)."""
