"""Risk indicators of the fiscalización programme (relación 7.8, 7.17, 7.18, 8; issue 17). PURE.

One module per indicator, each a rule that can be read next to its numeral: its data (`datos.Datos`,
one registro patronal), its thresholds and weight (`ajustes.Ajustes`, settings, never code), the
reference path (`evaluar`, plain integers, returns a `Senal` with the numbers that made it fire) and
the batch path (`lote`, numpy int64 over the whole padrón, the same integers). `puntaje` sums the
fired indicators' points (a transparent weighted sum) and proposes the act; `lote.programar` does it
for a million registros at once. No randomness: the same data and settings give the same ranking
(score descending, registro ascending).
"""
