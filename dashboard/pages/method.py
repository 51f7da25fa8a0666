"""Method page: what the number means, in words for a resident."""

from __future__ import annotations

import dash
from dash import html
from sqlalchemy.exc import SQLAlchemyError

from dashboard import geo, store
from dashboard.i18n import t
from dashboard.layout import frame
from dashboard.state import lang as parse_lang

dash.register_page(__name__, path="/metode", title="Om tallene – Folkets Fotavtrykk")

#: (anchor, heading, paragraphs) per language.
SECTIONS: dict[str, list[tuple[str, str, list[str]]]] = {
    "nb": [
        ("tall", "Hva tallet betyr", [
            "Tallet er det gjennomsnittlige klimafotavtrykket per innbygger i området, i tonn "
            "CO₂-ekvivalenter per år. Det er forbruksbasert: det teller utslipp fra det folk "
            "kjøper og bruker, også når utslippene skjer i andre land.",
            "Innbyggere beregner sitt eget fotavtrykk i en app eller kalkulator (og noen, med "
            "samtykke, ut fra banktransaksjoner). Enkeltsvar er private; vi publiserer bare "
            "gjennomsnitt for områder med mange nok svar.",
        ]),
        ("omfang", "Hva som er med", [
            "Fem kategorier: bolig (energi hjemme), transport, mat, varer og tjenester, og "
            "innbyggerens andel av offentlig forbruk (skole, helse, veier). Totalen er summen.",
            "Publiserte norske gjennomsnitt spenner fra omtrent 8 til 13 tonn per person fordi de "
            "teller ulike ting: bare husholdningenes forbruk, eller også offentlig forbruk og "
            "investeringer. Miljødirektoratet anslår omtrent 13 tonn inkludert offentlig forbruk "
            "(2020); NTNU fant omtrent 10,5 tonn for husholdningenes forbruk alene (2012).",
            "Mange kalkulatorer modellerer kosthold, flyreiser og pendling likt for alle; "
            "forskjeller mellom kommuner kan derfor være mindre sikre enn de ser ut.",
        ]),
        ("vekting", "Vekting", [
            "De som svarer, ligner ikke alltid på befolkningen. Hvert svar vektes derfor slik at "
            "alder og kjønn i området stemmer med befolkningen fra Statistisk sentralbyrå. Et "
            "fylke eller landet beregnes fra sine egne svar, aldri som et enkelt gjennomsnitt av "
            "kommunenes tall.",
        ]),
        ("trend", "Måned for måned", [
            "Hver måned bygger på hvert svars siste estimat i de 12 månedene før. Tallene endrer "
            "seg derfor langsomt, som et glidende gjennomsnitt.",
            "Vi kaller en endring «økende» eller «synkende» bare når den er større enn "
            "usikkerheten (95 % intervall for endringen utelukker null). Ellers står det «ingen "
            "tydelig endring».",
        ]),
        ("intervall", "Usikkerhet", [
            "Hvert tall har et 95 % usikkerhetsintervall: med nye, like store utvalg ville "
            "gjennomsnittet havne innenfor slike intervaller 95 av 100 ganger. Få svar gir brede "
            "intervaller.",
            "Antall svar vises i bånd (for eksempel 50–99). Et tall merkes «usikkert» når den "
            "relative standardfeilen er over 30 %.",
        ]),
        ("skjuling", "For få svar", [
            "Et tall som bygger på færre enn 10 svar publiseres ikke. Området vises grått på "
            "kartet med teksten «for få svar til å publisere» – aldri som null.",
            "Noen ganger skjules også et annet område, slik at et skjult tall ikke kan regnes ut "
            "fra fylket minus de andre kommunene. Antall svar rundes av til nærmeste 5 og "
            "gjennomsnitt til 0,1 tonn, så endringer fra måned til måned ikke avslører enkeltsvar.",
        ]),
        ("kart", "Kartet og fargene", [
            "Fargene er klasser med faste grenser for hele perioden, så samme farge betyr samme "
            "tall i alle måneder. Fargeskalaen (viridis) kan leses av de fleste med "
            "fargesynsvansker. Tabellen ved siden av kartet har de samme tallene.",
        ]),
        ("kategorier", "Kategorier og landet", [
            "Kategoridiagrammet viser kommunens gjennomsnitt i hver kategori ved siden av landets, "
            "med 95 % intervall som streker.",
        ]),
        ("bane", "1,5-gradersbanen", [
            "Den stiplede linjen er livsstilsmålene for 1,5 grader fra IGES, Aalto-universitetet, "
            "D-mat og Sitra (2019): 2,5 tonn per person i 2030, 1,4 tonn i 2040 og 0,7 tonn i "
            "2050. Målene gjelder husholdningenes fotavtrykk, uten offentlig forbruk. Derfor "
            "sammenligner vi dem med tallet uten offentlig forbruk, ikke med totalen.",
        ]),
        ("kilder", "Kilder og lisenser", [
            "Fotavtrykk: anonymiserte egenrapporterte estimater, samlet i Folkets Fotavtrykk. "
            "Kommune-, fylkes- og bydelsgrenser: © Kartverket (CC BY 4.0). Befolkning: "
            "Statistisk sentralbyrå (CC BY 4.0). Postnumre: Posten/Bring.",
            "Tallene kan brukes, deles og bygges inn fritt med kildehenvisning (CC BY 4.0). "
            "Nedlastinger har tomme verdier og et flagg der tall er skjult – aldri et "
            "erstatningstall.",
        ]),
    ],
    "en": [
        ("tall", "What the number means", [
            "The number is the average climate footprint per resident of the area, in tonnes of "
            "CO₂ equivalents per year. It is consumption-based: it counts emissions from what "
            "people buy and use, also when the emissions happen in other countries.",
            "Residents estimate their own footprint in an app or calculator (and some, with "
            "consent, from bank transactions). Individual answers are private; we only publish "
            "averages for areas with enough respondents.",
        ]),
        ("omfang", "What is included", [
            "Five categories: housing (energy at home), transport, food, goods and services, and "
            "the resident's share of public consumption (schools, health, roads). The total is "
            "their sum.",
            "Published Norwegian averages range from about 8 to 13 tonnes per person because they "
            "count different things: household consumption only, or also public consumption and "
            "investment. The Norwegian Environment Agency estimates about 13 tonnes including "
            "public consumption (2020); NTNU found about 10.5 tonnes for household consumption "
            "alone (2012).",
            "Many calculators model diet, flights and commuting the same for everyone, so "
            "differences between municipalities may be less certain than they look.",
        ]),
        ("vekting", "Weighting", [
            "Respondents do not always resemble the population. Each answer is weighted so that "
            "age and sex in the area match the population from Statistics Norway. A county or "
            "the country is computed from its own respondents, never as a plain average of its "
            "municipalities' numbers.",
        ]),
        ("trend", "Month by month", [
            "Each month rests on each respondent's latest estimate in the 12 months before it, so "
            "the numbers change slowly, like a rolling average.",
            "We call a change “rising” or “falling” only when it is larger than its uncertainty "
            "(the 95% interval of the change excludes zero). Otherwise it says “no clear "
            "change”.",
        ]),
        ("intervall", "Uncertainty", [
            "Every number has a 95% uncertainty interval: with new samples of the same size, the "
            "average would fall inside such intervals 95 times out of 100. Few respondents give "
            "wide intervals.",
            "The number of respondents is shown in bands (for example 50–99). A number is marked "
            "“uncertain” when its relative standard error is above 30%.",
        ]),
        ("skjuling", "Too few respondents", [
            "A number resting on fewer than 10 respondents is not published. The area is grey on "
            "the map with the text “too few respondents to publish” – never zero.",
            "Sometimes a second area is hidden too, so a hidden number cannot be worked out from "
            "the county minus the other municipalities. Counts are rounded to the nearest 5 and "
            "averages to 0.1 tonnes, so month-to-month changes do not reveal single answers.",
        ]),
        ("kart", "The map and its colours", [
            "The colours are classes with fixed limits for the whole period, so a colour means "
            "the same number in every month. The palette (viridis) is readable for most people "
            "with colour vision deficiencies. The table beside the map has the same numbers.",
        ]),
        ("kategorier", "Categories and Norway", [
            "The category chart shows the municipality's average in each category next to "
            "Norway's, with the 95% interval as whiskers.",
        ]),
        ("bane", "The 1.5-degree path", [
            "The dashed line is the 1.5-degree lifestyle targets from IGES, Aalto University, "
            "D-mat and Sitra (2019): 2.5 tonnes per person in 2030, 1.4 tonnes in 2040 and 0.7 "
            "tonnes in 2050. The targets cover the household footprint, without public "
            "consumption, so we compare them with the number excluding public consumption, not "
            "with the total.",
        ]),
        ("kilder", "Sources and licences", [
            "Footprints: anonymised self-reported estimates collected by Folkets Fotavtrykk. "
            "Municipality, county and district boundaries: © Kartverket (CC BY 4.0). Population: "
            "Statistics Norway (CC BY 4.0). Postcodes: Posten/Bring.",
            "The numbers may be used, shared and embedded freely with attribution (CC BY 4.0). "
            "Downloads leave hidden numbers empty with a flag – never a stand-in number.",
        ]),
    ],
}


def layout(**query) -> html.Div:
    lang = parse_lang(query)
    try:
        rel = store.current_release()
    except SQLAlchemyError:
        rel = None
    sections = SECTIONS[lang]
    extra = [html.Li(line) for line in geo.attribution()]
    content = html.Article(className="page method", children=[
        html.H1(t("method.title", lang)),
        html.Nav(html.Ul([html.Li(html.A(title, href=f"#{anchor}"))
                          for anchor, title, _ in sections]), className="toc",
                 **{"aria-label": t("method.title", lang)}),
        *[html.Section(id=anchor, children=[html.H2(title), *[html.P(p) for p in paras]])
          for anchor, title, paras in sections],
        html.Ul(extra) if extra else None,
    ])
    return frame(lang, "/metode", rel, content)
