"""Tables for make_eval.py: countries, name pools, curated profiles, a script lexicon, decorations.

Every name here is a common given name or surname; make_eval.py pairs them at random, so every
person in the evaluation set is invented.
"""


def L(s):
    return [x.strip() for x in s.split(",") if x.strip()]


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

# cc region time-zones languages | affiliation | its short form | a city people add to their name
COUNTRY_TABLE = """
NG SSA Africa/Lagos en:4 | Wikimedia Nigeria | WMNG | Lagos
GH SSA Africa/Accra en:4 | Wikimedia Ghana UG | WMGH | Kumasi
KE SSA Africa/Nairobi sw:N,en:4 | Wikimedia Kenya | WMKE | Nairobi
TZ SSA Africa/Dar_es_Salaam sw:N,en:3 | Wikimedia Tanzania | WMTZ | Dar
UG SSA Africa/Kampala lg:N,en:4 | Wikimedia Uganda | WMUG | Kampala
ET SSA Africa/Addis_Ababa am:N,en:4 | Wikimedians of Ethiopia | WMET | Addis
SN SSA Africa/Dakar wo:N,fr:4 | Wikimedia Sénégal | WMSN | Dakar
CI SSA Africa/Abidjan fr:N | Wikimédia Côte d'Ivoire | WMCI | Abidjan
CM SSA Africa/Douala fr:4,en:3 | Wikimedia Cameroun | WMCM | Yaoundé
ML SSA Africa/Bamako bm:N,fr:4 | Wikimedia Mali | WMML | Bamako
BJ SSA Africa/Porto-Novo fon:N,fr:5 | Wikimedia Bénin | WMBJ | Cotonou
AO SSA Africa/Luanda pt:N,en:2 | Wikimedia Angola | WMAO | Luanda
MZ SSA Africa/Maputo pt:N,ts:4,en:2 | Wikimedia Moçambique | WMMZ | Maputo
ZA SSA Africa/Johannesburg zu:N,en:5 | Wikimedia South Africa | WMZA | Joburg
ZM SSA Africa/Lusaka bem:N,en:5 | Wikimedia Zambia | WMZM | Lusaka
ZW SSA Africa/Harare sn:N,en:5 | Wikimedia Zimbabwe | WMZW | Harare
RW SSA Africa/Kigali rw:N,en:4,fr:3 | Wikimedia Rwanda | WMRW | Kigali
CD SSA Africa/Kinshasa ln:N,fr:5 | Wikimedia RDC | WMCD | Kinshasa
EG MENA Africa/Cairo ar:N,en:4 | Wikimedians of Egypt | WMEG | Cairo
MA MENA Africa/Casablanca ar:N,fr:4,en:2 | Moroccan Wikimedians | MWUG | Rabat
TN MENA Africa/Tunis ar:N,fr:4,en:3 | Wikimedia Tunisie | WMTN | Sfax
DZ MENA Africa/Algiers ar:N,fr:4 | Wikimedia Algérie | WMDZ | Oran
JO MENA Asia/Amman ar:N,en:4 | Wikimedians of the Levant | WMLEV | Amman
LB MENA Asia/Beirut ar:N,fr:3,en:4 | Wikimedians of the Levant | WMLEV | Beirut
TR MENA Europe/Istanbul tr:N,en:3 | Wikimedia Türkiye | WMTR | İzmir
IN SA Asia/Kolkata hi:N,en:4 | Hindi Wikimedians UG | HWUG | Pune
NP SA Asia/Kathmandu ne:N,en:3,hi:3 | Wikimedians of Nepal | WMNP | Pokhara
BD SA Asia/Dhaka bn:N,en:4 | Wikimedia Bangladesh | WMBD | Sylhet
PK SA Asia/Karachi ur:N,en:4 | Wikimedians of Pakistan | WMPK | Lahore
LK SA Asia/Colombo si:N,en:4 | Wikimedia Sri Lanka | WMLK | Kandy
ID ESEAP Asia/Jakarta id:N,en:3 | Wikimedia Indonesia | WMID | Bandung
PH ESEAP Asia/Manila tl:N,en:5 | Wikimedia Philippines | WMPH | Cebu
VN ESEAP Asia/Ho_Chi_Minh vi:N,en:3 | Vietnamese Wikimedians | VWUG | Huế
MX LAC America/Mexico_City es:N,en:3 | Wikimedia México | WMMX | CDMX
AR LAC America/Argentina/Buenos_Aires es:N,en:3,pt:2 | Wikimedia Argentina | WMAR | Córdoba
CO LAC America/Bogota es:N,en:3 | Wikimedia Colombia | WMCO | Medellín
PE LAC America/Lima es:N,qu:3,en:2 | Wikimedia Perú | WMPE | Cusco
CL LAC America/Santiago es:N,en:3 | Wikimedia Chile | WMCL | Valparaíso
BR LAC America/Sao_Paulo,America/Recife,America/Manaus pt:N,en:3,es:2 | Wiki Movimento Brasil | WMB | Recife
UA CEECA Europe/Kyiv uk:N,ru:4,en:3 | Wikimedia Ukraine | WMUA | Lviv
RU CEECA Europe/Moscow ru:N,en:3 | Wikimedians of the Volga Region | WMVR | Kazan
KZ CEECA Asia/Almaty kk:N,ru:N,en:3 | Wikimedia Kazakhstan | WMKZ | Almaty
KG CEECA Asia/Bishkek ky:N,ru:5,en:2 | Wikimedians of Kyrgyzstan | WMKG | Osh
GE CEECA Asia/Tbilisi ka:N,en:4,ru:3 | Georgian Wikimedians | GWUG | Batumi
AM CEECA Asia/Yerevan hy:N,ru:4,en:3 | Wikimedia Armenia | WMAM | Gyumri
DE NWE Europe/Berlin de:N,en:4 | Wikimedia Deutschland | WMDE | Leipzig
FR NWE Europe/Paris fr:N,en:3 | Wikimédia France | WMFR | Lyon
IE NWE Europe/Dublin en:N,ga:2 | Wikimedia Community Ireland | WMIE | Cork
GR NWE Europe/Athens el:N,en:4 | Wikimedia Greece UG | WMGR | Patras
CY NWE Asia/Nicosia el:N,en:4,tr:1 | Wikimedians of Cyprus | WMCY | Limassol
US NA America/New_York,America/Chicago,America/Los_Angeles en:N,es:2 | Wikimedia NYC | WMNYC | Brooklyn
CA NA America/Toronto en:N,fr:3 | Wikimedia Canada | WMCA | Toronto
"""
CC = {}
for _line in COUNTRY_TABLE.strip().splitlines():
    _head, _long, _short, _city = [x.strip() for x in _line.split("|")]
    _cc, _region, _tzs, _langs = _head.split()
    CC[_cc] = dict(region=_region, tzs=_tzs.split(","), langs=dict(x.split(":") for x in _langs.split(",")),
                   aff=(_long, _short), city=_city)

# culture: countries, extra native languages, weight within its region, female | male | surnames
CULT = {
    "yoruba": ("NG", "yo:N", 3, "Funmilayo, Adebola, Temitope, Yetunde, Bisola, Kehinde, Folake, Omolara, Titilayo",
               "Babatunde, Femi, Tunde, Adewale, Segun, Kayode, Dapo, Gbenga, Oluwaseun",
               "Adeyemi, Bakare, Ogunleye, Adeleke, Oyelaran, Ogundipe, Akinola, Olatunji, Oladipo, Afolabi, Oyedele"),
    "igbo": ("NG", "ig:N", 3, "Ngozi, Chiamaka, Adaeze, Nneka, Ifeoma, Chioma, Obiageli, Uchenna, Amarachi",
             "Chinedu, Emeka, Obinna, Ikenna, Chukwudi, Nnamdi, Ifeanyi, Kelechi, Chidi",
             "Okafor, Eze, Nwosu, Okeke, Nwachukwu, Udeh, Anyanwu, Ibekwe, Ezeh, Obiora, Onyeka"),
    "hausa": ("NG", "ha:N", 3, "Amina, Zainab, Hauwa, Fatima, Aisha, Halima, Hadiza, Maryam, Rukayya",
              "Ibrahim, Musa, Abubakar, Sani, Aliyu, Usman, Bashir, Yakubu, Nasiru",
              "Bello, Yusuf, Abdullahi, Garba, Danjuma, Lawal, Suleiman, Idris, Shehu, Umar"),
    "akan": ("GH", "ak:N", 3, "Ama, Akosua, Efua, Abena, Adwoa, Yaa, Afua, Esi, Akua",
             "Kofi, Kwame, Kwabena, Yaw, Kwesi, Kojo, Kwaku, Fiifi, Kwadwo",
             "Mensah, Asante, Boateng, Owusu, Osei, Appiah, Darko, Agyeman, Ofori, Amoah, Sarpong"),
    "eastafr": ("KE TZ UG", "", 4, "Wanjiru, Akinyi, Achieng, Nyambura, Zawadi, Neema, Rehema, Auma, Nafula, Nakato",
                "Juma, Baraka, Otieno, Kiprono, Mwangi, Kamau, Omondi, Wekesa, Mugisha, Kato",
                "Said, Njoroge, Ochieng, Kariuki, Wanyama, Mutua, Kiprotich, Mushi, Swai, Kimaro, Okello, Namutebi"),
    "ethiopia": ("ET", "", 2, "Hana, Selam, Meron, Tigist, Bethlehem, Saba, Mekdes, Liya, Hiwot",
                 "Abebe, Dawit, Yonas, Henok, Samuel, Biniam, Elias, Tewodros, Mulugeta",
                 "Kebede, Tesfaye, Girma, Alemu, Bekele, Haile, Tadesse, Worku, Abera, Desta, Getachew"),
    "francoaf": ("SN CI CM ML BJ", "", 4,
                 "Aïssatou, Fatou, Mariama, Awa, Khady, Aminata, Rokhaya, Clarisse, Josiane, Estelle, Adjoa",
                 "Mamadou, Ousmane, Cheikh, Moussa, Serge, Hervé, Yves, Idrissa, Souleymane, Arnaud, Modeste",
                 "Diop, Ndiaye, Sow, Diallo, Traoré, Koné, Coulibaly, Kouassi, Ngono, Tchamba, Houngbo, Sarr, Keïta"),
    "lusoaf": ("AO MZ", "", 2, "Helena, Esperança, Luísa, Domingas, Celeste, Teresa, Albertina",
               "Nelson, Armando, Domingos, Edson, Manuel, Feliciano, Adérito",
               "Cassoma, Macuácua, Mabunda, Sitoe, Muianga, Cardoso, Kiala, Mateus, Nhantumbo"),
    "southern": ("ZA ZM ZW", "", 3, "Thandiwe, Nomsa, Lerato, Mpho, Chipo, Rutendo, Mwila, Naledi, Zanele",
                 "Sipho, Thabo, Tendai, Bongani, Tafadzwa, Lungile, Chanda, Mandla, Tatenda",
                 "Dlamini, Nkosi, Mokoena, Khumalo, Banda, Phiri, Moyo, Ncube, Mwale, Sibanda"),
    "greatlakes": ("RW CD", "", 2, "Uwase, Claudine, Divine, Aline, Grâce, Solange, Mireille",
                   "Eric, Patrick, Olivier, Pacifique, Fabrice, Jean-Claude, Emmanuel",
                   "Habimana, Uwimana, Niyonzima, Mugabo, Ndayisaba, Mukendi, Tshibanda, Ilunga, Kalala"),
    "arab": ("EG MA TN DZ JO LB", "", 4, "Mariam, Salma, Yasmin, Rania, Nour, Hiba, Layla, Samira, Dina, Amal, Rim",
             "Omar, Youssef, Karim, Ahmed, Khaled, Tarek, Hamza, Mehdi, Anas, Bilal, Yassine",
             "Haddad, Mansour, Saleh, Qasem, Nasser, Darwish, Hamdan, Azzam, Ben Ali, El Amrani, Chaabane, Bakri"),
    "turkish": ("TR", "", 1, "Elif, Zeynep, Ayşe, Defne", "Emre, Burak, Mert, Oğuz", "Demir, Yıldız, Çelik, Kaya, Şahin, Aydın"),
    "india": ("IN", "", 3, "Priya, Kavita, Ananya, Lakshmi, Meera, Deepa, Shalini", "Rohan, Anil, Vikram, Suresh, Karthik, Manoj, Nitin",
              "Sharma, Verma, Nair, Iyer, Joshi, Reddy, Menon, Kulkarni, Das, Pillai"),
    "nepal": ("NP", "", 1, "Sushma, Sunita, Anjali, Sabina", "Bishnu, Ramesh, Prakash, Sagar", "Thapa, Gurung, Adhikari, Shrestha, Karki, Rai"),
    "bangla": ("BD", "", 1, "Farhana, Sadia, Nasrin, Tahmina", "Tanvir, Rafiq, Arif, Imran", "Hossain, Akter, Islam, Rahman, Chowdhury, Uddin"),
    "pak": ("PK", "", 1, "Ayesha, Sana, Hira, Mahnoor", "Bilal, Usman, Faisal, Hamza", "Qureshi, Siddiqui, Malik, Butt, Baig"),
    "lanka": ("LK", "", 1, "Nadeesha, Dilani, Tharushi", "Kasun, Chaminda, Nuwan", "Perera, Fernando, Jayasinghe, Bandara"),
    "indo": ("ID", "jv:4", 2, "Putri, Dewi, Sari, Ratna, Ayu", "Budi, Agus, Rizky, Fajar", "Rahmawati, Wulandari, Santoso, Saputra, Hidayat, Nugroho"),
    "phil": ("PH", "", 2, "Maricel, Joy, Kristine, Angelica", "Jericho, Paolo, Mark, Rodel", "Santos, Reyes, Dela Cruz, Bautista, Villanueva"),
    "viet": ("VN", "", 1, "Lan, Hương, Linh, Thảo", "Tuấn, Dũng, Quang, Hải", "Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ"),
    "hisp": ("MX AR CO PE CL", "", 3, "María José, Guadalupe, Lucía, Valentina, Camila, Daniela, Rocío, Ximena, Paola",
             "José Luis, Juan, Martín, Diego, Andrés, Santiago, Mateo, Joaquín, Tomás",
             "Hernández, Pérez, Núñez, Gómez, Restrepo, Sosa, Benítez, Quispe, Rojas, Castillo, Ortega, Vargas, Muñoz"),
    "brazil": ("BR", "", 2, "Ana Paula, Luana, Juliana, Beatriz, Fernanda, Larissa", "João, Lucas, Gabriel, Rafael, Thiago, Pedro",
               "Silva, Souza, Lima, Ferreira, Gonçalves, Oliveira, Costa, Carvalho, Almeida, Rocha"),
    "ukr": ("UA", "", 2, "Olena, Iryna, Oksana, Kateryna", "Taras, Andriy, Oleksandr, Bohdan", "Kovalenko, Petrenko, Bondarenko, Tkachenko, Kravchenko"),
    "central": ("KZ KG", "", 1, "Aigerim, Aigul, Dinara, Saule", "Daniyar, Nurlan, Timur, Azamat", "Bekov, Nurlanov, Sadykov, Iskakov, Omarov"),
    "georgia": ("GE", "", 1, "Nino, Tamar, Ketevan", "Giorgi, Levan, Irakli", "Beridze, Kapanadze, Lomidze, Gelashvili"),
    "armenia": ("AM", "", 1, "Ani, Lilit, Anahit", "Aram, Davit, Tigran", "Hakobyan, Petrosyan, Grigoryan, Sargsyan"),
    "german": ("DE", "", 1, "Anna, Lena, Jana, Miriam", "Jonas, Lukas, Felix, Tobias", "Weber, Brandt, Hoffmann, Becker, Schulte"),
    "french": ("FR", "", 1, "Claire, Camille, Élodie, Margaux", "Julien, Hugo, Mathieu, Rémi", "Dubois, Moreau, Lefèvre, Garnier, Roussel"),
    "irish": ("IE", "", 1, "Siobhán, Aoife, Niamh", "Cian, Ciarán, Darragh", "O'Neil, O'Brien, Byrne, Walsh, Kavanagh"),
    "greek": ("GR CY", "", 1, "Eleni, Dimitra, Sofia", "Nikos, Giorgos, Kostas", "Papadakis, Andreou, Georgiou, Nikolaidis"),
    "us": ("US CA", "", 1, "Jordan, Megan, Emily, Rachel", "Tyler, Ryan, Marcus, Kevin", "Ellis, Parker, Thompson, Brooks, Morales, Whitfield"),
}
CULT = {k: dict(ccs=v[0].split(), langs=dict(x.split(":") for x in v[1].split(",") if x), w=v[2], f=L(v[3]), m=L(v[4]),
                s=L(v[5]), region=CC[v[0].split()[0]]["region"]) for k, v in CULT.items()}
# Random pairings that would name well-known real people: never used.
FAMOUS = set(L("""Moussa Traoré, Cheikh Diop, Femi Adebayo, Lucas Lima, Emeka Okafor, Sipho Dlamini, Kwesi Appiah,
Rokhaya Diallo, Darragh O'Brien, Niamh Kavanagh, Aminata Traoré, Ousmane Sow, Moussa Sow, Sipho Nkosi, Bongani Khumalo,
Thiago Silva, Fernanda Lima, Juliana Silva, Beatriz Souza, Rohan Joshi, Anil Sharma, Meera Nair, Lakshmi Menon,
Oleksandr Tkachenko, Kevin Parker, Tigran Petrosyan, Tigran Sargsyan, Paolo Santos, Faisal Qureshi, Ahmed Mansour,
Andrés Gómez, Pedro Rocha, Santiago Sosa, Daniela Castillo, Juan Muñoz, Martín Vargas"""))
NICK = {"Oluwaseun": "Seun", "Babatunde": "Tunde", "Funmilayo": "Funmi", "Temitope": "Tope", "Adebola": "Bola",
        "Abubakar": "Abu", "Guadalupe": "Lupita", "Oleksandr": "Sasha", "Kateryna": "Katya", "Tewodros": "Teddy",
        "Bethlehem": "Betty", "Mulugeta": "Mulu", "Chiamaka": "Amaka", "Obiageli": "Oby", "Esperança": "Espe"}

# A registered Latin name in another script (and non-Latin registered names), token by token.
LEX = {"Yousef": "يوسف", "Rania": "رانيا", "Hiba": "هبة", "Yasmin": "ياسمين", "Qasem": "قاسم", "Saleh": "صالح",
       "Darwish": "درويش", "Haddad": "حداد", "Khaled": "خالد", "Nour": "نور", "Mansour": "منصور", "Hamdan": "حمدان",
       "Olena": "Олена", "Kovalenko": "Коваленко", "Aigul": "Айгуль", "Nurlanova": "Нурланова", "Taras": "Тарас",
       "Melnyk": "Мельник", "Oksana": "Оксана", "Bondarenko": "Бондаренко", "Andriy": "Андрій",
       "Kavita": "कविता", "Joshi": "जोशी", "Sunita": "सुनीता", "Gurung": "गुरुङ", "Priya": "प्रिया", "Thapa": "थापा",
       "Anil": "अनिल", "Eleni": "Ελένη", "Papadaki": "Παπαδάκη", "Nikos": "Νίκος", "Andreou": "Ανδρέου",
       "Giorgos": "Γιώργος", "Abebe": "አበበ", "Kebede": "ከበደ", "Selam": "ሰላም", "Girma": "ግርማ", "Dawit": "ዳዊት",
       "Alemu": "አለሙ", "Hana": "ሃና", "Bekele": "በቀለ", "Tanvir": "তানভীর", "Hossain": "হোসেন",
       "Farhana": "ফারহানা", "Akter": "আক্তার", "Rafiq": "রফিক", "Islam": "ইসলাম"}
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

PRON = {"en": {"f": ["she/her"], "m": ["he/him"]}, "es": {"f": ["ella", "ella/she"], "m": ["él", "él/he"]},
        "pt": {"f": ["ela/dela"], "m": ["ele/dele"]}, "fr": {"f": ["elle", "elle/she"], "m": ["il", "il/lui"]},
        "de": {"f": ["sie/ihr"], "m": ["er/ihm"]}}
TITLES = {"en": {"f": "Dr., Dr, Prof, Ms., Mrs, Eng.", "m": "Dr., Dr, Prof, Mr., Eng., Engr."},
          "fr": {"f": "Mme, Dr, Pr", "m": "M., Dr, Pr"}, "es": {"f": "Dra., Lic., Ing., Sra.", "m": "Dr., Lic., Ing., Sr."},
          "pt": {"f": "Dra., Profa., Eng.", "m": "Dr., Prof., Eng."}, "de": {"f": "Dr., Frau", "m": "Dr., Herr"}}
DEVICES = L("iPhone, iPad, Galaxy A52, Galaxy S21, Redmi Note 8, HUAWEI P30 lite, TECNO SPARK 8, Pixel 6")
DEVICE_ONLY = L("Galaxy A12, Samsung SM-A125F, iPhone, Zoom user, Redmi Note 9, TECNO SPARK 7, itel A56, Infinix HOT 10, "
                "HUAWEI Y7 Prime, Galaxy A03s, iPad, Android, OPPO A15, vivo 1906, SM-A505F, Nokia G10, moto g(8), User")
HOSTS = ["Let's Connect Host", "Let's Connect Team (Host)"]
INTERP = {"fr": L("Interpretation - FR, Interprète FR, Interprète (FR)"), "es": L("Interpreter ES, Intérprete ES, Interpretación - ES"),
          "pt": L("Intérprete (PT), Interpretação PT, Interpretation - PT"), "ar": L("Interpreter AR, Interpretation - AR"),
          "en": L("Interpreter EN, Interpretation - EN, Intérprete (EN)")}
