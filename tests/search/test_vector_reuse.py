"""Indexing reuses the vectors of texts that did not change, on each backend, with the real
model: each vector is stored with the hash of its text, and a text with the same hash is not
handed to the model again (counted by search.embeddings.stats(), which counts every text
asked of the model, whether or not its in-memory cache held it)."""
from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from auth.policy.identity import cli_actor
from marketplace.models import Need, Solution, db
from search import embeddings
from search.cli import rebuild_all
from search.embeddings import text_hash
from search.match_lists import matches_for_need
from tests.factories import import_bundle
from tests.search.test_meaning import BUNDLE, LEDGER, SOLUTIONS

# A vector's text drops a field's closing full stop (search.embeddings.part_texts).
NEW_DESCRIPTION = ("Its booking module rings patients the evening before each clinic visit"
                   " so that they remember to come.")


def _ids(model) -> list[int]:
    return list(db.session.execute(sa.select(model.id).order_by(model.id)).scalars())


def _stored(backend) -> dict:
    return {kind: backend.stored_vectors(kind, _ids(model)) for kind, model in (("solution", Solution), ("need", Need))}


def _asked(since: dict) -> int:
    return embeddings.stats()["texts"] - since["texts"]


def _matches(need_id: int) -> list[tuple]:
    return [(i["solution"]["ref"], i["score"], tuple(i["reasons"])) for i in matches_for_need(need_id)["items"]]


def _load(backend):
    import_bundle(cli_actor("test"), {**BUNDLE, "solutions": SOLUTIONS + [LEDGER]})
    backend.refresh()
    return {r.ref: r.id for model in (Need, Solution) for r in db.session.execute(db.select(model)).scalars()}


def test_a_reindex_of_unchanged_texts_runs_the_model_for_none(backend, search_app):
    before = embeddings.stats()
    ids = _load(backend)
    assert _asked(before) > 0  # the first indexing embeds them
    vectors, matches = _stored(backend), _matches(ids["m-forget"])
    ledger = vectors["solution"][ids["m-ledger"]]
    assert set(ledger) == {"whole", "name_summary", "description"}
    assert ledger["description"][0] == text_hash(LEDGER["description"].rstrip("."))
    for _ in range(2):
        before = embeddings.stats()
        rebuild_all(backend, show_progress=False)
        assert embeddings.stats() == before  # not a text asked of the model, not one computed
        again = _stored(backend)
        for kind in vectors:
            assert again[kind].keys() == vectors[kind].keys()
            for doc_id, parts in vectors[kind].items():
                assert again[kind][doc_id].keys() == parts.keys()
                for part, (digest, vector) in parts.items():
                    assert again[kind][doc_id][part][0] == digest
                    assert np.array_equal(again[kind][doc_id][part][1], vector)
        assert _matches(ids["m-forget"]) == matches
    assert "Describes the same problem in other words" in dict(
        (ref, reasons) for ref, _, reasons in matches)["m-ledger"]


def test_a_changed_description_re_embeds_only_that_solutions_changed_parts(backend, search_app):
    ids = _load(backend)
    old = _stored(backend)
    # Changed in the database behind the outbox's back: only a reindex picks it up.
    db.session.execute(sa.update(Solution.__table__).where(Solution.__table__.c.id == ids["m-ledger"])
                       .values(description=NEW_DESCRIPTION))
    db.session.commit()
    before = embeddings.stats()
    rebuild_all(backend, show_progress=False)
    assert _asked(before) == 2  # the ledger's whole text and its description; not its name+summary
    new = _stored(backend)
    ledger_old, ledger_new = old["solution"].pop(ids["m-ledger"]), new["solution"].pop(ids["m-ledger"])
    assert ledger_new["description"][0] == text_hash(NEW_DESCRIPTION.rstrip("."))
    assert not np.array_equal(ledger_new["description"][1], ledger_old["description"][1])
    assert not np.array_equal(ledger_new["whole"][1], ledger_old["whole"][1])
    assert np.array_equal(ledger_new["name_summary"][1], ledger_old["name_summary"][1])
    for kind in old:  # every other listing's vectors as they were
        assert {i: {p: h for p, (h, _) in parts.items()} for i, parts in new[kind].items()} == \
               {i: {p: h for p, (h, _) in parts.items()} for i, parts in old[kind].items()}


def test_the_outbox_embeds_only_texts_that_changed(backend, search_app):
    ids = _load(backend)
    before = embeddings.stats()
    # A field that is not in any vector's text: re-indexed, no text asked of the model.
    import_bundle(cli_actor("test"), {"solutions": [{**LEDGER, "clinical_areas": ["dermatology", "operations-patient-flow"]}]})
    assert _asked(before) == 0
    before = embeddings.stats()
    import_bundle(cli_actor("test"), {"solutions": [{**LEDGER, "description": NEW_DESCRIPTION}]})
    assert _asked(before) == 2
    backend.refresh()
    stored = backend.stored_vectors("solution", [ids["m-ledger"]])[ids["m-ledger"]]
    assert stored["description"][0] == text_hash(NEW_DESCRIPTION.rstrip("."))


@pytest.mark.only_backend("elastic")
def test_an_index_from_before_the_hashes_works_and_a_reindex_adds_them(backend, search_app):
    import copy

    from search import elastic_mapping

    alias = backend.alias("solution")
    old_mapping = copy.deepcopy(elastic_mapping.mapping("solution"))  # as mapping version 3 made it
    del old_mapping["properties"][elastic_mapping.HASHES]
    old_mapping["_meta"]["version"] = 3
    backend.es.indices.create(index=f"{alias}-before-hashes", mappings=old_mapping,
                              settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": elastic_mapping.ANALYSIS})
    backend.es.indices.update_aliases(actions=[
        *({"remove": {"index": name, "alias": alias}} for name in backend._indexes_behind(alias)),
        {"add": {"index": f"{alias}-before-hashes", "alias": alias}},
    ])
    backend.ensure_indexes()
    ids = _load(backend)  # indexed inline, without the hashes the index has no field for
    assert backend.stored_vectors("solution", [ids["m-ledger"]]) == {}
    found = {i["solution"]["ref"]: i for i in matches_for_need(ids["m-forget"])["items"]}
    assert "Describes the same problem in other words" in found["m-ledger"]["reasons"]

    rebuild_all(backend, show_progress=False)  # embeds every solution text again, once
    assert set(backend.stored_vectors("solution", [ids["m-ledger"]])[ids["m-ledger"]]) == {
        "whole", "name_summary", "description"}
    before = embeddings.stats()
    rebuild_all(backend, show_progress=False)
    assert _asked(before) == 0
