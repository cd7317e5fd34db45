"""`buzon cliente`: the command-line client for employers, accountants and payroll software.

It talks to any Buzón over the HTTP API (`/api/v1`) with the user's own e.firma: the reto and every
cadena are signed here, with `cryptography` through `buzon.efirma`; the private key and its password
never leave this process. Plain argparse and `urllib`: no Django, no extra dependency.

Modules: `errores` (failures and exit codes), `http` (requests), `sesiones` (one stored session per
RFC), `firma` (loading the .cer/.key and signing), `salida` (JSON or Spanish tables),
`archivos` (writing files without overwriting), `verificacion` (offline check of an acuse's sello),
`comandos` (the argument parser) and one module per group of sub-commands.
"""
