"""Créditos fiscales (cobranza)."""
