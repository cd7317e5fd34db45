"""One process of the bench against the database in DATABASE_URL (BUZON_DATA_DIR too):

python -m bench.cuotas_emisiones.trabajo generar PERIODO   # shares the chunks (SKIP LOCKED)
python -m bench.cuotas_emisiones.trabajo planear PERIODO N # prints N registro ranges (JSON)
python -m bench.cuotas_emisiones.trabajo huella PERIODO    # prints the totals' SHA-256
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buzon.config.settings")
    import django

    django.setup()
    from buzon.cuotas.emisiones import generacion

    orden, periodo = sys.argv[1], sys.argv[2]
    if orden == "generar":
        generacion.generar(periodo)
    elif orden == "planear":
        corrida = generacion.do_planear(periodo)
        print(json.dumps(generacion.rangos(corrida, int(sys.argv[3]))))
    elif orden == "huella":
        print(generacion.huella_de_totales(periodo))
    else:
        sys.exit(f"orden desconocida «{orden}»: use generar, planear o huella.")


if __name__ == "__main__":
    main()
