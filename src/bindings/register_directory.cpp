// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/capx.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

// None, one string, or an iterable of strings.
std::vector<std::string> to_strings(const py::object& obj, const char* what) {
    if (obj.is_none()) return {};
    if (py::isinstance<py::str>(obj)) return {obj.cast<std::string>()};
    std::vector<std::string> out;
    try {
        for (auto item : obj) out.push_back(py::cast<std::string>(item));
    } catch (const py::cast_error&) {
        throw py::type_error(std::string(what) + ": expected a string or a list of strings");
    } catch (const py::error_already_set& e) {
        if (!e.matches(PyExc_TypeError)) throw;
        throw py::type_error(std::string(what) + ": expected a string or a list of strings");
    }
    return out;
}

BabelLevel to_level(const py::object& obj) {
    if (py::isinstance<py::int_>(obj)) {
        const int v = obj.cast<int>();
        if (v >= 0 && v <= 5) return static_cast<BabelLevel>(v);
    } else if (py::isinstance<py::str>(obj)) {
        if (auto l = parse_level(obj.cast<std::string>())) return *l;
    }
    throw ValidationError({{"search", "query", "min_level", "Babel level must be 0-5 or 'N', got " + std::string(py::repr(obj))}});
}

SearchQuery search_query(const py::object& shares, const py::object& learns, const py::object& knows, const py::object& region,
                         const py::object& country, const py::object& language, const py::object& exclude, BabelLevel level) {
    SearchQuery q;
    q.shares = to_strings(shares, "shares");
    q.learns = to_strings(learns, "learns");
    q.knows = to_strings(knows, "knows");
    q.regions = to_strings(region, "region");
    q.countries = to_strings(country, "country");
    q.languages = to_strings(language, "language");
    q.exclude = to_strings(exclude, "exclude");
    q.min_level = level;
    return q;
}

namespace {

// pybind11 holders cannot be pointers to const; Taxonomy has no mutating members anyway.
using TaxonomyPtr = std::shared_ptr<Taxonomy>;

TaxonomyPtr mutable_ptr(std::shared_ptr<const Taxonomy> t) { return std::const_pointer_cast<Taxonomy>(std::move(t)); }

TaxonomyPtr to_taxonomy(const py::object& obj) {
    if (obj.is_none()) return nullptr;
    if (py::isinstance<py::str>(obj)) return mutable_ptr(Taxonomy::bundled(obj.cast<std::string>()));
    if (!py::isinstance<Taxonomy>(obj))
        throw py::type_error("taxonomy: expected a Taxonomy or a bundled name, got " +
                             std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
    return obj.cast<TaxonomyPtr>();
}

// A read-only numpy view over a column; `owner` keeps the Directory alive.
template <typename T>
py::array_t<T> view(std::span<const T> data, std::vector<py::ssize_t> shape, const py::object& owner) {
    py::array_t<T> a(shape, data.data(), owner);
    a.attr("flags").attr("writeable") = false;
    return a;
}

std::vector<Profile> to_profiles(const py::iterable& items) {
    std::vector<Profile> out;
    for (auto item : items) {
        if (!py::isinstance<Profile>(item))
            throw py::type_error("Directory(profiles): expected Profile objects, got " +
                                 std::string(py::str(py::type::handle_of(item).attr("__name__"))));
        out.push_back(item.cast<Profile>());
    }
    return out;
}

// Usernames of `indices`, taken from a numpy object array of all usernames that is built once per
// Directory and kept in its __dict__ (decoding each result string anew costs more than the search).
py::list usernames_at(const py::object& self, const std::vector<ProfileIndex>& indices) {
    py::dict cache = self.attr("__dict__");
    if (!cache.contains("_usernames")) {
        const auto& d = self.cast<const Directory&>();
        py::list names(d.size());
        for (std::size_t i = 0; i < d.size(); ++i) names[i] = py::str(d.profile(static_cast<ProfileIndex>(i)).username);
        cache["_usernames"] = py::module_::import("numpy").attr("array")(names, "dtype"_a = "object");
    }
    py::array_t<ProfileIndex> idx(static_cast<py::ssize_t>(indices.size()), indices.data());
    return cache["_usernames"].attr("__getitem__")(idx).attr("tolist")();
}

std::string repr(const Directory& d) {
    return "<letsconnect.Directory: " + std::to_string(d.size()) + (d.size() == 1 ? " profile" : " profiles") + ", taxonomy '" + d.taxonomy().name() +
           "', week of " + format_date(d.week()) + ">";
}

}  // namespace

ProgressReport::ProgressReport(const py::object& arg, const char* desc, const char* unit)
    : callback_(py::module_::import("letsconnect._progress").attr("callback")(arg, desc, unit)) {
    if (callback_.is_none()) return;
    // Only a pointer to callback_ is captured: the std::function never copies a Python object, so
    // it can be copied and destroyed without the GIL.
    progress_ = [cb = &callback_](std::size_t done, std::size_t total) {
        const py::gil_scoped_acquire gil;
        (*cb)(done, total);
    };
}

ProgressReport::~ProgressReport() {
    if (callback_.is_none()) return;
    try {
        callback_.attr("close")();
    } catch (py::error_already_set& e) {
        e.discard_as_unraisable("closing a progress bar");
    }
}

void register_directory(py::module_& m) {
    py::class_<Directory>(m, "Directory", py::dynamic_attr(), R"pbdoc(The skills directory: an immutable, indexed snapshot of profiles.

>>> d = Directory.load("data/sample_directory.json")
>>> d.search(shares="grants-resources", language="fr")
['Kouassi Yao', ...]

Availability is converted to UTC for one reference week (`week`, default the current one),
with the system's time-zone database. Safe to share between threads; to change it, build a
new one (`with_profiles`, `for_week`).)pbdoc")
        .def(py::init([](const py::iterable& profiles, const py::object& taxonomy, const py::object& week) {
                 auto list = to_profiles(profiles);
                 auto tax = to_taxonomy(taxonomy);
                 auto day = to_day(week, "week");
                 const py::gil_scoped_release release;  // inputs converted; the build is pure C++
                 return Directory(std::move(list), std::move(tax), day);
             }),
             "profiles"_a, py::kw_only(), "taxonomy"_a = py::none(), "week"_a = py::none(),
             "Build from Profile objects. taxonomy: a Taxonomy or bundled name (default 'letsconnect'); "
             "week: any day of the reference week (date or ISO string), default this week.")
        .def_static(
            "load",
            [](const py::object& path, const py::object& taxonomy, const py::object& week, const py::object& progress) {
                const std::string p = to_path(path);
                auto tax = to_taxonomy(taxonomy);
                auto day = to_day(week, "week");
                const ProgressReport report(progress, "reading directory", " profiles");
                const py::gil_scoped_release release;
                return Directory::load(p, std::move(tax), day, report.progress());
            },
            "path"_a, py::kw_only(), "taxonomy"_a = py::none(), "week"_a = py::none(), "progress"_a = py::none(),
            R"pbdoc(Load letsconnect.directory/1 JSON. Errors name the file and the line/column or the profile and field.

progress: None (a bar on stderr when it is a terminal), True, False, or a callable(done, total)
told the profiles read (total 0 until the file is parsed).)pbdoc")
        .def_static(
            "from_json",
            [](const std::string& text, const py::object& taxonomy, const py::object& week, const py::object& progress) {
                auto tax = to_taxonomy(taxonomy);
                auto day = to_day(week, "week");
                const ProgressReport report(progress, "reading directory", " profiles");
                const py::gil_scoped_release release;
                return Directory::from_json(text, "<memory>", std::move(tax), day, report.progress());
            },
            "text"_a, py::kw_only(), "taxonomy"_a = py::none(), "week"_a = py::none(), "progress"_a = py::none(),
            "Parse letsconnect.directory/1 JSON text (progress as for load()).")
        .def_static(
            "from_capx",
            [](const py::object& profiles, const py::object& skills, const py::object& territories,
               const py::object& languages, const py::object& organizations, const py::object& week) {
                CapxSources s;
                s.profiles = json_text(profiles, "profiles");
                s.skills = json_text(skills, "skills");
                if (!territories.is_none()) s.territories = json_text(territories, "territories");
                if (!languages.is_none()) s.languages = json_text(languages, "languages");
                if (!organizations.is_none()) s.organizations = json_text(organizations, "organizations");
                auto day = to_day(week, "week");
                const py::gil_scoped_release release;
                return directory_from_capx(s, day);
            },
            "profiles"_a, "skills"_a, py::kw_only(), "territories"_a = py::none(), "languages"_a = py::none(),
            "organizations"_a = py::none(), "week"_a = py::none(),
            R"pbdoc(Build from CapX REST JSON: each argument a path or the parsed JSON (list or paged dict).

``organizations`` (CapX's ``/organizations/``) become the directory's affiliates: see
``Directory.organisations()`` and ``Directory.recommend_orgs()``.

What could not be mapped is listed in `import_notes`.)pbdoc")
        .def("to_json", &Directory::to_json, "indent"_a = 1, py::call_guard<py::gil_scoped_release>(),
             "Serialise as letsconnect.directory/1 JSON.")
        .def(
            "save",
            [](const Directory& d, const py::object& path) {
                const std::string p = to_path(path);
                const py::gil_scoped_release release;
                d.save(p);
            },
            "path"_a, "Write letsconnect.directory/1 JSON atomically (temp file, fsync, rename).")
        .def(
            "with_profiles",
            [](const Directory& d, const py::iterable& profiles) {
                auto list = to_profiles(profiles);
                const py::gil_scoped_release release;
                return d.with_profiles(std::move(list));
            },
            "profiles"_a, "A new snapshot with these profiles added or replacing those with the same username.")
        .def(
            "with_aliases",
            [](const Directory& d, const std::vector<std::pair<std::string, std::string>>& aliases) {
                const py::gil_scoped_release release;
                return d.with_aliases(aliases);
            },
            "aliases"_a, R"pbdoc(A new snapshot with display names recorded as aliases: [(display_name, username), ...].
Reconciliation then matches those names with confidence 1. Raises NotFoundError for an unknown username.)pbdoc")
        .def(
            "confirm",
            [](const Directory& d, const std::string& display_name, const std::string& username) {
                const std::vector<std::pair<std::string, std::string>> one{{display_name, username}};
                const py::gil_scoped_release release;
                return d.with_aliases(one);
            },
            "display_name"_a, "username"_a, R"pbdoc(Confirm that a Zoom display name is this user: a new snapshot with the name recorded
as an alias (save it to keep the decision), so the same name is matched automatically next time.
A Directory is immutable (safe to share between threads), so keep the result:

>>> d = d.confirm("Mina (WMNG)", "Amina Bello"))pbdoc")
        .def(
            "for_week",
            [](const Directory& d, const py::object& week) {
                auto day = to_day(week, "week");
                if (!day) throw py::type_error("for_week: a date is required");
                const py::gil_scoped_release release;
                return d.for_week(*day);
            },
            "week"_a, "A new snapshot whose availability is in UTC for the week holding `week`.")
        .def("__len__", &Directory::size)
        .def("__contains__", [](const Directory& d, const py::object& key) {
            return py::isinstance<py::str>(key) && d.contains(key.cast<std::string>());
        })
        .def("__getitem__", [](const Directory& d, const std::string& username) { return d.profile(d.at(username)); },
             "username"_a, "The profile of a username (KeyError / NotFoundError if absent).")
        .def("get", [](const Directory& d, const std::string& username) -> py::object {
            if (auto i = d.find(username)) return py::cast(d.profile(*i));
            return py::none();
        }, "username"_a, "The profile of a username, or None.")
        .def("__iter__", [](const Directory& d) { return py::make_iterator(d.profiles().begin(), d.profiles().end()); },
             py::keep_alive<0, 1>())
        .def_property_readonly("usernames", [](const Directory& d) {
            std::vector<std::string> out;
            out.reserve(d.size());
            for (const auto& p : d.profiles()) out.push_back(p.username);
            return out;
        }, "Usernames in directory order.")
        .def_property_readonly("taxonomy", [](const Directory& d) { return mutable_ptr(d.taxonomy_ptr()); }, "The skills taxonomy.")
        .def_property_readonly("week", [](const Directory& d) { return to_pydate(d.week()); },
                               "Monday of the reference week of the UTC availability.")
        .def_property_readonly("source", &Directory::source, "File the directory came from, or '<memory>'.")
        .def_property_readonly("import_notes", [](const Directory& d) {
            return std::vector<std::string>(d.import_notes().begin(), d.import_notes().end());
        }, "What an import (from_capx) could not map.")
        .def("index_bytes", &Directory::index_bytes, "Bytes held by the index (strings excluded).")
        .def(
            "search",
            [](const py::object& self, const py::object& shares, const py::object& learns, const py::object& knows,
               const py::object& region, const py::object& country, const py::object& language,
               const py::object& min_level, const py::object& exclude) {
                const SearchQuery q = search_query(shares, learns, knows, region, country, language, exclude, to_level(min_level));
                const auto& d = self.cast<const Directory&>();
                std::vector<ProfileIndex> found;
                {
                    const py::gil_scoped_release release;  // the query is plain C++ now
                    found = d.search(q);
                }
                return usernames_at(self, found);
            },
            py::kw_only(), "shares"_a = py::none(), "learns"_a = py::none(), "knows"_a = py::none(),
            "region"_a = py::none(), "country"_a = py::none(), "language"_a = py::none(), "min_level"_a = 0,
            "exclude"_a = py::none(),
            R"pbdoc(Search the directory as the skills directory does; returns usernames sorted.

Each filter takes one value or a list (any of them matches); filters combine with AND.
Skills match through the taxonomy: a category finds everybody with a skill under it.
min_level (0-5 or 'N') applies to `language`.)pbdoc")
        .def(
            "availability",
            [](const Directory& d, const std::string& username) {
                const WeekSlots s = d.availability(d.at(username));
                py::array_t<bool> out({7, slots_per_day});
                auto r = out.mutable_unchecked<2>();
                for (int slot = 0; slot < slots_per_week; ++slot)
                    r(slot / slots_per_day, slot % slots_per_day) = (s[static_cast<std::size_t>(slot / 64)] >> (slot % 64)) & 1U;
                return out;
            },
            "username"_a, "UTC availability in the reference week: bool array (7 days from Monday, 96 quarter hours).")
        .def(
            "skill_matrix",
            [](const py::object& self, const std::string& set) {
                const auto& d = self.cast<const Directory&>();
                const SkillSet s = set == "shares" ? SkillSet::shares : set == "learns" ? SkillSet::learns
                                 : set == "knows"  ? SkillSet::knows
                                                   : throw ValidationError({{"skill_matrix", "set", "", "must be shares, learns or knows"}});
                const auto words = d.skill_words();
                const auto n = static_cast<py::ssize_t>(d.size());
                const auto col = d.size() ? d.skill_column(s, 0) : std::span<const std::uint64_t>();
                return view<std::uint64_t>(std::span<const std::uint64_t>(col.data(), words * d.size()),
                                           {static_cast<py::ssize_t>(words), n}, self);
            },
            "set"_a = "shares",
            "Skill bitsets as a read-only uint64 view (words × profiles), bit = taxonomy node position; no copy.")
        .def(
            "availability_matrix",
            [](const py::object& self) {
                const auto& d = self.cast<const Directory&>();
                const auto col = d.size() ? d.availability_column(0) : std::span<const std::uint64_t>();
                return view<std::uint64_t>(std::span<const std::uint64_t>(col.data(), week_words * d.size()),
                                           {week_words, static_cast<py::ssize_t>(d.size())}, self);
            },
            "UTC availability bitsets as a read-only uint64 view (11 words × profiles), bit = quarter hour from Monday 00:00 UTC; no copy.")
        .def("__repr__", &repr)
        .def("__copy__", [](const py::object& self) { return self; })
        .def("__deepcopy__", [](const py::object& self, const py::object&) { return self; }, "memo"_a)
        .def(py::pickle(
            [](const Directory& d) { return py::make_tuple(d.to_json(-1), format_date(d.week())); },
            [](const py::tuple& state) {
                return Directory::from_json(state[0].cast<std::string>(), "<pickle>", nullptr,
                                            parse_date(state[1].cast<std::string>()));
            }));
}

}  // namespace letsconnect::python
