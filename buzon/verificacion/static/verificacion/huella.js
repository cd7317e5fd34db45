// Compares a chosen file's SHA-256 with the acuse's documents, inside the browser: the file is
// never uploaded when WebCrypto is available (secure contexts); otherwise the form posts it.
(function () {
  "use strict";
  const formulario = document.getElementById("comparar");
  const entrada = document.getElementById("archivo");
  const salida = document.getElementById("resultado-archivo");
  if (!formulario || !entrada || !salida || !window.crypto || !window.crypto.subtle) return;
  const conocidas = Array.from(document.querySelectorAll("[data-sha256]"))
    .map((nodo) => nodo.getAttribute("data-sha256"));
  formulario.addEventListener("submit", async (evento) => {
    evento.preventDefault();
    const archivo = entrada.files && entrada.files[0];
    if (!archivo) { salida.textContent = "Elija el archivo que quiere comparar."; return; }
    const digesto = await window.crypto.subtle.digest("SHA-256", await archivo.arrayBuffer());
    const hex = Array.from(new Uint8Array(digesto))
      .map((b) => b.toString(16).padStart(2, "0")).join("");
    salida.textContent = (conocidas.includes(hex)
      ? "El archivo coincide con un documento de este acuse."
      : "El archivo NO coincide con ningún documento de este acuse.") + " (SHA-256 " + hex + ")";
  });
})();
