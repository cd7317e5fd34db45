// Buzón — firma con e.firma en el navegador.
//
// The person picks their .cer and .key and types the password. Everything happens in this page:
// the key is decrypted here (node-forge, bundled in forge.min.js), imported into WebCrypto as a
// non-extractable key, and used to sign the server's cadena with RSASSA-PKCS1-v1_5 / SHA-256.
// The key file, its bytes and the password are never sent anywhere: the inputs that hold them have
// no `name`, so a form submission cannot carry them; only the signature and the certificate leave.
//
// Markup (every element is found by its data-efirma attribute inside the form):
//   <form data-efirma="formulario" data-cadena="…" method="post" action="…">
//     <input type="file" data-efirma="cer" accept=".cer">
//     <input type="file" data-efirma="key" accept=".key">
//     <input type="password" data-efirma="password" autocomplete="off">
//     <output data-efirma="identidad"></output>  <p data-efirma="mensaje" role="alert"></p>
//     <input type="hidden" name="firma" data-efirma="firma">
//     <input type="hidden" name="certificado" data-efirma="certificado">
//     <button>Firmar</button>
//   </form>
//
// Document mode (an official signs a PDF's exact bytes): the form carries data-efirma-firmar="archivo"
// instead of data-cadena, and a file input with data-efirma="archivo". That input keeps its `name`:
// the form is sent as multipart/form-data with the very file whose bytes were signed.
//   <form data-efirma="formulario" data-efirma-firmar="archivo" enctype="multipart/form-data" …>
//     <input type="file" name="documento" data-efirma="archivo" accept="application/pdf">
//     … cer, key, password, identidad, mensaje, firma as above (certificado is optional)

import { asn1, pki, util } from "./forge.min.js";

const OID_CN = "2.5.4.3";
const OID_NAME = "2.5.4.41";
const OID_SERIAL_NUMBER = "2.5.4.5";
const OID_X500_UNIQUE_ID = "2.5.4.45";
const ALGORITMO = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

export class ErrorEfirma extends Error {
  constructor(codigo, mensaje, campo) {
    super(mensaje);
    this.codigo = codigo;
    this.campo = campo;
  }
}

const aBinario = (bytes) => {
  let salida = "";
  const arreglo = new Uint8Array(bytes);
  for (let i = 0; i < arreglo.length; i += 8192) {
    salida += String.fromCharCode.apply(null, arreglo.subarray(i, i + 8192));
  }
  return salida;
};

const aBytes = (binario) => Uint8Array.from(binario, (c) => c.charCodeAt(0));

const base64 = (bytes) => btoa(aBinario(bytes));

// SAT certificates hold UTF-8 in PrintableString and Latin-1 in T61String: decode tolerantly.
function texto(nodo) {
  if (nodo.type === asn1.Type.BMPSTRING) {
    let salida = "";
    for (let i = 0; i + 1 < nodo.value.length; i += 2) {
      salida += String.fromCharCode((nodo.value.charCodeAt(i) << 8) | nodo.value.charCodeAt(i + 1));
    }
    return salida;
  }
  let crudo = nodo.value;
  if (nodo.type === asn1.Type.BITSTRING) crudo = crudo.slice(1);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(aBytes(crudo));
  } catch {
    return crudo; // Latin-1: one char per byte, exactly what a binary string is.
  }
}

function leerDer(bytes) {
  try {
    return asn1.fromDer(aBinario(bytes), { strict: false, decodeBitStrings: false });
  } catch {
    return null;
  }
}

function pemADer(bytes, etiqueta) {
  const textoPem = new TextDecoder("latin1").decode(bytes);
  const coincide = textoPem.match(new RegExp(`-----BEGIN ${etiqueta}-----([^-]+)-----END`));
  return coincide ? aBytes(atob(coincide[1].replace(/\s+/g, ""))) : bytes;
}

/** Name, RFC and CURP from a .cer (DER or PEM), plus what signing needs. */
export function leerCertificado(buffer) {
  const der = pemADer(new Uint8Array(buffer), "CERTIFICATE");
  const invalido = () =>
    new ErrorEfirma(
      "archivo_invalido",
      "El archivo no es un certificado válido. Elija el archivo .cer de su e.firma.",
      "certificado",
    );
  const raiz = leerDer(der);
  if (!raiz || !Array.isArray(raiz.value) || raiz.value.length !== 3) throw invalido();
  let campos = raiz.value[0].value;
  if (!Array.isArray(campos)) throw invalido();
  if (campos[0] && campos[0].tagClass === asn1.Class.CONTEXT_SPECIFIC) campos = campos.slice(1);
  if (campos.length < 6) throw invalido();
  const atributos = {};
  try {
    for (const rdn of campos[4].value) {
      for (const atv of rdn.value) {
        atributos[asn1.derToOid(atv.value[0].value)] ??= texto(atv.value[1]);
      }
    }
  } catch {
    throw invalido();
  }
  const partes = (valor) => (valor || "").split("/").map((p) => p.trim().toUpperCase());
  const [rfc, rfcRepresentante] = partes(atributos[OID_X500_UNIQUE_ID]);
  const [curp, curpRepresentante] = partes(atributos[OID_SERIAL_NUMBER]);
  if (!rfc) throw invalido();
  const moral = rfc.length === 12;
  return {
    rfc,
    nombre: atributos[OID_NAME] || atributos[OID_CN] || "",
    persona: moral ? "moral" : "fisica",
    curp: moral ? null : curp || null,
    rfcRepresentante: moral ? rfcRepresentante || null : null,
    curpRepresentante: moral ? curpRepresentante || null : null,
    der,
    spki: aBytes(asn1.toDer(campos[5]).getBytes()),
  };
}

/** Decrypt an encrypted PKCS#8 .key (PBES2 3DES/AES or PBES1, DER or PEM) into a WebCrypto key. */
export async function descifrarLlave(buffer, password) {
  const der = pemADer(new Uint8Array(buffer), "ENCRYPTED PRIVATE KEY");
  const raiz = leerDer(der);
  if (!raiz || !Array.isArray(raiz.value) || raiz.value.length !== 2) {
    throw new ErrorEfirma(
      "archivo_invalido",
      "El archivo no es una llave privada válida. Elija el archivo .key de su e.firma.",
      "llave",
    );
  }
  // PBES2 derives from the password's UTF-8 bytes; PBES1 (PKCS#12) from the string itself.
  const intentos = [util.encodeUtf8(password), password];
  for (const intento of intentos) {
    let info = null;
    try {
      info = pki.decryptPrivateKeyInfo(raiz, intento);
    } catch {
      info = null;
    }
    if (info) {
      try {
        const pkcs8 = aBytes(asn1.toDer(info).getBytes());
        return await crypto.subtle.importKey("pkcs8", pkcs8, ALGORITMO, false, ["sign"]);
      } catch {
        break;
      }
    }
  }
  throw new ErrorEfirma(
    "password_incorrecta",
    "La contraseña de la llave privada no es correcta. Escríbala de nuevo.",
    "password",
  );
}

/** base64 RSASSA-PKCS1-v1_5 / SHA-256 over the UTF-8 bytes of `cadena`, checked against the .cer. */
export async function firmarCadena(llave, certificado, cadena) {
  return firmarBytes(llave, certificado, new TextEncoder().encode(cadena));
}

/** base64 RSASSA-PKCS1-v1_5 / SHA-256 over raw bytes (a document), checked against the .cer. */
export async function firmarBytes(llave, certificado, datos) {
  const firma = await crypto.subtle.sign(ALGORITMO, llave, datos);
  const publica = await crypto.subtle.importKey("spki", certificado.spki, ALGORITMO, false, [
    "verify",
  ]);
  if (!(await crypto.subtle.verify(ALGORITMO, publica, firma, datos))) {
    throw new ErrorEfirma(
      "llave_no_corresponde",
      "La llave privada no corresponde al certificado. Elija el .key que se generó con este .cer.",
      "llave",
    );
  }
  return base64(firma);
}

/** Wire a form (see the markup at the top of this file). */
export function conectar(formulario) {
  const el = (nombre) => formulario.querySelector(`[data-efirma="${nombre}"]`);
  const mensaje = el("mensaje");
  const avisar = (texto) => {
    if (mensaje) mensaje.textContent = texto;
  };
  let certificado = null;

  el("cer").addEventListener("change", async () => {
    certificado = null;
    el("identidad").textContent = "";
    const archivo = el("cer").files[0];
    if (!archivo) return;
    try {
      certificado = leerCertificado(await archivo.arrayBuffer());
      el("identidad").textContent = `${certificado.nombre} — RFC ${certificado.rfc}`;
      avisar("");
    } catch (error) {
      avisar(error.message);
    }
  });

  formulario.addEventListener("submit", async (evento) => {
    if (formulario.dataset.efirmaListo === "1") return; // the second, real submission
    evento.preventDefault();
    try {
      const archivoKey = el("key").files[0];
      if (!certificado) throw new ErrorEfirma("archivo_invalido", "Elija su archivo .cer.", "certificado");
      if (!archivoKey) throw new ErrorEfirma("archivo_invalido", "Elija su archivo .key.", "llave");
      let datos;
      if (formulario.dataset.efirmaFirmar === "archivo") {
        const documento = el("archivo").files[0];
        if (!documento) {
          throw new ErrorEfirma("archivo_invalido", "Elija el documento PDF que va a firmar.", "archivo");
        }
        datos = new Uint8Array(await documento.arrayBuffer());
      } else {
        datos = new TextEncoder().encode(formulario.dataset.cadena);
      }
      const llave = await descifrarLlave(await archivoKey.arrayBuffer(), el("password").value);
      el("firma").value = await firmarBytes(llave, certificado, datos);
      if (el("certificado")) el("certificado").value = base64(certificado.der);
      el("password").value = "";
      el("key").value = "";
      avisar("");
      formulario.dataset.efirmaListo = "1";
      formulario.requestSubmit();
    } catch (error) {
      avisar(error instanceof ErrorEfirma ? error.message : "No se pudo firmar. Intente de nuevo.");
      formulario.dispatchEvent(new CustomEvent("efirma:error", { detail: error }));
    }
  });
}

for (const formulario of document.querySelectorAll('form[data-efirma="formulario"]')) {
  conectar(formulario);
}
