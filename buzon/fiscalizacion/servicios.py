"""The programme: run (`do_programar`, set-based over the whole padrón, idempotent per period),
the supervisor's signed approval (`do_aprobar`), an official's result on an act
(`do_registrar_resultado`) and a requerimiento inside an audit (`do_requerir`). Issuing is
`emision.do_emitir_actos`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from buzon.evidencia import bitacora
from buzon.fiscalizacion import datos
from buzon.fiscalizacion.errores import ErrorFiscalizacion
from buzon.fiscalizacion.models import Acto, Programa, Puntaje
from buzon.legal.errores import ErrorLegal
from buzon.legal.riesgo import ajustes as modulo_ajustes
from buzon.legal.riesgo import lote, puntaje
from buzon.legal.riesgo.ajustes import Ajustes
from buzon.legal.riesgo.datos import Datos
from buzon.legal.riesgo.lote import CAMPOS
from buzon.oficina.models import Oficial

PATRON_PERIODO = r"^20[0-9]{2}-T[1-4]$"
REQUERIMIENTO_AUDITORIA = "requerimiento_auditoria"
CLAVE_REQUERIMIENTO_AUDITORIA = "8.2"
#: Días hábiles the employer has to answer, counted after the notification surte efectos [I-127].
PLAZOS = {
    puntaje.AUDITORIA: 15,
    puntaje.REQUERIMIENTO_17: 15,
    puntaje.INVITACION_CLASIFICACION: 10,
    puntaje.INVITACION_CONCENTRACION: 10,
    REQUERIMIENTO_AUDITORIA: 15,
}
ROLES_QUE_APRUEBAN = frozenset({Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR})
ROLES_QUE_OPERAN = frozenset(
    {Oficial.Rol.NOTIFICADOR, Oficial.Rol.SUPERVISOR, Oficial.Rol.ADMINISTRADOR}
)
_COLUMNAS_PUNTAJE = (
    "programa_id", "rango", "registro", "rfc", "entidad", "subdelegacion", "puntos", "mascara",
    "senales", "tipo",
)  # fmt: skip
_COLUMNAS_ACTO = (
    "programa_id", "puntaje_id", "registro", "rfc", "entidad", "subdelegacion", "tipo", "clave",
    "texto", "plazo_dias", "estado", "creado", "cerrado_por", "resultado",
)  # fmt: skip


def leer_periodo(texto: str) -> tuple[date, date]:
    """`AAAA-Tn` (quarter n) → its first and last day."""
    if not isinstance(texto, str) or not re.match(PATRON_PERIODO, texto.strip()):
        raise ErrorFiscalizacion(
            "periodo_invalido",
            f"«{texto}» no es un periodo de programa: escriba el año y el trimestre, como 2026-T1.",
            "periodo",
        )
    anio, trimestre = int(texto[:4]), int(texto[-1])
    inicio = date(anio, 3 * trimestre - 2, 1)
    fin = date(anio + 1, 1, 1) if trimestre == 4 else date(anio, 3 * trimestre + 1, 1)
    return inicio, date.fromordinal(fin.toordinal() - 1)


def ajustes_vigentes() -> Ajustes:
    """`BUZON_FISCALIZACION_AJUSTES` (a dict, or a path to a JSON file) over the defaults."""
    valor = getattr(settings, "BUZON_FISCALIZACION_AJUSTES", None)
    if not valor:
        return Ajustes()
    if isinstance(valor, str):
        with open(valor, encoding="utf-8") as f:
            valor = json.load(f)
    try:
        return modulo_ajustes.cargar(valor)
    except ErrorLegal as exc:
        raise ErrorFiscalizacion("ajustes_invalidos", exc.mensaje, exc.campo, 503) from exc


def exigir_oficial(oficial: Oficial | None, roles: frozenset[str]) -> Oficial:
    if oficial is None or not oficial.activo or oficial.rol not in roles:
        nombres = " o ".join(sorted(roles))
        raise ErrorFiscalizacion(
            "sin_permiso",
            f"Esta acción la realiza un servidor público activo con rol {nombres}.",
            None,
            403,
        )
    return oficial


def _senales_json(e: puntaje.Evaluacion) -> str:
    return json.dumps(
        [
            {
                "indicador": s.indicador,
                "disparo": s.disparo,
                "puntos": s.puntos,
                "numeros": s.numeros,
                "motivo": s.motivo,
            }
            for s in e.senales
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class Corrida:
    programa: Programa
    nuevo: bool


def do_programar(
    periodo: str, por: str = "", *, ahora: datetime | None = None, ajustes: Ajustes | None = None
) -> Corrida:
    """Rank every registro of the padrón for `periodo` and propose its acts. A period already
    run returns its programme unchanged (idempotent)."""
    inicio, corte = leer_periodo(periodo)
    periodo = periodo.strip()
    existente = Programa.objects.filter(periodo=periodo).first()
    if existente is not None:
        return Corrida(existente, False)
    momento = ahora or timezone.now()
    a = ajustes or ajustes_vigentes()
    padron, c, sectores = datos.columnas(corte, a)
    p = lote.programar(c, a)
    filas = p.orden[p.puntos[p.orden] > 0].tolist()
    huella = hashlib.sha256()
    columnas_huella = (p.puntos.tolist(), p.mascara.tolist(), p.tipo.tolist())
    for i in filas:
        huella.update(
            f"{c.registros[i]}|{columnas_huella[0][i]}|{columnas_huella[1][i]}|"
            f"{columnas_huella[2][i]}\n".encode()
        )
    try:
        with transaction.atomic():
            programa = Programa.objects.create(
                periodo=periodo,
                inicio=inicio,
                corte=corte,
                creado=momento,
                por=por,
                ajustes=json.dumps(a.como_dict(), sort_keys=True, separators=(",", ":")),
                ajustes_huella=a.huella(),
                huella=huella.hexdigest(),
                registros=len(c),
                con_puntos=len(filas),
                actos=int(np.count_nonzero(p.tipo)),
            )
            _guardar(programa, padron, c, p, a, sectores, filas, momento)
    except IntegrityError:
        return Corrida(Programa.objects.get(periodo=periodo), False)
    return Corrida(programa, True)


def _guardar(
    programa: Programa,
    padron: datos.Padron,
    c: lote.Columnas,
    p: lote.Programa,
    a: Ajustes,
    sectores: list[str],
    filas: Sequence[int],
    momento: datetime,
) -> None:
    """Every registro with points (its signals re-derived by the reference path, which must
    agree with the batch), then the proposed acts; COPY on PostgreSQL."""
    idx = np.array(filas, dtype=np.int64)
    columnas = {campo: c.valores[campo][idx].tolist() for campo in CAMPOS}
    sector_bp, puntos, mascaras = (
        p.sector_bp[idx].tolist(),
        p.puntos[idx].tolist(),
        p.mascara[idx].tolist(),
    )
    tipos, codigos = [lote.tipo_de(int(t)) for t in p.tipo[idx].tolist()], c.sector[idx].tolist()
    filas_puntaje = []
    for k, i in enumerate(filas):
        d = Datos(c.registros[i], sectores[codigos[k]], **{x: columnas[x][k] for x in CAMPOS})
        e = puntaje.evaluar(d, a, sector_bp[k])
        if e.puntos != puntos[k] or e.mascara != mascaras[k]:
            raise AssertionError(f"{d.registro}: la referencia no coincide con el lote")
        filas_puntaje.append(
            (programa.pk, k + 1, d.registro, padron.rfcs[i], padron.entidades[i],
             padron.subdelegaciones[i], e.puntos, e.mascara, _senales_json(e), tipos[k])
        )  # fmt: skip
    _insertar(Puntaje, _COLUMNAS_PUNTAJE, filas_puntaje)
    con_acto = Puntaje.objects.filter(programa=programa).exclude(tipo="").order_by("rango")
    filas_acto = [
        (programa.pk, pk, registro, rfc, entidad, sub, tipo, puntaje.CLAVES[tipo], "",
         PLAZOS[tipo], Acto.Estado.PROPUESTO.value, momento, "", "")
        for pk, registro, rfc, entidad, sub, tipo in con_acto.values_list(
            "pk", "registro", "rfc", "entidad", "subdelegacion", "tipo"
        )
    ]  # fmt: skip
    _insertar(Acto, _COLUMNAS_ACTO, filas_acto)

    anotar(
        "programa_fiscalizacion",
        programa.periodo,
        {
            "programa": programa.pk,
            "huella": programa.huella,
            "ajustes": programa.ajustes_huella,
            "registros": programa.registros,
            "actos": programa.actos,
        },
        momento,
    )


def _insertar(modelo: type[Any], columnas: Sequence[str], filas: list[tuple[Any, ...]]) -> None:
    """Rows as tuples: COPY on PostgreSQL, one executemany per 2,000 elsewhere."""
    if not filas:
        return
    tabla = modelo._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia:
                for fila in filas:
                    copia.write_row(fila)
            return
        marcas = ", ".join(["%s"] * len(columnas))
        sql = f"INSERT INTO {tabla} ({', '.join(columnas)}) VALUES ({marcas})"  # noqa: S608
        for desde in range(0, len(filas), 2_000):
            cursor.executemany(sql, filas[desde : desde + 2_000])


def anotar(tipo: str, sujeto: str, datos_: dict[str, Any], instante: datetime) -> None:
    """The programme's and the acts' events in the evidence log (`programa_fiscalizacion`,
    `acto_fiscalizacion`), in the caller's transaction."""
    bitacora.anotar(tipo, sujeto, datos_, instante)


# -- results and requerimientos ----------------------------------------------------------------

RESULTADOS = (Acto.Estado.CORREGIDO, Acto.Estado.CERRADO)


def do_registrar_resultado(
    oficial: Oficial | None,
    acto: Acto,
    estado: str,
    resultado: str,
    *,
    ahora: datetime | None = None,
) -> Acto:
    """An issued act is corrected (the employer fixed it) or closed, with the official's note."""
    oficial = exigir_oficial(oficial, ROLES_QUE_OPERAN)
    if estado not in RESULTADOS:
        raise ErrorFiscalizacion("estado_invalido", "Escriba «corregido» o «cerrado».", "estado")
    nota = " ".join(resultado.split())
    if not 3 <= len(nota) <= 2_000:
        raise ErrorFiscalizacion(
            "resultado_invalido", "Describa el resultado (3 a 2,000 caracteres).", "resultado"
        )
    momento = ahora or timezone.now()
    with transaction.atomic():
        acto = Acto.objects.select_for_update().get(pk=acto.pk)
        if acto.estado == Acto.Estado.CERRADO or acto.notificacion_id is None:
            raise ErrorFiscalizacion(
                "estado_invalido",
                "Solo un acto emitido y no cerrado admite un resultado.",
                "estado",
                409,
            )
        acto.estado = estado
        acto.resultado = nota
        acto.cerrado_por = oficial.rfc
        acto.cerrado = momento if estado == Acto.Estado.CERRADO else None
        acto.save(update_fields=["estado", "resultado", "cerrado_por", "cerrado"])
        anotar("acto_fiscalizacion", str(acto.pk), {"estado": estado, "por": oficial.rfc}, momento)
    return acto


def do_requerir(
    oficial: Oficial | None,
    auditoria: Acto,
    texto: str,
    plazo_dias: int,
    *,
    ahora: datetime | None = None,
) -> Acto:
    """A requerimiento inside an electronic audit (relación 8), approved by the audit itself;
    issued like every act (emision.do_emitir_actos), by the Buzón."""
    oficial = exigir_oficial(oficial, ROLES_QUE_OPERAN)
    if auditoria.tipo != puntaje.AUDITORIA or auditoria.notificacion_id is None:
        raise ErrorFiscalizacion(
            "no_es_auditoria",
            "Los requerimientos se emiten dentro de una auditoría ya emitida.",
            "acto",
            409,
        )
    if auditoria.estado == Acto.Estado.CERRADO:
        raise ErrorFiscalizacion("estado_invalido", "La auditoría está cerrada.", "acto", 409)
    requerido = " ".join(texto.split())
    if not 10 <= len(requerido) <= 4_000:
        raise ErrorFiscalizacion(
            "texto_invalido", "Escriba lo que se requiere (10 a 4,000 caracteres).", "texto"
        )
    if not 1 <= plazo_dias <= 60:
        raise ErrorFiscalizacion(
            "plazo_invalido", "El plazo es de 1 a 60 días hábiles.", "plazo_dias"
        )
    return Acto.objects.create(
        programa=auditoria.programa,
        padre=auditoria,
        registro=auditoria.registro,
        rfc=auditoria.rfc,
        entidad=auditoria.entidad,
        subdelegacion=auditoria.subdelegacion,
        tipo=REQUERIMIENTO_AUDITORIA,
        clave=CLAVE_REQUERIMIENTO_AUDITORIA,
        texto=requerido,
        plazo_dias=plazo_dias,
        estado=Acto.Estado.APROBADO,
        aprobacion=auditoria.aprobacion,
        creado=ahora or timezone.now(),
    )
