#!/usr/bin/env python3
"""Labelled evaluation set: Zoom display names -> registered Let's Connect profiles.

    python make_eval.py

writes directory.json, clinics.json, zoom/lc-2026-NN.csv, labels.csv and README.md next to this
file. Standard library only and a single random.Random(SEED), so every run writes the same bytes.
Every person is invented: given names and surnames of many cultures (make_eval_tables.py) are
paired at random.
"""
import csv
import io
import sys
import json
import random
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True   # no __pycache__ beside the data
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_eval_tables import (CC, CULT, CURATED, DEVICE_ONLY, DEVICES, FAMOUS, HOSTS, INTERP, LEX, NICK,  # noqa: E402
                              NR_PLANTED, NR_SCRIPT, PRON, SKILLS, TITLES, L)

SEED = 20260114
OUT = Path(__file__).resolve().parent
R = random.Random(SEED)
REGION_TARGET = {"SSA": 204, "MENA": 27, "SA": 31, "ESEAP": 24, "LAC": 27, "CEECA": 14, "NWE": 7, "NA": 6}

CLINIC_SPECS = [  # title, language, interpretation, skills, hour (UTC)
    ("Grant writing for small affiliates", "en", ["fr"], ["grant-writing"], 14),
    ("Organizar tu primer editatón", "es", ["en"], ["editathons", "event-organising"], 15),
    ("Volunteer well-being and avoiding burnout", "en", ["fr", "pt"], ["volunteer-wellbeing"], 14),
    ("Construire des partenariats GLAM", "fr", ["en"], ["glam-partnerships"], 13),
    ("Measuring impact with the Outreach Dashboard", "en", ["es"], ["outreach-dashboard", "metrics-dashboards"], 14),
    ("Captação de recursos para grupos de usuários", "pt", ["en"], ["fundraising", "resource-mobilisation"], 15),
    ("Handling conflict in online communities", "en", ["ar", "fr"], ["conflict-management"], 14),
    ("ويكي بيانات للمبتدئين", "ar", ["en"], ["wikidata"], 13),
    ("Welcoming and onboarding newcomers", "en", ["es", "pt"], ["newcomer-onboarding"], 14),
    ("Copyright and free licences on Commons", "en", ["fr"], ["copyright-licensing", "wikimedia-commons"], 16),
]
# per report: meeting block, report time zone, time format, BOM, line end, extra columns
STYLES = [(True, "UTC", "us", True, "\r\n", ()), (False, "UTC", "us", False, "\n", ("In Waiting Room",)),
          (True, "America/New_York", "us", False, "\r\n", ()), (False, "UTC", "us", True, "\n", ()),
          (True, "UTC", "iso", False, "\n", ("Recording Consent",)), (False, "America/New_York", "us", False, "\r\n", ()),
          (True, "UTC", "us", False, "\n", ("Recording Consent", "In Waiting Room")), (False, "UTC", "us", True, "\r\n", ()),
          (True, "UTC", "us", False, "\n", ()), (False, "UTC", "us", False, "\r\n", ("In Waiting Room",))]

CASES = ["exact", "case_punct", "affiliation", "pronouns", "title", "device_named", "device_only", "reordered", "initials",
         "alias", "username", "script", "email", "renamed", "typo", "partial", "two_devices"]
BASE = dict(zip(CASES, [30, 5, 6, 5, 4, 5, 2, 5, 5, 30, 6, 40, 10, 4, 4, 5, 2]))
MIN = {**dict.fromkeys(CASES, 10), "script": 22, "two_devices": 4}   # registered quotas (two_devices: people)
SHARER_CASES = {"exact", "affiliation", "pronouns", "title", "case_punct", "username", "alias"}
NR_W = dict(exact=40, case_punct=7, affiliation=9, city=5, pronouns=7, title=4, device_named=6, partial=3, reordered=5,
            initials=4, typo=3, device_only=4)


def fold(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s).replace("Đ", "D").replace("đ", "d")


def norm(s):
    return " ".join(re.sub(r"[\W_]+", " ", fold(s).casefold()).split())


def latin(s):
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in s)


def flavour(cc):   # the language of a person's decorations: "iPhone de", "(ela/dela)", "Dra."
    langs = CC[cc]["langs"]
    return next((k for k in ("es", "pt", "de") if langs.get(k) == "N"), "fr" if langs.get("fr") in ("N", "4", "5") else "en")


def make_name(k, g, first=None, last=None):
    cu = CULT[k]
    first = first or R.choice(cu[g])
    last = last or R.choice(cu["s"])
    if g == "f" and (k, last[-2:]) in (("central", "ov"), ("greek", "is")):   # Bekov -> Bekova, Papadakis -> Papadaki
        last = last + "a" if k == "central" else last[:-1]
    full = f"{last} {'Thị' if g == 'f' else R.choice(['Văn', 'Đức'])} {first}" if k == "viet" else f"{first} {last}"
    return first, last, full


# ---------------------------------------------------------------- directory
PROFILES, TAKEN_U, EMAILS = [], set(), set()


def ukey(u):
    return u.replace("_", " ").casefold()


def new_username(full, first, last, cc):
    F = re.sub(r"[^A-Za-z]", "", fold(first.split()[0]))
    S = re.sub(r"[^A-Za-z]", "", fold(last))
    dd = str(R.randint(1, 99))
    u = R.choices([full, f"{F}_{S}" + (dd if R.random() < .4 else ""), f"{F}.{S}", f"{F}{S}{dd}", f"{F}_{S[0]}",
                   f"{F[0]}{S}", f"{F} {S} {cc}", f"{S}{F[0]}"], [34, 15, 11, 11, 10, 8, 6, 5])[0]
    u = u[0].upper() + u[1:]
    while ukey(u) in TAKEN_U:
        u += str(R.randint(0, 9))
    return u


def new_email(first, last):
    f = re.sub(r"[^a-z]", "", fold(first.split()[0]).lower())
    s = re.sub(r"[^a-z]", "", fold(last).lower())
    while True:
        local = R.choice([f"{f}.{s}", f"{f}{s}", f"{f[0]}{s}", f"{f}_{s}{R.randint(1, 99)}", f"{s}.{f}", f"{f}{R.randint(70, 99)}"])
        e = f"{local}@{R.choice(['example.org', 'example.net', 'example.com'])}"
        if e not in EMAILS:
            EMAILS.add(e)
            return e


def add_profile(full, first, last, g, cult, cc, username=None, aliases=(), flags="", act=1.0):
    aliases, xlit = list(aliases), []
    if flags.startswith("xlit:"):
        xlit = [x for x in flags[5:].split(";") if x not in aliases]
    script = " ".join(LEX[t] for t in full.split()) if flags == "script" else None
    username = username or new_username(full, first, last, cc)
    TAKEN_U.add(ukey(username))
    langs = dict(CULT[cult]["langs"])
    for k, v in CC[cc]["langs"].items():
        langs.setdefault(k, v if v == "N" else str(min(5, max(1, int(v) + R.choice((-1, 0, 0, 1))))))
    if R.random() < .15:
        langs.setdefault(R.choice(["en", "fr", "es", "pt", "ar"]), str(R.randint(1, 3)))
    shares = R.sample(SKILLS, R.choice((1, 1, 2, 2, 3)))
    learns = R.sample([s for s in SKILLS if s not in shares], R.choice((1, 2, 2, 3)))
    lat = (xlit[0] if xlit else aliases[0]).split() if not latin(full) else [first, last]
    p = dict(username=username, full=full, first=first, last=last, g=g, cult=cult, cc=cc, fl=flavour(cc),
             aliases=aliases, noname=flags == "noname", vn=flags == "vn", script=script, xlit=xlit,
             languages=langs, timezone=R.choice(CC[cc]["tzs"]), shares=shares, learns=learns,
             registered=(date(2021, 1, 4) + timedelta(days=R.randint(0, 1820))).isoformat(),
             gender=None if R.random() < .12 else {"f": "female", "m": "male"}[g],
             affiliations=[CC[cc]["aff"][0]] if R.random() < .6 else [],
             lat=lat, emails=[], act=act if act >= 5 else R.lognormvariate(0, .9) * act)   # weight of coming to clinics
    PROFILES.append(p)
    return p


for _line in CURATED.strip().splitlines():
    _full, _first, _last, _g, _cc, _user, _al, _flags = _line.split("|")
    _cult, _cc = _cc.split("/")
    add_profile(_full, _first, _last, _g, _cult, _cc, _user, [a for a in _al.split(";") if a], _flags,   # script people
                act=8.0 if _flags in ("script", "vn") or _flags.startswith("xlit") else 4.0 if _al else 3.0)   # come often
_names = {norm(p["full"]) for p in PROFILES} | {norm(x.split("/")[0]) for x in NR_PLANTED + NR_SCRIPT}   # kept for non-registered
_region_count = Counter(CC[p["cc"]]["region"] for p in PROFILES)
for region, target in REGION_TARGET.items():
    cults = [k for k in CULT if CULT[k]["region"] == region]
    while _region_count[region] < target:
        k = R.choices(cults, [CULT[c]["w"] for c in cults])[0]
        g = R.choice("fm")
        first, last, full = make_name(k, g)
        if norm(full) in _names or full in FAMOUS:
            continue
        _names.add(norm(full))
        cc = R.choice(CULT[k]["ccs"])
        aliases = []
        if R.random() < .08:
            aliases = [NICK.get(first) or R.choice([f"{first} {last[0]}.", f"{first.lower()}_{CC[cc]['aff'][1].lower()}"])]
        add_profile(full, first, last, g, k, cc, aliases=aliases, flags="vn" if k == "viet" else "", act=3.0 if aliases else 1.0)
        _region_count[region] += 1

for p in R.sample(PROFILES, round(.3 * len(PROFILES))):   # 30% gave e-mail addresses (10% of them two)
    p["emails"] = [new_email(p["lat"][0], p["lat"][-1]) for _ in range(1 + (R.random() < .1))]
KEYS = defaultdict(set)   # normalised names, aliases and usernames -> usernames
for p in PROFILES:
    for n in ([] if p["noname"] else [p["full"]]) + p["aliases"] + [p["username"]]:
        KEYS[norm(n)].add(p["username"])
FIRST_COUNT = Counter(norm(p["first"]) for p in PROFILES)


# ---------------------------------------------------------------- display names
def device_only():
    if R.random() < .2:
        return R.choice(["DESKTOP-", "LAPTOP-"]) + "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(7))
    return R.choice(DEVICE_ONLY)


def typo(s):
    toks = s.split()
    idx = [i for i, t in enumerate(toks) if len(t) >= 4 and t.isalpha()]
    if not idx:
        return None
    i = max(idx) if R.random() < .6 else R.choice(idx)
    t, j = toks[i], R.randint(1, len(toks[i]) - 2)
    # a letter dropped (Bello -> Belo), two swapped (Mensah -> Mensha), one doubled (Amina -> Ammina), one replaced
    toks[i] = R.choice([t[:j] + t[j + 1:], t[:j] + t[j + 1] + t[j] + t[j + 2:], t[:j] + t[j] + t[j:],
                        t[:j] + R.choice("aeioun") + t[j + 1:]])
    return " ".join(toks) if toks[i] != s.split()[i] else None


def dname(p, c):
    """The display name of person p in case c (None when c does not apply to p)."""
    full, first, last, fl, g = p["full"], p["first"], p["last"], p["fl"], p["g"]
    f0 = first.split()[0]
    short = full if p["vn"] else f"{f0} {last}"
    if c in ("exact", "partial", "typo", "alias", "script", "device_only"):
        return {"exact": lambda: full, "partial": lambda: first, "typo": lambda: typo(full), "device_only": device_only,
                "alias": lambda: R.choice(p["aliases"]), "script": lambda: p["script"] or R.choice(p["xlit"])}[c]()
    if c == "case_punct":
        opts = {fold(full), fold(full).lower(), full.replace("'", "").replace("-", " "), full.upper(), full.lower()} - {full}
        return R.choice(sorted(opts)) if opts else None
    if c == "affiliation":
        lg, sh = CC[p["cc"]]["aff"]
        n = R.choice([full, short])
        return R.choice([f"{n} ({lg})", f"{n} | {sh}", f"{n} - {lg}", f"{n} / {lg}", f"{n} ({sh})"])
    if c == "pronouns":
        pr = "they/them" if p.get("gender", 1) is None and R.random() < .5 else R.choice(PRON[fl][g])
        return R.choice([f"{full} ({pr})", f"{f0} | {pr}", f"{short} [{pr}]", f"{full} - {pr}"])
    if c == "title":
        return f"{R.choice(L(TITLES[fl][g]))} {R.choice([full, short])}"
    if c == "device_named":
        dev, n, s = R.choice(DEVICES), R.choice([f0, f0, full]), R.choice(["’s", "'s"])
        return {"de": f"{dev} von {n}", "es": f"{dev} de {n}", "pt": f"{dev} de {n}", "fr": f"{dev} de {n}"}.get(fl, f"{n}{s} {dev}")
    if c == "reordered":   # surname first; Vietnamese names, which put it first, get the given name first
        return f"{first} {last}" if p["vn"] else R.choice([f"{last.upper()} {first}", f"{last}, {first}", f"{last} {first}"])
    if c == "initials":
        return R.choice([f"{f0[0]}. {last}", f"{first} {last[0]}.", f"{f0[0]} {last}", f"{first} {last[0]}"])
    if c == "username":
        return R.choice([p["username"]] * 3 + [p["username"].lower()])
    if c == "email":
        return R.choice([device_only(), f"{fold(f0[0] + last[0]).lower()}{R.randint(1, 99)}", "Guest", "Mobile",
                         fold(f0).lower()[:3]])
    if c == "renamed":
        cur = R.choice([a for a in p["aliases"] if len(a.split()) <= 2] + [f0, f0.lower(), f"{f0} {last[0]}"])
        return f"{cur} ({full})"
    if c == "city":
        return f"{R.choice([full, full.lower()])} ({CC[p['cc']]['city']})"
    raise ValueError(c)


def free(d, owner, used):
    """d is new in this clinic and is nobody else's registered name, alias or username."""
    k = norm(d) if d else ""
    return bool(k) and k not in used and KEYS.get(k, {owner}) <= {owner}


def quick_ok(p, c):
    return {"exact": not p["noname"], "alias": bool(p["aliases"]), "script": bool(p["script"] or p["xlit"]),
            "email": bool(p["emails"]), "username": norm(p["username"]) != norm(p["full"]),
            "initials": latin(p["full"]) and not p["vn"], "typo": latin(p["full"])}.get(c, True)


COUNT, SCRIPTS = Counter(), Counter()   # registered cases; `script` names per script and direction


def reg_display(p, ci, sharer, used):
    opts = [c for c in CASES if quick_ok(p, c) and (not sharer or c in SHARER_CASES)]
    kind = ("Latin for " if p["xlit"] else "") + unicodedata.name((p["script"] or p["full"])[0]).split()[0].title()
    while opts:
        w = [BASE[c] * (6 if COUNT[c] < MIN[c] * (ci + 1) / len(CLINIC_SPECS) else 1)
             * ((2 if FIRST_COUNT[norm(p["first"])] > 1 else .4) if c == "partial" else 1)
             * (30 if c == "script" and SCRIPTS[kind] < 3 else 1) for c in opts]
        c = R.choices(opts, w)[0]
        for _ in range(8):
            names = [dname(p, c)] if c != "two_devices" else [   # a named main device and a phone or tablet
                dname(p, R.choice(["case_punct" if p["noname"] else "exact", "affiliation", "pronouns"])), dname(p, "device_named")]
            if all(free(n, p["username"], used) for n in names) and len({norm(n) for n in names}) == len(names):
                COUNT[c] += 1
                SCRIPTS[kind] += c == "script"
                used.update(norm(n) for n in names)
                return c, names
        opts.remove(c)
    raise RuntimeError(f"no display name for {p['username']}")


# ---------------------------------------------------------------- presence (seconds from the clinic's start)
HI = 8100   # segments lie in [start - 10 min, start + 120 min + 15 min]


def segments(full, multi):
    if full:
        a, b = R.randint(-600, 900), R.randint(6900, HI)
    else:
        d = R.randint(150, 5100)
        a = R.randint(-540, HI - d)
        b = a + d
    if not multi or b - a < 900:
        return [(a, b)]
    if R.random() < .2:   # the same name from a second device, overlapping
        c = R.randint(a + 60, b - 300)
        return [(a, b), (c, min(HI, c + R.randint(240, 3600)))]
    out, cur = [], a
    for c in sorted(R.sample(range(a + 240, b - 240, 30), R.choice((1, 1, 2)))):   # drops and rejoins
        if c - cur >= 60:
            out.append((cur, c))
            cur = min(c + R.randint(15, 480), b - 60)
    return out + [(cur, b)]


def minutes(segs):   # minutes attended: the union of the segments
    total, end = 0, -10 ** 9
    for a, b in sorted(segs):
        total, end = total + max(0, b - max(a, end)), max(b, end)
    return total / 60


# ---------------------------------------------------------------- clinics and registered attendees
def speaks(p, lang, lvl=2):
    v = p["languages"].get(lang)
    return v is not None and (v == "N" or int(v) >= lvl)


def wsample(items, weights, k):
    keys = sorted(((R.random() ** (1 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True)
    return [items[i] for _, i in keys[:k]]


CLINICS = []
for ci, (title, lang, interp, skills, hour) in enumerate(CLINIC_SPECS):
    cid = f"lc-2026-{ci + 1:02d}"
    start = datetime(2026, 1, 14, hour, tzinfo=timezone.utc) + timedelta(days=14 * ci)

    def weight(p):
        w = p["act"] * (2 if set(p["learns"]) & set(skills) else 1)
        return w if speaks(p, lang) else (w * .4 if any(speaks(p, x) for x in interp) else 0)

    cands = [p for p in PROFILES if set(p["shares"]) & set(skills) and speaks(p, lang, 3)] or [
        p for p in PROFILES if speaks(p, lang, 4)]   # nobody shares the topic in the clinic's language
    sharers = wsample(cands, [1] * len(cands), R.choice((1, 1, 2)))
    taken = {p["username"] for p in sharers}
    rest = [p for p in PROFILES if p["username"] not in taken]
    regs = wsample(rest, [weight(p) for p in rest], R.randint(25, 34))
    came = R.sample(regs, round(len(regs) * R.uniform(.64, .76)))
    taken |= {p["username"] for p in regs}
    rest = [p for p in PROFILES if p["username"] not in taken]
    walk = wsample(rest, [weight(p) for p in rest], R.choice((0, 1, 1, 2)))
    used, people = set(), []
    for p in sharers + came + walk:
        case, names = reg_display(p, ci, p in sharers, used)
        full = p in sharers or R.random() < .33
        main = segments(full, R.random() < .25)
        a, b = main[0][0], main[-1][1]
        on = R.randint(a, max(a, b - 600))   # a second device joins while the first is on
        segs = [main] if len(names) == 1 else [main, [(on, min(b, on + R.randint(300, 4000)))]]
        for n, sg in zip(names, segs):
            email = p["emails"][0] if case == "email" else ""
            if not email and p["emails"] and R.random() < .5:
                email = R.choice(p["emails"])
            elif not email and R.random() < .04:
                email = f"{re.sub('[^a-z]', '', fold(p['lat'][0]).lower())}{R.randint(100, 999)}@example.com"
            people.append(dict(name=n, username=p["username"], person=p["username"], case=case, email=email,
                               guest="No" if R.random() < .08 else "Yes", segs=sg))
    host = HOSTS[ci % 2]
    people.append(dict(name=host, username="", person="role-host", case="host", email="host@example.org",
                       guest="No", segs=[(R.randint(-600, -420), R.randint(7800, HI))]))
    for x in interp:
        base = R.choice(INTERP[x])
        for n in ([base] if R.random() < .7 else [f"{base} 1", f"{base} 2"]):
            people.append(dict(name=n, username="", person="role-interpreter", case="interpreter", email="",
                               guest="No", segs=[(R.randint(-540, 0), R.randint(7200, HI - 60))]))
    used.update(norm(x["name"]) for x in people)
    total = max(41, min(54, round(len(people) * R.uniform(1.85, 2.0))))
    CLINICS.append(dict(id=cid, title=title, start=start, lang=lang, interp=interp, skills=skills, sharers=sharers,
                        regs=regs, came=came, people=people, used=used, nr_n=total - len(people)))

# ---------------------------------------------------------------- non-registered people
REG_FIRST = {norm(p["first"]) for p in PROFILES}
NR_CULT_W = [CULT[c]["w"] * REGION_TARGET[CULT[c]["region"]] / sum(CULT[d]["w"] for d in CULT if CULT[d]["region"] == CULT[c]["region"])
             for c in CULT]   # regions weighted as in the directory
LATIN_GEN = [p for p in PROFILES if latin(p["full"]) and not p["vn"]]
NR_NAMES = set()


def nr_person(spec=None):
    if spec and spec.count("/") == 2:   # a name in another script
        full, g, cc = spec.split("/")
        first, last = full.split()
        return dict(full=" ".join(LEX[t] for t in full.split()), first=LEX[first], last=LEX[last], g=g, cc=cc,
                    script=True, hard=False)
    if spec:
        full, g, k, cc = spec.split("/")
        first, last = full.split()
    while not spec:
        k = R.choices(list(CULT), NR_CULT_W)[0]
        g, cc = R.choice("fm"), R.choice(CULT[k]["ccs"])
        first, last, full = make_name(k, g)
        if hard := R.random() < .25:   # hard negative: a registered person's given name or surname
            q = R.choice(LATIN_GEN)
            k, g, cc = q["cult"], q["g"], q["cc"]
            first, last, full = make_name(k, g, first=q["first"]) if R.random() < .5 else make_name(k, g, last=q["last"])
        if norm(full) not in KEYS and norm(full) not in NR_NAMES and full not in FAMOUS and k != "viet":
            break
    NR_NAMES.add(norm(full))
    return dict(full=full, first=first, last=last, g=g, cc=cc, script=False, hard=bool(spec) or hard)


cap = [c["nr_n"] for c in CLINICS]
lists = []
while len(lists) < .34 * (len(lists) + sum(cap)):   # ~34% of non-registered people come to 2+ clinics
    k = R.choice((2, 2, 2, 2, 3, 3, 4, 5))
    avail = [i for i in range(len(cap)) if cap[i] > 0]
    chosen = sorted(wsample(avail, [cap[i] for i in avail], k))
    for i in chosen:
        cap[i] -= 1
    lists.append(chosen)
lists += [[i] for i in range(len(cap)) for _ in range(cap[i])]
R.shuffle(lists)
planted, scripts, NR = list(NR_PLANTED), list(NR_SCRIPT), []
for n, cl in enumerate(lists, 1):
    spec = planted.pop(0) if planted and len(cl) > 1 else (scripts.pop(0) if scripts and R.random() < .12 else None)
    q = nr_person(spec)
    q.update(id=f"nr-{n:03d}", clinics=cl, fl=flavour(q["cc"]), vn=False, aliases=[], username="", noname=False,
             email=new_email(fold(q["first"]) if latin(q["first"]) else "guest", fold(q["last"]) if latin(q["last"]) else "zoom")
             if R.random() < .25 else "")
    NR.append(q)

for ci, c in enumerate(CLINICS):
    for q in [q for q in NR if ci in q["clinics"]]:
        for _ in range(60):
            v = "exact" if ci == q["clinics"][0] and R.random() < .5 else R.choices(list(NR_W), list(NR_W.values()))[0]
            if (q["script"] and v not in ("exact", "affiliation", "device_only")) or (v == "partial" and norm(q["first"]) in REG_FIRST):
                continue
            d = dname(q, v)
            if free(d, None, c["used"]):
                break
        else:
            raise RuntimeError(q["id"])
        c["used"].add(norm(d))
        c["people"].append(dict(name=d, username="", person=q["id"], case="device_only" if v == "device_only" else "unregistered",
                                email=q["email"] if q["email"] and R.random() < .8 else "", guest="Yes",
                                segs=segments(R.random() < .3, R.random() < .25)))


# ---------------------------------------------------------------- writing
def when(t, tz, fmt):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if fmt == "iso" else t.astimezone(ZoneInfo(tz)).strftime("%m/%d/%Y %I:%M:%S %p")


(OUT / "zoom").mkdir(exist_ok=True)
LABELS = [("clinic", "display_name", "username", "person", "case")]
for ci, c in enumerate(CLINICS):
    block, tz, fmt, bom, eol, extra = STYLES[ci]
    rows = []
    for x in c["people"]:
        for a, b in x["segs"]:
            ex = {"Recording Consent": "Yes" if R.random() < .97 else "", "In Waiting Room": "No" if R.random() < 2 else "Yes"}  # rows are time in the meeting
            rows.append((c["start"] + timedelta(seconds=a), c["start"] + timedelta(seconds=b), x, [ex[e] for e in extra]))
    rows.sort(key=lambda r: (r[0], r[2]["name"]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=eol)
    if block:
        t0, t1 = min(r[0] for r in rows), max(r[1] for r in rows)
        w.writerow(["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"])
        w.writerow([f"{R.randint(810, 899)} {R.randint(1000, 9999)} {R.randint(1000, 9999)}",
                    f"Let's Connect Learning Clinic: {c['title']}", when(t0, tz, fmt), when(t1, tz, fmt),
                    "host@example.org", -(-int((t1 - t0).total_seconds()) // 60), len(c["people"])])
        buf.write(eol)
    w.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest", *extra])
    seen = []
    for t0, t1, x, ex in rows:
        w.writerow([x["name"], x["email"], when(t0, tz, fmt), when(t1, tz, fmt),
                    -(-int((t1 - t0).total_seconds()) // 60), x["guest"], *ex])
        if x["name"] not in seen:
            seen.append(x["name"])
            LABELS.append((c["id"], x["name"], x["username"], x["person"], x["case"]))
    (OUT / "zoom" / f"{c['id']}.csv").write_bytes((("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8"))

with open(OUT / "labels.csv", "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(LABELS)


def profile_json(p):
    d = dict(username=p["username"], name=None if p["noname"] else p["full"], aliases=p["aliases"],
             region=CC[p["cc"]]["region"], country=p["cc"], languages=p["languages"], timezone=p["timezone"],
             shares=p["shares"], learns=p["learns"], affiliations=p["affiliations"], registered=p["registered"],
             gender=p["gender"], emails=p["emails"])
    return json.dumps({k: v for k, v in d.items() if v or k == "gender"}, ensure_ascii=False)


order = sorted(PROFILES, key=lambda p: R.random())
(OUT / "directory.json").write_text('{"format": "letsconnect.directory/1",\n "taxonomy": "letsconnect",\n "profiles": [\n  '
                                    + ",\n  ".join(profile_json(p) for p in order) + "\n ]}\n", encoding="utf-8")
clinics_doc = {"format": "letsconnect.clinics/1", "clinics": [
    {"id": c["id"], "title": c["title"], "start": c["start"].strftime("%Y-%m-%dT%H:%M:%SZ"), "duration_min": 120,
     "language": c["lang"], "interpretation": c["interp"], "skills": c["skills"],
     "sharers": [p["username"] for p in c["sharers"]], "registrants": [p["username"] for p in c["regs"]],
     "attendance": [f"zoom/{c['id']}.csv"],
     **({"report_time_zone": style[1]} if style[1] != "UTC" else {})} for c, style in zip(CLINICS, STYLES)]}
(OUT / "clinics.json").write_text(json.dumps(clinics_doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

# ---------------------------------------------------------------- statistics, README, summary
lab = LABELS[1:]
cases = Counter(r[4] for r in lab)
reg_cases = Counter(r[4] for r in lab if r[2])
att = defaultdict(list)   # (clinic, person) -> segments
for c in CLINICS:
    for x in c["people"]:
        if not x["person"].startswith("role-"):
            att[c["id"], x["person"]] += x["segs"]
multi = sum(1 for c in CLINICS for x in c["people"] if len(x["segs"]) > 1 and not x["person"].startswith("role-"))
stay = sum(minutes(s) > 90 for s in att.values()) / len(att)
reg_people = Counter(p for (_, p) in att if not p.startswith("nr-"))
nr_people = Counter(p for (_, p) in att if p.startswith("nr-"))
regs_total, came_total = (sum(len(c[k]) for c in CLINICS) for k in ("regs", "came"))
n_rows = sum(len(x["segs"]) for c in CLINICS for x in c["people"])
n_email = sum(len(x["segs"]) for c in CLINICS for x in c["people"] if x["email"])
per_clinic = Counter(r[0] for r in lab)
want = {**dict.fromkeys(CASES, 8), "script": 16, "device_only": 6, "interpreter": 6, "host": 4, "unregistered": 8}
missing = [k for k, v in want.items() if cases[k] < v] + ([] if len({r[3] for r in lab if r[4] == "two_devices"}) >= 3 else ["two_devices"])
stats = {
    "profiles": len(PROFILES), "with emails": sum(bool(p["emails"]) for p in PROFILES),
    "with aliases": sum(bool(p["aliases"]) for p in PROFILES), "without name": sum(p["noname"] for p in PROFILES),
    "regions": ", ".join(f"{k} {v}" for k, v in Counter(CC[p["cc"]]["region"] for p in PROFILES).most_common()),
    "label rows (distinct display names per clinic)": len(lab), "per clinic": f"{min(per_clinic.values())}-{max(per_clinic.values())}",
    "label rows registered / non-registered / interpreter or host": " / ".join(
        str(sum(1 for r in lab if k(r))) for k in (lambda r: r[2], lambda r: r[3].startswith("nr-"), lambda r: r[3].startswith("role-"))),
    "attendees (person x clinic)": len(att), "registered people attending >= 1 clinic": len(reg_people),
    "mean clinics per attending registered person": round(sum(reg_people.values()) / len(reg_people), 2),
    "non-registered people": len(nr_people), "non-registered at 2+ clinics": f"{sum(v > 1 for v in nr_people.values())} "
    f"({sum(v > 1 for v in nr_people.values()) / len(nr_people):.0%})", "non-registered built as hard negatives": sum(q["hard"] for q in NR),
    "show-up (registrants who attended / registrants)": f"{came_total}/{regs_total} = {came_total / regs_total:.0%}",
    "attendees staying > 90 min": f"{stay:.0%}", "attendee display names with 2+ segments": multi,
    "`script` rows by script": ", ".join(f"{k} {v}" for k, v in sorted(SCRIPTS.items()) if v),
    "CSV rows": n_rows, "CSV rows with User Email": f"{n_email} ({n_email / n_rows:.0%})",
}
tbl = "\n".join(f"| `{k}` | {reg_cases[k]} | {cases[k] - reg_cases[k]} | {cases[k]} |" for k in CASES + ["unregistered", "interpreter", "host"])
per = "\n".join(f"| `{c['id']}` | {c['start']:%Y-%m-%d %H:%M} | {c['lang']} | {', '.join(c['interp'])} | {len(c['sharers'])} | "
                f"{len(c['regs'])} | {len(c['came'])} | {per_clinic[c['id']]} |" for c in CLINICS)
files = "\n".join(f"| `zoom/{c['id']}.csv` | {'yes' if s[0] else 'no'} | {s[1]} | {'ISO 8601 UTC (`Z`)' if s[2] == 'iso' else '`MM/DD/YYYY hh:mm:ss AM/PM`'} "
                  f"| {'yes' if s[3] else 'no'} | {'CRLF' if s[4] == chr(13) + chr(10) else 'LF'} | {', '.join(s[5]) or '–'} |"
                  for c, s in zip(CLINICS, STYLES))
(OUT / "README.md").write_text(f"""# Reconciliation evaluation set

A labelled set for matching Zoom display names to registered Let's Connect profiles
(`reconcile`, design §4–5). **Every person here is invented**: given names and surnames of many
cultures are paired at random (a short block list keeps out famous pairings); e-mail addresses use
only `example.org`, `example.net` and `example.com`.

Generated by `make_eval.py` with its name tables in `make_eval_tables.py` (Python 3.11, standard
library only, `random.Random({SEED})`): `python make_eval.py` rewrites every file here byte for byte
identically, so edit the scripts, not the output.

| file | what it is |
|---|---|
| `directory.json` | `letsconnect.directory/1`, taxonomy `letsconnect`: {len(PROFILES)} profiles. {stats['with emails']} carry the new optional field `emails` (not yet known to `letsconnect validate`; a copy without it validates cleanly), {stats['with aliases']} have `aliases`, {stats['without name']} have no `name` (the username holds it), 5 have a Cyrillic or Arabic `name`. Regions: {stats['regions']}. Hard negatives: many profiles share a given name or a surname with another (two Aminas, two Mensahs, two Ezes, two Diops, two Haddads, …) |
| `clinics.json` | `letsconnect.clinics/1`: 10 clinics `lc-2026-01` … `lc-2026-10`, two weeks apart from 2026-01-14, 120 minutes, languages en/es/fr/pt/ar with interpretation; sharers, registrants, and `attendance` paths relative to this folder |
| `zoom/*.csv` | Zoom participant reports, one row per join segment (drops and rejoins; the same name from two devices with overlapping segments). `Duration (Minutes)` is the segment rounded up to whole minutes. In the meeting block, `Start Time`/`End Time` are the first join and the last leave and `Participants` counts distinct display names |
| `labels.csv` | truth: `clinic,display_name,username,person,case`, one row per distinct display name per clinic. `display_name` is the CSV cell after unquoting; `username` is empty for non-registered people and for interpreter/host channels; `person` is the username, `nr-NNN` for a non-registered person (stable across clinics, also when they spell their name differently), or `role-interpreter` / `role-host` |

## Clinics

| clinic | start (UTC) | language | interpretation | sharers | registrants | registrants who came | display names |
|---|---|---|---|---|---|---|---|
{per}

Sharers and a few registered people who did not register for the clinic also attend. Join segments lie
between 10 minutes before the start and 15 minutes after the planned end. A quarter of the
non-registered people are built as hard negatives from a registered person's given name or surname
("Amina Bakare" beside "Amina Bello"); with these name pools most others share one of the two as well.

## Report files

Times in a report are local to the report's time zone (clinic starts in `clinics.json` are UTC);
New York files are 5 hours behind UTC before 8 March 2026 and 4 hours after. The clinics of
those reports carry `"report_time_zone": "America/New_York"` in `clinics.json`.

| file | meeting block | report time zone | time format | BOM | line ends | extra columns |
|---|---|---|---|---|---|---|
{files}

## Cases (`case` column)

| case | registered | non-registered / role | all |
|---|---|---|---|
{tbl}

`exact` registered name as is · `case_punct` case, diacritics or punctuation changed · `affiliation` ·
`pronouns` · `title` · `device_named` a device with the person's name · `device_only` a device or
placeholder only (truth registered or not) · `reordered` surname first · `initials` · `alias` a
profile alias · `username` the username typed as the name · `script` the name in another script
(Arabic, Cyrillic, Devanagari, Greek, Ethiopic, Bengali), or Latin typed for a Cyrillic/Arabic
registered name · `email` a garbled or device name whose row carries the profile's e-mail ·
`renamed` Zoom's "New (Original)" form · `typo` one letter off · `partial` given name only (often
shared by another profile) · `two_devices` one registered person under two names in one clinic
(both rows carry the username) · `unregistered` a non-registered person, including hard negatives
that share a given name or a surname with a registered profile.

Invariants: display names are unique within a clinic, also after folding case, diacritics and
punctuation; no display name equals (so folded) the name, an alias or the username of a registered
profile other than its own person's. Some rows cannot be decided from the name alone: `device_only`
(use the registrants, or leave it to review), `email` (use `User Email`) and `partial` when two
profiles share the given name.

## Totals

""" + "\n".join(f"- {k}: {v}" for k, v in stats.items()) + "\n", encoding="utf-8")

print("cases:", dict(sorted(cases.items())))
print("registered cases:", dict(sorted(reg_cases.items())))
for k, v in stats.items():
    print(f"{k}: {v}")
print("cases below their minimum:", missing or "none")
