"""docker-compose runs Mailpit, and the app containers send their mail to it unless .env says otherwise."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_containers_point_at_mailpit():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["EMAIL_HOST"] == "${EMAIL_HOST:-mailpit}" and env["EMAIL_PORT"] == "${EMAIL_PORT:-1025}", name
        assert "mailpit" in services[name]["depends_on"], name
