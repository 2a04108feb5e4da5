// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Planning: mentoring assignment (assign.hpp). The Python layer (_planning.py) turns the
// columns returned here into the Assignment's DataFrames.
#include <unordered_map>

#include "letsconnect/assign.hpp"
#include "letsconnect/mentorship.hpp"
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

    py::class_<MentorshipProgramme>(m, "MentorshipProgramme", R"pbdoc(A mentorship programme as CapX runs them.

A partner organisation's programme (format ``letsconnect.mentorship/1``): its skills and
languages, registration dates, and the mentor and mentee sign-ups. Load with
``MentorshipProgramme.load(path)`` and pass it to ``Directory.assign``.)pbdoc")
        .def_static("load", [](const py::object& path) { return MentorshipProgramme::load(to_path(path)); }, "path"_a,
                    R"pbdoc(Loads ``letsconnect.mentorship/1`` JSON. Raises FileError, FormatError, ValidationError.)pbdoc")
        .def_static("from_json", [](const py::object& data, const std::string& source) {
                        return MentorshipProgramme::from_json(json_text(data, "data"), source);
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
