"""The benchmarks' shared harness (not a benchmark itself: `python -m bench` skips `_` names).

- `carga`: closed-loop HTTP load (N client processes against a live server on 127.0.0.1,
  bounded in requests and time, p50/p95/p99, throughput, errors counted and shown);
- `cpu`: CPU seconds of a process tree, of the PostgreSQL server serving one database, of one
  Django connection's backend, and of the whole machine;
- `informe`: the machine-load line, percentiles and "figure beside target: cumple / NO CUMPLE";
- `servidor`: `buzon servir` on a free loopback port, always stopped, the bench environment,
  migration and the demo seal `buzon servir` needs;
- `patrones`: e.firma employers (test CA as the trust folder), the client's signature and login;
- `perfil`: SQL statements by kind and a cProfile printed, for the in-process profiles.
"""
