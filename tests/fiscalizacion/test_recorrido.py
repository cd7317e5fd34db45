"""The journey of issue 17: ledger and denuncia imported → programme → supervisor approves with
e.firma → acts issued (a letter by the Buzón, an audit start by personal notification with the
printed QR) → the employer answers → corrected and closed; a requerimiento inside the audit.

The programme of 2026-T1 runs in January 2027 (the test e.firmas are valid from a month ago):
Mon 18, Tue 19, Wed 20, Thu 21, Fri 22 January; Monday 1 February is inhábil (CFF 12)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from buzon.evidencia.models import Acuse
from buzon.fiscalizacion.models import Actividad, Acto, Programa
from buzon.fiscalizacion.servicios import do_programar
from buzon.notificaciones.models import Notificacion
from tests.cuentas.fixtures import Patron
from tests.fiscalizacion import ayudas
from tests.notificaciones.ayudas import Oficina, Particular, avisar, zc
from tests.notificaciones.fixtures import Funcionario, habilitar, pdf_de_prueba
from tests.notificaciones.test_paginas import cliente_de

pytestmark = pytest.mark.django_db

LUNES = zc(2027, 1, 18, 10)
API = "/api/v1/oficina/fiscalizacion"


@pytest.fixture(autouse=True)
def _sin_limite_de_sesiones(settings: Any) -> None:
    settings.BUZON_LIMITE_SESIONES = 0


def _datos(tmp_path: Path, a: Patron, b: Patron) -> None:
    """A: six workers at the minimum wage (concentración). B: six at 1,000.00, classified I for
    an activity of class III (two classes: 30 points) and three denuncias (30): an audit."""
    ayudas.padron(tmp_path, a.rfc, b.rfc)
    ayudas.altas(
        tmp_path, ayudas.REGISTRO_A, [ayudas.SALARIO_MINIMO_2026] * 6, desde=1, fecha="2026-01-05"
    )
    ayudas.altas(tmp_path, ayudas.REGISTRO_B, ["1000.00"] * 6, desde=20, fecha="2026-01-05")
    csv = tmp_path / "actividades.csv"
    csv.write_text(
        "registro_patronal,actividad,clase_declarada,clase_actividad\n"
        f"{ayudas.REGISTRO_A},841,I,I\n{ayudas.REGISTRO_B},841,I,III\n",
        encoding="utf-8",
    )
    from buzon.fiscalizacion.importacion import importar_actividades

    assert importar_actividades(csv).errores == []
    for i, tipo in enumerate(
        ("No me registró", "Me registró con un salario menor", "Me dio de baja y sigo trabajando")
    ):
        ayudas.denuncia(f"TRAB80010{i}AB1", ayudas.REGISTRO_B, zc(2026, 2, 10 + i, 12), tipo)


def test_recorrido_completo(
    hacer_funcionario: Callable[..., Funcionario],
    patron_a: Patron,
    patron_b: Patron,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.BUZON_URL_PUBLICA = "https://buzon.imss.gob.mx/"
    supervisor = hacer_funcionario("PELJ750505AB1", "supervisor", "01")
    notificador = hacer_funcionario("GOMA800101AB6", "notificador", "01")
    ajeno = hacer_funcionario("LOOA700101AB1", "supervisor", "99")
    ayudas.disponibles(supervisor.oficial.rfc)
    _datos(tmp_path, patron_a, patron_b)
    habilitar(patron_a.rfc, en=zc(2027, 1, 4, 10))
    habilitar(patron_b.rfc, en=zc(2027, 1, 4, 10), correo="b@example.com")
    sup, noti, otro = Oficina(supervisor), Oficina(notificador), Oficina(ajeno)
    emp_a, emp_b = Particular(patron_a), Particular(patron_b)

    with time_machine.travel(LUNES, tick=False):
        # 1. the programme: both registros ranked, B first (60 points), an act each
        r = sup.post(f"{API}/programas", {"periodo": ayudas.PERIODO})
        assert r.status_code == 201, r.content
        programa = r.json()
        assert (programa["registros"], programa["con_puntos"], programa["actos"]) == (2, 2, 2)
        assert sup.post(f"{API}/programas", {"periodo": ayudas.PERIODO}).status_code == 200
        lista = sup.get(f"{API}/programas/{programa['id']}/actos").json()["actos"]
        assert [(x["registro_patronal"], x["tipo"], x["clave"], x["puntos"]) for x in lista] == [
            (ayudas.REGISTRO_B, "auditoria", "8.1", 60),
            (ayudas.REGISTRO_A, "invitacion_concentracion", "7.18", 20),
        ]
        carta = lista[1]
        assert len(carta["senales"]) == 6  # officials see every indicator, fired or not
        (concentracion,) = [s for s in carta["senales"] if s["disparo"]]
        assert concentracion["numeros"]["en_banda"] == 6
        assert concentracion["numeros"]["proporcion_sector_bp"] == 5_000
        assert "6 de 6 trabajadores (100.00 %)" in concentracion["motivo"]
        # another subdelegación sees none of it
        assert otro.get(f"{API}/programas/{programa['id']}/actos").json()["actos"] == []
        assert otro.get(f"{API}/actos/{carta['id']}").status_code == 404
        assert otro.get(f"{API}/actos/{carta['id']}/documento").status_code == 404
        # a particular's session reaches no official operation
        assert emp_a.get(f"{API}/programas/{programa['id']}/actos").status_code == 401
        assert emp_a.get(f"{API}/actos/{carta['id']}/documento").status_code == 401

        # 2. the supervisor signs the cadena naming the programme and both acts
        cadena = sup.get(f"{API}/programas/{programa['id']}/cadena").json()
        assert cadena["actos"] == 2 and programa["huella"] in cadena["cadena"]
        assert (
            noti.post(
                f"{API}/programas/{programa['id']}/aprobacion",
                {"firma": notificador.patron.firmar(cadena["cadena"].encode())},
            ).status_code
            == 403
        )
        mala = sup.post(
            f"{API}/programas/{programa['id']}/aprobacion",
            {"firma": supervisor.patron.firmar(b"x")},
        )
        assert mala.status_code == 400 and mala.json()["campo"] == "firma"
        aprobada = sup.post(
            f"{API}/programas/{programa['id']}/aprobacion",
            {"firma": supervisor.patron.firmar(cadena["cadena"].encode())},
        )
        assert aprobada.status_code == 201, aprobada.content
        acuse = Acuse.objects.get(folio=aprobada.json()["acuse"])
        assert acuse.tipo == "programa_fiscalizacion" and acuse.rfc == supervisor.oficial.rfc
        assert set(Acto.objects.values_list("estado", flat=True)) == {"aprobado"}

        # 3. issue both: each PDF downloaded, signed by the notificador's e.firma
        firmados = []
        for x in lista:
            pdf = noti.get(f"{API}/actos/{x['id']}/documento")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            firmados.append({"acto": x["id"], "firma": notificador.patron.firmar(pdf.content)})
        ajena = otro.post(f"{API}/emision", {"actos": firmados[:1]}).json()["resultados"]
        assert ajena[0]["error"] == "acto_no_aprobado"  # not in its subdelegación
        emitidos = noti.post(f"{API}/emision", {"actos": firmados})
        assert emitidos.status_code == 200, emitidos.content
        resultados = {e["acto"]: e for e in emitidos.json()["resultados"]}
        assert [resultados[x["id"]]["ruta"] for x in lista] == ["personal", "buzon"]
        # again: nothing issued twice
        otra_vez = noti.post(f"{API}/emision", {"actos": firmados}).json()["resultados"]
        assert {e["notificacion"] for e in otra_vez} == {
            e["notificacion"] for e in resultados.values()
        }
        assert Notificacion.objects.count() == 2
        n_carta = Notificacion.objects.get(pk=resultados[carta["id"]]["notificacion"])
        n_auditoria = Notificacion.objects.get(pk=resultados[lista[0]["id"]]["notificacion"])
        assert (n_carta.tipo, n_auditoria.tipo) == ("7.18", "8.1")
        # the employer knows nothing before it is notified
        assert emp_a.get("/api/v1/fiscalizacion/actos").json()["actos"] == []
        avisar()
        assert emp_a.abrir(n_carta.pk).status_code == 200

        # 4. the audit start: printed representation with its QR, then the diligencia
        impresa = noti.get(f"/api/v1/oficina/notificaciones/{n_auditoria.pk}/impresa")
        assert impresa.status_code == 200 and impresa["Content-Type"] == "application/pdf"
    with time_machine.travel(zc(2027, 1, 19, 12), tick=False):
        acta = pdf_de_prueba("Acta de notificación de la auditoría")
        hecha = noti.post(
            f"/api/v1/oficina/notificaciones/{n_auditoria.pk}/notificacion-personal",
            {
                "instante": "2027-01-19T11:00:00-06:00",
                "acta": base64.b64encode(acta).decode(),
                "firma": notificador.patron.firmar(acta),
                "con": "representante",
                "nombre": "María Pérez López",
            },
        )
        assert hecha.status_code == 200, hecha.content

        # 5. each employer sees only its act, why it was chosen, and its plazos
        (mio,) = emp_a.get("/api/v1/fiscalizacion/actos").json()["actos"]
        assert mio["id"] == carta["id"] and mio["estado"] == "notificado"
        assert (mio["surte_efectos"], mio["plazo_inicia"], mio["plazo_vence"]) == (
            "2027-01-19",
            "2027-01-20",
            "2027-02-03",
        )
        assert emp_a.get(f"/api/v1/fiscalizacion/actos/{lista[0]['id']}").status_code == 404
        (auditoria,) = emp_b.get("/api/v1/fiscalizacion/actos").json()["actos"]
        assert (auditoria["surte_efectos"], auditoria["plazo_vence"]) == (
            "2027-01-20",
            "2027-02-11",
        )
        motivos = [s["motivo"] for s in auditoria["senales"]]
        assert "denuncias recibidas: 3" in motivos
        assert "TRAB" not in str(auditoria) and auditoria["rango"] is None

        # 6. the employer answers; the official records the correction and closes
        ayudas.respuesta(patron_a.rfc, n_carta.pk, zc(2027, 1, 19, 11, 30))
        assert (
            emp_a.get(f"/api/v1/fiscalizacion/actos/{carta['id']}").json()["estado"] == "respondido"
        )
        corregido = noti.post(
            f"{API}/actos/{carta['id']}/resultado",
            {"estado": "corregido", "resultado": "Corrigió los salarios de 6 trabajadores."},
        )
        assert corregido.status_code == 200 and corregido.json()["estado"] == "corregido"
        cerrado = noti.post(
            f"{API}/actos/{carta['id']}/resultado", {"estado": "cerrado", "resultado": "Cerrado."}
        )
        assert cerrado.json()["estado"] == "cerrado"
        assert (
            noti.post(
                f"{API}/actos/{carta['id']}/resultado",
                {"estado": "cerrado", "resultado": "Otra vez"},
            ).status_code
            == 409
        )

        # 7. fiscalización electrónica: a requerimiento inside the audit, by the Buzón
        req = noti.post(
            f"{API}/actos/{lista[0]['id']}/requerimientos",
            {
                "texto": "Exhiba los contratos y recibos de nómina de enero a marzo.",
                "plazo_dias": 10,
            },
        )
        assert req.status_code == 201, req.content
        assert (
            noti.post(
                f"{API}/actos/{carta['id']}/requerimientos", {"texto": "No es una auditoría aquí."}
            ).status_code
            == 409
        )
        req_id = req.json()["id"]
        pdf = noti.get(f"{API}/actos/{req_id}/documento").content
        emitido = noti.post(
            f"{API}/emision", {"actos": [{"acto": req_id, "firma": notificador.patron.firmar(pdf)}]}
        ).json()["resultados"][0]
        assert emitido["ruta"] == "buzon" and emitido["error"] is None
        assert Notificacion.objects.get(pk=emitido["notificacion"]).tipo == "8.2"

        # 8. the dashboard: counts per subdelegación and type
        detalle = sup.get(f"{API}/programas/{programa['id']}").json()
        cuentas = {(c["subdelegacion"], c["tipo"]): c["cuentas"] for c in detalle["tablero"]}
        assert cuentas[("01", "invitacion_concentracion")] == {
            "total": 1,
            "cerrado": 1,
            "respondidos": 1,
        }
        assert cuentas[("01", "auditoria")] == {"total": 1, "emitido": 1}
        assert otro.get(f"{API}/programas/{programa['id']}").json()["tablero"] == []

        # 9. the pages: officials' dashboard (their subdelegación), the employer's acts
        pagina = cliente_de(supervisor.patron, "/oficina/entrar/")
        assert ayudas.PERIODO in pagina.get("/oficina/fiscalizacion/").content.decode()
        detalle_html = pagina.get(f"/oficina/fiscalizacion/programas/{programa['id']}/")
        assert ayudas.REGISTRO_B in detalle_html.content.decode()
        assert "denuncias recibidas: 3" in detalle_html.content.decode()
        ajena = cliente_de(ajeno.patron, "/oficina/entrar/")
        html_ajeno = ajena.get(f"/oficina/fiscalizacion/programas/{programa['id']}/")
        assert (
            html_ajeno.status_code == 200 and ayudas.REGISTRO_B not in html_ajeno.content.decode()
        )
        pagina_a = cliente_de(patron_a)
        assert pagina_a.get("/oficina/fiscalizacion/").status_code == 302
        mis = pagina_a.get("/buzon/fiscalizacion/").content.decode()
        assert ayudas.REGISTRO_A in mis and ayudas.REGISTRO_B not in mis
        mis_b = cliente_de(patron_b).get("/buzon/fiscalizacion/").content.decode()
        assert "denuncias recibidas: 3" in mis_b and "TRAB" not in mis_b
        assert "2027-02-11" not in mis_b and "11/02/2027" in mis_b


def test_programa_idempotente_y_determinista(
    patron_a: Patron, patron_b: Patron, tmp_path: Path
) -> None:
    _datos(tmp_path, patron_a, patron_b)
    with time_machine.travel(LUNES, tick=False):
        uno = do_programar(ayudas.PERIODO)
        assert uno.nuevo
        assert not do_programar(ayudas.PERIODO).nuevo
        huella = uno.programa.huella
        # the same data and settings again (another period with the same cut-off data): same ranking
        Acto.objects.all().delete()
        uno.programa.puntajes.all().delete()
        Programa.objects.all().delete()
        assert do_programar(ayudas.PERIODO).programa.huella == huella
        # removing a fired indicator's data never raises a score
        Actividad.objects.filter(registro=ayudas.REGISTRO_B).update(clase_actividad=1)
        Acto.objects.all().delete()
        Programa.objects.get().puntajes.all().delete()
        Programa.objects.all().delete()
        sin_clasificacion = do_programar(ayudas.PERIODO).programa
        puntos = dict(sin_clasificacion.puntajes.values_list("registro", "puntos"))
        assert puntos == {ayudas.REGISTRO_B: 30, ayudas.REGISTRO_A: 20}
