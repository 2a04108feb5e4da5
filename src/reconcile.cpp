// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <numeric>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "internal.hpp"
#include "letsconnect/directory.hpp"
#include "letsconnect/reconcile.hpp"
#include "letsconnect/text.hpp"
#include "names.hpp"
#include "parallel.hpp"

namespace letsconnect {

namespace {

enum Via : std::uint8_t { via_name, via_alias, via_username, via_email };
constexpr std::array<std::string_view, 4> via_names = {"name", "alias", "username", "email"};

std::string lower_key(std::string_view text) {
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        std::string out(text);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    try {
        return casefold(text);
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

struct NameIndex::Impl {
    struct Form {
        ProfileIndex profile;
        Via via;
        detail::Reading words;
    };
    std::vector<Form> forms;
    std::vector<std::uint32_t> profile_forms_start;  // CSR: profile → forms
    std::vector<std::uint32_t> username_rank;
    std::unordered_map<std::string, std::uint32_t> word_id;
    std::vector<std::string> words;
    std::vector<std::vector<std::uint32_t>> postings;  // word → forms
    std::unordered_map<std::string, std::vector<std::uint32_t>> deletions;  // one letter deleted → words
    std::unordered_map<std::string, std::vector<std::uint32_t>> skeletons;  // skeleton → words
    std::unordered_map<std::string, std::vector<std::uint32_t>> compacts;   // joined words → forms
    std::unordered_map<std::string, std::vector<ProfileIndex>> exact;       // casefolded alias as typed → profiles
    std::unordered_map<std::string, std::vector<ProfileIndex>> emails;
    std::unordered_map<std::string, std::vector<ProfileIndex>> usernames;   // casefolded username → profiles

    std::uint32_t intern(const std::string& w) {
        auto [it, fresh] = word_id.try_emplace(w, static_cast<std::uint32_t>(words.size()));
        if (fresh) {
            words.push_back(w);
            postings.emplace_back();
            if (w.size() >= 4)
                for (std::size_t i = 0; i < w.size(); ++i) {
                    std::string d = w;
                    d.erase(i, 1);
                    auto& list = deletions[d];
                    if (list.empty() || list.back() != it->second) list.push_back(it->second);
                }
            if (const std::string s = detail::skeleton(w); s.size() >= 2) skeletons[s].push_back(it->second);
        }
        return it->second;
    }

    void add_form(ProfileIndex profile, Via via, const std::string& text) {
        std::vector<detail::Reading> readings;
        const CleanName c = detail::clean(text, readings);
        if (c.kind != NameKind::person) return;
        for (auto& r : readings) {
            const auto form = static_cast<std::uint32_t>(forms.size());
            for (const auto& w : r) {
                auto& list = postings[intern(w.text)];
                if (list.empty() || list.back() != form) list.push_back(form);
            }
            if (const std::string joined = detail::compact(r); joined.size() >= 5) compacts[joined].push_back(form);
            forms.push_back({profile, via, std::move(r)});
        }
    }
};

NameIndex::NameIndex(const Directory& directory) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    const std::size_t n = directory.size();
    m.username_rank.assign(directory.username_rank().begin(), directory.username_rank().end());
    m.profile_forms_start.reserve(n + 1);
    for (std::size_t i = 0; i < n; ++i) {
        const Profile& p = directory.profile(static_cast<ProfileIndex>(i));
        const auto pi = static_cast<ProfileIndex>(i);
        m.profile_forms_start.push_back(static_cast<std::uint32_t>(m.forms.size()));
        if (!p.name.empty()) m.add_form(pi, via_name, p.name);
        m.add_form(pi, via_username, p.username);
        if (auto key = lower_key(p.username); !key.empty()) m.usernames[key].push_back(pi);
        for (const auto& a : p.aliases) {
            m.add_form(pi, via_alias, a);
            if (auto key = lower_key(a); !key.empty()) m.exact[key].push_back(pi);
        }
        for (const auto& e : p.emails)
            if (auto key = lower_key(e); !key.empty()) m.emails[key].push_back(pi);
    }
    m.profile_forms_start.push_back(static_cast<std::uint32_t>(m.forms.size()));
}

NameIndex::~NameIndex() = default;
NameIndex::NameIndex(NameIndex&&) noexcept = default;
NameIndex& NameIndex::operator=(NameIndex&&) noexcept = default;

std::size_t NameIndex::tokens() const noexcept { return impl_->words.size(); }

std::vector<NameCandidate> NameIndex::candidates(std::string_view display_name, std::string_view email, std::size_t k) const {
    const Impl& m = *impl_;
    std::unordered_map<ProfileIndex, NameCandidate> found;
    const auto offer = [&](ProfileIndex p, double score, Via via, bool exact = false) {
        auto [it, fresh] = found.try_emplace(p, NameCandidate{p, score, std::string(via_names[via]), exact});
        if (!fresh && (score > it->second.score || (exact && !it->second.exact))) it->second = {p, score, std::string(via_names[via]), exact};
    };
    if (!email.empty())
        if (auto it = m.emails.find(lower_key(email)); it != m.emails.end())
            for (ProfileIndex p : it->second) offer(p, 1.0, via_email, true);
    if (!is_valid_utf8(display_name)) return {};
    const std::string typed = lower_key(display_name);
    if (auto it = m.exact.find(typed); it != m.exact.end())
        for (ProfileIndex p : it->second) offer(p, 1.0, via_alias, true);
    if (auto it = m.usernames.find(typed); it != m.usernames.end())
        for (ProfileIndex p : it->second) offer(p, 1.0, via_username, true);

    std::vector<detail::Reading> readings;
    (void)detail::clean(display_name, readings);
    // Candidate profiles: those sharing a word (exactly, within one edit, or by skeleton) or the
    // joined words, weighted by how rare the word is; only the best few are scored in full.
    // Weights per profile in a dense array (per thread, reused), with the profiles touched.
    thread_local std::vector<float> weight;
    thread_local std::vector<ProfileIndex> touched;
    const std::size_t profiles = m.profile_forms_start.size() - 1;
    if (weight.size() < profiles) weight.assign(profiles, 0.0F);
    touched.clear();
    // Left zeroed however this returns (the arrays are reused by the thread's next lookup).
    struct Reset {
        ~Reset() {
            for (ProfileIndex p : touched) weight[p] = 0.0F;
        }
    } reset;
    const auto add_weight = [&](ProfileIndex p, double w) {
        if (weight[p] == 0.0F) touched.push_back(p);
        weight[p] += static_cast<float>(w);
    };
    const double total_forms = static_cast<double>(std::max<std::size_t>(m.forms.size(), 1));
    std::vector<std::uint32_t> near;
    for (const auto& r : readings) {
        for (const auto& q : r) {
            if (q.text.size() < 2) continue;
            near.clear();
            const auto exact = m.word_id.find(q.text);
            if (exact != m.word_id.end()) near.push_back(exact->second);
            // People type their own names right: look for words one edit away only when the word
            // itself is not a known name word (skeletons still, for other scripts).
            if (q.text.size() >= 3 && exact == m.word_id.end()) {
                if (auto it = m.deletions.find(q.text); it != m.deletions.end()) near.insert(near.end(), it->second.begin(), it->second.end());
                for (std::size_t i = 0; i < q.text.size(); ++i) {
                    std::string d = q.text;
                    d.erase(i, 1);
                    if (auto it = m.word_id.find(d); it != m.word_id.end()) near.push_back(it->second);
                    if (auto it = m.deletions.find(d); it != m.deletions.end()) near.insert(near.end(), it->second.begin(), it->second.end());
                }
            }
            if (q.text.size() >= 3 && (q.translit || exact == m.word_id.end()))
                if (auto it = m.skeletons.find(detail::skeleton(q.text)); it != m.skeletons.end())
                    near.insert(near.end(), it->second.begin(), it->second.end());
            std::sort(near.begin(), near.end());
            near.erase(std::unique(near.begin(), near.end()), near.end());
            for (std::uint32_t w : near) {
                detail::Word candidate{m.words[w], false, false};
                // Index words may themselves be transliterated; similarity decides with both flags.
                double sim = detail::word_similarity(q, candidate);
                if (sim == 0 && !q.translit) {
                    candidate.translit = true;
                    sim = detail::word_similarity(q, candidate) > 0 ? 0.5 : 0.0;  // retrieval only
                }
                if (sim == 0) continue;
                const double idf = std::log(1.0 + total_forms / static_cast<double>(m.postings[w].size()));
                for (std::uint32_t f : m.postings[w]) add_weight(m.forms[f].profile, sim * idf);
            }
        }
        if (const std::string joined = detail::compact(r); joined.size() >= 5)
            if (auto it = m.compacts.find(joined); it != m.compacts.end())
                for (std::uint32_t f : it->second) add_weight(m.forms[f].profile, 100.0);
    }
    std::vector<std::pair<float, ProfileIndex>> ranked;
    ranked.reserve(touched.size());
    for (ProfileIndex p : touched) ranked.emplace_back(weight[p], p);
    // The best few by weight are scored in full, with every profile tied with the last of them
    // (namesakes: "N. Sørensen" among 40 Sørensens must see all of them to know it is ambiguous).
    constexpr std::size_t scored = 24, tied_at_most = 1024;
    if (ranked.size() > scored) {
        std::nth_element(ranked.begin(), ranked.begin() + (scored - 1), ranked.end(), std::greater<>());
        const float cut = ranked[scored - 1].first;
        const auto end = std::partition(ranked.begin() + scored, ranked.end(), [&](const auto& x) { return x.first >= cut; });
        ranked.resize(std::min<std::size_t>(static_cast<std::size_t>(end - ranked.begin()), tied_at_most));
    }
    for (const auto& [w, p] : ranked) {
        double best = 0;
        Via via = via_name;
        for (std::uint32_t f = m.profile_forms_start[p]; f < m.profile_forms_start[p + 1]; ++f)
            for (const auto& r : readings)
                if (const double s = detail::reading_similarity(r, m.forms[f].words); s > best) {
                    best = s;
                    via = m.forms[f].via;
                }
        if (best > 0) offer(p, best, via);
    }
    std::vector<NameCandidate> out;
    out.reserve(found.size());
    for (auto& [p, c] : found) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [&](const NameCandidate& a, const NameCandidate& b) {
        return a.score != b.score ? a.score > b.score : m.username_rank[a.profile] < m.username_rank[b.profile];
    });
    if (out.size() > k) out.resize(k);
    return out;
}

std::vector<NameCandidate> NameIndex::score(std::string_view display_name, std::span<const ProfileIndex> profiles) const {
    const Impl& m = *impl_;
    std::vector<NameCandidate> out;
    if (!is_valid_utf8(display_name)) return out;
    std::vector<detail::Reading> readings;
    (void)detail::clean(display_name, readings);
    for (ProfileIndex p : profiles) {
        if (p >= m.profile_forms_start.size() - 1) throw std::out_of_range("NameIndex::score: profile index past the end");
        double best = 0;
        Via via = via_name;
        for (std::uint32_t f = m.profile_forms_start[p]; f < m.profile_forms_start[p + 1]; ++f)
            for (const auto& r : readings)
                if (const double s = detail::reading_similarity(r, m.forms[f].words); s > best) {
                    best = s;
                    via = m.forms[f].via;
                }
        out.push_back({p, best, std::string(via_names[via])});
    }
    return out;
}

namespace {

NameKind kind_of(const Attendee& a) {
    NameKind kind = NameKind::device;
    for (const auto& name : a.names) {
        std::vector<detail::Reading> readings;
        const NameKind k = detail::clean(name, readings).kind;
        if (k == NameKind::person) return k;
        if (k == NameKind::interpreter || (k == NameKind::host && kind == NameKind::device)) kind = k;
    }
    return kind;
}

std::string percent(double x) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
}

}  // namespace

std::vector<AttendeeMatch> reconcile(const Directory& directory, const ZoomReport& report, const Clinic* clinic,
                                     const ReconcileOptions& options) {
    if (!(options.review_threshold >= 0 && options.review_threshold <= options.match_threshold && options.match_threshold <= 1) ||
        !(options.margin >= 0 && options.margin <= 1) || !(options.registrant_bonus >= 0 && options.registrant_bonus <= 1))
        throw ValidationError({{"reconcile", "options", "", "need 0 ≤ review_threshold ≤ match_threshold ≤ 1, margin and registrant_bonus in [0, 1]"}});
    const NameIndex& index = directory.names();
    std::unordered_set<ProfileIndex> registrants;
    if (clinic)
        for (const auto& u : clinic->registrants)
            if (auto p = directory.find(u)) registrants.insert(*p);

    const std::vector<ProfileIndex> registrant_list(registrants.begin(), registrants.end());
    const auto rank = [&](const NameCandidate& x, const NameCandidate& y) {
        return x.score != y.score ? x.score > y.score : directory.username_rank()[x.profile] < directory.username_rank()[y.profile];
    };
    std::vector<Attendee> attendees = report.attendees();
    std::vector<AttendeeMatch> out(attendees.size());
    std::vector<double> scores(attendees.size());
    std::vector<char> exacts(attendees.size());
    // Each attendee is decided on its own (the index is immutable; its scratch is per thread), so
    // large reports are split over the cores; the one-to-one pass below is sequential.
    const auto decide = [&](std::size_t i) {
        Attendee& a = attendees[i];
        AttendeeMatch m;
        m.kind = kind_of(a);
        // The directory's best candidates, and every registrant of the clinic (they are expected,
        // so a first name that fits one registrant only is evidence the directory alone lacks).
        std::unordered_map<ProfileIndex, NameCandidate> best, expected;
        const auto keep = [](std::unordered_map<ProfileIndex, NameCandidate>& into, NameCandidate c) {
            auto [it, fresh] = into.try_emplace(c.profile, c);
            if (!fresh && (c.score > it->second.score || (c.exact && !it->second.exact))) it->second = std::move(c);
        };
        for (const auto& name : a.names) {
            for (auto& c : index.candidates(name, a.email, 4)) keep(best, std::move(c));
            if (!registrant_list.empty())
                for (auto& c : index.score(name, registrant_list)) keep(expected, std::move(c));
        }
        std::vector<NameCandidate> ranked, fits;
        for (auto& [p, c] : expected)
            if (c.score > 0) fits.push_back(c);
        for (auto& [p, c] : expected) keep(best, c);
        for (auto& [p, c] : best) {
            if (registrants.count(p)) c.score = std::min(1.0, c.score + options.registrant_bonus);
            ranked.push_back(std::move(c));
        }
        std::sort(ranked.begin(), ranked.end(), rank);
        std::sort(fits.begin(), fits.end(), rank);
        // The e-mail, a recorded alias or the username as typed, for one profile only.
        const auto exact_claims = std::count_if(ranked.begin(), ranked.end(), [](const NameCandidate& c) { return c.exact; });
        if (exact_claims == 1)
            std::stable_partition(ranked.begin(), ranked.end(), [](const NameCandidate& c) { return c.exact; });
        const bool decisive = exact_claims == 1;
        double s1 = ranked.empty() ? 0.0 : ranked[0].score;
        const double s2 = ranked.size() > 1 ? ranked[1].score : 0.0;
        // A first name (or initial and surname) that fits exactly one registrant, clearly.
        const bool only_registrant = !fits.empty() && registrants.count(ranked[0].profile) && fits[0].profile == ranked[0].profile &&
                                     fits[0].score >= 0.8 && (fits.size() < 2 || fits[0].score - fits[1].score >= options.margin);
        if (m.kind == NameKind::device && decisive && ranked[0].via != "email") {
            // "Galaxy A12" confirmed once as somebody's is a hint, not proof: phones are shared and common.
            m.status = MatchStatus::review;
            m.confidence = 0.5;
            m.reason = "device name confirmed before as " + directory.profile(ranked[0].profile).username;
        } else if (m.kind != NameKind::person && !(decisive && ranked[0].via == "email")) {
            // Interpreters, hosts and bare device names are nobody's registered name.
            m.status = m.kind == NameKind::device ? MatchStatus::review : MatchStatus::unregistered;
            m.confidence = m.kind == NameKind::device ? 0.0 : 1.0;
            m.reason = m.kind == NameKind::device ? "device name: cannot tell who this is"
                       : m.kind == NameKind::interpreter ? "interpretation channel" : "host account";
            s1 = 0;
        } else if (decisive || (s1 >= options.match_threshold && s1 - s2 >= options.margin)) {
            m.status = MatchStatus::matched;
            m.confidence = s1;
            m.reason = decisive ? ranked[0].via : ranked[0].via + " (" + percent(s1) + ")";
        } else if (only_registrant) {
            m.status = MatchStatus::matched;
            m.confidence = std::min(s1, options.match_threshold);
            m.reason = "the only registrant of the clinic whose name fits (" + percent(fits[0].score) + ")";
        } else if (s1 >= options.review_threshold) {
            m.status = MatchStatus::review;
            m.confidence = std::max(0.0, s1 - std::max(0.0, options.margin - (s1 - s2)));
            m.reason = s1 - s2 < options.margin && ranked.size() > 1
                           ? "ambiguous: also " + directory.profile(ranked[1].profile).username + " (" + percent(s2) + ")"
                           : "similar " + ranked[0].via + " (" + percent(s1) + ")";
        } else {
            m.status = MatchStatus::unregistered;
            m.confidence = 1.0 - s1;
            m.reason = ranked.empty() ? "no similar registered name" : "closest: " + directory.profile(ranked[0].profile).username + " (" + percent(s1) + ")";
        }
        if (m.status != MatchStatus::unregistered && !ranked.empty() && s1 > 0) {
            m.profile = ranked[0].profile;
            m.username = directory.profile(ranked[0].profile).username;
        }
        m.attendee = std::move(a);
        scores[i] = s1;
        exacts[i] = decisive;
        out[i] = std::move(m);
    };
    const std::size_t threads = attendees.size() >= 512 ? std::max(1U, std::thread::hardware_concurrency()) : 1;
    if (threads <= 1) {
        for (std::size_t i = 0; i < attendees.size(); ++i) decide(i);
    } else {
        std::vector<std::exception_ptr> errors(threads);
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                try {
                    for (std::size_t i = t; i < attendees.size(); i += threads) decide(i);
                } catch (...) {
                    errors[t] = std::current_exception();
                }
            });
        for (auto& th : pool) th.join();
        for (auto& e : errors)
            if (e) std::rethrow_exception(e);
    }
    // One profile, one attendee: the best claim (then the longest attendance) keeps a match.
    std::vector<std::size_t> order(out.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (exacts[a] != exacts[b]) return exacts[a] > exacts[b];
        if (scores[a] != scores[b]) return scores[a] > scores[b];
        return out[a].attendee.seconds > out[b].attendee.seconds;
    });
    std::unordered_map<ProfileIndex, std::size_t> owner;
    for (std::size_t i : order) {
        AttendeeMatch& m = out[i];
        if (m.status != MatchStatus::matched) continue;
        auto [it, fresh] = owner.try_emplace(*m.profile, i);
        if (fresh) continue;
        m.status = MatchStatus::review;
        m.confidence = std::min(m.confidence, 0.5);
        m.reason = "same profile as '" + out[it->second].attendee.display_name + "' (another device?)";
    }
    for (AttendeeMatch& m : out)
        if (m.status == MatchStatus::matched) m.person = m.username;
    return out;
}

namespace {

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string person_id(std::string_view key) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "nr-%010llx", static_cast<unsigned long long>(fnv1a(key) & 0xFFFFFFFFFFULL));
    return buf;
}

}  // namespace

void link_people(std::span<std::vector<AttendeeMatch>> clinics) {
    struct Node {
        AttendeeMatch* match;
        detail::Reading reading;
        std::string key;
    };
    std::vector<Node> nodes;
    for (auto& clinic : clinics)
        for (AttendeeMatch& m : clinic) {
            if (m.status == MatchStatus::matched) {
                m.person = m.username;
                continue;
            }
            if (m.kind == NameKind::interpreter || m.kind == NameKind::host) {
                m.person = std::string(to_string(m.kind));
                continue;
            }
            std::vector<detail::Reading> readings;
            if (m.kind == NameKind::person) (void)detail::clean(m.attendee.display_name, readings);
            if (readings.empty()) {
                // A device name says nothing about who it is: one person per occurrence.
                m.person = person_id("device|" + m.attendee.display_name + "|" + format_utc(m.attendee.first_join));
                continue;
            }
            std::vector<std::string> words;
            for (const auto& w : readings[0]) words.push_back(w.text);
            std::sort(words.begin(), words.end());
            std::string key;
            for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
            nodes.push_back({&m, std::move(readings[0]), std::move(key)});
        }
    detail::DisjointSets people(nodes.size());
    const auto find = [&](std::size_t x) { return people.find(x); };
    const auto unite = [&](std::size_t a, std::size_t b) { people.unite(a, b); };
    std::unordered_map<std::string, std::size_t> by_key, by_email;
    std::unordered_map<std::string, std::vector<std::size_t>> by_word;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].reading.size() >= 2)
            if (auto [it, fresh] = by_key.try_emplace(nodes[i].key, i); !fresh) unite(it->second, i);
        if (const auto& e = nodes[i].match->attendee.email; !e.empty())
            if (auto [it, fresh] = by_email.try_emplace(lower_key(e), i); !fresh) unite(it->second, i);
        // A name of one word ("Maria") does not say it is the same person elsewhere.
        if (std::count_if(nodes[i].reading.begin(), nodes[i].reading.end(), [](const detail::Word& w) { return w.text.size() >= 2; }) < 2)
            continue;
        for (const auto& w : nodes[i].reading)
            if (w.text.size() >= 2) by_word[w.text].push_back(i);
    }
    // Names that agree closely: compare only names sharing a word.
    for (const auto& [word, list] : by_word)
        for (std::size_t x = 0; x < list.size(); ++x)
            for (std::size_t y = x + 1; y < list.size(); ++y) {
                const std::size_t a = list[x], b = list[y];
                if (find(a) == find(b)) continue;
                const double s = std::max(detail::reading_similarity(nodes[a].reading, nodes[b].reading),
                                          detail::reading_similarity(nodes[b].reading, nodes[a].reading));
                if (s >= 0.85) unite(a, b);
            }
    std::unordered_map<std::size_t, std::string> smallest;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        auto [it, fresh] = smallest.try_emplace(find(i), nodes[i].key);
        if (!fresh && nodes[i].key < it->second) it->second = nodes[i].key;
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i].match->person = person_id(smallest[find(i)]);
}

std::vector<ClinicAttendance> reconcile_clinics(const Directory& directory, const Clinics& clinics, const std::string& attendance_dir,
                                                std::string_view time_zone, const ReconcileOptions& options,
                                                const Progress& progress) {
    namespace fs = std::filesystem;
    std::vector<ClinicAttendance> out;
    std::vector<std::vector<AttendeeMatch>> matches;
    detail::ProgressMeter meter(progress, clinics.clinics.size());
    for (const Clinic& c : clinics.clinics) {
        std::vector<std::string> paths;
        if (attendance_dir.empty()) {
            paths = clinics.attendance_paths(c);
        } else {
            for (const auto& p : c.attendance) {
                const fs::path direct = fs::path(attendance_dir) / p, flat = fs::path(attendance_dir) / fs::path(p).filename();
                std::error_code ec;
                paths.push_back(fs::exists(direct, ec) || !fs::exists(flat, ec) ? direct.string() : flat.string());
            }
            if (c.attendance.empty()) {
                const fs::path guess = fs::path(attendance_dir) / (c.id + ".csv");
                std::error_code ec;
                if (fs::exists(guess, ec)) paths.push_back(guess.string());
            }
        }
        ClinicAttendance a;
        a.clinic_id = c.id;
        a.has_report = !paths.empty();
        ZoomReport all;
        for (const auto& path : paths) {
            ZoomReport r = ZoomReport::read(path, c.report_time_zone.empty() ? time_zone : std::string_view(c.report_time_zone));
            all.source = all.source.empty() ? r.source : all.source + ", " + r.source;
            if (!all.meeting) all.meeting = r.meeting;
            all.segments.insert(all.segments.end(), r.segments.begin(), r.segments.end());
        }
        matches.push_back(a.has_report ? reconcile(directory, all, &c, options) : std::vector<AttendeeMatch>{});
        out.push_back(std::move(a));
        meter.tick();
    }
    link_people(matches);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].attendees = std::move(matches[i]);
    meter.finish();
    return out;
}

}  // namespace letsconnect
