from xml.etree import ElementTree

from motions.models import Motion
from motions.services import record_status


def test_the_dashboard_shows_counts_overdue_and_two_charts(client, bz_staff):
    record_status(Motion.objects.by_key("35207-83").get(), to="afgedaan", by=bz_staff)
    client.force_login(bz_staff)
    body = client.get("/beheer/").content.decode()
    assert "Buitenlandse Zaken" in body
    assert "35207-84" in body  # overdue since July 2025
    assert '<img src="/beheer/grafieken/status.svg" alt=' in body and '<img src="/beheer/grafieken/maanden.svg" alt=' in body
    for url in ("/beheer/grafieken/status.svg", "/beheer/grafieken/maanden.svg"):
        response = client.get(url)
        assert response["Content-Type"] == "image/svg+xml"
        root = ElementTree.fromstring(response.content)  # well-formed SVG
        assert root.tag.endswith("svg") and root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "Buitenlandse Zaken: afgedaan 1" in client.get("/beheer/grafieken/status.svg").content.decode()


def test_the_dashboard_uses_a_bounded_number_of_queries(client, bz_staff, django_assert_max_num_queries):
    client.force_login(bz_staff)
    with django_assert_max_num_queries(15):
        assert client.get("/beheer/").status_code == 200
