"""Generate a realistic contact list with planted duplicates, and a LinkedIn ``Connections.csv``, for benchmarks.

    python bench/gen_contacts.py --contacts 100000 --seed 1      # prints a summary
    python bench/gen_contacts.py --linkedin OUT.csv --rows 10000  # writes a LinkedIn export

Names come from several cultures, drawn with a Zipf-like skew so common
names are common (many John Smiths, as in a real network). Each person is a
record shaped like one source: a phone contact (name, mobile, sometimes an
email), a LinkedIn connection (name, company, position, profile URL, no
email), a Google contact (emails, phones, company) or a business card. About
6% of people get a second record from another source, written the way that
source writes it: a nickname, a typo, accents dropped, given and family name
swapped, an initial, the phone in another format. The same seed gives the
same contacts.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.contact import ContactData, Email, Phone, SocialProfile  # noqa: E402

CULTURES = {
    "en": (
        "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony "
        "Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob "
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra "
        "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Katherine Emma",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson "
        "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker "
        "Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris "
        "Murphy Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks "
        "Wood James Bennett Gray Hughes Price Sanders Myers Long Ross Foster Sullivan O'Brien O'Connor Fitzgerald",
    ),
    "de": (
        "Lukas Leon Finn Jonas Paul Felix Maximilian Elias Ben Noah Jürgen Klaus Stefan Thomas Michael Andreas "
        "Wolfgang Uwe Dieter Matthias Sophie Marie Hannah Emma Mia Lena Lea Anna Laura Katharina Sabine Ursula "
        "Petra Monika Andrea Claudia Birgit Heike Jutta Anke",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter "
        "Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner "
        "Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs",
    ),
    "es": (
        "José Antonio Manuel Francisco Juan David Javier Daniel Carlos Jesús Alejandro Miguel Rafael Pablo Sergio "
        "Jorge Luis Alberto Fernando Diego María Carmen Ana Isabel Laura Dolores Pilar Lucía Cristina Marta Elena "
        "Sara Paula Raquel Rosa Beatriz Silvia Patricia Mercedes Andrea Valentina Camila",
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández "
        "Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres Domínguez Vázquez Ramos Gil Ramírez "
        "Serrano Blanco Molina Morales Suárez Ortega Delgado Castro Ortiz Rubio Marín Sanz Iglesias Núñez Medina",
    ),
    "fr": (
        "Jean Pierre Michel André Philippe Alain Nicolas Christophe Laurent Julien François Sébastien Thomas "
        "Antoine Hugo Lucas Louis Marie Nathalie Isabelle Sylvie Catherine Sophie Valérie Christine Céline "
        "Chloé Camille Léa Manon Inès Émilie Julie Claire Aurélie",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel "
        "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet "
        "François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin",
    ),
    "it": (
        "Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore Carlo Marco Alessandro "
        "Andrea Matteo Lorenzo Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Francesca Chiara Giulia "
        "Sara Martina Elena Alessandra",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca Mancini "
        "Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana Santoro Mariani Rinaldi Caruso Ferrara Galli "
        "Martini Leone Longo Gentile Martinelli Vitale Lombardo Serra Coppola De Santis D'Angelo",
    ),
    "pl": (
        "Piotr Krzysztof Andrzej Tomasz Paweł Michał Marcin Jakub Adam Łukasz Anna Maria Katarzyna Małgorzata "
        "Agnieszka Barbara Ewa Krystyna Magdalena Joanna Zofia Aleksandra",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski "
        "Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski",
    ),
    "ng": (
        "Chinedu Emeka Obinna Chidi Oluwaseun Adebayo Tunde Ifeanyi Kelechi Nnamdi Ngozi Chiamaka Adaeze Funmilayo "
        "Yetunde Amara Chioma Blessing Folake Nkechi",
        "Okafor Okonkwo Adeyemi Olawale Eze Nwosu Obi Chukwu Adebayo Balogun Ogunleye Nwachukwu Okeke Ibrahim "
        "Abubakar Bello Mohammed Danjuma Oyelaran Afolabi",
    ),
    "in": (
        "Rahul Amit Rajesh Sanjay Vikram Arjun Aarav Rohan Suresh Anil Priya Anjali Pooja Neha Sneha Kavya "
        "Deepika Lakshmi Divya Ananya",
        "Sharma Verma Gupta Singh Kumar Patel Shah Reddy Rao Nair Iyer Menon Das Bose Chatterjee Mukherjee Joshi "
        "Kulkarni Desai Mehta Agarwal Banerjee",
    ),
    "cn": (
        "Wei Fang Min Jing Li Lei Yan Jun Hui Ying Tao Ming Hong Chao Xin Yu Hao Lin Qiang Ping",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo",
    ),
    "ar": (
        "Mohammed Ahmed Ali Omar Youssef Khalid Hassan Ibrahim Mustafa Tariq Fatima Aisha Layla Mariam Noura "
        "Zainab Huda Salma Yasmin Rania",
        "Haddad Khoury Nasser Hassan Saleh Mansour Farouk Aziz Rahman Hamdan Qureshi Karim Al-Sayed Abdullah "
        "Suleiman Darwish Jaber Habib Issa Ayoub",
    ),
}
# Most family names are rare: beside each culture's common names, a long tail made of two parts.
TAIL = {
    "en": ("Ash Black Brad Brook Clay Cole Dun Elm Fair Glad Hal Hart Holl Kings Lang Lock Mar North Pem Rad Red Ring "
           "Rother Shel Stan Thorn Wal Whit Work Win", "ford ley ton well wood by field ham man son worth ridge more "
           "stead ington cott den wick"),
    "de": ("Alten Bern Dorn Eich Fal Gold Grün Hain Herz Hoch Kirch Lin Mühl Neu Ober Rosen Stein Wald Wein Brand",
           "bach berg feld hagen hof mann reuter stein thal wald hauser meier inger ert"),
    "es": ("Val Mont Villa Ber Cas Sal Al Can Cor Es Fon Gal Lar Mal Pra Riv Sot Tor", "dés era ero ado ales anes "
           "ino illo eda ares oza uela"),
    "fr": ("Beau Bel Bon Champ Chev Cour Fon Gran Lac Mar Mont Pel Roch Sauv Ver Vil", "lier mont court champ ville "
           "rieux nier vin ard et eau"),
    "it": ("Bel Bor Cal Car Fal Gar Lom Mar Mor Pal Ros San Sor Tor Val Ver", "lini etti ucci ardi ello ini oni "
           "azzi olo ano"),
    "pl": ("Bor Dob Gor Jas Kal Kos Lis Mal Now Pol Rad Sob Sok Wol Zal", "owski ewski czyk iak ecki ski ński"),
    "ng": ("Ade Ola Olu Chi Nna Oke Ogu Ife Obi Ezi", "bayo wale kemi nedu mdi chukwu femi sola kwe nna"),
    "in": ("Ban Bha Cha Dha Gan Jha Kap Mal Nar Par Raj San Tri Var", "wal dwaj ndra nani oor hotra ekar awat"),
    "cn": ("Ou Si Zhu Shang Huang Dong Xia Mu Ge Wen", "yang ma ge fu men guan kong hou"),
    "ar": ("Al-Ab Al-Fa Al-Ha Al-Ja Al-Ka Al-Ma Al-Na Al-Qa Al-Sa Al-Za", "bari dawi kimi rahi sibi tari wani zidi"),
}
MIDDLES = {
    "en": "er en in ing el ow is ar".split(), "de": "en er el ing".split(), "es": "al ar er or".split(),
    "fr": "el er on ar".split(), "it": "ar el in or".split(), "pl": "an ek ar".split(), "ng": "ku ye la ri".split(),
    "in": "a i u".split(), "cn": [""], "ar": "a i".split(),
}
WEIGHTS = {"en": 30, "de": 12, "es": 12, "fr": 10, "it": 8, "pl": 6, "ng": 6, "in": 8, "cn": 6, "ar": 6}
COMPANIES = [f"{a} {b}" for a in ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay",
                                   "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Oscorp", "Aperture", "Gringotts",
                                   "Monarch", "Nakatomi", "Dunder", "Pied Piper", "Prestige")
             for b in ("", "Consulting", "Bank", "Logistics", "Media", "Health", "Labs", "Foods", "Legal", "Energy")]  # fmt: skip
TITLES = ["CEO", "CTO", "Founder", "Engineer", "Senior Engineer", "Designer", "Account Executive", "Consultant",
          "Partner", "Lawyer", "Accountant", "Sales Manager", "Product Manager", "Recruiter", "Analyst"]  # fmt: skip
NICKNAMES = {
    "Robert": "Bob", "William": "Bill", "Richard": "Rick", "James": "Jim", "Michael": "Mike", "Thomas": "Tom",
    "Elizabeth": "Liz", "Katherine": "Kate", "Margaret": "Peggy", "Jennifer": "Jen", "Christopher": "Chris",
    "Daniel": "Dan", "Joseph": "Joe", "Anthony": "Tony", "Andrew": "Andy", "Matthew": "Matt", "Steven": "Steve",
    "Kenneth": "Ken", "Timothy": "Tim", "Edward": "Ed", "Jacob": "Jake", "Rebecca": "Becky", "Patricia": "Pat",
    "Susan": "Sue", "Deborah": "Debbie", "Jeffrey": "Jeff", "Ronald": "Ron", "Samuel": "Sam", "Alejandro": "Alex",
    "Francisco": "Paco", "José": "Pepe", "Giuseppe": "Beppe", "Katarzyna": "Kasia", "Aleksandra": "Ola",
}  # fmt: skip


def _zipf(rng: random.Random, items: list[str], flat: int) -> str:
    # Weight 1/(rank+flat): the first names of each list (the common ones) come up far more often. With the
    # flatness used here the commonest given name is ~6% of a culture and the commonest family name ~2.5%,
    # about twice what national statistics give (Smith: 0.9% of the US), so namesakes are if anything overplanted.
    weights = [1 / (i + flat) for i in range(len(items))]
    return rng.choices(items, weights)[0]


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _slug(given: str, family: str) -> str:
    return f"{_plain(given)}-{_plain(family)}".lower().replace(" ", "-").replace("'", "")


class _Person:
    def __init__(self, rng: random.Random, n: int) -> None:
        culture = rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        given_list, family_list = (s.split() for s in CULTURES[culture])
        self.given = _zipf(rng, given_list, 6)
        if rng.random() < 0.5:
            self.family = _zipf(rng, family_list, 8)
        else:
            heads, tails = (s.split() for s in TAIL[culture])
            middle = rng.choice(MIDDLES[culture]) if rng.random() < 0.6 else ""
            self.family = rng.choice(heads) + middle + rng.choice(tails)
        self.company = rng.choice(COMPANIES).strip()
        self.title = rng.choice(TITLES)
        self.mobile = f"+1 {rng.randint(201, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        self.email = f"{_plain(self.given).lower()}.{_plain(self.family).lower().replace(' ', '')}{n}@example.com"
        self.profile = f"https://www.linkedin.com/in/{_slug(self.given, self.family)}-{n:x}"
        self.culture = culture


def _record(p: _Person, source: str, rng: random.Random) -> ContactData:
    if source == "phone":
        c = ContactData(given_name=p.given, family_name=p.family, phones=[Phone(p.mobile, "cell")])
        if rng.random() < 0.3:
            c.emails.append(Email(p.email))
    elif source == "linkedin":
        c = ContactData(given_name=p.given, family_name=p.family, organization=p.company, title=p.title,
                        social_profiles=[SocialProfile("linkedin", p.profile)])  # fmt: skip
    elif source == "google":
        c = ContactData(given_name=p.given, family_name=p.family, organization=p.company,
                        emails=[Email(p.email)], phones=[Phone(p.mobile)])  # fmt: skip
    else:  # a business card
        c = ContactData(given_name=p.given, family_name=p.family, organization=p.company, title=p.title,
                        emails=[Email(p.email, "work")])  # fmt: skip
    c.full_name = f"{c.given_name} {c.family_name}"
    return c


def _variant(c: ContactData, p: _Person, rng: random.Random) -> ContactData:
    """The same person as another source writes them."""
    kind = rng.choice(["nickname", "typo", "accents", "swapped", "initial", "phone-format", "same"])
    given, family = c.given_name, c.family_name
    if kind == "nickname" and given in NICKNAMES:
        given = NICKNAMES[given]
    elif kind == "typo" and len(family) >= 5:
        i = rng.randrange(1, len(family) - 1)
        family = family[:i] + family[i + 1] + family[i] + family[i + 2 :]
    elif kind == "accents":
        given, family = _plain(given), _plain(family)
    elif kind == "initial":
        given = given[0] + "."
    out = ContactData(given_name=given, family_name=family)
    if kind == "swapped":
        out = ContactData(full_name=f"{family} {given}")
    for ph in c.phones:
        digits = "".join(ch for ch in ph.value if ch.isdigit())[-10:]
        out.phones.append(Phone(f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if kind == "phone-format" else ph.value))
    out.emails = list(c.emails)
    out.organization = c.organization
    if not out.full_name:
        out.full_name = f"{given} {family}"
    return out


def generate(contacts: int, seed: int = 1) -> tuple[list[ContactData], set[tuple[int, int]]]:
    """``contacts`` records and the pairs of indexes that are the same person."""
    rng = random.Random(seed)
    out: list[ContactData] = []
    truth: set[tuple[int, int]] = set()
    n = 0
    while len(out) < contacts:
        n += 1
        p = _Person(rng, n)
        first = _record(p, rng.choice(["phone", "phone", "linkedin", "linkedin", "google", "card"]), rng)
        out.append(first)
        if rng.random() < 0.06 and len(out) < contacts:
            other_source = rng.choice(["phone", "linkedin", "google", "card"])
            second = _variant(_record(p, other_source, rng), p, rng)
            truth.add((len(out) - 1, len(out)))
            out.append(second)
    return out, truth


def linkedin_csv(rows: int, seed: int = 1) -> bytes:
    """A ``Connections.csv`` as LinkedIn writes it: the preamble, then ``rows`` connections."""
    rng = random.Random(seed)
    buf = io.StringIO()
    buf.write('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
              'missing. You will only see email addresses for connections who have allowed their connections to see '
              'or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
              'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')  # fmt: skip
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    for n in range(rows):
        p = _Person(rng, n)
        if rng.random() < 0.01:  # a deactivated profile
            w.writerow(["", "", "", "", "", "", f"{rng.randint(1, 28):02d} {rng.choice(months)} 2021"])
            continue
        family = p.family + (", MBA" if rng.random() < 0.02 else "") + (" 🚀" if rng.random() < 0.01 else "")
        email = p.email if rng.random() < 0.1 else ""
        url = p.profile + ("/" if rng.random() < 0.5 else "") + ("?trk=x" if rng.random() < 0.05 else "")
        title = p.title + (", EMEA" if rng.random() < 0.1 else "")
        date = f"{rng.randint(1, 28):02d} {rng.choice(months)} {rng.randint(2008, 2026)}"
        w.writerow([p.given, family, url, email, p.company, title, date])
    return buf.getvalue().encode("utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--linkedin", type=Path, help="write a LinkedIn Connections.csv here instead")
    ap.add_argument("--rows", type=int, default=10_000)
    args = ap.parse_args()
    if args.linkedin:
        args.linkedin.write_bytes(linkedin_csv(args.rows, args.seed))
        print(args.linkedin)
        return 0
    people, truth = generate(args.contacts, args.seed)
    print(f"{len(people)} contacts, {len(truth)} planted duplicate pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
