// Buzón — an official builds a batch of notifications in the browser.
//
// The official chooses several PDFs; one row per PDF asks for the employer's RFC, an optional
// registro patronal, the act and the subject. On «Firmar y enviar» every row is checked at once
// (all the problems in the error summary), then the .key is decrypted here and each PDF's exact
// bytes are signed with RSASSA-PKCS1-v1_5 / SHA-256 (static/efirma/efirma.js, WebCrypto). The rows
// become a .jsonl batch (the format `buzon` CLI batches use) posted to this very page, which
// hands it to the one batch service; the key, its bytes and the password are never sent.

import { ErrorEfirma, descifrarLlave, firmarBytes, leerCertificado } from "../efirma/efirma.js";
import { mostrar } from "../portal/resumen.js";

const seccion = document.getElementById("armar");
const formulario = document.getElementById("armar-formulario");
const tabla = document.getElementById("lote-filas");
const cuerpo = tabla ? tabla.querySelector("[data-filas]") : null;
const avance = document.getElementById("lote-avance");
const CAMPO_EFIRMA = { certificado: "lote-cer", llave: "lote-key", password: "lote-password" };
const RFC = /^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$/;

let filas = [];
let siguiente = 0;

const base64 = (bytes) => {
  let binario = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    binario += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return btoa(binario);
};

function control(etiqueta, elemento) {
  const celda = document.createElement("td");
  const rotulo = document.createElement("label");
  rotulo.className = "oculto";
  rotulo.htmlFor = elemento.id;
  rotulo.textContent = etiqueta;
  celda.append(rotulo, elemento);
  return celda;
}

function entrada(id, maximo) {
  const campo = document.createElement("input");
  campo.id = id;
  campo.maxLength = maximo;
  campo.autocomplete = "off";
  campo.spellcheck = false;
  return campo;
}

function agregar(archivo) {
  const n = siguiente++;
  const fila = document.createElement("tr");
  const nombre = document.createElement("td");
  nombre.textContent = archivo.name;
  const rfc = entrada(`lote-rfc-${n}`, 13);
  const registro = entrada(`lote-registro-${n}`, 14);
  const tipo = document.createElement("select");
  tipo.id = `lote-tipo-${n}`;
  tipo.append(document.getElementById("lote-tipos").content.cloneNode(true));
  const asunto = entrada(`lote-asunto-${n}`, 300);
  const quitar = document.createElement("button");
  quitar.type = "button";
  quitar.className = "secundario";
  quitar.textContent = "Quitar";
  quitar.setAttribute("aria-label", `Quitar ${archivo.name}`);
  const registroFila = { archivo, fila, rfc, registro, tipo, asunto };
  quitar.addEventListener("click", () => {
    filas = filas.filter((f) => f !== registroFila);
    fila.remove();
    tabla.hidden = filas.length === 0;
  });
  const celdaQuitar = document.createElement("td");
  celdaQuitar.append(quitar);
  fila.append(
    nombre,
    control(`RFC del patrón para ${archivo.name}`, rfc),
    control(`Registro patronal para ${archivo.name} (opcional)`, registro),
    control(`Tipo de acto para ${archivo.name}`, tipo),
    control(`Asunto de ${archivo.name}`, asunto),
    celdaQuitar,
  );
  cuerpo.append(fila);
  filas.push(registroFila);
  tabla.hidden = false;
}

function revisar() {
  const errores = [];
  const marcar = (campo, mensaje) => {
    campo.setAttribute("aria-invalid", "true");
    errores.push({ id: campo.id, mensaje });
  };
  for (const campo of formulario.querySelectorAll('[aria-invalid="true"]')) {
    campo.removeAttribute("aria-invalid");
  }
  if (filas.length === 0) {
    marcar(document.getElementById("lote-pdfs"), "Elija al menos un documento PDF para el lote.");
  }
  for (const f of filas) {
    const nombre = f.archivo.name;
    f.rfc.value = f.rfc.value.trim().toUpperCase();
    f.asunto.value = f.asunto.value.trim();
    if (!f.rfc.value) marcar(f.rfc, `«${nombre}»: escriba el RFC del patrón.`);
    else if (!RFC.test(f.rfc.value)) {
      marcar(f.rfc, `«${nombre}»: «${f.rfc.value}» no es un RFC válido (12 o 13 caracteres).`);
    }
    if (!f.tipo.value) marcar(f.tipo, `«${nombre}»: elija el tipo de acto.`);
    if (!f.asunto.value) marcar(f.asunto, `«${nombre}»: escriba el asunto (una línea).`);
  }
  if (!document.getElementById("lote-cer").files[0]) {
    marcar(document.getElementById("lote-cer"), "Elija su archivo .cer.");
  }
  if (!document.getElementById("lote-key").files[0]) {
    marcar(document.getElementById("lote-key"), "Elija su archivo .key.");
  }
  if (!document.getElementById("lote-password").value) {
    marcar(document.getElementById("lote-password"), "Escriba la contraseña de su llave privada.");
  }
  return errores;
}

async function firmarYEnviar() {
  const certificado = leerCertificado(await document.getElementById("lote-cer").files[0].arrayBuffer());
  const clave = document.getElementById("lote-password");
  const llave = await descifrarLlave(
    await document.getElementById("lote-key").files[0].arrayBuffer(),
    clave.value,
  );
  clave.value = "";
  const lineas = [];
  for (const [i, f] of filas.entries()) {
    avance.textContent = `Firmando ${i + 1} de ${filas.length}: ${f.archivo.name}`;
    const bytes = new Uint8Array(await f.archivo.arrayBuffer());
    const linea = {
      rfc: f.rfc.value,
      tipo: f.tipo.value,
      asunto: f.asunto.value,
      documento: base64(bytes),
      firma: await firmarBytes(llave, certificado, bytes),
    };
    if (f.registro.value.trim()) linea.registro_patronal = f.registro.value.trim().toUpperCase();
    lineas.push(JSON.stringify(linea));
  }
  const datos = new FormData();
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  datos.append("csrfmiddlewaretoken", token ? token.value : "");
  const hoy = new Date().toISOString().slice(0, 10);
  datos.append(
    "archivo",
    new Blob([lineas.join("\n") + "\n"], { type: "application/x-ndjson" }),
    `lote-${hoy}.jsonl`,
  );
  avance.textContent = "Enviando el lote…";
  const respuesta = await fetch(seccion.dataset.envio, {
    method: "POST",
    body: datos,
    credentials: "same-origin",
    headers: { Accept: "text/html" },
  });
  if (respuesta.redirected) {
    window.location.assign(respuesta.url);
    return;
  }
  const pagina = new DOMParser().parseFromString(await respuesta.text(), "text/html");
  const error = pagina.getElementById("error");
  avance.textContent = "";
  mostrar([
    {
      id: "lote-pdfs",
      mensaje: error ? error.textContent.trim() : "No se pudo enviar el lote. Intente de nuevo.",
    },
  ]);
}

if (formulario) {
  document.getElementById("lote-pdfs").addEventListener("change", (evento) => {
    for (const archivo of evento.target.files) agregar(archivo);
    evento.target.value = "";
  });
  document.getElementById("lote-cer").addEventListener("change", async (evento) => {
    const identidad = document.getElementById("lote-identidad");
    identidad.textContent = "";
    const archivo = evento.target.files[0];
    if (!archivo) return;
    try {
      const certificado = leerCertificado(await archivo.arrayBuffer());
      identidad.textContent = `${certificado.nombre} — RFC ${certificado.rfc}`;
    } catch (error) {
      mostrar([{ id: "lote-cer", mensaje: error.message }]);
    }
  });
  formulario.addEventListener("submit", async (evento) => {
    evento.preventDefault();
    const errores = revisar();
    if (errores.length) {
      mostrar(errores);
      return;
    }
    const boton = document.getElementById("armar-firmar");
    boton.disabled = true;
    try {
      await firmarYEnviar();
    } catch (error) {
      avance.textContent = "";
      const id = error instanceof ErrorEfirma ? CAMPO_EFIRMA[error.campo] || "lote-password" : "lote-pdfs";
      const campo = document.getElementById(id);
      if (campo) campo.setAttribute("aria-invalid", "true");
      mostrar([
        {
          id,
          mensaje: error instanceof ErrorEfirma ? error.message : "No se pudo firmar. Intente de nuevo.",
        },
      ]);
    } finally {
      boton.disabled = false;
    }
  });
}
