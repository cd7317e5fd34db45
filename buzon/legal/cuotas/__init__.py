"""Cuotas obrero-patronales: the exact engine, pure (no Django). See docs/cuotas.md.

Modules, read next to the LSS (`/work/shared/normas/lss-cuotas-extractos.txt`):

- `periodos`: `leer_periodo("2026-04")` (EMA) or `leer_periodo("2026-B2")` (EBA) → `Periodo`.
- `parametros`: `vigentes()` → `Parametros` from `datos/parametros.json` (UMA by date, minimum
  wage by year and zone, cap, rates, the CyV table), each value with its source and validity;
  `cargar(dict)` for another set. `Parametros.version` names the set used.
- `movimientos`: `leer_movimientos(json_list)` → `Movimiento`s; `validar(movs)` → `Historia`
  or `ErrorLegal` naming the movement (two altas, a 07/02 without alta, 11/12 outside vigencia,
  both on one day, more than 7 ausentismo days a month or 8 consecutive).
- `referencia`: `calcular(movs_or_historia, periodo, prima_rt: Decimal | None, zona, params)` →
  `Cuotas` (days, per-concept rounded `Importe`s, totals; `como_dict()` is the CLI's shape).
  Day by day, `Decimal`, one function per rule: the law's reading and the checker.
- `tramos` + `lote`: the batch path for many worker-periods of one period, columnar:

      t = tramos.concatenar(
          tramos.completos(sbc_centavos, periodo, params),   # no movement in the period
          tramos.de_historias(historias, periodo, params),   # the rest, from their movements
      )
      r = lote.calcular(t, periodo, prima_unidades, zona_codigos, params)
      r.patron, r.obrero        # int64 centavos (n, len(r.conceptos))
      r.cotizados, r.ausentismos, r.incapacidades, r.bajo_minimo, r.fila(i)
      lote.sumar_por_grupo(r.patron, registro_de_cada_trabajador, registros)

  `prima_unidades[i] = lote.unidades_de_tasa(Decimal("0.54355"))` (EMA only; None for EBA);
  `zona_codigos[i]`: 0 general, 1 zlfn. Exact int64 arithmetic (the bound is in `lote`),
  proven equal to `referencia` by tests/legal/cuotas.

Interpretations: docs/interpretaciones.md [I-58] to [I-63].
"""
