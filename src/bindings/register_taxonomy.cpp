// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The letsconnect authors
#include "letsconnect/io.hpp"
#include "letsconnect/region.hpp"
#include "letsconnect/taxonomy.hpp"
#include "pybind.hpp"

namespace letsconnect::python {

namespace {

// pybind11 holders cannot be pointers to const; Taxonomy has no mutating members anyway.
using TaxonomyPtr = std::shared_ptr<Taxonomy>;

TaxonomyPtr mutable_ptr(std::shared_ptr<const Taxonomy> t) { return std::const_pointer_cast<Taxonomy>(std::move(t)); }

py::object optional_str(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

std::vector<std::string> ids(const Taxonomy& t, std::span<const SkillIndex> indices) {
    std::vector<std::string> out;
    out.reserve(indices.size());
    for (SkillIndex i : indices) out.push_back(t.node(i).id);
    return out;
}

Region region_or_throw(const std::string& code) {
    if (auto r = parse_region(code)) return *r;
    throw NotFoundError(code, "region");
}

CountryCode country_or_throw(const std::string& alpha2) {
    if (auto c = parse_country(alpha2)) return *c;
    throw NotFoundError(alpha2, "country");
}

}  // namespace

void register_taxonomy(py::module_& m) {
    py::class_<SkillNode>(m, "SkillNode", "One node of a taxonomy: id, Wikidata QID, parent id and labels.")
        .def_property_readonly("id", [](const SkillNode& n) { return n.id; }, "Stable string id.")
        .def_property_readonly("qid", [](const SkillNode& n) { return optional_str(n.qid); }, "Wikidata QID or None.")
        .def_property_readonly("parent", [](const SkillNode& n) { return optional_str(n.parent); }, "Parent id or None.")
        .def_property_readonly("labels", [](const SkillNode& n) { return n.labels; }, "Language code → label.")
        .def("__eq__", [](const SkillNode& a, const py::object& b) { return py::isinstance<SkillNode>(b) && a == b.cast<const SkillNode&>(); })
        .def("__hash__", [](const SkillNode& n) { return py::hash(py::str(n.id)); })
        .def("__repr__", [](const SkillNode& n) {
            auto it = n.labels.find("en");
            return "<letsconnect.SkillNode id='" + n.id + "'" + (it != n.labels.end() ? " '" + it->second + "'" : "") + ">";
        });

    py::class_<Taxonomy, TaxonomyPtr>(m, "Taxonomy", R"pbdoc(A skills taxonomy: a forest of at most three levels.

Categories (roots) → skills → sub-skills. Nodes are named by their string id; lookups also
accept a node's Wikidata QID. Immutable.

>>> tax = Taxonomy.bundled("letsconnect")
>>> tax.category("grant-writing")
'grants-resources')pbdoc")
        .def(py::init([](std::string name, const std::vector<py::dict>& nodes) {
                 std::vector<SkillNode> list;
                 for (const auto& d : nodes) {
                     for (auto item : d) {
                         const std::string key = py::str(item.first);
                         if (key != "id" && key != "qid" && key != "parent" && key != "labels")
                             throw ValidationError({{"<Taxonomy>", "node", key, "unknown field (expected id, parent, qid, labels)"}});
                     }
                     SkillNode n;
                     auto get = [&](const char* key) {
                         if (!d.contains(key) || d[key].is_none()) return std::string();
                         if (!py::isinstance<py::str>(d[key])) throw py::type_error(std::string("node ") + key + ": expected a string");
                         return d[key].cast<std::string>();
                     };
                     n.id = get("id");
                     n.qid = get("qid");
                     n.parent = get("parent");
                     if (d.contains("labels") && !d["labels"].is_none())
                         n.labels = d["labels"].cast<std::map<std::string, std::string>>();
                     list.push_back(std::move(n));
                 }
                 return std::make_shared<Taxonomy>(std::move(name), std::move(list));
             }),
             "name"_a, "nodes"_a, "Build from a list of dicts with keys id, parent, qid, labels.")
        .def_static("bundled", [](const std::string& name) { return mutable_ptr(Taxonomy::bundled(name)); }, "name"_a = "letsconnect",
                    "A bundled taxonomy: 'letsconnect' (the programme's 5 categories) or 'capx' (CapX's 7 roots).")
        .def_static("bundled_names", &Taxonomy::bundled_names, "Names of the bundled taxonomies.")
        .def_static(
            "load", [](const py::object& path) { return std::make_shared<Taxonomy>(Taxonomy::load(to_path(path))); },
            "path"_a, "Load letsconnect.taxonomy/1 JSON from a file.")
        .def_static(
            "from_json", [](const std::string& text) { return std::make_shared<Taxonomy>(Taxonomy::from_json(text)); },
            "text"_a, "Parse letsconnect.taxonomy/1 JSON text.")
        .def_static(
            "from_capx",
            [](const py::object& skills) {
                return std::make_shared<Taxonomy>(Taxonomy::from_capx(json_text(skills, "skills"), "<capx skills>"));
            },
            "skills"_a, "Build from CapX's skill list: a path, or the parsed JSON (list, paged dict or {id: QID} map).")
        .def("to_json", &Taxonomy::to_json, "indent"_a = 2, "Serialise as letsconnect.taxonomy/1 JSON.")
        .def("save", [](const Taxonomy& t, const py::object& path) { t.save(to_path(path)); }, "path"_a,
             "Write letsconnect.taxonomy/1 JSON atomically.")
        .def_property_readonly("name", &Taxonomy::name, "Short name, e.g. 'letsconnect'.")
        .def_property_readonly("ids", [](const Taxonomy& t) {
            std::vector<std::string> out;
            for (const auto& n : t.nodes()) out.push_back(n.id);
            return out;
        }, "Every node id, parents first.")
        .def_property_readonly("roots", [](const Taxonomy& t) { return ids(t, t.roots()); }, "Ids of the categories.")
        .def("__len__", &Taxonomy::size)
        .def("__contains__", [](const Taxonomy& t, const std::string& key) { return t.find(key).has_value(); })
        .def("__getitem__", [](const Taxonomy& t, const std::string& key) { return t.node(t.at(key)); }, "key"_a,
             "The node with this id or QID; KeyError if unknown.")
        .def("__iter__", [](const Taxonomy& t) { return py::make_iterator(t.nodes().begin(), t.nodes().end()); },
             py::keep_alive<0, 1>(), "Iterate over the nodes, parents first.")
        .def("find", [](const Taxonomy& t, const std::string& key) -> py::object {
            if (auto i = t.find(key)) return py::str(t.node(*i).id);
            return py::none();
        }, "key"_a, "Id of the node whose id or QID is `key`, or None.")
        .def("parent", [](const Taxonomy& t, const std::string& key) -> py::object {
            const auto p = t.parent(t.at(key));
            return p == no_skill ? py::object(py::none()) : py::object(py::str(t.node(p).id));
        }, "key"_a, "Parent id, None for a category.")
        .def("ancestors", [](const Taxonomy& t, const std::string& key) {
            const auto a = t.ancestors(t.at(key));
            return ids(t, a);
        }, "key"_a, "Parent, grandparent, … nearest first.")
        .def("children", [](const Taxonomy& t, const std::string& key) { return ids(t, t.children(t.at(key))); }, "key"_a,
             "Direct children.")
        .def("subtree", [](const Taxonomy& t, const std::string& key) {
            const auto s = t.subtree(t.at(key));
            return ids(t, s);
        }, "key"_a, "The node and everything below it, parents first.")
        .def("category", [](const Taxonomy& t, const std::string& key) { return t.node(t.category(t.at(key))).id; }, "key"_a,
             "The category (root) a node belongs to.")
        .def("depth", [](const Taxonomy& t, const std::string& key) { return t.depth(t.at(key)); }, "key"_a,
             "0 for a category, 1 for a skill, 2 for a sub-skill.")
        .def("label", [](const Taxonomy& t, const std::string& key, const std::string& language) {
            return t.label(t.at(key), language);
        }, "key"_a, "language"_a = "en", "Label in `language`, falling back to English, then the id.")
        .def("__eq__", [](const Taxonomy& a, const py::object& b) { return py::isinstance<Taxonomy>(b) && a == b.cast<const Taxonomy&>(); })
        .def("__hash__", [](const Taxonomy& t) { return py::hash(py::str(t.to_json(-1))); })
        .def("__repr__", [](const Taxonomy& t) {
            const auto roots = t.roots().size();
            return "<letsconnect.Taxonomy '" + t.name() + "': " + std::to_string(roots) +
                   (roots == 1 ? " category, " : " categories, ") + std::to_string(t.size()) +
                   (t.size() == 1 ? " node>" : " nodes>");
        })
        .def("__copy__", [](const TaxonomyPtr& t) { return t; })
        .def("__deepcopy__", [](const TaxonomyPtr& t, const py::object&) { return t; }, "memo"_a)
        .def(py::pickle([](const Taxonomy& t) { return py::make_tuple(t.to_json(-1)); },
                        [](const py::tuple& state) {
                            return std::make_shared<Taxonomy>(Taxonomy::from_json(state[0].cast<std::string>()));
                        }));

    // Regions and countries.
    m.def("regions", [] {
        std::vector<std::string> out;
        for (Region r : all_regions) out.emplace_back(to_string(r));
        return out;
    }, "Codes of Wikimedia's eight regions.");
    m.def("region_name", [](const std::string& code) { return std::string(region_name(region_or_throw(code))); },
          "code"_a, "English name of a region code (aliases USCA, CEE accepted).");
    m.def("normalize_region", [](const std::string& code) { return std::string(to_string(region_or_throw(code))); },
          "code"_a, "Canonical region code: 'usca' → 'NA', 'CEE' → 'CEECA'.");
    m.def("capx_territory_id", [](const std::string& code) { return capx_territory_id(region_or_throw(code)); },
          "code"_a, "CapX's territory id (18–25) of a region.");
    m.def("is_under_represented", [](const std::string& code) { return is_under_represented(region_or_throw(code)); },
          "code"_a, "True for every region but NWE and NA (the programme's metric).");
    m.def("country_region", [](const std::string& alpha2) { return std::string(to_string(country_region(country_or_throw(alpha2)))); },
          "alpha2"_a, "Wikimedia region of an ISO 3166-1 alpha-2 country code.");
    m.def("country_name", [](const std::string& alpha2) { return std::string(country_name(country_or_throw(alpha2))); },
          "alpha2"_a, "English short name of a country.");
    m.def("countries", [] {
        std::vector<std::tuple<std::string, std::string, std::string>> out;
        for (std::size_t i = 0; i < country_count(); ++i) {
            const auto c = static_cast<CountryCode>(i);
            out.emplace_back(country_alpha2(c), country_name(c), to_string(country_region(c)));
        }
        return out;
    }, "The bundled country table: (alpha2, name, region) for every ISO 3166-1 country and XK.");
}

}  // namespace letsconnect::python
