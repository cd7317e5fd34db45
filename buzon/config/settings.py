"""Settings, all from the environment (see README.md, "Configuración")."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from buzon.comun.cache import config_de_cache

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BUZON_DATA_DIR", ".buzon")).resolve()


def _leer_o_crear_secreto(ruta: Path) -> str:
    """The installation's signing secret, kept in the data dir when BUZON_SECRET_KEY is unset."""
    if ruta.exists():
        return ruta.read_text(encoding="ascii").strip()
    ruta.parent.mkdir(parents=True, exist_ok=True)
    valor = secrets.token_urlsafe(50)
    descriptor = os.open(ruta, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as archivo:
        archivo.write(valor)
    return valor


def _bandera(nombre: str, omision: bool = False) -> bool:
    valor = os.environ.get(nombre)
    if valor is None:
        return omision
    return valor.strip().lower() in {"1", "true", "si", "sí", "yes", "on"}


SECRET_KEY = os.environ.get("BUZON_SECRET_KEY") or _leer_o_crear_secreto(DATA_DIR / "secret_key")
DEBUG = _bandera("BUZON_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("BUZON_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "ninja",
    "buzon.calendario",
    "buzon.cuentas",
    "buzon.padron",
    "buzon.avisos",
    "buzon.habilitacion",
    "buzon.oficina",
    "buzon.notificaciones",
    "buzon.cuotas",
    "buzon.cobranza",
    "buzon.terceros",
    "buzon.opinion",
    "buzon.convenios",
    "buzon.actuaciones",
    "buzon.comunicados",
    "buzon.normatividad",
    "buzon.derechohabientes",
    "buzon.eventos",
    "buzon.cotizacion",
    "buzon.riesgos",
    "buzon.fiscalizacion",
    "buzon.documentos",
    "buzon.evidencia",
    "buzon.portal",
    "buzon.verificacion",
    "buzon.sistema",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "buzon.comun.seguridad.CabecerasDeSeguridad",
    "buzon.config.errores.Errores",
    "buzon.comun.limite_cuerpo.LimiteDeCuerpo",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "buzon.config.urls"
WSGI_APPLICATION = "buzon.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]


def _base_de_datos() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'buzon.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # Writers take the lock at BEGIN, so concurrent writers wait instead of failing.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["TEST"] = {"NAME": str(DATA_DIR / "prueba.sqlite3")}
    return config


DATABASES = {"default": _base_de_datos()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "es-mx"
USE_I18N = True
# Stored instants are UTC; legal computations use buzon.legal.zonas (tzdata, explicitly).
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
#: A refused form (pages) or request (API) says why in Spanish; never Django's English page.
CSRF_FAILURE_VIEW = "buzon.config.errores.fallo_csrf"
#: Served over HTTPS (BUZON_HTTPS=1): cookies only over HTTPS, and HSTS (one year, subdomains)
#: so a browser never comes back over plain HTTP.
BUZON_HTTPS = _bandera("BUZON_HTTPS")
SESSION_COOKIE_SECURE = BUZON_HTTPS
CSRF_COOKIE_SECURE = BUZON_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if BUZON_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = BUZON_HTTPS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"consola": {"class": "buzon.comun.registro.ConsolaActual"}},
    "root": {"handlers": ["consola"], "level": os.environ.get("BUZON_LOG", "WARNING")},
}

# Legal configuration.
# Entry into force of the Lineamientos (Transitorio Primero): the 180-day enablement period runs
# from it. ISO date; configurable because the DOF publication fixes it.
BUZON_ENTRADA_EN_VIGOR = os.environ.get("BUZON_ENTRADA_EN_VIGOR", "2024-08-06")
# Opinión de cumplimiento: natural days it stays in force after the day of issue (0: that day).
BUZON_OPINION_VIGENCIA_DIAS = int(os.environ.get("BUZON_OPINION_VIGENCIA_DIAS", "0"))

# Evidence: the public base URL printed on acuses and in their QR codes; the seal's key folder.
# Login attempts per IP per 10 minutes (API and portal); 0 lifts the limit (load tests only).
BUZON_LIMITE_SESIONES = int(os.environ.get("BUZON_LIMITE_SESIONES", "30"))
# Largest request body accepted (bytes); bigger uploads are refused before being read (413).
BUZON_MAXIMO_CUERPO = int(os.environ.get("BUZON_MAXIMO_CUERPO", str(25 * 1024 * 1024)))
#: Django's own cap on a body read into memory (JSON carrying base64 files): the same limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = BUZON_MAXIMO_CUERPO
# Where rate limits count (buzon.comun.cache): redis://…, db:// or local:// (one process; the
# default, which `buzon servir` with several workers turns into db://).
CACHES = {"default": config_de_cache(os.environ.get("BUZON_CACHE_URL", ""))}
# Trusted reverse proxies in front of the server (their X-Forwarded-For gives the client's IP).
BUZON_PROXIES = int(os.environ.get("BUZON_PROXIES", "0"))
#: Behind them, the request was HTTPS when the proxy says so (the proxy must set, never pass on,
#: X-Forwarded-Proto): cookies, HSTS and absolute URLs then see HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BUZON_PROXIES > 0 else None
# Filings whose employer has no subdelegación in the padrón: besides every supervisor, the
# officials of this subdelegación receive them (buzon.actuaciones.selectors, I-89).
BUZON_BANDEJA_POR_DEFECTO = os.environ.get("BUZON_BANDEJA_POR_DEFECTO", "").strip()
BUZON_URL_PUBLICA = os.environ.get("BUZON_URL_PUBLICA", "http://127.0.0.1:8000")
BUZON_SELLO_DIR = os.environ.get("BUZON_SELLO_DIR", "")

# --- Avisos (buzon.avisos): correo, SMS y su entrega en segundo plano -----------------------------
# Email: smtp://[usuario:contraseña@]servidor[:puerto][?tls|?ssl] (contraseña codificada en URL);
# "console:" imprime los correos. SMS: la URL http(s) de la pasarela que recibe
# POST {"to": "+52…", "text": "…"}, con el encabezado Authorization = BUZON_SMS_AUTH si lo hay.
# BUZON_BROKER_URL (p. ej. redis://…): la entrega corre como tarea de Celery; sin él, `buzon servir`
# entrega en un hilo de cada proceso. Intentos: máximo antes de «muerto»; intervalo: segundos entre
# pasadas periódicas; timeout: segundos por envío (SMTP o HTTP).
BUZON_EMAIL_URL = os.environ.get("BUZON_EMAIL_URL", "console:")
BUZON_EMAIL_REMITENTE = os.environ.get(
    "BUZON_EMAIL_REMITENTE", "Buzón IMSS <no-responder@localhost>"
)
BUZON_SMS_URL = os.environ.get("BUZON_SMS_URL", "console:")
BUZON_SMS_AUTH = os.environ.get("BUZON_SMS_AUTH", "")
BUZON_BROKER_URL = os.environ.get("BUZON_BROKER_URL", "")
BUZON_AVISOS_INTENTOS = int(os.environ.get("BUZON_AVISOS_INTENTOS", "8"))
BUZON_AVISOS_INTERVALO = float(os.environ.get("BUZON_AVISOS_INTERVALO", "30"))
BUZON_AVISOS_TIMEOUT = float(os.environ.get("BUZON_AVISOS_TIMEOUT", "20"))
# --- fin de avisos ------------------------------------------------------------------------------

# --- Notificaciones (buzon.notificaciones) ------------------------------------------------------
# Documents are stored content-addressed (name = SHA-256) in the "documentos" storage: the file
# system under BUZON_DATA_DIR/documentos by default; any Django storage by class path, e.g. S3 with
# django-storages: BUZON_DOCUMENTOS_STORAGE=storages.backends.s3.S3Storage and its options as JSON
# in BUZON_DOCUMENTOS_OPCIONES (bucket_name, region_name…).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documentos": {
        "BACKEND": os.environ.get(
            "BUZON_DOCUMENTOS_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("BUZON_DOCUMENTOS_OPCIONES", "") or "{}")
        or {"location": str(DATA_DIR / "documentos"), "file_permissions_mode": 0o640},
    },
}
#: Largest document an official may notify (bytes).
BUZON_MAXIMO_DOCUMENTO = int(os.environ.get("BUZON_MAXIMO_DOCUMENTO", str(15 * 1024 * 1024)))
