// Compares a chosen file's SHA-256 with the verified documents, inside the browser: the file is
// never uploaded when WebCrypto is available (secure contexts); otherwise the form posts it.
// A notified document's representación impresa starts with the signed document's exact bytes
// (data-tamano), so a larger file is also checked on that prefix.
(function () {
  "use strict";
  const formulario = document.getElementById("comparar");
  const entrada = document.getElementById("archivo");
  const salida = document.getElementById("resultado-archivo");
  if (!formulario || !entrada || !salida || !window.crypto || !window.crypto.subtle) return;
  const conocidas = Array.from(document.querySelectorAll("[data-sha256]")).map((nodo) => ({
    sha: nodo.getAttribute("data-sha256"),
    tamano: Number(nodo.getAttribute("data-tamano") || "0"),
  }));
  const hex = async (datos) => Array.from(
    new Uint8Array(await window.crypto.subtle.digest("SHA-256", datos)),
  ).map((b) => b.toString(16).padStart(2, "0")).join("");
  formulario.addEventListener("submit", async (evento) => {
    evento.preventDefault();
    const archivo = entrada.files && entrada.files[0];
    if (!archivo) { salida.textContent = "Elija el archivo que quiere comparar."; return; }
    salida.textContent = "Calculando el SHA-256 del archivo…";
    const propio = await hex(await archivo.arrayBuffer());
    if (conocidas.some((c) => c.sha === propio)) {
      salida.textContent = "El archivo coincide con el documento verificado. (SHA-256 " + propio + ")";
      return;
    }
    for (const c of conocidas) {
      if (c.tamano > 0 && archivo.size > c.tamano
          && (await hex(await archivo.slice(0, c.tamano).arrayBuffer())) === c.sha) {
        salida.textContent = "El archivo coincide con el documento firmado en sus primeros "
          + c.tamano + " bytes: es una representación impresa (la página final la agrega el IMSS "
          + "con su sello; su lector de PDF puede validarlo).";
        return;
      }
    }
    salida.textContent = "El archivo NO coincide con el documento verificado. (SHA-256 "
      + propio + ")";
  });
})();
