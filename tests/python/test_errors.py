"""The exception family: hierarchy, attributes, messages; Problem; validate_file."""

from __future__ import annotations

import pytest

import letsconnect as lc
from helpers import DATA, LOCAL_DATA


@pytest.mark.parametrize(
    "cls, base",
    [
        (lc.LetsConnectError, ValueError),
        (lc.FormatError, lc.LetsConnectError),
        (lc.ValidationError, lc.LetsConnectError),
        (lc.NotFoundError, lc.LetsConnectError),
        (lc.FileError, lc.LetsConnectError),
        (lc.NotFoundError, KeyError),
        (lc.NotFoundError, LookupError),
        (lc.FileError, OSError),
        (lc.FormatError, ValueError),
        (lc.ValidationError, ValueError),
        (lc.NotFoundError, ValueError),
        (lc.FileError, ValueError),
    ],
)
def test_hierarchy(cls, base):
    assert issubclass(cls, base)


@pytest.mark.parametrize(
    "cls, not_base",
    [
        (lc.FormatError, lc.ValidationError),
        (lc.ValidationError, lc.FormatError),
        (lc.FormatError, KeyError),
        (lc.ValidationError, OSError),
        (lc.LetsConnectError, KeyError),
        (lc.LetsConnectError, OSError),
        (lc.FileError, KeyError),
        (lc.NotFoundError, OSError),
    ],
)
def test_hierarchy_is_not_too_wide(cls, not_base):
    assert not issubclass(cls, not_base)


@pytest.mark.parametrize("cls", [lc.LetsConnectError, lc.FormatError, lc.ValidationError, lc.NotFoundError, lc.FileError])
def test_exceptions_live_in_the_package(cls):
    assert cls.__module__ == "letsconnect"
    assert cls.__doc__


# --- attributes --------------------------------------------------------------------------------


def test_format_error_attributes_with_position():
    path = DATA / "directory_truncated.json"
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.load(path)
    err = info.value
    assert err.source == str(path)
    assert err.line == 5
    assert err.column > 0
    assert err.json_path == ""
    assert str(err).startswith(f"{path}:5:{err.column}: invalid JSON: ")
    assert "missing closing quote" in str(err)


def test_format_error_attributes_with_json_path():
    path = LOCAL_DATA / "directory_wrong_format.json"
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.load(path)
    err = info.value
    assert (err.source, err.line, err.column, err.json_path) == (str(path), 0, 0, "format")
    assert str(err).startswith(f"{path}: format: ")


def test_format_error_from_text_names_memory():
    with pytest.raises(lc.FormatError) as info:
        lc.Directory.from_json('{"format": "letsconnect.directory/1",\n "profiles": [}')
    err = info.value
    assert (err.source, err.line) == ("<memory>", 2)
    assert err.column == 15  # the '}'


def test_validation_error_problems():
    path = DATA / "directory_several_bad.json"
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.load(path)
    problems = info.value.problems
    assert isinstance(problems, list)
    assert len(problems) == 5
    assert all(isinstance(p, lc.Problem) for p in problems)
    assert problems[0].source == str(path)
    message = str(info.value)
    assert message.startswith(str(problems[0]))
    assert "(and 4 more problems:" in message
    for p in problems[1:]:
        assert str(p) in message


def test_validation_error_with_one_problem_is_just_the_problem():
    with pytest.raises(lc.ValidationError) as info:
        lc.Profile("Vemi Arto", country="XX")
    [problem] = info.value.problems
    assert str(info.value) == str(problem)


def test_not_found_error_key_and_message():
    with pytest.raises(lc.NotFoundError) as info:
        lc.sample_directory()["Nobody Invented Here"]
    err = info.value
    assert err.key == "Nobody Invented Here"
    assert str(err) == "username 'Nobody Invented Here' not found"
    assert not str(err).startswith(('"', "'"))  # no KeyError-style quoting
    assert err.args == ("username 'Nobody Invented Here' not found",)


@pytest.mark.parametrize("call, key, message", [
    (lambda: lc.Taxonomy.bundled().label("juggling"), "juggling", "skill 'juggling' not found"),
    (lambda: lc.Taxonomy.bundled("chess"), "chess", "bundled taxonomy 'chess' not found"),
    (lambda: lc.country_region("XX"), "XX", "country 'XX' not found"),
    (lambda: lc.normalize_region("Atlantis"), "Atlantis", "region 'Atlantis' not found"),
    (lambda: lc.sample_directory().search(shares="juggling"), "juggling", "skill 'juggling' not found"),
])
def test_not_found_messages_have_no_extra_quotes(call, key, message):
    with pytest.raises(KeyError) as info:
        call()
    assert isinstance(info.value, lc.NotFoundError)
    assert info.value.key == key
    assert str(info.value) == message


def test_file_error_filename(tmp_path):
    missing = tmp_path / "absent.json"
    with pytest.raises(lc.FileError) as info:
        lc.Directory.load(missing)
    err = info.value
    assert err.filename == str(missing)
    assert str(err).startswith(f"{missing}: ")
    assert "No such file" in str(err)


@pytest.mark.parametrize("catch", [ValueError, OSError, lc.LetsConnectError, lc.FileError])
def test_file_error_can_be_caught_as(tmp_path, catch):
    with pytest.raises(catch):
        lc.Taxonomy.load(tmp_path / "absent.json")


@pytest.mark.parametrize("catch", [ValueError, KeyError, LookupError, lc.LetsConnectError, lc.NotFoundError])
def test_not_found_can_be_caught_as(catch):
    with pytest.raises(catch):
        lc.Taxonomy.bundled().depth("juggling")


def test_exceptions_can_be_raised_from_python():
    problem = lc.Problem("<test>", "row 1", "country", "bad")
    err = lc.ValidationError(str(problem))
    err.problems = [problem]
    with pytest.raises(lc.ValidationError) as info:
        raise err
    assert info.value.problems == [problem]
    assert str(info.value) == "<test>: row 1: country: bad"


# --- Problem -------------------------------------------------------------------------------------


@pytest.mark.parametrize("parts, text", [
    (("a.json", "profile 'X' (profiles[0])", "timezone", "unknown"), "a.json: profile 'X' (profiles[0]): timezone: unknown"),
    (("a.json", "", "", "cannot open"), "a.json: cannot open"),
    (("a.json", "line 3, column 2", "", "invalid JSON"), "a.json: line 3, column 2: invalid JSON"),
    (("", "", "", "just a message"), "just a message"),
])
def test_problem_str(parts, text):
    p = lc.Problem(*parts)
    assert (p.source, p.where, p.field, p.message) == parts
    assert str(p) == text
    assert repr(p) == f"<letsconnect.Problem {text}>"


def test_problem_equality_and_hash():
    a = lc.Problem("a.json", "w", "f", "m")
    b = lc.Problem(source="a.json", where="w", field="f", message="m")
    assert a == b
    assert hash(a) == hash(b)
    assert a != lc.Problem("a.json", "w", "f", "other")
    assert a != "a.json: w: f: m"
    assert len({a, b}) == 1


def test_problem_is_read_only():
    p = lc.Problem("a.json", "w", "f", "m")
    with pytest.raises(AttributeError):
        p.message = "changed"


# --- validate_file -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DATA / "directory_good.json", DATA / "taxonomy_good.json",
                                  LOCAL_DATA / "directory_inline_taxonomy.json"])
def test_validate_file_good(path):
    assert lc.validate_file(path) == []
    assert lc.validate_file(str(path)) == []


@pytest.mark.parametrize("file, count", [
    ("directory_bad_country.json", 1), ("directory_bad_level.json", 1), ("directory_bad_timezone.json", 1),
    ("directory_duplicate_username.json", 1), ("directory_unknown_skill.json", 1), ("directory_wrong_types.json", 3),
    ("directory_several_bad.json", 5), ("directory_truncated.json", 1), ("directory_non_utf8.json", 1),
    ("taxonomy_cycle.json", 2), ("taxonomy_depth4.json", 1), ("taxonomy_duplicate.json", 1),
    ("taxonomy_unknown_parent.json", 1),
])
def test_validate_file_broken(file, count):
    path = DATA / file
    problems = lc.validate_file(path)
    assert len(problems) == count
    assert all(p.source == str(path) for p in problems)
    assert all(p.message for p in problems)
    assert not any("Yaw Ofori" in p.where for p in problems)


@pytest.mark.parametrize("file", ["directory_truncated.json", "directory_non_utf8.json"])
def test_validate_file_malformed_gives_line_and_column(file):
    [problem] = lc.validate_file(DATA / file)
    assert problem.where.startswith("line 5, column ")
    assert problem.field == ""
    assert not problem.message.startswith(str(DATA / file))  # the position is in `where`, not repeated


def test_validate_file_agrees_with_load():
    path = DATA / "directory_several_bad.json"
    with pytest.raises(lc.ValidationError) as info:
        lc.Directory.load(path)
    assert lc.validate_file(path) == info.value.problems


def test_validate_file_missing(tmp_path):
    missing = tmp_path / "absent.json"
    [problem] = lc.validate_file(missing)
    assert problem.source == str(missing)
    assert "cannot open" in problem.message


def test_validate_file_bad_argument_type():
    with pytest.raises(TypeError):
        lc.validate_file(42)


def test_validation_errors_and_problems_pickle():
    import pickle

    with pytest.raises(lc.ValidationError) as info:
        lc.Profile("Quilla Mamani", timezone="Mars/Olympus")
    problems = info.value.problems
    assert pickle.loads(pickle.dumps(problems)) == problems
