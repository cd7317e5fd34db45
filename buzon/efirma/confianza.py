"""Trusted certification authorities: a folder of CA certificates (DER or PEM), e.g. SAT's.

Only files named *.cer, *.crt, *.der or *.pem are read (a test CA folder also holds its key).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from .certificado import Certificado, leer_varios
from .errores import ARCHIVO_INVALIDO, EMISOR_NO_CONFIABLE, ErrorEfirma

EXTENSIONES = frozenset({".cer", ".crt", ".der", ".pem"})


class Confianza:
    def __init__(self, autoridades: Iterable[Certificado], origen: str = "") -> None:
        self.autoridades = tuple(autoridades)
        self.origen = origen
        self._por_sujeto: dict[bytes, list[Certificado]] = {}
        for ac in self.autoridades:
            self._por_sujeto.setdefault(ac.sujeto_der, []).append(ac)

    @classmethod
    def desde_carpeta(cls, carpeta: str | Path) -> Confianza:
        ruta = Path(carpeta)
        if not ruta.is_dir():
            raise ErrorEfirma(
                ARCHIVO_INVALIDO,
                f"La carpeta de certificados de confianza «{ruta}» no existe.",
                "confianza",
            )
        autoridades: list[Certificado] = []
        for archivo in sorted(ruta.iterdir()):
            if not archivo.is_file() or archivo.suffix.lower() not in EXTENSIONES:
                continue
            try:
                autoridades.extend(leer_varios(archivo.read_bytes()))
            except ErrorEfirma as exc:
                raise ErrorEfirma(
                    ARCHIVO_INVALIDO,
                    f"«{archivo.name}» en la carpeta de confianza no es un certificado: "
                    f"{exc.mensaje}",
                    "confianza",
                ) from exc
        if not autoridades:
            raise ErrorEfirma(
                ARCHIVO_INVALIDO,
                f"La carpeta de confianza «{ruta}» no contiene certificados.",
                "confianza",
            )
        return cls(autoridades, str(ruta))

    def emisor(self, certificado: Certificado, instante: datetime) -> Certificado:
        """The trusted CA that signed `certificado` and was valid at `instante`."""
        for ac in self._por_sujeto.get(certificado.emisor_der, ()):
            if (
                ac.es_ac
                and ac.valido_desde <= instante <= ac.valido_hasta
                and certificado.emitido_por(ac)
            ):
                return ac
        raise ErrorEfirma(
            EMISOR_NO_CONFIABLE,
            f"El certificado lo emitió «{certificado.emisor}», que no es una autoridad "
            "certificadora de confianza. Use la e.firma que le entregó el SAT.",
            "certificado",
        )
