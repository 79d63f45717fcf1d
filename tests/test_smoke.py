def test_healthz(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.get_data(as_text=True) == "ok"


def test_register_page(client):
    r = client.get("/auth/register")
    assert r.status_code == 200, r.get_data(as_text=True)
