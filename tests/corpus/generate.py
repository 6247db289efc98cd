#!/usr/bin/env python3
"""Generates sarpack's labelled detection corpus: synthetic children's social care case files.

    pip install faker==40.54.0
    python3 tests/corpus/generate.py            # writes tests/corpus/cases/case-NNN.json

Each case is one child (or care leaver) with a register (people.csv rows), a request subject and
eight to ten records (case notes, emails, texts, letters, minutes, agency reports) written in the
style the seed recording policies ask for ("Mary Smith, maternal aunt", initials in emails,
"Present:" lists with job titles). Every span that is personal data, or that looks like it but is
not, is labelled with its byte offsets (UTF-8) in the record's text:

    third-party   someone other than the subject: `registered` (in people.csv) or not, `consent`
    subject       the subject's own name, alias or id (never to be redacted)
    professional  a professional acting in role (kept)
    identifier    a phone number, email, address, postcode, NHS or NI number, date of birth that is
                  not the subject's (redacted)
    not-personal  looks like a name but is not: places, organisations, months, common words

Names come from Faker's locales (en_GB, en_IE, pl_PL, ro_RO, lt_LT, yo_NG, ig_NG, en_NG, tw_GH,
en_PK, en_IN, tr_TR, vi_VN, en_KE) plus a short Somali list written here, NOT from sarpack's
gazetteers, so the detector is not measured on its own word lists. The templates were written
before looking at detector results and include forms the detector is known to find hard (bare
first names with no context, names split across lines, diacritics stripped, initials).
The seed is fixed: the same script gives the same corpus.
"""
import json
import random
import unicodedata
from pathlib import Path

from faker import Faker

SEED = 20261121
CASES = 40
OUT = Path(__file__).resolve().parent / "cases"

rng = random.Random(SEED)

LOCALES = [
    ("en_GB", 30), ("en_IE", 4), ("ga_IE", 2), ("pl_PL", 8), ("ro_RO", 5), ("lt_LT", 2),
    ("yo_NG", 4), ("ig_NG", 3), ("en_NG", 3), ("tw_GH", 3), ("en_PK", 5), ("en_IN", 4),
    ("tr_TR", 3), ("vi_VN", 2), ("en_KE", 2), ("somali", 4),
]
SOMALI_F = ["Hodan", "Fadumo", "Sahra", "Hibo", "Ifrah", "Ayan", "Nimco", "Ubah", "Hawa", "Deeqa",
            "Ladan", "Filsan", "Ikran", "Sagal", "Najma", "Anisa"]
SOMALI_M = ["Abdirahman", "Abdullahi", "Mohamud", "Abdikarim", "Mahad", "Liban", "Guled",
            "Warsame", "Mukhtar", "Abdiwali", "Bile", "Cabdi", "Daud", "Faysal", "Khadar"]
SOMALI_L = ["Warsame", "Jama", "Farah", "Egal", "Dirie", "Elmi", "Duale", "Bihi", "Samatar",
            "Hersi", "Gedi", "Aden", "Yusuf", "Abdi", "Nur", "Ismail", "Omar", "Guleed"]

fakers = {}
for loc, _ in LOCALES:
    if loc != "somali":
        f = Faker(loc)
        f.seed_instance(rng.randrange(1 << 30))
        fakers[loc] = f


def latin(s):
    return all(ord(c) < 0x250 or c in "’'-" for c in s)


USED_FIRST = set()


def name(sex, loc=None, surname=None):
    """A name whose first name is not already used in the current case."""
    for _ in range(50):
        if loc is None:
            loc = rng.choices([l for l, _ in LOCALES], [w for _, w in LOCALES])[0]
        if loc == "somali":
            first = rng.choice(SOMALI_F if sex == "f" else SOMALI_M)
            last = rng.choice(SOMALI_L)
        else:
            f = fakers[loc]
            first = f.first_name_female() if sex == "f" else f.first_name_male()
            last = f.last_name()
        first = first.split()[0]
        if surname:
            last = surname
        if latin(first) and latin(last) and len(first) > 1 and len(last) > 1 \
                and first not in USED_FIRST:
            USED_FIRST.add(first)
            return first, last, loc
        loc = None
    return "Sam", "Jones", "en_GB"


def strip_diacritics(s):
    s = s.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def nhs_number():
    while True:
        digits = [rng.randrange(10) for _ in range(9)]
        digits[0] = rng.choice([4, 6, 7])
        total = sum(d * (10 - i) for i, d in enumerate(digits))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        s = "".join(map(str, digits + [check]))
        return f"{s[:3]} {s[3:6]} {s[6:]}"


def mobile():
    return "07700 9" + "".join(str(rng.randrange(10)) for _ in range(5))


def phone_forms(number):
    d = number.replace(" ", "")
    return [
        f"{d[:5]} {d[5:]}", f"{d[:5]}-{d[5:8]}-{d[8:]}", f"+44 {d[1:5]} {d[5:]}", d,
        f"+44 (0){d[1:5]} {d[5:]}", f"{d[:5]} {d[5:8]} {d[8:]}",
    ]


def landline():
    area, rest = rng.choice([("0114", 7), ("0161", 7), ("0113", 7), ("0121", 7), ("020", 8),
                             ("0117", 7), ("01302", 6)])
    body = "".join(str(rng.randrange(10)) for _ in range(rest))
    body = "496" + body[3:] if len(body) >= 7 else body
    fmt = rng.choice([f"{area} {body[:3]} {body[3:]}", f"({area}) {body[:3]} {body[3:]}",
                      f"{area} {body}"]) if len(body) == 7 else f"{area} {body[:4]} {body[4:]}" \
        if len(body) == 8 else f"{area} {body}"
    return fmt


STREETS = ["Elm Road", "Birch Close", "Carlton Street", "Mill Lane", "Station Road",
           "Victoria Avenue", "Queens Drive", "Oakwood Grove", "Park View", "Church Street",
           "Beech Crescent", "Willow Way", "Chapel Walk", "Fir Tree Court", "Holly Bank",
           "Sandford Terrace", "Ashfield Road", "Granby Street", "Meadow Rise", "Kingsway Gardens"]
TOWNS = [("Sheffield", "S"), ("Doncaster", "DN"), ("Rotherham", "S"), ("Leeds", "LS"),
         ("Bradford", "BD"), ("Manchester", "M"), ("Worcester", "WR"), ("Birmingham", "B")]


def postcode(prefix):
    return f"{prefix}{rng.randrange(1, 20)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def address():
    town, prefix = rng.choice(TOWNS)
    street = f"{rng.randrange(1, 180)} {rng.choice(STREETS)}"
    if rng.random() < 0.25:
        street = f"Flat {rng.randrange(1, 12)}, {street}"
    return street, town, postcode(prefix)


TITLE = {"f": ["Ms", "Mrs", "Miss"], "m": ["Mr"]}


class Person:
    def __init__(self, pid, first, last, sex, role, category, registered=True, consent=False,
                 alias=None, dob=None, phone="", addr=None, loc=""):
        self.pid, self.first, self.last, self.sex = pid, first, last, sex
        self.role, self.category, self.registered, self.consent = role, category, registered, consent
        self.alias, self.dob, self.phone, self.addr, self.loc = alias, dob, phone, addr, loc
        self.title = rng.choice(TITLE[sex])
        # Children are not written about as "Mr X" / "Ms X".
        self.child = False

    @property
    def full(self):
        return f"{self.first} {self.last}"

    @property
    def initials(self):
        return (self.first[0] + self.last[0]).upper()

    def label(self):
        if self.category == "subject":
            return "subject"
        if self.category == "professional":
            return "professional"
        return "third-party"


class Doc:
    """Builds a text and its labels; offsets are UTF-8 byte offsets."""

    def __init__(self):
        self.parts, self.labels, self.size = [], [], 0

    def t(self, text):
        self.parts.append(text)
        self.size += len(text.encode())
        return self

    def lab(self, text, label, **attrs):
        start = self.size
        self.t(text)
        entry = {"start": start, "end": self.size, "label": label, "text": text}
        entry.update(attrs)
        self.labels.append(entry)
        return self

    def mention(self, person, form=None, allowed=None):
        """A mention of a person in one of the forms people write."""
        forms = allowed or ["full", "first", "first", "title", "possessive"]
        if person.alias and not allowed:
            forms.append("alias")
        if person.category == "third-party" and person.registered and not allowed:
            forms += ["caps", "split"]
            if strip_diacritics(person.full) != person.full:
                forms.append("stripped")
        form = form or rng.choice(forms)
        if form == "title" and person.child:
            form = "first"
        text = {
            "full": person.full,
            "first": person.first,
            "title": f"{person.title} {person.last}",
            "possessive": person.first,
            "alias": person.alias or person.first,
            "caps": person.full.upper(),
            "split": f"{person.first}\n{person.last}",
            "stripped": strip_diacritics(person.full),
            "initials": person.initials,
        }[form]
        attrs = {"form": form}
        if person.label() == "third-party":
            attrs.update(registered=person.registered, consent=person.consent)
        if person.pid:
            attrs["person"] = person.pid
        self.lab(text, person.label(), **attrs)
        if form == "possessive":
            self.t("'s")
        return self

    def text(self):
        return "".join(self.parts)


RELATIONS_F = ["maternal aunt", "paternal aunt", "maternal grandmother", "family friend",
               "neighbour", "mum's friend", "cousin", "godmother", "older sister"]
RELATIONS_M = ["mum's boyfriend", "maternal uncle", "paternal grandfather", "neighbour",
               "family friend", "cousin", "dad's friend", "mum's new partner", "older brother"]
CHILD_RELATIONS = ["a friend from school", "another child in placement", "a classmate",
                   "a friend from the estate", "another young person"]

PRO_ROLES = [("social worker", "f"), ("social worker", "m"), ("team manager", "f"),
             ("independent reviewing officer", "m"), ("health visitor", "f"),
             ("designated safeguarding lead", "f"), ("family support worker", "m"),
             ("personal adviser", "f"), ("school nurse", "f"), ("youth worker", "m"),
             ("CAMHS practitioner", "f"), ("police officer", "m")]

ORGS = ["Kingsley Primary School", "Hillside Academy", "Grace Academy", "Example NHS Trust",
        "St Mary's Hospital", "Park Lane Children's Centre", "Oakwood Surgery",
        "Victoria Medical Practice", "Hope House Refuge", "Brook Family Hub",
        "Rose Hill Nursery", "Sheffield Children's Hospital", "Florence Road Clinic"]
# Capitalised words in everyday notes that are not people (labelled not-personal): services,
# programmes, charities, brands, games, teams, festivals, medicines, school subjects.
SERVICES = ["Early Help", "Signs of Safety", "Family Group Conference", "Youth Offending Service",
            "Universal Credit", "Jobcentre Plus", "Women's Aid", "Citizens Advice", "Barnardo's",
            "Turning Point", "Cafcass", "Multi-Agency Safeguarding Hub", "Freedom Programme",
            "Team Around the Family", "Healthy Minds", "Kooth", "Childline", "Shelter",
            "Home-Start", "Action for Children", "Talking Therapies", "Change Grow Live"]
LEISURE = ["Fortnite", "Roblox", "Minecraft", "PlayStation", "Xbox", "Netflix", "TikTok",
           "Snapchat", "YouTube", "Manchester United", "Liverpool", "Arsenal", "Leeds United",
           "Greggs", "McDonald's", "KFC", "Primark", "Peppa Pig", "Harry Potter", "Spider-Man",
           "Love Island", "Pokémon", "Lego", "Nando's"]
FESTIVALS = ["Christmas", "Easter", "Eid", "Ramadan", "Diwali", "Bonfire Night", "Halloween",
             "Black Friday", "Mother's Day", "Chinese New Year"]
SUBJECTS = ["English", "Maths", "Science", "Art", "Drama", "PE", "Computing", "Religious Education",
            "Food Technology", "Spanish", "Geography"]
MEDICINES = ["Calpol", "Ritalin", "Sertraline", "Melatonin", "Ventolin", "Fluoxetine"]


def everyday(doc, c):
    """A sentence of everyday life with capitalised words that are not people."""
    s = c["subject"]
    style = rng.randrange(5)
    if style == 0:
        doc.mention(s, "first").t(" talked about playing ").lab(pick(LEISURE), "not-personal", what="brand").t(
            " and watching ").lab(pick(LEISURE), "not-personal", what="brand").t(". ")
    elif style == 1:
        doc.t("Mum has been referred to ").lab(pick(SERVICES), "not-personal", what="service").t(
            " and is waiting to hear from ").lab(pick(SERVICES), "not-personal", what="service").t(". ")
    elif style == 2:
        doc.mention(s, "first").t(" said she was looking forward to ").lab(
            pick(FESTIVALS), "not-personal", what="festival").t(". ")
    elif style == 3:
        doc.mention(s, "first").t(" enjoys ").lab(pick(SUBJECTS), "not-personal", what="subject").t(
            " but finds ").lab(pick(SUBJECTS), "not-personal", what="subject").t(" hard. ")
    else:
        doc.t("The GP has prescribed ").lab(pick(MEDICINES), "not-personal", what="medicine").t(
            " and a review is booked. ")


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def make_case(index):
    case_id = f"case-{index:03d}"
    USED_FIRST.clear()
    adult_subject = rng.random() < 0.25
    sex = rng.choice("fm")
    first, last, loc = name(sex)
    age = rng.randrange(19, 30) if adult_subject else rng.randrange(6, 17)
    dob = f"{2026 - age}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
    alias = rng.choice([first[:3] if len(first) > 4 else None, None,
                        first[0] + last[0] + (first[0] if rng.random() < 0.3 else "")])
    subject = Person("P001", first, last, sex, "subject", "subject", alias=alias, dob=dob,
                     phone=mobile(), addr=address(), loc=loc)
    subject.child = not adult_subject
    mos = f"MOS-{rng.randrange(100000, 999999)}"
    subject_nhs = nhs_number()
    people = [subject]
    # Family: the mother usually shares the child's surname; siblings do.
    shares = rng.random() < 0.7
    m_first, m_last, _ = name("f", loc, surname=last if shares else None)
    mother = Person("P002", m_first, m_last, "f", "mother", "third-party",
                    alias=rng.choice([None, None, m_first[:3]]),
                    dob=f"{2026 - age - rng.randrange(18, 35)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
                    phone=mobile(), addr=address(), loc=loc)
    f_first, f_last, _ = name("m", loc if rng.random() < 0.7 else None,
                              surname=last if not shares and rng.random() < 0.6 else None)
    father = Person("P003", f_first, f_last, "m", "father", "third-party",
                    consent=rng.random() < 0.15, phone=mobile() if rng.random() < 0.6 else "",
                    addr=address() if rng.random() < 0.5 else None, loc=loc)
    s_sex = rng.choice("fm")
    s_first, _, _ = name(s_sex, loc)
    sibling = Person("P004", s_first, last, s_sex, "sister" if s_sex == "f" else "brother",
                     "third-party",
                     dob=f"{2026 - age + rng.choice([-3, -2, 2, 3])}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}",
                     loc=loc)
    sibling.child = not adult_subject
    people += [mother, father, sibling]
    next_id = 5
    for role, rsex in rng.sample([("maternal grandmother", "f"), ("mum's partner", "m"),
                                  ("maternal aunt", "f"), ("another child", rng.choice("fm")),
                                  ("neighbour", rng.choice("fm"))], rng.randrange(1, 4)):
        fn, ln, l2 = name(rsex)
        relative = Person(f"P{next_id:03d}", fn, ln, rsex, role, "third-party",
                          alias=rng.choice([None, None, None, fn[:3]]),
                          phone=mobile() if rng.random() < 0.4 else "", loc=l2)
        relative.child = role == "another child"
        people.append(relative)
        next_id += 1
    pros = []
    for role, psex in rng.sample(PRO_ROLES, 4):
        fn, ln, l2 = name(psex)
        pro = Person(f"P{next_id:03d}", fn, ln, psex, role, "professional", loc=l2)
        next_id += 1
        pros.append(pro)
        people.append(pro)
    # People the register does not name.
    unreg = []
    for _ in range(rng.randrange(3, 7)):
        usex = rng.choice("fm")
        fn, ln, l2 = name(usex)
        rel = rng.choice(RELATIONS_F if usex == "f" else RELATIONS_M + CHILD_RELATIONS[:2])
        p = Person(None, fn, ln, usex, rel, "third-party", registered=False, loc=l2,
                   phone=mobile() if rng.random() < 0.3 else "")
        p.child = rel in CHILD_RELATIONS
        unreg.append(p)
    # Professionals the register does not name (kept).
    extra_pros = []
    for role, psex in rng.sample(PRO_ROLES, 2):
        fn, ln, l2 = name(psex)
        extra_pros.append(Person(None, fn, ln, psex, role, "professional", registered=False, loc=l2))

    ctx = dict(subject=subject, mother=mother, father=father, sibling=sibling, people=people,
               pros=pros, extra_pros=extra_pros, unreg=unreg, mos=mos, nhs=subject_nhs,
               others=[p for p in people if p.category == "third-party"])
    items = []
    kinds = [home_visit, phone_call, email, text_message, meeting, management, letter,
             agency_report, contact_record, school_report]
    chosen = kinds[:] + rng.sample(kinds, rng.randrange(0, 2))
    rng.shuffle(chosen)
    for number, kind in enumerate(chosen[:rng.randrange(8, 11)], start=1):
        doc = Doc()
        kind(doc, ctx)
        items.append({"id": f"{case_id}-{number:02d}", "kind": kind.__name__.replace("_", "-"),
                      "text": doc.text(), "labels": doc.labels})
    register = []
    for p in people:
        register.append({
            "id": p.pid, "name": p.full, "aliases": [p.alias] if p.alias else [],
            "dob": p.dob, "role": p.role,
            "category": p.category, "phone": p.phone,
            "address": ", ".join(p.addr) if p.addr else "",
            "consent": p.consent,
        })
    return {
        "case": case_id,
        "subject": {"person_id": "P001", "name": subject.full,
                    "aliases": [subject.alias] if subject.alias else [], "dob": subject.dob,
                    "ids": [mos, subject_nhs]},
        "received": "2026-10-30",
        "people": register,
        "items": items,
    }


# ----------------------------------------------------------------------------------------------
# Record templates. Each writes one record into `doc`; `c` is the case context.
# ----------------------------------------------------------------------------------------------

def pick(seq):
    return rng.choice(seq)


def other(c):
    return pick(c["others"])


def unreg(c):
    return pick(c["unreg"])


def pro(c):
    return pick(c["pros"])


def date_text():
    return f"{rng.randrange(1, 29)} {pick(MONTHS)} {rng.randrange(2015, 2026)}"


def intro_unreg(doc, p):
    """Introduces an unregistered person the way the policies ask: name and relationship."""
    style = rng.random()
    if style < 0.4:
        doc.mention(p, "full").t(f", {p.role}")
    elif style < 0.7:
        doc.t(f"{p.role} ").mention(p, pick(["full", "first"]))
    elif style < 0.85:
        doc.mention(p, "title", allowed=["title"]).t(f" ({p.role})")
    else:
        # No relationship stated: the bare name, as notes often do.
        doc.mention(p, "full")


def sw_signoff(doc, p):
    doc.t("\n\n").lab(p.full, "professional", form="signature", person=p.pid or "").t(
        f"\n{p.role.capitalize()}\n")


def home_visit(doc, c):
    s, m, sw = c["subject"], c["mother"], pro(c)
    doc.t(f"Home visit – {date_text()}\n\n")
    doc.t("Unannounced visit to the family home. ").mention(m, "full").t(", ").t(f"{m.role}, ")
    doc.t("answered the door and let me in. ")
    doc.mention(s, pick(["first", "full", "alias"] if s.alias else ["first", "full"]))
    doc.t(" was in the living room watching television with ")
    doc.mention(c["sibling"], pick(["first", "full", "possessive"]) if rng.random() < 0.8 else "first")
    doc.t(". ")
    u = unreg(c)
    doc.t("Also present was ")
    intro_unreg(doc, u)
    doc.t(", who left shortly after I arrived. ")
    doc.mention(m, pick(["first", "title", "possessive", "alias"] if m.alias else ["first", "title", "possessive"]))
    doc.t(" said the heating had been off since " + pick(MONTHS) + " and she hoped the landlord would fix it. ")
    doc.t("I will chase this with the housing officer. ")
    if rng.random() < 0.5:
        doc.t("The flat was cold but tidy. ").mention(s, "first").t(
            " showed me the bedroom she shares with ").mention(c["sibling"], "first").t(". ")
    everyday(doc, c)
    if rng.random() < 0.5:
        doc.t("I hope to visit again next week. ")
    if rng.random() < 0.4:
        doc.t("Later ").mention(u, "first").t(" came back and was asked to wait outside. ")
    sw_signoff(doc, sw)


def phone_call(doc, c):
    s, sw = c["subject"], pro(c)
    caller = other(c)
    doc.t(f"Telephone call – {date_text()}\n\n")
    doc.t("Call received from ").mention(caller, "full").t(f", {caller.role}, on ")
    if caller.phone:
        lbl = "identifier"
        doc.lab(pick(phone_forms(caller.phone)), lbl, what="phone", person=caller.pid or "")
    else:
        doc.lab(mobile(), "identifier", what="phone")
    doc.t(". ")
    doc.mention(caller, pick(["first", "title"])).t(" was worried because ").mention(
        s, pick(["first", "alias"] if s.alias else ["first"])).t(" had not come home on Friday night. ")
    u = unreg(c)
    doc.t("She thought ").mention(s, "first").t(" might be staying with ")
    intro_unreg(doc, u)
    doc.t(" on ")
    street, town, pc = address()
    doc.lab(street.split(", ")[-1], "identifier", what="address").t(". ")
    doc.t("I advised her to report this to the police on 101 and agreed to call back. ")
    if rng.random() < 0.5:
        doc.t("Will update the team manager, ").mention(pro(c), "full", allowed=["full"]).t(". ")
    sw_signoff(doc, sw)


def email(doc, c):
    s, sw = c["subject"], pro(c)
    p = other(c)
    u = unreg(c)
    school = pick(ORGS)
    doc.t(f"Email received {date_text()}\n\n")
    doc.t("From: ").lab(f"{strip_diacritics(sw.first).lower()}.{strip_diacritics(sw.last).lower().replace(' ', '').replace(chr(39), '')}@example.gov.uk",
                        "professional", what="email", person=sw.pid)
    doc.t("\nTo: ").lab(f"safeguarding@{pick(['hillside', 'kingsley', 'oakwood'])}.sch.uk", "identifier",
                        what="org-email")
    doc.t("\nSubject: ").mention(s, "initials", allowed=["initials"]).t(" – update\n\n")
    doc.t("Dear colleague,\n\n")
    doc.t("Following the strategy discussion, ").mention(s, "initials", allowed=["initials"]).t(
        " is not to be collected from school by ")
    doc.mention(p, "initials", allowed=["initials"]).t(" or by ")
    doc.mention(u, "full", allowed=["full"]).t(f" ({u.role}). ")
    doc.t("If ").mention(u, "initials", allowed=["initials"]).t(" attends ").lab(
        school, "not-personal", what="organisation").t(", please call the police and the duty team on ")
    doc.lab(landline(), "identifier", what="phone").t(". ")
    if rng.random() < 0.5:
        doc.t("Mum can be reached on ")
        m = c["mother"]
        doc.lab(pick(phone_forms(m.phone)), "identifier", what="phone", person=m.pid).t(". ")
    doc.t("\n\nKind regards,\n").lab(sw.full, "professional", form="signature", person=sw.pid).t(
        f"\n{sw.role.capitalize()}\nExample Borough Council\n")


def text_message(doc, c):
    s, sw = c["subject"], pro(c)
    doc.t(f"Text message – {date_text()}\n\n")
    doc.t("Text received from ").mention(s, pick(["first", "full"])).t(" on ")
    doc.lab(pick(phone_forms(s.phone)), "subject", what="phone").t(": ")
    u = unreg(c)
    doc.t("\"im at ").mention(u, "possessive", allowed=["possessive"]).t(
        " house dont tell mum. will be back tmrw\". ")
    doc.t("I replied asking ").mention(s, "first").t(" to call me. ")
    if rng.random() < 0.5:
        everyday(doc, c)
    doc.t("I have checked with ").mention(c["mother"], pick(["first", "title"])).t(
        " who said she does not know who ").mention(u, "first").t(" is. ")
    sw_signoff(doc, sw)


def meeting(doc, c):
    s = c["subject"]
    kind = pick(["Strategy meeting", "Child protection review conference", "Core group meeting",
                 "Looked after child review", "Professionals meeting"])
    doc.t(f"{kind} – {date_text()}\n\nPresent:\n")
    chair = pick(c["pros"])
    for p in rng.sample(c["pros"], 3) + c["extra_pros"][:1]:
        doc.lab(p.full, "professional", form="present", person=p.pid or "").t(f", {p.role}")
        if p is chair:
            doc.t(" (chair)")
        doc.t("\n")
    m = c["mother"]
    doc.mention(m, pick(["full", "caps"]) if rng.random() < 0.5 else "full").t(f", {m.role}\n")
    if rng.random() < 0.5:
        f = c["father"]
        doc.t("Apologies: ").mention(f, "full").t(f", {f.role}\n")
    doc.t("\nSummary:\n")
    doc.mention(chair, "first", allowed=["first", "full"]).t(" opened the meeting. ")
    doc.mention(s, pick(["full", "first"])).t(" was not present but had shared her views with ")
    ep = c["extra_pros"][-1]
    doc.lab(ep.full, "professional", form="role-after", person="").t(f", {ep.role}. ")
    u = unreg(c)
    doc.t("Concerns were raised about ")
    intro_unreg(doc, u)
    doc.t(", who is believed to live at ")
    street, town, pc = address()
    doc.lab(street, "identifier", what="address").t(", ").lab(town, "not-personal", what="place").t(
        " ").lab(pc, "identifier", what="postcode").t(". ")
    doc.t("Police confirmed ").mention(u, pick(["first", "title", "full"])).t(
        " is known to them. ")
    everyday(doc, c)
    doc.t("The next review is in " + pick(MONTHS) + ". ")
    doc.t("\n\nActions: ").mention(m, pick(["first", "title"])).t(" to attend the parenting course; ")
    doc.lab(c["pros"][0].first, "professional", form="first", person=c["pros"][0].pid).t(
        " to visit weekly.\n")


def management(doc, c):
    s = c["subject"]
    mgr = pick(c["pros"])
    doc.t(f"Management decision – {date_text()}\n\n")
    doc.t("I have reviewed the file for ").mention(s, "full").t(" (")
    doc.lab(c["mos"], "subject", what="id").t("). ")
    doc.t("Risk from ").mention(c["father"], pick(["full", "title"])).t(
        " remains high given the incident in " + pick(MONTHS) + ". ")
    p = other(c)
    doc.t("Contact with ").mention(p, pick(["full", "first", "title"])).t(" to remain supervised. ")
    if rng.random() < 0.6:
        u = unreg(c)
        doc.t("A check is to be completed on ").mention(u, pick(["full", "title"])).t(
            ", who has been staying at the family home. ")
    doc.t("Case to remain open to the team. Next supervision in " + pick(MONTHS) + ".\n\n")
    doc.lab(mgr.full, "professional", form="signature", person=mgr.pid).t(", ").t(mgr.role + "\n")


def letter(doc, c):
    s, m = c["subject"], c["mother"]
    sw = pro(c)
    # Letters go to a parent, or to the subject only when an adult (care leavers).
    recipient = s if not s.child and rng.random() < 0.3 else m
    doc.t("Example Borough Council\nChildren's Services\n\n")
    doc.mention(recipient, "title" if recipient is m else "full", allowed=["title", "full"]).t("\n")
    street, town, pc = recipient.addr
    lbl = "subject" if recipient is s else "identifier"
    doc.lab(street, lbl, what="address").t("\n").lab(town, "not-personal", what="place").t("\n")
    doc.lab(pc, lbl, what="postcode").t(f"\n\n{date_text()}\n\n")
    doc.t("Dear ").mention(recipient, "title", allowed=["title"]).t(",\n\n")
    doc.t("Re: ").mention(s, "full").t(", date of birth ")
    y, mo, d = s.dob.split("-")
    doc.lab(f"{d}/{mo}/{y}", "subject", what="dob").t("\n\n")
    doc.t("I am writing to confirm the arrangements for contact agreed at the meeting on ")
    doc.t(date_text() + ". ")
    doc.mention(c["sibling"], "first").t(" will attend the contact centre with ").mention(
        s, "first").t(" on Saturdays. ")
    if c["father"].consent is False and rng.random() < 0.5:
        doc.t("Contact with ").mention(c["father"], "title").t(" remains suspended. ")
    doc.t("If you have any questions please call me on ")
    doc.lab(landline(), "identifier", what="phone").t(".\n\nYours sincerely,\n\n")
    doc.lab(sw.full, "professional", form="signature", person=sw.pid).t(f"\n{sw.role.capitalize()}\n")


def agency_report(doc, c):
    s = c["subject"]
    officer = c["extra_pros"][0]
    doc.t(f"Police notification (PPN) – {date_text()}\n\n")
    doc.t("Officers attended ")
    street, town, pc = c["mother"].addr
    doc.lab(street, "identifier", what="address", person="P002").t(" following a call from a neighbour, ")
    u = unreg(c)
    doc.mention(u, "full").t(". ")
    doc.t("Occupants: ").mention(c["mother"], "caps" if rng.random() < 0.5 else "full")
    y, mo, d = c["mother"].dob.split("-")
    doc.t(" (DOB ").lab(f"{d}/{mo}/{y}", "identifier", what="dob", person="P002").t("), ")
    doc.mention(s, "full", allowed=["full"])
    sy, smo, sd = s.dob.split("-")
    doc.t(" (DOB ").lab(f"{sd}/{smo}/{sy}", "subject", what="dob").t(").\n")
    doc.t("Verbal argument between ").mention(c["mother"], "first").t(" and ")
    u2 = unreg(c)
    intro_unreg(doc, u2)
    doc.t(". No injuries. ")
    doc.mention(s, "first").t(" was upstairs with ").mention(c["sibling"], "first").t(". ")
    doc.t("Reporting officer: ").lab(f"PC {officer.last}", "professional", form="title", person="").t(
        " " + str(rng.randrange(1000, 9999)) + ".\n")


def contact_record(doc, c):
    s = c["subject"]
    f = c["father"]
    doc.t(f"Supervised contact – {date_text()}\n\n")
    doc.t("Contact took place at ").lab(pick(ORGS[4:]), "not-personal", what="organisation").t(". ")
    doc.mention(f, pick(["full", "first", "title"])).t(" arrived ten minutes late with ")
    u = unreg(c)
    intro_unreg(doc, u)
    doc.t(". ")
    doc.mention(s, pick(["first", "alias"] if s.alias else ["first"])).t(
        " was pleased to see him. They played a board game and talked about school. ")
    doc.t("Towards the end ").mention(f, "first").t(" asked ").mention(s, "first").t(
        " for her new address; I reminded him this could not be shared. ")
    everyday(doc, c)
    if rng.random() < 0.5:
        doc.t("I hope the next contact goes as well. ")
    doc.t("Contact supervisor: ").lab(c["extra_pros"][-1].full, "professional", form="role-before", person="").t(".\n")


def school_report(doc, c):
    s = c["subject"]
    dsl = c["extra_pros"][0]
    doc.t("Report from ").lab(pick(ORGS[:3]), "not-personal", what="organisation").t(f" – {date_text()}\n\n")
    doc.mention(s, pick(["full", "caps"]) if rng.random() < 0.3 else "full", allowed=["full"]).t(
        " (Year " + str(rng.randrange(3, 12)) + ") attendance this term is 82%. ")
    k = pick(c["unreg"])
    doc.mention(s, "first").t(" has fallen out with ").mention(k, pick(["full", "first"])).t(
        " and has been moved to a different set. ")
    doc.t("On Tuesday ").mention(s, "first").t(" told her form tutor that ")
    doc.mention(c["mother"], pick(["first", "possessive"]) if rng.random() < 0.5 else "first")
    doc.t(" had not been home for two nights. ")
    if rng.random() < 0.5:
        doc.t("She said she stayed with ").mention(pick(c["unreg"]), pick(["full", "first"])).t(". ")
    everyday(doc, c)
    doc.t("Her NHS number on the school record is ").lab(c["nhs"], "subject", what="nhs").t(". ")
    doc.t("\n\n").lab(dsl.full, "professional", form="signature", person="").t(
        f"\n{dsl.role.capitalize()}\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("case-*.json"):
        old.unlink()
    total = 0
    for index in range(1, CASES + 1):
        case = make_case(index)
        total += len(case["items"])
        with open(OUT / f"{case['case']}.json", "w", encoding="utf-8") as out:
            json.dump(case, out, ensure_ascii=False, indent=1)
    print(f"{CASES} cases, {total} records")


if __name__ == "__main__":
    main()
