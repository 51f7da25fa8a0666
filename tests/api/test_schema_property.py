"""Property test over the OpenAPI document: schemathesis generates requests for every
operation against the app served on 127.0.0.1, and no answer may be a server error or
disagree with the document (status, content type, body schema)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.serving import make_server

from dashboard.api.openapi import document

pytestmark = pytest.mark.slow

CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance,
          content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def served(demo_store) -> Iterator[str]:
    """The whole app on a free local port, reading the demo store."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", demo_store.db_url)
        patch.setenv("FOTAVTRYKK_DATA_DIR", str(demo_store.data_dir))
        from dashboard.app import server

        httpd = make_server("127.0.0.1", 0, server, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_port}"
        httpd.shutdown()
        thread.join()


#: Loaded from the same definition the app serves (the lazy fixture loader does not run on
#: this pytest); the first test checks the served document is this one.
schema = schemathesis.openapi.from_dict(document())


def test_the_served_document_is_the_one_tested(served):
    import requests

    assert requests.get(f"{served}/api/v1/openapi.json", timeout=10).json() == document()


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_every_answer_matches_the_document(case, served):
    case.call_and_validate(base_url=served, checks=CHECKS)
