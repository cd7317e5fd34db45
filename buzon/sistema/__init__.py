"""L5: the background pass (thread and Celery), `buzon barrer`, `buzon avisos`, `buzon servir`,
`buzon demo` and the demo data. It imports every app; no app imports it (docs/architecture.md)."""
