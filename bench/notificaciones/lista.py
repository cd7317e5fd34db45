"""(c) *Mis notificaciones* with 1,000,000 in the database: the load, a real e.firma session, the
list's latency through Django's test client, its parts, and EXPLAIN ANALYZE."""

from __future__ import annotations

import argparse
import base64
import sys
import time
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench._arnes.informe import frente_al_objetivo, percentiles
from bench.notificaciones.entorno import RFC_OFICIAL, Contexto
from bench.notificaciones.entradas import columnas_notificaciones as _columnas
from bench.notificaciones.entradas import rfcs_validos
from bench.notificaciones.entradas import tabla_notificaciones as _tabla


def cargar_millon(ctx: Contexto, cantidad: int, patron: str) -> int:
    """`cantidad` notifications over 100,000 RFCs (`patron` has one in 5,000: ~200), in one
    INSERT … SELECT: 2 % pending, 5 % estrados, 0.5 % cancelled, 0.5 % `programada` (aviso
    dispatched in the last hours, no provider's acceptance yet: not listed), the rest deemed or
    opened and materialised, avisos over the last two years; a few real documents' hashes
    shared. Every column as the flow leaves it (7.3, 7.4 [I-35]): on the buzón route planned
    and dispatched a moment before the acceptance (`aviso` = `aviso_enviado`), both medios
    final a second after it, the constancia sealed; estrados ten días (CFF 139); nothing on
    the personal route; a verification code each."""
    from django.db import connection, transaction

    from buzon.notificaciones.models import Notificacion

    rfcs = rfcs_validos(100_000, 7)
    ejemplo = Notificacion.objects.filter(clave_idempotencia__startswith="bench:a:").first()
    assert ejemplo is not None
    hashes_docs = list(
        Notificacion.objects.values_list("documento_sha256", flat=True).distinct()[:5]
    )
    h = "((g::bigint * 2654435761) % 1000003)"
    pendiente = f"({h} % 100 < 2)"
    estrados = f"({h} % 100 BETWEEN 2 AND 6)"
    cancelada = f"({h} % 200 = 7)"
    programada = f"({h} % 200 = 11)"
    #: The provider's acceptance (buzón), the issue (estrados); the dispatch of a `programada`.
    aviso = (
        f"(CASE WHEN {programada} THEN now() - make_interval(hours => (1 + {h} % 20)::int) "
        f"WHEN {pendiente} THEN now() - make_interval(hours => (1 + {h} % 40)::int) "
        f"ELSE now() - make_interval(days => (6 + {h} % 720)::int, mins => ({h} % 480)::int) END)"
    )
    sin_aviso = f"({estrados} OR {programada})"
    sin_hecho = f"({pendiente} OR {cancelada} OR {programada})"
    estrados_notificada = f"((({aviso})::date + 15)::timestamp AT TIME ZONE 'America/Mexico_City')"
    abierta = f"({h} % 3 = 0)"
    expresiones = {
        "folio": "'BNCH-' || lpad(g::text, 15, '0')",
        "rfc": "CASE WHEN g % 5000 = 0 THEN %(patron)s ELSE r.rfc END",
        "registro_patronal": "''",
        "nombre": "'PATRON ' || r.rfc",
        "tipo": "'7.' || (1 + g % 18)",
        "asunto": "'Resolución determinante de cuotas núm. ' || g",
        "documento_sha256": "(%(hashes)s::text[])[1 + g % %(nhashes)s]",
        "documento_tamano": "1500",
        "firma": "%(firma)s",
        "firmante_rfc": "%(oficial)s",
        "firmante_certificado": "%(cert)s",
        "firmante_serie": "%(serie)s",
        "emisor": "%(oficial)s",
        "subdelegacion": "'Centro'",
        "entidad": "''",
        "subdelegacion_patron": "''",
        "zona": "'America/Mexico_City'",
        "creada": f"CASE WHEN {estrados} THEN {aviso} ELSE {aviso} - interval '1 minute' END",
        "ruta": f"CASE WHEN {estrados} THEN 'estrados' ELSE 'buzon' END",
        "aviso_programado": (
            f"CASE WHEN {estrados} THEN NULL ELSE {aviso} - interval '1 minute' END"
        ),
        "aviso_despachado": (
            f"CASE WHEN {estrados} THEN NULL ELSE {aviso} - interval '2 seconds' END"
        ),
        "aviso_medios": (
            f"CASE WHEN {estrados} THEN '[]'::jsonb ELSE jsonb_build_array("
            "'celular:55' || lpad((g % 100000000)::text, 8, '0'), "
            "'correo:' || lower(CASE WHEN g % 5000 = 0 THEN %(patron)s ELSE r.rfc END) "
            "|| '@example.com') END"
        ),
        "aviso_resuelto": f"CASE WHEN {sin_aviso} THEN NULL ELSE {aviso} + interval '1 second' END",
        "aviso": f"CASE WHEN {sin_aviso} THEN NULL ELSE {aviso} END",
        "vence": f"CASE WHEN {sin_aviso} THEN NULL ELSE {aviso} + interval '5 days' END",
        "aviso_enviado": f"CASE WHEN {sin_aviso} THEN NULL ELSE {aviso} END",
        "acuse_aviso": f"CASE WHEN {sin_aviso} THEN '' ELSE 'AV-' || g END",
        "abierta": (
            f"CASE WHEN {estrados} OR {sin_hecho} OR NOT {abierta} THEN NULL "
            f"ELSE {aviso} + interval '1 day' END"
        ),
        "apertura_legal": (
            f"CASE WHEN {estrados} OR {sin_hecho} OR NOT {abierta} THEN NULL "
            f"ELSE {aviso} + interval '1 day' END"
        ),
        "estrados_publicada": f"CASE WHEN {estrados} THEN ({aviso})::date END",
        "estrados_fin": f"CASE WHEN {estrados} THEN ({aviso})::date + 14 END",
        "estrados_notificada": f"CASE WHEN {estrados} THEN {estrados_notificada} END",
        "personal_elegida": "NULL",
        "personal_elegida_por": "''",
        "personal_motivo": "''",
        "citatorio_dejado": "NULL",
        "citatorio_cita": "NULL",
        "citatorio_con": "''",
        "citatorio_fijado": "false",
        "citatorio_por": "''",
        "personal_notificada": "NULL",
        "personal_surte_efectos": "NULL",
        "personal_con": "''",
        "personal_nombre": "''",
        "personal_nego_firma": "false",
        "personal_documento_sha256": "''",
        "codigo_verificacion": "upper(substr(md5('verificacion:' || g), 1, 20))",
        "notificada": (
            f"CASE WHEN {sin_hecho} THEN NULL WHEN {estrados} "
            f"THEN {estrados_notificada} WHEN {abierta} THEN {aviso} + interval '1 day' "
            f"ELSE {aviso} + interval '5 days' END"
        ),
        "medio": (
            f"CASE WHEN {sin_hecho} THEN '' WHEN {estrados} THEN 'estrados' "
            f"WHEN {abierta} THEN 'apertura' ELSE 'vencimiento' END"
        ),
        "acuse": f"CASE WHEN {sin_hecho} THEN '' ELSE 'AC-' || g END",
        "cancelada": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN {aviso} + interval '1 hour' END"
        ),
        "cancelada_por": f"CASE WHEN {cancelada} AND NOT {pendiente} THEN %(oficial)s ELSE '' END",
        "motivo_cancelacion": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN 'Error en el destinatario' ELSE '' END"
        ),
        "acuse_cancelacion": (
            f"CASE WHEN {cancelada} AND NOT {pendiente} THEN 'CA-' || g ELSE '' END"
        ),
        "clave_idempotencia": "'bench:c:' || g",
        "huella_solicitud": "md5(g::text) || md5(r.rfc)",
        "lote_id": "NULL",
        "en_respuesta_a": "NULL",
        "conservar_hasta": f"({aviso})::date + 1826",
        "retencion_legal": "false",
        "motivo_retencion": "''",
        "depurada": "NULL",
    }
    columnas = _columnas()
    faltan = set(columnas) - set(expresiones)
    if faltan:
        sys.exit(f"bench/notificaciones: columnas sin valor en la carga: {sorted(faltan)}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE rfcs (n int PRIMARY KEY, rfc varchar(13)) ON COMMIT DROP")
        with cursor.cursor.copy("COPY rfcs (n, rfc) FROM STDIN") as copia:
            for i, r in enumerate(rfcs):
                copia.write_row((i, r))
        cursor.execute(
            (
                f"INSERT INTO {_tabla()} ({', '.join(columnas)}) SELECT "
                + ", ".join(expresiones[c] for c in columnas)
                + " FROM generate_series(0, %(ultimo)s) g JOIN rfcs r ON r.n = g % 100000"
            ).replace(" % ", " %% "),
            {
                "ultimo": cantidad - 1,
                "patron": patron,
                "hashes": hashes_docs,
                "nhashes": len(hashes_docs),
                "firma": ejemplo.firma,
                "oficial": RFC_OFICIAL,
                "cert": bytes(ejemplo.firmante_certificado),
                "serie": ejemplo.firmante_serie,
            },
        )
        cargadas = int(cursor.rowcount)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_tabla()}")
    return cargadas


def _sesion(ctx: Contexto, rfc: str) -> tuple[Any, str]:
    from django.test import Client

    from buzon.efirma import pki

    llave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cer, _ = pki.emitir(
        ctx.ac, rfc=rfc, nombre=f"PATRON {rfc}", curp="XIQB891116MGRMZR05", llave=llave,
        registrar=False,
    )  # fmt: skip
    cliente = Client(HTTP_HOST="localhost")
    reto = cliente.post("/api/v1/sesiones/reto").json()["reto"]
    firma = base64.b64encode(llave.sign(reto.encode(), padding.PKCS1v15(), hashes.SHA256()))
    respuesta = cliente.post(
        "/api/v1/sesiones",
        {"certificado": base64.b64encode(cer).decode(), "reto": reto, "firma": firma.decode()},
        content_type="application/json",
    )
    if respuesta.status_code != 201:
        sys.exit(f"bench/notificaciones: no se pudo iniciar sesión: {respuesta.content!r}")
    return cliente, str(respuesta.json()["token"])


def explicar(rfc: str) -> None:
    """EXPLAIN ANALYZE of every query the list runs for `rfc`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from buzon.notificaciones import selectors

    ahora = timezone.now()
    with CaptureQueriesContext(connection) as capturadas:
        selectors.pagina_particular(rfc, ahora, 100, 0)
        selectors.total_particular(rfc, ahora)
    with connection.cursor() as cursor:
        for consulta in capturadas.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + consulta["sql"])
            print("   " + consulta["sql"][:400])
            for (linea,) in cursor.fetchall():
                print("      " + linea)


def medir_lista(ctx: Contexto, args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from buzon.notificaciones import selectors
    from buzon.notificaciones.caras import presentacion as vista
    from buzon.notificaciones.models import Notificacion

    patron = rfcs_validos(1, 99)[0]
    inicio = time.perf_counter()
    cargadas = cargar_millon(ctx, args.millon, patron)
    total = Notificacion.objects.count()
    propias = Notificacion.objects.filter(rfc=patron).count()
    print(
        f"(c) carga: {cargadas:,} notificaciones en {time.perf_counter() - inicio:.0f} s "
        f"(INSERT … SELECT + ANALYZE); la base tiene {total:,}; el patrón {patron} tiene "
        f"{propias:,}"
    )
    cliente, token = _sesion(ctx, patron)
    encabezado = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for _ in range(10):
        respuesta = cliente.get("/api/v1/notificaciones", **encabezado)
    cuerpo = respuesta.json()
    tiempos = []
    for _ in range(200):
        inicio = time.perf_counter()
        respuesta = cliente.get("/api/v1/notificaciones", **encabezado)
        tiempos.append(time.perf_counter() - inicio)
        if respuesta.status_code != 200:
            sys.exit(f"bench/notificaciones: GET /notificaciones {respuesta.status_code}")
    p50, p95, p99 = (x * 1000 for x in percentiles(tiempos))
    print(
        f"(c) GET /api/v1/notificaciones (cliente de pruebas de Django, sesión e.firma, "
        f"{len(cuerpo['notificaciones'])} de {cuerpo['total']} en la página, "
        f"{cuerpo['pendientes']} pendientes), 200 veces: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"p99 {p99:.1f} ms — {frente_al_objetivo(p95, 100, ' ms', '≤', cifra='p95')}"
    )
    partes: dict[str, list[float]] = {"pagina_particular": [], "total_particular": [], "vista": []}
    for _ in range(200):
        ahora = timezone.now()
        inicio = time.perf_counter()
        pagina = selectors.pagina_particular(patron, ahora, 100, 0)
        medio = time.perf_counter()
        selectors.total_particular(patron, ahora)
        fin = time.perf_counter()
        calendarios, actos = vista.Calendarios(), vista.nombres_de_actos()
        for n in pagina:
            vista.para_particular(n, ahora, calendarios, actos)
        partes["pagina_particular"].append(medio - inicio)
        partes["total_particular"].append(fin - medio)
        partes["vista"].append(time.perf_counter() - fin)
    print(
        "(c) por partes, 200 veces (p50 / p95 ms): "
        + "; ".join(
            f"{nombre} {mediana * 1000:.1f} / {alto * 1000:.1f}"
            for nombre, (mediana, alto, _) in ((n, percentiles(t)) for n, t in partes.items())
        )
    )
    if p95 > 100 or ctx.explicar:
        print("(c) EXPLAIN ANALYZE de las consultas de la lista:")
        explicar(patron)
    connection.close()
