"""Share level and sections: what each level allows, turning sections on and off, the
log of every change, lowering the level unsharing what it no longer allows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from keyplan.portal import domain
from keyplan.portal.access import shared_sections
from keyplan.portal.models import SharedSection, ShareEvent
from keyplan.portal.sharing.services import section_set, sharing_set_level

LEVELS = st.sampled_from(domain.LEVELS)
SECTIONS = st.sets(st.sampled_from(list(domain.MINIMUM_LEVEL)))


def test_levels_nest_and_none_shares_nothing():
    assert domain.allowed_sections("none") == ()
    assert set(domain.allowed_sections("basic")) == {
        "reports",
        "joint_actions",
        "survey",
        "profile",
    }
    assert set(domain.allowed_sections("basic")) < set(domain.allowed_sections("partner"))
    assert set(domain.allowed_sections("partner")) < set(domain.allowed_sections("strategic"))
    assert set(domain.allowed_sections("strategic")) == set(domain.MINIMUM_LEVEL)


@given(old=LEVELS, new=LEVELS, on=SECTIONS)
def test_lowering_loses_exactly_what_the_new_level_forbids(old, new, on):
    on_old = set(domain.effective_sections(old, on))
    lost = set(domain.lost_on_change(old, new, on))

    assert lost == on_old - set(domain.allowed_sections(new))
    if domain.rank(new) >= domain.rank(old):
        assert lost == set()


def test_sharing_and_unsharing_are_recorded(world):
    sharing_set_level(user=world.owner, account=world.account, level="partner")
    assert section_set(user=world.owner, account=world.account, section="swot", shared=True)
    assert not section_set(user=world.owner, account=world.account, section="swot", shared=True)
    assert shared_sections(world.account) == ("swot",)
    assert section_set(user=world.director, account=world.account, section="swot", shared=False)

    events = list(ShareEvent.objects.filter(account=world.account).order_by("pk"))
    assert [(e.kind, e.section, e.level, e.user) for e in events] == [
        ("level", "", "partner", world.owner),
        ("share", "swot", "", world.owner),
        ("unshare", "swot", "", world.director),
    ]


def test_a_section_above_the_level_cannot_be_shared(world):
    sharing_set_level(user=world.owner, account=world.account, level="basic")

    with pytest.raises(ValidationError):
        section_set(user=world.owner, account=world.account, section="goals", shared=True)
    assert not SharedSection.objects.exists()


def test_lowering_the_level_unshares_and_records(world):
    sharing_set_level(user=world.owner, account=world.account, level="strategic")
    for section in ("profile", "swot", "goals"):
        section_set(user=world.owner, account=world.account, section=section, shared=True)

    sharing_set_level(user=world.owner, account=world.account, level="basic")

    assert shared_sections(world.account) == ("profile",)
    unshared = ShareEvent.objects.filter(kind="unshare").order_by("section")
    assert [e.section for e in unshared] == ["goals", "swot"]
    assert all(e.reason for e in unshared)
    # raising it again does not share them back by itself
    sharing_set_level(user=world.owner, account=world.account, level="strategic")
    assert shared_sections(world.account) == ("profile",)


@pytest.mark.parametrize("name", ["member", "viewer", "outsider", "portal"])
def test_only_managers_change_sharing(world, name):
    with pytest.raises(PermissionDenied):
        sharing_set_level(user=world.users()[name], account=world.account, level="basic")
    with pytest.raises(PermissionDenied):
        section_set(user=world.users()[name], account=world.account, section="profile", shared=True)


def test_sharing_page_shows_levels_sections_and_log(world, client_for):
    client = client_for("owner")
    client.post(reverse("portal:sharing-level", args=[world.account.pk]), {"level": "partner"})
    client.post(reverse("portal:sharing-section", args=[world.account.pk, "swot"]), {"shared": "1"})

    body = client.get(reverse("portal:sharing", args=[world.account.pk])).content.decode()

    assert "Stop sharing" in body and "Not at this level" in body
    assert "Share level changed" in body and "Customer SWOT" in body
    viewer = client_for("viewer").get(reverse("portal:sharing", args=[world.account.pk]))
    assert viewer.status_code == 200 and "Stop sharing" not in viewer.content.decode()


def test_bad_level_or_section_is_an_error_message(world, client_for):
    client = client_for("owner")

    bad_level = client.post(
        reverse("portal:sharing-level", args=[world.account.pk]), {"level": "best"}, follow=True
    )
    bad_section = client.post(
        reverse("portal:sharing-section", args=[world.account.pk, "potential"]),
        {"shared": "1"},
        follow=True,
    )

    assert "Choose one of the share levels." in bad_level.content.decode()
    assert "Unknown section." in bad_section.content.decode()
    assert not ShareEvent.objects.exists()


def test_sharing_page_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    client = client_for("owner")
    sharing_set_level(user=world.owner, account=world.account, level="strategic")
    for section in domain.MINIMUM_LEVEL:
        section_set(user=world.owner, account=world.account, section=section, shared=True)

    with django_assert_max_num_queries(15):
        assert client.get(reverse("portal:sharing", args=[world.account.pk])).status_code == 200
