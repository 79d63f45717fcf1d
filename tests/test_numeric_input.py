"""Numbers in links and forms are ASCII digits within range, else 422.

Python's int() (and so WTForms' IntegerField) also accepts fullwidth and
other Unicode digits, a sign, underscores and surrounding whitespace; and
`page=` followed by fullwidth digits and 400 nines overflowed NumberRange's
float check into a 500. Each bad value below gets a clear 422 and writes
nothing."""

import pytest

from cleaning_app.models import Cleaning
from cleaning_app.validators import whole_number

from .builders import BOOKING, count, log_in, make_user

FULLWIDTH_123 = "\uff11\uff12\uff13"
BAD_WHOLE_NUMBERS = [
    "\r\n" + FULLWIDTH_123 + "9" * 400,  # the finding
    FULLWIDTH_123,
    "\uff12",  # fullwidth 2
    "\u0663",  # Arabic-Indic 3
    "9" * 400,
    "9" * 5000,  # more digits than int() converts
    " 2",
    "2 ",
    "\t2",
    "2\n",
    "\r\n2",
    "+2",
    "-2",
    "2_0",
    "2.0",
    "1e3",
    "0x10",
    "0",
]


def test_whole_number_takes_only_plain_digits_in_range():
    assert whole_number("7", 1, 50) == 7
    assert whole_number("007", 1, 50) == 7
    assert whole_number("50", 1, 50) == 50
    for value in [*BAD_WHOLE_NUMBERS, "51", "", None]:
        assert whole_number(value, 1, 50) is None, repr(value)


@pytest.fixture
def member(app, browser_as):
    return browser_as(make_user(app, "member"))


@pytest.mark.parametrize("value", BAD_WHOLE_NUMBERS)
def test_listing_page_is_422_unless_plain_digits(client, value):
    response = client.get("/cleanings", query_string={"page": value})
    assert response.status_code == 422
    assert "Page must be between 1 and 10000." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", BAD_WHOLE_NUMBERS)
def test_feed_limit_is_422_unless_plain_digits(member, value):
    assert member.get("/feed", query_string={"limit": value}).status_code == 422


@pytest.mark.parametrize("value", BAD_WHOLE_NUMBERS)
def test_profile_reviews_page_is_422_unless_plain_digits(member, value):
    response = member.get("/profiles/member", query_string={"page": value})
    assert response.status_code == 422


@pytest.mark.parametrize("value", BAD_WHOLE_NUMBERS)
def test_admin_users_page_is_422_unless_plain_digits(app, make_client, value):
    make_user(app, "root", is_superuser=True)
    admin = make_client()
    log_in(admin, "root")
    response = admin.get("/admin/users", query_string={"page": value})
    assert response.status_code == 422


def test_plain_digits_in_range_still_work(app, member):
    assert member.get("/cleanings", query_string={"page": "2"}).status_code == 200
    assert member.get("/feed", query_string={"limit": "50"}).status_code == 200
    profile = member.get("/profiles/member", query_string={"page": "1"})
    assert profile.status_code == 200


BAD_PRICES = [
    "\uff12\uff15",  # fullwidth 25
    "\r\n25",
    "25\n",
    "\t25",
    "25\t",
    "\u300025",  # ideographic space
    "\u00a025",  # no-break space
    "2\u00a05",
    "9" * 400,
]


@pytest.mark.parametrize("value", BAD_PRICES)
@pytest.mark.parametrize("name", ["min_price", "max_price"])
def test_listing_price_filters_are_422_unless_plain_digits(client, name, value):
    response = client.get("/cleanings", query_string={name: value})
    assert response.status_code == 422


@pytest.mark.parametrize("value", BAD_PRICES)
def test_job_price_is_422_unless_plain_digits(app, member, value):
    response = member.post(
        "/cleanings/new",
        {"name": "Windows", "price": value, "cleaning_type": "dust_up", **BOOKING},
    )
    assert response.status_code == 422
    assert "Enter an amount in dollars" in response.get_data(as_text=True) or (
        "below $100,000" in response.get_data(as_text=True)
    )
    assert count(app, Cleaning) == 0


def test_a_price_with_spaces_and_a_dollar_sign_is_still_fine(app, member):
    response = member.post(
        "/cleanings/new",
        {
            "name": "Windows",
            "price": " $ 25.50 ",
            "cleaning_type": "dust_up",
            **BOOKING,
        },
    )
    assert response.status_code == 303
    assert count(app, Cleaning) == 1
