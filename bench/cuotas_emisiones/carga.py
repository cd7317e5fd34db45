"""The ledger for the bench, loaded with COPY: registros of 20 workers, the issue's mix (30 %
with a salary change in the month, 10 % ausentismo, 5 % incapacidad), a prima each."""

from __future__ import annotations

from datetime import date

POR_REGISTRO = 20


def cargar(trabajadores: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from buzon.legal.nss import digito_nss

    ahora = timezone.now()
    registros = trabajadores // POR_REGISTRO
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO padron_patron (rfc, nombre, zona_horaria, creado_en, importado_en) "
            "SELECT 'B' || lpad(g::text, 8, '0') || 'AA1', 'Patrón ' || g, "
            "'America/Mexico_City', %s, %s FROM generate_series(1, %s) g",
            [ahora, ahora, registros],
        )
        c.execute(
            "INSERT INTO padron_registropatronal (registro, patron_id, entidad, subdelegacion, "
            "creado_en, importado_en, zona_salario) SELECT 'Y' || lpad(p.id::text, 10, '0'), "
            "p.id, 'CMX', '01', %s, %s, 'general' FROM padron_patron p",
            [ahora, ahora],
        )
        c.execute(
            "INSERT INTO cuotas_archivoafiliacion (sha256, tipo, nombre, importado_por, "
            "importado_en) VALUES (%s, 'movimientos', 'bench.csv', '', %s) RETURNING id",
            ["b" * 64, ahora],
        )
        fila = c.fetchone()
        assert fila is not None
        archivo = fila[0]
        c.execute("SELECT id FROM padron_registropatronal ORDER BY id")
        ids = [f[0] for f in c.fetchall()]
        c.execute(
            "INSERT INTO cuotas_primart (registro_id, vigente_desde, prima, archivo_id, linea) "
            "SELECT id, '2026-03-01', 0.54355, %s, 1 FROM padron_registropatronal",
            [archivo],
        )
        with c.cursor.copy(
            "COPY cuotas_asegurado (nss, curp, nombre, creado_en, importado_en) FROM STDIN"
        ) as copia:
            for i in range(trabajadores):
                diez = f"{i + 1:010d}"
                copia.write_row(
                    (diez + digito_nss(diez), "XIQB891116MGRMZR05", f"T {i}", ahora, ahora)
                )
        c.execute("SELECT id FROM cuotas_asegurado ORDER BY id")
        asegurados = [f[0] for f in c.fetchall()]
        columnas = "registro_id, asegurado_id, tipo, fecha, sbc, dias, archivo_id, linea"
        with c.cursor.copy(f"COPY cuotas_movimiento ({columnas}) FROM STDIN") as copia:
            for i, a in enumerate(asegurados):
                r = ids[i // POR_REGISTRO]
                sbc = 320 + (i * 37) % 2500
                copia.write_row((r, a, "08", date(2025, 6, 1), sbc, None, archivo, 1))
                if i % 10 < 3:
                    copia.write_row((r, a, "07", date(2026, 4, 16), sbc + 50, None, archivo, 2))
                if i % 10 == 3:
                    copia.write_row((r, a, "11", date(2026, 4, 6), None, 2, archivo, 3))
                if i % 20 == 4:
                    copia.write_row((r, a, "12", date(2026, 4, 20), None, 3, archivo, 4))
        c.execute("ANALYZE")
