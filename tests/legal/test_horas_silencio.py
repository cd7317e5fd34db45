from datetime import UTC, datetime

import pytest

from buzon.legal.errores import ErrorLegal
from buzon.legal.horas_silencio import en_silencio, siguiente_permitido
from buzon.legal.zonas import zona

TIJUANA = "America/Tijuana"
CANCUN = "America/Cancun"


@pytest.mark.parametrize(
    ("utc", "zona_nombre", "esperado_local"),
    [
        # 04:30 UTC = 20:30 PST in Tijuana (winter, UTC-8): allowed, unchanged.
        (datetime(2027, 1, 15, 4, 30, tzinfo=UTC), TIJUANA, (2027, 1, 14, 20, 30)),
        # 05:00 UTC = 21:00 in Tijuana: held until 08:00 of the 15th.
        (datetime(2027, 1, 15, 5, 0, tzinfo=UTC), TIJUANA, (2027, 1, 15, 8, 0)),
        # 02:00 UTC = 21:00 in Cancún (UTC-5, no DST): held until 08:00 of the 15th.
        (datetime(2027, 1, 15, 2, 0, tzinfo=UTC), CANCUN, (2027, 1, 15, 8, 0)),
        # 12:59 UTC = 07:59 in Cancún: held one minute.
        (datetime(2027, 1, 15, 12, 59, tzinfo=UTC), CANCUN, (2027, 1, 15, 8, 0)),
        # 13:00 UTC = 08:00 in Cancún: allowed.
        (datetime(2027, 1, 15, 13, 0, tzinfo=UTC), CANCUN, (2027, 1, 15, 8, 0)),
        # Tijuana in summer (PDT, UTC-7): 04:30 UTC = 21:30 of the 14th: held to 08:00 of the 15th.
        (datetime(2027, 7, 15, 4, 30, tzinfo=UTC), TIJUANA, (2027, 7, 15, 8, 0)),
    ],
)
def test_siguiente_permitido(
    utc: datetime, zona_nombre: str, esperado_local: tuple[int, ...]
) -> None:
    resultado = siguiente_permitido(utc, zona_nombre)
    local = resultado.astimezone(zona(zona_nombre))
    assert (local.year, local.month, local.day, local.hour, local.minute) == esperado_local
    assert resultado >= utc


def test_la_misma_hora_utc_es_silencio_en_tijuana_y_no_en_cancun() -> None:
    # 04:00 UTC: 20:00 in Tijuana (allowed), 23:00 in Cancún (quiet).
    instante = datetime(2027, 1, 15, 4, 0, tzinfo=UTC)
    assert not en_silencio(instante, TIJUANA)
    assert en_silencio(instante, CANCUN)


def test_un_instante_sin_zona_se_rechaza() -> None:
    with pytest.raises(ErrorLegal):
        siguiente_permitido(datetime(2027, 1, 15, 4, 0), TIJUANA)  # noqa: DTZ001
