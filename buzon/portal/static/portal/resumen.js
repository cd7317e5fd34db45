// Buzón — the error summary (GOV.UK pattern) at the top of a form's page.
//
// The server renders templates/portal/_resumen_errores.html: one link per problem of the round,
// each to its field (`<a href="#campo">`). This module moves the focus to the summary when the page
// shows it, makes each link focus its field, and puts the browser's own errors (the e.firma read and
// signed in this page: a wrong password, a wrong file, a key that does not match the certificate) in
// the very same summary, worded and styled as the server's.

const EFIRMA = { certificado: "cer", llave: "key", password: "password", archivo: "archivo" };

const resumen = () => document.querySelector("[data-resumen]");

function enfocarCampo(id) {
  const destino = document.getElementById(id);
  if (!destino) return;
  const control = destino.matches("input, select, textarea, button")
    ? destino
    : destino.querySelector("input, select, textarea, button");
  (control || destino).focus();
  destino.scrollIntoView({ block: "center" });
}

/** Show `errores` ([{id, mensaje}]) in the summary (created after the h1 if the page has none). */
export function mostrar(errores) {
  let caja = resumen();
  if (!caja) {
    caja = document.createElement("div");
    caja.className = "resumen-errores";
    caja.id = "resumen-errores";
    caja.tabIndex = -1;
    caja.setAttribute("role", "alert");
    caja.setAttribute("aria-labelledby", "resumen-errores-titulo");
    caja.dataset.resumen = "";
    const titulo = document.createElement("h2");
    titulo.id = "resumen-errores-titulo";
    titulo.textContent = "Hay un problema";
    const lista = document.createElement("ul");
    lista.dataset.resumenLista = "";
    caja.append(titulo, lista);
    const h1 = document.querySelector("main h1");
    if (h1) h1.after(caja);
    else document.querySelector("main").prepend(caja);
  }
  const lista = caja.querySelector("[data-resumen-lista]");
  lista.replaceChildren(
    ...errores.map(({ id, mensaje }) => {
      const elemento = document.createElement("li");
      const enlace = document.createElement("a");
      enlace.href = `#${id}`;
      enlace.dataset.campo = id;
      enlace.textContent = mensaje;
      elemento.append(enlace);
      return elemento;
    }),
  );
  caja.hidden = errores.length === 0;
  if (errores.length) caja.focus();
}

/** Focus the summary the server rendered (if any) and wire its links. */
export function iniciar() {
  const caja = resumen();
  if (caja && !caja.hidden) caja.focus();
}

document.addEventListener("click", (evento) => {
  const enlace = evento.target.closest && evento.target.closest("[data-resumen] a[data-campo]");
  if (!enlace) return;
  evento.preventDefault();
  enfocarCampo(enlace.dataset.campo);
});

// e.firma errors (static/efirma/efirma.js dispatches `efirma:error` on its form; the event does not
// bubble, so it is caught in the capture phase). The summary replaces the form's own message line.
document.addEventListener("efirma:error", (evento) => {
  const formulario = evento.target;
  const error = evento.detail || {};
  const nombre = EFIRMA[error.campo] || "password";
  const campo = formulario.querySelector(`[data-efirma="${nombre}"]`);
  const mensaje =
    error.codigo && error.message ? error.message : "No se pudo firmar. Intente de nuevo.";
  for (const control of formulario.querySelectorAll('[aria-invalid="true"][data-efirma]')) {
    control.removeAttribute("aria-invalid");
  }
  if (campo) campo.setAttribute("aria-invalid", "true");
  const linea = formulario.querySelector('[data-efirma="mensaje"]');
  if (linea) linea.textContent = "";
  mostrar([{ id: campo ? campo.id : "resumen-errores", mensaje }]);
}, true);

iniciar();
