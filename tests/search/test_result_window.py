"""Paging past the index's result window is a clear 422 naming ``page``, on each backend."""
from __future__ import annotations

import pytest

from tests.support import assert_error


@pytest.mark.parametrize("kind", ["solutions", "needs", "organisations"])
def test_a_page_past_the_result_window_is_422_naming_page_and_its_maximum(api, kind):
    r = api.get(f"/api/v1/{kind}/?page=101&per_page=100")
    body = assert_error(r, 422, {"page"})
    assert "at most 100 with per_page 100" in body["errors"]["page"][0]
    r = api.get(f"/api/v1/{kind}/?page=501&per_page=20")
    assert "at most 500 with per_page 20" in assert_error(r, 422, {"page"})["errors"]["page"][0]


@pytest.mark.parametrize("kind", ["solutions", "needs", "organisations"])
def test_the_last_page_inside_the_window_is_answered(api, kind):
    r = api.get(f"/api/v1/{kind}/?page=100&per_page=100")
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["items"] == [] and r.get_json()["page"] == 100
