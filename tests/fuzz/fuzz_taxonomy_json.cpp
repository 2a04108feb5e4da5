// SPDX-License-Identifier: MIT
// Taxonomy::from_json and Taxonomy::from_capx on arbitrary bytes; a parsed taxonomy must survive
// to_json -> from_json unchanged and have consistent parents, depths and subtrees.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "letsconnect/error.hpp"
#include "letsconnect/taxonomy.hpp"

namespace {

void exercise(const letsconnect::Taxonomy& tax) {
    const auto json = tax.to_json();
    if (letsconnect::Taxonomy::from_json(json, "<round trip>") != tax) std::abort();
    for (letsconnect::SkillIndex i = 0; i < tax.size(); ++i) {
        if (tax.find(tax.node(i).id) != i) std::abort();
        if (tax.depth(tax.category(i)) != 0) std::abort();
        if (tax.depth(i) > 0 && tax.depth(tax.parent(i)) != tax.depth(i) - 1) std::abort();
        (void)tax.label(i, "fr");
    }
    std::size_t below_roots = 0;
    for (auto root : tax.roots()) below_roots += tax.subtree(root).size();
    if (below_roots != tax.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        exercise(letsconnect::Taxonomy::from_json(text, "<fuzz>"));
    } catch (const letsconnect::Error&) {
    }
    try {
        exercise(letsconnect::Taxonomy::from_capx(text, "<fuzz capx>"));
    } catch (const letsconnect::Error&) {
    }
    return 0;
}
