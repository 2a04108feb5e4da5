// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <numeric>
#include <unordered_map>

#include "internal.hpp"
#include "letsconnect/attendance.hpp"
#include "letsconnect/availability.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/limits.hpp"
#include "letsconnect/text.hpp"

namespace letsconnect {

namespace {

struct Record {
    std::vector<std::string> fields;
    std::size_t line = 0;  // 1-based line where the record starts
    [[nodiscard]] bool blank() const {
        return std::all_of(fields.begin(), fields.end(), [](const std::string& f) {
            return f.find_first_not_of(" \t") == std::string::npos;
        });
    }
};

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return std::string(s.substr(b, e - b + 1));
}

// A cell as quoted in a message: never an e-mail address (a shifted column can put one anywhere).
std::string shown(std::string_view cell) { return detail::shown_value(cell); }

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The text as UTF-8: a UTF-8 BOM is dropped, UTF-16 with a BOM is converted, anything else must
// be UTF-8 (the first bad byte is reported with its line and column).
std::string to_utf8(std::string_view raw, const std::string& source) {
    if (raw.size() >= 3 && static_cast<unsigned char>(raw[0]) == 0xEF && static_cast<unsigned char>(raw[1]) == 0xBB &&
        static_cast<unsigned char>(raw[2]) == 0xBF)
        raw.remove_prefix(3);
    else if (raw.size() >= 2 && ((static_cast<unsigned char>(raw[0]) == 0xFF && static_cast<unsigned char>(raw[1]) == 0xFE) ||
                                 (static_cast<unsigned char>(raw[0]) == 0xFE && static_cast<unsigned char>(raw[1]) == 0xFF))) {
        if (raw.size() % 2 != 0) throw FormatError(source, 0, 0, "UTF-16 text with an odd number of bytes");
        const bool little = static_cast<unsigned char>(raw[0]) == 0xFF;
        std::u16string units;
        units.reserve(raw.size() / 2 - 1);
        for (std::size_t i = 2; i + 1 < raw.size(); i += 2) {
            const auto a = static_cast<unsigned char>(raw[i]), b = static_cast<unsigned char>(raw[i + 1]);
            units.push_back(static_cast<char16_t>(little ? (a | (b << 8)) : ((a << 8) | b)));
        }
        std::string out;
        icu::UnicodeString(units.data(), static_cast<int32_t>(units.size())).toUTF8String(out);
        return out;
    }
    const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
    const auto length = static_cast<int64_t>(raw.size());
    std::size_t line = 1, column = 1;
    for (int64_t i = 0; i < length;) {
        const int64_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(s[start]));
            throw FormatError(source, line, column,
                              std::string("not UTF-8 (unexpected byte ") + hex +
                                  "); export the report again as CSV in UTF-8, as Zoom does by default");
        }
        if (c == '\n') { ++line; column = 1; }
        else ++column;
    }
    return std::string(raw);
}

// RFC 4180 records; `delimiter` is ',' or '\t'. Quoted fields may hold delimiters, doubled quotes
// and line breaks.
// A record longer than Limits::max_csv_record_bytes or wider than max_csv_columns fails at once.
std::vector<Record> split_records(std::string_view text, char delimiter, const std::string& source) {
    const Limits limits = get_limits();
    std::vector<Record> records;
    Record current;
    std::string field;
    std::size_t line = 1, record_start = 0;
    current.line = 1;
    bool quoted = false, field_started = false;
    std::size_t quote_line = 0;
    const auto end_field = [&] {
        if (current.fields.size() == limits.max_csv_columns)
            throw FormatError(source, current.line, 0,
                              "more than " + std::to_string(limits.max_csv_columns) +
                                  " columns (raise max_csv_columns with set_limits to read it)");
        current.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    const auto end_record = [&](std::size_t next) {
        end_field();
        records.push_back(std::move(current));
        current = Record{};
        current.line = line;
        record_start = next;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i - record_start == limits.max_csv_record_bytes)
            throw FormatError(source, current.line, 0,
                              "a record longer than " + std::to_string(limits.max_csv_record_bytes) +
                                  " bytes (raise max_csv_record_bytes with set_limits to read it)");
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
                else quoted = false;
            } else {
                if (c == '\n') ++line;
                if (c != '\r' || i + 1 >= text.size() || text[i + 1] != '\n') field += c;
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
            quote_line = line;
        } else if (c == delimiter) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_record(i + 1);
        } else {
            field += c;
            if (c != ' ' && c != '\t') field_started = true;
        }
    }
    if (quoted) throw FormatError(source, quote_line, 0, "a quoted field is never closed");
    if (!field.empty() || !current.fields.empty()) end_record(text.size());
    return records;
}

enum Column { name_col, email_col, join_col, leave_col, duration_col, guest_col, waiting_col, column_count };

std::optional<Column> column_of(const std::string& header) {
    const std::string h = lower_ascii(trim(header));
    static const std::array<std::pair<std::string_view, Column>, 17> names = {{
        {"name (original name)", name_col}, {"name", name_col}, {"participant", name_col}, {"participant name", name_col},
        {"display name", name_col}, {"user name", name_col}, {"user email", email_col}, {"email", email_col},
        {"e-mail", email_col}, {"join time", join_col}, {"leave time", leave_col}, {"duration (minutes)", duration_col},
        {"duration (mins)", duration_col}, {"duration", duration_col}, {"total duration (minutes)", duration_col},
        {"guest", guest_col}, {"join time (utc)", join_col}}};
    for (const auto& [n, c] : names)
        if (h == n) return c;
    if (h == "leave time (utc)") return leave_col;
    if (h == "in waiting room") return waiting_col;
    return std::nullopt;
}

// "MM/DD/YYYY hh:mm[:ss] AM|PM", "MM/DD/YYYY HH:MM[:SS]" or ISO 8601.
std::optional<std::chrono::sys_seconds> parse_report_time(std::string_view raw, std::string_view zone, bool latest = false) {
    const std::string text = trim(raw);
    if (text.size() >= 10 && text[4] == '-') return detail::parse_instant(text, zone, latest);
    int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
    std::size_t at = 0;
    const auto number = [&](int& out, std::size_t min_digits, std::size_t max_digits) {
        const std::size_t start = at;
        out = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < max_digits) out = out * 10 + (text[at++] - '0');
        return at - start >= min_digits;
    };
    const auto expect = [&](char c) {
        if (at < text.size() && text[at] == c) { ++at; return true; }
        return false;
    };
    if (!number(month, 1, 2) || !expect('/') || !number(day, 1, 2) || !expect('/') || !number(year, 4, 4)) return std::nullopt;
    if (!expect(' ')) return std::nullopt;
    while (expect(' ')) {}
    if (!number(hour, 1, 2) || !expect(':') || !number(minute, 2, 2)) return std::nullopt;
    if (expect(':') && !number(second, 2, 2)) return std::nullopt;
    while (expect(' ')) {}
    const std::string suffix = lower_ascii(text.substr(at));
    if (suffix == "am" || suffix == "pm" || suffix == "a.m." || suffix == "p.m.") {
        if (hour < 1 || hour > 12) return std::nullopt;
        hour = hour % 12 + (suffix[0] == 'p' ? 12 : 0);
    } else if (!suffix.empty()) {
        return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                          std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    const auto wall = std::chrono::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
    return detail::local_to_utc(zone, wall, latest);
}

std::optional<int> parse_int(std::string_view raw) {
    const std::string text = trim(raw);
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

MeetingInfo meeting_info(const Record& header, const Record& values, std::string_view zone, detail::Collector& problems) {
    MeetingInfo m;
    const std::string where = "line " + std::to_string(values.line);
    for (std::size_t i = 0; i < header.fields.size() && i < values.fields.size(); ++i) {
        const std::string h = lower_ascii(trim(header.fields[i]));
        const std::string v = trim(values.fields[i]);
        if (v.empty()) continue;
        if (h == "meeting id") m.meeting_id = v;
        else if (h == "topic") m.topic = v;
        else if (h == "user email" || h == "host email") m.host_email = v;
        else if (h == "start time" || h == "end time") {
            auto t = parse_report_time(v, zone);
            if (!t) problems.add(where, trim(header.fields[i]), "not a time: '" + shown(v) + "' (expected MM/DD/YYYY hh:mm:ss AM/PM or ISO 8601)");
            else (h == "start time" ? m.start : m.end) = t;
        } else if (h == "duration (minutes)" || h == "duration") {
            if (auto d = parse_int(v)) m.duration_min = d;
            else problems.add(where, trim(header.fields[i]), "not a whole number of minutes: '" + shown(v) + "'");
        } else if (h == "participants") {
            if (auto d = parse_int(v)) m.participants = d;
            else problems.add(where, trim(header.fields[i]), "not a whole number: '" + shown(v) + "'");
        }
    }
    return m;
}

}  // namespace

ZoomReport ZoomReport::read(const std::string& path, std::string_view time_zone) {
    return parse(read_file(path), path, time_zone);
}

ZoomReport ZoomReport::parse(std::string_view raw, const std::string& source, std::string_view time_zone) {
    if (!time_zone.empty() && !is_time_zone(time_zone)) throw NotFoundError(std::string(time_zone), "time zone");
    if (const auto limit = get_limits().max_input_bytes; raw.size() > limit)
        throw FormatError(source, 0, 0, "the text is " + std::to_string(raw.size()) + " bytes, more than the limit of " +
                                            std::to_string(limit) + " bytes (raise max_input_bytes with set_limits to read it)");
    const std::string text = to_utf8(raw, source);
    ZoomReport report;
    report.source = source;
    report.time_zone = time_zone.empty() ? "UTC" : std::string(time_zone);
    // Excel's "Unicode text" re-export is tab-separated.
    const auto first_line = std::string_view(text).substr(0, text.find('\n'));
    const char delimiter = first_line.find('\t') != std::string_view::npos && first_line.find(',') == std::string_view::npos ? '\t' : ',';
    const auto records = split_records(text, delimiter, source);

    std::size_t r = 0;
    const auto skip_blank = [&] {
        while (r < records.size() && records[r].blank()) ++r;
    };
    skip_blank();
    if (r == records.size()) throw FormatError(source, 1, 0, "empty report: no header line");
    detail::Collector problems{source, {}};
    if (lower_ascii(trim(records[r].fields[0])) == "meeting id") {
        const Record& header = records[r++];
        if (r < records.size() && !records[r].blank()) report.meeting = meeting_info(header, records[r++], report.time_zone, problems);
        skip_blank();
        if (r == records.size()) throw FormatError(source, header.line, 0, "the meeting block is not followed by a participant header");
    }
    const Record& header = records[r++];
    std::array<std::optional<std::size_t>, column_count> at{};
    for (std::size_t i = 0; i < header.fields.size(); ++i)
        if (auto c = column_of(header.fields[i]); c && !at[*c]) at[*c] = i;
    static constexpr std::array<std::string_view, column_count> column_names = {
        "Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest", "In Waiting Room"};
    for (Column c : {name_col, join_col, leave_col})
        if (!at[c]) {
            std::string seen;
            for (const auto& f : header.fields) seen += (seen.empty() ? "'" : ", '") + (column_of(f) ? trim(f) : shown(f)) + "'";
            throw FormatError(source, header.line, 0,
                              "missing column '" + std::string(column_names[c]) + "' in the participant header (found " + seen + ")");
        }
    const std::size_t needed = std::max({*at[name_col], *at[join_col], *at[leave_col]}) + 1;

    for (; r < records.size(); ++r) {
        const Record& rec = records[r];
        if (rec.blank()) continue;
        const std::string where = "line " + std::to_string(rec.line);
        if (rec.fields.size() < needed) {
            problems.add(where, "", "expected at least " + std::to_string(needed) + " fields, got " + std::to_string(rec.fields.size()));
            continue;
        }
        const auto cell = [&](Column c) -> std::string { return at[c] && *at[c] < rec.fields.size() ? rec.fields[*at[c]] : std::string(); };
        Segment s;
        s.line = rec.line;
        s.name = cell(name_col);
        s.email = trim(cell(email_col));
        bool ok = true;
        if (trim(s.name).empty()) {
            problems.add(where, std::string(column_names[name_col]), "empty name");
            ok = false;
        }
        const auto join = parse_report_time(cell(join_col), report.time_zone);
        const auto leave = [&] {
            auto first = parse_report_time(cell(leave_col), report.time_zone);
            // In the hour repeated when clocks go back, a leave "before" the join is the second pass.
            if (join && first && *first < *join)
                if (auto later = parse_report_time(cell(leave_col), report.time_zone, true); later && *later >= *join) return later;
            return first;
        }();
        for (auto [c, t] : {std::pair{join_col, &join}, std::pair{leave_col, &leave}})
            if (!*t) {
                problems.add(where, std::string(column_names[c]),
                             "not a time: '" + shown(cell(c)) + "' (expected MM/DD/YYYY hh:mm:ss AM/PM or ISO 8601" +
                                 (trim(cell(c)).empty() ? "" : ", existing in " + report.time_zone) + ")");
                ok = false;
            }
        if (join && leave && *leave < *join) {
            problems.add(where, std::string(column_names[leave_col]), "leave time " + format_utc(*leave) + " is before join time " + format_utc(*join));
            ok = false;
        }
        if (at[duration_col] && !trim(cell(duration_col)).empty()) {
            if (auto d = parse_int(cell(duration_col)); d && *d >= 0) s.duration_min = *d;
            else {
                problems.add(where, std::string(column_names[duration_col]), "not a whole number of minutes: '" + shown(cell(duration_col)) + "'");
                ok = false;
            }
        } else if (join && leave) {
            s.duration_min = static_cast<int>((*leave - *join).count() + 59) / 60;
        }
        const std::string guest = lower_ascii(trim(cell(guest_col)));
        if (guest == "yes" || guest == "true" || guest == "1") s.guest = true;
        else if (!(guest.empty() || guest == "no" || guest == "false" || guest == "0")) {
            problems.add(where, std::string(column_names[guest_col]), "expected Yes or No, got '" + shown(cell(guest_col)) + "'");
            ok = false;
        }
        const std::string waiting = lower_ascii(trim(cell(waiting_col)));
        if (waiting == "yes" || waiting == "true" || waiting == "1") s.waiting_room = true;
        else if (!(waiting.empty() || waiting == "no" || waiting == "false" || waiting == "0")) {
            problems.add(where, std::string(column_names[waiting_col]), "expected Yes or No, got '" + shown(cell(waiting_col)) + "'");
            ok = false;
        }
        if (!ok) continue;
        s.join = *join;
        s.leave = *leave;
        report.segments.push_back(std::move(s));
    }
    problems.throw_if_any();
    return report;
}

std::vector<Attendee> ZoomReport::attendees() const { return merge_segments(segments); }

long long union_seconds(std::vector<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>> intervals) {
    std::sort(intervals.begin(), intervals.end());
    long long total = 0;
    std::optional<std::pair<std::chrono::sys_seconds, std::chrono::sys_seconds>> open;
    for (const auto& iv : intervals) {
        if (iv.second <= iv.first) continue;
        if (open && iv.first <= open->second) {
            open->second = std::max(open->second, iv.second);
        } else {
            if (open) total += (open->second - open->first).count();
            open = iv;
        }
    }
    if (open) total += (open->second - open->first).count();
    return total;
}

std::vector<Attendee> merge_segments(const std::vector<Segment>& segments) {
    const std::size_t n = segments.size();
    detail::DisjointSets people(n);
    const auto find = [&](std::size_t x) { return people.find(x); };
    const auto unite = [&](std::size_t a, std::size_t b) { people.unite(a, b); };
    std::unordered_map<std::string, std::size_t> by_name, by_email;
    for (std::size_t i = 0; i < n; ++i) {
        if (segments[i].waiting_room) continue;
        if (auto [it, fresh] = by_name.try_emplace(segments[i].name, i); !fresh) unite(it->second, i);
        if (segments[i].email.empty()) continue;
        if (auto [it, fresh] = by_email.try_emplace(casefold(segments[i].email), i); !fresh) unite(it->second, i);
    }
    std::unordered_map<std::size_t, std::size_t> group_of;
    std::vector<Attendee> out;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return segments[a].join < segments[b].join; });
    for (std::size_t i : order) {
        if (segments[i].waiting_room) continue;  // waiting to be let in is not attending
        const auto [it, fresh] = group_of.try_emplace(find(i), out.size());
        if (fresh) {
            out.emplace_back();
            out.back().display_name = segments[i].name;
            out.back().first_join = segments[i].join;
            out.back().last_leave = segments[i].leave;
        }
        Attendee& a = out[it->second];
        a.segments.push_back(i);
        if (std::find(a.names.begin(), a.names.end(), segments[i].name) == a.names.end()) a.names.push_back(segments[i].name);
        if (a.email.empty()) a.email = segments[i].email;
        a.first_join = std::min(a.first_join, segments[i].join);
        a.last_leave = std::max(a.last_leave, segments[i].leave);
    }
    for (Attendee& a : out) {
        for (std::size_t i : a.segments) a.intervals.emplace_back(segments[i].join, segments[i].leave);
        a.seconds = union_seconds(a.intervals);
    }
    std::stable_sort(out.begin(), out.end(), [](const Attendee& a, const Attendee& b) {
        return a.first_join != b.first_join ? a.first_join < b.first_join : a.display_name < b.display_name;
    });
    return out;
}

}  // namespace letsconnect
