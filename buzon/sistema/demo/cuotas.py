"""The cuotas demo: the enabled employer's registros in the padrón (with `zona_salario`), its
asegurados and their movements, its prima de riesgos de trabajo, and the emisiones of the last two
complete months and of the last complete bimester, each through the real imports and services.

The files are written to `BUZON_DATA_DIR/demo/` and imported as `buzon padron importar`,
`buzon afiliacion importar` and `buzon afiliacion primas` would; the emisiones are generated as
`buzon emisiones generar --periodo P` does. The movements are dated from the day of the first run
(altas four months before the earliest period; a modificación de salario, an ausentismo, an
incapacidad and a baja inside the periods) and imported once: later runs find the asegurados and
keep the stored history. One worker's ausentismo lies before their alta, so the engine refuses
their movements and the emisión lists them among the «movimientos por aclarar».

Idempotent: the same files add nothing, a period already generated is not generated again.
Two more files for a person trying the demo: a CSV for the cotejo of the last month's emisión
(the emisión's own CSV with one planted difference) and the movements of one worker for
`buzon cuotas calcular`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from stdnum.mx import curp as stdnum_curp

from buzon.cuotas.emisiones import archivos, fuentes, generacion, selectors
from buzon.cuotas.models import Asegurado, Emision, Movimiento
from buzon.cuotas.servicios import do_importar_movimientos, do_importar_primas
from buzon.legal.cuotas.periodos import leer_periodo
from buzon.legal.nss import digito_nss
from buzon.padron.servicios import do_importar_padron
from buzon.sistema.demo.comun import HABILITADO, ErrorDemo, Resultado

#: The employer's registros: one in the general minimum-wage zone (Ciudad de México) and one in
#: the Zona Libre de la Frontera Norte (Tijuana); the zona horaria is the patrón's, one for both.
REGISTRO_GENERAL = "Y6012345101"
REGISTRO_ZLFN = "Y7412345102"
PADRON = (
    (REGISTRO_GENERAL, "CMX", "Centro", "America/Mexico_City", "general"),
    (REGISTRO_ZLFN, "BCN", "Tijuana", "America/Mexico_City", "zlfn"),
)
PRIMAS = {REGISTRO_GENERAL: "0.54355", REGISTRO_ZLFN: "2.59840"}


def nss(diez: str) -> str:
    return diez + digito_nss(diez)


def curp(diecisiete: str) -> str:
    return diecisiete + stdnum_curp.calc_check_digit(diecisiete)


@dataclass(frozen=True)
class AseguradoDemo:
    nss: str
    curp: str
    nombre: str
    registro: str
    sbc: str


ASEGURADOS = (
    AseguradoDemo(
        nss("0190855512"), curp("GALJ850215HDFRPN0"), "JUAN GARCIA LOPEZ",
        REGISTRO_GENERAL, "520.00",
    ),
    AseguradoDemo(
        nss("0192905623"), curp("MARS900704MDFRZL0"), "SOFIA MARTINEZ RUIZ",
        REGISTRO_GENERAL, "410.00",
    ),
    AseguradoDemo(
        nss("0194887734"), curp("HEPL881120HDFRRS0"), "LUIS HERNANDEZ PEREZ",
        REGISTRO_GENERAL, "760.00",
    ),
    AseguradoDemo(
        nss("0196928845"), curp("TORA920330MDFRMN0"), "ANA TORRES RAMIREZ",
        REGISTRO_GENERAL, "980.00",
    ),
    AseguradoDemo(
        nss("0198959956"), curp("CAVM950812HDFSLG0"), "MIGUEL CASTRO VILLA",
        REGISTRO_GENERAL, "450.00",
    ),
    AseguradoDemo(
        nss("0290871067"), curp("ROGP870506MBCDNT0"), "PATRICIA RODRIGUEZ GONZALEZ",
        REGISTRO_ZLFN, "500.00",
    ),
)  # fmt: skip
#: The worker whose movements do not make sense (an ausentismo before the alta).
POR_ACLARAR = ASEGURADOS[4]
#: The worker of the sample file for `buzon cuotas calcular` (alta and a modificación).
DE_MUESTRA = ASEGURADOS[0]


def periodos(hoy: date) -> tuple[str, str, str]:
    """The last two complete months and the last complete bimester before `hoy`."""
    mes = hoy.replace(day=1)
    ultimo = (mes - timedelta(days=1)).replace(day=1)
    penultimo = (ultimo - timedelta(days=1)).replace(day=1)
    inicio_bimestre = hoy.replace(month=hoy.month - (hoy.month - 1) % 2, day=1)
    anterior = inicio_bimestre - timedelta(days=1)
    bimestre = f"{anterior.year}-B{(anterior.month + 1) // 2}"
    return f"{penultimo:%Y-%m}", f"{ultimo:%Y-%m}", bimestre


def _movimientos(hoy: date) -> list[tuple[AseguradoDemo, str, date, str, str]]:
    """(asegurado, tipo, fecha, sbc, días) for every movement, dated from `hoy`."""
    penultimo, ultimo, bimestre = (leer_periodo(p) for p in periodos(hoy))
    primero = min(penultimo.inicio, bimestre.inicio)
    alta = (primero - timedelta(days=120)).replace(day=1)
    m1, m2 = penultimo.inicio, ultimo.inicio
    filas = [(a, "08", alta, a.sbc, "") for a in ASEGURADOS if a is not POR_ACLARAR]
    w1, w2, w3, w4, w5, _ = ASEGURADOS
    filas += [
        (w1, "07", m2 + timedelta(days=9), "585.50", ""),
        (w2, "11", m1 + timedelta(days=6), "", "2"),
        (w3, "12", m2 + timedelta(days=13), "", "4"),
        (w4, "02", m2 + timedelta(days=19), "", ""),
        # Inconsistent on purpose: the ausentismo is before the alta.
        (w5, "11", m2 + timedelta(days=4), "", "2"),
        (w5, "08", m2 + timedelta(days=14), w5.sbc, ""),
    ]
    return filas


def _escribir(ruta: Path, lineas: list[str]) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    texto = "".join(lineas)
    if not ruta.exists() or ruta.read_text("utf-8") != texto:
        ruta.write_text(texto, "utf-8")
    return ruta


def _exigir_sin_errores(que: str, errores: list[str]) -> None:
    if errores:
        raise ErrorDemo(f"No se pudo importar {que} de demostración: {errores[0]}")


def _importar_padron(carpeta: Path) -> None:
    rfc, nombre = HABILITADO
    lineas = ["rfc,nombre,registro_patronal,entidad,subdelegacion,zona_horaria,zona_salario\n"]
    lineas += [f"{rfc},{nombre},{r},{e},{s},{z},{zs}\n" for r, e, s, z, zs in PADRON]
    errores: list[str] = []
    do_importar_padron(_escribir(carpeta / "padron.csv", lineas), al_error=errores.append)
    _exigir_sin_errores("el padrón", errores)


def _importar_afiliacion(carpeta: Path, hoy: date) -> None:
    errores: list[str] = []

    def al_error(problema: tuple[int, str | None, str]) -> None:
        errores.append(f"línea {problema[0]}: {problema[2]}")

    if not Asegurado.objects.filter(nss__in=[a.nss for a in ASEGURADOS]).exists():
        lineas = ["registro_patronal,nss,curp,nombre,tipo,fecha,sbc,dias\n"]
        lineas += [
            f"{a.registro},{a.nss},{a.curp},{a.nombre},{tipo},{fecha.isoformat()},{sbc},{dias}\n"
            for a, tipo, fecha, sbc, dias in _movimientos(hoy)
        ]
        ruta = _escribir(carpeta / "movimientos.csv", lineas)
        do_importar_movimientos(ruta, al_error=al_error)
        _exigir_sin_errores("los movimientos afiliatorios", errores)
    # A prima runs from 1 March to the last day of February: one for each such period touched.
    primero = Movimiento.objects.filter(asegurado__nss=DE_MUESTRA.nss).order_by("fecha").first()
    desde = primero.fecha if primero is not None else hoy
    anios = range(desde.year - (desde.month < 3), hoy.year - (hoy.month < 3) + 1)
    lineas = ["registro_patronal,vigente_desde,prima\n"]
    lineas += [f"{r},{anio}-03-01,{p}\n" for anio in anios for r, p in PRIMAS.items()]
    do_importar_primas(_escribir(carpeta / "primas.csv", lineas), al_error=al_error)
    _exigir_sin_errores("las primas de riesgos de trabajo", errores)


def _muestra_cotejo(carpeta: Path, e: Emision) -> Path:
    """The emisión's CSV, as the employer downloads it, where the first worker's employer figures
    carry 1.00 more of riesgos de trabajo (and so of their total): the one planted difference."""
    filas = selectors.trabajadores_de(e)
    texto = "".join(archivos.csv_de(e, filas, fuentes.nombres_de([f.nss for f in filas])))
    renglones = list(csv.reader(io.StringIO(texto)))
    for columna in ("riesgos_trabajo_patron", "total_patron"):
        i = renglones[0].index(columna)
        renglones[1][i] = archivos.pesos(int(Decimal(renglones[1][i]) * 100) + 100)
    salida = io.StringIO()
    csv.writer(salida, lineterminator="\r\n").writerows(renglones)
    return _escribir(carpeta / f"cotejo-{e.periodo}.csv", [salida.getvalue()])


def _muestra_calcular(carpeta: Path) -> Path:
    """The sample worker's movements, in the shape of `buzon cuotas calcular --movimientos`."""
    movimientos = [
        {"tipo": m.tipo, "fecha": m.fecha.isoformat()}
        | ({"sbc": str(m.sbc)} if m.sbc is not None else {})
        | ({"dias": m.dias} if m.dias is not None else {})
        for m in Movimiento.objects.filter(asegurado__nss=DE_MUESTRA.nss).order_by("fecha", "tipo")
    ]
    texto = json.dumps(movimientos, ensure_ascii=False, indent=1) + "\n"
    return _escribir(carpeta / "movimientos-calcular.json", [texto])


def cargar_cuotas(carpeta: Path, hoy: date, resultado: Resultado) -> None:
    """Make the cuotas demo into `resultado` (idempotent)."""
    _importar_padron(carpeta)
    _importar_afiliacion(carpeta, hoy)
    for periodo in periodos(hoy):
        generacion.generar(periodo)
        e = (
            Emision.objects.filter(
                rfc=HABILITADO[0], registro_patronal=REGISTRO_GENERAL, periodo=periodo
            )
            .order_by("id")
            .first()
        )
        if e is None:
            raise ErrorDemo(
                f"La emisión de demostración del periodo {periodo} del registro "
                f"{REGISTRO_GENERAL} no se generó."
            )
        resultado.emisiones[periodo] = e.pk
    ultimo = Emision.objects.get(pk=resultado.emisiones[periodos(hoy)[1]])
    resultado.archivos["cotejo"] = _muestra_cotejo(carpeta, ultimo)
    resultado.archivos["calcular"] = _muestra_calcular(carpeta)
