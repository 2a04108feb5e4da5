// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Clinics, Zoom reports, name reconciliation, metrics and badges.
#include <cmath>

#include "letsconnect/attendance.hpp"
#include "letsconnect/badges.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/metrics.hpp"
#include "letsconnect/reconcile.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

py::object optional_str(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

ReconcileOptions options_from(double match_threshold, double review_threshold, double margin, double registrant_bonus) {
    ReconcileOptions o;
    o.match_threshold = match_threshold;
    o.review_threshold = review_threshold;
    o.margin = margin;
    o.registrant_bonus = registrant_bonus;
    return o;
}

// Columns as numpy-friendly lists: times as int64 seconds since the epoch (UTC).
py::dict segment_columns(const ZoomReport& r) {
    py::list name, email, join, leave, duration, guest, line;
    for (const auto& s : r.segments) {
        name.append(s.name);
        email.append(optional_str(s.email));
        join.append(s.join.time_since_epoch().count());
        leave.append(s.leave.time_since_epoch().count());
        duration.append(s.duration_min);
        guest.append(s.guest);
        line.append(s.line);
    }
    return py::dict("name"_a = name, "email"_a = email, "join"_a = join, "leave"_a = leave, "duration_min"_a = duration,
                    "guest"_a = guest, "line"_a = line);
}

py::dict attendee_columns(const std::vector<Attendee>& attendees) {
    py::list display, email, minutes, first, last, segments;
    for (const auto& a : attendees) {
        display.append(a.display_name);
        email.append(optional_str(a.email));
        minutes.append(a.minutes());
        first.append(a.first_join.time_since_epoch().count());
        last.append(a.last_leave.time_since_epoch().count());
        segments.append(a.segments.size());
    }
    return py::dict("display_name"_a = display, "email"_a = email, "minutes"_a = minutes, "first_join"_a = first,
                    "last_leave"_a = last, "segments"_a = segments);
}

py::dict clinic_metrics_dict(const ClinicMetrics& c) {
    return py::dict("clinic"_a = c.clinic_id, "start"_a = c.start.time_since_epoch().count(), "has_report"_a = c.has_report,
                    "attendees"_a = c.attendees, "registered"_a = c.registered, "non_registered"_a = c.non_registered,
                    "review"_a = c.review, "registrants"_a = c.registrants, "registrants_attended"_a = c.registrants_attended,
                    "show_up_rate"_a = c.show_up_rate, "retained"_a = c.retained, "retention"_a = c.retention,
                    "median_minutes"_a = c.median_minutes);
}

Clinic make_clinic(const std::string& id, const py::object& start, const std::string& title, int duration_min, const std::string& language,
                   const py::object& interpretation, const py::object& skills, const py::object& sharers,
                   const py::object& registrants, const py::object& attendance, const std::string& series,
                   const std::string& report_time_zone) {
    Clinic c;
    c.id = id;
    c.start = to_instant(start, "start");
    c.title = title;
    c.duration_min = duration_min;
    c.language = language;
    c.interpretation = to_strings(interpretation, "interpretation");
    c.skills = to_strings(skills, "skills");
    c.sharers = to_strings(sharers, "sharers");
    c.registrants = to_strings(registrants, "registrants");
    c.attendance = to_strings(attendance, "attendance");
    c.series = series;
    c.report_time_zone = report_time_zone;
    if (auto problems = validate(c, "<Clinic>", "clinic '" + id + "'"); !problems.empty()) throw ValidationError(std::move(problems));
    return c;
}

}  // namespace

void register_attendance(py::module_& m) {
    // --- clinics ---------------------------------------------------------------------------
    py::class_<Clinic>(m, "Clinic", "One Learning Clinic (value type): id, title, start (UTC), duration, languages, skills, "
                                    "sharers, registrants, attendance report paths, series.")
        .def(py::init(&make_clinic), "id"_a, py::kw_only(), "start"_a, "title"_a = "", "duration_min"_a = 120, "language"_a = "",
             "interpretation"_a = py::tuple(), "skills"_a = py::tuple(), "sharers"_a = py::tuple(), "registrants"_a = py::tuple(),
             "attendance"_a = py::tuple(), "series"_a = "", "report_time_zone"_a = "",
             "start: datetime (naive = UTC) or ISO string. Invalid values raise ValidationError.")
        .def_readonly("id", &Clinic::id)
        .def_readonly("title", &Clinic::title)
        .def_property_readonly("start", [](const Clinic& c) { return to_pydatetime(c.start); }, "Start, an aware datetime in UTC.")
        .def_readonly("duration_min", &Clinic::duration_min)
        .def_readonly("language", &Clinic::language)
        .def_readonly("interpretation", &Clinic::interpretation)
        .def_readonly("skills", &Clinic::skills)
        .def_readonly("sharers", &Clinic::sharers)
        .def_readonly("registrants", &Clinic::registrants)
        .def_readonly("attendance", &Clinic::attendance, "Attendance report paths, relative to the clinics file.")
        .def_readonly("series", &Clinic::series)
        .def_readonly("report_time_zone", &Clinic::report_time_zone, "Zone of its reports' times, '' for the default.")
        .def("__eq__", [](const Clinic& a, const py::object& b) { return py::isinstance<Clinic>(b) && a == b.cast<const Clinic&>(); })
        .def("__repr__", [](const Clinic& c) {
            return "<letsconnect.Clinic(id='" + c.id + "', start='" + format_utc(c.start) + "', language='" + c.language +
                   "', registrants=" + std::to_string(c.registrants.size()) + ")>";
        });

    py::class_<Clinics>(m, "Clinics", R"pbdoc(The clinics of a programme (letsconnect.clinics/1).

>>> clinics = Clinics.load("clinics.json")
>>> clinics["lc-2026-01"].registrants[:2]
)pbdoc")
        .def(py::init([](std::vector<Clinic> list, std::string base_dir) {
                 Clinics c;
                 c.clinics = std::move(list);
                 c.base_dir = std::move(base_dir);
                 // Through JSON once, so the same checks apply as for a file (ids unique, fields valid).
                 Clinics checked = Clinics::from_json(c.to_json(-1), "<Clinics>");
                 checked.base_dir = c.base_dir;
                 return checked;
             }),
             "clinics"_a, "base_dir"_a = "", "Clinics from a list of Clinic; report paths are relative to base_dir.")
        .def_static("load", [](const py::object& path) { return Clinics::load(to_path(path)); }, "path"_a,
                    "Load letsconnect.clinics/1 JSON. Raises FileError, FormatError or ValidationError.")
        .def_static("from_json", &Clinics::from_json, "text"_a, "source"_a = "<memory>", "Parse letsconnect.clinics/1 JSON text.")
        .def("to_json", &Clinics::to_json, "indent"_a = 1)
        .def("save", [](const Clinics& c, const py::object& path) { c.save(to_path(path)); }, "path"_a,
             "Write atomically (temp file, fsync, rename).")
        .def("check", &Clinics::check, "directory"_a,
             "Problems against a directory: unknown sharers, registrants and skills (empty list = consistent).")
        .def("attendance_paths", &Clinics::attendance_paths, "clinic"_a, "Report paths of a clinic, resolved against base_dir.")
        .def_readonly("base_dir", &Clinics::base_dir)
        .def("__len__", [](const Clinics& c) { return c.clinics.size(); })
        .def("__iter__", [](const Clinics& c) { return py::make_iterator(c.clinics.begin(), c.clinics.end()); }, py::keep_alive<0, 1>())
        .def("__getitem__", [](const Clinics& c, const py::object& key) -> const Clinic& {
            if (py::isinstance<py::str>(key)) {
                try {
                    return c.at(key.cast<std::string>());
                } catch (const NotFoundError&) {
                    throw py::key_error(key.cast<std::string>());
                }
            }
            if (!py::isinstance<py::int_>(key)) throw py::type_error("Clinics index: expected a clinic id (str) or a position (int)");
            auto i = key.cast<long long>();
            if (i < 0) i += static_cast<long long>(c.clinics.size());
            if (i < 0 || i >= static_cast<long long>(c.clinics.size())) throw py::index_error("clinic index out of range");
            return c.clinics[static_cast<std::size_t>(i)];
        }, py::return_value_policy::reference_internal, "key"_a, "By id (str) or position (int).")
        .def("__repr__", [](const Clinics& c) { return "<letsconnect.Clinics(" + std::to_string(c.clinics.size()) + " clinics)>"; });

    // --- Zoom reports ------------------------------------------------------------------------
    py::class_<ZoomReport>(m, "ZoomReport", R"pbdoc(A Zoom participant report: one segment per row (a person who drops and
rejoins has several). Read with letsconnect.read_zoom_report().)pbdoc")
        .def_static("read", [](const py::object& path, const std::string& time_zone) { return ZoomReport::read(to_path(path), time_zone); },
                    "path"_a, "time_zone"_a = "UTC", "Read a report; times without an offset are in time_zone.")
        .def_static("parse", &ZoomReport::parse, "text"_a, "source"_a = "<memory>", "time_zone"_a = "UTC", "Parse report text.")
        .def_readonly("source", &ZoomReport::source)
        .def_readonly("time_zone", &ZoomReport::time_zone)
        .def_property_readonly("meeting", [](const ZoomReport& r) -> py::object {
            if (!r.meeting) return py::none();
            const MeetingInfo& mi = *r.meeting;
            const auto when = [](const std::optional<std::chrono::sys_seconds>& t) { return t ? to_pydatetime(*t) : py::object(py::none()); };
            const auto number = [](const std::optional<int>& v) { return v ? py::object(py::int_(*v)) : py::object(py::none()); };
            return py::dict("meeting_id"_a = mi.meeting_id, "topic"_a = mi.topic, "start"_a = when(mi.start), "end"_a = when(mi.end),
                            "host_email"_a = optional_str(mi.host_email), "duration_min"_a = number(mi.duration_min),
                            "participants"_a = number(mi.participants));
        }, "The meeting block as a dict, or None when the report has none.")
        .def("_segment_columns", &segment_columns)
        .def("_attendee_columns", [](const ZoomReport& r) { return attendee_columns(r.attendees()); })
        .def("__len__", [](const ZoomReport& r) { return r.segments.size(); })
        .def("__repr__", [](const ZoomReport& r) {
            return "<letsconnect.ZoomReport(source='" + r.source + "', segments=" + std::to_string(r.segments.size()) +
                   ", attendees=" + std::to_string(r.attendees().size()) + ")>";
        });
    m.def("union_seconds", [](const std::vector<std::pair<long long, long long>>& intervals) {
        std::vector<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>> v;
        for (auto [a, b] : intervals) v.emplace_back(std::chrono::sys_seconds{std::chrono::seconds{a}}, std::chrono::sys_seconds{std::chrono::seconds{b}});
        return union_seconds(std::move(v));
    }, "intervals"_a, "Seconds covered by the union of [start, end) intervals given as epoch seconds.");

    // --- reconciliation ----------------------------------------------------------------------
    py::class_<AttendeeMatch>(m, "AttendeeMatch", "The decision about one attendee of a report.")
        .def_property_readonly("display_name", [](const AttendeeMatch& a) { return a.attendee.display_name; },
                               "The report's name cell, exactly as exported.")
        .def_property_readonly("names", [](const AttendeeMatch& a) { return a.attendee.names; }, "Every name cell merged into this attendee.")
        .def_property_readonly("email", [](const AttendeeMatch& a) { return optional_str(a.attendee.email); })
        .def_property_readonly("username", [](const AttendeeMatch& a) { return optional_str(a.username); },
                               "The matched username, the suggestion under review, or None.")
        .def_readonly("confidence", &AttendeeMatch::confidence)
        .def_property_readonly("status", [](const AttendeeMatch& a) { return std::string(to_string(a.status)); },
                               "'matched', 'review' or 'unregistered'.")
        .def_property_readonly("kind", [](const AttendeeMatch& a) { return std::string(to_string(a.kind)); },
                               "'person', 'device', 'interpreter' or 'host'.")
        .def_property_readonly("minutes", [](const AttendeeMatch& a) { return a.attendee.minutes(); })
        .def_property_readonly("segments", [](const AttendeeMatch& a) { return a.attendee.segments.size(); })
        .def_property_readonly("first_join", [](const AttendeeMatch& a) { return to_pydatetime(a.attendee.first_join); })
        .def_property_readonly("last_leave", [](const AttendeeMatch& a) { return to_pydatetime(a.attendee.last_leave); })
        .def_readonly("reason", &AttendeeMatch::reason)
        .def_property_readonly("person", [](const AttendeeMatch& a) { return optional_str(a.person); },
                               "Stable person id across clinics: the username, or 'nr-…' for a non-registered person.")
        .def("__repr__", [](const AttendeeMatch& a) {
            char conf[16];
            std::snprintf(conf, sizeof conf, "%.2f", a.confidence);
            return "<letsconnect.AttendeeMatch(display_name='" + a.attendee.display_name + "', status='" +
                   std::string(to_string(a.status)) + "', username=" + (a.username.empty() ? "None" : "'" + a.username + "'") +
                   ", confidence=" + conf + ")>";
        });

    py::class_<ClinicAttendance>(m, "ClinicAttendance", "The reconciled attendees of one clinic.")
        .def_readonly("clinic_id", &ClinicAttendance::clinic_id)
        .def_readonly("has_report", &ClinicAttendance::has_report)
        .def_readonly("attendees", &ClinicAttendance::attendees)
        .def("__repr__", [](const ClinicAttendance& c) {
            return "<letsconnect.ClinicAttendance(clinic_id='" + c.clinic_id + "', attendees=" + std::to_string(c.attendees.size()) + ")>";
        });

    m.def("_reconcile", [](const Directory& d, const ZoomReport& report, const Clinic* clinic, double match_threshold,
                           double review_threshold, double margin, double registrant_bonus) {
        const auto options = options_from(match_threshold, review_threshold, margin, registrant_bonus);
        const py::gil_scoped_release release;  // C++ values only from here on
        return reconcile(d, report, clinic, options);
    }, "directory"_a, "report"_a, "clinic"_a = nullptr, "match_threshold"_a = 0.85, "review_threshold"_a = 0.6, "margin"_a = 0.1,
       "registrant_bonus"_a = 0.04);
    m.def("_reconcile_clinics", [](const Directory& d, const Clinics& clinics, const py::object& attendance_dir, const std::string& time_zone,
                                   double match_threshold, double review_threshold, double margin, double registrant_bonus,
                                   const py::object& progress) {
        const auto options = options_from(match_threshold, review_threshold, margin, registrant_bonus);
        const std::string dir = attendance_dir.is_none() ? std::string() : to_path(attendance_dir);
        const ProgressReport report(progress, "reconciling", " clinics");
        const py::gil_scoped_release release;
        return reconcile_clinics(d, clinics, dir, time_zone, options, report.progress());
    }, "directory"_a, "clinics"_a, "attendance_dir"_a = py::none(), "time_zone"_a = "UTC", "match_threshold"_a = 0.85,
       "review_threshold"_a = 0.6, "margin"_a = 0.1, "registrant_bonus"_a = 0.04, "progress"_a = py::none());
    m.def("link_people", [](std::vector<ClinicAttendance> clinics) {
        std::vector<std::vector<AttendeeMatch>> lists;
        for (auto& c : clinics) lists.push_back(std::move(c.attendees));
        link_people(lists);
        for (std::size_t i = 0; i < clinics.size(); ++i) clinics[i].attendees = std::move(lists[i]);
        return clinics;
    }, "clinics"_a, "The clinics with stable person ids linked across them (see reconcile_clinics).");
    m.def("clean_display_name", [](const std::string& name) {
        const CleanName c = clean_display_name(name);
        py::list readings;
        for (const auto& r : c.readings) readings.append(py::cast(r));
        return py::make_tuple(std::string(to_string(c.kind)), readings);
    }, "display_name"_a, R"pbdoc((kind, readings): what a Zoom display name looks like ('person', 'device', 'interpreter',
'host') and the person-name readings in it as normalised words, most likely first.

>>> clean_display_name("Dr. Amina Bello (she/her) | WMNG")
('person', [['amina', 'bello'], ['wmng'], ['amina', 'bello', 'wmng']]))pbdoc");
    m.def("name_similarity", &name_similarity, "a"_a, "b"_a, "Similarity in [0, 1] of two names as reconciliation scores them.");

    // --- metrics and badges --------------------------------------------------------------------
    m.def("_metrics", [](const Directory& d, const Clinics& clinics, const std::vector<ClinicAttendance>& attendance, double retention_minutes) {
        ProgrammeMetrics pm;
        {
            const py::gil_scoped_release release;
            pm = compute_metrics(d, clinics, attendance, retention_minutes);
        }
        py::list per_clinic, regions;
        for (const auto& c : pm.clinics) per_clinic.append(clinic_metrics_dict(c));
        for (const auto& r : pm.by_region)
            regions.append(py::dict("region"_a = r.region == Region::Unknown ? py::object(py::none()) : py::object(py::str(std::string(to_string(r.region)))),
                                    "people"_a = r.people, "attendances"_a = r.attendances));
        py::dict programme(
            "clinics_with_report"_a = pm.clinics_with_report, "attendances"_a = pm.attendances,
            "registrants"_a = pm.registrants, "registrants_attended"_a = pm.registrants_attended, "show_up_rate"_a = pm.show_up_rate,
            "retained"_a = pm.retained, "retention"_a = pm.retention, "reach"_a = pm.reach,
            "registered_people"_a = pm.registered_people, "non_registered_people"_a = pm.non_registered_people,
            "profiles"_a = pm.profiles, "participation_of_registered"_a = pm.participation_of_registered,
            "clinics_per_registered"_a = pm.clinics_per_registered, "clinics_per_person"_a = pm.clinics_per_person,
            "repeat_non_registered"_a = pm.repeat_non_registered, "repeat_rate_non_registered"_a = pm.repeat_rate_non_registered,
            "sharers"_a = pm.sharers, "sharers_region_known"_a = pm.sharers_region_known,
            "sharers_under_represented"_a = pm.sharers_under_represented,
            "under_represented_sharer_share"_a = pm.under_represented_sharer_share, "sharers_gender_known"_a = pm.sharers_gender_known,
            "women_sharers"_a = pm.women_sharers, "women_sharer_share"_a = pm.women_sharer_share);
        py::list username, registered, region, country, gender, woman, under_represented, shared;
        for (const auto& s : pm.sharer_list) {
            username.append(s.username);
            registered.append(s.registered);
            region.append(s.region == Region::Unknown ? py::object(py::none()) : py::object(py::str(std::string(to_string(s.region)))));
            country.append(s.country.empty() ? py::object(py::none()) : py::object(py::str(s.country)));
            gender.append(s.gender.empty() ? py::object(py::none()) : py::object(py::str(s.gender)));
            // Unknown stays unknown: no stated gender, no region (a sharer without a profile).
            woman.append(s.gender.empty() ? py::object(py::none()) : py::object(py::bool_(is_woman(s.gender))));
            under_represented.append(s.region == Region::Unknown ? py::object(py::none())
                                                                 : py::object(py::bool_(is_under_represented(s.region))));
            shared.append(s.clinics);
        }
        py::dict sharers("username"_a = username, "registered"_a = registered, "region"_a = region, "country"_a = country,
                         "gender"_a = gender, "woman"_a = woman, "under_represented"_a = under_represented, "clinics"_a = shared);
        py::list a_clinic, a_person, a_username, a_minutes, a_retained;
        for (const auto& a : pm.attendees) {
            a_clinic.append(a.clinic_id);
            a_person.append(a.person);
            a_username.append(a.username.empty() ? py::object(py::none()) : py::object(py::str(a.username)));
            a_minutes.append(a.minutes);
            a_retained.append(a.retained);
        }
        py::dict attendees("clinic"_a = a_clinic, "person"_a = a_person, "username"_a = a_username, "minutes"_a = a_minutes,
                           "retained"_a = a_retained);
        return py::make_tuple(per_clinic, programme, regions, sharers, attendees);
    }, "directory"_a, "clinics"_a, "attendance"_a, "retention_minutes"_a = 90.0);

    py::class_<BadgeRules>(m, "BadgeRules", R"pbdoc(Badge rules (letsconnect.badges/1): each badge is earned by attending N clinics
(optionally of one skill, with a minimum of minutes), sharing at N clinics, or attending every clinic of a series.)pbdoc")
        .def_static("load", [](const py::object& path) { return BadgeRules::load(to_path(path)); }, "path"_a)
        .def_static("from_json", &BadgeRules::from_json, "text"_a, "source"_a = "<memory>")
        .def_static("defaults", &BadgeRules::defaults, "First clinic, five clinics, ten clinics, first time as a sharer.")
        .def("to_json", &BadgeRules::to_json, "indent"_a = 1)
        .def_property_readonly("ids", [](const BadgeRules& r) {
            std::vector<std::string> ids;
            for (const auto& b : r.rules) ids.push_back(b.id);
            return ids;
        })
        .def("__len__", [](const BadgeRules& r) { return r.rules.size(); })
        .def("__repr__", [](const BadgeRules& r) { return "<letsconnect.BadgeRules(" + std::to_string(r.rules.size()) + " badges)>"; });
    m.def("_award_badges", [](const Directory& d, const Clinics& clinics, const std::vector<ClinicAttendance>& attendance,
                              const BadgeRules& rules, const py::object& since) {
        const auto day = to_day(since, "since");
        std::vector<BadgeAward> awards;
        {
            const py::gil_scoped_release release;
            awards = award_badges(d, clinics, attendance, rules, day);
        }
        py::list username, badge, label, clinic, earned;
        for (const auto& a : awards) {
            username.append(a.username);
            badge.append(a.badge);
            label.append(a.label);
            clinic.append(a.clinic_id);
            earned.append(a.earned.time_since_epoch().count());
        }
        return py::dict("username"_a = username, "badge"_a = badge, "label"_a = label, "clinic"_a = clinic, "earned"_a = earned);
    }, "directory"_a, "clinics"_a, "attendance"_a, "rules"_a, "since"_a = py::none());
}

}  // namespace letsconnect::python
