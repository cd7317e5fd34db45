"""Delivery: the aviso, the opening, the personal notification, the notifications made."""
