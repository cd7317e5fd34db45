// Buzón — a trámite's form.
//
// 1. Adds a row to a list (e.g. the ICSOE contracts) by cloning the list's <template>. Without
//    JavaScript the «Agregar» button asks the server for the same page with one more row.
// 2. Keeps the chosen files across a validation error [I-94]: a browser cannot re-fill a file
//    input, so the form is sent with fetch() and, when the server answers with the form again
//    (400, the error summary at the top), the new form replaces the old one in this page while the
//    very same file input, with the files the person chose, is moved into it. Nothing is stored
//    on the server before the checks pass. Without JavaScript the page says to choose them again.
// 3. The error summary (static/portal/resumen.js) gets the focus and links to each field.

import { iniciar } from "../portal/resumen.js";

const INDICE = "__i__";
const ATRIBUTOS = ["id", "name", "for", "aria-describedby"];

function agregarFila(lista) {
  const filas = lista.querySelector(":scope > [data-filas]");
  const plantilla = lista.querySelector(":scope > template[data-plantilla]");
  const maximo = Number(lista.dataset.maximo || 0);
  if (maximo && filas.children.length >= maximo) return;
  const indice = String(filas.children.length);
  const copia = plantilla.content.cloneNode(true);
  for (const elemento of copia.querySelectorAll("*")) {
    for (const atributo of ATRIBUTOS) {
      const valor = elemento.getAttribute(atributo);
      if (valor && valor.includes(INDICE)) elemento.setAttribute(atributo, valor.replaceAll(INDICE, indice));
    }
  }
  filas.appendChild(copia);
  const primero = filas.lastElementChild.querySelector("input, select, textarea");
  if (primero) primero.focus();
}

function conectarListas(raiz) {
  for (const lista of raiz.querySelectorAll("[data-lista]")) {
    const boton = lista.querySelector(":scope > p > [data-agregar]");
    if (!boton) continue;
    boton.addEventListener("click", (evento) => {
      evento.preventDefault();
      agregarFila(lista);
    });
  }
}

async function enviar(evento) {
  const formulario = evento.target;
  if (formulario.id !== "formulario-tramite") return;
  evento.preventDefault();
  const boton = formulario.querySelector("#continuar");
  if (boton) boton.disabled = true;
  try {
    const respuesta = await fetch(formulario.action || window.location.href, {
      method: "POST",
      body: new FormData(formulario, evento.submitter),
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (respuesta.redirected) {
      window.location.assign(respuesta.url);
      return;
    }
    const pagina = new DOMParser().parseFromString(await respuesta.text(), "text/html");
    const nueva = pagina.getElementById("captura");
    if (!nueva) {
      // Not the form again (an error page): show it as the browser would.
      document.documentElement.replaceWith(document.importNode(pagina.documentElement, true));
      return;
    }
    const actual = document.getElementById("captura");
    const archivos = document.getElementById("anexos");
    const importada = document.importNode(nueva, true);
    const lugar = importada.querySelector("#anexos");
    if (lugar && archivos) {
      for (const { name, value } of Array.from(lugar.attributes)) archivos.setAttribute(name, value);
      for (const { name } of Array.from(archivos.attributes)) {
        if (!lugar.hasAttribute(name)) archivos.removeAttribute(name);
      }
      lugar.replaceWith(archivos);
    }
    const nota = importada.querySelector("[data-nota-archivos]");
    if (nota) nota.remove();
    actual.replaceWith(importada);
    conectarListas(importada);
    iniciar();
  } catch {
    // The network failed: send it the ordinary way (the server answers the same page).
    formulario.removeEventListener("submit", enviar);
    formulario.submit();
  } finally {
    if (boton && boton.isConnected) boton.disabled = false;
  }
}

conectarListas(document);
document.addEventListener("submit", enviar);
