"""Actuaciones: signed filings by particulars (numerals 4.4, 5.5, 5.9, 6.1–6.5)."""
