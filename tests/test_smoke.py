from django.urls import reverse


def test_owner_sees_own_account_page(client_for, world):
    response = client_for("owner").get(reverse("accounts:detail", args=[world.account.pk]))
    assert response.status_code == 200
    assert b"Polmet" in response.content


def test_outsider_gets_404(client_for, world):
    response = client_for("outsider").get(reverse("accounts:detail", args=[world.account.pk]))
    assert response.status_code == 404
