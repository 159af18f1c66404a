"""A sample network to try Rapport with: about sixty people, their groups and events, and two
years of interactions and exchanges, made the same way every time from a seed.

Every view should have something true to show: givers and takers, promised
favours, referrals with the client named, introductions between two
contacts, needs that match offers, circles, birthdays coming up.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from desktop.domain.contact import Address, ContactData, Email, Phone, Url, fold_text
from desktop.services import timeline as timeline_service
from desktop.services import undo
from desktop.services.contacts import insert_contacts, update_fields
from desktop.services.groups import mark_met_at
from desktop.services.touches import refresh_last_contact
from desktop.storage.db import database
from desktop.storage.models import Event, EventAttendee, GroupMember, Knows, NetworkGroup, NeedOffer

DEFAULT_SEED = 7

# (given, family, city, country, phone prefix, email domain style)
PEOPLE = [
    ("Amélie", "Laurent", "Lyon", "France", "+33 4 72"),
    ("Jürgen", "Müller", "Munich", "Germany", "+49 89"),
    ("Sofía", "García", "Madrid", "Spain", "+34 91"),
    ("Ingrid", "Ødegård", "Oslo", "Norway", "+47 22"),
    ("Chidi", "Okafor", "Lagos", "Nigeria", "+234 1"),
    ("Priya", "Raman", "Bengaluru", "India", "+91 80"),
    ("Wei", "Zhang", "Singapore", "Singapore", "+65 6"),
    ("Yuki", "Tanaka", "Osaka", "Japan", "+81 6"),
    ("Omar", "Haddad", "Amman", "Jordan", "+962 6"),
    ("Linh", "Nguyễn", "Hanoi", "Vietnam", "+84 24"),
    ("Siobhán", "O'Brien", "Dublin", "Ireland", "+353 1"),
    ("Nikos", "Papadopoulos", "Athens", "Greece", "+30 21"),
    ("João", "Silva", "Porto", "Portugal", "+351 22"),
    ("Łukasz", "Kowalski", "Kraków", "Poland", "+48 12"),
    ("Fatima", "Benali", "Casablanca", "Morocco", "+212 522"),
    ("Mateo", "Rossi", "Milan", "Italy", "+39 02"),
    ("Hannah", "Schmidt", "Hamburg", "Germany", "+49 40"),
    ("Kwame", "Mensah", "Accra", "Ghana", "+233 30"),
    ("Elif", "Yılmaz", "Istanbul", "Türkiye", "+90 212"),
    ("Sven", "Lindqvist", "Stockholm", "Sweden", "+46 8"),
    ("Aisha", "Bello", "Abuja", "Nigeria", "+234 9"),
    ("Rahul", "Mehta", "Mumbai", "India", "+91 22"),
    ("Mei", "Chen", "Taipei", "Taiwan", "+886 2"),
    ("Carlos", "Hernández", "Mexico City", "Mexico", "+52 55"),
    ("Zoë", "Van den Berg", "Utrecht", "Netherlands", "+31 30"),
    ("Dmitri", "Volkov", "Tallinn", "Estonia", "+372 6"),
    ("Grace", "Kim", "Seoul", "South Korea", "+82 2"),
    ("Tomás", "Ó Briain", "Galway", "Ireland", "+353 91"),
    ("Leila", "Karimi", "Toronto", "Canada", "+1 416"),
    ("Benjamin", "Cohen", "Tel Aviv", "Israel", "+972 3"),
    ("Ana", "Popescu", "Bucharest", "Romania", "+40 21"),
    ("Marcus", "Johnson", "Chicago", "United States", "+1 312"),
    ("Noor", "Rahman", "Dhaka", "Bangladesh", "+880 2"),
    ("Björn", "Andersson", "Gothenburg", "Sweden", "+46 31"),
    ("Camille", "Dubois", "Brussels", "Belgium", "+32 2"),
    ("Thandiwe", "Ndlovu", "Johannesburg", "South Africa", "+27 11"),
    ("Hiroshi", "Sato", "Tokyo", "Japan", "+81 3"),
    ("Isabela", "Costa", "São Paulo", "Brazil", "+55 11"),
    ("Ahmed", "Farouk", "Cairo", "Egypt", "+20 2"),
    ("Olga", "Nowak", "Warsaw", "Poland", "+48 22"),
    ("Patrick", "Murphy", "Cork", "Ireland", "+353 21"),
    ("Valentina", "Moretti", "Turin", "Italy", "+39 011"),
    ("Arjun", "Iyer", "Chennai", "India", "+91 44"),
    ("Chloé", "Martin", "Paris", "France", "+33 1"),
    ("Emeka", "Eze", "Enugu", "Nigeria", "+234 42"),
    ("Freya", "Nielsen", "Copenhagen", "Denmark", "+45 33"),
    ("Diego", "Ramírez", "Bogotá", "Colombia", "+57 1"),
    ("Sarah", "Goldberg", "New York", "United States", "+1 212"),
    ("Mohammed", "Al-Sayed", "Dubai", "United Arab Emirates", "+971 4"),
    ("Julia", "Wagner", "Vienna", "Austria", "+43 1"),
    ("Kofi", "Asante", "Kumasi", "Ghana", "+233 32"),
    ("Anaïs", "Lefèvre", "Montréal", "Canada", "+1 514"),
    ("Rafael", "Santos", "Lisbon", "Portugal", "+351 21"),
    ("Mariam", "Hussain", "Lahore", "Pakistan", "+92 42"),
    ("Erik", "Johansson", "Malmö", "Sweden", "+46 40"),
    ("Lucía", "Fernández", "Buenos Aires", "Argentina", "+54 11"),
    ("Tariq", "Siddiqui", "Karachi", "Pakistan", "+92 21"),
    ("Nadia", "Petrova", "Sofia", "Bulgaria", "+359 2"),
    ("Oliver", "Bennett", "Manchester", "United Kingdom", "+44 161"),
    ("Ren", "Watanabe", "Kyoto", "Japan", "+81 75"),
]

ORGS = [
    ("Laurent Conseil", "Founder", "consulting"),
    ("Bergmann Steuerberatung", "Tax advisor", "bookkeeping"),
    ("Taller Creativo", "Creative director", "design"),
    ("Fjord Analytics", "Head of data", "data"),
    ("Okafor & Partners", "Managing partner", "law"),
    ("Lotus Software", "CTO", "software"),
    ("Harbourfront Ventures", "Investor", "investment"),
    ("Sakura Print", "Owner", "printing"),
    ("Levant Logistics", "Operations manager", "logistics"),
    ("Saigon Kitchen", "Restaurant owner", "restaurant"),
    ("Green Door Marketing", "Marketing consultant", "marketing"),
    ("Aegean Hotels", "Sales director", "hospitality"),
    ("Douro Wines", "Export manager", "wine"),
    ("Vistula Dev", "Freelance developer", "software"),
    ("Atlas Recruiting", "Recruiter", "recruiting"),
    ("Studio Rossi", "Architect", "architecture"),
    ("Nordlicht Media", "Journalist", "media"),
    ("Gold Coast Solar", "CEO", "energy"),
    ("Bosphorus Textiles", "Buyer", "retail"),
    ("Kista Cloud", "Account executive", "software"),
    ("Bello Events", "Event planner", "events"),
    ("Mehta Insurance", "Broker", "insurance"),
    ("Formosa Design Lab", "UX researcher", "design"),
    ("Hernández Photography", "Photographer", "photography"),
    ("Utrecht Coworking", "Community manager", "coworking"),
    ("Baltic Security", "Security consultant", "security"),
    ("Han River Bank", "Relationship manager", "banking"),
    ("Connemara Crafts", "Maker", "crafts"),
    ("Maple Coaching", "Executive coach", "coaching"),
    ("Cohen Legal", "Lawyer", "law"),
]

NEEDS = [
    ("marketing help for a restaurant reopening", "marketing"),
    ("a bookkeeper who knows start-ups", "bookkeeping"),
    ("introductions to hotel chains", "hospitality"),
    ("a reliable printer for 5,000 flyers", "printing"),
    ("a data analyst for two months", "data"),
    ("investors for a seed round", "investment"),
    ("a photographer for the product launch", "photography"),
    ("office space for a team of six", "coworking"),
    ("legal advice on a shareholder agreement", "law"),
    ("a recruiter for senior engineers", "recruiting"),
]
OFFERS = {
    "marketing": "marketing strategy and campaigns",
    "bookkeeping": "bookkeeping and tax returns",
    "hospitality": "contacts in the hotel trade",
    "printing": "printing at short notice",
    "data": "data analysis and dashboards",
    "investment": "angel investment and pitch feedback",
    "photography": "product and event photography",
    "coworking": "desks and meeting rooms",
    "law": "contract and company law",
    "recruiting": "tech recruiting",
    "software": "web and mobile development",
    "design": "branding and UX design",
    "coaching": "leadership coaching",
    "events": "event planning",
    "consulting": "strategy for small firms",
    "logistics": "shipping and customs know-how",
    "wine": "wine for client gifts",
    "architecture": "office fit-outs",
    "media": "press contacts",
    "energy": "solar for offices",
    "retail": "buyers in textiles",
    "security": "security audits",
    "banking": "business banking",
    "crafts": "handmade corporate gifts",
    "insurance": "business insurance",
}

INTERACTION_SUMMARIES = {
    "meeting": ["Coffee at the station café", "Lunch to catch up", "Met at their office", "Breakfast before the meeting"],
    "call": ["Quick call about the project", "Phone catch-up", "Called to ask how the launch went"],
    "email": ["Sent the proposal", "Replied about dates", "Shared the article we talked about"],
    "message": ["Congratulated them on the new role", "Sent photos from the event", "Asked about their trip"],
    "check_in": ["Checked in after the holidays", "Checked in: all well", "Checked in about the move"],
}
EXCHANGE_SUMMARIES = {
    "favour": ["Reviewed their pitch deck", "Lent the projector", "Proof-read the brochure"],
    "referral": ["Referred a client", "Passed on a lead for a website", "Sent a customer their way"],
    "introduction": ["Introduced them to each other", "Made an introduction over email"],
    "advice": ["Advice on pricing", "Feedback on the new logo", "Advice on hiring a first employee"],
    "purchase": ["Bought their services", "Ordered printing", "Booked a team dinner"],
    "info": ["Shared a grant opportunity", "Sent a list of venues", "Shared the tender notice"],
    "invitation": ["Invited to the chamber dinner", "Invited to speak at the meetup", "Invited to the launch party"],
    "recommendation": ["Recommended them on LinkedIn", "Wrote a testimonial", "Recommended them to the board"],
    "ask": ["Asked for an introduction to their CFO", "Asked for a quote at cost", "Asked for feedback on a talk"],
}
CLIENT_NAMES = ["Bakery Moreau", "Hotel Miramar", "a dentist in Leeds", "Café Lumen", "Northwind Ltd", "City Gym"]

HOW_MET = [
    "Sat next to each other at the chamber dinner",
    "Met through the leads group",
    "Introduced by a mutual friend",
    "Former colleague",
    "Met at a conference in Berlin",
    "Neighbour at the coworking space",
]
INTERESTS = ["running", "jazz", "sailing", "chess", "cooking", "hiking", "photography", "football", "gardening"]


@dataclass(frozen=True)
class SampleSummary:
    contacts: int
    interactions: int
    exchanges: int
    groups: int
    events: int


def _email(given: str, family: str, org: str) -> str:
    domain = fold_text(org).replace("&", "and")
    domain = "".join(ch for ch in domain if ch.isalnum()) or "example"
    local = "".join(ch for ch in fold_text(given) if ch.isalnum())
    return f"{local}.{''.join(ch for ch in fold_text(family) if ch.isalnum())}@{domain}.example"


def _phone(rng: random.Random, prefix: str) -> str:
    return f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def _contact_datas(rng: random.Random, today: dt.date) -> list[ContactData]:
    datas = []
    for n, (given, family, city, country, prefix) in enumerate(PEOPLE):
        org, title, sector = ORGS[n % len(ORGS)]
        if n >= len(ORGS) and rng.random() < 0.5:
            org, title, sector = ORGS[rng.randrange(len(ORGS))]
        birth_year = rng.randint(1962, 1998)
        # A couple of birthdays fall in the coming week so the Today page has some.
        if n in (2, 17):
            bday = today + dt.timedelta(days=3 + n % 4)
            birthday = f"{birth_year}-{bday.month:02d}-{bday.day:02d}"
        elif n % 5 == 0:
            birthday = f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        else:
            birthday = f"{birth_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        data = ContactData(
            given_name=given,
            family_name=family,
            full_name=f"{given} {family}",
            organization=org,
            title=title,
            birthday=birthday,
            phones=[Phone(_phone(rng, prefix), "cell", pref=True)],
            emails=[Email(_email(given, family, org), "work", pref=True)],
            addresses=[Address(street=f"{rng.randint(1, 120)} Market Street", city=city, country=country, kind="work")],
            tags=sorted({sector, rng.choice(["client", "partner", "supplier", "friend", "mentor", "prospect"])}),
            uid=f"sample-{n:03d}@rapport",
        )
        if n % 3 == 0:
            data.phones.append(Phone(_phone(rng, prefix), "work"))
        if n % 4 == 0:
            data.urls.append(Url(f"https://{data.emails[0].value.split('@')[1].removesuffix('.example')}.example", "work"))
        if n % 7 == 0:
            data.nickname = given[:3]
        if n % 2 == 0:
            data.note = rng.choice(
                [
                    "Prefers mornings. Two children, loves the mountains.",
                    "Always brings good questions. Ask about the marathon.",
                    "Speaks four languages; grew up by the sea.",
                    "Runs the chamber's newsletter.",
                    "Vegetarian; coffee, never tea.",
                ]
            )
        datas.append(data)
    return datas


def create_sample_network(seed: int = DEFAULT_SEED, today: dt.date | None = None) -> SampleSummary:
    """Write the sample network into the open database; returns what was made."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    start = today - dt.timedelta(days=730)

    def day_between(a: dt.date, b: dt.date) -> dt.date:
        span = max(0, (b - a).days)
        return a + dt.timedelta(days=rng.randint(0, span))

    # Quietly: the hundreds of entries it logs are not steps for Edit → Undo.
    with database.atomic(), undo.quietly():
        ids = insert_contacts(_contact_datas(rng, today))
        n = len(ids)
        # Circles: a few close people, more at the edges, the rest in none.
        circles = ["inner"] * 5 + ["close"] * 12 + ["active"] * 20 + ["wider"] * 15
        circles += [""] * (n - len(circles))
        for cid, circle in zip(ids, circles):
            update_fields(
                cid,
                circle=circle,
                met_how=HOW_MET[cid % len(HOW_MET)],
                interests=", ".join(rng.sample(INTERESTS, 2)),
                priority=2 if circle == "inner" else (1 if circle == "close" else 0),
            )
        update_fields(ids[-1], archived=True)  # someone who moved away

        groups_spec = [
            ("Riverside Chamber of Commerce", "chamber", 45000),
            ("Thursday Leads Circle", "leads_group", 60000),
            ("Women in Tech Association", "association", 12000),
            ("Founders Breakfast", "event_series", 0),
            ("Indie Makers Online", "online", 0),
        ]
        groups = [NetworkGroup.create(name=g, kind=k, yearly_fee_cents=fee) for g, k, fee in groups_spec]
        for i, cid in enumerate(ids):
            for g in rng.sample(groups, rng.choice([0, 1, 1, 2])):
                GroupMember.insert(group=g.id, contact=cid, joined_on=day_between(start, today)).on_conflict_ignore().execute()
        # The leads group: a dozen regulars.
        for cid in ids[:12]:
            GroupMember.insert(group=groups[1].id, contact=cid).on_conflict_ignore().execute()

        events = []
        event_names = [
            ("Chamber New Year reception", 0, "Town Hall", 3.0, 4500),
            ("Leads Circle breakfast", 1, "Hotel Miramar", 1.5, 2500),
            ("Women in Tech summer meetup", 2, "Utrecht Coworking", 2.5, 0),
            ("Founders Breakfast #12", 3, "Café Lumen", 1.5, 1500),
            ("Chamber awards dinner", 0, "Grand Hotel", 4.0, 9000),
            ("Leads Circle breakfast", 1, "Hotel Miramar", 1.5, 2500),
            ("Founders Breakfast #18", 3, "Café Lumen", 1.5, 1500),
            ("Chamber autumn mixer", 0, "Riverside Brewery", 2.5, 3000),
        ]
        for k, (name, gi, place, hours, cost) in enumerate(event_names):
            when = start + dt.timedelta(days=int(730 * (k + 1) / (len(event_names) + 1)))
            if k == len(event_names) - 1:
                when = today - dt.timedelta(days=1)  # yesterday: follow-ups due tomorrow
            events.append(
                Event.create(name=name, date=when, group=groups[gi].id, place=place, hours=hours, cost_cents=cost)
            )
        for ev in events:
            for cid in rng.sample(ids[:-1], 6):
                EventAttendee.insert(event=ev.id, contact=cid).on_conflict_ignore().execute()
        for cid in ids[20:40]:  # where they were first met (so they attended it too)
            mark_met_at(events[cid % len(events)].id, [cid])
        refresh_last_contact(ids)  # the events they attended are touches

        interactions = exchanges = 0
        channels = list(INTERACTION_SUMMARIES)
        per_circle = {"inner": 14, "close": 8, "active": 4, "wider": 2, "": 1}
        for cid, circle in zip(ids, circles):
            count = per_circle[circle] + rng.randint(0, 2)
            for _ in range(count):
                ch = rng.choice(channels)
                timeline_service.log_interaction(
                    [cid], day_between(start, today), ch, summary=rng.choice(INTERACTION_SUMMARIES[ch])
                )
                interactions += 1

        def exchange(cids, kind, direction, on, **kw):
            nonlocal exchanges
            kw.setdefault("summary", rng.choice(EXCHANGE_SUMMARIES[kind]))
            timeline_service.log_exchange(cids, kind, direction, on, **kw)
            exchanges += 1

        kinds = [k for k in EXCHANGE_SUMMARIES if k not in ("introduction", "referral")]
        for i, (cid, circle) in enumerate(zip(ids, circles)):
            if circle == "":
                continue
            lean = rng.choice(["even", "even", "giver", "taker"])
            for _ in range(per_circle[circle] // 2 + rng.randint(0, 2)):
                kind = rng.choice(kinds)
                if lean == "giver":
                    direction = "received" if rng.random() < 0.75 else "given"
                elif lean == "taker":
                    direction = "given" if rng.random() < 0.8 else "received"
                else:
                    direction = rng.choice(["given", "received"])
                status = "promised" if rng.random() < 0.08 else "done"
                on = day_between(start, today) if status == "done" else today + dt.timedelta(days=rng.randint(1, 20))
                money = rng.choice([None, None, 15000, 42000]) if kind == "purchase" else None
                exchange([cid], kind, direction, on, status=status, money_cents=money)
            # Referrals, with the client named.
            if rng.random() < 0.5:
                exchange(
                    [cid],
                    "referral",
                    rng.choice(["given", "received"]),
                    day_between(start, today),
                    third_party_name=rng.choice(CLIENT_NAMES),
                    status=rng.choice(["done", "won", "lost", "done"]),
                    money_cents=rng.choice([None, 120000, 350000]),
                )

        # Introductions between two contacts: one act that gives to both, and they now know each other.
        pairs = [(0, 9), (10, 9), (5, 13), (2, 22), (6, 29), (1, 16), (20, 36), (3, 45), (11, 47), (0, 28)]
        for a, b in pairs:
            on = day_between(start, today)
            exchange(
                [ids[a]],
                "introduction",
                "given",
                on,
                third_party_id=ids[b],
                summary="Introduced them: " + rng.choice(["marketing for the reopening", "a shared client", "both hiring"]),
            )
        for a in (4, 7, 12):
            exchange(
                [ids[a]],
                "introduction",
                "received",
                day_between(start, today),
                third_party_name=rng.choice(["the CFO of Northwind", "a journalist at the Herald", "an angel investor"]),
            )
        # The first contact's page shows every kind, both ways, a promise and a referral outcome.
        first = ids[0]
        for kind in EXCHANGE_SUMMARIES:
            if kind == "introduction":
                continue
            for direction in ("given", "received"):
                extra = {"third_party_name": "Bakery Moreau", "status": "won"} if kind == "referral" else {}
                exchange([first], kind, direction, day_between(today - dt.timedelta(days=300), today), **extra)
        exchange([first], "favour", "given", today + dt.timedelta(days=4), status="promised", summary="Promised: review the new website")
        # A taker: given to three times lately, nothing back.
        taker = ids[30]
        for k in range(3):
            exchange([taker], rng.choice(["favour", "advice", "referral"]), "given", today - dt.timedelta(days=20 + 30 * k))

        # Needs and offers: some needs meet others' offers (the restaurant owner needs marketing help...).
        for i, cid in enumerate(ids):
            sector = ORGS[i % len(ORGS)][2]
            if sector in OFFERS:
                NeedOffer.create(contact=cid, kind="offer", text=OFFERS[sector], tags=sector)
            if i == 9:  # the restaurant owner who needs marketing help
                NeedOffer.create(contact=cid, kind="need", text=NEEDS[0][0], tags=NEEDS[0][1])
            elif i % 3 == 0:
                need, tag = NEEDS[(i // 3 + 1) % len(NEEDS)]
                NeedOffer.create(contact=cid, kind="need", text=need, tags=tag)
        # Who knows whom, as the person said (a shared organisation, event or group is inferred).
        said = [(0, 24, "friend"), (3, 40, "family"), (6, 33, "client"), (12, 50, "colleague"), (15, 35, "friend"),
                (21, 44, "introduced by"), (8, 49, "friend"), (26, 53, "colleague"), (1, 41, "client")]  # fmt: skip
        for a, b, how in said:
            lo, hi = sorted((ids[a], ids[b]))
            Knows.insert(a=lo, b=hi, source="manual", how=how).on_conflict_ignore().execute()
    return SampleSummary(len(ids), interactions, exchanges, len(groups), len(events))
