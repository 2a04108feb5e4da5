"""The ``letsconnect`` command line.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as _datetime
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from . import _core
from ._attendance import RECONCILE_COLUMNS

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _babel_level(text: str) -> int | str:
    if text in ("0", "1", "2", "3", "4", "5"):
        return int(text)
    if text in ("N", "n"):
        return "N"
    raise argparse.ArgumentTypeError(f"Babel level must be 0-5 or N, got {text!r}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="letsconnect", description="Matching and tracking engine of Wikimedia's Let's Connect programme."
    )
    parser.add_argument("--version", action="version", version=f"letsconnect {_core.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check directory, taxonomy, clinics or badge files; list every problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("--json", action="store_true", help="print problems as JSON")

    search = commands.add_parser("search", help="search a directory by skill, region, country, language")
    search.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    search.add_argument("--shares", action="append", metavar="SKILL", help="shares this skill or category (repeatable)")
    search.add_argument("--learns", action="append", metavar="SKILL", help="wants to learn this skill or category (repeatable)")
    search.add_argument("--knows", action="append", metavar="SKILL", help="knows this skill or category (repeatable)")
    search.add_argument("--region", action="append", metavar="CODE", help="SSA, MENA, ESEAP, SA, CEECA, NWE, LAC, NA (repeatable)")
    search.add_argument("--country", action="append", metavar="CC", help="ISO 3166-1 alpha-2 code (repeatable)")
    search.add_argument("--language", action="append", metavar="CODE", help="speaks this language (repeatable)")
    search.add_argument("--min-level", default=0, type=_babel_level, metavar="LEVEL",
                        help="minimum Babel level for --language: 0-5 or N")
    search.add_argument("--json", action="store_true", help="print matching profiles as JSON")

    recommend = commands.add_parser("recommend", help="the best peers for one participant, with the reasons")
    recommend.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    recommend.add_argument("--user", "-u", required=True, metavar="NAME", help="the participant's username")
    recommend.add_argument("-k", type=_positive, default=10, metavar="K", help="how many (default 10)")
    recommend.add_argument("--direction", choices=("mutual", "learn_from", "share_with"), default="mutual",
                           help="mutual (default), learn_from (who shares what they want), share_with (who wants what they share)")
    recommend.add_argument("--week", type=_iso_date, metavar="YYYY-MM-DD", help="any day of the week whose availability counts (default: this week)")
    recommend.add_argument("--capx", action="store_true", help="rank as CapX does (exact skill overlap counts only)")
    recommend.add_argument("--json", action="store_true", help="print the matches as JSON")

    att = commands.add_parser("attendance", help="match a Zoom participant report to registered participants")
    att.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    att.add_argument("--zoom", required=True, metavar="REPORT", help="Zoom participant report (CSV export)")
    att.add_argument("--clinics", metavar="FILE", help="letsconnect.clinics/1 JSON (with --clinic: its registrants help)")
    att.add_argument("--clinic", metavar="ID", help="the clinic the report is of (needs --clinics)")
    att.add_argument("--time-zone", metavar="ZONE",
                     help="zone of the report's times (the Zoom account's; default: the clinic's report_time_zone, else UTC)")
    att.add_argument("--out", "-o", required=True, metavar="FILE",
                     help="where to write one row per participant (.csv or .json): " + ", ".join(RECONCILE_COLUMNS))
    att.add_argument("--review-queue", metavar="FILE",
                     help="also write the names needing a decision (CSV; fill 'decision' and pass it to `letsconnect confirm`)")
    _pseudonymise_options(att)

    confirm = commands.add_parser("confirm", help="record reviewed Zoom names as aliases, so they match next time")
    confirm.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    confirm.add_argument("--decisions", required=True, metavar="CSV",
                         help="a review queue with the 'decision' column filled: a username, or - for not registered")
    confirm.add_argument("--out", "-o", metavar="FILE", help="write the directory here (default: replace --directory, atomically)")

    met = commands.add_parser("metrics", help="programme metrics from the clinics and their Zoom reports")
    met.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    met.add_argument("--clinics", required=True, metavar="FILE", help="letsconnect.clinics/1 JSON")
    met.add_argument("--attendance", metavar="DIR",
                     help="folder of the Zoom reports (default: the clinics' attendance paths, relative to --clinics)")
    met.add_argument("--time-zone", default="UTC", metavar="ZONE", help="zone of the reports' times (default UTC)")
    met.add_argument("--retention-minutes", default=90.0, type=float, metavar="MIN", help="retained above this (default 90)")
    met.add_argument("--json", action="store_true", help="print every table as JSON")

    bad = commands.add_parser("badges", help="badges earned from attendance and sharing")
    bad.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    bad.add_argument("--clinics", required=True, metavar="FILE", help="letsconnect.clinics/1 JSON")
    bad.add_argument("--attendance", metavar="DIR", help="folder of the Zoom reports (as for metrics)")
    bad.add_argument("--rules", metavar="FILE", help="letsconnect.badges/1 JSON (default: first, five, ten clinics; first share)")
    bad.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="only badges newly earned on or after this day")
    bad.add_argument("--time-zone", default="UTC", metavar="ZONE", help="zone of the reports' times (default UTC)")
    bad.add_argument("--json", action="store_true", help="print the awards as JSON")
    _pseudonymise_options(bad)

    asg = commands.add_parser("assign", help="mentoring pairs: the best total score (min-cost flow) or a stable matching")
    asg.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    asg.add_argument("--programme", metavar="FILE", help="letsconnect.mentorship/1 JSON (its sign-ups are the pools)")
    asg.add_argument("--mentee", action="append", default=[], metavar="NAME", help="a mentee (repeatable)")
    asg.add_argument("--mentees", metavar="FILE", help="text file, one mentee username per line")
    asg.add_argument("--mentor", action="append", default=[], metavar="NAME", help="a mentor (repeatable)")
    asg.add_argument("--mentors", metavar="FILE", help="text file, one mentor username per line")
    asg.add_argument("--capacity", type=_non_negative, metavar="N", help="mentees per mentor (default 1; a programme sets its own)")
    asg.add_argument("--min-score", type=float, metavar="X", help="pairs scoring below are not made")
    asg.add_argument("--forbid", nargs=2, action="append", default=[], metavar=("MENTEE", "MENTOR"), help="never pair these (repeatable)")
    asg.add_argument("--require", nargs=2, action="append", default=[], metavar=("MENTEE", "MENTOR"), help="always pair these (repeatable)")
    asg.add_argument("--stable", action="store_true", help="mentee-optimal stable matching instead of the best total")
    asg.add_argument("--out", metavar="FILE", help="write the pairs as CSV")
    asg.add_argument("--json", action="store_true", help="print the whole result as JSON")

    plan = commands.add_parser("plan-clinic", help="clinic start times that reach the most of an audience in their own time")
    plan.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    plan.add_argument("--start", required=True, type=_iso_date, metavar="YYYY-MM-DD", help="first day a clinic may start (UTC)")
    plan.add_argument("--end", required=True, type=_iso_date, metavar="YYYY-MM-DD", help="last day a clinic may start (UTC)")
    plan.add_argument("--duration", type=_positive, default=120, metavar="MIN", help="clinic length in minutes (default 120)")
    plan.add_argument("--step", type=_positive, default=30, metavar="MIN", help="start times every MIN minutes (default 30)")
    plan.add_argument("--split", type=int, choices=(1, 2), default=1, help="2: the best pair of times (a repeat session)")
    plan.add_argument("--top", type=_positive, default=10, metavar="K", help="how many times or pairs (default 10)")
    plan.add_argument("--user", action="append", metavar="NAME", help="audience member (repeatable; default: the filters)")
    plan.add_argument("--shares", action="append", metavar="SKILL", help="audience shares this skill (repeatable)")
    plan.add_argument("--learns", action="append", metavar="SKILL", help="audience wants to learn this skill (repeatable)")
    plan.add_argument("--region", action="append", metavar="CODE", help="audience region (repeatable)")
    plan.add_argument("--country", action="append", metavar="CC", help="audience country (repeatable)")
    plan.add_argument("--language", metavar="CODE", help="the clinic's language: audience speaks it at --min-level; "
                      "prints who needs interpretation")
    plan.add_argument("--min-level", default=2, type=_babel_level, metavar="LEVEL", help="for --language (default 2)")
    plan.add_argument("--target-share", type=float, default=0.9, metavar="X",
                      help="share of the audience interpretation should reach (default 0.9)")
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")

    st = commands.add_parser("stats", help="directory counts as CapX's dashboard shows them, and the clinic topics to run next")
    st.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    st.add_argument("--clinics", metavar="FILE", help="letsconnect.clinics/1 JSON: count the clinics each skill had")
    st.add_argument("--top", type=_positive, default=10, metavar="N", help="topics to list (default 10)")
    st.add_argument("--depth", type=int, choices=(0, 1, 2), metavar="D",
                    help="only topics at this taxonomy depth (0 categories, 1 skills, 2 sub-skills)")
    st.add_argument("--uncovered", action="store_true", help="leave out skills a clinic already covered")
    st.add_argument("--min-supply", type=_non_negative, default=1, metavar="N",
                    help="only skills at least N people share, so someone can lead the clinic (default 1)")
    st.add_argument("--json", action="store_true", help="print every table as JSON")

    rep = commands.add_parser("report", help="one self-contained HTML page: programme metrics, clinics and plots")
    rep.add_argument("--directory", "-d", required=True, metavar="FILE", help="letsconnect.directory/1 JSON")
    rep.add_argument("--clinics", required=True, metavar="FILE", help="letsconnect.clinics/1 JSON")
    rep.add_argument("--attendance", metavar="DIR",
                     help="folder of the Zoom reports (default: the clinics' attendance paths, relative to --clinics)")
    rep.add_argument("--title", default=None, metavar="TEXT", help="the page's title")
    rep.add_argument("--time-zone", default="UTC", metavar="ZONE", help="zone of the reports' times (default UTC)")
    rep.add_argument("--retention-minutes", default=90.0, type=_positive_float, metavar="MIN",
                     help="retained above this (default 90)")
    rep.add_argument("--out", "-o", required=True, metavar="FILE", help="where to write the page (.html), atomically")

    syn = commands.add_parser("synthetic", help="write an invented programme: directory, clinics, Zoom reports, truth")
    syn.add_argument("--out", "-o", required=True, metavar="DIR", help="folder to write (created if missing)")
    syn.add_argument("--seed", type=_integer, default=0, metavar="N", help="random seed (default 0); the same seed "
                     "writes the same files")
    syn.add_argument("--participants", type=_positive, default=450, metavar="N",
                     help="registered participants, 10 to 100,000 (default 450)")
    syn.add_argument("--clinics", type=_positive, default=65, metavar="N", help="clinics, 1 to 520 (default 65)")
    return parser


def _pseudonymise_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--pseudonymise", action="store_true",
                         help="replace names, usernames and e-mail addresses with stable keyed pseudonyms (p_...); the "
                              "key comes from $LETSCONNECT_PSEUDONYMISE_KEY or --pseudonymise-key-file")
    command.add_argument("--pseudonymise-key-file", metavar="PATH",
                         help="read the pseudonymisation key from this file (implies --pseudonymise)")


def _pseudonymise_key(args: argparse.Namespace) -> bytes | None:
    """The key when pseudonymising was asked for (checked before any work), else None."""
    from ._privacy import resolve_key

    if args.pseudonymise_key_file is not None:
        with open(args.pseudonymise_key_file, "rb") as f:
            return resolve_key(f.read().strip())
    return resolve_key(None) if args.pseudonymise else None


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def _names(listed: list[str], path: str | None) -> list[str]:
    names = list(listed)
    if path:
        with open(path, encoding="utf-8") as f:
            names += [line.strip() for line in f if line.strip()]
    return names


def _iso_date(text: str) -> str:
    try:
        _datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _validate(args: argparse.Namespace) -> int:
    report: dict[str, list[dict[str, str]]] = {}
    for path in args.files:
        report[path] = [
            {"source": p.source, "where": p.where, "field": p.field, "message": p.message}
            for p in _core.validate_file(path)
        ]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for path, found in report.items():
            if not found:
                print(f"{path}: ok")
            for p in found:
                parts = [p["source"], p["where"], p["field"], p["message"]]
                print(": ".join(x for x in parts if x))
    return EXIT_INVALID if any(report.values()) else EXIT_OK


def _search(args: argparse.Namespace) -> int:
    directory = _core.Directory.load(args.directory)
    found = directory.search(
        shares=args.shares, learns=args.learns, knows=args.knows, region=args.region,
        country=args.country, language=args.language, min_level=args.min_level,
    )
    if args.json:
        print(json.dumps([directory[name].to_dict() for name in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    for name in found:
        p = directory[name]
        languages = " ".join(f"{code}-{lvl}" for code, lvl in p.languages.items())
        print(f"{name}\t{p.region or '-'}\t{p.country or '-'}\t{languages}\tshares: {', '.join(p.shares) or '-'}")
    print(f"{len(found)} of {len(directory)} profiles", file=sys.stderr)
    return EXIT_OK


def _recommend(args: argparse.Namespace) -> int:
    directory = _core.Directory.load(args.directory, week=args.week)
    weights = _core.Weights.capx() if args.capx else None
    matches = directory.recommend(args.user, args.k, direction=args.direction, weights=weights)
    if args.json:
        rows = [
            {"rank": rank, "username": m.username, "total": m.total, **m.breakdown, "explanation": m.explanation}
            for rank, m in enumerate(matches, 1)
        ]
        print(json.dumps({"seeker": matches.seeker, "direction": args.direction, "matches": rows},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    for rank, m in enumerate(matches, 1):
        print(f"{rank}\t{m.total:.3f}\t{m.username}\t{m.explanation}")
    print(f"{len(matches)} matches for {matches.seeker} ({args.direction}) among {len(directory)} profiles", file=sys.stderr)
    return EXIT_OK


def _write_table(frame: "pd.DataFrame", path: str, float_format: str | None = "%.6g") -> None:
    """CSV or JSON (by extension), written atomically (letsconnect's one writer: temp file, fsync, rename)."""
    if path.lower().endswith(".json"):
        text = frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=1)
    else:
        text = frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ", float_format=float_format)
    _core.write_file_atomic(path, text)


def _attendance(args: argparse.Namespace) -> int:
    from . import _attendance as att
    from ._privacy import maybe_pseudonymise

    key = _pseudonymise_key(args)
    directory = _core.Directory.load(args.directory)
    clinic = None
    if args.clinic is not None or args.clinics is not None:
        if args.clinic is None or args.clinics is None:
            print("error: --clinic and --clinics go together", file=sys.stderr)
            return EXIT_USAGE
        try:
            clinic = _core.Clinics.load(args.clinics)[args.clinic]
        except KeyError:
            print(f"error: {args.clinics}: no clinic '{args.clinic}'", file=sys.stderr)
            return EXIT_INVALID
    zone = args.time_zone or (clinic.report_time_zone if clinic is not None else "") or "UTC"
    report = att.read_zoom_report(args.zoom, zone)
    matches = att.reconcile_matches(directory, report, clinic)
    frame = att.matches_to_frame(matches)
    _write_table(maybe_pseudonymise(frame, key), args.out)
    if args.review_queue:
        rows = [
            {"clinic": clinic.id if clinic else "", "display_name": m.display_name, "suggested_username": m.username,
             "confidence": m.confidence, "reason": m.reason, "minutes": m.minutes, "decision": ""}
            for m in matches if m.status == "review"
        ]
        import pandas as pd

        queue = pd.DataFrame(rows, columns=att.REVIEW_QUEUE_COLUMNS)
        _write_table(maybe_pseudonymise(queue, key), args.review_queue)
    counts = frame["status"].value_counts()
    print(f"{len(frame)} participants: {counts.get('matched', 0)} matched, {counts.get('review', 0)} to review, "
          f"{counts.get('unregistered', 0)} not registered -> {args.out}", file=sys.stderr)
    return EXIT_OK


def _confirm(args: argparse.Namespace) -> int:
    from . import _attendance as att

    directory = _core.Directory.load(args.directory)
    decisions = att.read_decisions(args.decisions, directory)
    updated = directory.with_aliases(decisions)
    out = args.out or args.directory
    updated.save(out)
    print(f"{len(decisions)} names recorded as aliases -> {out}", file=sys.stderr)
    return EXIT_OK


def _metrics(args: argparse.Namespace) -> int:
    from . import _attendance as att

    directory = _core.Directory.load(args.directory)
    data = att.attendance(directory, args.clinics, attendance_dir=args.attendance, time_zone=args.time_zone)
    m = att.metrics(directory, data.programme, data, retention_minutes=args.retention_minutes)
    if args.json:
        clinics = m.clinics.reset_index()
        clinics["start"] = clinics["start"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        doc = {
            "clinics": json.loads(clinics.to_json(orient="records")),
            "programme": {k: (None if v != v else v) for k, v in m.programme["value"].items()},
            "by_region": json.loads(m.by_region.astype({"region": object}).to_json(orient="records")),
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    table = m.clinics[["attendees", "registered", "non_registered", "review", "registrants", "show_up_rate", "retention",
                       "median_minutes"]]
    print(table.to_string(float_format=lambda x: f"{x:.2f}"))
    print()
    for name, row in m.programme.iterrows():
        value = row["value"]
        shown = "n/a" if value != value else (f"{value:.3f}" if value % 1 else f"{int(value)}")
        print(f"{name:32} {shown:>10}  {row['definition']}")
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    directory = _core.Directory.load(args.directory)
    st = directory.stats()
    gap = directory.skill_gap(args.clinics, depth=args.depth, uncovered=args.uncovered, min_supply=args.min_supply,
                              top=args.top)
    if args.json:
        def records(frame: pd.DataFrame) -> Any:
            return json.loads(frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "category"})
                              .to_json(orient="records", date_format="iso"))

        doc = {"profiles": st.profiles, "by_region": records(st.by_region), "by_country": records(st.by_country),
               "by_language": records(st.by_language), "by_root_skill": records(st.by_root_skill),
               "next_topics": records(gap)}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{st.profiles} profiles")
    for row in st.by_region.itertuples(index=False):
        print(f"  {row.region:6} {row.profiles:>7}  {row.name}")
    if st.unknown_region:
        print(f"  {'?':6} {st.unknown_region:>7}  no region")
    print("\nby top-level skill category (people; skills below counted once): known / shares / wants")
    for row in st.by_root_skill.itertuples(index=False):
        print(f"  {row.known:>7} {row.shares:>7} {row.learns:>7}  {row.label}")
    print("\nnext clinic topics (wanted by many, shared by few): demand / supply / gap / clinics so far")
    for row in gap.itertuples(index=False):
        print(f"  {row.demand:>7} {row.supply:>7} {row.gap:>7} {row.clinics:>4}  {row.label} ({row.skill})")
    return EXIT_OK


def _badges(args: argparse.Namespace) -> int:
    from . import _attendance as att

    key = _pseudonymise_key(args)
    directory = _core.Directory.load(args.directory)
    data = att.attendance(directory, args.clinics, attendance_dir=args.attendance, time_zone=args.time_zone)
    frame = att.badges(directory, data.programme, data, rules=args.rules, since=args.since, pseudonymise=key)
    if args.json:
        out = frame.assign(earned=frame["earned"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        print(json.dumps(json.loads(out.to_json(orient="records")), ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in frame.itertuples(index=False):
        print(f"{row.earned:%Y-%m-%d}\t{row.username}\t{row.label}\t{row.clinic}")
    print(f"{len(frame)} badges", file=sys.stderr)
    return EXIT_OK


def _assign(args: argparse.Namespace) -> int:
    directory = _core.Directory.load(args.directory)
    options = dict(min_score=args.min_score, forbidden=args.forbid, required=args.require, stable=args.stable)
    if args.programme:
        if args.mentee or args.mentor or args.mentees or args.mentors or args.capacity is not None:
            print("error: give either --programme or mentees, mentors and --capacity, not both", file=sys.stderr)
            return EXIT_USAGE
        result = directory.assign(_core.MentorshipProgramme.load(args.programme), **options)
    else:
        mentees, mentors = _names(args.mentee, args.mentees), _names(args.mentor, args.mentors)
        result = directory.assign(mentees, mentors, capacity=1 if args.capacity is None else args.capacity, **options)
    if args.out:
        _write_table(result.pairs, args.out, float_format=None)  # scores in full
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in result.pairs.itertuples(index=False):
        flag = " (required)" if row.required else ""
        print(f"{row.mentee}\t{row.mentor}\t{row.total:.3f}{flag}")
    for row in result.unassigned.itertuples(index=False):
        print(f"{row.mentee}\t-\t{row.reason}")
    kind = "stable matching" if result.stable else "best total"
    print(f"{len(result)} pairs, {len(result.unassigned)} unassigned, objective {result.objective:.4f} ({kind})",
          file=sys.stderr)
    return EXIT_OK


def _plan_clinic(args: argparse.Namespace) -> int:
    from ._planning import plan_clinic

    directory = _core.Directory.load(args.directory)
    plan = plan_clinic(directory, args.user, start=args.start, end=args.end, duration=args.duration, step=args.step,
                       split=args.split, top=args.top, language=args.language, min_level=args.min_level,
                       target_share=args.target_share, shares=args.shares, learns=args.learns, region=args.region,
                       country=args.country)
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"audience {plan.audience} ({plan.without_availability} without availability), {args.duration} min clinics")
    if args.split == 1:
        for row in plan.slots.itertuples(index=False):
            print(f"{row.start:%a %Y-%m-%d %H:%M} UTC\t{row.available}\t{row.share:.0%}")
    else:
        for row in plan.pairs.itertuples(index=False):
            print(f"{row.first:%a %Y-%m-%d %H:%M} + {row.second:%a %Y-%m-%d %H:%M} UTC\t{row.covered}\t{row.share:.0%}")
    print("\nbest time by region:")
    for row in plan.by_region.itertuples(index=False):
        group = row.group if isinstance(row.group, str) else "(unknown)"  # NaN: no region
        print(f"  {group:8}\t{row.covered}/{row.audience}")
    if plan.language_groups is not None:
        g = plan.language_groups
        print(f"\n{g.language}: {g.understand}/{g.audience} follow it at level {g.threshold}+, {g.need} need interpretation "
              f"({g.unreachable} in no language at that level)")
        for row in g.needs.itertuples(index=False):
            print(f"  {row.language}\t{row.people}")
        print(f"interpretation into {', '.join(g.interpretation) or 'nothing'} reaches {g.reached_share:.0%} "
              f"(target {g.target_share:.0%}{'' if g.target_reached else ', not reachable'})")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from . import report

    directory = _core.Directory.load(args.directory)
    clinics = _core.Clinics.load(args.clinics)
    options = {} if args.title is None else {"title": args.title}
    report.write(args.out, directory, clinics, attendance_dir=args.attendance, time_zone=args.time_zone,
                 retention_minutes=args.retention_minutes, **options)
    print(f"report of {len(clinics)} clinics -> {args.out}", file=sys.stderr)
    return EXIT_OK


def _synthetic(args: argparse.Namespace) -> int:
    from . import synthetic

    try:
        programme = synthetic.programme(seed=args.seed, participants=args.participants, clinics=args.clinics)
    except ValueError as err:  # an argument out of the generator's range: a usage error
        print(f"letsconnect synthetic: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    programme.write(args.out)
    print(f"synthetic programme (seed {args.seed}, {args.participants} participants, {args.clinics} clinics) -> "
          f"{args.out}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # e.g. `letsconnect search ... | head`
        sys.stderr.close()
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "recommend":
            return _recommend(args)
        if args.command == "attendance":
            return _attendance(args)
        if args.command == "confirm":
            return _confirm(args)
        if args.command == "metrics":
            return _metrics(args)
        if args.command == "badges":
            return _badges(args)
        if args.command == "assign":
            return _assign(args)
        if args.command == "plan-clinic":
            return _plan_clinic(args)
        if args.command == "stats":
            return _stats(args)
        if args.command == "report":
            return _report(args)
        if args.command == "synthetic":
            return _synthetic(args)
        return _search(args)
    except BrokenPipeError:
        raise
    except OSError as err:
        # Files the Python layer opens (a review queue, an output folder); the library's own file
        # errors are LetsConnectError too and handled below.
        if not isinstance(err, _core.LetsConnectError):
            print(f"error: {err}", file=sys.stderr)
            return EXIT_INVALID
        return _report_error(err)
    except _core.LetsConnectError as err:
        return _report_error(err)


def _report_error(err: Exception) -> int:
    problems = getattr(err, "problems", None)
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
    else:
        print(f"error: {err}", file=sys.stderr)
    return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
