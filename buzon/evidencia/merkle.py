"""Merkle tree hashes of the evidence log (RFC 6962, section 2.1). Pure module."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def hoja(valor: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + valor).digest()


def nodo(izquierda: bytes, derecha: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + izquierda + derecha).digest()


def raiz(hojas: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of RFC 6962 over the leaves' data (here: each entry's hash)."""
    if not hojas:
        return hashlib.sha256(b"").digest()
    nivel = [hoja(h) for h in hojas]
    while len(nivel) > 1:
        siguiente = [nodo(nivel[i], nivel[i + 1]) for i in range(0, len(nivel) - 1, 2)]
        if len(nivel) % 2:
            siguiente.append(nivel[-1])
        nivel = siguiente
    return nivel[0]
