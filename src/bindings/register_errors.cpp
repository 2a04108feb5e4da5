// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <cmath>
#include <cstring>
#include <filesystem>

#include "letsconnect/availability.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/error.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/limits.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

// Exception classes are created with type() so they can have two bases
// (NotFoundError is also a KeyError, FileError also an OSError).
py::object make_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
    py::dict ns;
    ns["__module__"] = "letsconnect";
    ns["__doc__"] = doc;
    // KeyError quotes its message in str(); keep plain messages for every class.
    ns["__str__"] = py::module_::import("builtins").attr("BaseException").attr("__str__");
    py::object cls = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(&PyType_Type))(name, bases, ns);
    m.attr(name) = cls;
    return cls;
}

py::handle format_h, validation_h, not_found_h, file_h, base_h, problem_h;

py::object problem_to_python(const Problem& p, const py::object& cls) { return cls(p.source, p.where, p.field, p.message); }

}  // namespace

std::string to_path(const py::handle& obj) {
    if (py::isinstance<py::str>(obj)) return obj.cast<std::string>();
    py::object fspath = py::module_::import("os").attr("fspath");
    try {
        py::object p = fspath(obj);
        if (py::isinstance<py::str>(p)) return p.cast<std::string>();
    } catch (py::error_already_set&) {
    }
    throw py::type_error("expected a path (str or os.PathLike), got " + std::string(py::str(py::type::handle_of(obj).attr("__name__"))));
}

std::optional<std::chrono::sys_days> to_day(const py::handle& obj, const char* what) {
    if (obj.is_none()) return std::nullopt;
    py::object datetime = py::module_::import("datetime");
    std::string text;
    if (py::isinstance(obj, datetime.attr("datetime"))) text = py::str(obj.attr("date")().attr("isoformat")());
    else if (py::isinstance(obj, datetime.attr("date"))) text = py::str(obj.attr("isoformat")());
    else if (py::isinstance<py::str>(obj)) text = obj.cast<std::string>();
    else throw py::type_error(std::string(what) + ": expected a datetime.date or an ISO date string");
    if (auto day = parse_date(text)) return day;
    throw ValidationError({{"<argument>", what, "", "not a date YYYY-MM-DD: '" + text + "'"}});
}

std::chrono::sys_seconds to_instant(const py::handle& obj, const char* what) {
    const auto datetime = py::module_::import("datetime");
    py::object dt = py::reinterpret_borrow<py::object>(obj);
    if (py::isinstance<py::str>(obj)) {
        // The library's own ISO 8601 reader: "…Z" and offsets on every Python version; no offset = UTC.
        if (auto t = parse_instant(obj.cast<std::string>(), "UTC")) return *t;
        throw ValidationError({{"<argument>", what, "", "not an ISO date and time: " + std::string(py::repr(obj))}});
    } else if (!py::isinstance(obj, datetime.attr("datetime"))) {
        throw py::type_error(std::string(what) + ": expected a datetime.datetime or an ISO string");
    }
    const py::object utc = datetime.attr("timezone").attr("utc");
    dt = dt.attr("tzinfo").is_none() ? dt.attr("replace")("tzinfo"_a = utc) : dt.attr("astimezone")(utc);
    const double seconds = dt.attr("timestamp")().cast<double>();
    return std::chrono::sys_seconds(std::chrono::seconds(static_cast<long long>(std::floor(seconds))));
}


py::object to_pydatetime(std::chrono::sys_seconds t) {
    const py::object datetime = py::module_::import("datetime");
    const py::object utc = datetime.attr("timezone").attr("utc");
    return datetime.attr("datetime").attr("fromtimestamp")(static_cast<double>(t.time_since_epoch().count()), utc);
}

py::object to_pydate(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    return py::module_::import("datetime").attr("date")(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                                        static_cast<unsigned>(ymd.day()));
}

std::string json_text(const py::handle& obj, const char* what) {
    if (py::isinstance<py::dict>(obj) || py::isinstance<py::list>(obj)) {
        try {
            return py::module_::import("json").attr("dumps")(obj, "ensure_ascii"_a = false).cast<std::string>();
        } catch (py::error_already_set& e) {
            // Deeper than Python's recursion limit: the same input as a file is a FormatError too.
            if (!e.matches(PyExc_RecursionError)) throw;
            throw FormatError(what, "", "JSON nested too deeply to read");
        }
    }
    if (py::isinstance<py::bytes>(obj)) return obj.cast<std::string>();
    try {
        return read_file(to_path(obj));
    } catch (const py::type_error&) {
        throw py::type_error(std::string(what) + ": expected a path or parsed JSON (dict or list)");
    }
}

void register_errors(py::module_& m) {
    py::object base = make_exception(m, "LetsConnectError", py::make_tuple(py::handle(PyExc_ValueError)),
                                      "Base of every error letsconnect raises about its input (a ValueError).");
    py::object format = make_exception(m, "FormatError", py::make_tuple(base),
                                        "A file is not well-formed. Attributes: source, line, column, json_path.");
    py::object validation = make_exception(m, "ValidationError", py::make_tuple(base),
                                            "Content is invalid. Attribute problems: every Problem found.");
    py::object not_found = make_exception(m, "NotFoundError", py::make_tuple(base, py::handle(PyExc_KeyError)),
                                           "A username, skill or bundled name that does not exist (also a KeyError).");
    py::object file = make_exception(m, "FileError", py::make_tuple(base, py::handle(PyExc_OSError)),
                                      "A file could not be read or written (also an OSError). Attribute: filename.");

    py::class_<Problem>(m, "Problem", "One problem found in the input: where it is and what is wrong.")
        .def(py::init([](std::string source, std::string where, std::string field, std::string message) {
                 return Problem{std::move(source), std::move(where), std::move(field), std::move(message)};
             }),
             "source"_a, "where"_a, "field"_a, "message"_a)
        .def_readonly("source", &Problem::source, "File name or '<memory>'.")
        .def_readonly("where", &Problem::where, "The record, e.g. \"profile 'Amina Bello' (profiles[3])\".")
        .def_readonly("field", &Problem::field, "The field, e.g. 'timezone'; empty for the whole record.")
        .def_readonly("message", &Problem::message, "What is wrong.")
        .def("__str__", &Problem::to_string)
        .def("__repr__", [](const Problem& p) { return "<letsconnect.Problem " + p.to_string() + ">"; })
        .def("__eq__", [](const Problem& a, const py::object& b) {
            return py::isinstance<Problem>(b) && a == b.cast<const Problem&>();
        })
        .def("__hash__", [](const Problem& p) { return py::hash(py::str(p.to_string())); })
        .def(py::pickle([](const Problem& p) { return py::make_tuple(p.source, p.where, p.field, p.message); },
                        [](const py::tuple& t) {
                            return Problem{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::string>(),
                                           t[3].cast<std::string>()};
                        }));
    py::object problem_cls = m.attr("Problem");

    // Borrowed handles: the module's attributes keep the classes alive.
    format_h = format;
    validation_h = validation;
    not_found_h = not_found;
    file_h = file;
    base_h = base;
    problem_h = problem_cls;
    py::register_exception_translator([](std::exception_ptr p) {
        const auto format = py::reinterpret_borrow<py::object>(format_h);
        const auto validation = py::reinterpret_borrow<py::object>(validation_h);
        const auto not_found = py::reinterpret_borrow<py::object>(not_found_h);
        const auto file = py::reinterpret_borrow<py::object>(file_h);
        const auto base = py::reinterpret_borrow<py::object>(base_h);
        const auto problem_cls = py::reinterpret_borrow<py::object>(problem_h);
        auto raise = [](const py::object& cls, const py::object& instance) { PyErr_SetObject(cls.ptr(), instance.ptr()); };
        try {
            if (p) std::rethrow_exception(p);
        } catch (const FormatError& e) {
            py::object inst = format(e.what());
            inst.attr("source") = e.source();
            inst.attr("line") = e.line();
            inst.attr("column") = e.column();
            inst.attr("json_path") = e.json_path();
            raise(format, inst);
        } catch (const ValidationError& e) {
            py::object inst = validation(e.what());
            py::list problems;
            for (const auto& pr : e.problems()) problems.append(problem_to_python(pr, problem_cls));
            inst.attr("problems") = problems;
            raise(validation, inst);
        } catch (const NotFoundError& e) {
            py::object inst = not_found(e.what());
            inst.attr("key") = e.key();
            raise(not_found, inst);
        } catch (const FileError& e) {
            py::object inst = file(e.what());
            inst.attr("filename") = e.path();
            if (e.error_code() != 0) {
                inst.attr("errno") = e.error_code();
                inst.attr("strerror") = py::str(std::strerror(e.error_code()));
            }
            raise(file, inst);
        } catch (const Error& e) {
            raise(base, base(e.what()));
        }
    });

    m.def(
        "validate_file",
        [](const py::object& path) {
            const std::string p = to_path(path);
            const py::gil_scoped_release release;  // pure C++ from here on
            return validate_file(p);
        },
        "path"_a,
          R"pbdoc(Validate a letsconnect JSON file (directory, taxonomy, clinics or badge rules; told apart by its "format").

Returns every problem found as a list of Problem; an empty list means the file is valid.)pbdoc");

    py::class_<Limits>(m, "Limits", R"pbdoc(Bounds on the input every reader accepts (see get_limits / set_limits).

An input beyond one fails at once with a LetsConnectError naming the limit, before memory is
spent on it. The defaults are far above any real programme.)pbdoc")
        .def(py::init([](std::uint64_t max_input_bytes, std::size_t max_json_depth, std::size_t max_json_object_keys,
                         std::size_t max_csv_columns, std::size_t max_csv_record_bytes) {
                 return Limits{max_input_bytes, max_json_depth, max_json_object_keys, max_csv_columns, max_csv_record_bytes};
             }),
             "max_input_bytes"_a = Limits{}.max_input_bytes, "max_json_depth"_a = Limits{}.max_json_depth,
             "max_json_object_keys"_a = Limits{}.max_json_object_keys, "max_csv_columns"_a = Limits{}.max_csv_columns, "max_csv_record_bytes"_a = Limits{}.max_csv_record_bytes)
        .def_readwrite("max_input_bytes", &Limits::max_input_bytes, "Largest file or text read at once, in bytes (1 GiB).")
        .def_readwrite("max_json_depth", &Limits::max_json_depth, "Deepest nesting of JSON arrays and objects (64).")
        .def_readwrite("max_json_object_keys", &Limits::max_json_object_keys, "Most keys in one JSON object (4,096).")
        .def_readwrite("max_csv_columns", &Limits::max_csv_columns, "Most columns in one CSV row (1,024).")
        .def_readwrite("max_csv_record_bytes", &Limits::max_csv_record_bytes, "Longest CSV record in bytes (1 MiB).")
        .def("__eq__", [](const Limits& a, const py::object& b) { return py::isinstance<Limits>(b) && a == b.cast<const Limits&>(); })
        .def("__repr__", [](const Limits& l) {
            return "Limits(max_input_bytes=" + std::to_string(l.max_input_bytes) + ", max_json_depth=" +
                   std::to_string(l.max_json_depth) + ", max_json_object_keys=" + std::to_string(l.max_json_object_keys) +
                   ", max_csv_columns=" + std::to_string(l.max_csv_columns) +
                   ", max_csv_record_bytes=" + std::to_string(l.max_csv_record_bytes) + ")";
        });
    py::object limits_cls = m.attr("Limits");
    limits_cls.attr("__hash__") = py::none();
    m.def(
        "write_file_atomic",
        [](const py::object& path, const py::object& data) {
            const std::string p = to_path(path);
            if (!py::isinstance<py::str>(data) && !py::isinstance<py::bytes>(data))
                throw py::type_error("write_file_atomic: data must be str or bytes");
            const std::string contents = data.cast<std::string>();  // str: UTF-8
            const py::gil_scoped_release release;
            write_file_atomic(p, contents);
        },
        "path"_a, "data"_a,
        "Write str (as UTF-8) or bytes to path atomically: a temporary file in the same folder, fsync, "
        "rename, keeping the permissions of the file replaced. A crash leaves the old file or the new one, "
        "never a mix.");
    m.def("get_limits", &get_limits, "The input limits in force (a copy).");
    m.def("set_limits", &set_limits, "limits"_a,
          "Replace the process-wide input limits; returns the previous ones. Every limit must be at least 1.");
}

}  // namespace letsconnect::python
