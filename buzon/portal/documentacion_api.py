"""The API's documentation page (`/api/v1/docs`): django-ninja's Swagger UI, from its bundled
static files (no CDN), in a page that says its language (`lang="es-MX"`, WCAG 3.1.1; axe-core's
`html-has-lang`), with colours that pass AA contrast (`portal/api_docs.css`) and without deep
links: Swagger UI puts them as links inside each operation's button (axe-core's
`nested-interactive`). `buzon.config.api` passes it as the API's `docs`."""

from __future__ import annotations

from typing import Any

from ninja.openapi.docs import Swagger


class SwaggerBuzon(Swagger):
    template = "portal/api_docs.html"

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"deepLinking": False, **(settings or {})})
