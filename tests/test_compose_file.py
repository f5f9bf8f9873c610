"""The scaled deployment (docker compose --scale web=3 --scale worker=3) is wired as docs/SCALING.md says.

No Docker engine runs on the build machine, so this reads the compose file and the proxy's
configuration rather than starting them.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_and_workers_scale_behind_a_proxy_and_a_pooler():
    services = compose()["services"]
    for name in ("db", "redis", "pgbouncer", "migrate", "web", "worker", "beat", "proxy"):
        assert name in services, name
    # web publishes no fixed host port, so --scale web=3 does not collide; the proxy does.
    assert all(":" not in str(port) for port in services["web"].get("ports", []))
    assert services["proxy"]["ports"] == ["8080:80"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert "@pgbouncer:6432/" in env["DATABASE_URL"] and env["DB_BEHIND_POOLER"] == "1", name
    assert "@db:5432/" in services["migrate"]["environment"]["DATABASE_URL"]  # migrations bypass the pooler
    assert services["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name


def test_the_proxy_balances_over_every_web_container():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "resolver 127.0.0.11" in conf  # Docker's DNS: one address per scaled container
    assert "server web:8000 resolve;" in conf
    assert "proxy_set_header X-Forwarded-Proto" in conf
    assert "client_max_body_size 26m;" in conf  # letters up to the 25 MB upload limit
