from django.urls import reverse


def test_the_home_page_lists_the_demo_motions_with_their_status(client, demo):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "35207-83" in body and "36600-V-31" in body
    assert "Paternotte" in body
    assert 'class="badge status-open"' in body


def test_a_motion_page_by_key(client, demo):
    response = client.get("/moties/35207-83/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "zich altijd uitspreken tegen Chinese escalatie" in body
    assert "verzoekt het kabinet zich altijd uit te spreken" in body
    assert "J.M. Paternotte" in body and "(<a href=\"/fracties/d66/\">D66</a>)" in body
    assert "https://zoek.officielebekendmakingen.nl/kst-35207-83.html" in body
    assert "2025Z06902" in body  # the tweedekamer.nl link


def test_other_spellings_of_a_key_redirect_to_the_one_url(client, demo):
    response = client.get("/moties/kst-35207-83/")
    assert response.status_code == 301
    assert response["Location"] == reverse("motion-detail", args=["35207-83"])


def test_a_budget_chapter_motion_page(client, demo):
    response = client.get("/moties/36600-V-31/")
    assert response.status_code == 200
    assert "elektrische auto" in response.content.decode()


def test_unknown_and_malformed_keys_are_not_found(client, demo):
    assert client.get("/moties/35207-1/").status_code == 404
    assert client.get("/moties/not-a-key/").status_code == 404


def test_the_motion_page_uses_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get("/moties/35207-83/").status_code == 200


def test_the_other_pages_render(client, demo):
    for url in ["/moties/", "/dossiers/35207/", "/dossiers/36600-V/", "/leden/jm-paternotte/", "/fracties/d66/", "/ministeries/buitenlandse-zaken/", "/brieven/"]:
        assert client.get(url).status_code == 200, url
