"""Offline check of an acuse: its sello, its certificate, and that its fields match its cadena.

An acuse is valid when, in this order:
1. it has the contract's fields and its `cadena_original` has the format of
   `buzon.evidencia.cadena` (`||BUZON-ACUSE-1|tipo=…|folio=…|rfc=…|…||`, fixed header order);
2. the seal certificate whose `numero` is the acuse's `certificado_sello` is in the list published
   at `/sello/certificados` (downloaded earlier with `buzon cliente certificados`), and it is that
   certificate (its own number says so);
3. the `sello` is base64 RSASSA-PKCS1-v1_5/SHA-256 by that certificate over the cadena's UTF-8;
4. the JSON's folio, tipo, rfc, registro_patronal, emitido and documentos say what the sealed
   cadena says (the JSON is what people read; the cadena is what was sealed);
5. the sealed `emitido` lies inside the certificate's validity.
The first failure is reported. Pure: no network, no Django.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from buzon.efirma import Certificado, ErrorEfirma, leer_certificado
from buzon.efirma.errores import fecha_legible
from buzon.evidencia.cadena import VERSION

from .errores import ErrorCliente

CABECERA = (
    "tipo",
    "folio",
    "rfc",
    "registro_patronal",
    "emitido",
    "instante_legal",
    "zona_legal",
    "documentos",
)
_ESCAPES = {"\\": "\\", "|": "|", "n": "\n", "r": "\r", ",": ","}


class AcuseInvalido(ErrorCliente):
    """The acuse did not verify: `codigo` says which check, `mensaje` why, in Spanish."""

    @property
    def cuerpo(self) -> dict[str, Any]:
        return {"valido": False, **super().cuerpo}

    @property
    def texto(self) -> str:
        return f"El acuse NO es válido: {self.mensaje}"


def _mal_formado(detalle: str) -> AcuseInvalido:
    return AcuseInvalido("acuse_mal_formado", f"{detalle} No es un acuse del Buzón íntegro.")


def partir_cadena(cadena: str) -> list[str]:
    """The fields of a cadena original, with their escapes undone."""
    if len(cadena) < 4 or not cadena.startswith("||") or not cadena.endswith("||"):
        raise _mal_formado("La cadena original no empieza y termina con «||».")
    campos: list[str] = []
    actual: list[str] = []
    interior = cadena[2:-2]
    i = 0
    while i < len(interior):
        caracter = interior[i]
        if caracter == "\\":
            siguiente = interior[i + 1] if i + 1 < len(interior) else ""
            if siguiente not in _ESCAPES:
                raise _mal_formado("La cadena original tiene un escape desconocido.")
            actual.append(_ESCAPES[siguiente])
            i += 2
            continue
        if caracter == "|":
            campos.append("".join(actual))
            actual = []
        else:
            actual.append(caracter)
        i += 1
    campos.append("".join(actual))
    return campos


def leer_cadena(cadena: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The header (tipo, folio, rfc…) and the documents (nombre, sha256) of a cadena original."""
    campos = partir_cadena(cadena)
    if campos[0] != VERSION:
        raise _mal_formado(f"La cadena original no es del formato {VERSION}.")
    pares: list[tuple[str, str]] = []
    for campo in campos[1:]:
        clave, igual, valor = campo.partition("=")
        if not igual:
            raise _mal_formado(f"El campo «{campo[:40]}» de la cadena original no es clave=valor.")
        pares.append((clave, valor))
    if [clave for clave, _ in pares[: len(CABECERA)]] != list(CABECERA):
        raise _mal_formado("La cadena original no tiene la cabecera en el orden establecido.")
    cabecera = dict(pares[: len(CABECERA)])
    try:
        cuantos = int(cabecera["documentos"])
    except ValueError:
        raise _mal_formado("La cadena original no dice cuántos documentos ampara.") from None
    documentos: list[tuple[str, str]] = []
    for clave, valor in pares[len(CABECERA) : len(CABECERA) + cuantos]:
        nombre, _, sha = valor.rpartition(":")
        if clave != "documento" or not nombre:
            raise _mal_formado("La cadena original no lista los documentos que anuncia.")
        documentos.append((nombre, sha))
    if len(documentos) != cuantos:
        raise _mal_formado("La cadena original no lista los documentos que anuncia.")
    return cabecera, documentos


def _texto(acuse: Mapping[str, Any], campo: str) -> str:
    valor = acuse.get(campo)
    if not isinstance(valor, str) or not valor:
        raise _mal_formado(f"Falta el campo «{campo}» del acuse.")
    return valor


def _instante(valor: str, donde: str) -> datetime:
    try:
        instante = datetime.fromisoformat(valor)
    except ValueError:
        raise _mal_formado(f"«{valor}» ({donde}) no es un instante ISO 8601.") from None
    if instante.tzinfo is None:
        raise _mal_formado(f"«{valor}» ({donde}) no indica su desfase horario.")
    return instante


def _al_milisegundo(instante: datetime) -> datetime:
    """The API's JSON writes instants to the millisecond; the cadena keeps microseconds."""
    return instante.replace(microsecond=instante.microsecond // 1000 * 1000)


def certificado_publicado(numero: str, certificados: Sequence[Mapping[str, Any]]) -> Certificado:
    for publicado in certificados:
        if str(publicado.get("numero")) != numero:
            continue
        try:
            certificado = leer_certificado(str(publicado.get("pem") or "").encode("ascii"))
        except (ErrorEfirma, UnicodeEncodeError):
            raise AcuseInvalido(
                "certificados_invalidos",
                f"El certificado de sello {numero} de la lista no es un certificado legible: "
                "descargue la lista de nuevo con «buzon cliente certificados».",
            ) from None
        if certificado.no_certificado != numero:
            raise AcuseInvalido(
                "certificados_invalidos",
                f"La lista presenta como {numero} un certificado cuyo número es "
                f"{certificado.no_certificado}: la lista no es de fiar.",
            )
        return certificado
    raise AcuseInvalido(
        "certificado_desconocido",
        f"El certificado de sello {numero} no está entre los certificados publicados del "
        "Instituto: el acuse no fue sellado por el Buzón (o la lista de certificados es de otro "
        "Buzón; descárguela con «buzon cliente certificados»).",
    )


def _comparar(acuse: Mapping[str, Any], cabecera: Mapping[str, str]) -> None:
    for campo in ("folio", "tipo", "rfc"):
        if acuse.get(campo) != cabecera[campo]:
            raise AcuseInvalido(
                "cadena_no_coincide",
                f"El campo «{campo}» del acuse ({acuse.get(campo)}) no es el de la cadena "
                f"original sellada ({cabecera[campo]}): el acuse fue alterado.",
            )
    if (
        "registro_patronal" in acuse
        and (acuse["registro_patronal"] or "") != (cabecera["registro_patronal"])
    ):
        raise AcuseInvalido(
            "cadena_no_coincide",
            "El registro patronal del acuse no es el de la cadena original sellada: el acuse "
            "fue alterado.",
        )
    emitido = _al_milisegundo(_instante(_texto(acuse, "emitido"), "emitido"))
    if emitido != _al_milisegundo(_instante(cabecera["emitido"], "emitido de la cadena")):
        raise AcuseInvalido(
            "cadena_no_coincide",
            "La fecha de emisión del acuse no es la de la cadena original sellada: el acuse fue "
            "alterado.",
        )


def _comparar_documentos(acuse: Mapping[str, Any], documentos: list[tuple[str, str]]) -> None:
    if "documentos" not in acuse:
        return
    lista = acuse["documentos"]
    propios = (
        [(str(d.get("nombre")), str(d.get("sha256"))) for d in lista if isinstance(d, dict)]
        if isinstance(lista, list)
        else None
    )
    if propios != documentos:
        raise AcuseInvalido(
            "cadena_no_coincide",
            "Los documentos (nombre y SHA-256) del acuse no son los de la cadena original "
            "sellada: el acuse fue alterado.",
        )


def verificar_acuse(
    acuse: Mapping[str, Any], certificados: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """The verdict for a valid acuse; `AcuseInvalido` naming the first failed check otherwise."""
    cadena = _texto(acuse, "cadena_original")
    sello = _texto(acuse, "sello")
    numero = _texto(acuse, "certificado_sello")
    cabecera, documentos = leer_cadena(cadena)
    certificado = certificado_publicado(numero, certificados)
    try:
        firma = base64.b64decode(sello.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise AcuseInvalido("sello_invalido", "El sello no está codificado en base64.") from None
    if not certificado.verificar(firma, cadena.encode("utf-8")):
        raise AcuseInvalido(
            "sello_invalido",
            f"El sello no corresponde a la cadena original con el certificado {numero}: la "
            "cadena o el sello fueron alterados.",
        )
    _comparar(acuse, cabecera)
    _comparar_documentos(acuse, documentos)
    emitido = _instante(cabecera["emitido"], "emitido de la cadena")
    if not certificado.valido_desde <= emitido <= certificado.valido_hasta:
        raise AcuseInvalido(
            "fuera_de_vigencia",
            f"El acuse dice haberse emitido el {fecha_legible(emitido)}, fuera de la vigencia del "
            f"certificado de sello {numero} (del {fecha_legible(certificado.valido_desde)} al "
            f"{fecha_legible(certificado.valido_hasta)}).",
        )
    return {
        "valido": True,
        "folio": cabecera["folio"],
        "tipo": cabecera["tipo"],
        "rfc": cabecera["rfc"],
        "emitido": cabecera["emitido"],
        "certificado_sello": numero,
        "documentos": [{"nombre": n, "sha256": s} for n, s in documentos],
        "mensaje": f"Acuse válido: sellado por el Instituto con el certificado {numero}, vigente "
        "al emitirse, y sin alteraciones.",
    }


def acuse_de(datos: Any) -> Mapping[str, Any]:
    """The acuse inside what was saved: an acuse, or an answer that carries one under "acuse"."""
    if isinstance(datos, dict) and isinstance(datos.get("acuse"), dict):
        return dict(datos["acuse"])
    if isinstance(datos, dict):
        return datos
    raise _mal_formado("El archivo no contiene un acuse (un objeto JSON).")


def lista_de_certificados(datos: Any) -> list[Mapping[str, Any]]:
    """The certificates in what `GET /sello/certificados` answered (or a bare list of them)."""
    lista = datos.get("certificados") if isinstance(datos, dict) else datos
    if not isinstance(lista, list) or not all(isinstance(c, dict) for c in lista):
        raise ErrorCliente(
            "certificados_invalidos",
            "El archivo de certificados no tiene la forma de GET /sello/certificados "
            '({"certificados": [...]}). Descárguelo con «buzon cliente certificados».',
            "certificados",
        )
    return list(lista)
