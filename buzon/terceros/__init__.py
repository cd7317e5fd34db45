"""Autorizaciones a terceros."""
