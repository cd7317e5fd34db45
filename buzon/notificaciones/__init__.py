"""Electronic notification (numerals 7.1–7.10): from an official's signed document to a legally
perfected notification, with its aviso, opening or deemed notification, estrados, and timeline."""
