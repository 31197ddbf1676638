"""The demo agency: clients, locations and one user per role, created once and reported every time."""

from __future__ import annotations

from collections.abc import Callable

from rich.progress import Progress
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from backend.auth.models import Role, User
from backend.clients.models import Client
from backend.db import session_scope
from backend.demo_stages import stages
from backend.fieldwork.models import Location
from backend.users.service import create_user

DEMO_PASSWORD = "fieldcheck-demo-2026"
DEMO_USERS = (
    ("admin@demo.fieldcheck.dev", "Agentur Admin", Role.admin, None),
    ("reviewer@demo.fieldcheck.dev", "Rita Reviewer", Role.reviewer, None),
    ("tester@demo.fieldcheck.dev", "Tom Tester", Role.tester, None),
    ("tester2@demo.fieldcheck.dev", "Tina Testerin", Role.tester, None),
    ("client@demo.fieldcheck.dev", "Carla Client", Role.client, "TeleMax Mobilfunk"),
)
DEMO_CLIENTS = {
    "TeleMax Mobilfunk": ("#c2185b", "de", [
        ("TM-BER-01", "TeleMax Shop Berlin Alexanderplatz", "store", "Alexanderplatz 9", "10178", "Berlin", 52.5219, 13.4132),
        ("TM-HAM-01", "TeleMax Shop Hamburg Mönckebergstraße", "store", "Mönckebergstraße 7", "20095", "Hamburg", 53.5507, 10.0005),
        ("TM-MUC-01", "TeleMax Shop München Kaufingerstraße", "store", "Kaufingerstraße 14", "80331", "München", 48.1374, 11.5720),
        ("TM-HOTLINE", "TeleMax Kundenhotline", "hotline", None, None, None, None, None),
    ]),
    "Nordbank AG": ("#0b5394", "de", [
        ("NB-KOE-01", "Nordbank Filiale Köln Dom", "branch", "Domkloster 2", "50667", "Köln", 50.9413, 6.9583),
        ("NB-FRA-01", "Nordbank Filiale Frankfurt Zeil", "branch", "Zeil 90", "60313", "Frankfurt am Main", 50.1147, 8.6821),
    ]),
    "Frischmarkt GmbH": ("#38761d", "en", [
        ("FM-STU-01", "Frischmarkt Stuttgart Königstraße", "store", "Königstraße 27", "70173", "Stuttgart", 48.7784, 9.1800),
        ("FM-LEI-01", "Frischmarkt Leipzig Petersstraße", "store", "Petersstraße 36", "04109", "Leipzig", 51.3387, 12.3740),
    ]),
}


def seed_demo(engine: Engine, *, echo: Callable[[str], None] = print) -> None:
    """Create the demo once; every call prints the logins."""
    with Session(engine) as session:
        seeded = session.exec(select(User.id).where(User.email == DEMO_USERS[0][0])).first() is not None
    if not seeded:
        all_stages = [_seed_clients, _seed_users, *stages()]
        with Progress(transient=True) as progress:
            task = progress.add_task("seeding the demo agency", total=len(all_stages))
            with session_scope(engine) as session:
                for stage in all_stages:
                    stage(session)
                    session.flush()
                    progress.advance(task)
        echo("demo agency created")
    echo(f"demo logins (password for all: {DEMO_PASSWORD}):")
    for email, name, role, _client in DEMO_USERS:
        echo(f"  {role.value:<9} {email:<32} {name}")


def _seed_clients(session: Session) -> None:
    for name, (color, language, locations) in DEMO_CLIENTS.items():
        client = Client(name=name, brand_color=color, report_language=language)
        session.add(client)
        session.flush()
        for code, loc_name, kind, street, postal, city, lat, lon in locations:
            session.add(Location(client_id=client.id, code=code, name=loc_name, kind=kind, street=street,
                                 postal_code=postal, city=city, country="DE", latitude=lat, longitude=lon,
                                 phone="+49 30 1234567" if kind == "hotline" else None))


def _seed_users(session: Session) -> None:
    for email, name, role, client_name in DEMO_USERS:
        client_id = None
        if client_name:
            client_id = session.exec(select(Client.id).where(Client.name == client_name)).one()
        create_user(session=session, email=email, display_name=name, password=DEMO_PASSWORD, role=role,
                    client_id=client_id)
