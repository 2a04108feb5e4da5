// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#pragma once

/// @file letsconnect.hpp
/// @brief Umbrella header: the whole public API.

#include "letsconnect/availability.hpp"
#include "letsconnect/affiliates.hpp"
#include "letsconnect/assign.hpp"
#include "letsconnect/attendance.hpp"
#include "letsconnect/badges.hpp"
#include "letsconnect/capx.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/error.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/limits.hpp"
#include "letsconnect/mentorship.hpp"
#include "letsconnect/metrics.hpp"
#include "letsconnect/profile.hpp"
#include "letsconnect/progress.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/recommend.hpp"
#include "letsconnect/region.hpp"
#include "letsconnect/schedule.hpp"
#include "letsconnect/score.hpp"
#include "letsconnect/search.hpp"
#include "letsconnect/stats.hpp"
#include "letsconnect/taxonomy.hpp"
#include "letsconnect/text.hpp"
#include "letsconnect/version.hpp"
