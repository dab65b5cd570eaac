from __future__ import annotations

import datetime as dt

from stdnum.nl import bsn as stdnum_bsn

from inburgering_desktop.domain.enums import Doelgroep, Offer, Phase, Regime
from inburgering_desktop.services import deadlines, demo, dossiers, register
from tests.services.conftest import person
from tests.services.helpers import assert_chain_ok

ISO_KEYS = ("duty_starts", "pip_due", "termijn_start", "termijn_end")


def test_deadline_report_has_the_documented_fields(ctx):
    dossiers.create_dossier(ctx, person(first_pip_date="10-04-2025"))
    dossiers.create_dossier(
        ctx,
        person(
            bsn="123456782",
            v_number="1111111111",
            permit_date="15-12-2021",
            doelgroep="gezinsmigrant",
        ),
    )
    report = deadlines.deadline_report(ctx)
    assert report["as_of"] == "2026-11-23"
    first, second = report["dossiers"]
    assert first["regime"] == "wi2021" and second["regime"] == "wi2013"
    assert first["termijn_start"] == "2025-04-11" and first["termijn_end"] == "2028-04-10"
    assert first["pip_due"] == "2025-07-24"
    assert second["pip_due"] is None and second["termijn_end"] is None
    assert set(first["offers"]) == {o.value for o in Offer}
    assert first["offers"]["ontzorgen"] is True and second["offers"]["ontzorgen"] is False
    for entry in report["dossiers"]:
        for key in ISO_KEYS:
            assert entry[key] is None or dt.date.fromisoformat(entry[key])
        assert isinstance(entry["signals"], list)


def test_demo_covers_doelgroepen_regimes_phases_and_scripts(ctx):
    assert demo.generate(ctx) == demo.DEFAULT_COUNT
    rows = register.list_summaries(ctx)
    assert len(rows) == demo.DEFAULT_COUNT
    assert {r.doelgroep for r in rows} == set(Doelgroep)
    assert {r.regime for r in rows} == set(Regime)
    assert {Phase.AANGEMELD, Phase.INTAKE, Phase.PIP_IN_VOORBEREIDING, Phase.IN_TRAJECT} <= {
        r.phase for r in rows
    }
    assert {Phase.AFGEROND, Phase.GESLOTEN} & {r.phase for r in rows}
    scripts = " ".join(r.name_original_script for r in rows)
    assert any("\u0600" <= ch <= "\u06ff" for ch in scripts)  # Arabic script
    assert any("\u1200" <= ch <= "\u137f" for ch in scripts)  # Ge'ez script
    for row in rows:
        assert row.bsn.startswith("999") and stdnum_bsn.is_valid(row.bsn)
    assert demo.generate(ctx) == 0  # again: same synthetic people, nothing added twice
    assert_chain_ok(ctx)


def test_demo_refuses_an_impossible_count(ctx):
    import pytest

    from inburgering_desktop.services.errors import ServiceError

    with pytest.raises(ServiceError):
        demo.generate(ctx, count=0)
    with pytest.raises(ServiceError):
        demo.generate(ctx, count=demo.MAX_COUNT + 1)
