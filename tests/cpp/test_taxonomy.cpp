// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
// Tests of letsconnect/taxonomy.hpp: bundled taxonomies, navigation, validation, JSON and CapX input.

#include "test_helpers.hpp"

#include "letsconnect/taxonomy.hpp"

#include <nlohmann/json.hpp>

#include <set>

using namespace letsconnect;
using lc_test::capture;
using lc_test::data_path;
using lc_test::dump;
using lc_test::has_problem;

namespace {

SkillNode node(std::string id, std::string parent = "", std::string qid = "",
               std::map<std::string, std::string> labels = {}) {
    return SkillNode{std::move(id), std::move(qid), std::move(parent), std::move(labels)};
}

std::vector<std::string> ids(const Taxonomy& t, std::span<const SkillIndex> indices) {
    std::vector<std::string> out;
    for (auto i : indices) out.push_back(t.node(i).id);
    return out;
}

std::vector<std::string> ids(const Taxonomy& t, const std::vector<SkillIndex>& indices) {
    return ids(t, std::span<const SkillIndex>(indices));
}

/// The ValidationError thrown when building a taxonomy from `nodes`.
std::vector<Problem> problems_of(std::vector<SkillNode> nodes) {
    auto e = capture<ValidationError>([&] { Taxonomy t("broken", std::move(nodes), "broken.json"); });
    return e ? e->problems() : std::vector<Problem>{};
}

const Taxonomy& good() {
    static const Taxonomy t = Taxonomy::load(data_path("taxonomy_good.json"));
    return t;
}

}  // namespace

// --- bundled ----------------------------------------------------------------------------

TEST(TaxonomyBundled, NamesListsBoth) {
    const auto names = Taxonomy::bundled_names();
    EXPECT_NE(std::find(names.begin(), names.end(), "letsconnect"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "capx"), names.end());
}

TEST(TaxonomyBundled, LetsConnectHasFiveCategoriesAndManySkills) {
    const auto tax = Taxonomy::bundled("letsconnect");
    ASSERT_NE(tax, nullptr);
    EXPECT_EQ(tax->name(), "letsconnect");
    EXPECT_EQ(tax->roots().size(), 5U);
    std::size_t skills = 0;
    for (SkillIndex i = 0; i < tax->size(); ++i) {
        if (tax->depth(i) > 0) ++skills;
        EXPECT_LE(tax->depth(i), 2);
    }
    EXPECT_GE(skills, 40U);
    for (auto r : tax->roots()) EXPECT_EQ(tax->depth(r), 0);
}

TEST(TaxonomyBundled, LetsConnectLabelsInFiveLanguages) {
    const auto tax = Taxonomy::bundled("letsconnect");
    for (const auto& n : tax->nodes()) {
        for (const char* lang : {"en", "es", "fr", "pt", "ar"}) {
            auto it = n.labels.find(lang);
            ASSERT_NE(it, n.labels.end()) << n.id << " has no " << lang << " label";
            EXPECT_FALSE(it->second.empty()) << n.id << " " << lang;
            EXPECT_TRUE(is_valid_utf8(it->second)) << n.id << " " << lang;
        }
    }
}

TEST(TaxonomyBundled, LetsConnectHeaderExample) {
    const auto tax = Taxonomy::bundled("letsconnect");
    const auto i = tax->at("grant-writing");
    EXPECT_EQ(tax->node(tax->category(i)).id, "grants-resources");
    EXPECT_EQ(tax->depth(i), 1);
}

TEST(TaxonomyBundled, CapxHasSevenRoots) {
    const auto tax = Taxonomy::bundled("capx");
    ASSERT_NE(tax, nullptr);
    EXPECT_EQ(tax->name(), "capx");
    EXPECT_EQ(ids(*tax, tax->roots()),
              (std::vector<std::string>{"10", "36", "50", "56", "65", "74", "106"}));
    EXPECT_EQ(tax->label(tax->at("10")), "Organizational Skills");
    EXPECT_EQ(tax->label(tax->at("106")), "Technology");
    EXPECT_EQ(tax->label(tax->at("36"), "en"), "Communication");
    for (const auto& n : tax->nodes()) {
        for (const char* lang : {"en", "es", "fr", "pt", "ar"}) EXPECT_TRUE(n.labels.count(lang)) << n.id << lang;
    }
}

TEST(TaxonomyBundled, UnknownNameIsNotFound) {
    auto e = capture<NotFoundError>([] { (void)Taxonomy::bundled("no-such-taxonomy"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "no-such-taxonomy");
}

// --- lookup and navigation ----------------------------------------------------------------

TEST(TaxonomyLookup, FindByIdAndQid) {
    const auto& t = good();
    const auto pottery = t.find("pottery");
    ASSERT_TRUE(pottery.has_value());
    EXPECT_EQ(t.find("Q4000003"), pottery);
    EXPECT_EQ(t.at("Q4000003"), *pottery);
    EXPECT_EQ(t.node(*pottery).qid, "Q4000003");
    EXPECT_EQ(t.node(*pottery).parent, "craft");
    EXPECT_EQ(t.find("nope"), std::nullopt);
    EXPECT_EQ(t.find(""), std::nullopt);
    EXPECT_EQ(t.find("Q999"), std::nullopt);

    const auto bundled = Taxonomy::bundled("letsconnect");
    EXPECT_EQ(bundled->find("Q2013"), bundled->find("wikidata"));
    ASSERT_TRUE(bundled->find("wikidata").has_value());
}

TEST(TaxonomyLookup, AtThrowsNotFoundNamingTheKey) {
    auto e = capture<NotFoundError>([] { (void)good().at("basket-weaving"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->key(), "basket-weaving");
    EXPECT_TRUE(lc_test::contains(e->what(), "basket-weaving")) << e->what();
}

TEST(TaxonomyLookup, LoadedFileStructure) {
    const auto& t = good();
    EXPECT_EQ(t.name(), "test-crafts");
    EXPECT_EQ(t.size(), 8U);
    EXPECT_EQ(ids(t, t.roots()), (std::vector<std::string>{"craft", "science"}));
}

TEST(TaxonomyLookup, ParentDepthCategory) {
    const auto& t = good();
    const auto craft = t.at("craft"), pottery = t.at("pottery"), glazing = t.at("glazing");
    EXPECT_EQ(t.parent(craft), no_skill);
    EXPECT_EQ(t.parent(pottery), craft);
    EXPECT_EQ(t.parent(glazing), pottery);
    EXPECT_EQ(t.depth(craft), 0);
    EXPECT_EQ(t.depth(pottery), 1);
    EXPECT_EQ(t.depth(glazing), 2);
    EXPECT_EQ(t.category(glazing), craft);
    EXPECT_EQ(t.category(pottery), craft);
    EXPECT_EQ(t.category(craft), craft);
    EXPECT_EQ(t.category(t.at("astronomy")), t.at("science"));
}

TEST(TaxonomyLookup, AncestorsNearestFirst) {
    const auto& t = good();
    EXPECT_EQ(ids(t, t.ancestors(t.at("glazing"))), (std::vector<std::string>{"pottery", "craft"}));
    EXPECT_EQ(ids(t, t.ancestors(t.at("weaving"))), (std::vector<std::string>{"craft"}));
    EXPECT_TRUE(t.ancestors(t.at("science")).empty());
}

TEST(TaxonomyLookup, ChildrenInFileOrder) {
    const auto& t = good();
    EXPECT_EQ(ids(t, t.children(t.at("craft"))), (std::vector<std::string>{"pottery", "weaving"}));
    EXPECT_EQ(ids(t, t.children(t.at("pottery"))), (std::vector<std::string>{"glazing", "raku"}));
    EXPECT_EQ(ids(t, t.children(t.at("science"))), (std::vector<std::string>{"astronomy", "chemistry"}));
    EXPECT_TRUE(t.children(t.at("glazing")).empty());
    EXPECT_TRUE(t.children(t.at("weaving")).empty());
}

TEST(TaxonomyLookup, SubtreeParentsFirst) {
    const auto& t = good();
    const auto sub = t.subtree(t.at("craft"));
    const auto names = ids(t, sub);
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()),
              (std::set<std::string>{"craft", "pottery", "weaving", "glazing", "raku"}));
    EXPECT_EQ(names.size(), 5U);
    ASSERT_FALSE(sub.empty());
    EXPECT_EQ(sub.front(), t.at("craft"));
    for (std::size_t k = 1; k < sub.size(); ++k) {
        const auto parent_pos = std::find(sub.begin(), sub.end(), t.parent(sub[k]));
        ASSERT_NE(parent_pos, sub.end());
        EXPECT_LT(parent_pos - sub.begin(), static_cast<std::ptrdiff_t>(k)) << names[k] << " before its parent";
    }
    EXPECT_EQ(ids(t, t.subtree(t.at("raku"))), (std::vector<std::string>{"raku"}));
}

TEST(TaxonomyLookup, SubtreeAndAncestorsAgreeOnBundled) {
    const auto tax = Taxonomy::bundled("letsconnect");
    for (SkillIndex i = 0; i < tax->size(); ++i) {
        for (SkillIndex j : tax->subtree(i)) {
            if (j == i) continue;
            const auto anc = tax->ancestors(j);
            EXPECT_NE(std::find(anc.begin(), anc.end(), i), anc.end()) << tax->node(j).id << " under " << tax->node(i).id;
        }
        EXPECT_EQ(tax->ancestors(i).size(), static_cast<std::size_t>(tax->depth(i)));
        for (SkillIndex c : tax->children(i)) EXPECT_EQ(tax->parent(c), i);
    }
}

TEST(TaxonomyLookup, LabelFallback) {
    const auto& t = good();
    EXPECT_EQ(t.label(t.at("pottery")), "Pottery");
    EXPECT_EQ(t.label(t.at("pottery"), "es"), "Alfarería");
    EXPECT_EQ(t.label(t.at("pottery"), "ar"), "الفخار");
    EXPECT_EQ(t.label(t.at("weaving"), "fr"), "Weaving");    // no French: English
    EXPECT_EQ(t.label(t.at("science"), "pt"), "Science");    // no Portuguese: English
    EXPECT_EQ(t.label(t.at("astronomy"), "fr"), "Astronomie");
    EXPECT_EQ(t.label(t.at("astronomy"), "en"), "astronomy");  // no English: the id
    EXPECT_EQ(t.label(t.at("astronomy"), "es"), "astronomy");
    EXPECT_EQ(t.label(t.at("raku"), "ja"), "楽焼");
}

TEST(TaxonomyBuild, NodesInAnyOrder) {
    Taxonomy t("mini", {node("leaf", "mid"), node("mid", "root"), node("root")});
    EXPECT_EQ(t.size(), 3U);
    EXPECT_EQ(t.depth(t.at("leaf")), 2);
    EXPECT_EQ(t.category(t.at("leaf")), t.at("root"));
    EXPECT_EQ(ids(t, t.roots()), (std::vector<std::string>{"root"}));
}

// --- validation ---------------------------------------------------------------------------

TEST(TaxonomyValidation, Cycle) {
    const auto problems = problems_of({node("root"), node("loop-a", "loop-b"), node("loop-b", "loop-a")});
    ASSERT_FALSE(problems.empty());
    EXPECT_TRUE(has_problem(problems, "", "loop-a") || has_problem(problems, "", "loop-b")) << dump(problems);
}

TEST(TaxonomyValidation, SelfParentIsACycle) {
    const auto problems = problems_of({node("root"), node("selfish", "selfish")});
    EXPECT_TRUE(has_problem(problems, "", "selfish")) << dump(problems);
}

TEST(TaxonomyValidation, DuplicateId) {
    const auto problems = problems_of({node("root"), node("pottery", "root"), node("pottery", "root")});
    EXPECT_TRUE(has_problem(problems, "", "pottery")) << dump(problems);
}

TEST(TaxonomyValidation, DuplicateQid) {
    const auto problems = problems_of({node("root", "", "Q4000001"), node("pottery", "root", "Q4000001")});
    EXPECT_TRUE(has_problem(problems, "", "Q4000001")) << dump(problems);
}

TEST(TaxonomyValidation, UnknownParent) {
    const auto problems = problems_of({node("root"), node("orphan", "nowhere")});
    EXPECT_TRUE(has_problem(problems, "", "orphan")) << dump(problems);
}

TEST(TaxonomyValidation, DepthFour) {
    const auto problems = problems_of({node("a"), node("b", "a"), node("c", "b"), node("d", "c")});
    EXPECT_TRUE(has_problem(problems, "", "d")) << dump(problems);
    // three levels are fine
    EXPECT_NO_THROW(Taxonomy("ok", {node("a"), node("b", "a"), node("c", "b")}));
}

TEST(TaxonomyValidation, BadQidSyntax) {
    for (const char* bad : {"q12", "Q", "Q12a", "12", "P31", "Q 12", "Q-1"}) {
        const auto problems = problems_of({node("root"), node("weaving", "root", bad)});
        EXPECT_TRUE(has_problem(problems, "", "weaving")) << bad << dump(problems);
    }
    EXPECT_NO_THROW(Taxonomy("ok", {node("root", "", "Q1"), node("x", "root", "Q123456789")}));
}

TEST(TaxonomyValidation, MissingId) {
    const auto problems = problems_of({node("root"), node("", "root", "", {{"en", "Nameless"}})});
    EXPECT_TRUE(has_problem(problems, "id")) << dump(problems);

    auto e = capture<ValidationError>([] {
        (void)Taxonomy::from_json(R"({"format": "letsconnect.taxonomy/1", "name": "x", "nodes": [
            {"id": "root", "parent": null, "qid": null, "labels": {"en": "Root"}},
            {"parent": "root", "qid": null, "labels": {"en": "Nameless"}}]})",
                                  "missing_id.json");
    });
    ASSERT_TRUE(e);
    EXPECT_TRUE(has_problem(e->problems(), "id")) << dump(e->problems());
}

TEST(TaxonomyValidation, ListsEveryProblem) {
    const auto problems = problems_of({node("root"), node("orphan", "nowhere"), node("dup", "root"),
                                       node("dup", "root"), node("bad-qid", "root", "x7")});
    EXPECT_GE(problems.size(), 3U) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "", "orphan")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "", "dup")) << dump(problems);
    EXPECT_TRUE(has_problem(problems, "", "bad-qid")) << dump(problems);
    for (const auto& p : problems) EXPECT_EQ(p.source, "broken.json");
}

TEST(TaxonomyValidation, BrokenFilesNameTheNode) {
    const std::pair<const char*, const char*> cases[] = {
        {"taxonomy_depth4.json", "celadon-glaze"},
        {"taxonomy_cycle.json", "loop-"},
        {"taxonomy_duplicate.json", "pottery"},
        {"taxonomy_unknown_parent.json", "orphan"},
    };
    for (const auto& [file, culprit] : cases) {
        SCOPED_TRACE(file);
        auto e = capture<ValidationError>([&] { (void)Taxonomy::load(data_path(file)); });
        ASSERT_TRUE(e);
        EXPECT_TRUE(has_problem(e->problems(), "", culprit)) << dump(e->problems());
        for (const auto& p : e->problems()) EXPECT_TRUE(lc_test::contains(p.source, file)) << p.source;
        EXPECT_TRUE(lc_test::contains(e->what(), file)) << e->what();
    }
}

// --- JSON ---------------------------------------------------------------------------------

TEST(TaxonomyJson, LoadEqualsFromJson) {
    const auto path = data_path("taxonomy_good.json");
    EXPECT_EQ(Taxonomy::from_json(lc_test::slurp(path), path), good());
}

TEST(TaxonomyJson, TruncatedIsFormatErrorWithPosition) {
    const std::string text = "{\"format\": \"letsconnect.taxonomy/1\",\n \"name\": \"x\",\n \"nodes\": [\n  {\"id\": \"a\", \"par";
    auto e = capture<FormatError>([&] { (void)Taxonomy::from_json(text, "trunc.json"); });
    ASSERT_TRUE(e);
    EXPECT_EQ(e->source(), "trunc.json");
    EXPECT_EQ(e->line(), 4U);
    EXPECT_GT(e->column(), 0U);
    EXPECT_TRUE(lc_test::contains(e->what(), "trunc.json")) << e->what();
}

TEST(TaxonomyJson, WrongFormatTagIsRejected) {
    EXPECT_THROW((void)Taxonomy::from_json(R"({"format": "letsconnect.directory/1", "profiles": []})"), Error);
    EXPECT_THROW((void)Taxonomy::from_json(R"([1, 2, 3])"), Error);
}

TEST(TaxonomyJson, ToJsonIsParentsFirst) {
    const auto bundled = Taxonomy::bundled("letsconnect");
    for (const Taxonomy* t : {&good(), bundled.get()}) {
        const auto j = nlohmann::json::parse(t->to_json());
        EXPECT_EQ(j.at("format"), "letsconnect.taxonomy/1");
        EXPECT_EQ(j.at("name"), t->name());
        ASSERT_EQ(j.at("nodes").size(), t->size());
        std::set<std::string> seen;
        for (const auto& n : j.at("nodes")) {
            if (n.contains("parent") && n.at("parent").is_string() && !n.at("parent").get<std::string>().empty()) {
                EXPECT_TRUE(seen.count(n.at("parent").get<std::string>())) << n.dump();
            }
            seen.insert(n.at("id").get<std::string>());
        }
    }
}

TEST(TaxonomyJson, RoundTrip) {
    for (const auto& t : {good(), *Taxonomy::bundled("letsconnect"), *Taxonomy::bundled("capx")}) {
        SCOPED_TRACE(t.name());
        const auto back = Taxonomy::from_json(t.to_json());
        EXPECT_EQ(back, t);
        EXPECT_EQ(Taxonomy::from_json(t.to_json(0)), t);
        EXPECT_EQ(Taxonomy::from_json(t.to_json(-1)), t);
        EXPECT_EQ(back.to_json(), t.to_json());
    }
}

TEST(TaxonomyJson, SaveIsAtomicAndEqualsToJson) {
    lc_test::TempDir dir;
    const auto path = dir.file("skills.json");
    good().save(path);
    EXPECT_EQ(lc_test::slurp(path), good().to_json());
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"skills.json"}));  // no temp file left

    // overwriting replaces the content
    Taxonomy::bundled("capx")->save(path);
    EXPECT_EQ(lc_test::slurp(path), Taxonomy::bundled("capx")->to_json());
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"skills.json"}));
    EXPECT_EQ(Taxonomy::load(path), *Taxonomy::bundled("capx"));
}

TEST(TaxonomyJson, SaveIntoMissingFolderIsFileError) {
    lc_test::TempDir dir;
    const auto path = dir.file("no/such/folder/skills.json");
    auto e = capture<FileError>([&] { good().save(path); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(lc_test::contains(e->path(), "skills.json")) << e->path();
}

TEST(TaxonomyJson, LoadMissingFileIsFileError) {
    auto e = capture<FileError>([] { (void)Taxonomy::load(data_path("no_such_taxonomy.json")); });
    ASSERT_TRUE(e);
    EXPECT_TRUE(lc_test::contains(e->path(), "no_such_taxonomy.json"));
}

// --- CapX input ---------------------------------------------------------------------------

TEST(TaxonomyCapx, PlainList) {
    const auto t = Taxonomy::from_capx(lc_test::slurp(data_path("capx/skills.json")), "skills.json");
    EXPECT_EQ(t.size(), 15U);
    EXPECT_EQ(ids(t, t.roots()), (std::vector<std::string>{"10", "36", "50", "56", "65", "74", "106"}));
    EXPECT_EQ(ids(t, t.children(t.at("10"))), (std::vector<std::string>{"11", "12"}));
    EXPECT_EQ(ids(t, t.children(t.at("36"))), (std::vector<std::string>{"37", "38"}));
    EXPECT_EQ(ids(t, t.children(t.at("106"))), (std::vector<std::string>{"107", "108"}));
    EXPECT_EQ(t.node(t.at("11")).qid, "Q900011");
    EXPECT_EQ(t.at("Q900012"), t.at("12"));  // id and parent given as numeric strings
    EXPECT_EQ(t.parent(t.at("12")), t.at("10"));
    EXPECT_EQ(t.depth(t.at("109")), 2);
    EXPECT_EQ(t.category(t.at("109")), t.at("106"));
    EXPECT_EQ(t.label(t.at("51")), "51");  // CapX carries no labels
}

TEST(TaxonomyCapx, PagedObjectAndNumericStrings) {
    const auto t = Taxonomy::from_capx(R"({"count": 4, "next": null, "previous": null, "results": [
        {"id": "50", "skill_wikidata_item": "Q900050", "skill_type": null},
        {"id": "51", "skill_wikidata_item": "Q900051", "skill_type": "50"},
        {"id": 52, "skill_wikidata_item": "Q900052", "skill_type": 50},
        {"id": "53", "skill_wikidata_item": "Q900053", "skill_type": 51}]})");
    EXPECT_EQ(t.size(), 4U);
    EXPECT_EQ(ids(t, t.roots()), (std::vector<std::string>{"50"}));
    EXPECT_EQ(ids(t, t.children(t.at("50"))), (std::vector<std::string>{"51", "52"}));
    EXPECT_EQ(t.parent(t.at("53")), t.at("51"));
    EXPECT_EQ(t.at("Q900053"), t.at("53"));
}

TEST(TaxonomyCapx, IdToQidMapGivesRoots) {
    const auto t = Taxonomy::from_capx(R"({"10": "Q900010", "36": "Q900036", "106": "Q900106"})");
    EXPECT_EQ(t.size(), 3U);
    EXPECT_EQ(t.roots().size(), 3U);
    EXPECT_EQ(t.node(t.at("36")).qid, "Q900036");
    EXPECT_EQ(t.at("Q900106"), t.at("106"));
}

TEST(TaxonomyCapx, InvalidTreesAreRejected) {
    // unknown parent
    EXPECT_THROW((void)Taxonomy::from_capx(R"([{"id": 11, "skill_wikidata_item": "Q900011", "skill_type": 10}])"),
                 ValidationError);
    // too deep
    EXPECT_THROW((void)Taxonomy::from_capx(R"([
        {"id": 1, "skill_wikidata_item": "Q1", "skill_type": null},
        {"id": 2, "skill_wikidata_item": "Q2", "skill_type": 1},
        {"id": 3, "skill_wikidata_item": "Q3", "skill_type": 2},
        {"id": 4, "skill_wikidata_item": "Q4", "skill_type": 3}])"),
                 ValidationError);
    // not JSON
    EXPECT_THROW((void)Taxonomy::from_capx("[{\"id\": 1,"), FormatError);
}

TEST(TaxonomyCapx, RoundTripsThroughOwnFormat) {
    const auto t = Taxonomy::from_capx(lc_test::slurp(data_path("capx/skills.json")));
    EXPECT_EQ(Taxonomy::from_json(t.to_json()), t);
}
