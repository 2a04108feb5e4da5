// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

// Prelude of every binding source.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/numpy.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "letsconnect/directory.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/score.hpp"
#include "letsconnect/search.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace letsconnect::python {

void register_errors(py::module_& m);
void register_taxonomy(py::module_& m);
void register_profile(py::module_& m);
void register_directory(py::module_& m);
void register_recommend(py::module_& m);
void register_attendance(py::module_& m);
void register_planning(py::module_& m);
void register_stats(py::module_& m);

/// None, one string, or an iterable of strings. @throws py::type_error naming `what`
std::vector<std::string> to_strings(const py::object& obj, const char* what);

/// A Babel level: 0-5 or "N" (native = 6). @throws ValidationError
BabelLevel to_level(const py::object& obj);

/// The search filters shared by Directory.search and the recommendation queries (each None, a
/// string or a list of strings); `level` is the minimum Babel level for `language`.
SearchQuery search_query(const py::object& shares, const py::object& learns, const py::object& knows, const py::object& region,
                         const py::object& country, const py::object& language, const py::object& exclude, BabelLevel level);

/// `str`, `os.PathLike` → file path as str.
std::string to_path(const py::handle& obj);

/// None → nullopt; `datetime.date`/`datetime.datetime` or an ISO "YYYY-MM-DD" string → that day.
/// @throws ValidationError (→ ValueError) for anything else
std::optional<std::chrono::sys_days> to_day(const py::handle& obj, const char* what);

/// A `datetime.datetime` (naive = UTC) or an ISO string → UTC instant.
/// @throws ValidationError (→ ValueError) for a malformed string, py::type_error for other types
std::chrono::sys_seconds to_instant(const py::handle& obj, const char* what);

/// An aware `datetime.datetime` in UTC.
py::object to_pydatetime(std::chrono::sys_seconds t);

/// A `datetime.date` for a day.
py::object to_pydate(std::chrono::sys_days day);

/// What a `progress=` argument (None, True, False or a callable(done, total)) becomes for one call:
/// the callback letsconnect._progress makes (a tqdm bar, the user's callable, or nothing), closed
/// when the call ends. Make it while holding the GIL; `progress()` may be called without it.
class ProgressReport {
public:
    ProgressReport(const py::object& arg, const char* desc, const char* unit);
    ~ProgressReport();
    ProgressReport(const ProgressReport&) = delete;
    ProgressReport& operator=(const ProgressReport&) = delete;
    /// The C++ callback (empty for no reports); it takes the GIL to call Python.
    [[nodiscard]] const Progress& progress() const noexcept { return progress_; }

private:
    py::object callback_;
    Progress progress_;
};

/// JSON text for a value that is a path (str/PathLike → file contents) or parsed JSON (dict/list).
std::string json_text(const py::handle& obj, const char* what);

// Shared by the query bindings (defined in register_recommend.cpp).
/// None → the default Weights; a Weights → it. @throws py::type_error for anything else
Weights to_weights(const py::object& obj);
/// "learn_from", "share_with", "mutual". @throws ValidationError
Direction to_direction(const std::string& text);
/// The options every pair query takes from Python: direction and require_skill.
ScoreOptions score_options(const std::string& direction, bool require_skill);
/// The Python Directory for `week` (None: `self`), converted once and cached on `self`.
py::object directory_for_week(const py::object& self, const py::object& week);
/// Profile indices of a list of usernames. @throws NotFoundError, py::type_error naming `what`
std::vector<ProfileIndex> indices_of(const Directory& d, const py::object& names, const char* what);

}  // namespace letsconnect::python
