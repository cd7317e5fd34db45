"""Issuing: one or many notifications, the acts catalogue, the document checks, the route."""
