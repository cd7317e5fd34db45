"""The law's clock, in pure Python (no Django import): read it next to the Lineamientos and the CFF.

- `zonas`: time zones, loaded explicitly from the pinned `tzdata` package.
- `calendario`: días hábiles e inhábiles (CFF art. 12; declared days with their scope).
- `plazos`: one function per rule (numerals 5.2, 5.8, 6.1, 6.3, 7.2, 7.4, 7.5, 7.7; CFF 134-I, 139;
  Transitorio Primero), and the batch path used by sweeps.
Interpretations are written down in docs/interpretaciones.md.
"""
