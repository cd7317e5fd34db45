"""PURE (no Django). The rules of a personal diligencia (CFF 13, 135, 137; Lineamientos 7.10).

- CFF 13: a diligencia is practised in días y horas hábiles, 07:30–18:00, read in the zone of the
  place where it happens (the recipient's domicile) with the recipient's calendar [I-44].
- CFF 137: a citatorio fixes an hour of the next día hábil, inside those hours [I-45]; only at
  that hour, on that day, and only after it, may the diligencia be made with whoever is at the
  domicile (`tercero`) or a neighbour (`vecino`).
- CFF 135: the notification surte efectos the día hábil after the one it was made [I-46].
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from buzon.legal.calendario import Calendario
from buzon.legal.errores import ErrorLegal
from buzon.legal.formato import fecha_legible, instante_legible
from buzon.legal.zonas import exigir_consciente

#: CFF 13: "las comprendidas entre las 7:30 y las 18:00 horas", both ends included (as I-1).
INICIO = time(7, 30)
FIN = time(18, 0)

INTERESADO = "interesado"
REPRESENTANTE = "representante"
TERCERO = "tercero"
VECINO = "vecino"
#: With whom the diligencia was made (CFF 135, 137), in the acta's words.
CON_QUIEN: dict[str, str] = {
    INTERESADO: "la persona interesada",
    REPRESENTANTE: "su representante legal",
    TERCERO: "quien se encontraba en el domicilio, previo citatorio",
    VECINO: "un vecino, previo citatorio",
}
#: CFF 137, second paragraph: only after a citatorio the person cited did not attend.
SOLO_TRAS_CITATORIO = frozenset({TERCERO, VECINO})


class ErrorDiligencia(ErrorLegal):
    """A refused diligencia or citatorio: a stable code, a Spanish message, the field."""

    def __init__(self, codigo: str, mensaje: str, campo: str) -> None:
        super().__init__(mensaje, campo)
        self.codigo = codigo


def local(instante: datetime, zona_lugar: ZoneInfo, campo: str) -> datetime:
    try:
        return exigir_consciente(instante, campo).astimezone(zona_lugar)
    except ValueError as exc:
        raise ErrorDiligencia(
            "instante_invalido",
            "Indique la fecha y la hora con su desfase horario (por ejemplo "
            "2027-01-19T12:15:00-06:00).",
            campo,
        ) from exc


def en_dias_y_horas_habiles(instante: datetime, zona_lugar: ZoneInfo, cal: Calendario) -> bool:
    """CFF 13: a día hábil of the recipient's calendar, 07:30:00 ≤ wall clock ≤ 18:00:00."""
    hora = local(instante, zona_lugar, "instante")
    return cal.es_habil(hora.date()) and INICIO <= hora.time() <= FIN


def exigir_habil(
    instante: datetime, zona_lugar: ZoneInfo, cal: Calendario, campo: str, que: str
) -> datetime:
    """The instant in the place's zone; refused outside días y horas hábiles (CFF 13)."""
    hora = local(instante, zona_lugar, campo)
    motivo = cal.motivo_inhabil(hora.date())
    if motivo is not None:
        raise ErrorDiligencia(
            "dia_inhabil",
            f"{que} no puede practicarse el {fecha_legible(hora.date())}: es día inhábil "
            f"({motivo}). Las diligencias se practican en días hábiles (CFF art. 13).",
            campo,
        )
    if not INICIO <= hora.time() <= FIN:
        raise ErrorDiligencia(
            "hora_inhabil",
            f"{que} no puede practicarse a las {hora:%H:%M} (hora del domicilio, "
            f"{zona_lugar.key}): las horas hábiles son de las 7:30 a las 18:00 (CFF art. 13).",
            campo,
        )
    return hora


def exigir_cita(
    dejado: datetime, cita: datetime, zona_lugar: ZoneInfo, cal: Calendario
) -> tuple[datetime, datetime]:
    """CFF 137: the citatorio is left in días y horas hábiles and fixes an hour of the next día
    hábil, inside the hours. Returns both instants in the place's zone."""
    dejado_local = exigir_habil(dejado, zona_lugar, cal, "dejado", "El citatorio")
    cita_local = local(cita, zona_lugar, "cita")
    siguiente = cal.habil_siguiente(dejado_local.date())
    if cita_local.date() != siguiente:
        raise ErrorDiligencia(
            "cita_invalida",
            f"La cita debe ser el día hábil siguiente al citatorio, el {fecha_legible(siguiente)}; "
            f"se indicó el {fecha_legible(cita_local.date())} (CFF art. 137).",
            "cita",
        )
    if not INICIO <= cita_local.time() <= FIN:
        raise ErrorDiligencia(
            "cita_invalida",
            f"La hora de la cita ({cita_local:%H:%M}, hora del domicilio) debe estar entre las "
            "7:30 y las 18:00 (CFF arts. 13 y 137).",
            "cita",
        )
    return dejado_local, cita_local


def exigir_con_quien(
    con: str, instante: datetime, cita: datetime | None, zona_lugar: ZoneInfo
) -> None:
    """CFF 135, 137: with the interested party or a representative at any día y hora hábil; with
    whoever is there or a neighbour only on the cita's day, from its hour on."""
    if con not in CON_QUIEN:
        raise ErrorDiligencia(
            "con_quien_invalido",
            f"«{con}» no es una opción: indique con quién se entendió la diligencia "
            f"({', '.join(CON_QUIEN)}).",
            "con",
        )
    if con not in SOLO_TRAS_CITATORIO:
        return
    if cita is None:
        raise ErrorDiligencia(
            "requiere_citatorio",
            "La diligencia solo puede entenderse con quien se encuentre en el domicilio o con un "
            "vecino después de dejar citatorio para una hora fija del día hábil siguiente: "
            "registre primero el citatorio (CFF art. 137).",
            "con",
        )
    hora, cita_local = local(instante, zona_lugar, "instante"), cita.astimezone(zona_lugar)
    if hora.date() != cita_local.date() or hora < cita_local:
        raise ErrorDiligencia(
            "fuera_de_la_cita",
            "Con quien se encuentre en el domicilio o con un vecino, la diligencia se practica el "
            f"día y a partir de la hora de la cita ({instante_legible(cita_local, zona_lugar)}); "
            "para otro día deje un nuevo citatorio (CFF art. 137).",
            "instante",
        )


def surte_efectos(instante: datetime, zona_lugar: ZoneInfo, cal: Calendario) -> date:
    """CFF 135: "surtirán sus efectos al día hábil siguiente en que fueron hechas" [I-46]."""
    return cal.habil_siguiente(local(instante, zona_lugar, "instante").date())
