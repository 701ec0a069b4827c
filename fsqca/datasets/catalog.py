"""What each bundled dataset is: its publication, cases, variables, units and value labels.

The values are the published data as distributed with R's ``QCA`` 3.23 (Dusa 2019) and ``NCA``
5.0.1 (Dul 2016); value-labelled columns (R's ``declared`` vectors) are stored as their numbers,
with the labels kept here (``labels``) and in ``DataFrame.attrs["labels"]`` of a loaded frame.
"""
from __future__ import annotations

_LIPSET_REFS = ("Lipset, S. M. (1959). Some social requisites of democracy: economic development and political "
                "legitimacy. American Political Science Review 53, 69-105. As used by Rihoux & De Meur (2009, csQCA), "
                "Cronqvist & Berg-Schlosser (2009, mvQCA) and Ragin (2009, fsQCA), in Rihoux, B. & Ragin, C. C. "
                "(eds.), Configurational Comparative Methods, SAGE; data as in R's QCA (Dusa 2019).")
_LIPSET_CASES = "18 inter-war European countries (ISO codes: AU Austria, BE Belgium, ..., UK United Kingdom)"
_LIPSET_LABELS = {
    "DEV": {0: "Undeveloped", 1: "Developed"},
    "URB": {0: "Low urbanization", 1: "High urbanization"},
    "LIT": {0: "Low literacy", 1: "High literacy"},
    "IND": {0: "Not industrialized", 1: "Industrialized"},
    "STB": {0: "Unstable", 1: "Stable"},
    "SURV": {0: "Collapse", 1: "Survival"},
}


def _lipset(kind: str, variables: dict) -> dict:
    return {"title": f"Lipset's conditions for the survival of democracy, {kind}", "source": _LIPSET_REFS,
            "cases": _LIPSET_CASES, "variables": variables}


_CV_REFS = ("Cebotari, V. & Vink, M. P. (2013). A configurational analysis of ethnic protest in Europe. International "
            "Journal of Comparative Sociology 54(4), 298-324; replication data: Cebotari & Vink (2015), Harvard "
            "Dataverse, doi:10.7910/DVN/PT2IB9.")
_CV_CASES = "29 ethnic minorities in European countries (labelled minority + country, e.g. GreeksAlbania)"

#: name -> description. ``variables`` maps each column to its meaning and unit; ``labels`` maps
#: a column to {value: label}.
CATALOG: dict[str, dict] = {
    "LR": _lipset("raw data", {
        "DEV": "level of development: GDP per capita (USD)",
        "URB": "urbanisation: percent of the population in towns of 20,000 or more inhabitants (%)",
        "LIT": "literacy: percent of the population literate (%)",
        "IND": "industrialisation: percent of the labour force in industry (%)",
        "STB": "government stability: number of cabinets in the period (count; fewer is more stable)",
        "SURV": "outcome, survival of democracy: raw score, negative for collapse, positive for survival",
    }),
    "LC": {**_lipset("crisp sets", {
        "DEV": "1 if GDP per capita is 550 USD or more, else 0",
        "URB": "1 if urbanisation is above 50 %, else 0",
        "LIT": "1 if literacy is above 75 %, else 0",
        "IND": "1 if industrial labour force is above 30 %, else 0",
        "STB": "1 if fewer than 10 cabinets, else 0",
        "SURV": "outcome: 1 if democracy survived (positive raw score), else 0",
    }), "labels": _LIPSET_LABELS},
    "LM": {**_lipset("multi-value sets", {
        "DEV": "0 below 550 USD GDP per capita, 1 from 550 to below 850 USD, 2 from 850 USD",
        "URB": "1 if urbanisation is above 50 %, else 0",
        "LIT": "1 if literacy is above 75 %, else 0",
        "IND": "1 if industrial labour force is above 30 %, else 0",
        "STB": "1 if fewer than 10 cabinets, else 0",
        "SURV": "outcome: 1 if democracy survived, else 0",
    }), "labels": {**_LIPSET_LABELS, "DEV": {0: "Undeveloped", 1: "Developed", 2: "Highly developed"}}},
    "LF": {**_lipset("fuzzy sets", {
        "DEV": "membership in the set of developed countries (0-1)",
        "URB": "membership in the set of urbanised countries (0-1)",
        "LIT": "membership in the set of literate countries (0-1)",
        "IND": "membership in the set of industrialised countries (0-1)",
        "STB": "membership in the set of countries with stable governments (0-1)",
        "SURV": "outcome: membership in the set of countries where democracy survived (0-1)",
    }), "labels": _LIPSET_LABELS},
    "CVR": {"title": "Ethnic protest in Europe, raw data", "source": _CV_REFS, "cases": _CV_CASES, "variables": {
        "PROTEST": "outcome, ethnopolitical protest: 0 (none) to 5 (most intense)",
        "DEMOC": "level of democracy: index from 0 (strong autocracy) to 10 (strong democracy)",
        "ETHFRACT": "ethnic fractionalisation: 0 (homogeneous) to 1 (highly fragmented)",
        "GEOCON": "territorial concentration: 0 widely dispersed, 1 primarily urban, 2 majority in a region, "
                  "3 entirely concentrated in one region",
        "POLDIS": "political discrimination: 0 (none) to 4 (exclusive, repressive policies)",
        "NATPRIDE": "national pride: 0 (not at all proud) to 3 (very proud)",
    }},
    "CVF": {"title": "Ethnic protest in Europe, fuzzy sets", "source": _CV_REFS, "cases": _CV_CASES, "variables": {
        "DEMOC": "democracy (0-1); calibrated from the raw index with anchors 2 / 7 / 9.5",
        "ETHFRACT": "ethnic fractionalisation (0-1); anchors 0 / 0.495 / 0.8",
        "GEOCON": "territorial concentration (0-1); anchors 0 / 1.25 / 3",
        "POLDIS": "political discrimination (0-1); anchors 0 / 0.75 / 3",
        "NATPRIDE": "national pride (0-1); anchors 0.5 / 1.5 / 2.5",
        "PROTEST": "outcome, ethnopolitical protest (0-1); anchors 0.5 / 1.5 / 3",
    }},
    "HC": {"title": "Extreme-right votes, time-difference crisp data",
           "source": "Hino, A. (2009). Time-series QCA: studying temporal change through Boolean analysis. "
                     "Sociological Theory and Methods 24(2), 247-265; data as in R's QCA.",
           "cases": "15 country-periods (e.g. A90: Austria, 1990 against 1980)",
           "variables": {
               "FOREIGN": "1 if the percentage of foreign population rose from 1980 to 1990, else 0",
               "UNEMP": "1 if the unemployment percentage rose, else 0",
               "CONV": "1 if party-system convergence rose (the inverse of the raw data's DIVERT), else 0",
               "PRES80": "1 if extreme-right parties were present in the 1980s, else 0 (no time difference)",
               "VOTE": "outcome: 1 if the extreme-right vote share rose, else 0",
           }},
    "NF": {"title": "Weak class voting in post-war democracies, fuzzy sets",
           "source": "Ragin, C. C. (2008). Redesigning Social Inquiry: Fuzzy Sets and Beyond. University of Chicago "
                     "Press (after Ragin 2005, COMPASSS WP 2004-28); data attributed to Nieuwbeerta, P. (1995). The "
                     "Democratic Class Struggle in Twenty Countries 1945-1990. Thesis Publishers.",
           "cases": "12 countries", "variables": {
               "A": "membership in the set of highly affluent countries (six-value fuzzy scale, 0-1)",
               "I": "membership in the set of countries with substantial income inequality (0-1)",
               "M": "membership in the set of countries with a high share of workers in manufacturing (0-1)",
               "U": "membership in the set of countries with strong unions (0-1)",
               "W": "outcome: membership in the set of countries with weak class voting (0-1)",
           }},
    "RS": {"title": "University recognition of a graduate student union, crisp sets with causal order",
           "source": "Caren, N. & Panofsky, A. (2005). TQCA: a technique for adding temporality to qualitative "
                     "comparative analysis. Sociological Methods & Research 34(2), 147-172; reanalysed by Ragin, C. C. "
                     "& Strand, S. I. (2008). Sociological Methods & Research 36(4), 431-441.",
           "cases": "17 universities (numbered)", "variables": {
               "P": "1 if a public university, else 0",
               "E": "1 if the union had support of elite allies, else 0",
               "A": "1 if the union was affiliated nationally, else 0",
               "EBA": "not a condition: 1 if E happened before A, 0 if not; missing (R's '-') where it does not apply",
               "S": "1 if there was a strike or a strike threat, else 0",
               "REC": "outcome: 1 if the union was recognised, else 0",
           }},
    "Krook": {"title": "Women's representation in Western parliaments, crisp sets",
              "source": "Krook, M. L. (2010). Women's representation in parliament: a qualitative comparative "
                        "analysis. Political Studies 58(5), 886-908.",
              "cases": "22 Western democracies (ISO country codes)", "variables": {
                  "ES": "1 if a proportional-representation electoral system, else 0",
                  "QU": "1 if a quota for women, else 0",
                  "WS": "1 if a social-democratic welfare system, else 0",
                  "WM": "1 if an autonomous women's movement, else 0",
                  "LP": "1 if left-libertarian parties hold at least 7 % of the seats, else 0",
                  "WNP": "outcome: 1 if women hold at least 30 % of the seats of the single or lower house, else 0",
              }},
    "d.urban": {"title": "U.S. urban regimes, crisp sets",
                "source": "Kilburn, H. W. (2004). Explaining U.S. urban regimes. Urban Affairs Review 39(5), 633-651.",
                "cases": "14 U.S. cities", "variables": {
                    "MLC": "1 if high mobility of local capital, else 0",
                    "FRB": "1 if a large fiscal resource base, else 0",
                    "CP": "1 if high civic participation, else 0",
                    "WSR": "1 if high ward-style representation, else 0",
                    "CS": "1 if a large city, else 0",
                    "RT": "outcome, regime type: 1 progressive, 0 developmental or caretaker",
                }},
    "d.jobsecurity": {"title": "Job security regulations in Western democracies, fuzzy sets",
                      "source": "Emmenegger, P. (2011). Job security regulations in Western democracies: a fuzzy "
                                "set analysis. European Journal of Political Research 50(3), 336-364.",
                      "cases": "19 Western democracies (ISO country codes)", "variables": {
                          "S": "membership in the set of countries with a high level of statism (0-1)",
                          "C": "high non-market coordination (0-1)",
                          "L": "high labour movement strength (0-1)",
                          "R": "high level of Catholicism (0-1)",
                          "P": "high religious party strength (0-1)",
                          "V": "many institutional veto points (0-1)",
                          "JSR": "outcome: high level of job security regulations (0-1)",
                      }},
    "d.biodiversity": {"title": "Autonomy of local biodiversity institutions in Costa Rica, fuzzy sets",
                       "source": "Basurto, X. (2013). Linking multi-level governance to local common-pool resource "
                                 "theory using fuzzy-set qualitative comparative analysis: insights from twenty years "
                                 "of biodiversity conservation in Costa Rica. Global Environmental Change 23(3), "
                                 "573-587.",
                       "cases": "30 cases: rows 1-14 the emergence of local autonomy (1986-1998), rows 15-30 its "
                                "endurance (1998-2006)", "variables": {
                           "AU": "outcome: local autonomy (0-1)",
                           "EM": "local communal involvement through direct employment (0-1)",
                           "SP": "local direct spending (0-1)",
                           "CO": "co-management with local or regional stakeholders (0-1)",
                           "CI": "influence of national civil service policies (0-1)",
                           "PO": "national participation in policy-making (0-1)",
                           "RE": "research-oriented partnerships (0-1)",
                           "CN": "conservation-oriented partnerships (0-1)",
                           "DE": "the ninth set of the publication's data (0-1); see Basurto (2013)",
                       }},
    "nca.example": {"title": "Culture and innovation performance of countries (R NCA's nca.example)",
                    "source": "Dul, J. (2016). Necessary Condition Analysis (NCA): logic and methodology of "
                              "'necessary but not sufficient' causality. Organizational Research Methods 19(1), "
                              "10-52; Dul, J. (2020). Conducting Necessary Condition Analysis. SAGE.",
                    "cases": "28 countries", "variables": {
                        "Individualism": "national culture: individualism (Hofstede-type index score)",
                        "Risk taking": "national culture: risk taking (index score)",
                        "Innovation performance": "outcome: innovation performance of the country (index score)",
                    }},
    "nca.example2": {"title": "Contracts, trust and innovation in buyer-supplier relationships (R NCA's nca.example2)",
                     "source": "Van der Valk, W., Sumo, R., Dul, J. & Schroeder, R. G. (2016). When are contracts and "
                               "trust necessary for innovation in buyer-supplier relationships? A necessary condition "
                               "analysis. Journal of Purchasing and Supply Management 22(4), 266-277 (Table 2).",
                     "cases": "48 buyer-supplier relationships (numbered)", "variables": {
                         "Innovation": "outcome: innovation in the relationship (survey scale score)",
                         "Contractual detail": "contractual detail (survey scale score)",
                         "Goodwill trust": "goodwill trust (survey scale score)",
                         "Competence trust": "competence trust (survey scale score)",
                     }},
}
