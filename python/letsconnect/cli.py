"""The ``letsconnect`` command line.

Exit codes: 0 success, 1 invalid input (every problem is printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as _datetime
import json
import sys
from collections.abc import Sequence

from . import _core

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

    validate = commands.add_parser("validate", help="check directory or taxonomy files; list every problem")
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
    return parser


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
        return _search(args)
    except _core.LetsConnectError as err:
        problems = getattr(err, "problems", None)
        if problems:
            for p in problems:
                print(f"error: {p}", file=sys.stderr)
        else:
            print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
