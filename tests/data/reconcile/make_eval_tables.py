"""Tables for make_eval.py: the taxonomy's skills, curated profiles and planted non-registered names.

The shared tables — countries, name pools, a script lexicon, Zoom name decorations — live in the
package, python/letsconnect/_synthetic_names.py (the synthetic programme generator uses them too).
They are loaded here by path, so make_eval.py still runs with the standard library only, without
importing letsconnect. Every name there is a common given name or surname; make_eval.py pairs them
at random, so every person in the evaluation set is invented.
"""
import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[3] / "python" / "letsconnect" / "_synthetic_names.py"
_spec = importlib.util.spec_from_file_location("_letsconnect_synthetic_names", _PATH)
_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_names)

L, CC, CULT, FAMOUS, NICK, LEX = _names.L, _names.CC, _names.CULT, _names.FAMOUS, _names.NICK, _names.LEX
PRON, TITLES, DEVICES, DEVICE_ONLY, HOSTS, INTERP = (_names.PRON, _names.TITLES, _names.DEVICES, _names.DEVICE_ONLY,
                                                     _names.HOSTS, _names.INTERP)

SKILLS = L("""event-organising, online-hybrid-events, project-management, volunteer-management, strategic-planning,
partnerships, glam-partnerships, education-partnerships, governance, affiliate-building, leadership-development,
team-coordination, knowledge-management, social-media, media-relations, conflict-management, friendly-space-policies,
universal-code-of-conduct, community-engagement, mentoring, public-speaking, diversity-inclusion, newcomer-onboarding,
facilitation, volunteer-wellbeing, grant-writing, rapid-fund, general-support-fund, fundraising, budgeting,
financial-management, financial-reporting, grant-reporting, resource-mobilisation, in-kind-support, legal-compliance,
program-evaluation, needs-assessment, surveys, metrics-dashboards, data-analysis, storytelling-reporting,
training-of-trainers, learning-design, wikipedia-education, peer-learning, editing-wikipedia, wikidata,
wikimedia-commons, wikisource, lua-templates, bots-scripts, outreach-dashboard, translation, content-translation,
editathons, photo-contests, copyright-licensing, patrolling-administration, new-language-wikis""")

# full name | given | surname | gender | culture/country | username | aliases (;) | flags (noname, script, vn, xlit:...)
CURATED = """
Amina Bello|Amina|Bello|f|hausa/NG|Amina Bello|Mina;Mina B|
Amina Yusuf|Amina|Yusuf|f|hausa/NG|Amina_Yusuf||
Kofi Mensah|Kofi|Mensah|m|akan/GH|Kofi_Mensah88||
Ama Mensah|Ama|Mensah|f|akan/GH|Ama.Mensah||
Oluwaseun Adeyemi Bakare|Oluwaseun|Bakare|m|yoruba/NG|Seun.Adeyemi|Seun Adeyemi;Seun Bakare|
Ngozi Eze|Ngozi|Eze|f|igbo/NG|NgoziEze22||
Chioma Eze|Chioma|Eze|f|igbo/NG|Chioma E||
Chukwuemeka Nwosu|Chukwuemeka|Nwosu|m|igbo/NG|Emekanwosu|Emeka;Emeka Nwosu|
Funmilayo Ogundipe|Funmilayo|Ogundipe|f|yoruba/NG|Funmi_O|Funmi Ogundipe|
Abdulrahman Idris|Abdulrahman|Idris|m|hausa/NG|Abdul.Idris|Abdul Idris|
Aïssatou Diop|Aïssatou|Diop|f|francoaf/SN|Aissatou_Diop||
Fatou Diop|Fatou|Diop|f|francoaf/SN|FatouD||
Jean-Paul Habimana|Jean-Paul|Habimana|m|greatlakes/RW|Habimana JP|JP Habimana|
María José Núñez|María José|Núñez|f|hisp/MX|MariaJose.Nunez|Majo Núñez|
Guadalupe Hernández|Guadalupe|Hernández|f|hisp/MX|Lupita_Hdz|Lupita Hernández;Lupita|
Juan Pérez|Juan|Pérez|m|hisp/CO|JuanPerez_CO||
José-Luis Ortega|José-Luis|Ortega|m|hisp/AR|JLOrtega||
João Gonçalves|João|Gonçalves|m|brazil/BR|Joao.Goncalves||
Ana Paula de Souza Lima|Ana Paula|Lima|f|brazil/BR|AnaPaulaSL|Ana Lima|
Lucas Silva|Lucas|Silva|m|brazil/BR|Lucas_Silva_BR||
Phạm Thị Lan|Lan|Phạm|f|viet/VN|Lan Pham|Pham Thi Lan|vn
Siobhán O'Neil|Siobhán|O'Neil|f|irish/IE|SiobhanON||
Claire Dubois|Claire|Dubois|f|french/FR|Claire.Dubois||
Jonas Weber|Jonas|Weber|m|german/DE|J.Weber||
Omar Haddad|Omar|Haddad|m|arab/JO|Omar Haddad 7||
Alexandra Bondarenko|Alexandra|Bondarenko|f|ukr/UA|Sasha_B|Sasha;Sasha Bondarenko|
Kwame Asante|Kwame|Asante|m|akan/GH|Kwame_Asante||noname
Thabo Mokoena|Thabo|Mokoena|m|southern/ZA|Thabo.Mokoena||noname
Wanjiru Kamau|Wanjiru|Kamau|f|eastafr/KE|WanjiruKamau||noname
Diego Rojas|Diego|Rojas|m|hisp/PE|Diego_Rojas_PE||noname
Nomsa Khumalo|Nomsa|Khumalo|f|southern/ZM|Nomsa.Khumalo||noname
Elif Demir|Elif|Demir|f|turkish/TR|ElifDemir||noname
Tanvir Hossain|Tanvir|Hossain|m|bangla/BD|Tanvir_H||script
Farhana Akter|Farhana|Akter|f|bangla/BD|Farhana.Akter||script
Yousef Qasem|Yousef|Qasem|m|arab/JO|YousefQ||script
Rania Saleh|Rania|Saleh|f|arab/EG|Rania.Saleh||script
Hiba Darwish|Hiba|Darwish|f|arab/LB|HibaDarwish90||script
Yasmin Haddad|Yasmin|Haddad|f|arab/MA|Yasmin_Haddad||script
Olena Kovalenko|Olena|Kovalenko|f|ukr/UA|Olena_K||script
Aigul Nurlanova|Aigul|Nurlanova|f|central/KZ|Aigul.N||script
Taras Melnyk|Taras|Melnyk|m|ukr/UA|TarasMelnyk||script
Kavita Joshi|Kavita|Joshi|f|india/IN|Kavita Joshi||script
Sunita Gurung|Sunita|Gurung|f|nepal/NP|SunitaG||script
Eleni Papadaki|Eleni|Papadaki|f|greek/GR|Eleni.P||script
Nikos Andreou|Nikos|Andreou|m|greek/CY|Nikos Andreou||script
Abebe Kebede|Abebe|Kebede|m|ethiopia/ET|Abebe Kebede||script
Selam Girma|Selam|Girma|f|ethiopia/ET|SelamG||script
Dawit Alemu|Dawit|Alemu|m|ethiopia/ET|Dawit_Alemu||script
Дмитрий Соколов|Дмитрий|Соколов|m|central/RU|Dmitri_S|Dmitri Sokolov|xlit:Dmitriy Sokolov;Dmitry Sokolov;Dmitrii Sokolov
Бакыт Осмонов|Бакыт|Осмонов|m|central/KG|Бакыт Осмонов||xlit:Bakyt Osmonov;Bakit Osmonov
Ірина Петренко|Ірина|Петренко|f|ukr/UA|IrynaP|Iryna Petrenko|xlit:Irina Petrenko;Iryna Petrenko
ليلى حمدان|ليلى|حمدان|f|arab/JO|Layla.Hamdan|Layla Hamdan|xlit:Leila Hamdan;Laila Hamdan
كريم عزام|كريم|عزام|m|arab/EG|كريم عزام||xlit:Karim Azzam;Kareem Azzam
"""
NR_SCRIPT = L("Yousef Hamdan/m/JO, Nour Mansour/f/EG, Khaled Saleh/m/LB, Oksana Kovalenko/f/UA, Andriy Bondarenko/m/UA, "
              "Priya Thapa/f/NP, Anil Joshi/m/IN, Giorgos Andreou/m/GR, Hana Bekele/f/ET, Selam Kebede/f/ET, "
              "Rafiq Islam/m/BD, Farhana Hossain/f/BD")
NR_PLANTED = ["Juma Said/m/eastafr/TZ", "Amina Bakare/f/hausa/NG", "Kwabena Mensah/m/akan/GH"]

