"""Enabling the mailbox: contact means with codes (5.1, 5.2, 5.6), terms (5.3), 2020 (5.4).

Every state change is one function, one transaction, with its acuse and evidence-log entry; the
codes are enqueued in the outbox in the same transaction and leave only after commit.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from buzon.avisos import validacion
from buzon.avisos.validacion import ErrorAviso
from buzon.comun.limites import permitir
from buzon.evidencia.models import Acuse
from buzon.evidencia.servicios import SolicitudAcuse, do_emitir_acuse
from buzon.habilitacion import mensajes, reemplazo
from buzon.habilitacion.errores import ErrorHabilitacion
from buzon.habilitacion.models import Buzon, Medio
from buzon.habilitacion.selectors import (
    estado_medio,
    medios_vigentes,
)
from buzon.legal import plazos

MAXIMO_CORREOS = 5
MAXIMO_INTENTOS = 5
#: Re-sending a code: at least this long after the previous send, and at most this many sends.
ESPERA_REENVIO = timedelta(seconds=60)
MAXIMO_ENVIOS = 5


def _huella_codigo(medio_valor: str, codigo: str, enviado: datetime) -> str:
    mensaje = f"{medio_valor}|{codigo}|{enviado.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), mensaje, hashlib.sha256).hexdigest()


def normalizar_correo(valor: str) -> str:
    try:
        return validacion.normalizar_correo(valor, "correos")
    except ErrorAviso as exc:
        raise ErrorHabilitacion("correo_invalido", exc.mensaje, "correos") from exc


def normalizar_celular(valor: str) -> str:
    """The 10 digits of a Mexican mobile number (stored and shown so; sent as +52 and 10)."""
    try:
        return validacion.normalizar_celular(valor, "celular").removeprefix("+52")
    except ErrorAviso as exc:
        raise ErrorHabilitacion("celular_invalido", exc.mensaje, "celular") from exc


def obtener_buzon(rfc: str, nombre: str = "") -> Buzon:
    """The RFC's mailbox, created on first use (a particular not in the register still has one)."""
    buzon, creado = Buzon.objects.get_or_create(
        rfc=rfc, defaults={"nombre": nombre, "creado": timezone.now()}
    )
    if not creado and nombre and buzon.nombre != nombre:
        Buzon.objects.filter(pk=buzon.pk).update(nombre=nombre)
        buzon.nombre = nombre
    return buzon


def _nuevo_codigo(medio: Medio, ahora: datetime) -> str:
    codigo = f"{secrets.randbelow(1_000_000):06d}"
    medio.codigo_hash = _huella_codigo(medio.valor, codigo, ahora)
    medio.codigo_enviado_en = ahora
    medio.envios += 1
    medio.intentos_fallidos = 0
    return codigo


#: Codes to one destination per day, whatever medio row they belong to (re-registering a medio
#: must not become a way to flood a third party's phone or to guess codes without limit).
CODIGOS_POR_DESTINO_AL_DIA = 10
#: Contact-means registrations per RFC per hour (each one issues an acuse).
REGISTROS_POR_HORA = 20


def _enviar_codigo(buzon: Buzon, medio: Medio, codigo: str) -> None:
    if not permitir(f"codigo:{medio.valor}", CODIGOS_POR_DESTINO_AL_DIA, 86400):
        raise ErrorHabilitacion(
            "demasiados_codigos",
            f"Ya se enviaron {CODIGOS_POR_DESTINO_AL_DIA} códigos a «{medio.valor}» hoy: "
            "intente mañana.",
            "valor",
        )
    mensajes.codigo(
        nombre=buzon.nombre or buzon.rfc,
        rfc=buzon.rfc,
        canal=str(medio.tipo),
        destino=str(medio.valor),
        codigo=codigo,
        expira=medio.expira,
        clave=f"codigo:{medio.pk}:{medio.envios}",
    )


@dataclass(frozen=True)
class ResultadoMedios:
    buzon: Buzon
    acuse: Acuse
    nuevos: list[Medio]


def do_registrar_medios(
    rfc: str,
    *,
    correos: Sequence[str],
    celular: str | None,
    nombre: str = "",
    registro_patronal: str = "",
) -> ResultadoMedios:
    """5.1, 5.2, 5.6: register (or update) contact means. New ones get a code; kept ones keep
    their state; dropped ones are cancelled, except a confirmed one being replaced, which stays
    in force until its replacement is confirmed [I-33]. Issues the `registro_medios` acuse."""
    if registro_patronal == "" and not 1 <= len(correos) <= MAXIMO_CORREOS:
        raise ErrorHabilitacion(
            "correos_invalidos",
            f"Registre de 1 a {MAXIMO_CORREOS} correos electrónicos.",
            "correos",
        )
    if len(correos) > MAXIMO_CORREOS:
        raise ErrorHabilitacion(
            "correos_invalidos", f"Registre a lo más {MAXIMO_CORREOS} correos.", "correos"
        )
    if registro_patronal == "" and not celular:
        raise ErrorHabilitacion(
            "celular_requerido", "El número celular es obligatorio: escriba 10 dígitos.", "celular"
        )
    if not permitir(f"registro_medios:{rfc}", REGISTROS_POR_HORA, 3600):
        raise ErrorHabilitacion(
            "demasiados_registros",
            f"Cambió sus medios de contacto {REGISTROS_POR_HORA} veces en la última hora: "
            "espere un poco e intente de nuevo.",
            "correos",
        )
    deseados = [(Medio.Tipo.CORREO, normalizar_correo(c)) for c in correos]
    if len({v for _, v in deseados}) != len(deseados):
        raise ErrorHabilitacion("correos_invalidos", "Hay un correo repetido.", "correos")
    if celular:
        deseados.append((Medio.Tipo.CELULAR, normalizar_celular(celular)))
    ahora = timezone.now()
    with transaction.atomic():
        buzon = obtener_buzon(rfc, nombre)
        Buzon.objects.select_for_update().filter(pk=buzon.pk).first()
        actuales = {(m.tipo, m.valor): m for m in medios_vigentes(buzon, ahora, registro_patronal)}
        nuevos: list[Medio] = []
        en_reemplazo = reemplazo.retirar_o_conservar(actuales, deseados, ahora)
        Medio.objects.filter(
            buzon=buzon,
            registro_patronal=registro_patronal,
            estado=Medio.Estado.POR_CONFIRMAR,
            expira__lte=ahora,
        ).update(estado=Medio.Estado.CANCELADO, cancelado_en=ahora, motivo_cancelacion="vencido")
        for tipo, valor in deseados:
            if (tipo, valor) in actuales:
                continue
            medio = Medio(
                buzon=buzon,
                registro_patronal=registro_patronal,
                tipo=tipo,
                valor=valor,
                estado=Medio.Estado.POR_CONFIRMAR,
                registrado_en=ahora,
                expira=plazos.expiracion_codigo(ahora),
            )
            codigo = _nuevo_codigo(medio, ahora)
            medio.save()
            _enviar_codigo(buzon, medio, codigo)
            nuevos.append(medio)
        acuse = do_emitir_acuse(
            SolicitudAcuse(
                tipo="registro_medios",
                rfc=rfc,
                registro_patronal=registro_patronal or None,
                datos={
                    "correos": [v for t, v in deseados if t == Medio.Tipo.CORREO],
                    "celular": next((v for t, v in deseados if t == Medio.Tipo.CELULAR), None),
                    "por_confirmar": [m.valor for m in nuevos],
                    "confirmar_antes_de": plazos.expiracion_codigo(ahora).isoformat()
                    if nuevos
                    else None,
                    # 5.6 [I-33]: confirmed medios replaced, in force until the new is confirmed.
                    **(
                        {"vigentes_hasta_confirmar_reemplazo": [m.valor for m in en_reemplazo]}
                        if en_reemplazo
                        else {}
                    ),
                },
            )
        )
    return ResultadoMedios(buzon, acuse, nuevos)


def _valores_posibles(valor: str) -> set[str]:
    posibles = {valor.strip(), _celular_o(valor)}
    with suppress(ErrorHabilitacion):
        posibles.add(normalizar_correo(valor))
    return posibles


def _medio_por_confirmar(
    buzon: Buzon, valor: str, ahora: datetime, registro_patronal: str = ""
) -> Medio:
    candidatos = sorted(
        (
            m
            for m in Medio.objects.select_for_update().filter(
                buzon=buzon,
                registro_patronal=registro_patronal.strip().upper(),
                valor__in=_valores_posibles(valor),
            )
            if m.estado != Medio.Estado.CANCELADO
        ),
        key=lambda m: (m.estado != Medio.Estado.POR_CONFIRMAR, m.pk),
    )
    if not candidatos:
        raise ErrorHabilitacion(
            "medio_desconocido",
            f"«{valor}» no es un medio de contacto registrado en su buzón.",
            "valor",
        )
    medio = candidatos[0]
    if medio.estado == Medio.Estado.CONFIRMADO:
        raise ErrorHabilitacion("ya_confirmado", f"«{medio.valor}» ya está confirmado.", "valor")
    if estado_medio(medio, ahora) == Medio.Estado.CANCELADO:
        # 5.2: its 72 hours are over. Materialise the cancellation; the caller reports it after
        # the transaction commits (raising here would roll the cancellation back).
        medio.estado, medio.cancelado_en, medio.motivo_cancelacion = (
            Medio.Estado.CANCELADO,
            ahora,
            "vencido",
        )
        medio.save(update_fields=("estado", "cancelado_en", "motivo_cancelacion"))
    return medio


def _celular_o(valor: str) -> str:
    try:
        return normalizar_celular(valor)
    except ErrorHabilitacion:
        return valor.strip()


def do_confirmar_medio(rfc: str, valor: str, codigo: str, registro_patronal: str = "") -> Buzon:
    """5.2: confirm a medio with the code sent to it. Five wrong codes invalidate the code.

    A wrong attempt is committed before its error is raised: the count must survive the error.
    """
    ahora = timezone.now()
    buzon = Buzon.objects.filter(rfc=rfc).first()
    if buzon is None:
        raise ErrorHabilitacion("medio_desconocido", "Aún no registra medios de contacto.", "valor")
    error: ErrorHabilitacion | None = None
    with transaction.atomic():
        medio = _medio_por_confirmar(buzon, valor, ahora, registro_patronal)
        if medio.estado == Medio.Estado.CANCELADO:
            error = ErrorHabilitacion(
                "codigo_vencido",
                "Pasaron más de 72 horas y el medio se canceló: regístrelo de nuevo para recibir "
                "otro código.",
                "codigo",
            )
        elif medio.intentos_fallidos >= MAXIMO_INTENTOS or not medio.codigo_hash:
            error = ErrorHabilitacion(
                "intentos_agotados",
                "El código se invalidó tras 5 intentos fallidos: pida que se le envíe uno nuevo.",
                "codigo",
            )
        elif not _codigo_correcto(medio, codigo):
            medio.intentos_fallidos += 1
            restantes = MAXIMO_INTENTOS - medio.intentos_fallidos
            if restantes <= 0:
                medio.codigo_hash = ""
                error = ErrorHabilitacion(
                    "intentos_agotados",
                    "Quinto código incorrecto: el código se invalidó. Pida uno nuevo.",
                    "codigo",
                )
            else:
                error = ErrorHabilitacion(
                    "codigo_invalido",
                    f"El código no es correcto. Le quedan {restantes} intentos.",
                    "codigo",
                )
            medio.save(update_fields=("intentos_fallidos", "codigo_hash"))
        else:
            medio.estado, medio.confirmado_en, medio.codigo_hash = (
                Medio.Estado.CONFIRMADO,
                ahora,
                "",
            )
            medio.save(update_fields=("estado", "confirmado_en", "codigo_hash"))
            reemplazo.retirar_reemplazados(buzon, medio, ahora)
    if error is not None:
        raise error
    return buzon


def _codigo_correcto(medio: Medio, codigo: str) -> bool:
    limpio = codigo.strip()
    if not re.fullmatch(r"\d{6}", limpio) or medio.codigo_enviado_en is None:
        return False
    esperado = _huella_codigo(medio.valor, limpio, medio.codigo_enviado_en)
    return hmac.compare_digest(esperado, medio.codigo_hash)


def do_reenviar_codigo(rfc: str, valor: str, registro_patronal: str = "") -> Medio:
    """Send a new code to a medio still to confirm (rate-limited; the 72 hours do not restart)."""
    ahora = timezone.now()
    buzon = Buzon.objects.filter(rfc=rfc).first()
    if buzon is None:
        raise ErrorHabilitacion("medio_desconocido", "Aún no registra medios de contacto.", "valor")
    with transaction.atomic():
        medio = _medio_por_confirmar(buzon, valor, ahora, registro_patronal)
        vencido = medio.estado == Medio.Estado.CANCELADO
        if vencido:
            pass  # reported below, once the cancellation is committed
        elif medio.envios >= MAXIMO_ENVIOS:
            raise ErrorHabilitacion(
                "reenvios_agotados",
                f"Ya se enviaron {MAXIMO_ENVIOS} códigos a este medio. Regístrelo de nuevo "
                "si no los recibe.",
                "valor",
            )
        elif medio.codigo_enviado_en and ahora - medio.codigo_enviado_en < ESPERA_REENVIO:
            raise ErrorHabilitacion(
                "espere",
                "Espere un minuto antes de pedir otro código.",
                "valor",
            )
        else:
            codigo = _nuevo_codigo(medio, ahora)
            medio.save(
                update_fields=("codigo_hash", "codigo_enviado_en", "envios", "intentos_fallidos")
            )
            _enviar_codigo(buzon, medio, codigo)
    if vencido:
        raise ErrorHabilitacion(
            "codigo_vencido",
            "Pasaron más de 72 horas y el medio se canceló: regístrelo de nuevo.",
            "valor",
        )
    return medio


def barrer_medios(ahora: datetime | None = None) -> int:
    """5.2: cancel every medio unconfirmed at its 72-hour mark. Set-based and idempotent; the
    state is derived from `expira` anyway, so this only materialises it."""
    momento = ahora or timezone.now()
    return Medio.objects.filter(estado=Medio.Estado.POR_CONFIRMAR, expira__lte=momento).update(
        estado=Medio.Estado.CANCELADO, cancelado_en=momento, motivo_cancelacion="vencido"
    )
