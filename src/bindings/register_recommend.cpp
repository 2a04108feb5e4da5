// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <cmath>
#include <functional>
#include <memory>
#include <sstream>

#include "letsconnect/recommend.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

// What explains the matches of one query: the scorer, made on first use (most callers never read
// an explanation), and whatever keeps its directory alive.
struct Explainer {
    py::object owner;                         // the Python Directory the scorer reads, if any
    std::shared_ptr<const Directory> own;     // or a directory of another week made for the query
    std::function<Scorer()> make;
    std::optional<Scorer> scorer;
    std::string explain(ProfileIndex candidate) {
        if (!scorer) scorer.emplace(make());
        return letsconnect::explain(*scorer, candidate);
    }
};

// A recommendation as Python sees it: the candidate's username, the score and (lazily) why.
struct PyMatch {
    std::string username;
    Score score;
    ProfileIndex candidate = 0;
    std::shared_ptr<Explainer> why;
    std::optional<std::string> explanation;
    const std::string& explain() {
        if (!explanation) explanation = why->explain(candidate);
        return *explanation;
    }
    friend bool operator==(const PyMatch& a, const PyMatch& b) { return a.username == b.username && a.score == b.score; }
};

std::string format_double(double v) { return py::repr(py::float_(v)).cast<std::string>(); }

// The (name, member) table Weights' constructor, repr, to_dict and replace share.
struct WeightField {
    const char* name;
    double Weights::*member;
};
constexpr WeightField weight_fields[] = {
    {"skill", &Weights::skill},           {"reciprocity", &Weights::reciprocity},
    {"language", &Weights::language},     {"region", &Weights::region},
    {"time_zone", &Weights::time_zone},   {"narrower", &Weights::narrower},
    {"related", &Weights::related},       {"category", &Weights::category},
    {"same_country", &Weights::same_country}, {"same_region", &Weights::same_region},
    {"other_region", &Weights::other_region}, {"overlap_hours", &Weights::overlap_hours},
};

BabelLevel weight_level(const py::object& obj) {
    if (py::isinstance<py::int_>(obj) && !py::isinstance<py::bool_>(obj) && obj.cast<long long>() == native_level) return native_level;
    try {
        return to_level(obj);
    } catch (const ValidationError&) {
        throw ValidationError({{"weights", "weights", "weights.min_level", "Babel level must be 0-5 or 'N', got " + std::string(py::repr(obj))}});
    }
}

// Weights from keyword arguments over `base`; unknown names are a TypeError, values are validated.
Weights weights_from(Weights w, const py::kwargs& kwargs) {
    for (auto [key, value] : kwargs) {
        const auto name = key.cast<std::string>();
        if (name == "min_level") {
            w.min_level = weight_level(py::reinterpret_borrow<py::object>(value));
            continue;
        }
        const auto* f = std::find_if(std::begin(weight_fields), std::end(weight_fields),
                                     [&name](const WeightField& wf) { return name == wf.name; });
        if (f == std::end(weight_fields)) throw py::type_error("Weights: unexpected keyword argument '" + name + "'");
        if (!py::isinstance<py::float_>(value) && !py::isinstance<py::int_>(value))
            throw py::type_error("Weights." + name + ": expected a number, got " +
                                 std::string(py::str(py::type::handle_of(value).attr("__name__"))));
        w.*(f->member) = value.cast<double>();
    }
    w.validate();
    return w;
}

std::size_t to_k(long long k) {
    if (k <= 0) throw ValidationError({{"recommend", "query", "k", "k must be at least 1, got " + std::to_string(k)}});
    return static_cast<std::size_t>(k);
}

py::object make_matches(std::vector<PyMatch> matches, const py::object& seeker) {
    py::list items;
    for (auto& m : matches) items.append(py::cast(std::move(m)));
    return py::module_::import("letsconnect._matches").attr("Matches")(items, seeker);
}

// Matches with usernames; explanations come from `why` when asked for.
std::vector<PyMatch> to_py(const Directory& d, const std::shared_ptr<Explainer>& why, const std::vector<Match>& found) {
    std::vector<PyMatch> out;
    out.reserve(found.size());
    for (const auto& m : found) out.push_back({d.profile(m.candidate).username, m.score, m.candidate, why, std::nullopt});
    return out;
}

// An explainer for a seeker of `d` (held by `owner`), scored with `w` and `o`.
std::shared_ptr<Explainer> explainer_for(const py::object& owner, const Directory& d, ProfileIndex seeker, const Weights& w,
                                         ScoreOptions o) {
    o.filter = {};  // explanations need the seeker only
    auto why = std::make_shared<Explainer>();
    why->owner = owner;
    why->make = [dir = &d, seeker, w, o] { return Scorer(*dir, seeker, w, o); };
    return why;
}

}  // namespace

Weights to_weights(const py::object& obj) {
    if (obj.is_none()) return {};
    if (!py::isinstance<Weights>(obj))
        throw py::type_error("weights: expected letsconnect.Weights, got " + std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
    return obj.cast<Weights>();
}

Direction to_direction(const std::string& text) {
    if (auto d = parse_direction(text)) return *d;
    throw ValidationError({{"recommend", "query", "direction", "must be learn_from, share_with or mutual, got '" + text + "'"}});
}

// The options every pair query takes from Python: direction and require_skill.
ScoreOptions score_options(const std::string& direction, bool require_skill) {
    ScoreOptions o;
    o.direction = to_direction(direction);
    o.require_skill = require_skill;
    return o;
}

// The directory for `week`: the directory itself, or a converted copy cached on it.
py::object directory_for_week(const py::object& self, const py::object& week) {
    const auto day = to_day(week, "week");
    if (!day) return self;
    const auto& d = self.cast<const Directory&>();
    const auto monday = week_start(*day);
    if (monday == d.week()) return self;
    py::dict cache = self.attr("__dict__");
    if (cache.contains("_week_cache")) {
        py::tuple entry = cache["_week_cache"];
        if (entry[0].cast<long long>() == monday.time_since_epoch().count()) return entry[1];
    }
    Directory other = [&] {
        const py::gil_scoped_release release;
        return d.for_week(monday);
    }();
    py::object converted = py::cast(std::move(other));
    cache["_week_cache"] = py::make_tuple(monday.time_since_epoch().count(), converted);
    return converted;
}

std::vector<ProfileIndex> indices_of(const Directory& d, const py::object& names, const char* what) {
    if (py::isinstance<py::str>(names)) throw py::type_error(std::string(what) + ": expected a list of usernames, not one string");
    std::vector<ProfileIndex> out;
    for (auto item : names) {
        if (!py::isinstance<py::str>(item)) throw py::type_error(std::string(what) + ": expected usernames (str)");
        out.push_back(d.at(item.cast<std::string>()));
    }
    return out;
}

void register_recommend(py::module_& m) {
    py::class_<Weights>(m, "Weights", R"pbdoc(How pairs are scored and which qualify (see letsconnect/score.hpp).

Component weights skill, reciprocity, language, region, time_zone (each in [0, 1]; the defaults
sum to 1); taxonomy credit narrower, related, category; region values same_country, same_region,
other_region; overlap_hours (common hours a week that count as full overlap); min_level (the
language gate: a common language at this Babel level, 0 = no gate). Validated on creation;
use replace() to change members.)pbdoc")
        .def(py::init([](const py::kwargs& kwargs) { return weights_from(Weights{}, kwargs); }),
             "Weights with the defaults, overridden by keyword arguments.")
        .def_static("capx", &Weights::capx, "CapX's ranking: exact skill-id overlap counts only, no language gate.")
        .def_static("cross_regional", &Weights::cross_regional,
                    "The defaults, preferring people from other regions (other 1, same region 0.25, same country 0).")
        .def_readonly("skill", &Weights::skill)
        .def_readonly("reciprocity", &Weights::reciprocity)
        .def_readonly("language", &Weights::language)
        .def_readonly("region", &Weights::region)
        .def_readonly("time_zone", &Weights::time_zone)
        .def_readonly("narrower", &Weights::narrower)
        .def_readonly("related", &Weights::related)
        .def_readonly("category", &Weights::category)
        .def_readonly("same_country", &Weights::same_country)
        .def_readonly("same_region", &Weights::same_region)
        .def_readonly("other_region", &Weights::other_region)
        .def_readonly("overlap_hours", &Weights::overlap_hours)
        .def_property_readonly("min_level", [](const Weights& w) { return int{w.min_level}; })
        .def("replace", [](const Weights& w, const py::kwargs& kwargs) { return weights_from(w, kwargs); },
             "A copy with the given members changed (validated).")
        .def("to_dict", [](const Weights& w) {
            py::dict d;
            for (const auto& f : weight_fields) d[f.name] = w.*(f.member);
            d["min_level"] = int{w.min_level};
            return d;
        }, "The members as a dict.")
        .def("__eq__", [](const Weights& a, const py::object& b) { return py::isinstance<Weights>(b) && a == b.cast<Weights>(); })
        .def("__hash__", [](const Weights& w) {
            py::list values;
            for (const auto& f : weight_fields) values.append(w.*(f.member));
            values.append(int{w.min_level});
            return py::hash(py::tuple(values));
        })
        .def("__repr__", [](const Weights& w) {
            std::string out = "Weights(";
            for (const auto& f : weight_fields) out += std::string(f.name) + "=" + format_double(w.*(f.member)) + ", ";
            return out + "min_level=" + std::to_string(w.min_level) + ")";
        })
        .def(py::pickle([](const Weights& w) { return py::module_::import("letsconnect").attr("Weights").attr("to_dict")(w); },
                        [](const py::dict& d) {
                            py::kwargs kw;
                            for (auto [k, v] : d) kw[k] = v;
                            return weights_from(Weights{}, kw);
                        }));

    py::class_<PyMatch>(m, "Match", "One scored candidate: username, total, the five components and an explanation.")
        .def_readonly("username", &PyMatch::username)
        .def_property_readonly("total", [](const PyMatch& x) { return x.score.total; })
        .def_property_readonly("skill", [](const PyMatch& x) { return x.score.breakdown.skill; })
        .def_property_readonly("reciprocity", [](const PyMatch& x) { return x.score.breakdown.reciprocity; })
        .def_property_readonly("language", [](const PyMatch& x) { return x.score.breakdown.language; })
        .def_property_readonly("region", [](const PyMatch& x) { return x.score.breakdown.region; })
        .def_property_readonly("time_zone", [](const PyMatch& x) { return x.score.breakdown.time_zone; })
        .def_property_readonly("breakdown", [](const PyMatch& x) {
            const auto& b = x.score.breakdown;
            py::dict d;
            d["skill"] = b.skill;
            d["reciprocity"] = b.reciprocity;
            d["language"] = b.language;
            d["region"] = b.region;
            d["time_zone"] = b.time_zone;
            return d;
        }, "The five components, each in [0, 1]; total is their weighted sum.")
        .def_property_readonly("explanation", [](PyMatch& x) { return x.explain(); },
                               "Why this candidate, e.g. 'shares Grant writing, which you want to learn; ...' "
                               "(computed on first access).")
        .def("__eq__", [](const PyMatch& a, const py::object& b) { return py::isinstance<PyMatch>(b) && a == b.cast<PyMatch>(); })
        .def("__hash__", [](const PyMatch& x) { return py::hash(py::make_tuple(x.username, x.score.total)); })
        .def("__repr__", [](const PyMatch& x) {
            const auto& b = x.score.breakdown;
            std::ostringstream out;
            out.precision(3);
            out << "Match(username=" << py::repr(py::str(x.username)).cast<std::string>() << ", total=" << x.score.total
                << ", skill=" << b.skill << ", reciprocity=" << b.reciprocity << ", language=" << b.language
                << ", region=" << b.region << ", time_zone=" << b.time_zone << ")";
            return out.str();
        });

    auto directory = py::reinterpret_borrow<py::class_<Directory>>(m.attr("Directory"));
    directory
        .def(
            "score",
            [](const py::object& self, const std::string& seeker, const std::string& candidate, const std::string& direction,
               const py::object& weights, const py::object& week, bool require_skill) -> py::object {
                const py::object dir_obj = directory_for_week(self, week);
                const auto& d = dir_obj.cast<const Directory&>();
                const ScoreOptions o = score_options(direction, require_skill);
                const Weights w = to_weights(weights);
                const ProfileIndex who = d.at(seeker), c = d.at(candidate);
                const auto s = Scorer(d, who, w, o)(c);
                if (!s) return py::none();
                return py::cast(PyMatch{d.profile(c).username, *s, c, explainer_for(dir_obj, d, who, w, o), std::nullopt});
            },
            "seeker"_a, "candidate"_a, py::kw_only(), "direction"_a = "mutual", "weights"_a = py::none(), "week"_a = py::none(),
            "require_skill"_a = true,
            R"pbdoc(Score one pair: a Match, or None when a hard filter rejects it (the same person, no common
language at weights.min_level, no skill relevance in `direction` with require_skill).)pbdoc")
        .def(
            "recommend",
            [](const py::object& self, const std::string& username, long long k, const std::string& direction,
               const py::object& weights, const py::object& week, bool require_skill, const py::object& shares,
               const py::object& learns, const py::object& knows, const py::object& region, const py::object& country,
               const py::object& language, const py::object& exclude) {
                const py::object dir_obj = directory_for_week(self, week);
                const auto& d = dir_obj.cast<const Directory&>();
                const Weights w = to_weights(weights);
                ScoreOptions o = score_options(direction, require_skill);
                o.filter = search_query(shares, learns, knows, region, country, language, exclude, w.min_level);
                const std::size_t top = to_k(k);
                const ProfileIndex seeker = d.at(username);
                const auto why = explainer_for(dir_obj, d, seeker, w, o);
                std::vector<PyMatch> out;
                {
                    const py::gil_scoped_release release;  // plain C++ from here on
                    out = to_py(d, why, recommend(d, seeker, top, w, o));
                }
                return make_matches(std::move(out), py::str(d.profile(seeker).username));
            },
            "username"_a, "k"_a = 10, py::kw_only(), "direction"_a = "mutual", "weights"_a = py::none(),
            "week"_a = py::none(), "require_skill"_a = true, "shares"_a = py::none(), "learns"_a = py::none(),
            "knows"_a = py::none(), "region"_a = py::none(), "country"_a = py::none(), "language"_a = py::none(),
            "exclude"_a = py::none(),
            R"pbdoc(The k best peers for `username`, best first, as Matches (a list with .to_frame()).

direction: "mutual" (default), "learn_from" (who shares what they want) or "share_with" (who
wants what they share). weights: a Weights (defaults if None). week: any day (date or ISO
string) of the week whose availability counts; the directory's week if None. The filters
(shares, learns, knows, region, country, language, exclude) restrict the candidates as
search() does; language uses weights.min_level. Ties break by username.)pbdoc")
        .def(
            "recommend_many",
            [](const py::object& self, const py::object& usernames, long long k, const std::string& direction,
               const py::object& weights, const py::object& week, bool require_skill, const py::object& shares,
               const py::object& learns, const py::object& knows, const py::object& region, const py::object& country,
               const py::object& language, const py::object& exclude, unsigned threads, const py::object& progress) {
                const py::object dir_obj = directory_for_week(self, week);
                const auto& d = dir_obj.cast<const Directory&>();
                const Weights w = to_weights(weights);
                ScoreOptions o = score_options(direction, require_skill);
                o.filter = search_query(shares, learns, knows, region, country, language, exclude, w.min_level);
                const std::size_t top = to_k(k);
                const auto seekers = indices_of(d, usernames, "usernames");
                std::vector<std::shared_ptr<Explainer>> why;
                for (ProfileIndex q : seekers) why.push_back(explainer_for(dir_obj, d, q, w, o));
                std::vector<std::vector<Match>> found;
                std::vector<std::vector<PyMatch>> out(seekers.size());
                const ProgressReport report(progress, "recommending", " seekers");
                {
                    const py::gil_scoped_release release;  // inputs are C++ values now
                    found = recommend_many(d, seekers, top, w, o, threads, report.progress());
                    for (std::size_t q = 0; q < seekers.size(); ++q) out[q] = to_py(d, why[q], found[q]);
                }
                py::list result;
                for (std::size_t q = 0; q < seekers.size(); ++q)
                    result.append(make_matches(std::move(out[q]), py::str(d.profile(seekers[q]).username)));
                return result;
            },
            "usernames"_a, "k"_a = 10, py::kw_only(), "direction"_a = "mutual", "weights"_a = py::none(),
            "week"_a = py::none(), "require_skill"_a = true, "shares"_a = py::none(), "learns"_a = py::none(),
            "knows"_a = py::none(), "region"_a = py::none(), "country"_a = py::none(), "language"_a = py::none(),
            "exclude"_a = py::none(), "threads"_a = 0, "progress"_a = py::none(),
            R"pbdoc(recommend() for many seekers at once: a list of Matches in the order given.

Runs on `threads` threads (0: one per core) with the GIL released. progress: None (a bar on
stderr when it is a terminal), True, False, or a callable(done, total) told the seekers done.)pbdoc")
        .def(
            "score_matrix",
            [](const py::object& self, const py::object& seekers, const py::object& candidates, const std::string& direction,
               const py::object& weights, const py::object& week, bool require_skill, unsigned threads,
               const py::object& progress) {
                const py::object dir_obj = directory_for_week(self, week);
                const auto& d = dir_obj.cast<const Directory&>();
                const Weights w = to_weights(weights);
                const ScoreOptions o = score_options(direction, require_skill);
                const auto rows = indices_of(d, seekers, "seekers");
                const auto cols = candidates.is_none() ? std::vector<ProfileIndex>{} : indices_of(d, candidates, "candidates");
                const std::size_t ncols = candidates.is_none() ? d.size() : cols.size();
                py::array_t<float> out({static_cast<py::ssize_t>(rows.size()), static_cast<py::ssize_t>(ncols)});
                if (ncols == 0 || rows.empty()) return out;  // (C++ reads no candidates as "all of them")
                float* data = out.mutable_data();
                const ProgressReport report(progress, "scoring", " seekers");
                {
                    const py::gil_scoped_release release;  // writes into the array we own; no Python objects touched
                    // Blocks of 64 rows keep the working set small; each is copied into the result.
                    score_matrix_blocks(d, rows, cols, w, o, 64, [&](std::size_t first, const ScoreMatrix& block) {
                        std::copy(block.data(), block.data() + block.size(), data + first * ncols);
                    }, threads, report.progress());
                }
                return out;
            },
            "seekers"_a, "candidates"_a = py::none(), py::kw_only(), "direction"_a = "mutual", "weights"_a = py::none(),
            "week"_a = py::none(), "require_skill"_a = true, "threads"_a = 0, "progress"_a = py::none(),
            R"pbdoc(Totals for every (seeker, candidate) pair as a float32 array (seekers × candidates).

Columns follow `candidates`, or all profiles in directory order (directory.usernames) if None.
Pairs a hard filter rejects (including a seeker with themself) are -inf. Computed in blocks
of 64 rows on `threads` threads with the GIL released. progress: as for recommend_many.)pbdoc")
        .def(
            "audience",
            [](const py::object& self, const py::object& skills, const std::string& language, const py::object& start_utc,
               int duration_min, long long k, const py::object& interpretation, const py::object& weights,
               const py::object& region, const py::object& country, const py::object& exclude) {
                const auto& d = self.cast<const Directory&>();
                AudienceQuery q;
                q.skills = to_strings(skills, "skills");
                q.language = language;
                q.interpretation = to_strings(interpretation, "interpretation");
                q.start = to_instant(start_utc, "start_utc");
                q.duration_minutes = duration_min;
                q.filter.regions = to_strings(region, "region");
                q.filter.countries = to_strings(country, "country");
                q.filter.exclude = to_strings(exclude, "exclude");
                const Weights w = to_weights(weights);
                const std::size_t top = to_k(k);
                auto why = std::make_shared<Explainer>();
                why->owner = self;
                std::vector<PyMatch> out;
                {
                    const py::gil_scoped_release release;
                    const auto day = std::chrono::floor<std::chrono::days>(q.start);
                    if (week_start(day) != d.week()) why->own = std::make_shared<const Directory>(d.for_week(day));
                    const Directory& week_dir = why->own ? *why->own : d;
                    why->make = [dir = &week_dir, q, w] { return audience_scorer(*dir, q, w); };
                    out = to_py(week_dir, why, recommend(why->make(), top));
                }
                return make_matches(std::move(out), py::none());
            },
            "skills"_a, "language"_a, "start_utc"_a, "duration_min"_a = 120, "k"_a = 50, py::kw_only(),
            "interpretation"_a = py::none(), "weights"_a = py::none(), "region"_a = py::none(), "country"_a = py::none(),
            "exclude"_a = py::none(),
            R"pbdoc(Who to invite to a clinic, best first: people who want its skills (through the taxonomy),
speak `language` or an `interpretation` language at weights.min_level or above, and are
available for the whole clinic (start_utc: datetime, naive = UTC, or ISO string; the week of
the start decides the availability), ranked by the score kernel with the clinic as the seeker.)pbdoc");
}

}  // namespace letsconnect::python
