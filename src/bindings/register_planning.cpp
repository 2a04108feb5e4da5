// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Planning: mentoring assignment (assign.hpp). The Python layer (_planning.py) turns the
// columns returned here into the Assignment's DataFrames.
#include <unordered_map>

#include "letsconnect/affiliates.hpp"
#include "letsconnect/assign.hpp"
#include "letsconnect/mentorship.hpp"
#include "letsconnect/schedule.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

unsigned to_capacity(const py::handle& value, const std::string& field) {
    if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value))
        throw py::type_error(field + ": expected an int, got " + std::string(py::str(py::type::handle_of(value).attr("__name__"))));
    const auto n = value.cast<long long>();
    if (n < 0 || n > 1000000)
        throw ValidationError({{"assign", "assign", field, "capacity must be 0 … 1000000, got " + std::to_string(n)}});
    return static_cast<unsigned>(n);
}

// `capacity`: an int for every mentor, or {mentor username: int} over a default of 1.
void set_capacities(const Directory& d, const py::object& capacity, const std::vector<ProfileIndex>& mentors, AssignOptions& o) {
    if (!py::isinstance<py::dict>(capacity)) {
        o.capacity = to_capacity(capacity, "capacity");
        return;
    }
    std::unordered_map<ProfileIndex, std::size_t> at;
    for (std::size_t i = 0; i < mentors.size(); ++i) at.emplace(mentors[i], i);
    o.capacities.assign(mentors.size(), 1);
    std::vector<Problem> problems;
    for (auto [key, value] : capacity.cast<py::dict>()) {
        if (!py::isinstance<py::str>(key)) throw py::type_error("capacity: keys must be usernames (str)");
        const auto name = key.cast<std::string>();
        const auto field = "capacity['" + name + "']";
        const auto it = at.find(d.at(name));
        if (it == at.end()) {
            problems.push_back({"assign", "assign", field, "'" + name + "' is not one of the mentors"});
            continue;
        }
        o.capacities[it->second] = to_capacity(value, field);
    }
    if (!problems.empty()) throw ValidationError(std::move(problems));
}

std::vector<PairIndex> to_pairs(const Directory& d, const py::object& pairs, const char* what) {
    std::vector<PairIndex> out;
    if (pairs.is_none()) return out;
    for (auto item : pairs) {
        if (py::isinstance<py::str>(item) || !py::isinstance<py::sequence>(item) || py::len(item) != 2)
            throw py::type_error(std::string(what) + ": expected (mentee, mentor) pairs of usernames");
        auto seq = item.cast<py::sequence>();
        if (!py::isinstance<py::str>(seq[0]) || !py::isinstance<py::str>(seq[1]))
            throw py::type_error(std::string(what) + ": expected (mentee, mentor) pairs of usernames");
        out.emplace_back(d.at(seq[0].cast<std::string>()), d.at(seq[1].cast<std::string>()));
    }
    return out;
}

py::array_t<double> column(const std::vector<AssignedPair>& pairs, double (*get)(const AssignedPair&)) {
    py::array_t<double> out(static_cast<py::ssize_t>(pairs.size()));
    auto* data = out.mutable_data();
    for (std::size_t i = 0; i < pairs.size(); ++i) data[i] = get(pairs[i]);
    return out;
}

py::dict assignment_columns(const Directory& d, const Assignment& a, const std::vector<ProfileIndex>& mentors) {
    auto name = [&d](ProfileIndex i) { return d.profile(i).username; };
    py::list mentee, mentor, required, eligible;
    for (const auto& p : a.pairs) {
        mentee.append(name(p.mentee));
        mentor.append(name(p.mentor));
        required.append(p.required);
        eligible.append(p.eligible);
    }
    py::dict pairs("mentee"_a = mentee, "mentor"_a = mentor,
                   "total"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.total; }),
                   "skill"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.breakdown.skill; }),
                   "reciprocity"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.breakdown.reciprocity; }),
                   "language"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.breakdown.language; }),
                   "region"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.breakdown.region; }),
                   "time_zone"_a = column(a.pairs, [](const AssignedPair& p) { return p.score.breakdown.time_zone; }),
                   "required"_a = required, "eligible"_a = eligible);
    py::list u_mentee, u_reason, u_count;
    for (const auto& u : a.unassigned) {
        u_mentee.append(name(u.mentee));
        u_reason.append(std::string(to_string(u.reason)));
        u_count.append(u.eligible_mentors);
    }
    py::list m_name;
    for (auto m : mentors) m_name.append(name(m));
    return py::dict("pairs"_a = pairs,
                    "unassigned"_a = py::dict("mentee"_a = u_mentee, "reason"_a = u_reason, "eligible_mentors"_a = u_count),
                    "mentors"_a = py::dict("mentor"_a = m_name, "capacity"_a = a.capacity, "load"_a = a.load),
                    "objective"_a = a.objective, "stable"_a = a.stable, "eligible_pairs"_a = a.eligible_pairs,
                    "flow_arcs"_a = a.flow_arcs, "pricing_rounds"_a = a.pricing_rounds);
}

// The options every assignment takes from Python besides the pools and capacities.
AssignOptions assign_options(const Directory& d, const py::object& min_score, const py::object& forbidden, const py::object& required,
                             bool stable, const py::object& weights, const std::string& direction, bool require_skill,
                             unsigned threads) {
    AssignOptions o;
    o.weights = to_weights(weights);
    o.options = score_options(direction, require_skill);
    if (!min_score.is_none()) {
        if (!py::isinstance<py::float_>(min_score) && !py::isinstance<py::int_>(min_score))
            throw py::type_error("min_score: expected a number or None");
        o.min_score = min_score.cast<double>();
    }
    o.forbidden = to_pairs(d, forbidden, "forbidden");
    o.required = to_pairs(d, required, "required");
    o.stable = stable;
    o.threads = threads;
    return o;
}

py::object optional_day(const std::optional<std::chrono::sys_days>& day) { return day ? to_pydate(*day) : py::none(); }

py::list usernames(const std::vector<SignUp>& list) {
    py::list out;
    for (const auto& s : list) out.append(s.username);
    return out;
}

py::dict groups_columns(const std::vector<GroupCoverage>& groups) {
    py::list group, audience, covered;
    for (const auto& g : groups) {
        group.append(g.group);
        audience.append(g.audience);
        covered.append(g.covered);
    }
    return py::dict("group"_a = group, "audience"_a = audience, "covered"_a = covered);
}

py::dict plan_columns(const ClinicPlan& plan) {
    py::list start, available, first, first_available, second, second_available, covered;
    for (const auto& s : plan.slots) {
        start.append(to_pydatetime(s.start));
        available.append(s.available);
    }
    for (const auto& p : plan.pairs) {
        first.append(to_pydatetime(p.first.start));
        first_available.append(p.first.available);
        second.append(to_pydatetime(p.second.start));
        second_available.append(p.second.available);
        covered.append(p.covered);
    }
    return py::dict("audience"_a = plan.audience, "without_availability"_a = plan.without_availability,
                    "slots"_a = py::dict("start"_a = start, "available"_a = available),
                    "pairs"_a = py::dict("first"_a = first, "first_available"_a = first_available, "second"_a = second,
                                         "second_available"_a = second_available, "covered"_a = covered),
                    "by_region"_a = groups_columns(plan.by_region), "by_time_zone"_a = groups_columns(plan.by_time_zone));
}

std::vector<ProfileIndex> audience_of(const Directory& d, const py::object& audience) {
    return audience.is_none() ? std::vector<ProfileIndex>{} : indices_of(d, audience, "audience");
}

const Affiliates& affiliates_of(const Directory& d) {
    if (const auto* a = d.affiliates()) return *a;
    throw NotFoundError("organisations", "organisations in this directory (load them with from_capx(organizations=...) "
                                         "or with_organisations())");
}

std::string text_of(const py::dict& item, const char* key) {
    return item.contains(key) && !item[key].is_none() ? py::str(item[key]).cast<std::string>() : std::string();
}

Organisation organisation_from(const py::handle& obj, std::size_t i) {
    if (!py::isinstance<py::dict>(obj)) throw py::type_error("organisations[" + std::to_string(i) + "]: expected a dict");
    const auto item = obj.cast<py::dict>();
    static const char* known[] = {"id", "acronym", "name", "type", "shares", "learns", "knows", "region", "country", "languages", "managers"};
    for (auto [key, value] : item) {
        const auto k = py::str(key).cast<std::string>();
        if (std::find_if(std::begin(known), std::end(known), [&k](const char* n) { return k == n; }) == std::end(known))
            throw py::type_error("organisations[" + std::to_string(i) + "]: unexpected key '" + k + "'");
    }
    Organisation o;
    o.id = text_of(item, "id");
    o.acronym = text_of(item, "acronym");
    o.name = text_of(item, "name");
    o.type = text_of(item, "type");
    o.country = text_of(item, "country");
    if (const auto r = text_of(item, "region"); !r.empty()) {
        const auto region = parse_region(r);
        if (!region) throw ValidationError({{"organisations", "organisations[" + std::to_string(i) + "]", "region", "unknown region '" + r + "'"}});
        o.region = *region;
    }
    if (item.contains("shares")) o.shares = to_strings(item["shares"], "shares");
    if (item.contains("learns")) o.learns = to_strings(item["learns"], "learns");
    if (item.contains("knows")) o.knows = to_strings(item["knows"], "knows");
    const std::string where = "organisations[" + std::to_string(i) + "]";
    if (item.contains("languages") && !item["languages"].is_none()) {
        if (!py::isinstance<py::dict>(item["languages"])) throw py::type_error(where + ".languages: expected a dict of code: level");
        for (auto [code, level] : item["languages"].cast<py::dict>()) {
            const auto c = py::str(code).cast<std::string>();
            try {
                o.languages.push_back({c, to_level(py::reinterpret_borrow<py::object>(level))});
            } catch (const ValidationError&) {
                throw ValidationError({{"organisations", where, "languages." + c,
                                        "Babel level must be 0-5 or 'N', got " + std::string(py::repr(level))}});
            }
        }
    }
    if (item.contains("managers") && !item["managers"].is_none()) {
        const auto v = item["managers"];
        if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v) || v.cast<long long>() < 0)
            throw ValidationError({{"organisations", where, "managers", "must be a whole number ≥ 0, got " + std::string(py::repr(v))}});
        o.managers = v.cast<std::size_t>();
    }
    return o;
}

}  // namespace

void register_planning(py::module_& m) {
    m.def(
        "_assign",
        [](const py::object& directory, const py::object& mentees, const py::object& mentors, const py::object& capacity,
           const py::object& min_score, const py::object& forbidden, const py::object& required, bool stable,
           const py::object& weights, const std::string& direction, bool require_skill, const py::object& week,
           unsigned threads) {
            const py::object dir_obj = directory_for_week(directory, week);
            const auto& d = dir_obj.cast<const Directory&>();
            AssignOptions o = assign_options(d, min_score, forbidden, required, stable, weights, direction, require_skill, threads);
            const auto e = indices_of(d, mentees, "mentees");
            const auto r = indices_of(d, mentors, "mentors");
            set_capacities(d, capacity, r, o);
            Assignment a = [&] {
                const py::gil_scoped_release release;  // C++ values only until the result is converted
                return assign(d, e, r, o);
            }();
            return assignment_columns(d, a, r);
        },
        "directory"_a, "mentees"_a, "mentors"_a, "capacity"_a = 1, "min_score"_a = py::none(), "forbidden"_a = py::none(),
        "required"_a = py::none(), "stable"_a = false, "weights"_a = py::none(), "direction"_a = "learn_from",
        "require_skill"_a = true, "week"_a = py::none(), "threads"_a = 0,
        R"pbdoc(The assignment of assign.hpp as columns (use Directory.assign).)pbdoc");

    m.def(
        "_plan_clinic",
        [](const Directory& d, const py::object& audience, const py::object& first_day, const py::object& last_day, int duration,
           int step, int split, long long top, const py::object& shares, const py::object& learns, const py::object& region,
           const py::object& country, const py::object& language, const py::object& min_level) {
            PlanQuery q;
            if (!audience.is_none()) q.audience = indices_of(d, audience, "audience");
            q.filter = search_query(shares, learns, py::none(), region, country, language, py::none(), to_level(min_level));
            const auto first = to_day(first_day, "start");
            const auto last = to_day(last_day, "end");
            if (!first || !last) throw py::type_error("plan_clinic: start and end dates are required");
            q.first_day = *first;
            q.last_day = *last;
            q.duration_minutes = duration;
            q.step_minutes = step;
            q.split = split;
            q.top = top < 0 ? 0 : static_cast<std::size_t>(top);
            ClinicPlan plan = [&] {
                const py::gil_scoped_release release;
                return plan_clinic(d, q);
            }();
            return plan_columns(plan);
        },
        "directory"_a, "audience"_a, "start"_a, "end"_a, "duration"_a = 120, "step"_a = 30, "split"_a = 1, "top"_a = 10,
        "shares"_a = py::none(), "learns"_a = py::none(), "region"_a = py::none(), "country"_a = py::none(),
        "language"_a = py::none(), "min_level"_a = 0,
        R"pbdoc(plan_clinic of schedule.hpp as columns (use letsconnect.plan_clinic).)pbdoc");
    m.def(
        "_language_groups",
        [](const Directory& d, const py::object& audience, const std::string& language, const py::object& threshold,
           double target_share) {
            const auto who = audience_of(d, audience);
            BabelLevel level = 0;
            try {
                level = py::isinstance<py::int_>(threshold) && !py::isinstance<py::bool_>(threshold) &&
                                threshold.cast<long long>() == native_level
                            ? native_level
                            : to_level(threshold);
            } catch (const ValidationError&) {
                throw ValidationError({{"language_groups", "query", "threshold",
                                        "must be a Babel level 1-5 or 'N', got " + std::string(py::repr(threshold))}});
            }
            LanguageGroups g = [&] {
                const py::gil_scoped_release release;
                return language_groups(d, who, language, level, target_share);
            }();
            py::list needs_language, needs_people;
            for (const auto& n : g.needs) {
                needs_language.append(n.language);
                needs_people.append(n.people);
            }
            return py::dict("language"_a = g.language, "threshold"_a = static_cast<int>(g.threshold), "audience"_a = g.audience,
                            "understand"_a = g.understand, "need"_a = g.need, "unreachable"_a = g.unreachable,
                            "needs"_a = py::dict("language"_a = needs_language, "people"_a = needs_people),
                            "interpretation"_a = g.interpretation, "target_share"_a = g.target_share,
                            "reached_share"_a = g.reached_share, "target_reached"_a = g.target_reached, "exact"_a = g.exact);
        },
        "directory"_a, "audience"_a, "language"_a, "threshold"_a = 3, "target_share"_a = 0.9);

    m.def(
        "_organisations",
        [](const Directory& d) {
            py::list id, acronym, name, type, region, country, languages, shares, learns, knows, managers, members;
            if (const auto* a = d.affiliates())
                for (std::size_t i = 0; i < a->size(); ++i) {
                    const auto& o = a->organisation(i);
                    id.append(o.id);
                    acronym.append(o.acronym);
                    name.append(o.name);
                    type.append(o.type);
                    region.append(o.region == Region::Unknown ? py::object(py::none()) : py::object(py::str(std::string(to_string(o.region)))));
                    country.append(o.country.empty() ? py::object(py::none()) : py::object(py::str(o.country)));
                    py::dict langs;
                    for (const auto& l : o.languages) langs[py::str(l.code)] = format_level(l.level);
                    languages.append(langs);
                    shares.append(o.shares);
                    learns.append(o.learns);
                    knows.append(o.knows);
                    managers.append(o.managers);
                    members.append(a->members(i));
                }
            return py::dict("id"_a = id, "acronym"_a = acronym, "name"_a = name, "type"_a = type, "region"_a = region,
                            "country"_a = country, "languages"_a = languages, "shares"_a = shares, "learns"_a = learns,
                            "knows"_a = knows, "managers"_a = managers, "members"_a = members);
        },
        "directory"_a);
    m.def(
        "_with_organisations",
        [](const Directory& d, const py::iterable& organisations) {
            std::vector<Organisation> orgs;
            for (auto item : organisations) orgs.push_back(organisation_from(item, orgs.size()));
            const py::gil_scoped_release release;
            return d.with_organisations(std::move(orgs));
        },
        "directory"_a, "organisations"_a);
    m.def(
        "_recommend_orgs",
        [](const Directory& d, const py::object& user, const py::object& org, long long k, const std::string& direction,
           const py::object& weights, bool require_skill) {
            const Affiliates& a = affiliates_of(d);
            if (k < 1) throw ValidationError({{"recommend_orgs", "query", "k", "k must be at least 1, got " + std::to_string(k)}});
            if (user.is_none() == org.is_none()) throw py::type_error("recommend_orgs: give either a user or an org");
            const Weights w = weights.is_none() ? affiliate_weights() : to_weights(weights);
            const ScoreOptions o = score_options(direction, require_skill);
            std::optional<Scorer> scorer;
            std::vector<OrgMatch> found;
            {
                const auto person = user.is_none() ? std::nullopt : std::optional<ProfileIndex>(d.at(user.cast<std::string>()));
                const auto from = org.is_none() ? std::nullopt : std::optional<std::size_t>(a.at(org.cast<std::string>()));
                const py::gil_scoped_release release;
                scorer = person ? org_scorer(d, a, *person, w, o) : Scorer(a.index(), static_cast<ProfileIndex>(*from), w, o);
                found = recommend(*scorer, static_cast<std::size_t>(k), 1);
            }
            py::list id, acronym, name, explanation;
            std::vector<double> cols[6];
            for (const auto& f : found) {
                const auto& x = a.organisation(f.candidate);
                id.append(x.id);
                acronym.append(x.acronym);
                name.append(x.name);
                explanation.append(explain(*scorer, f.candidate));
                const double v[6] = {f.score.total, f.score.breakdown.skill, f.score.breakdown.reciprocity,
                                     f.score.breakdown.language, f.score.breakdown.region, f.score.breakdown.time_zone};
                for (int c = 0; c < 6; ++c) cols[c].push_back(v[c]);
            }
            return py::dict("id"_a = id, "acronym"_a = acronym, "name"_a = name, "total"_a = cols[0], "skill"_a = cols[1],
                            "reciprocity"_a = cols[2], "language"_a = cols[3], "region"_a = cols[4], "time_zone"_a = cols[5],
                            "explanation"_a = explanation);
        },
        "directory"_a, "user"_a = py::none(), "org"_a = py::none(), "k"_a = 10, "direction"_a = "mutual", "weights"_a = py::none(),
        "require_skill"_a = true);

    py::class_<MentorshipProgramme>(m, "MentorshipProgramme", R"pbdoc(A mentorship programme as CapX runs them.

A partner organisation's programme (format ``letsconnect.mentorship/1``): its skills and
languages, registration dates, and the mentor and mentee sign-ups. Load with
``MentorshipProgramme.load(path)`` and pass it to ``Directory.assign``.)pbdoc")
        .def_static("load", [](const py::object& path) { return MentorshipProgramme::load(to_path(path)); }, "path"_a,
                    R"pbdoc(Loads ``letsconnect.mentorship/1`` JSON. Raises FileError, FormatError, ValidationError.)pbdoc")
        .def_static("from_json", [](const py::object& data, const std::string& source) {
                        // A str is the JSON text itself (as in Directory.from_json); a dict is parsed JSON.
                        const std::string text = py::isinstance<py::str>(data) ? data.cast<std::string>() : json_text(data, "data");
                        return MentorshipProgramme::from_json(text, source);
                    }, "data"_a, "source"_a = "<memory>",
                    R"pbdoc(Parses JSON text, or a dict already parsed.)pbdoc")
        .def("to_json", &MentorshipProgramme::to_json, "indent"_a = 1, R"pbdoc(The programme as JSON text.)pbdoc")
        .def("save", [](const MentorshipProgramme& p, const py::object& path) { p.save(to_path(path)); }, "path"_a,
             R"pbdoc(Writes the programme atomically.)pbdoc")
        .def_property_readonly("id", [](const MentorshipProgramme& p) { return p.id; })
        .def_property_readonly("name", [](const MentorshipProgramme& p) { return p.name; })
        .def_property_readonly("organization", [](const MentorshipProgramme& p) { return p.organization; })
        .def_property_readonly("description", [](const MentorshipProgramme& p) { return p.description; })
        .def_property_readonly("skills", [](const MentorshipProgramme& p) { return p.skills; })
        .def_property_readonly("languages", [](const MentorshipProgramme& p) { return p.languages; })
        .def_property_readonly("territory", [](const MentorshipProgramme& p) { return p.territory; })
        .def_property_readonly("registration_open", [](const MentorshipProgramme& p) { return optional_day(p.registration_open); })
        .def_property_readonly("registration_close", [](const MentorshipProgramme& p) { return optional_day(p.registration_close); })
        .def_property_readonly("capacity", [](const MentorshipProgramme& p) { return p.capacity; })
        .def_property_readonly("mentors", [](const MentorshipProgramme& p) { return usernames(p.mentors); },
                               "Usernames of the mentor sign-ups, in order.")
        .def_property_readonly("mentees", [](const MentorshipProgramme& p) { return usernames(p.mentees); },
                               "Usernames of the mentee sign-ups, in order.")
        .def("_sign_ups", [](const MentorshipProgramme& p) {
            py::list role, user, date, capacity, on_time;
            for (const auto* list : {&p.mentors, &p.mentees})
                for (const auto& s : *list) {
                    role.append(list == &p.mentors ? "mentor" : "mentee");
                    user.append(s.username);
                    date.append(optional_day(s.date));
                    capacity.append(s.capacity ? py::object(py::int_(*s.capacity)) : py::object(py::none()));
                    on_time.append(p.on_time(s));
                }
            return py::dict("role"_a = role, "user"_a = user, "created_at"_a = date, "capacity"_a = capacity, "on_time"_a = on_time);
        })
        .def("check", [](const MentorshipProgramme& p, const Directory& d) { return p.check(d); }, "directory"_a,
             R"pbdoc(Problems against a directory: unknown users or skills, people signed up twice.)pbdoc")
        .def("_assign",
             [](const MentorshipProgramme& p, const py::object& directory, const py::object& min_score, const py::object& forbidden,
                const py::object& required, bool stable, const py::object& weights, const py::object& week, unsigned threads) {
                 const py::object dir_obj = directory_for_week(directory, week);
                 const auto& d = dir_obj.cast<const Directory&>();
                 const AssignOptions o = assign_options(d, min_score, forbidden, required, stable, weights, "learn_from", true, threads);
                 std::vector<ProfileIndex> mentors;
                 for (const auto& s : p.mentors)
                     if (auto i = d.find(s.username)) mentors.push_back(*i);
                 Assignment a = [&] {
                     const py::gil_scoped_release release;
                     return assign(d, p, o);
                 }();
                 return assignment_columns(d, a, mentors);
             },
             "directory"_a, "min_score"_a = py::none(), "forbidden"_a = py::none(), "required"_a = py::none(), "stable"_a = false,
             "weights"_a = py::none(), "week"_a = py::none(), "threads"_a = 0)
        .def("__eq__", [](const MentorshipProgramme& a, const py::object& b) {
            return py::isinstance<MentorshipProgramme>(b) && a == b.cast<const MentorshipProgramme&>();
        })
        .def("__repr__", [](const MentorshipProgramme& p) {
            return "<letsconnect.MentorshipProgramme(id='" + p.id + "', mentors=" + std::to_string(p.mentors.size()) +
                   ", mentees=" + std::to_string(p.mentees.size()) + ")>";
        });
}

}  // namespace letsconnect::python
