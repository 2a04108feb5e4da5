// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/utf8.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>

#include "internal.hpp"
#include "letsconnect/badges.hpp"
#include "letsconnect/clinic.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/io.hpp"
#include "letsconnect/limits.hpp"
#include "letsconnect/taxonomy.hpp"

namespace letsconnect {

namespace detail {

namespace {

// Line and column (1-based, columns in code points) of byte offset `end`.
std::pair<std::size_t, std::size_t> position(std::string_view text, std::size_t end) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < end && i < text.size(); ++i) {
        if (text[i] == '\n') { ++line; column = 1; }
        else if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) ++column;
    }
    return {line, column};
}

// Offset of the first byte that is not part of well-formed UTF-8 (ICU's U8_NEXT), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int64_t>(text.size());
    for (int64_t i = 0; i < length;) {
        const int64_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0) return static_cast<std::size_t>(start);
    }
    return std::string_view::npos;
}

}  // namespace

namespace {

// Tracks where the parser is (for messages) and rejects duplicate keys, which JSON parsers
// otherwise resolve by silently keeping the last value.
class KeyGuard {
public:
    // Objects keep their keys in order (nlohmann::ordered_json looks keys up linearly), so the
    // number of keys is bounded as well as the depth.
    KeyGuard(const std::string& source, const Limits& limits)
        : source_(source), max_depth_(limits.max_json_depth), max_keys_(limits.max_json_object_keys) {}

    void operator()(json::parse_event_t event, const json& parsed) {
        using E = json::parse_event_t;
        switch (event) {
            case E::object_start:
            case E::array_start: {
                element_starts();
                if (depth_ == max_depth_)
                    throw FormatError(source_, path(8), "JSON nested deeper than " + std::to_string(max_depth_) +
                                                            (max_depth_ == 1 ? " level" : " levels") +
                                                            " (raise max_json_depth with set_limits to read it)");
                // Frames are reused (not popped) so their key lists keep their capacity.
                if (depth_ == frames_.size()) frames_.emplace_back();
                Frame& f = frames_[depth_++];
                f.array = event == E::array_start;
                f.index = -1;
                f.key.clear();
                f.keys.clear();
                break;
            }
            case E::value: element_starts(); break;
            case E::key: {
                Frame& f = frames_[depth_ - 1];
                f.key = parsed.get<std::string>();
                if (f.keys.size() == max_keys_)
                    throw FormatError(source_, path(8), "an object with more than " + std::to_string(max_keys_) +
                                                            " keys (raise max_json_object_keys with set_limits to read it)");
                if (std::find(f.keys.begin(), f.keys.end(), f.key) != f.keys.end())
                    throw FormatError(source_, path(), "duplicate key '" + f.key + "' (a second value would silently replace the first)");
                f.keys.push_back(f.key);
                break;
            }
            case E::object_end:
            case E::array_end: --depth_; break;
        }
    }

private:
    struct Frame {
        bool array = false;
        long index = -1;
        std::string key;
        std::vector<std::string> keys;
    };
    void element_starts() {
        if (depth_ > 0 && frames_[depth_ - 1].array) ++frames_[depth_ - 1].index;
    }
    // The JSON path of the value being read; with `shown`, its first `shown` steps and "…".
    std::string path(std::size_t shown = static_cast<std::size_t>(-1)) const {
        std::string out;
        for (std::size_t d = 0; d < depth_; ++d) {
            if (d == shown) return out + "…";
            const Frame& f = frames_[d];
            out += f.array ? "[" + std::to_string(f.index) + "]" : (out.empty() ? "" : ".") + f.key;
        }
        return out;
    }
    const std::string& source_;
    std::size_t max_depth_;
    std::size_t max_keys_;
    std::vector<Frame> frames_;  // frames_[0 .. depth_) are open
    std::size_t depth_ = 0;
};

}  // namespace

namespace {
thread_local int bundled_input = 0;
}  // namespace

BundledInput::BundledInput() noexcept { ++bundled_input; }
BundledInput::~BundledInput() { --bundled_input; }

json parse_json(std::string_view text, const std::string& source, const json::parser_callback_t& on_event) {
    const Limits limits = bundled_input > 0 ? Limits{UINT64_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX} : get_limits();
    if (text.size() > limits.max_input_bytes)
        throw FormatError(source, 0, 0, "the text is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                                            std::to_string(limits.max_input_bytes) +
                                            " bytes (raise max_input_bytes with set_limits to read it)");
    KeyGuard guard(source, limits);
    const json::parser_callback_t callback = [&](int depth, json::parse_event_t event, json& parsed) {
        guard(event, parsed);
        return on_event ? on_event(depth, event, parsed) : true;
    };
    try {
        return json::parse(text.begin(), text.end(), callback);
    } catch (const json::parse_error& e) {
        // Invalid UTF-8: report the first bad byte exactly (nlohmann's message would embed it raw).
        if (const auto bad = first_invalid_utf8(text.substr(0, std::min<std::size_t>(e.byte, text.size())));
            bad != std::string_view::npos) {
            const auto [line, column] = position(text, bad);
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
            throw FormatError(source, line, column, std::string("not valid UTF-8: unexpected byte ") + hex);
        }
        // e.byte is the 1-based offset of the offending character; turn it into line:column.
        const auto [line, column] = position(text, e.byte == 0 ? 0 : e.byte - 1);
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ..." → the reason.
        if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        // "...; last read: '<the text>'" quotes the input (a name, an e-mail address): the position is enough.
        if (const auto read = what.find("; last read: '"); read != std::string::npos) {
            const auto expected = what.rfind("'; expected ");
            what = what.substr(0, read) + (expected != std::string::npos && expected > read ? what.substr(expected + 1) : "");
        }
        throw FormatError(source, line, column, "invalid JSON: " + what);
    } catch (const json::out_of_range& e) {
        // 406: a number too large for a double ("1e309"); nlohmann gives no position for it.
        std::string what = e.what();
        if (const auto bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
        throw FormatError(source, 0, 0, "invalid JSON: " + what);
    }
}

std::string dump_json(const json& value, int indent) {
    try {
        return value.dump(indent, ' ', false, json::error_handler_t::strict);
    } catch (const json::type_error& e) {
        throw Error(std::string("cannot write JSON: ") + e.what());
    }
}

std::string type_name(const json& value) { return value.type_name(); }

const json& unpage(const json& doc, const std::string& source, const std::string& what) {
    if (doc.is_array()) return doc;
    if (doc.is_object() && doc.contains("results") && doc["results"].is_array()) return doc["results"];
    throw FormatError(source, "", what + " must be a list or a paged {count, next, previous, results} object, got " +
                                      type_name(doc));
}

}  // namespace detail

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw FileError(path, "is a directory, not a file", EISDIR);
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw FileError(path, std::string("cannot open: ") + std::strerror(errno), errno);
    const std::uint64_t limit = get_limits().max_input_bytes;
    const auto too_large = [&](const std::string& size) {
        return FileError(path, size + ", more than the limit of " + std::to_string(limit) +
                                   " bytes (raise max_input_bytes with set_limits to read it)",
                         EFBIG);
    };
    std::string contents;
    // A regular file's size is known before reading a byte, so an oversized one fails at once;
    // pipes and devices are read up to the limit.
    struct stat info {};
    if (::fstat(::fileno(file.get()), &info) == 0 && S_ISREG(info.st_mode)) {
        const auto size = static_cast<std::uint64_t>(info.st_size);
        if (size > limit) throw too_large("is " + std::to_string(size) + " bytes");
        contents.reserve(static_cast<std::size_t>(size));
    }
    char buffer[1 << 16];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) {
        if (contents.size() + n > limit) throw too_large("has more than " + std::to_string(limit) + " bytes");
        contents.append(buffer, n);
    }
    if (std::ferror(file.get())) throw FileError(path, std::string("read failed: ") + std::strerror(errno), errno);
    return contents;
}

void write_file_atomic(const std::string& path, std::string_view contents) {
    // A unique temp file beside the target (mkstemp), so concurrent writers never share one.
    std::string tmp = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) throw FileError(path, std::string("cannot create temporary file: ") + std::strerror(errno), errno);
    auto fail = [&](const char* what, int err) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw FileError(path, std::string(what) + std::strerror(err), err);
    };
    // Keep the permissions of the file being replaced (personal data may be 0600); new files get
    // 0644, as open(2) with the usual umask would give (umask itself cannot be read thread-safely).
    struct stat existing {};
    const mode_t mode = ::stat(path.c_str(), &existing) == 0 ? (existing.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0) fail("cannot set permissions: ", errno);
    const char* data = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("write failed: ", errno);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) fail("cannot flush: ", errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw FileError(path, std::string("cannot close: ") + std::strerror(err), err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw FileError(path, std::string("cannot replace: ") + std::strerror(err), err);
    }
    // Make the rename itself durable.
    const auto folder = std::filesystem::path(path).parent_path();
    const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::vector<Problem> validate_file(const std::string& path) {
    try {
        const std::string text = read_file(path);
        // Told apart by which format name comes first, so the file is parsed once, by the loader
        // that checks it (a wrong "format" is reported by that loader).
        const std::array<std::size_t, 4> at = {text.find("\"letsconnect.directory/"), text.find("\"letsconnect.taxonomy/"),
                                                text.find("\"letsconnect.clinics/"), text.find("\"letsconnect.badges/")};
        switch (std::min_element(at.begin(), at.end()) - at.begin()) {
            case 1: (void)Taxonomy::from_json(text, path); break;
            case 2: (void)Clinics::from_json(text, path); break;
            case 3: (void)BadgeRules::from_json(text, path); break;
            default: (void)Directory::from_json(text, path, nullptr, std::chrono::sys_days{std::chrono::days{0}});
        }
        return {};
    } catch (const ValidationError& e) {
        return e.problems();
    } catch (const FormatError& e) {
        std::string where;
        if (e.line() > 0) where = "line " + std::to_string(e.line()) + ", column " + std::to_string(e.column());
        else where = e.json_path();
        return {{path, where, "", e.problem()}};
    } catch (const Error& e) {
        return {{path, "", "", e.what()}};
    }
}

}  // namespace letsconnect
