// Buzón — adds a row to a list in a trámite's form (e.g. the ICSOE contracts) by cloning the
// list's <template>. Without JavaScript the «Agregar» button asks the server for the same page
// with one more row, so this is only a shortcut that keeps the files already chosen.

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

for (const lista of document.querySelectorAll("[data-lista]")) {
  const boton = lista.querySelector(":scope > p > [data-agregar]");
  if (!boton) continue;
  boton.addEventListener("click", (evento) => {
    evento.preventDefault();
    agregarFila(lista);
  });
}
