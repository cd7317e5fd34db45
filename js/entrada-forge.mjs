// Entry point for the bundle: only the parts of node-forge that buzon/portal/static/efirma/efirma.js
// uses (ASN.1 DER, PKCS#8 decryption with PBES2 (3DES, AES) and PBES1, and their helpers).
import forge from "node-forge/lib/forge.js";
import "node-forge/lib/asn1.js";
import "node-forge/lib/pbe.js";
import "node-forge/lib/pki.js";
import "node-forge/lib/util.js";

export const asn1 = forge.asn1;
export const pki = forge.pki;
export const util = forge.util;
