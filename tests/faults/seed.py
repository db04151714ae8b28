"""Prepares the fault suite's database, run as ``python -m tests.faults.seed`` in a process of its own.

Migrates the database named by DATABASE_URL, imports the search tests' small bundle
(indexed inline into the index named by ELASTICSEARCH_URL and SEARCH_INDEX_PREFIX),
makes an admin of the trust ``t-north`` and registers an API client acting for them,
then prints JSON: the client's id and secret and the id of a published need to match.

A process of its own, so that nothing the app starts (a background drain of the
outbox, say) keeps running in the test process beside the server under test.
"""
from __future__ import annotations

import json
import logging
import sys

ADMIN_EMAIL = "faults-admin@example.nhs.uk"
TRUST = "t-north"
NEED_TO_MATCH = "n-copd"


def main() -> int:
    from flask_migrate import upgrade

    from auth.services.clients import register_client
    from auth.policy.identity import Actor, cli_actor
    from marketplace import create_app
    from marketplace.models import Membership, Need, Organisation, User, db
    from marketplace.schemas.bundle import parse_bundle
    from marketplace.services.bundle import import_bundle
    from tests.search.dataset import BUNDLE

    logging.disable(logging.INFO)  # alembic's "Running upgrade" lines
    app = create_app()
    with app.app_context():
        upgrade()
        import_bundle(cli_actor("faults seed"), parse_bundle(BUNDLE))
        trust = db.session.execute(db.select(Organisation).where(Organisation.ref == TRUST)).scalar_one()
        user = User(email=ADMIN_EMAIL, name="Fault suite admin", is_platform_admin=False, password_hash=None)
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, organisation_id=trust.id, role="admin"))
        db.session.commit()
        actor = Actor(user=user, label="cli:faults seed", via="session")
        client, secret = register_client(actor, trust.id, "fault suite", ["listings:read", "listings:write"])
        need_id = db.session.execute(db.select(Need.id).where(Need.ref == NEED_TO_MATCH)).scalar_one()
        json.dump({"client_id": client.client_id, "client_secret": secret, "organisation": TRUST,
                   "need_id": need_id}, sys.stdout)
        db.session.remove()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
