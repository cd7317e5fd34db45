"""L1: what every app shares and no app owns: access marks, the one error type and its handlers,
limits, the management-command base, the log handler, the body-size limit (docs/architecture.md)."""
