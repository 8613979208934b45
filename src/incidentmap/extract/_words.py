"""Word lists that tell a place name from a person, an organisation or an adjective."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


__all__ = [
    "CAPITALISED_CONNECTORS",
    "DEMONYMS",
    "DEMONYM_PLACES",
    "NOUN_FOLLOWERS",
    "ORG_HEADS",
    "ORG_OPENERS",
    "PLACE_PREFIXES",
    "TITLES",
    "TYPE_SUFFIXES",
    "US_ABBREVIATIONS",
]

#: Lower-case words allowed inside a multi-word place name ("Ras al-Ain", "Stratford-upon-Avon").
CAPITALISED_CONNECTORS: frozenset[str] = _words(
    "al el ad ed ar er as es at et az ez ash esh an en ath eth adh edh the of de la le les du des "
    "del della da do dos das di upon on sur sous am im an der den bin ibn bint y and"
)

#: Words that make the capitalised name in front of them part of an organisation's name
#: ("Deir ez-Zor Military Council", "New York Times").
ORG_HEADS: frozenset[str] = _words(
    """forces force council councils army armies observatory ministry committee front brigade
    brigades division regiment battalion corps party movement organization organisation agency
    institute university college school academy times post journal herald news tribune gazette
    daily magazine press radio tv television airlines airways airport's company corporation corp
    inc ltd club fc police department office command administration authority union association
    league foundation center centre coalition operations guard guards navy embassy consulate
    commission parliament assembly congress senate court group holdings bank exchange network
    channel studios records museum federation team hospital clinic church mosque cathedral
    government governments regime militia militias units unit alliance"""
)

#: Words that open an organisation's name, so a place name after them belongs to it
#: ("Jabhat Fateh al-Sham", "Islamic State of Iraq and Syria", "University of Aleppo").
ORG_OPENERS: frozenset[str] = _words(
    """jabhat jabha jaysh jaish harakat harakah liwa liwaa ahrar hayat hayat tahrir fateh fatah
    ansar kataib kata'ib saraya firqat faylaq islamic university bank ministry museum college
    institute embassy consulate commission council"""
)

#: Titles and roles written before a person's name ("Lt. Gen. Townsend", "envoy Samantha Power").
TITLES: frozenset[str] = _words(
    """mr mrs ms miss dr prof professor gen general lt lieutenant col colonel maj major capt
    captain sgt sergeant cpl corporal pvt private adm admiral cmdr commander brig brigadier
    president vice secretary minister premier chancellor sen senator rep representative gov
    governor mayor king queen prince princess sheikh sheik emir imam pope rev reverend father
    sister brother judge justice spokesman spokeswoman spokesperson envoy ambassador chief
    director chairman chairwoman chair coach officer commissioner marshal ayatollah mullah
    sultan lord lady sir dame saint st"""
)

#: Capitalised words that start place names, so a name after them is not a surname
#: ("North Aleppo", "Lake Assad", "Port Said", "Mount Hermon").
PLACE_PREFIXES: frozenset[str] = _words(
    """north south east west northern southern eastern western central upper lower greater
    new old lake mount mt port fort san santa sao são saint st ste la le los las el al
    ras tell tal jabal jebel jabel wadi ain ayn deir dayr bab kafr kfar khirbet khirbat
    tel beit bayt abu umm um sheikh cape isla isle island islands gulf bay sea river
    city county province greater"""
)

#: Place-type words that may follow a name and belong to the mention ("Deir Ezzor province").
TYPE_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(words.split())
    for words in (
        "border crossing",
        "crossing",
        "air base",
        "airbase",
        "airport",
        "military airport",
        "airfield",
        "air field",
        "base",
        "garrison",
        "dam",
        "province",
        "governorate",
        "district",
        "region",
        "river",
        "lake",
        "oil field",
        "oilfield",
        "gas field",
        "field",
        "camp",
        "refugee camp",
        "city",
        "town",
        "village",
    )
)

#: Adjectives of nationality: never place names on their own.
DEMONYMS: frozenset[str] = _words(
    """afghan albanian algerian american arab arabian argentine argentinian armenian
    australian austrian azerbaijani azeri bahraini bangladeshi belarusian belgian bosnian
    brazilian british bulgarian burmese canadian chadian chilean chinese colombian croatian
    cuban cypriot czech danish dutch egyptian emirati english eritrean estonian ethiopian
    european filipino finnish french georgian german greek hungarian indian indonesian
    iranian iraqi irish israeli italian japanese jordanian kazakh kenyan korean kurdish
    kuwaiti lebanese libyan lithuanian malian mexican moroccan nigerian norwegian omani
    pakistani palestinian persian polish portuguese qatari romanian russian saudi scottish
    serbian slovak somali spanish sudanese swedish swiss syrian tajik turkish turkmen
    ukrainian uzbek venezuelan vietnamese welsh yemeni yazidi assyrian circassian druze
    alawite sunni shia shiite chechen uighur uyghur kurd kurds arabs syrians russians
    americans iraqis iranians turks israelis afghans palestinians lebanese jordanians
    saudis egyptians yemenis libyans europeans"""
)

#: What a demonym refers to, for readers that count adjectives as toponyms (the GeoWebNews
#: convention: "Russian officials" names Russia). incidentmap itself does not (see DEMONYMS).
DEMONYM_PLACES: dict[str, str] = {
    "afghan": "Afghanistan", "albanian": "Albania", "algerian": "Algeria", "american": "United States",
    "americans": "United States", "arab": "", "argentine": "Argentina", "argentinian": "Argentina",
    "armenian": "Armenia", "australian": "Australia", "austrian": "Austria",
    "azerbaijani": "Azerbaijan", "bahraini": "Bahrain", "bangladeshi": "Bangladesh",
    "belarusian": "Belarus", "belgian": "Belgium", "bosnian": "Bosnia and Herzegovina",
    "brazilian": "Brazil", "british": "United Kingdom", "bulgarian": "Bulgaria",
    "burmese": "Myanmar", "canadian": "Canada", "chadian": "Chad", "chilean": "Chile",
    "chinese": "China", "colombian": "Colombia", "croatian": "Croatia", "cuban": "Cuba",
    "cypriot": "Cyprus", "czech": "Czechia", "danish": "Denmark", "dutch": "Netherlands",
    "egyptian": "Egypt", "emirati": "United Arab Emirates", "english": "",
    "eritrean": "Eritrea", "estonian": "Estonia", "ethiopian": "Ethiopia", "european": "Europe",
    "europeans": "Europe", "african": "Africa", "asian": "Asia", "filipino": "Philippines",
    "finnish": "Finland", "french": "France", "georgian": "Georgia", "german": "Germany",
    "greek": "Greece", "hungarian": "Hungary", "indian": "India", "indonesian": "Indonesia",
    "iranian": "Iran", "iraqi": "Iraq", "irish": "Ireland", "israeli": "Israel",
    "italian": "Italy", "japanese": "Japan", "jordanian": "Jordan", "kazakh": "Kazakhstan",
    "kenyan": "Kenya", "korean": "South Korea", "kuwaiti": "Kuwait", "lebanese": "Lebanon",
    "libyan": "Libya", "lithuanian": "Lithuania", "malian": "Mali", "mexican": "Mexico",
    "moroccan": "Morocco", "nigerian": "Nigeria", "norwegian": "Norway", "omani": "Oman",
    "pakistani": "Pakistan", "palestinian": "Palestinian Territories", "polish": "Poland",
    "portuguese": "Portugal", "qatari": "Qatar", "romanian": "Romania", "russian": "Russia",
    "saudi": "Saudi Arabia", "scottish": "Scotland", "serbian": "Serbia", "slovak": "Slovakia",
    "somali": "Somalia", "spanish": "Spain", "sudanese": "Sudan", "swedish": "Sweden",
    "swiss": "Switzerland", "syrian": "Syria", "tajik": "Tajikistan", "tunisian": "Tunisia",
    "turkish": "Turkey", "ukrainian": "Ukraine", "uzbek": "Uzbekistan",
    "venezuelan": "Venezuela", "vietnamese": "Vietnam", "welsh": "Wales", "yemeni": "Yemen",
    "syrians": "Syria", "russians": "Russia", "iraqis": "Iraq", "iranians": "Iran",
    "israelis": "Israel", "afghans": "Afghanistan", "palestinians": "Palestinian Territories",
    "saudis": "Saudi Arabia", "egyptians": "Egypt", "turks": "Turkey", "australians": "Australia",
    "canadians": "Canada", "mexicans": "Mexico", "germans": "Germany", "indians": "India",
    "britons": "United Kingdom",
}  # fmt: skip

#: Abbreviations of a country that writers use as adjectives ("US troops", "U.S.-backed").
US_ABBREVIATIONS: frozenset[str] = frozenset(
    {"us", "u.s", "u.s.", "usa", "uk", "u.k", "u.k.", "eu"}
)

#: Words after "US"/"UK" that show it is a noun ("the US said", "the US and Russia").
NOUN_FOLLOWERS: frozenset[str] = _words(
    """is was has had have will would could should can may might must did does do said says
    say told tells added warned wants wanted claimed claims denied denies believes believed
    and or but to in on at for from with by of as than that which who whose if when while
    after before over under against into about since until also still now already only
    admitted admits accused accuses launched sent seeks sought vowed pledged urged called"""
)
