"""The API's documentation page (`/api/v1/docs`): django-ninja's Swagger UI, from its bundled
static files (no CDN), in a page that says its language (`lang="es-MX"`, WCAG 3.1.1; axe-core's
`html-has-lang`). `buzon.config.api` passes it as the API's `docs`."""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class SwaggerBuzon(Swagger):
    template = "portal/api_docs.html"
