"""Where the Tryton database server is, for the test and demo tooling: PGHOST, PGPORT and
PGUSER (default 127.0.0.1:55433, postgres), written into a trytond config file."""

import os
import tempfile

PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("PGPORT", "55433")
PG_USER = os.environ.get("PGUSER", "postgres")

# trytond reads its default database URI from the environment when it is first imported,
# and some of Tryton's own helpers import it before any config file is read: set it now.
os.environ["TRYTOND_DATABASE_URI"] = f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/"


def config_file():
    """Path of a trytond configuration pointing at the server (made once per process)."""
    path = os.path.join(tempfile.gettempdir(), f"tierd-trytond-{PG_PORT}-{os.getpid()}.conf")
    if not os.path.exists(path):
        with open(path, "w") as conf:
            conf.write(f"[database]\nuri = postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/\n")
    return path
