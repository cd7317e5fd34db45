"""The notifications demo: one notification in every state, each made by the real services.

Past states are made by calling the services at past instants (`ahora=`), chosen from today's
calendar so that the derived state holds today: the pending notification was issued on the last
día hábil (its deemed instant is days ahead), the opened one was opened inside its three días
hábiles, the deemed one's fourth día hábil has passed and the sweep materialised its acuse, the
cancelled one was cancelled by the supervisor an hour after its aviso. The employer without an
enabled mailbox has one notification issued inside the 180 days of the Transitorio (personal
route: it requires personal notification, 7.10; the notificador left a citatorio at its domicile,
`personal`) and one issued on the last día hábil, after them (estrados, 7.8; skipped, and
reported, while those 180 days have not ended).

Idempotent: each notification has a fixed idempotency key; what exists is never made again and
every follow-up step runs only while its fact is missing.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from buzon.avisos.entrega import entregar_todo
from buzon.efirma import Certificado, firmar_b64, leer_llave, pki
from buzon.habilitacion.importacion import importar_2020
from buzon.habilitacion.selectors import entrada_en_vigor
from buzon.legal import plazos
from buzon.legal.calendario import Calendario
from buzon.legal.formato import fecha_legible
from buzon.legal.zonas import ZONA_CENTRO
from buzon.notificaciones.ciclo.cancelacion import do_cancelar
from buzon.notificaciones.emision import catalogo, ruteo
from buzon.notificaciones.emision.servicios import Solicitud, emitir_varias
from buzon.notificaciones.entrega.apertura import do_abrir
from buzon.notificaciones.entrega.barrido import barrer_notificaciones
from buzon.notificaciones.entrega.constancia import sellar_constancias
from buzon.notificaciones.entrega.despacho import despachar_avisos
from buzon.notificaciones.hechos import situacion_de
from buzon.notificaciones.models import Notificacion
from buzon.oficina.models import Oficial
from buzon.sistema.demo.comun import (
    ABIERTA,
    ANUNCIO_DEMO,
    ASUNTOS,
    CANCELADA_CLAVE,
    CUENTAS,
    ESTADO_ESPERADO,
    ESTRADOS,
    HABILITADO,
    HABILITADO_EN,
    MEDIOS_HABILITADO,
    NOTIFICADOR,
    PENDIENTE,
    PERSONAL,
    SIN_BUZON,
    SUPERVISOR,
    VENCIDA,
    ErrorDemo,
    Escenario,
    OficialDemo,
    Resultado,
    a_las,
    habil_anterior,
    habiles_antes,
    ultimo_dia_habil,
)
from buzon.sistema.demo.oficiales import alta_oficial, credencial, oficio_pdf
from buzon.sistema.demo.personal import citar


def _escenario(
    clave: str, patron: tuple[str, str], tipo: str, asunto: str, numero: int, emitida: datetime
) -> Escenario:
    anio = emitida.astimezone(ZONA_CENTRO).year
    oficio = f"09-CEN-{anio}-{numero:04d}"
    return Escenario(clave, patron[0], patron[1], tipo, asunto, oficio, emitida)


def escenarios(ahora: datetime, calendario: Calendario) -> tuple[list[Escenario], list[str]]:
    """The notifications to make, with the instants that give each its state today."""
    hoy = ultimo_dia_habil(ahora, calendario)
    omitidas: list[str] = []
    lista = [
        _escenario(
            PENDIENTE, HABILITADO, "7.1", ASUNTOS["7.1"], 101, a_las(hoy, 10),
        ),
        _escenario(
            CANCELADA_CLAVE, HABILITADO, "7.6", ASUNTOS["7.6"], 102,
            a_las(habil_anterior(hoy, calendario), 10),
        ),
        _escenario(
            ABIERTA, HABILITADO, "7.2", ASUNTOS["7.2"], 103,
            a_las(habiles_antes(hoy, 6, calendario), 10),
        ),
        _escenario(
            VENCIDA, HABILITADO, "7.3", ASUNTOS["7.3"], 104,
            a_las(habiles_antes(hoy, 12, calendario), 10),
        ),
    ]  # fmt: skip
    from buzon.calendario.selectors import calendario_para

    limite = plazos.habilitacion_extemporanea_desde(entrada_en_vigor(), calendario_para())
    # Inside the 180 days (a month after the entry into force, or today if that is still ahead).
    personal = min(
        a_las(calendario.habil_o_siguiente(entrada_en_vigor() + timedelta(days=30)), 10),
        a_las(hoy, 10),
    )
    assert personal < limite
    lista.append(
        _escenario(
            PERSONAL, SIN_BUZON, "7.4", ASUNTOS["7.4"], 105, personal
        )
    )  # fmt: skip
    if a_las(hoy, 10) >= limite:
        lista.append(
            _escenario(
                ESTRADOS, SIN_BUZON, "7.8", ASUNTOS["7.8"], 106, a_las(hoy, 10),
            )
        )  # fmt: skip
    else:
        omitidas.append(
            "en_estrados: aún no terminan los 180 días para habilitar el buzón (Transitorio "
            f"Primero); terminan el {fecha_legible(limite.date())}."
        )
    return lista, omitidas


def _emitir(
    e: Escenario, oficial: Oficial, demo: OficialDemo, cert: Certificado, llave_der: bytes
) -> Notificacion:
    documento = oficio_pdf(e, demo)
    firma = firmar_b64(leer_llave(llave_der, pki.PASSWORD_PRUEBAS), documento)
    solicitud = Solicitud(
        clave=e.clave,
        rfc=e.rfc,
        tipo=e.tipo,
        asunto=e.asunto,
        documento=base64.b64encode(documento).decode("ascii"),
        firma=firma,
    )
    resultado = emitir_varias(oficial, cert.der, [solicitud], ahora=e.emitida)[0]
    if resultado.error is not None or resultado.notificacion is None:
        mensaje = resultado.error.mensaje if resultado.error else "sin resultado"
        raise ErrorDemo(f"No se pudo emitir la notificación de demostración {e.clave}: {mensaje}")
    return resultado.notificacion


def _anunciar_todos() -> None:
    """The demo's announcement for every act not offered since the entry into force (what is
    already offered is left as it is, so a second run records nothing)."""
    catalogo.asegurar_catalogo()
    vigor = entrada_en_vigor()
    for clave, acto in catalogo.disponibilidades().items():
        if acto.desde is None or acto.desde > vigor:
            catalogo.do_registrar_disponibilidad(clave, vigor, ANUNCIO_DEMO, SUPERVISOR.rfc)


def _avisar(n: Notificacion, programado: datetime) -> None:
    """The real path, at the planned (past) instant: dispatch, the providers' acceptance (the
    console backends accept at once) and the constancia; the dates come from the acceptance."""
    despachar_avisos(ahora=programado, ids=[n.pk])
    entregar_todo(ahora=programado)
    sellar_constancias(ahora=programado)
    n.refresh_from_db()


def cargar_notificaciones(
    carpeta_efirmas: Path, ac: pki.AC, avisar: Callable[[str], None] = lambda _: None
) -> Resultado:
    """Make the notifications demo (idempotent); `avisar` receives progress lines."""
    ahora = timezone.now()
    calendario = ruteo.calendario_de("", "")
    lista, omitidas = escenarios(ahora, calendario)
    resultado = Resultado(omitidas=omitidas)
    desde = min(e.emitida for e in lista) - timedelta(days=1)
    oficiales, certificados, llaves = {}, {}, {}
    for demo in CUENTAS:
        cert, ruta_cer, ruta_key = credencial(ac, carpeta_efirmas, demo, desde.astimezone(UTC))
        oficiales[demo.rol], certificados[demo.rol] = alta_oficial(demo), cert
        llaves[demo.rol] = ruta_key.read_bytes()
        resultado.credenciales[demo.rol] = (ruta_cer, ruta_key)
    (rfc_a, nombre_a), (correo, celular) = HABILITADO, MEDIOS_HABILITADO
    importacion = importar_2020(
        [
            "rfc,nombre,correos,celular,habilitado_en\n",
            f"{rfc_a},{nombre_a},{correo},{celular},{HABILITADO_EN.isoformat()}\n",
        ]
    )
    if importacion.errores:
        raise ErrorDemo(f"No se pudo habilitar el buzón de {rfc_a}: {importacion.errores[0]}")
    _anunciar_todos()
    notificador = oficiales["notificador"]
    for e in lista:
        n = Notificacion.objects.filter(emisor=notificador.rfc, clave_idempotencia=e.clave).first()
        if n is None:
            n = _emitir(
                e, notificador, NOTIFICADOR, certificados["notificador"], llaves["notificador"]
            )
            resultado.nuevas += 1
        if n.ruta == Notificacion.Ruta.BUZON and n.aviso_programado is not None:
            _avisar(n, n.aviso_programado)
        if e.clave == ABIERTA and n.abierta is None and n.aviso is not None:
            primer_dia = plazos.plazo_apertura(n.aviso, calendario)[0]
            do_abrir(n.pk, n.rfc, ahora=a_las(primer_dia, 11, 15))
        if e.clave == CANCELADA_CLAVE and n.cancelada is None and n.aviso is not None:
            do_cancelar(
                oficiales["supervisor"],
                n.pk,
                "El requerimiento se emitió al patrón equivocado; se emitirá al correcto.",
                ahora=n.aviso + timedelta(hours=3),
            )
        if e.clave == PERSONAL:
            resultado.citatorio = citar(notificador, n)
        resultado.notificaciones[e.clave] = n
    barrer_notificaciones(ahora=ahora)
    for clave, n in resultado.notificaciones.items():
        n.refresh_from_db()
        estado = situacion_de(n, timezone.now()).estado
        if estado != ESTADO_ESPERADO[clave]:
            raise ErrorDemo(
                f"La notificación de demostración {n.folio} ({clave}) quedó «{estado}», no "
                f"«{ESTADO_ESPERADO[clave]}»."
            )
    avisar(
        f"Demostración: {resultado.nuevas} notificaciones nuevas, "
        f"{len(resultado.notificaciones) - resultado.nuevas} ya existían."
    )
    return resultado
