// Loads the bundled sample directory, finds who can share grant skills in French and
// recommends peers for its first participant.
#include <letsconnect/letsconnect.hpp>

#include <iostream>

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : LETSCONNECT_SAMPLE;
    try {
        const auto directory = letsconnect::Directory::load(path);
        std::cout << "letsconnect " << letsconnect::version << ": " << directory.size() << " profiles\n";

        letsconnect::SearchQuery query;
        query.shares = {"grants-resources"};  // a category: finds every skill under it
        query.languages = {"fr"};
        query.min_level = 2;
        for (const auto i : directory.search(query)) {
            const auto& p = directory.profile(i);
            std::cout << p.username << " (" << letsconnect::to_string(p.region) << ", " << p.country << ") shares";
            for (const auto& skill : p.shares) std::cout << ' ' << directory.taxonomy().label(directory.taxonomy().at(skill));
            std::cout << '\n';
        }

        // The five best peers for the first participant, with the reasons.
        const letsconnect::Scorer scorer(directory, 0);
        for (const auto& m : letsconnect::recommend(scorer, 5))
            std::cout << m.score.total << ' ' << directory.profile(m.candidate).username << ": "
                      << letsconnect::explain(scorer, m.candidate) << '\n';
    } catch (const letsconnect::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
