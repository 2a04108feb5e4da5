// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
//
// Display names taken apart, normalised and indexed for reconcile().

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mutex>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "internal.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/text.hpp"
#include "names.hpp"

namespace letsconnect {

namespace detail {

namespace {

bool in(std::string_view word, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

bool is_pronoun(std::string_view w) {
    return in(w, {"she", "her", "hers", "he", "him", "his", "they", "them", "theirs", "ela", "dela", "ele", "dele", "elu",
                  "delu", "elle", "il", "lui", "iel", "ella", "el", "xe", "xem", "ze", "hir", "pronouns", "pronoun"});
}

bool is_title(std::string_view w) {
    return in(w, {"dr", "dra", "prof", "profa", "profe", "professor", "mr", "mrs", "ms", "mx", "miss", "sr", "sra", "srta",
                  "dona", "mme", "mlle", "madame", "monsieur", "eng", "engr", "ing", "lic", "rev", "hon", "sir", "madam",
                  "ustaz", "ustadh", "sheikh", "pr", "pst", "pastor", "atty", "arch"});
}

bool is_device_word(std::string_view w) {
    return in(w, {"iphone", "ipad", "ipod", "android", "galaxy", "samsung", "redmi", "xiaomi", "huawei", "honor", "oppo",
                  "vivo", "tecno", "infinix", "itel", "nokia", "pixel", "motorola", "moto", "macbook", "imac", "mac",
                  "laptop", "desktop", "pc", "tablet", "phone", "smartphone", "celular", "telefono", "telephone",
                  "telefone", "portable", "computer", "ordinateur", "computador", "chromebook", "lenovo", "hp", "dell",
                  "asus", "acer", "surface", "realme", "oneplus", "poco", "sony", "xperia", "windows", "linux", "device",
                  "mobile", "movil", "cellphone"});
}

bool is_placeholder(std::string_view w) {
    return in(w, {"zoom", "user", "usuario", "utilisateur", "utilizador", "guest", "invitado", "invite", "participant",
                  "participante", "unknown", "anonymous", "anonimo", "meeting", "room", "sala"});
}

// Words around a device name that are not the owner's name: "iPhone de María", "Galaxy A12 Pro".
bool is_device_filler(std::string_view w) {
    return in(w, {"de", "da", "do", "di", "del", "von", "van", "of", "s", "note", "pro", "max", "plus", "mini", "ultra",
                  "lite", "air", "go", "sm", "gt", "prime", "edge", "neo", "se", "tab", "fold", "flip", "spark", "camon", "hot",
                  "smart", "pova", "pop", "book", "y", "e"}) ||
           std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_interpreter_word(std::string_view w) {
    return in(w, {"interpretation", "interpreter", "interpreters", "interpretacion", "interpretacao", "interprete",
                  "interpretes", "interpret", "interp", "traduccion", "traducao", "traduction", "translation",
                  "translator", "tradutor", "tradutora", "traductor", "traductora", "traducteur", "traductrice",
                  "mtrjm", "mutarjim", "interpretariat", "simultanea", "simultaneous"});
}

bool is_host_word(std::string_view w) { return in(w, {"host", "cohost", "hote", "anfitrion", "anfitriao", "moderator", "moderador"}); }

bool is_programme_word(std::string_view w) {
    return in(w, {"let", "lets", "s", "connect", "team", "equipe", "equipo", "wikimedia", "wmf", "foundation",
                  "learning", "clinic", "clinics", "staff", "organiser", "organizer", "organizers", "organisers",
                  "admin", "capx", "hub", "the", "co", "main", "official", "account", "programme", "program"});
}

// Word characters: letters (any script), digits, combining marks, apostrophes inside a word.
bool word_char(UChar32 c) {
    if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c)) return true;
    const auto type = u_charType(c);
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

bool apostrophe(UChar32 c) { return c == u'\'' || c == u'\u2019' || c == u'\u02BC' || c == u'`' || c == u'\u00B4'; }

class Transliterator {
public:
    Transliterator() {
        UErrorCode status = U_ZERO_ERROR;
        UParseError where{};
        // Arabic tāʾ marbūṭa (ة → ẗ) is written "a" in Latin names: هبة → "Hiba".
        const icu::UnicodeString rules = icu::UnicodeString::fromUTF8(":: Any-Latin; \u1E97 > a; :: Latin-ASCII; :: Lower;");
        impl_.reset(icu::Transliterator::createFromRules("letsconnect-names", rules, UTRANS_FORWARD, where, status));
        if (U_FAILURE(status) || !impl_) throw Error(std::string("ICU transliterator Any-Latin unavailable: ") + u_errorName(status));
    }
    void apply(icu::UnicodeString& text) { impl_->transliterate(text); }

private:
    std::unique_ptr<icu::Transliterator> impl_;
};

Transliterator& transliterator() {
    // ICU transliterators are not thread-safe: one per thread.
    thread_local Transliterator t;
    return t;
}

// A raw word of the display name: its text and where it stands.
struct Item {
    enum Kind { word, separator, open, close } kind = word;
    icu::UnicodeString text;
    bool dropped = false;
};

// Splits one raw word (already separated from punctuation) into normalised words: camelCase and
// letter/digit boundaries, then ASCII lower case (transliterated when not Latin).
void push_words(std::string utf8, bool latin, bool upper, int letters, std::vector<Word>& out);

// The ASCII case of normalise_word(), without ICU: most names in most directories.
bool normalise_ascii_word(const icu::UnicodeString& raw, std::vector<Word>& out) {
    const int32_t n = raw.length();
    for (int32_t i = 0; i < n; ++i)
        if (raw.charAt(i) >= 0x80) return false;
    std::string part;
    bool upper = true;
    int letters = 0, lower_run = 0;
    char prev = 0;
    const auto flush = [&] {
        if (!part.empty()) push_words(std::move(part), true, upper, letters, out);
        part.clear();
        upper = true;
        letters = 0;
    };
    for (int32_t i = 0; i < n; ++i) {
        const auto c = static_cast<char>(raw.charAt(i));
        const bool is_upper = c >= 'A' && c <= 'Z', is_lower = c >= 'a' && c <= 'z';
        if (prev >= 'a' && prev <= 'z' && is_upper && lower_run >= 2) flush();
        if (is_upper || is_lower) {
            ++letters;
            if (!is_upper) upper = false;
        }
        part += is_upper ? static_cast<char>(c - 'A' + 'a') : c;
        lower_run = is_lower ? lower_run + 1 : 0;
        prev = c;
    }
    flush();
    return true;
}

void normalise_word(const icu::UnicodeString& raw, std::vector<Word>& out) {
    if (normalise_ascii_word(raw, out)) return;
    // Camel case and digit boundaries on the original text.
    // "NgoziEze" is two words, "iPad" and "McDonald"'s "Mc" are not split off (a lower-case run of one letter).
    std::vector<icu::UnicodeString> parts(1);
    UChar32 prev = 0;
    int lower_run = 0;
    for (int32_t i = 0; i < raw.length();) {
        const UChar32 c = raw.char32At(i);
        i += U16_LENGTH(c);
        const bool split = prev != 0 && u_islower(prev) && u_isupper(c) && lower_run >= 2;
        if (split && !parts.back().isEmpty()) parts.emplace_back();
        parts.back().append(c);
        lower_run = u_islower(c) ? lower_run + 1 : 0;
        prev = c;
    }
    for (auto& part : parts) {
        bool ascii = true, latin = true;
        for (int32_t i = 0; i < part.length();) {
            const UChar32 c = part.char32At(i);
            i += U16_LENGTH(c);
            if (c >= 0x80) ascii = false;
            UErrorCode status = U_ZERO_ERROR;
            const UScriptCode script = uscript_getScript(c, &status);
            if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) latin = false;
        }
        bool upper = true;
        int letters = 0;
        for (int32_t i = 0; i < part.length();) {
            const UChar32 c = part.char32At(i);
            i += U16_LENGTH(c);
            if (u_isalpha(c)) {
                ++letters;
                if (!u_isupper(c)) upper = false;
            }
        }
        icu::UnicodeString text = part;
        if (ascii) text.toLower(icu::Locale::getRoot());
        else transliterator().apply(text);
        std::string utf8;
        text.toUTF8String(utf8);
        push_words(std::move(utf8), latin, upper, letters, out);
    }
}

// Normalised words of one part of a raw word: ASCII letters and digits, lower case.
void push_words(std::string utf8, bool latin, bool upper, int letters, std::vector<Word>& out) {
    // "amina's" → "amina"; apostrophes inside names go: "n'guessan" → "nguessan".
    if (utf8.size() > 2 && utf8.compare(utf8.size() - 2, 2, "'s") == 0) utf8.resize(utf8.size() - 2);
    std::string current;
    const auto flush = [&] {
        // Digits: "Mensah88" → "mensah"; model codes ("A52", "7H3K2LQ") and numbers go.
        if (const auto digit = current.find_first_of("0123456789"); digit != std::string::npos) {
            const auto letters = current.find_first_not_of("0123456789", digit);
            if (digit >= 3 && letters == std::string::npos) {
                current.resize(digit);
            } else {
                Word w;
                w.text = std::move(current);
                w.code = true;
                out.push_back(std::move(w));
                current.clear();
                return;
            }
        }
        if (current.empty()) return;
        Word w;
        w.text = std::move(current);
        w.translit = !latin;
        w.acronym = latin && upper && letters >= 2 && letters <= 5;
        out.push_back(std::move(w));
        current.clear();
    };
    for (char c : utf8) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) current += c;
        else if (c >= 'A' && c <= 'Z') current += static_cast<char>(c - 'A' + 'a');
        else if (c == ' ' || c == '-') flush();
    }
    flush();
}

std::vector<Item> items_of(std::string_view display_name) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(display_name.data(), static_cast<int32_t>(display_name.size())));
    UErrorCode status = U_ZERO_ERROR;
    const bool ascii = std::all_of(display_name.begin(), display_name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (const icu::Normalizer2* nfkc = ascii ? nullptr : icu::Normalizer2::getNFKCInstance(status); nfkc && U_SUCCESS(status)) {
        icu::UnicodeString normalised = nfkc->normalize(text, status);
        if (U_SUCCESS(status)) text = normalised;
    }
    std::vector<Item> items;
    icu::UnicodeString word;
    const auto flush = [&] {
        if (!word.isEmpty()) items.push_back({Item::word, word, false});
        word.remove();
    };
    const auto sep = [&](Item::Kind kind) {
        flush();
        items.push_back({kind, {}, false});
    };
    const int32_t n = text.length();
    for (int32_t i = 0; i < n;) {
        const UChar32 c = text.char32At(i);
        const int32_t next = i + U16_LENGTH(c);
        if (word_char(c)) word.append(c);
        else if (apostrophe(c) && !word.isEmpty() && next < n && word_char(text.char32At(next))) word.append(c);
        else if (c == u'(' || c == u'[' || c == u'{' || c == u'\uFF08' || c == u'<') sep(Item::open);
        else if (c == u')' || c == u']' || c == u'}' || c == u'\uFF09' || c == u'>') sep(Item::close);
        else if (c == u'-' || c == u'\u2010' || c == u'\u2011') {
            // "Marie-Claire" is one name; "Kofi Mensah - Wikimedia Ghana" has a separator.
            const bool spaced_before = i == 0 || u_isUWhiteSpace(text.char32At(i - 1));
            const bool spaced_after = next >= n || u_isUWhiteSpace(text.char32At(next));
            if (spaced_before || spaced_after) sep(Item::separator);
            else flush();
        } else if (c == u'|' || c == u'/' || c == u'\\' || c == u'\u2013' || c == u'\u2014' || c == u'\u2022' ||
                   c == u'\u00B7' || c == u',' || c == u';' || c == u':' || c == u'@' || c == u'\u060C' || c == u'+' ||
                   c == u'&') {
            sep(Item::separator);
            items.back().text = icu::UnicodeString(c);
        } else flush();
        i = next;
    }
    flush();
    return items;
}

}  // namespace

std::string skeleton(std::string_view word) {
    std::string s;
    s.reserve(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char c = word[i];
        const char d = i + 1 < word.size() ? word[i + 1] : '\0';
        if (d == 'h' && (c == 's' || c == 'k' || c == 'p' || c == 't' || c == 'd' || c == 'g' || c == 'b' || c == 'c' || c == 'z')) {
            s += c == 'p' ? 'f' : c == 'c' ? 's' : c;
            ++i;
            continue;
        }
        if (c == 'd' && d == 'j') continue;  // "Djibril" / "Jibril"
        switch (c) {
            case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': break;
            case 'q': case 'c': s += 'k'; break;
            case 'v': s += 'b'; break;
            case 'x': s += "ks"; break;
            default: s += c;
        }
    }
    s.erase(std::unique(s.begin(), s.end()), s.end());
    return s;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    // Optimal string alignment distance (Damerau: adjacent transpositions), capped at limit + 1.
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Three rows; on the stack for names' words (the usual case), else on the heap.
    constexpr std::size_t stack_words = 48;
    std::array<std::size_t, 3 * stack_words> rows{};
    std::vector<std::size_t> heap;
    std::size_t* base = rows.data();
    if (m + 1 > stack_words) {
        heap.assign(3 * (m + 1), 0);
        base = heap.data();
    }
    std::span<std::size_t> prev2(base, m + 1), prev(base + (m + 1), m + 1), cur(base + 2 * (m + 1), m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        const auto oldest = prev2;
        prev2 = prev;
        prev = cur;
        cur = oldest;
    }
    return std::min(prev[m], limit + 1);
}

namespace {

// Whether a and b (unequal) are one insertion, deletion, substitution or adjacent transposition
// apart: what is left after their common prefix and suffix decides, with no table.
bool one_edit_apart(std::string_view a, std::string_view b) {
    if (a.size() > b.size() + 1 || b.size() > a.size() + 1) return false;
    std::size_t p = 0;
    while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
    std::size_t s = 0;
    while (s < a.size() - p && s < b.size() - p && a[a.size() - 1 - s] == b[b.size() - 1 - s]) ++s;
    const std::size_t ra = a.size() - p - s, rb = b.size() - p - s;
    if (ra <= 1 && rb <= 1) return true;
    return ra == 2 && rb == 2 && a[p] == b[p + 1] && a[p + 1] == b[p];
}

}  // namespace

double word_similarity(const Word& q, const Word& n) {
    if (q.text == n.text) return 1.0;
    const std::size_t lq = q.text.size(), ln = n.text.size();
    // "A. Bello" for Amina Bello is likely; "Amina Bello" for a registered "A. Bello" says more than
    // the directory knows.
    if (lq == 1 || ln == 1) return (lq == 1) != (ln == 1) && q.text[0] == n.text[0] ? (lq == 1 ? 0.75 : 0.5) : 0.0;
    const bool cross = q.translit != n.translit;
    const std::size_t shorter = std::min(lq, ln);
    if (cross && shorter >= 3) {
        const std::string a = skeleton(q.text), b = skeleton(n.text);
        if (a.size() >= 2 && a == b) return 0.9;
        if (a.size() >= 4 && edit_distance(a, b, 1) <= 1) return 0.6;
    }
    if (shorter >= 4) {
        // People rarely mistype their own name: one edit in a short word is as likely another name
        // ("Seun" / "Segun", "Afua" / "Efua"), so short words get less credit, and a different first
        // letter less still.
        if (one_edit_apart(q.text, n.text))
            return (shorter >= 7 ? 0.85 : shorter >= 5 ? 0.8 : 0.65) - (q.text[0] != n.text[0] ? 0.15 : 0.0);
        if ((shorter >= 8 || (cross && shorter >= 5)) && edit_distance(q.text, n.text, 2) == 2) return 0.75;
    }
    return 0.0;
}

std::string compact(const Reading& r) {
    std::string out;
    for (const auto& w : r) out += w.text;
    return out;
}

namespace {

// compact(a) == compact(b) with at least 5 letters, without building the strings.
bool same_compact(const Reading& a, const Reading& b) {
    std::size_t la = 0, lb = 0;
    for (const auto& w : a) la += w.text.size();
    for (const auto& w : b) lb += w.text.size();
    if (la != lb || la < 5) return false;
    std::size_t wa = 0, ia = 0, wb = 0, ib = 0;
    for (std::size_t k = 0; k < la; ++k) {
        while (ia == a[wa].text.size()) ++wa, ia = 0;
        while (ib == b[wb].text.size()) ++wb, ib = 0;
        if (a[wa].text[ia++] != b[wb].text[ib++]) return false;
    }
    return true;
}

}  // namespace

double reading_similarity(const Reading& query, const Reading& name) {
    if (query.empty() || name.empty()) return 0.0;
    // Names have a few words: pairs and marks live on the stack (longer "names" are cut at 16 words).
    constexpr std::size_t most = 16;
    const std::size_t qn = std::min(query.size(), most), nn = std::min(name.size(), most);
    struct Pair {
        double sim;
        std::uint8_t q, n;
    };
    std::array<Pair, most * most> pairs;
    std::size_t count = 0;
    for (std::size_t i = 0; i < qn; ++i)
        for (std::size_t j = 0; j < nn; ++j)
            if (const double s = word_similarity(query[i], name[j]); s > 0)
                pairs[count++] = {s, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(j)};
    std::stable_sort(pairs.begin(), pairs.begin() + static_cast<std::ptrdiff_t>(count),
                     [](const Pair& a, const Pair& b) { return a.sim > b.sim; });
    std::array<char, most> q_used{}, n_used{};
    double total = 0;
    std::size_t matched = 0;
    bool full = false;
    for (std::size_t k = 0; k < count; ++k) {
        const Pair& p = pairs[k];
        if (q_used[p.q] || n_used[p.n]) continue;
        q_used[p.q] = n_used[p.n] = 1;
        total += p.sim;
        ++matched;
        if (query[p.q].text.size() > 1 && name[p.n].text.size() > 1) full = true;
    }
    double score = 0;
    if (full) {
        double q_den = static_cast<double>(matched), n_den = static_cast<double>(matched);
        // An unmatched "WMNG" beside a matched full name is an affiliation; beside one matched word it
        // may be a surname in capitals ("BELLO Amina").
        for (std::size_t i = 0; i < qn; ++i)
            if (!q_used[i] && !(query[i].acronym && matched >= 2)) q_den += 1.0;
        const double missing_weight = nn > 2 ? 0.5 : 1.0;  // middle names may be left out
        for (std::size_t j = 0; j < nn; ++j)
            if (!n_used[j]) n_den += missing_weight;
        score = 0.6 * total / q_den + 0.4 * total / n_den;
    }
    if (query.size() + name.size() > 2 && score < 0.97 && same_compact(query, name)) score = 0.97;
    return std::min(score, 1.0);
}

CleanName clean(std::string_view display_name, std::vector<Reading>& readings) {
    CleanName out;
    std::vector<Item> items = items_of(display_name);
    // Pronoun pairs: "she/her", "ela/dela", "they / them".
    std::vector<std::vector<Word>> words(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].kind == Item::word) normalise_word(items[i].text, words[i]);
    const auto single = [&](std::size_t i) -> std::string_view {
        return items[i].kind == Item::word && words[i].size() == 1 ? std::string_view(words[i][0].text) : std::string_view();
    };
    for (std::size_t i = 1; i + 1 < items.size(); ++i)
        if (items[i].kind == Item::separator && items[i].text == icu::UnicodeString(u'/') && is_pronoun(single(i - 1)) &&
            is_pronoun(single(i + 1))) {
            items[i - 1].dropped = items[i + 1].dropped = true;
            items[i].kind = Item::word;  // not a boundary any more
            items[i].dropped = true;
        }
    // Pieces: bracket groups and the text between separators.
    struct Piece {
        std::vector<Word> words;
        bool bracket = false;
        bool after_comma = false;  // this piece or the one before was cut at a comma
    };
    std::vector<Piece> pieces(1);
    int depth = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Item& it = items[i];
        if (it.kind == Item::open) {
            ++depth;
            pieces.push_back({{}, true});
        } else if (it.kind == Item::close) {
            if (depth > 0) --depth;
            pieces.push_back({{}, depth > 0});
        } else if (it.kind == Item::separator) {
            const bool comma = it.text == icu::UnicodeString(u',') || it.text == icu::UnicodeString(u'\u060C');
            if (comma) pieces.back().after_comma = true;
            pieces.push_back({{}, depth > 0, comma});
        } else if (!it.dropped) {
            for (const Word& w : words[i]) pieces.back().words.push_back(w);
        }
    }
    bool device = false, interpreter = false, placeholder = false;
    // "Let's Connect Team (Host)": the host marker may come after the words it qualifies.
    bool host = std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) {
        return std::any_of(p.words.begin(), p.words.end(), [](const Word& w) { return is_host_word(w.text); });
    });
    std::vector<Piece> people;
    for (Piece& p : pieces) {
        if (p.words.empty()) continue;
        const auto all = [&](auto pred) { return std::all_of(p.words.begin(), p.words.end(), [&](const Word& w) { return pred(w.text); }); };
        const auto any = [&](auto pred) { return std::any_of(p.words.begin(), p.words.end(), [&](const Word& w) { return pred(w.text); }); };
        if (all(is_pronoun)) continue;
        if (any(is_interpreter_word)) {
            interpreter = true;
            continue;
        }
        if (any(is_host_word)) {
            std::erase_if(p.words, [](const Word& w) { return is_host_word(w.text) || w.text == "co"; });
            if (all(is_programme_word)) continue;
        }
        const bool has_code = std::any_of(p.words.begin(), p.words.end(), [](const Word& w) { return w.code; });
        std::erase_if(p.words, [](const Word& w) { return w.code; });
        if (has_code && std::all_of(p.words.begin(), p.words.end(), [](const Word& w) { return w.text.size() <= 2; })) {
            device = true;  // "SM-A505F", "DESKTOP-7H3K2LQ"
            continue;
        }
        if (p.words.empty()) continue;
        if (any(is_device_word)) {
            device = true;
            std::erase_if(p.words, [](const Word& w) { return is_device_word(w.text) || is_device_filler(w.text); });
            // "moto g(8)": a letter left over from a model name is not an owner's name.
            if (std::all_of(p.words.begin(), p.words.end(), [](const Word& w) { return w.text.size() <= 1; })) continue;
        }
        if (!p.words.empty() && all(is_placeholder)) {
            placeholder = true;
            continue;
        }
        // Titles in front of a name; pronouns left at its end ("Amina Bello she").
        while (p.words.size() > 1 && is_title(p.words.front().text)) p.words.erase(p.words.begin());
        while (p.words.size() > 1 && is_pronoun(p.words.back().text) && p.words.back().text.size() > 2 &&
               (p.words.back().text == "she" || p.words.back().text == "he" || p.words.back().text == "they"))
            p.words.pop_back();
        if (p.words.empty()) continue;
        if (host && all(is_programme_word)) continue;
        people.push_back(std::move(p));
    }
    if (people.empty()) {
        out.kind = interpreter ? NameKind::interpreter : host ? NameKind::host : NameKind::device;
        (void)device;
        (void)placeholder;
        return out;
    }
    if (interpreter) {
        out.kind = NameKind::interpreter;
        return out;
    }
    // Readings: each piece, outside brackets first; then the pieces outside brackets together
    // ("Bello, Amina"), and all together.
    std::stable_partition(people.begin(), people.end(), [](const Piece& p) { return !p.bracket; });
    const auto add = [&](Reading r) {
        if (r.empty() || readings.size() >= 8) return;
        if (std::find(readings.begin(), readings.end(), r) == readings.end()) readings.push_back(std::move(r));
    };
    // "Bello, Amina" is one name: a piece after a comma stands alone only when it is a full name.
    for (const Piece& p : people)
        if (!p.after_comma || p.words.size() >= 2) add(p.words);
    if (people.size() > 1) {
        Reading outside, all;
        for (const Piece& p : people) {
            if (!p.bracket) outside.insert(outside.end(), p.words.begin(), p.words.end());
            all.insert(all.end(), p.words.begin(), p.words.end());
        }
        add(outside);
        add(all);
    }
    for (const auto& r : readings) {
        std::vector<std::string> texts;
        for (const auto& w : r) {
            texts.push_back(w.text);
            if (w.translit) out.transliterated = true;
        }
        out.readings.push_back(std::move(texts));
    }
    return out;
}

}  // namespace detail

CleanName clean_display_name(std::string_view display_name) {
    if (!is_valid_utf8(display_name)) throw Error("display name is not valid UTF-8");
    std::vector<detail::Reading> readings;
    return detail::clean(display_name, readings);
}

double name_similarity(std::string_view a, std::string_view b) {
    std::vector<detail::Reading> ra, rb;
    (void)clean_display_name(a);
    (void)clean_display_name(b);
    detail::clean(a, ra);
    detail::clean(b, rb);
    double best = 0;
    for (const auto& x : ra)
        for (const auto& y : rb) best = std::max(best, std::max(detail::reading_similarity(x, y), detail::reading_similarity(y, x)));
    return best;
}

std::string_view to_string(MatchStatus status) noexcept {
    switch (status) {
        case MatchStatus::matched: return "matched";
        case MatchStatus::review: return "review";
        case MatchStatus::unregistered: return "unregistered";
    }
    return "unregistered";
}

std::string_view to_string(NameKind kind) noexcept {
    switch (kind) {
        case NameKind::person: return "person";
        case NameKind::device: return "device";
        case NameKind::interpreter: return "interpreter";
        case NameKind::host: return "host";
    }
    return "person";
}

}  // namespace letsconnect
