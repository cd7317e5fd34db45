"""Access classes for every route (the meta-test in tests/config/test_acceso.py enforces them).

Each view or API operation is marked with exactly one class:
- `publico`: anyone, no session (home page, public calendar, verification, API docs);
- `particular`: a session with perfil particular, and only the session's own RFC's data;
- `oficial`: a session with perfil servidor_publico holding a role;
- `dependencia`: a public agency acting machine to machine under a convenio in force (an OAuth
  access token from `POST /convenios/token`), never a person's session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

Clase = Literal["publico", "particular", "oficial", "dependencia"]
CLASES: tuple[Clase, ...] = ("publico", "particular", "oficial", "dependencia")
ATRIBUTO = "buzon_acceso"

F = TypeVar("F", bound=Callable[..., object])


def _marcar(clase: Clase) -> Callable[[F], F]:
    def decorador(vista: F) -> F:
        setattr(vista, ATRIBUTO, clase)
        return vista

    return decorador


publico = _marcar("publico")
particular = _marcar("particular")
oficial = _marcar("oficial")
dependencia = _marcar("dependencia")


def clase_de(vista: object) -> Clase | None:
    """The access class a view or operation was marked with, or None when unmarked."""
    valor = getattr(vista, ATRIBUTO, None)
    return valor if valor in CLASES else None
