"""CI spreads the PostgreSQL run over shards (KEYPLAN_TEST_SHARD=k/n, tests/conftest.py):
every test lands in exactly one shard, so together the shards run the whole suite."""

from types import SimpleNamespace

import pytest

from tests.conftest import _shard_filter

FILES = [f"tests/app{i}/test_{j}.py" for i in range(20) for j in range(10)]


def _item(path: str, name: str = "test_x", scope: str = "function") -> SimpleNamespace:
    definition = SimpleNamespace(scope=scope, argname="fixture")
    info = SimpleNamespace(name2fixturedefs={"fixture": (definition,)})
    return SimpleNamespace(nodeid=f"{path}::{name}[param]", _fixtureinfo=info)


def test_every_file_is_in_exactly_one_shard():
    shards = [_shard_filter(f"{k}/3") for k in range(3)]
    for path in FILES:
        assert sum(keep(_item(path)) for keep in shards) == 1, path


def test_the_cases_of_one_file_are_spread_and_the_split_is_not_lopsided():
    first = _shard_filter("0/2")
    cases = [_item("tests/test_routes.py", f"test_route_{i}") for i in range(400)]
    share = sum(first(case) for case in cases) / len(cases)
    assert 0.4 < share < 0.6


def test_tests_sharing_a_module_fixture_stay_in_one_shard():
    first = _shard_filter("0/2")
    for path in FILES:
        together = {first(_item(path, f"test_{i}", scope="module")) for i in range(10)}
        assert len(together) == 1, path


def test_no_spec_keeps_everything():
    assert all(_shard_filter("")(_item(p)) for p in FILES)


@pytest.mark.parametrize("spec", ["1", "a/2", "2/2", "-1/2", "1/2/3"])
def test_a_malformed_spec_is_a_usage_error(spec):
    with pytest.raises(pytest.UsageError, match="KEYPLAN_TEST_SHARD"):
        _shard_filter(spec)
