"""The navigation follows what the user is here for (CONTRACT "Cleaners:
directory and invitations"): one list, which phones show behind the menu
button."""

import re

import pytest

from .builders import log_in, make_user, text

NAV = re.compile(r'<ul class="nav-links">(.*?)</ul>', re.S)
LINK = re.compile(r'<li><a href="([^"]+)">([^<]+)</a></li>')

HIRE = [
    ("/cleaners", "Find a cleaner"),
    ("/cleanings/new", "Post a job"),
    ("/cleanings/mine", "My jobs"),
]
CLEAN = [("/cleanings", "Find work"), ("/offers/mine", "My offers")]
MEMBER = [("/feed", "Feed"), ("/account", "Account")]


def nav_links(response) -> list[tuple[str, str]]:
    return LINK.findall(NAV.search(text(response)).group(1))


def test_anonymous_visitors_see_both_calls_to_action(client):
    assert nav_links(client.get("/")) == [
        ("/cleaners", "Find a cleaner"),
        ("/cleanings", "Find work"),
        ("/auth/login", "Log in"),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("hire", HIRE + MEMBER),
        ("clean", [CLEAN[0], CLEAN[1]] + MEMBER),
        ("both", [HIRE[0], CLEAN[0], HIRE[1], HIRE[2], CLEAN[1]] + MEMBER),
    ],
)
def test_members_see_the_links_of_their_role(app, client, role, expected):
    log_in(client, make_user(app, "mia", role=role))
    for page in ("/", "/cleanings", "/profiles/mia"):
        assert nav_links(client.get(page)) == expected


def test_changing_the_role_changes_the_navigation(app, client):
    log_in(client, make_user(app, "mia"))
    assert ("/offers/mine", "My offers") not in nav_links(client.get("/"))
    response = client.post(
        "/profiles/me/edit",
        {"role": "clean", "services": "dust_up", "hourly_rate": "20", "areas": "Leith"},
    )
    assert response.status_code == 303
    links = nav_links(client.get("/"))
    assert ("/offers/mine", "My offers") in links
    assert ("/cleanings/new", "Post a job") not in links


def test_a_superuser_also_sees_admin(app, client):
    log_in(client, make_user(app, "ada", role="clean", is_superuser=True))
    assert nav_links(client.get("/"))[-1] == ("/admin/users", "Admin")
