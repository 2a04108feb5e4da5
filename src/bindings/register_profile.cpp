// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/availability.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/text.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

py::object optional_str(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

py::dict profile_dict(const Profile& p) {
    return py::module_::import("json").attr("loads")(p.to_json()).cast<py::dict>();
}

// Keyword arguments → the profile's JSON object → Profile::from_json, so objects built in
// Python are validated by exactly the same code as files.
Profile profile_from_dict(const py::dict& given) {
    py::dict d;
    py::object datetime = py::module_::import("datetime");
    for (auto [key, value] : given) {
        if (value.is_none()) continue;
        const std::string k = py::str(key);
        if (k == "registered" && py::isinstance(value, datetime.attr("date"))) {
            d[key] = format_date(*to_day(value, "registered"));
        } else if (k == "availability") {
            py::list windows;
            for (auto w : value) {
                if (py::isinstance<py::tuple>(w) && py::len(w) == 3) {
                    auto t = w.cast<py::tuple>();
                    windows.append(py::dict("day"_a = t[0], "start"_a = t[1], "end"_a = t[2]));
                } else {
                    windows.append(w);
                }
            }
            d[key] = windows;
        } else if (k == "languages" || k == "aliases" || k == "emails" || k == "shares" || k == "learns" || k == "knows" ||
                   k == "affiliations") {
            d[key] = py::isinstance<py::dict>(value) || py::isinstance<py::str>(value) ? py::object(py::reinterpret_borrow<py::object>(value))
                                                                                        : py::module_::import("builtins").attr("list")(value);
        } else {
            d[key] = value;
        }
    }
    std::string text;
    try {
        text = py::module_::import("json").attr("dumps")(d, "ensure_ascii"_a = false).cast<std::string>();
    } catch (py::error_already_set& e) {
        // Values nested deeper than Python's recursion limit: a FormatError, as in a file.
        if (!e.matches(PyExc_RecursionError)) throw;
        throw FormatError("<Profile>", "", "JSON nested too deeply to read");
    }
    return Profile::from_json(text, "<Profile>");
}

}  // namespace

void register_profile(py::module_& m) {
    py::class_<Profile>(m, "Profile", R"pbdoc(A participant of the skills directory (immutable value).

All arguments but `username` are optional and keyword-only:

>>> p = Profile("Amina Bello", country="NG", languages={"en": "3", "ha": "N"},
...             timezone="Africa/Lagos", availability=[("mon", "18:00", "21:00")],
...             shares=["event-organising"], learns=["grant-writing"])
>>> p.region
'SSA'

Invalid values raise ValidationError naming the field.)pbdoc")
        .def(py::init([](const py::object& username, const py::kwargs& kwargs) {
                 py::dict d(kwargs);
                 d["username"] = username;
                 return profile_from_dict(d);
             }),
             "username"_a,
             R"pbdoc(Profile(username, *, name=None, aliases=(), emails=(), region=None, country=None, languages=None,
        timezone=None, availability=(), shares=(), learns=(), knows=(), affiliations=(),
        registered=None, gender=None, role=None)

languages: {code: Babel level "0"-"5" or "N"}; availability: (day, "HH:MM", "HH:MM") tuples or
{"day", "start", "end"} dicts in local time; registered: datetime.date or "YYYY-MM-DD".)pbdoc")
        .def_static("from_dict", &profile_from_dict, "data"_a, "Build from a letsconnect.directory/1 profile object (dict).")
        .def_static("from_json", [](const std::string& text) { return Profile::from_json(text); }, "text"_a,
                    "Parse a letsconnect.directory/1 profile object.")
        .def("to_json", &Profile::to_json, "indent"_a = -1, "The profile as a letsconnect.directory/1 JSON object.")
        .def("to_dict", &profile_dict, "The profile as a dict (the JSON object, absent fields left out).")
        .def("replace", [](const Profile& p, const py::kwargs& changes) {
            py::dict d = profile_dict(p);
            // A region derived from the old country must follow a new one.
            if (changes.contains("country") && !changes.contains("region")) d.attr("pop")("region", py::none());
            for (auto [k, v] : changes) d[k] = v;
            return profile_from_dict(d);
        }, "A copy with some fields changed, validated again.")
        .def_property_readonly("username", [](const Profile& p) { return p.username; })
        .def_property_readonly("key", [](const Profile& p) { return username_key(p.username); },
                               "The username as looked up: underscores as spaces, first letter upper case, NFC.")
        .def_property_readonly("name", [](const Profile& p) { return optional_str(p.name); })
        .def_property_readonly("aliases", [](const Profile& p) { return p.aliases; })
        .def_property_readonly("emails", [](const Profile& p) { return p.emails; }, "E-mail addresses (matched against the e-mail column of Zoom reports).")
        .def_property_readonly("region", [](const Profile& p) { return optional_str(std::string(to_string(p.region))); },
                               "Region code (derived from the country when not given), or None.")
        .def_property_readonly("country", [](const Profile& p) { return optional_str(p.country); })
        .def_property_readonly("languages", [](const Profile& p) {
            py::dict d;
            for (const auto& l : p.languages) d[py::str(l.code)] = format_level(l.level);
            return d;
        }, "{code: Babel level '0'-'5' or 'N'}.")
        .def_property_readonly("timezone", [](const Profile& p) { return optional_str(p.timezone); })
        .def_property_readonly("availability", [](const Profile& p) {
            py::list out;
            for (const auto& w : p.availability)
                out.append(py::make_tuple(std::string(to_string(w.day)), format_clock(w.start), format_clock(w.end)));
            return out;
        }, "[(day, start, end)] in local time.")
        .def_property_readonly("shares", [](const Profile& p) { return p.shares; })
        .def_property_readonly("learns", [](const Profile& p) { return p.learns; })
        .def_property_readonly("knows", [](const Profile& p) { return p.knows; })
        .def_property_readonly("affiliations", [](const Profile& p) { return p.affiliations; })
        .def_property_readonly("registered", [](const Profile& p) -> py::object {
            return p.registered ? to_pydate(*p.registered) : py::object(py::none());
        })
        .def_property_readonly("gender", [](const Profile& p) { return optional_str(p.gender); })
        .def_property_readonly("role", [](const Profile& p) { return optional_str(p.role); })
        .def("level", [](const Profile& p, const std::string& code) -> py::object {
            auto l = p.level(code);
            return l ? py::object(py::str(format_level(*l))) : py::object(py::none());
        }, "language"_a, "Babel level in a language ('0'-'5', 'N') or None.")
        .def("__eq__", [](const Profile& a, const py::object& b) { return py::isinstance<Profile>(b) && a == b.cast<const Profile&>(); })
        .def("__hash__", [](const Profile& p) { return py::hash(py::str(p.to_json())); })
        .def("__repr__", [](const Profile& p) { return "<letsconnect." + describe(p) + ">"; })
        .def("__copy__", [](const Profile& p) { return p; })
        .def("__deepcopy__", [](const Profile& p, const py::object&) { return p; }, "memo"_a)
        .def(py::pickle([](const Profile& p) { return py::make_tuple(p.to_json()); },
                        [](const py::tuple& state) { return Profile::from_json(state[0].cast<std::string>()); }));

    m.def("is_time_zone", &is_time_zone, "name"_a, "True when `name` is in the system's IANA tz database.");
    m.def("username_key", &username_key, "username"_a,
          "The key a username is looked up by: NFC, underscores as spaces, first letter upper-cased.");
}

}  // namespace letsconnect::python
