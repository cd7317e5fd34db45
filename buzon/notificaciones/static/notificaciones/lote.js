// Buzón — avance de un lote de notificaciones.
//
// The progress page works without JavaScript (a link reloads it). With it, this module polls the
// batch's JSON endpoint every two seconds, updates the counts and, once the batch has finished,
// reloads the page so that the server lists the lines with errors.

const seccion = document.getElementById("avance");

const poner = (id, valor) => {
  const elemento = document.getElementById(id);
  if (elemento) elemento.textContent = String(valor);
};

async function consultar() {
  try {
    const respuesta = await fetch(seccion.dataset.avance, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (respuesta.ok) {
      const lote = await respuesta.json();
      document.getElementById("barra").value = lote.procesadas;
      poner("procesadas", lote.procesadas);
      poner("correctas", lote.correctas);
      poner("con-error", lote.con_error);
      poner("estado-lote", lote.estado);
      if (lote.estado === "terminado") {
        window.location.reload();
        return;
      }
    }
  } catch {
    // A network hiccup: try again at the next tick.
  }
  window.setTimeout(consultar, 2000);
}

if (seccion && seccion.dataset.estado !== "terminado") {
  window.setTimeout(consultar, 1000);
}
