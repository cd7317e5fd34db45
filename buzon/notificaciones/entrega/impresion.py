"""What the notificador prints (7.10, CFF 134-I, 137): the *representación impresa* of a
notification on the personal route (`evidencia.impresa`: the signed document byte for byte, plus
a final page sealed by the Institute with a QR code to the public verification page), and the
citatorio left at the domicile (a one-page PDF, sealed too).

Nothing here writes: printing is a read (GET), rendered on demand from the stored facts.
"""

from __future__ import annotations

import io

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Spacer  # type: ignore[import-untyped]

from buzon.evidencia import almacen
from buzon.evidencia.impresa import DatosImpresa, ErrorImpresa, representacion_impresa
from buzon.evidencia.maqueta import (
    ANCHO_UTIL,
    AUTOR,
    maquetar_carta,
    parrafo,
    recuadro_aviso,
    tabla,
)
from buzon.evidencia.pades import firmar_escritor
from buzon.evidencia.sello import sellador_activo
from buzon.legal.formato import instante_legible
from buzon.legal.rfc import enmascarar_rfc
from buzon.legal.zonas import ZONA_CENTRO, zona
from buzon.notificaciones.errores import ErrorNotificacion
from buzon.notificaciones.models import Notificacion, TipoActo
from buzon.notificaciones.verificacion import firmante_de
from buzon.oficina.models import Oficial

#: The version of the document cadena below (a change of its fields is a new version).
VERSION_CADENA = "1"


def cadena_documento(n: Notificacion) -> str:
    """The cadena of the official's signature over a notified document [I-48]:

    `||1|FOLIO|RFC|ACTO|SHA-256 del documento|número de certificado|instante de firma||`

    The signature covers the PDF's bytes, not this text; the cadena names what was signed, by
    whom and when, in one line a person can compare with the verification page. The instant is
    the one the Institute received and verified the signature (`creada`), Zona Centro, ISO 8601.
    """
    firmado = n.creada.astimezone(ZONA_CENTRO).isoformat(timespec="seconds")
    campos = [VERSION_CADENA, n.folio, n.rfc, n.tipo, n.documento_sha256, n.firmante_serie, firmado]
    return "||" + "|".join(campos) + "||"


def url_verificacion_documento(n: Notificacion) -> str:
    """The absolute public URL the QR code holds: `{BUZON_URL_PUBLICA}/verificar/FOLIO?c=CODE`."""
    base = str(getattr(settings, "BUZON_URL_PUBLICA", "http://127.0.0.1:8000")).rstrip("/")
    return f"{base}/verificar/{n.folio}?c={n.codigo_verificacion}"


def _exigir_imprimible(n: Notificacion) -> None:
    if n.ruta != Notificacion.Ruta.PERSONAL:
        raise ErrorNotificacion(
            "no_requiere_personal",
            f"La notificación {n.folio} no está en la vía personal: la representación impresa "
            "es el documento que el notificador entrega en la diligencia.",
            "id",
            409,
        )
    if n.cancelada is not None:
        raise ErrorNotificacion(
            "cancelada", f"La notificación {n.folio} fue cancelada: no se imprime.", "id", 409
        )
    if n.depurada is not None:
        raise ErrorNotificacion(
            "depurado",
            "El documento se eliminó al vencer su plazo de conservación (6.1, 7.7).",
            "id",
            410,
        )


def datos_impresa(n: Notificacion) -> DatosImpresa:
    firmante = firmante_de(n)
    acto = TipoActo.objects.filter(clave=n.tipo).values_list("nombre", flat=True).first()
    return DatosImpresa(
        folio=n.folio,
        numeral=n.tipo,
        acto=acto or n.tipo,
        rfc=n.rfc,
        firmante_nombre=firmante.nombre,
        firmante_cargo=firmante.cargo,
        firmante_certificado=firmante.certificado,
        firmado=n.creada,
        documento_sha256=n.documento_sha256,
        firma=n.firma,
        cadena=cadena_documento(n),
        subdelegacion=n.subdelegacion,
        codigo_verificacion=n.codigo_verificacion,
    )


def pdf_impresa(n: Notificacion) -> bytes:
    """The representación impresa of `n`: its stored signed document unchanged, then the final
    page, sealed (PAdES) by the Institute's active seal."""
    _exigir_imprimible(n)
    try:
        return representacion_impresa(
            almacen.leer(n.documento_sha256), datos_impresa(n), url_verificacion_documento(n)
        )
    except ErrorImpresa as exc:
        raise ErrorNotificacion("no_imprimible", exc.mensaje, exc.campo, 409) from exc


def nombre_impresa(n: Notificacion) -> str:
    return f"representacion-impresa-{n.folio}.pdf"


def nombre_citatorio(n: Notificacion) -> str:
    return f"citatorio-{n.folio}.pdf"


# -- the citatorio ------------------------------------------------------------------------------


def _hechos_citatorio(n: Notificacion) -> list[tuple[str, str]]:
    assert n.citatorio_dejado is not None and n.citatorio_cita is not None
    lugar = zona(n.zona)
    acto = TipoActo.objects.filter(clave=n.tipo).values_list("nombre", flat=True).first()
    notificador = (
        Oficial.objects.filter(rfc=n.citatorio_por).values_list("nombre", flat=True).first()
    )
    recibio = (
        "Nadie lo recibió: se fijó en el acceso principal del domicilio (CFF art. 137)"
        if n.citatorio_fijado
        else n.citatorio_con
    )
    return [
        ("Folio de la notificación", n.folio),
        ("Destinatario", f"{n.nombre or 'Patrón'} (RFC {enmascarar_rfc(n.rfc)})"),
        ("Documento por notificar", f"{n.tipo} {acto or ''}".strip()),
        ("Subdelegación", n.subdelegacion),
        ("Día y hora en que se actúa", instante_legible(n.citatorio_dejado, lugar)),
        ("Cita: espere en este domicilio el", instante_legible(n.citatorio_cita, lugar)),
        ("Citatorio recibido por", recibio),
        ("Notificador", f"{notificador or 'Servidor público'} (RFC {n.citatorio_por})"),
    ]


def pdf_citatorio(n: Notificacion) -> bytes:
    """The citatorio as it was left (CFF 137), one page, sealed by the Institute (PAdES)."""
    if n.citatorio_dejado is None or n.citatorio_cita is None:
        raise ErrorNotificacion(
            "sin_citatorio",
            f"La notificación {n.folio} no tiene citatorio registrado: regístrelo primero.",
            "id",
            404,
        )
    cita = instante_legible(n.citatorio_cita, zona(n.zona))
    etiqueta = 62 * mm
    hechos = tabla(
        [(parrafo(k, "etiqueta"), parrafo(v, "base")) for k, v in _hechos_citatorio(n)],
        (etiqueta, ANCHO_UTIL - etiqueta),
    )
    contenido = [
        parrafo(AUTOR, "instituto"),
        parrafo("Citatorio", "titulo"),
        Spacer(1, 4),
        parrafo(
            "El notificador del Instituto se constituyó en este domicilio para notificar "
            "personalmente el documento que se indica y no encontró a quien debe notificarse. "
            "Con fundamento en el artículo 137 del Código Fiscal de la Federación, se le cita "
            f"para que espere en este lugar el {cita}, hora fija del día hábil siguiente, a fin de "
            "practicar la notificación. Si no atiende la cita, la diligencia se practicará con "
            "quien se encuentre en el domicilio o, en su defecto, con un vecino.",
            "base",
        ),
        Spacer(1, 6),
        hechos,
        Spacer(1, 8),
        recuadro_aviso(
            "El IMSS nunca le pedirá pagos, contraseñas, su e.firma ni su llave privada por este "
            "medio, ni le enviará ligas por correo o SMS. El documento que se le entregue llevará "
            "un código QR para verificar su autenticidad en el sitio del IMSS."
        ),
    ]
    pdf = maquetar_carta(
        contenido, f"Citatorio — notificación {n.folio}", n.folio, n.citatorio_dejado
    )
    razon = f"Sello digital del citatorio de la notificación {n.folio}"
    escritor = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return firmar_escritor(escritor, sellador_activo(), razon, campo="SelloIMSSCitatorio")
