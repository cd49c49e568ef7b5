"""Issue #18 in a real browser: people with equal scores stand apart on the influence
grid, and the org chart leaves room for its root's label (a long account name) and its
leaves' labels."""

from __future__ import annotations

import math

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import AccountFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

# The grid's points in pixels, as ECharts placed them.
GRID_POINTS = """() => {
  const chart = echarts.getInstanceByDom(document.querySelector('.js-grid-chart'));
  return chart.getOption().series[0].data.map(p => chart.convertToPixel('grid', p.value));
}"""
# The tree's root and leaves: where ECharts drew them, and the room on each side.
TREE = """() => {
  const el = document.querySelector('.js-org-chart');
  const chart = echarts.getInstanceByDom(el);
  const tree = chart.getModel().getSeriesByIndex(0).getData().tree;
  const root = tree.root.children[0];  // under ECharts' own virtual root
  const left = chart.getOption().series[0].left;  // the layout's box starts there
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = '11px sans-serif';
  const xs = [];
  root.eachNode(node => { if (node.getLayout()) xs.push(left + node.getLayout().x); });
  const widest = text => Math.max(...String(text).split('\\n').map(l => ctx.measureText(l).width));
  let leafText = 0;
  root.eachNode(node => {
    if (!node.children.length) leafText = Math.max(leafText, widest(node.name));
  });
  return {leafText, root: left + root.getLayout().x, right: Math.max(...xs), width: el.clientWidth,
          rootText: ctx.measureText(root.name).width, nodes: xs.length};
}"""


def _page(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "ru", "url": live_server.url},
        ]
    )
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    return page


def test_equal_scores_do_not_cover_each_other_and_the_root_label_fits(context, live_server):
    kam = UserFactory(username="kam18", role="kam")
    account = AccountFactory(
        name="Przedsiębiorstwo Handlowo-Usługowe Długa Nazwa Sp. z o.o.", owner=kam
    )
    chief = ContactFactory(account=account, first_name="Anna", last_name="Chief", influence=5)
    for n in range(5):  # five people on the same cell of the grid
        ContactFactory(
            account=account,
            first_name=f"Person{n}",
            last_name="Same",
            influence=4,
            interest=4,
            reports_to=chief,
        )
    page = _page(context, live_server, kam)

    page.goto(f"/stakeholders/people/{account.pk}/grid/")
    page.wait_for_function(
        "() => window.echarts && document.querySelector('.js-grid-chart canvas')"
    )
    points = page.evaluate(GRID_POINTS)
    assert len(points) == 5  # the chief has no interest score: not on the grid
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert math.dist(a, b) >= 14, (a, b)  # at least a label's height apart

    page.goto(f"/stakeholders/people/{account.pk}/org-chart/")
    page.wait_for_function("() => window.echarts && document.querySelector('.js-org-chart canvas')")
    tree = page.evaluate(TREE)
    assert tree["nodes"] == 7, tree  # the account, the chief and the five under her
    assert tree["root"] - 6 - tree["rootText"] >= 0, tree  # the root's name is not clipped
    assert tree["leafText"] > 60, tree  # "PersonN Same", "Head of Procurement"
    assert tree["right"] + 6 + tree["leafText"] <= tree["width"], tree  # nor the leaves' names
