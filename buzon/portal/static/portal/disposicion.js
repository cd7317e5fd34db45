// Buzón IMSS, shared layout: a box that scrolls sideways (a wide table on a phone) can be
// reached and scrolled with the keyboard (WCAG 2.1.1; axe-core's scrollable-region-focusable).
// Runs on every page of portal/base.html; it changes no content, only tabindex.
"use strict";

function marcarDesplazables() {
  for (const caja of document.querySelectorAll("main table, main div, main pre, main dd")) {
    const estilo = getComputedStyle(caja);
    const puede = (valor) => valor === "auto" || valor === "scroll";
    const desplaza =
      (puede(estilo.overflowX) && caja.scrollWidth > caja.clientWidth) ||
      (puede(estilo.overflowY) && caja.scrollHeight > caja.clientHeight);
    if (desplaza && !caja.hasAttribute("tabindex")) {
      caja.setAttribute("tabindex", "0");
      caja.dataset.desplazable = "si";
    } else if (!desplaza && caja.dataset.desplazable === "si") {
      caja.removeAttribute("tabindex");
      delete caja.dataset.desplazable;
    }
  }
}

marcarDesplazables();
window.addEventListener("resize", marcarDesplazables);
