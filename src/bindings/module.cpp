// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Table of contents of the compiled module `letsconnect._core`.
#include "pybind.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "Compiled core of letsconnect; use the `letsconnect` package instead.";
    m.attr("__version__") = LETSCONNECT_VERSION_STRING;
    letsconnect::python::register_errors(m);
    letsconnect::python::register_taxonomy(m);
    letsconnect::python::register_profile(m);
    letsconnect::python::register_directory(m);
    letsconnect::python::register_recommend(m);
    letsconnect::python::register_attendance(m);
    letsconnect::python::register_planning(m);
    letsconnect::python::register_stats(m);
}
