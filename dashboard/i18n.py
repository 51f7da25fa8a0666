"""Words, numbers and dates in Norwegian bokmål (default) and English."""

from __future__ import annotations

import math
from datetime import date

LANGS = ("nb", "en")
DEFAULT = "nb"

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
SHORT_MONTHS = {
    "nb": ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

TEXT: dict[str, dict[str, str]] = {
    "nb": {
        "site": "Folkets Fotavtrykk",
        "tagline": "Gjennomsnittlig klimafotavtrykk per innbygger",
        "unit": "tonn CO₂e per innbygger per år",
        "unit_short": "t CO₂e",
        "t": "t",
        "cat.total": "Totalt", "cat.housing": "Bolig", "cat.transport": "Transport",
        "cat.food": "Mat", "cat.goods": "Varer og tjenester", "cat.public": "Offentlig forbruk",
        "cat.household": "Uten offentlig forbruk",
        "level.kommune": "Kommuner", "level.fylke": "Fylker", "level.bydel": "Bydeler",
        "level1.kommune": "Kommune", "level1.fylke": "Fylke", "level1.bydel": "Bydel",
        "level1.country": "Norge",
        "nav.map": "Kart", "nav.compare": "Sammenlign", "nav.method": "Om tallene",
        "search.label": "Søk etter kommune eller postnummer",
        "search.placeholder": "Kommune eller postnummer",
        "search.button": "Søk",
        "search.title": "Søk",
        "search.none": "Fant ingen kommune for «{q}». Prøv et annet navn eller et postnummer.",
        "search.empty": "Skriv inn navnet på en kommune eller et postnummer.",
        "search.results": "Treff for «{q}»",
        "search.postcode": "Postnummer {code} {place}",
        "lang.switch": "English",
        "lang.switch_label": "Switch to English",
        "home.title": "Klimafotavtrykk per innbygger",
        "home.lead": ("Gjennomsnittlig forbruksbasert klimafotavtrykk for innbyggerne, "
                      "slik de selv har beregnet det. Mørkere farge betyr større fotavtrykk."),
        "control.level": "Vis",
        "control.city": "By",
        "control.category": "Kategori",
        "control.period": "Måned",
        "control.play": "Spill av",
        "control.pause": "Pause",
        "card.national": "Norge, {month}",
        "card.interval": "95 % usikkerhetsintervall {low}–{high} t",
        "card.change": "Endring siste 12 måneder",
        "card.respondents": "Svar bak tallet",
        "card.change_interval": "{trend} (95 %-intervall {low} til {high} t)",
        "card.respondents_note": "innbyggere med et estimat de siste 12 månedene",
        "card.no_change_data": "Ikke nok data for å si noe om endring",
        "trend.rising": "økende", "trend.falling": "synkende",
        "trend.flat": "ingen tydelig endring", "trend.unknown": "kan ikke vurderes",
        "map.what": "Hva viser kartet?",
        "map.suppressed": "For få svar til å publisere",
        "map.nodata": "Ingen svar",
        "map.uncertain": "usikkert tall",
        "map.svar": "svar",
        "map.alt": ("Kart over {level_lower} farget etter gjennomsnittlig fotavtrykk per "
                    "innbygger ({category}, {month}). Tabellen ved siden av viser de samme "
                    "tallene."),
        "map.loading": "Kartet lastes …",
        "map.unavailable": "Kartet for dette nivået er ikke tilgjengelig ennå. Tabellen viser tallene.",
        "legend.title": "t CO₂e per innbygger",
        "legend.suppressed": "For få svar til å publisere",
        "table.caption": "{level} etter fotavtrykk, {category}, {month}",
        "table.rank": "Nr.", "table.name": "Navn", "table.value": "t CO₂e",
        "table.interval": "95 %-intervall", "table.respondents": "Svar",
        "table.sort_value": "Sorter etter fotavtrykk", "table.sort_name": "Sorter etter navn",
        "table.suppressed": "for få svar",
        "table.as_list": "Tallene som liste",
        "table.uncertain": "usikkert",
        "table.show_all": "Vis alle {n}",
        "k.notfound.title": "Fant ikke kommunen",
        "k.notfound.body": "Vi finner ingen kommune med koden «{code}» i kommuneinndelingen fra 2024.",
        "k.back": "Tilbake til kartet",
        "k.lead": "Gjennomsnittlig klimafotavtrykk per innbygger i {name}, måned for måned og fordelt på kategorier, med usikkerhet, sammenlignet med landet, nabokommunene og 1,5-gradersbanen.",
        "k.in_county": "{county}",
        "k.headline": "Gjennomsnittlig fotavtrykk per innbygger, {month}",
        "k.rank": "Nr. {rank} av {n} kommuner med publiserte tall (1 = lavest)",
        "k.reliable": "Pålitelig: relativ standardfeil under 30 %",
        "k.unreliable": "Usikkert: relativ standardfeil over 30 %. Bruk tallet med varsomhet.",
        "k.suppressed": "For få svar til å publisere et tall for denne måneden.",
        "k.trend.title": "Utvikling måned for måned",
        "k.trend.note": ("Hver måned bygger på hvert svars siste estimat de 12 foregående "
                         "månedene. Skyggen viser 95 % usikkerhetsintervall."),
        "k.path.note": ("Stiplet linje: 1,5-gradersbanen for livsstil – 2,5 t i 2030, 1,4 t i 2040 "
                        "og 0,7 t i 2050 per person (IGES, Aalto-universitetet, D-mat og Sitra "
                        "2019). Banen gjelder husholdningenes fotavtrykk uten offentlig forbruk, "
                        "så den sammenlignes med den prikkete linjen «uten offentlig forbruk»."),
        "k.breakdown.title": "Fordelt på kategorier, sammenlignet med landet",
        "k.neighbours.title": "Nabokommuner",
        "k.peers.title": "Lignende kommuner",
        "k.peers.group": "Gruppe: {label}",
        "k.districts.title": "Bydeler",
        "k.compare_link": "Sammenlign med nabokommunene",
        "k.download": "Last ned tallene (CSV)",
        "k.embed": "Bygg inn",
        "k.none": "Ingen tall å vise.",
        "k.household_missing": "",
        "series.area": "{name}",
        "series.national": "Norge",
        "series.county": "{name}",
        "series.household": "{name}, uten offentlig forbruk",
        "series.path": "1,5-gradersbanen (husholdning)",
        "series.interval": "95 %-intervall",
        "compare.title": "Sammenlign kommuner",
        "compare.pick": "Velg opptil 8 kommuner",
        "compare.lines": "Utvikling, {category}",
        "compare.bars": "Kategorier, {month}",
        "compare.add": "Legg til", "compare.remove": "Fjern {name}",
        "compare.empty": "Velg en eller flere kommuner for å sammenligne.",
        "compare.too_many": "Du kan sammenligne høyst 8 kommuner; de første 8 vises.",
        "updated": "Sist oppdatert {date} · datautgave {run}",
        "what": "Hva viser dette?",
        "source": ("Kilde: Folkets Fotavtrykk, anonymiserte egenrapporterte estimater. "
                   "Kart: © Kartverket (CC BY 4.0). Befolkning: Statistisk sentralbyrå (CC BY 4.0). "
                   "Tallene kan brukes fritt med kildehenvisning (CC BY 4.0)."),
        "empty.title": "Ingen tall publisert ennå",
        "empty.body": "Dataene oppdateres hver natt. Kom tilbake litt senere.",
        "notfound.title": "Fant ikke siden",
        "notfound.body": "Adressen finnes ikke. Gå til kartet eller søk etter en kommune.",
        "error.title": "Noe gikk galt",
        "error.body": "Vi klarte ikke å hente tallene akkurat nå. Prøv igjen om litt.",
        "method.title": "Om tallene",
        "skip": "Hopp til innholdet",
        "chart.alt_trend": ("Linjediagram: {name} {value} t i {month}, Norge {national} t. "
                            "Utvikling: {trend}."),
        "chart.alt_breakdown": "Stolpediagram over fotavtrykket fordelt på kategorier.",
        "chart.alt_compare": "Stolpediagram som sammenligner kommunene med samme tall som tabellen.",
        "embed.open": "Åpne i Folkets Fotavtrykk",
    },
    "en": {
        "site": "Folkets Fotavtrykk",
        "tagline": "Average climate footprint per resident",
        "unit": "tonnes CO₂e per resident per year",
        "unit_short": "t CO₂e",
        "t": "t",
        "cat.total": "Total", "cat.housing": "Housing", "cat.transport": "Transport",
        "cat.food": "Food", "cat.goods": "Goods and services", "cat.public": "Public consumption",
        "cat.household": "Excluding public consumption",
        "level.kommune": "Municipalities", "level.fylke": "Counties", "level.bydel": "Districts",
        "level1.kommune": "Municipality", "level1.fylke": "County", "level1.bydel": "District",
        "level1.country": "Norway",
        "nav.map": "Map", "nav.compare": "Compare", "nav.method": "About the numbers",
        "search.label": "Search for a municipality or postcode",
        "search.placeholder": "Municipality or postcode",
        "search.button": "Search",
        "search.title": "Search",
        "search.none": "No municipality found for “{q}”. Try another name or a postcode.",
        "search.empty": "Type the name of a municipality or a postcode.",
        "search.results": "Results for “{q}”",
        "search.postcode": "Postcode {code} {place}",
        "lang.switch": "Norsk",
        "lang.switch_label": "Bytt til norsk",
        "home.title": "Climate footprint per resident",
        "home.lead": ("The average consumption-based climate footprint of residents, as they "
                      "estimated it themselves. Darker colour means a larger footprint."),
        "control.level": "Show",
        "control.city": "City",
        "control.category": "Category",
        "control.period": "Month",
        "control.play": "Play",
        "control.pause": "Pause",
        "card.national": "Norway, {month}",
        "card.interval": "95% uncertainty interval {low}–{high} t",
        "card.change": "Change over 12 months",
        "card.respondents": "Respondents behind the number",
        "card.change_interval": "{trend} (95% interval {low} to {high} t)",
        "card.respondents_note": "residents with an estimate in the last 12 months",
        "card.no_change_data": "Not enough data to judge a change",
        "trend.rising": "rising", "trend.falling": "falling",
        "trend.flat": "no clear change", "trend.unknown": "cannot be judged",
        "map.what": "What does the map show?",
        "map.suppressed": "Too few respondents to publish",
        "map.nodata": "No respondents",
        "map.uncertain": "uncertain number",
        "map.svar": "respondents",
        "map.alt": ("Map of {level_lower} coloured by average footprint per resident "
                    "({category}, {month}). The table beside it shows the same numbers."),
        "map.loading": "Loading the map …",
        "map.unavailable": "The map for this level is not available yet. The table shows the numbers.",
        "legend.title": "t CO₂e per resident",
        "legend.suppressed": "Too few respondents to publish",
        "table.caption": "{level} by footprint, {category}, {month}",
        "table.rank": "No.", "table.name": "Name", "table.value": "t CO₂e",
        "table.interval": "95% interval", "table.respondents": "Respondents",
        "table.sort_value": "Sort by footprint", "table.sort_name": "Sort by name",
        "table.suppressed": "too few respondents",
        "table.as_list": "The numbers as a list",
        "table.uncertain": "uncertain",
        "table.show_all": "Show all {n}",
        "k.notfound.title": "Municipality not found",
        "k.notfound.body": "There is no municipality with the code “{code}” in the 2024 division.",
        "k.back": "Back to the map",
        "k.lead": "The average climate footprint per resident in {name}, month by month and by category, with its uncertainty, compared with Norway, the neighbouring municipalities and the 1.5-degree path.",
        "k.in_county": "{county}",
        "k.headline": "Average footprint per resident, {month}",
        "k.rank": "No. {rank} of {n} municipalities with published numbers (1 = lowest)",
        "k.reliable": "Reliable: relative standard error below 30%",
        "k.unreliable": "Uncertain: relative standard error above 30%. Use with care.",
        "k.suppressed": "Too few respondents to publish a number for this month.",
        "k.trend.title": "Month by month",
        "k.trend.note": ("Each month rests on each respondent's latest estimate in the 12 "
                         "months before it. The shading shows the 95% uncertainty interval."),
        "k.path.note": ("Dashed line: the 1.5-degree lifestyle path – 2.5 t in 2030, 1.4 t in 2040 "
                        "and 0.7 t in 2050 per person (IGES, Aalto University, D-mat and Sitra "
                        "2019). The path covers the household footprint without public "
                        "consumption, so compare it with the dotted line “excluding public "
                        "consumption”."),
        "k.breakdown.title": "By category, compared with Norway",
        "k.neighbours.title": "Neighbouring municipalities",
        "k.peers.title": "Similar municipalities",
        "k.peers.group": "Group: {label}",
        "k.districts.title": "Districts",
        "k.compare_link": "Compare with the neighbours",
        "k.download": "Download the numbers (CSV)",
        "k.embed": "Embed",
        "k.none": "No numbers to show.",
        "k.household_missing": "",
        "series.area": "{name}",
        "series.national": "Norway",
        "series.county": "{name}",
        "series.household": "{name}, excluding public consumption",
        "series.path": "1.5-degree path (household)",
        "series.interval": "95% interval",
        "compare.title": "Compare municipalities",
        "compare.pick": "Choose up to 8 municipalities",
        "compare.lines": "Month by month, {category}",
        "compare.bars": "By category, {month}",
        "compare.add": "Add", "compare.remove": "Remove {name}",
        "compare.empty": "Choose one or more municipalities to compare.",
        "compare.too_many": "You can compare at most 8 municipalities; the first 8 are shown.",
        "updated": "Last updated {date} · data release {run}",
        "what": "What does this show?",
        "source": ("Source: Folkets Fotavtrykk, anonymised self-reported estimates. "
                   "Map: © Kartverket (CC BY 4.0). Population: Statistics Norway (CC BY 4.0). "
                   "The numbers may be reused freely with attribution (CC BY 4.0)."),
        "empty.title": "No numbers published yet",
        "empty.body": "The data are updated every night. Please come back a little later.",
        "notfound.title": "Page not found",
        "notfound.body": "That address does not exist. Go to the map or search for a municipality.",
        "error.title": "Something went wrong",
        "error.body": "We could not fetch the numbers just now. Please try again shortly.",
        "method.title": "About the numbers",
        "skip": "Skip to content",
        "chart.alt_trend": ("Line chart: {name} {value} t in {month}, Norway {national} t. "
                            "Trend: {trend}."),
        "chart.alt_breakdown": "Bar chart of the footprint by category.",
        "chart.alt_compare": "Bar chart comparing the municipalities; the table has the same numbers.",
        "embed.open": "Open in Folkets Fotavtrykk",
    },
}


def lang_of(value: object) -> str:
    """A supported language code from untrusted input, defaulting to bokmål."""
    return value if isinstance(value, str) and value in LANGS else DEFAULT


def t(key: str, lang: str = DEFAULT, **values: object) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled in."""
    text = TEXT[lang_of(lang)].get(key) or TEXT[DEFAULT].get(key, key)
    return text.format(**values) if values else text


def num(value: float | None, lang: str = DEFAULT, decimals: int = 1) -> str:
    """A number with the language's decimal mark and thousands separator; '–' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    if lang_of(lang) == "nb":
        # 1,234.5 -> 1 234,5 (narrow no-break space groups thousands)
        text = text.replace(",", "\u202f").replace(".", ",")
    return text.replace("-", "−")


def signed(value: float | None, lang: str = DEFAULT, decimals: int = 1) -> str:
    """A change with its sign: +0,3 / −0,2 / 0,0."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = num(abs(value), lang, decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def month(value: date, lang: str = DEFAULT, short: bool = False) -> str:
    """'oktober 2026' / 'October 2026' (or 'okt 2026' / 'Oct 2026')."""
    names = (SHORT_MONTHS if short else MONTHS)[lang_of(lang)]
    return f"{names[value.month - 1]} {value.year}"


def day(value: date, lang: str = DEFAULT) -> str:
    """'28. november 2026' / '28 November 2026'."""
    name = MONTHS[lang_of(lang)][value.month - 1]
    return f"{value.day}. {name} {value.year}" if lang_of(lang) == "nb" else \
        f"{value.day} {name} {value.year}"


def category(code: str, lang: str = DEFAULT) -> str:
    return t(f"cat.{code}", lang)


def plotly_separators(lang: str) -> str:
    """Plotly's `separators` layout value: decimal mark then thousands separator."""
    return ", " if lang_of(lang) == "nb" else ".,"
