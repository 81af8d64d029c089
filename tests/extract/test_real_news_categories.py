"""The nine error categories of issue 11 (real wire copy), one generic behaviour per test.

Every sentence here was written for these tests in wire-story style; none is taken from an
article. Symmetric events compare as unordered pairs, directed ones as source → target;
negated events count as no event.
"""

from __future__ import annotations

from datetime import date

import pytest
from event_facts import facts

from graphsvc.models import Event

PUBLISHED = date(2024, 5, 15)


@pytest.fixture(scope="module")
def code(coder):
    extractor = coder
    cache: dict[str, list[Event]] = {}

    def run(text: str) -> list[Event]:
        if text not in cache:
            cache[text] = extractor.extract(text, published=PUBLISHED, doc_id="t")
        return cache[text]

    return run


def pairs(events: list[Event]) -> set[frozenset[str]]:
    return {frozenset((e.source, e.target)) for e in events if not e.negated}


# -- 1. enumerated parties -----------------------------------------------------------------


def test_states_acting_in_step_with_the_subject_act_too(code) -> None:
    got = facts(
        code(
            "Canada imposed sanctions on Iranian officials on Tuesday in step with Britain, "
            "Australia and New Zealand."
        )
    )
    for state in ("CAN", "GBR", "AUS", "NZL"):
        assert (state, "IRN", "16") in got, got
    # … and their coordination is an event among them
    assert ("CAN", "GBR", "05") in got and ("AUS", "NZL", "05") in got, got


def test_together_with_on_the_subject(code) -> None:
    got = facts(code("Japan, together with South Korea, protested to China over the launch."))
    assert {("JPN", "CHN", "11"), ("KOR", "CHN", "11")} <= got, got


def test_defence_chiefs_of_a_list_all_meet(code) -> None:
    got = pairs(
        code(
            "The defence chiefs of Japan, Australia and the Philippines met in Manila on Monday "
            "to discuss maritime security."
        )
    )
    assert {frozenset(p) for p in (("JPN", "AUS"), ("JPN", "PHL"), ("AUS", "PHL"))} <= got


# -- 2. demonyms and hull prefixes -----------------------------------------------------------


def test_hull_prefixes_name_the_navy_state(code) -> None:
    got = pairs(
        code(
            "HMS Prince of Wales and USS Carl Vinson held joint drills with JS Izumo in the "
            "Philippine Sea on Tuesday."
        )
    )
    assert {frozenset(p) for p in (("GBR", "USA"), ("GBR", "JPN"), ("USA", "JPN"))} <= got, got
    # "Prince of Wales" is a ship's name, not a second British actor nor Wales
    assert all(len(p) == 2 for p in got)


def test_hull_prefix_in_an_exercise_with_another_ship(code) -> None:
    got = pairs(code("INS Kolkata took part in a naval exercise with FS Bretagne off Goa."))
    assert frozenset(("IND", "FRA")) in got, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A Chinese coast guard vessel rammed a Philippine supply boat near the Second "
            "Thomas Shoal.",
            ("CHN", "PHL", "17"),
        ),
        (
            "A Chinese fighter jet intercepted HMAS Toowoomba over the East China Sea, Canberra "
            "said.",
            ("CHN", "AUS", "15"),
        ),
        (
            "Chinese warships shadowed HMCS Ottawa as it sailed through the Taiwan Strait.",
            ("CHN", "CAN", "15"),
        ),
    ],
)
def test_incidents_at_sea(code, text: str, expected: tuple[str, str, str]) -> None:
    assert facts(code(text)) == {expected}, code(text)


def test_intercepting_a_truck_is_no_incident(code) -> None:
    assert not facts(code("The police intercepted a truck carrying migrants near the border."))


def test_capitals_headline_names_no_ship() -> None:
    from graphsvc.extract.hulls import hull_mentions

    names = [m.text for m in hull_mentions("RUSSIA SAYS ITS TROOPS WILL STAY; RSS Feed; JS Izumo")]
    assert names == ["JS Izumo"]


def test_demonym_ships(code) -> None:
    got = pairs(
        code("A French frigate and an Indian destroyer held a joint exercise in the Arabian Sea.")
    )
    assert got == {frozenset(("FRA", "IND"))}


# -- 3. an organisation's meeting speaks as the organisation ---------------------------------


def test_leaders_then_they_speak_for_the_organisation(code) -> None:
    got = facts(
        code(
            "Leaders of the African Union met in Addis Ababa on Sunday for an emergency summit. "
            "They suspended Niger from the bloc and condemned the coup."
        )
    )
    assert ("AFR", "NER", "16") in got and ("AFR", "NER", "11") in got, got


def test_the_declaration_speaks_for_those_who_met(code) -> None:
    got = facts(
        code(
            "EU leaders met in Brussels on Thursday. The final declaration called on Russia to "
            "withdraw its troops from Ukraine."
        )
    )
    assert ("EUR", "RUS", "02") in got, got
    assert not any(s == "RUS" and t == "UKR" for s, t, _ in got), got  # an appeal, no call


def test_a_condemned_attack_is_not_held_against_its_victim(code) -> None:
    events = code(
        "NATO Secretary-General Jens Stoltenberg condemned the attack on Ukraine's power grid "
        "and described it as a war crime."
    )
    assert not pairs(events), events


def test_the_bloc_is_the_organisation_named_before(code) -> None:
    got = facts(
        code(
            "The Economic Community of West African States met in Abuja on Sunday. The bloc "
            "closed borders with Niger and froze the country's assets."
        )
    )
    assert got == {("ECW", "NER", "16")}, got


def test_a_bare_secretary_general_speaks_for_the_organisation_just_named(code) -> None:
    got = facts(
        code(
            "NATO foreign ministers met in Brussels on Thursday. Secretary-General Mark Rutte "
            "condemned Russia's latest strikes and described them as barbaric."
        )
    )
    # on this date Rutte still led the Dutch government; the title says whom he speaks for
    assert got == {("NAT", "RUS", "11")}, got


def test_it_in_a_verdict_is_the_act_not_a_party(code) -> None:
    got = facts(
        code(
            "NATO leaders met in Washington on Tuesday. They condemned the Russian missile strike "
            "on a children's hospital in Kyiv and called it a war crime."
        )
    )
    assert got == {("NAT", "RUS", "11")}, got
    events = code(
        "The African Union summit in Addis Ababa condemned the coup in Niger. The AU "
        "chairperson called it an attack on ECOWAS and on democracy."
    )
    assert all("ECW" not in (e.source, e.target) for e in events), events


# -- 4. officials known by role ---------------------------------------------------------------


def test_minister_named_by_portfolio_takes_the_state_of_the_quoted_ministry(code) -> None:
    got = pairs(
        code(
            "Foreign Minister Tom Halvorsen held talks with his Brazilian counterpart in Oslo on "
            "Monday. Halvorsen said the two discussed climate finance, according to a statement "
            "from Norway's foreign ministry."
        )
    )
    assert frozenset(("NOR", "BRA")) in got, got


def test_the_ministry_in_a_capital_gives_the_state(code) -> None:
    got = pairs(
        code(
            "Foreign Minister Anna Kowalska met Ukrainian Foreign Minister Dmytro Kuleba in Kyiv. "
            "The foreign ministry in Warsaw said the two discussed grain exports."
        )
    )
    assert frozenset(("POL", "UKR")) in got, got


def test_a_president_named_without_state_is_not_guessed(code) -> None:
    events = code(
        "The German government on Tuesday welcomed President Hallam's latest statement on the "
        "nuclear talks."
    )
    assert not any(e.source == "DEU" and e.target == "DEU" for e in events)
    assert not pairs(events), events


# -- 5. descriptors that are not events ---------------------------------------------------------


def test_membership_or_candidacy_used_as_a_title_is_no_party(code) -> None:
    for text in (
        "EU candidate Moldova expelled a Russian diplomat on Tuesday.",
        "Moldova, an EU candidate, summoned the Russian ambassador on Monday.",
        "NATO member Turkey shot down a Russian warplane near the Syrian border.",
    ):
        events = code(text)
        codes = {c for e in events for c in (e.source, e.target)}
        assert "EUR" not in codes and "NAT" not in codes, (text, events)
        assert "RUS" in codes, (text, events)


# -- 6. someone else's act named in a reason or a place ----------------------------------------


def test_protest_over_strikes_does_not_make_the_protester_strike(code) -> None:
    got = facts(code("Pakistan protested over India's strikes in Kashmir on Wednesday."))
    assert got == {("PAK", "IND", "11")} or got == {("PAK", "IND", "14")}, got


def test_criticism_of_shelling_targets_the_shelling_state(code) -> None:
    got = facts(
        code(
            "The European Union criticised the shelling of Armenian villages by Azerbaijani forces."
        )
    )
    assert ("EUR", "AZE", "11") in got and ("EUR", "ARM", "11") not in got, got


def test_the_venue_of_sanctions_is_no_target(code) -> None:
    events = code(
        "West African leaders imposed sanctions on Niger at an emergency summit in Abuja on Sunday."
    )
    assert all("NGA" not in (e.source, e.target) for e in events), events
    assert all(e.source != "NER" for e in events), events


def test_a_mediators_former_nationality_is_no_party(code) -> None:
    events = code(
        "The deal followed ten days of talks mediated by the African Union, with former "
        "Nigerian President Olusegun Obasanjo leading the mediation team."
    )
    assert all("NGA" not in (e.source, e.target) for e in events), events


def test_a_former_leader_alone_keeps_his_state(code) -> None:
    # not beside an organisation he serves: he may hold another office
    got = facts(
        code("Former Russian President Dmitry Medvedev vowed revenge against Kyiv's leadership.")
    )
    assert ("RUS", "UKR", "13") in got, got


def test_the_town_of_talks_is_no_party(code) -> None:
    events = code(
        "The deal came after twelve hours of talks hosted by the EU in the North Macedonian "
        "lakeside town of Ohrid."
    )
    assert all("MKD" not in (e.source, e.target) for e in events), events


# -- 7. acts without their usual verb ------------------------------------------------------------


def test_envoy_brought_home_is_a_recall(code) -> None:
    got = facts(code("Algeria brought its ambassador to France home for consultations on Tuesday."))
    assert got == {("DZA", "FRA", "16")}, got


def test_agentless_summons_belongs_to_the_reporting_ministry(code) -> None:
    got = facts(
        code("The Israeli ambassador was called in on Monday, the Turkish foreign ministry said.")
    )
    assert got == {("TUR", "ISR", "11")}, got


def test_agentless_summons_to_a_capitals_ministry(code) -> None:
    got = facts(
        code(
            "The Russian charge d'affaires was summoned to the foreign ministry in Warsaw "
            "on Friday."
        )
    )
    assert got == {("POL", "RUS", "11")}, got


def test_called_in_by_reads_the_agent(code) -> None:
    got = facts(code("The U.S. ambassador was called in by Beijing over the arms sale."))
    assert got == {("CHN", "USA", "11")}, got


def test_severing_contact_with_a_leader_is_with_his_state(code) -> None:
    got = facts(code("Bolivia severed all contact with Israeli Prime Minister Benjamin Netanyahu."))
    assert ("BOL", "ISR", "16") in got, got


# -- 8. denials and rebuttals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iran dismissed any role in the bombing of the Israeli embassy in Cyprus.",
        "Russia rejected press reports that it had supplied missiles to North Korea.",
        "The Chinese foreign ministry disowned a statement by its ambassador threatening "
        "Lithuania with sanctions.",
        "Rwanda denied that its troops had entered Congo.",
    ],
)
def test_a_denied_act_is_not_emitted_as_fact(code, text: str) -> None:
    assert not facts(code(text)), code(text)


def test_rejecting_an_accusation_answers_its_author(code) -> None:
    got = facts(code("Pakistan rejected India's accusation that it had sheltered the attackers."))
    assert got == {("PAK", "IND", "12")}, got


# -- 9. polarity and modality ---------------------------------------------------------------------


def test_calling_an_agreement_a_victory_is_praise(code) -> None:
    got = facts(
        code(
            "China's top diplomat Wang Yi called the agreement between Iran and Saudi Arabia a "
            "victory for dialogue."
        )
    )
    assert ("CHN", "IRN", "05") in got or ("CHN", "SAU", "05") in got, got
    assert not any(root == "11" for _, _, root in got), got


def test_agreeing_to_halt_military_action_is_no_threat(code) -> None:
    events = code(
        "India and Pakistan agreed on Saturday to halt all military action after four days of "
        "missile and drone strikes."
    )
    assert not any(e.root == "13" for e in events), events
    assert any(e.root in ("03", "08") for e in events), events


def test_suspending_plans_to_annex_is_no_occupation(code) -> None:
    events = code("Under the deal, Israel will suspend plans to annex parts of the West Bank.")
    assert not facts(events), events


def test_background_act_keeps_its_own_modality(code) -> None:
    # "in response to the expulsion": the expulsion happened; only the reply is announced
    got = facts(
        code(
            "Russia said on Saturday it would expel 20 German diplomats in response to the "
            "expulsion of Russian embassy staff from Berlin."
        )
    )
    assert ("DEU", "RUS", "16") in got, got
    assert ("DEU", "RUS", "13") not in got, got
