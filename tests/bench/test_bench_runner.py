"""`python -m bench` finds every benchmark, and the identity one ends with its one JSON line."""
from __future__ import annotations

import json

import pytest

from bench import identity
from bench.__main__ import benchmarks

pytestmark = pytest.mark.unit


def test_the_runner_finds_each_benchmark_but_not_its_helpers():
    found = benchmarks()

    assert {"gateway", "identity"} <= set(found)
    assert not {"load", "processes"} & set(found)


@pytest.mark.parametrize("rate, met", [(5000, True), (4999, False)])
def test_the_identity_benchmark_ends_with_its_figures_and_whether_the_target_is_met(capsys, rate, met):
    login = {"login": {"p50_ms": 60.0, "p99_ms": 90.0}, "argon2id_verify_p50_ms": 25.0,
             "argon2id_parameters": "m=19456,t=2,p=1"}
    verification = {"verifier": {"per_second": rate, "per_cpu_second": rate},
                    "pyjwt_decode": {"per_second": 7000, "per_cpu_second": 7000},
                    "ed25519_verify": {"per_second": 12000, "per_cpu_second": 12000}}

    identity._report(login, verification)
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    assert last["bench"] == "identity" and last["met"] is met
    assert last["figures"]["verifications_per_second_per_core"] == rate
    assert last["figures"]["login_p50_ms"] == 60.0
    assert set(last) == {"bench", "figures", "baseline", "ratio", "target", "met"}
